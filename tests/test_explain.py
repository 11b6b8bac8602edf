"""`parindex explain`: one unit's score, with values worked out by hand on the mini fixture."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from conftest import EXAMPLE, MINI_SELF, invoke, write_folder
from parindex.assessment import load_assessment
from parindex.details import UnknownUnit
from parindex.explain import explain_unit
from parindex.numbers import round_half_up
from parindex.output import results_to_dict
from parindex.scoring import score_assessment


def test_mini_unit_a_by_hand(mini: Path):
    doc = explain_unit(load_assessment(mini), "A")
    unit = doc["unit"]
    # test_mini_by_hand: self 12.5, appraisal 11, survey 5.6, total 16.6 of 20 -> 83 %, rank 1 of 2
    assert (unit["self_total"], unit["appraisal_total"], unit["survey_total"]) == (12.5, 11.0, 5.6)
    assert (unit["total"], unit["max_points"], unit["index"], unit["rank"]) == (16.6, 20.0, 83.0, 1)
    assert doc["points_lost"] == 3.4
    assert doc["group"] == {"key": "so", "name": "Sở, ban, ngành", "units": 2, "ranked_units": 2, "mean_index": 81.5}
    # domain 1: 2 + 1.5 + 3 + 2.4 = 8.9 of 10; domain 2: 4.5 + 3.2 = 7.7 of 10
    assert doc["domains"] == [
        {
            "code": "1",
            "name": "Chỉ đạo điều hành",
            "points": 8.9,
            "max_points": 10.0,
            "index": 89.0,
            "points_lost": 1.1,
        },
        {
            "code": "2",
            "name": "Thủ tục hành chính",
            "points": 7.7,
            "max_points": 10.0,
            "index": 77.0,
            "points_lost": 2.3,
        },
    ]
    # biggest losses first: 2.1 (6 - 4.5), 2.2 (4 - 3.2), 1.3 (3 - 2.4), 1.1.2 (2 - 1.5); then no loss, by code
    assert [(leaf["code"], leaf["points_lost"]) for leaf in doc["leaves"]] == [
        ("2.1", 1.5),
        ("2.2", 0.8),
        ("1.3", 0.6),
        ("1.1.2", 0.5),
        ("1.1.1", 0.0),
        ("1.2", 0.0),
    ]
    first = doc["leaves"][0]
    assert first == {
        "code": "2.1",
        "name": "Công khai TTHC",
        "domain": "2",
        "method": "appraisal",
        "max_points": 6.0,
        "self_score": 6.0,
        "appraised_score": 4.5,
        "change": -1.5,
        "effective_score": 4.5,
        "applicable": True,
        "points": 4.5,
        "max_counted": 6.0,
        "points_lost": 1.5,
        "source": "appraisal",
        "note": "Thiếu tài liệu kiểm chứng",
        "self_note": "",
        "evidence": "",
        "explanation": "",
        "rounds": [{"round": 1, "score": 4.5, "reason": "Thiếu tài liệu kiểm chứng", "explanation": ""}],
    }
    survey = doc["leaves"][1]
    assert (survey["self_score"], survey["appraised_score"], survey["effective_score"]) == (None, None, 3.2)


def test_not_applicable_is_marked(tmp_path: Path):
    folder = write_folder(tmp_path / "na", self_assessment=MINI_SELF.replace("A,1.2,3,", "A,1.2,N/A,Không có"))
    doc = explain_unit(load_assessment(folder), "A")
    leaf = next(x for x in doc["leaves"] if x["code"] == "1.2")
    assert (leaf["self_score"], leaf["effective_score"], leaf["applicable"]) == ("N/A", "N/A", False)
    assert (leaf["points"], leaf["max_counted"], leaf["self_note"]) == (0.0, 0.0, "Không có")
    # 13.6 of 17 -> 80 %, domain 1 is 5.9 of 7
    assert (doc["unit"]["total"], doc["unit"]["max_points"], doc["unit"]["index"]) == (13.6, 17.0, 80.0)
    assert doc["domains"][0]["max_points"] == 7.0 and doc["points_lost"] == 3.4


def test_unknown_unit_raises_with_suggestions(mini: Path):
    with pytest.raises(UnknownUnit) as error:
        explain_unit(load_assessment(mini), "AA")
    assert error.value.suggestions[0].unit_id == "A"


def test_example_every_unit_matches_score():
    assessment = load_assessment(EXAMPLE)
    results = score_assessment(assessment)
    rows = {r["unit_id"]: r for r in results_to_dict(results)["rows"]}
    for unit in assessment.units:
        doc = explain_unit(assessment, unit.unit_id, results=results)
        assert doc["unit"] == rows[unit.unit_id]  # the very row `score --format json` prints
        # the exact domain points add up to the published total once rounded half-up, as score rounds it
        domain_sum = sum(D(repr(d["points"])) for d in doc["domains"])
        assert round_half_up(domain_sum, 2) == D(repr(doc["unit"]["total"]))
        lost = [D(repr(leaf["points_lost"])) for leaf in doc["leaves"]]
        assert lost == sorted(lost, reverse=True)
        assert sum(lost) == D(repr(doc["points_lost"])) == sum(D(repr(d["points_lost"])) for d in doc["domains"])
        assert sum(D(repr(leaf["points"])) for leaf in doc["leaves"]) == domain_sum


def test_cli_json_is_the_library_dict(runner, mini: Path):
    result = invoke(runner, "explain", mini, "a", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == explain_unit(load_assessment(mini), "A", "en")


def test_cli_csv_and_out(runner, mini: Path, tmp_path: Path):
    out = tmp_path / "a.csv"
    result = invoke(runner, "explain", mini, "A", "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["code"] for r in rows] == ["2.1", "2.2", "1.3", "1.1.2", "1.1.1", "1.2"]
    assert rows[0]["unit_id"] == "A" and rows[0]["change"] == "-1.5" and rows[0]["points_lost"] == "1.5"
    assert rows[1]["self_score"] == "" and rows[1]["effective_score"] == "3.2"


def test_cli_table(runner, mini: Path):
    result = invoke(runner, "explain", mini, "A")
    assert result.exit_code == 0, result.output
    for text in ("Sở An", "Rank: 1 of 2", "16.60", "83.00", "Thiếu tài liệu kiểm chứng", "-1.5", "3.4"):
        assert text in result.stdout
    assert "−1.5" not in result.stdout  # a change has the sign every number has (and the CSV's), not U+2212
    # the biggest loss is listed before criteria that lost nothing
    assert result.stdout.index("Công khai TTHC") < result.stdout.index("Ban hành kế hoạch")
    vi = invoke(runner, "explain", mini, "A", "--lang", "vi")
    assert vi.exit_code == 0 and "16,60" in vi.stdout and "83,00" in vi.stdout and "-1,5" in vi.stdout


def test_cli_errors(runner, mini: Path, tmp_path: Path):
    unknown = invoke(runner, "explain", mini, "Sở Bìnhh")
    assert unknown.exit_code == 2
    assert "is not in units.csv" in unknown.output and "B (Sở Bình)" in unknown.output
    nothing_close = invoke(runner, "explain", mini, "ZZZ")
    assert nothing_close.exit_code == 2 and "Unit ids: A, B." in nothing_close.output
    assert invoke(runner, "explain", mini, "A", "--out", tmp_path / "x.txt").exit_code == 2  # table has no --out
    assert invoke(runner, "explain", tmp_path / "missing", "A").exit_code == 2
    broken = write_folder(tmp_path / "broken", self_assessment=MINI_SELF.replace("A,1.2,3,", "A,1.2,9,"))
    assert invoke(runner, "explain", broken, "A").exit_code == 1  # invalid input: the validation report
