"""The library as a notebook user holds it: the README's session, paths, reprs, pandas frames, names."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

import parindex
from conftest import EXAMPLE, REPO, write_folder
from parindex.compare import ranking_kind, read_ranking_file
from parindex.details import leaf_details
from parindex.numbers import round_half_up
from parindex.output import results_to_csv, results_to_dict
from parindex.templates import write_template

README = REPO / "README.md"


class OtherPath(os.PathLike[str]):
    """A path object that is neither str nor pathlib.Path: what "any os.PathLike" has to take."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return str(self.path)


def readme_session() -> tuple[str, str]:
    """The code block of "Using parindex from Python" and the text block that follows it."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Using parindex from Python\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    output = re.search(r"```text\n(.*?)```", section, re.S)
    assert code is not None and output is not None
    return code.group(1), output.group(1)


def test_readme_session_prints_what_the_readme_says(monkeypatch: pytest.MonkeyPatch):
    code, expected = readme_session()
    monkeypatch.chdir(REPO)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert printed.getvalue() == expected


def test_readme_session_uses_only_the_public_names():
    code, _ = readme_session()
    used = set(re.findall(r"parindex\.(\w+)", code))
    assert used and used <= set(parindex.__all__)


def test_every_public_name_imports():
    for name in parindex.__all__:
        assert getattr(parindex, name) is not None, name
    assert dir(parindex) == sorted(parindex.__all__)
    with pytest.raises(AttributeError, match="no attribute 'score'"):
        parindex.score  # noqa: B018 (the attribute access is the test)


def test_import_parindex_loads_no_heavy_module():
    code = (
        "import sys, parindex\n"
        "heavy = ('pandas', 'pyarrow', 'numpy', 'rich', 'matplotlib', 'openpyxl')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


# -- paths: str, pathlib.Path and any os.PathLike ------------------------------------------------


@pytest.mark.parametrize("kind", [str, Path, OtherPath])
def test_loaders_take_any_path(mini: Path, kind):
    expected = results_to_dict(parindex.score_assessment(parindex.load_assessment(mini)))
    assert results_to_dict(parindex.score_assessment(parindex.load_assessment(kind(mini)))) == expected
    report = parindex.validate_folder(kind(mini))
    assert report.valid and report.checked == parindex.validate_folder(mini).checked
    framework = parindex.load_framework(kind(mini / "framework"))
    assert framework.id == "mini" and list(framework.groups) == ["so"]
    assert parindex.load_framework("framework", base=kind(mini)).folder == mini / "framework"


@pytest.mark.parametrize("kind", [str, OtherPath])
def test_rankings_and_writers_take_any_path(mini: Path, tmp_path: Path, kind):
    assessment = parindex.load_assessment(mini)
    results = parindex.score_assessment(assessment)
    ranking = tmp_path / "ranking.csv"
    ranking.write_text(results_to_csv(results), encoding="utf-8")
    assert ranking_kind(kind(ranking)) == "table"
    from_file = read_ranking_file(kind(ranking))
    assert [(e.unit_id, e.index) for e in from_file.entries] == [("A", D("83.00")), ("B", D("80.00"))]
    assert parindex.load_previous(kind(ranking)).entries == from_file.entries
    assert parindex.load_previous(kind(mini)).entries == from_file.entries
    workbook = tmp_path / "annex.xlsx"
    parindex.export_xlsx(assessment, kind(workbook), results=results)
    template = tmp_path / "template.csv"
    write_template(assessment.framework, "so", kind(template), lang="en")
    assert workbook.read_bytes()[:2] == b"PK"
    assert template.read_text(encoding="utf-8-sig").splitlines()[1].startswith(",1.1.1,")


# -- reprs: what a notebook shows -----------------------------------------------------------------


def test_reprs_say_what_the_annex_shows(mini: Path):
    assessment = parindex.load_assessment(mini)
    results = parindex.score_assessment(assessment)
    group = results.groups["so"]
    assert repr(assessment) == "<Assessment 2024 mini: 2 units in 1 group, framework mini, 0 warnings>"
    assert repr(assessment.framework) == "<Framework mini: so (6 scored criteria); 2 decimals>"
    assert repr(group.group) == "<Group so Sở, ban, ngành: 2 domains, 6 scored criteria, 20 points>"
    assert repr(results) == "<Results 2024, framework mini: so (2 units)>"
    assert repr(group) == "<GroupResult so Sở, ban, ngành: 2 units, 2 ranked, mean 81.50 %>"
    assert [repr(u) for u in group.units] == [
        "<UnitScore A Sở An: 83.00 % (16.6 / 20 points), rank 1>",
        "<UnitScore B Sở Bình: 80.00 % (16 / 20 points), rank 2>",
    ]


def test_unit_repr_for_ties_unranked_and_no_maximum(tmp_path: Path):
    units = "unit_id,name,group,ranked\nA,Sở An,so,yes\nB,Sở Bình,so,yes\nC,Sở Cao,so,no\n"
    self_rows = "unit_id,code,score\n" + "".join(
        f"{u},{code},{score}\n" for u in "ABC" for code, score in (("1.1.1", 2), ("1.1.2", 2), ("1.2", 3), ("2.1", 6))
    )
    survey = "unit_id,code,score\n" + "".join(f"{u},1.3,3\n{u},2.2,4\n" for u in "ABC")
    folder = write_folder(tmp_path / "f", units=units, self_assessment=self_rows, appraisal=None, survey=survey)
    group = parindex.score_assessment(parindex.load_assessment(folder)).groups["so"]
    assert [repr(u) for u in group.units] == [
        "<UnitScore A Sở An: 100.00 % (20 / 20 points), rank 1 (tied)>",
        "<UnitScore B Sở Bình: 100.00 % (20 / 20 points), rank 1 (tied)>",
        "<UnitScore C Sở Cao: 100.00 % (20 / 20 points), not ranked>",
    ]


# -- pandas frames --------------------------------------------------------------------------------


def test_to_pandas_exact_values(mini: Path):
    frame = parindex.score_assessment(parindex.load_assessment(mini)).to_pandas()
    assert list(frame.columns) == [*results_to_dict_row_keys(mini)]
    a, b = frame.to_dict("records")
    assert (a["unit_id"], a["rank"], a["self_total"], a["appraisal_total"], a["survey_total"]) == (
        "A",
        1,
        D("12.5"),
        D("11"),
        D("5.6"),
    )
    assert (a["total"], a["max_points"], a["index"], a["index_1"], a["index_2"]) == (
        D("16.6"),
        D("20"),
        D("83.00"),
        D("89.00"),
        D("77.00"),
    )
    assert all(isinstance(a[key], D) for key in ("total", "index", "index_1"))
    assert (b["unit_id"], b["rank"], b["total"], b["index"], b["tied"], b["band"]) == (
        "B",
        2,
        D("16"),
        D("80.00"),
        False,
        None,
    )


def results_to_dict_row_keys(folder: Path) -> list[str]:
    """The keys of one `score --format json` row: the frame's columns."""
    return list(results_to_dict(parindex.score_assessment(parindex.load_assessment(folder)))["rows"][0])


