"""One place for each thing written twice: the rank as text, a group's annex rows, counts in words, cut text."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE, MINI_SELF, MINI_SURVEY, invoke, write_folder
from parindex import load_assessment, score_assessment
from parindex.annex_rows import annex_mean, annex_rows
from parindex.cli import app
from parindex.display import shorten
from parindex.docx_annex import annex_document, docx_bytes
from parindex.html_report import render_report
from parindex.numbers import count_text
from parindex.publication import Publication
from parindex.ranking import rank_text
from parindex.result_table import ResultTable

# Two units of one name tied first (18 of 20 points), and C, not ranked, with MINI's B points (16 of 20).
UNITS = "unit_id,name,group,ranked\nB,Sở Tư pháp,so,yes\nA,Sở Tư pháp,so,yes\nC,Sở Công Thương,so,no\n"
SELF = (
    MINI_SELF.replace("A,1.1.2,1.5,", "A,1.1.2,2,").replace("B,1.2,2,", "B,1.2,3,").replace("B,2.1,5,", "B,2.1,6,")
    + "C,1.1.1,2,\nC,1.1.2,2,\nC,1.2,2,\nC,2.1,5,\n"
)
SURVEY = MINI_SURVEY.replace("A,1.3,2.4", "A,1.3,3").replace("A,2.2,3.2", "A,2.2,2") + "C,1.3,3\nC,2.2,2\n"


@pytest.fixture
def tied(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "tied", units=UNITS, self_assessment=SELF, survey=SURVEY, appraisal=None)


@pytest.mark.parametrize(
    ("rank", "is_tied", "untied", "shown"),
    [
        (14, True, "", "14="),
        (14, False, "", "14"),
        (None, False, "", "—"),
        (None, True, ".", "—"),
        (3, False, ".", "3."),
    ],
)
def test_rank_text(rank: int | None, is_tied: bool, untied: str, shown: str):
    assert rank_text(rank, is_tied, untied) == shown


def test_annex_rows_hold_what_every_annex_shows(tied: Path):
    table = ResultTable(score_assessment(load_assessment(tied)))
    rows = annex_rows(table, "so")
    amounts = table.annex_columns()
    assert [(r.number, r.rank, r.name, r.band, r.score.unit.unit_id) for r in rows] == [
        (1, "1=", "Sở Tư pháp", "", "A"),
        (2, "1=", "Sở Tư pháp", "", "B"),
        (3, "—", "Sở Công Thương", "", "C"),
    ]
    assert [c.key for c in amounts] == [
        "self_total",
        "appraisal_total",
        "survey_total",
        "total",
        "max_points",
        "points_lost",
        "index",
    ]
    assert rows[0].texts(amounts, "vi") == ["13,00", "13,00", "5,00", "18,00", "20,00", "2,00", "90,00"]
    assert rows[2].texts(amounts, "en") == ["11.00", "11.00", "5.00", "16.00", "20.00", "4.00", "80.00"]
    assert rows[2].numbers(amounts) == [11.0, 11.0, 5.0, 16.0, 20.0, 4.0, 80.0]
    # the mean is over the ranked units only
    assert (annex_mean(table, "so", "vi"), annex_mean(table, "so", "en")) == ("90,00", "90.00")


def test_every_annex_prints_the_same_ranks(tied: Path, runner, tmp_path: Path):
    results = score_assessment(load_assessment(tied))
    expected = ["1=", "1=", "—"]
    terminal = invoke(runner, "score", tied).output
    assert [line.split()[0] for line in terminal.splitlines() if "Sở " in line] == expected
    html = render_report(results, "vi")
    assert re.findall(r'<td class="rank">([^<]*)</td><td class="unit">', html) == expected
    out = tmp_path / "annex.docx"
    out.write_bytes(docx_bytes(annex_document(results, Publication(), "vi")))
    grid = docx.Document(str(out)).tables[1]
    assert [row.cells[0].text for row in grid.rows[1:-1]] == expected


@pytest.mark.parametrize(
    ("n", "lang", "shown"),
    [(0, "vi", "0"), (999, "vi", "999"), (1234, "vi", "1.234"), (1_234_567, "en", "1,234,567"), (-5, "vi", "-5")],
)
def test_count_text(n: int, lang: str, shown: str):
    assert count_text(n, lang) == shown


def test_details_sheet_counts_are_written_the_vietnamese_way(runner, tmp_path: Path, monkeypatch):
    """The refusal and the warning of a large "Chi tiết" sheet: '1.984 dòng' in Vietnamese, never '1,984'."""
    from parindex import excel
    from parindex.cli import export as export_command

    env = {"PARINDEX_LANG": "vi", "COLUMNS": "200"}
    monkeypatch.setattr(export_command, "SLOW_DETAIL_ROWS", 1000)
    warned = runner.invoke(app, ["export", str(EXAMPLE), "--xlsx", str(tmp_path / "x.xlsx")], env=env)
    assert warned.exit_code == 0
    assert "Trang 'Chi tiết' có 1.984 dòng" in warned.output
    monkeypatch.setattr(excel, "EXCEL_MAX_ROWS", 1000)
    refused = runner.invoke(app, ["export", str(EXAMPLE), "--xlsx", str(tmp_path / "y.xlsx")], env=env)
    assert refused.exit_code == 2
    assert "trang 'Chi tiết' cần 1.984 dòng" in refused.output and "nhiều hơn 1.000 dòng" in refused.output


@pytest.mark.parametrize(
    ("value", "limit", "within", "shown"),
    [
        ("abcdef", 3, False, "abc…"),
        ("abcdef", 3, True, "ab…"),
        ("abc", 3, True, "abc"),
        ("Sở Tư pháp", 10, False, "Sở Tư pháp"),
        (None, 3, False, ""),
        (12345, 4, False, "1234…"),
    ],
)
def test_shorten(value: object, limit: int, within: bool, shown: str):
    assert shorten(value, limit, within=within) == shown


def test_a_grouped_problem_lists_values_cut_within_their_width():
    """Values listed in a grouped message keep SHOWN_VALUE_CHARS characters, the '…' included."""
    from parindex.problems import SHOWN_VALUE_CHARS, Problem, Report

    report = Report()
    for row, value in enumerate(["x" * SHOWN_VALUE_CHARS, "y" * (SHOWN_VALUE_CHARS + 1)], start=2):
        report.add(Problem("unknown-group", "units.csv", row=row, column="group", value=value, params={"detail": "so"}))
    message = report.groups()[0].message("en")
    assert f"'{'x' * SHOWN_VALUE_CHARS}', '{'y' * (SHOWN_VALUE_CHARS - 1)}…'" in message


def test_column_letters_agree_with_openpyxl_and_go_beyond_it():
    from openpyxl.utils import column_index_from_string, get_column_letter

    from parindex.xlsx_values import column_index, column_letters

    assert all(column_letters(n) == get_column_letter(n) for n in range(1, 18_279))
    assert all(column_index(get_column_letter(n).lower()) == n for n in range(1, 18_279, 7))
    assert column_index_from_string("ZZZ") == column_index("ZZZ") == 18_278
    assert (column_letters(18_279), column_index("AAAA")) == ("AAAA", 18_279)


def test_a_long_csv_cell_without_a_header_is_named_by_its_column_letter():
    import numpy as np
    import pyarrow as pa

    from parindex.csv_limits import long_cells
    from parindex.limits import MAX_CELL_CHARS

    header = ["unit_id", *([""] * 27)]
    columns = [pa.array(["A"]), *([pa.array([""])] * 26), pa.array(["x" * (MAX_CELL_CHARS + 1)])]
    (problem,) = long_cells("units.csv", header, columns, np.array([2]))
    assert (problem.code, problem.row, problem.column) == ("too-large", 2, "AB")


def test_restamped_dates_every_entry_alike_and_keeps_the_content():
    """The Word annex's zip is stamped as the workbooks are: one date (within 1980-2107), mode 0600."""
    import io
    import zipfile
    from datetime import datetime

    from parindex.workbook_files import restamped

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Sở Tư pháp</w:document>")
    for date, shown in (
        (datetime(2024, 5, 15, 8, 30, 2), (2024, 5, 15, 8, 30, 2)),
        (datetime(1970, 1, 1), (1980, 1, 1, 0, 0, 0)),
    ):
        data = restamped(raw.getvalue(), date)
        assert data == restamped(raw.getvalue(), date)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            assert [i.filename for i in infos] == ["[Content_Types].xml", "word/document.xml"]
            assert {(i.date_time, i.external_attr >> 16, i.compress_type) for i in infos} == {
                (shown, 0o600, zipfile.ZIP_DEFLATED)
            }
            assert archive.read("word/document.xml").decode() == "<w:document>Sở Tư pháp</w:document>"


def test_explain_signs_a_penalty_and_a_change_alike(tmp_path: Path):
    """A penalty's points and a lowered score's change both read '-' (the sign spreadsheets and the CSV use)."""
    from test_levels import make_folder

    folder = make_folder(tmp_path)
    runner = CliRunner()
    env = {"PARINDEX_LANG": "en", "COLUMNS": "200"}
    penalised = runner.invoke(app, ["explain", str(folder), "D"], env=env).stdout
    penalty = next(line for line in penalised.splitlines() if "(penalty)" in line)
    assert penalty.split()[-2:] == ["-1", "1"]  # points, lost
    lowered = runner.invoke(app, ["explain", str(folder), "C"], env=env).stdout
    bonus = next(line for line in lowered.splitlines() if line.lstrip().startswith("3 "))
    assert bonus.split()[-5:] == ["1", "0.5", "-0.5", "0.5", "0"]  # self, appraised, change, points, lost
    assert "−" not in penalised.replace("appraised − self", "").replace("max − points", "")
