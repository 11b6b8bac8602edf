"""Edge cases an independent exact calculator found: a group with no ranked unit, a unit whose every
criterion is N/A, two tied units of the same name. Each asserts the exact values in every output."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import MINI_SELF, MINI_SURVEY, invoke, write_folder
from parindex.assessment import load_assessment, validate_folder
from parindex.output import results_to_dict
from parindex.scoring import score_assessment

NO_MEAN_EN = "none (no unit of the group is ranked)"
NO_MEAN_VI = "không có (không đơn vị nào của nhóm được xếp hạng)"

UNRANKED_UNITS = """\
unit_id,name,group,ranked
A,Sở An,so,no
B,Sở Bình,so,no
"""

ALL_NA_SELF = (
    MINI_SELF.replace("B,1.1.1,2,", "B,1.1.1,N/A,")
    .replace("B,1.1.2,2,", "B,1.1.2,N/A,")
    .replace("B,1.2,2,", "B,1.2,KAD,")
    .replace("B,2.1,5,", "B,2.1,N/A,")
)
ALL_NA_SURVEY = MINI_SURVEY.replace("B,1.3,3", "B,1.3,N/A").replace("B,2.2,2", "B,2.2,N/A")


def _written(runner, folder: Path, fmt: str) -> str:
    """`score --format FMT --out` (a file: the warning line goes to the terminal, not into the data)."""
    out = folder.parent / f"out.{fmt}"
    result = invoke(runner, "score", folder, "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _json(runner, folder: Path) -> dict:
    return json.loads(_written(runner, folder, "json"))


# -- a group whose units are all unranked has no mean ---------------------------------------------------
def test_a_group_with_no_ranked_unit_has_no_mean(tmp_path: Path):
    folder = write_folder(tmp_path / "f", units=UNRANKED_UNITS)
    group = score_assessment(load_assessment(folder)).groups["so"]
    assert group.mean_index is None  # not 67.5 or any mean of the unranked units
    assert [(u.unit.unit_id, u.rank, u.ranked) for u in group.units] == [("A", None, False), ("B", None, False)]


def test_no_mean_is_said_in_words_in_every_output(tmp_path: Path, runner):
    folder = write_folder(tmp_path / "f", units=UNRANKED_UNITS)
    document = _json(runner, folder)
    assert document["groups"][0]["mean_index"] is None
    table = invoke(runner, "score", folder)
    assert f"Group mean index: {NO_MEAN_EN}" in table.output
    assert " %" not in table.output.split("Group mean index:")[1].splitlines()[0]
    explained = invoke(runner, "explain", folder, "A")
    assert f"group mean: {NO_MEAN_EN}" in explained.output
    html_path = tmp_path / "r.html"
    assert invoke(runner, "report", folder, "--html", html_path).exit_code == 0
    page = html_path.read_text(encoding="utf-8")
    assert "<p>2 units, none ranked: the group has no mean index.</p>" in page
    assert f'<td class="num">{NO_MEAN_EN}</td>' in page
    xlsx = tmp_path / "r.xlsx"
    assert runner.invoke(_app(), ["export", str(folder), "--xlsx", str(xlsx)]).exit_code == 0
    sheet = load_workbook(xlsx).worksheets[0]
    assert NO_MEAN_VI in [cell.value for row in sheet.iter_rows() for cell in row]


def _app():
    from parindex.cli import app

    return app


# -- a unit whose every criterion is N/A (policy exclude) ---------------------------------------------
def test_a_unit_with_every_criterion_na_is_a_stated_warning(tmp_path: Path):
    folder = write_folder(tmp_path / "f", self_assessment=ALL_NA_SELF, survey=ALL_NA_SURVEY, appraisal=None)
    report = validate_folder(folder)
    assert report.valid
    assert [(p.code, p.severity, p.file, p.value) for p in report.problems] == [
        ("no-applicable-criteria", "warning", "self-assessment.csv", "B")
    ]
    assert report.problems[0].message("en") == (
        "Unit 'B' has no applicable criterion: every criterion is N/A, so its maximum is 0 and it has no index; "
        "it is listed as not ranked. Check its N/A marks."
    )
    assert report.problems[0].message("vi") == (
        "Đơn vị 'B' không có tiêu chí nào được áp dụng: mọi tiêu chí đều ghi KAD nên điểm tối đa bằng 0 và "
        "không tính được chỉ số; đơn vị được ghi là không xếp hạng. Hãy kiểm tra các ô ghi KAD."
    )


def test_the_same_unit_under_full_is_scored_and_not_warned(tmp_path: Path):
    folder = write_folder(
        tmp_path / "f", self_assessment=ALL_NA_SELF, survey=ALL_NA_SURVEY, appraisal=None, policy="full"
    )
    assert validate_folder(folder).problems == []
    units = score_assessment(load_assessment(folder)).groups["so"].units
    assert [(u.unit.unit_id, u.rank, u.published_index) for u in units] == [("B", 1, 100), ("A", 2, 90.5)]


def test_a_unit_with_maximum_0_is_an_unranked_row_in_every_output(tmp_path: Path, runner):
    folder = write_folder(tmp_path / "f", self_assessment=ALL_NA_SELF, survey=ALL_NA_SURVEY, appraisal=None)
    document = _json(runner, folder)
    rows = {row["unit_id"]: row for row in document["rows"]}
    assert (rows["B"]["ranked"], rows["B"]["rank"], rows["B"]["index"], rows["B"]["max_points"]) == (
        False,
        None,
        None,
        0.0,
    )
    assert (rows["A"]["ranked"], rows["A"]["rank"], rows["A"]["index"]) == (True, 1, 90.5)
    assert document["groups"][0]["mean_index"] == 90.5  # the mean of the ranked unit only
    records = list(csv.DictReader(io.StringIO(_written(runner, folder, "csv"))))
    assert [(r["unit_id"], r["rank"], r["ranked"], r["index"]) for r in records] == [
        ("A", "1", "true", "90.50"),
        ("B", "", "false", ""),
    ]
    table = invoke(runner, "score", folder)
    assert "Sở Bình (not ranked)" in table.output
    assert "Unit 'B' has no applicable criterion" in invoke(runner, "validate", folder).output


# -- two tied units of the same name -------------------------------------------------------------------
TWINS = """\
unit_id,name,group,ranked
B,Sở Tư pháp,so,yes
A,Sở Tư pháp,so,yes
"""
TWIN_SELF = (
    MINI_SELF.replace("A,1.1.2,1.5,", "A,1.1.2,2,").replace("B,1.2,2,", "B,1.2,3,").replace("B,2.1,5,", "B,2.1,6,")
)
TWIN_SURVEY = MINI_SURVEY.replace("A,1.3,2.4", "A,1.3,3").replace("A,2.2,3.2", "A,2.2,2")


def test_tied_units_of_the_same_name_are_ordered_by_unit_id(tmp_path: Path):
    folder = write_folder(tmp_path / "f", units=TWINS, self_assessment=TWIN_SELF, survey=TWIN_SURVEY, appraisal=None)
    units = score_assessment(load_assessment(folder)).groups["so"].units
    assert [(u.unit.unit_id, u.rank, u.tied, u.published_index) for u in units] == [
        ("A", 1, True, 90),
        ("B", 1, True, 90),
    ]


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False), st.booleans())
def test_shuffled_twins_give_identical_outputs(rng: random.Random, ranked: bool):
    import tempfile

    flag = "yes" if ranked else "no"
    units = ["unit_id,name,group,ranked", *(f"U{i},Sở Tư pháp,so,{flag}" for i in range(5))]
    self_rows = [f"U{i},{code},{points}," for i in range(5) for code, points in LEAVES_FULL]
    survey_rows = [f"U{i},{code},{points}" for i in range(5) for code, points in SURVEY_FULL]

    def text(header: str, rows: list[str], shuffle: bool) -> str:
        rows = list(rows)
        if shuffle:
            rng.shuffle(rows)
        return "\n".join([header, *rows]) + "\n"

    documents = []
    for shuffle in (False, True):
        with tempfile.TemporaryDirectory() as root:
            folder = write_folder(
                Path(root),
                units=text(units[0], units[1:], shuffle),
                self_assessment=text("unit_id,code,score,note", self_rows, shuffle),
                survey=text("unit_id,code,score", survey_rows, shuffle),
                appraisal=None,
            )
            documents.append(results_to_dict(score_assessment(load_assessment(folder))))
    assert documents[0] == documents[1]
    assert [row["unit_id"] for row in documents[0]["rows"]] == ["U0", "U1", "U2", "U3", "U4"]


LEAVES_FULL = (("1.1.1", 2), ("1.1.2", 2), ("1.2", 3), ("2.1", 6))
SURVEY_FULL = (("1.3", 3), ("2.2", 4))