def test_to_pandas_floats_agree_with_the_json_rows():
    results = parindex.score_assessment(parindex.load_assessment(EXAMPLE))
    exact = results.to_pandas()
    floats = results.to_pandas(exact=False)
    rows = json.loads(json.dumps(results_to_dict(results)))["rows"]
    assert len(exact) == len(floats) == len(rows) == 28
    assert str(floats["total"].dtype) == "float64" and str(floats["rank"].dtype) == "Int64"
    for row, record, number in zip(rows, exact.to_dict("records"), floats.to_dict("records"), strict=True):
        assert record["unit_id"] == row["unit_id"]
        for key in ("self_total", "appraisal_total", "survey_total", "total", "max_points"):
            assert round_half_up(record[key], 2) == D(repr(row[key])), key
            assert number[key] == float(record[key])
        for key in [k for k in row if k == "index" or k.startswith("index_")]:
            assert (None if record[key] is None else float(record[key])) == row[key], key
        assert (None if record["rank"] is pd_na() else record["rank"]) == row["rank"]


def pd_na() -> object:
    import pandas as pd

    return pd.NA


def test_criteria_frame_adds_up_to_the_scores():
    assessment = parindex.load_assessment(EXAMPLE)
    results = parindex.score_assessment(assessment)
    criteria = results.criteria_frame()
    assert len(criteria) == len(leaf_details(assessment)) == 1984
    assert list(criteria.columns[:6]) == ["group", "unit_id", "unit_name", "domain_code", "domain_name", "code"]
    by_unit = criteria.groupby("unit_id")
    for group_result in results.groups.values():
        for score in group_result.units:
            rows = by_unit.get_group(score.unit.unit_id)
            assert sum(rows["points"], D(0)) == score.total
            assert sum(rows["max_counted"], D(0)) == score.max_points
            assert sum(rows["lost"], D(0)) == score.max_points - score.total
    assert str(results.criteria_frame(exact=False)["points"].dtype) == "float64"


def test_criteria_frame_needs_the_assessment(mini: Path):
    results = parindex.score_assessment(parindex.load_assessment(mini))
    results.assessment = None
    with pytest.raises(ValueError, match="without their assessment"):
        results.criteria_frame()


# -- one language type, one default ---------------------------------------------------------------


def test_one_default_language(mini: Path):
    from parindex import i18n, problems

    assert parindex.DEFAULT_LANG == i18n.DEFAULT_LANG == "vi"
    assert not hasattr(problems, "default_lang")
    assessment = parindex.load_assessment(mini)
    results = parindex.score_assessment(assessment)
    assert parindex.explain_unit(assessment, "A", results=results)["tie_rule"].startswith("Xếp hạng")
