"""The result table: one list of columns read by every writer, and its one rounding path."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from conftest import write_folder
from parindex import load_assessment, score_assessment
from parindex.numbers import half_up_places, percent_half_up, places_text
from parindex.output import results_to_csv, results_to_dict
from parindex.result_table import COLUMNS, ResultTable


def big_domain_folder(root: Path, points: int) -> Path:
    """A framework whose domain 1 is worth POINTS points (decimals 6), fully scored by unit A."""
    criteria = (
        "code,name,max_points,method,guidance,source\n"
        f"1,Lớn,{points},,,test\n1.1,Lá lớn,{points},appraisal,,test\n"
        "2,Nhỏ,10,,,test\n2.1,Lá nhỏ,10,appraisal,,test\n"
    )
    units = "unit_id,name,group,ranked\nA,Sở An,so,yes\nB,Sở Bình,so,yes\n"
    scores = f"unit_id,code,score\nA,1.1,{points}\nA,2.1,10\nB,1.1,{points // 4}\nB,2.1,5\n"
    return write_folder(
        root, criteria=criteria, units=units, self_assessment=scores, appraisal=None, survey=None, decimals=6
    )


@pytest.mark.parametrize("points", [100_000, 50_000])
def test_csv_domain_index_of_a_large_domain_equals_json(tmp_path: Path, points: int) -> None:
    """A domain worth 100,000 points at 6 decimals once gave CSV index_1 = 7.766280 (int64 overflow)."""
    results = score_assessment(load_assessment(big_domain_folder(tmp_path / "big", points)))
    rows = list(csv.DictReader(io.StringIO(results_to_csv(results))))
    assert [(r["unit_id"], r["index_1"], r["index_2"]) for r in rows] == [
        ("A", "100.000000", "100.000000"),
        ("B", "25.000000", "50.000000"),
    ]
    json_rows = results_to_dict(results)["rows"]
    assert [(r["index_1"], r["index_2"]) for r in json_rows] == [(100.0, 100.0), (25.0, 50.0)]


def test_half_up_places_rounds_away_from_zero_on_exact_integers() -> None:
    units = np.array([2_345_000, 2_344_999, -2_345_000, 0, 5_000], dtype=np.int64)
    assert half_up_places(units, 2).tolist() == [235, 234, -235, 0, 1]
    huge = np.array([2**62 + 5_000], dtype=np.int64)  # 2·units would leave int64: Python integers
    assert half_up_places(huge, 2).tolist() == [(2**62 + 5_000 + 5_000) // 10_000]


def test_percent_half_up_is_exact_on_a_boundary_and_blank_for_maximum_zero() -> None:
    points = np.array([86_285_000, 1, 7], dtype=np.int64)
    maxima = np.array([100_000_000, 3, 0], dtype=np.int64)
    assert percent_half_up(points, maxima, 2) == [8629, 3333, None]


def test_places_text_in_both_languages() -> None:
    assert [places_text(v, 2, "en") for v in (8629, 5, -5, None)] == ["86.29", "0.05", "-0.05", ""]
    assert places_text(8629, 2, "vi") == "86,29" and places_text(12, 0, "vi") == "12"


def test_columns_have_unique_keys_and_exact_getters(mini: Path) -> None:
    """Every column's exact value is a Decimal, int, str, bool or None: never a float."""
    table = ResultTable(score_assessment(load_assessment(mini)))
    assert len({c.key for c in table.columns}) == len(table.columns)
    assert [c.key for c in table.columns][: len(COLUMNS)] == [c.key for c in COLUMNS]
    for column in table.columns:
        for entry in table.entries:
            assert not isinstance(column.exact(entry), float), column.key


def test_points_lost_reaches_every_output_through_the_table(mini: Path, tmp_path: Path) -> None:
    """A: 16.6 of 20 points, so 3.4 lost: in JSON, CSV, the terminal, HTML, the workbook and explain."""
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from conftest import invoke
    from parindex.excel import export_xlsx
    from parindex.explain import explain_unit
    from parindex.html_report import render_report

    assessment = load_assessment(mini)
    results = score_assessment(assessment)
    assert [(r["unit_id"], r["points_lost"]) for r in results_to_dict(results)["rows"]] == [("A", 3.4), ("B", 4.0)]
    rows = {r["unit_id"]: r for r in csv.DictReader(io.StringIO(results_to_csv(results)))}
    assert (rows["A"]["max_points"], rows["A"]["points_lost"], rows["A"]["index"]) == ("20.00", "3.40", "83.00")
    terminal = invoke(CliRunner(), "score", mini).stdout
    assert "Points" in terminal and any(line.split()[-2:] == ["3.40", "83.00"] for line in terminal.splitlines())
    html = render_report(results, "vi")
    assert '<th scope="col">Điểm bị mất</th><th scope="col">Chỉ số CCHC (%)</th>' in html
    assert '<td class="num">3,40</td><td class="num">83,00</td>' in html
    export_xlsx(assessment, tmp_path / "k.xlsx", "en", results, details=False)
    sheet = load_workbook(tmp_path / "k.xlsx").worksheets[0]
    header = [c.value for c in sheet[4]]
    a_row = next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[-1] == "A")
    assert a_row[header.index("Points lost")] == 3.4 and a_row[header.index("Index (%)")] == 83
    assert explain_unit(assessment, "A")["unit"]["points_lost"] == 3.4
