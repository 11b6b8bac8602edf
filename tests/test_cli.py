"""The CLI as a whole: reference docs in sync, entry points, start-up weight, JSON twin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from conftest import DATA, EXAMPLE, REPO, invoke
from parindex import __version__
from parindex.assessment import load_assessment
from parindex.cli import COMMANDS
from parindex.cli.reference import cli_reference
from parindex.manifest import manifest_of
from parindex.output import results_to_csv, results_to_dict
from parindex.scoring import DomainTable, UnitScore, score_assessment


def test_cli_reference_is_up_to_date():
    """docs/cli.md is generated from --help; regenerate: python -m parindex.cli.reference > docs/cli.md"""
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference()


def test_every_command_is_documented():
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"## parindex {name}\n" in reference
        assert f"parindex {name}" in readme, f"README does not mention `parindex {name}`"


def test_version(runner):
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"parindex {__version__}"


def test_python_dash_m_is_the_same_cli():
    done = subprocess.run(
        [sys.executable, "-m", "parindex", "score", str(DATA / "binh-duong-2017"), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["rows"][0]["index"] == 84.58


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARINDEX_LANG": "en"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env)


def test_process_exit_codes_and_streams_survive_the_fast_exit():
    """`parindex` ends with os._exit (cli.process.exit_without_teardown): codes and buffered text must hold."""
    invalid = _run("-m", "parindex", "validate", str(DATA / "broken" / "duplicate-row"), "--format", "json")
    assert invalid.returncode == 1
    assert [e["code"] for e in json.loads(invalid.stdout)["errors"]] == ["duplicate-row"]
    usage = _run("-m", "parindex", "score", str(DATA / "no-such-folder"))
    assert usage.returncode == 2
    assert "no-such-folder" in usage.stderr
    message = _run("-c", "from parindex.cli.process import exit_without_teardown as e; print('x', end=''); e('bye')")
    assert (message.returncode, message.stdout, message.stderr) == (1, "x", "bye\n")


def test_help_imports_no_heavy_module():
    # `parindex --help` must stay instant: no pandas, pyarrow, numpy, rich or matplotlib
    code = (
        "import sys\n"
        "from parindex.cli import app\n"
        "from parindex.cli.process import configure_command_process\n"
        "configure_command_process()\n"
        "try:\n    app(['--help'], prog_name='parindex')\nexcept SystemExit:\n    pass\n"
        "heavy = ('pandas', 'pyarrow', 'numpy', 'rich', 'matplotlib', 'openpyxl')\n"
        "sys.stderr.write(repr(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == "[]"


def test_json_output_equals_library(runner, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the manifest's time: the same in both
    result = invoke(runner, "score", EXAMPLE, "--format", "json", "--lang", "en")
    assert result.exit_code == 0
    assessment = load_assessment(EXAMPLE)
    library = results_to_dict(score_assessment(assessment), "en", manifest_of(assessment))
    assert json.loads(result.stdout) == json.loads(json.dumps(library))


def test_csv_output_equals_library(runner, tmp_path: Path):
    out = tmp_path / "ranking.csv"
    result = invoke(runner, "score", EXAMPLE, "--format", "csv", "--out", out)
    assert result.exit_code == 0
    # written with a BOM so Excel shows Vietnamese; otherwise the library's text exactly
    assert out.read_text(encoding="utf-8-sig") == results_to_csv(score_assessment(load_assessment(EXAMPLE)))


def test_example_has_what_the_issue_asks_for():
    results = score_assessment(load_assessment(EXAMPLE))
    units = [u for g in results.groups.values() for u in g.units]
    assert len(results.groups["huyen"].units) == 8
    assert any(u.tied for u in units)
    assert any(u.rank is None for u in units)
    assert any(u.not_applicable for u in units)
    assert sum(u.adjusted_down + u.adjusted_up for u in units) > 0


def test_bundled_framework_sums_and_sources():
    from parindex.framework import load_framework

    framework = load_framework("lai-chau-1726-2022")
    assert set(framework.groups) == {"so", "huyen"}
    assert framework.not_applicable in ("exclude", "full")
    for key, survey in (("so", 30), ("huyen", 32)):
        group = framework.groups[key]
        assert group.max_points == 100
        assert [d.code for d in group.domains] == [str(i) for i in range(1, 9)]
        assert group.method_total("survey") == survey
        assert all(node.source for node in group.nodes.values())
        assert max(node.depth for node in group.nodes.values()) == 3
        assert any(leaf.depth == 2 for leaf in group.leaves)
    assert "TÁI DỰNG" in framework.provenance and "RECONSTRUCTION" in framework.provenance


def test_criteria_command_shows_tree(runner):
    result = invoke(runner, "criteria", "lai-chau-1726-2022", "--group", "huyen")
    assert result.exit_code == 0
    assert "UBND các huyện, thành phố" in result.output
    assert "3.3" in result.output and "Sở, ban, ngành" not in result.output
    assert invoke(runner, "criteria", "lai-chau-1726-2022", "--group", "xa").exit_code == 2
    assert invoke(runner, "criteria", "no-such-framework").exit_code == 1


def test_csv_is_the_json_rows_as_csv():
    # the fast column-wise CSV writer and the JSON rows must never disagree
    from parindex.output import BASE_COLUMNS, domain_codes, rows_to_csv

    for folder in (EXAMPLE, DATA / "binh-duong-2017"):
        results = score_assessment(load_assessment(folder))
        columns = list(BASE_COLUMNS) + [f"index_{c}" for c in domain_codes(results)]
        expected = rows_to_csv(results_to_dict(results)["rows"], columns, results.framework.decimals)
        assert results_to_csv(results) == expected


def test_score_table_fits_80_columns_without_losing_the_index(runner):
    from parindex.cli import app

    results = results_to_dict(score_assessment(load_assessment(EXAMPLE)))
    for lang in ("vi", "en"):
        result = runner.invoke(app, ["score", str(EXAMPLE), "--lang", lang], env={"COLUMNS": "80"})
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= 80
        for row in results["rows"]:
            index = f"{row['index']:.2f}".replace(".", "," if lang == "vi" else ".")
            assert any(line.rstrip().endswith(index) for line in lines), (lang, row["unit_id"], index)


# Every command, each writing one output file; run once with pandas hidden (as `parindex` runs) and
# once in this process (pandas importable), the outputs must be the same.
def _every_command(out: Path) -> list[list[str]]:
    previous = str(REPO / "examples" / "lai-chau-2022")
    return [
        ["score", str(EXAMPLE), "--format", "json", "--out", str(out / "score.json")],
        ["score", str(EXAMPLE), "--format", "csv", "--out", str(out / "score.csv")],
        ["compare", str(EXAMPLE), "--previous", previous, "--format", "json", "--out", str(out / "compare.json")],
        ["explain", str(EXAMPLE), "SNV", "--format", "json", "--out", str(out / "explain.json")],
        ["export", str(EXAMPLE), "--xlsx", str(out / "export.xlsx")],
        ["report", str(EXAMPLE), "--previous", previous, "--html", str(out / "report.html")],
        ["template", "--group", "so", "--out", str(out / "template.csv")],
    ]


def _workbook_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_every_command_runs_without_pandas(runner, tmp_path: Path, monkeypatch):
    """`parindex` hides pandas from its process (cli.process.HidePandas, 0.3 s per command): no
    command may need it, and every output must be what it is with pandas importable."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the manifests' time: the same in both runs
    hidden, here = tmp_path / "hidden", tmp_path / "here"
    hidden.mkdir()
    here.mkdir()
    code = (
        "import json, sys\n"
        "from parindex.cli import app\n"
        "from parindex.cli.process import configure_command_process\n"
        "configure_command_process()\n"
        "codes = [app(args, prog_name='parindex', standalone_mode=False) or 0 for args in json.loads(sys.argv[1])]\n"
        "loaded = 'pandas' in sys.modules\n"
        "try:\n    import pandas\n    importable = True\nexcept ModuleNotFoundError:\n    importable = False\n"
        "import pyarrow\n"
        "pool = pyarrow.default_memory_pool().backend_name\n"
        "print(json.dumps({'codes': codes, 'pandas': loaded, 'importable': importable, 'pool': pool}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(_every_command(hidden))],
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}, "PARINDEX_LANG": "en"},
    )
    assert done.returncode == 0, done.stderr
    facts = json.loads(done.stdout.splitlines()[-1])
    expected = {"codes": [0] * len(_every_command(hidden)), "pandas": False, "importable": False, "pool": "system"}
    assert facts == expected
    for args in _every_command(here):
        assert invoke(runner, *args).exit_code == 0
    for name in ("score.json", "score.csv", "compare.json", "explain.json", "report.html", "template.csv"):
        assert (hidden / name).read_bytes() == (here / name).read_bytes(), name
    assert _workbook_values(hidden / "export.xlsx") == _workbook_values(here / "export.xlsx")


def test_csv_reads_domains_from_the_group_table_or_unit_by_unit():
    """Units scored together share one domain table (read column-wise); units from elsewhere are read one by one."""
    results = score_assessment(load_assessment(EXAMPLE))
    shared = results_to_csv(results)
    for group in results.groups.values():
        group.units = [
            replace(u, domain_table=DomainTable(u.domain_table.codes, *_rows_of(u)), position=0) for u in group.units
        ]
    assert len({id(u.domain_table) for g in results.groups.values() for u in g.units}) > 2
    assert results_to_csv(results) == shared
    assert "index_1" in shared.splitlines()[0]


def _rows_of(unit: UnitScore) -> tuple[np.ndarray, np.ndarray]:
    table, row = unit.domain_table, unit.position
    return table.points[row : row + 1].copy(), table.maxima[row : row + 1].copy()
