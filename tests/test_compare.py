"""Year-on-year comparison, with every change worked out by hand on two tiny years (see YEARS below).

The mini framework has a maximum of 20 points, so a unit's index is its total × 5.

Previous year (2023)               Current year (2024)
  C  18.00 -> 90.00 %  rank 1        E  19.00 -> 95.00 %  rank 1   (new)
  B  17.10 -> 85.50 %  rank 2        A  17.10 -> 85.50 %  rank 2=  (tie with B, listed by name)
  A  16.001 -> 80.005 -> 80.01 %  3  B  17.10 -> 85.50 %  rank 2=
  D  15.13 -> 75.65 %  rank 4        C  16.93 -> 84.65 %  rank 4
  U  14.00 -> 70.00 %  not ranked    U  15.00 -> 75.00 %  not ranked
                                     (D is gone)

By hand, from the published indices:
  A: 85.50 - 80.01 = +5.49 (the unrounded 80.005 would give 5.495 -> 5.50), rank 3 -> 2: up 1 place
  B: 85.50 - 85.50 = 0, rank 2 -> 2: unchanged
  C: 84.65 - 90.00 = -5.35, rank 1 -> 4: down 3 places
  U: 75.00 - 70.00 = +5.00, not ranked: no place change
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import invoke, write_folder
from parindex.assessment import load_assessment
from parindex.compare import compare_results, load_previous, phrase, read_ranking_file
from parindex.problems import InvalidInput
from parindex.scoring import score_assessment

# leaf scores: 1.1.1, 1.1.2, 1.2, 2.1 (appraisal) | 1.3, 2.2 (survey)
PREVIOUS = {
    "C": ("2", "2", "3", "6", "3", "2"),  # 18.00
    "B": ("2", "2", "3", "5.1", "3", "2"),  # 17.10
    "A": ("2", "2", "2.001", "5", "3", "2"),  # 16.001
    "D": ("2", "2", "3", "4.13", "2", "2"),  # 15.13
    "U": ("2", "2", "3", "3", "2", "2"),  # 14.00
}
CURRENT = {
    "E": ("2", "2", "3", "6", "3", "3"),  # 19.00
    "A": ("2", "2", "3", "5.1", "3", "2"),  # 17.10
    "B": ("2", "2", "3", "5.1", "3", "2"),  # 17.10
    "C": ("2", "2", "3", "5.93", "2", "2"),  # 16.93
    "U": ("2", "2", "3", "4", "2", "2"),  # 15.00
}
NAMES = {"A": "Sở An", "B": "Sở Bình", "C": "Sở Công", "D": "Sở Dân", "E": "Sở Em", "U": "Ban Ư"}


def year_folder(root: Path, year: int, scores: dict[str, tuple[str, ...]], names: dict[str, str] = NAMES) -> Path:
    """A mini assessment folder for YEAR with the given leaf scores (no appraisal file: self-scores stand)."""
    units = "unit_id,name,group,ranked\n" + "".join(
        f"{uid},{names[uid]},so,{'no' if uid == 'U' else 'yes'}\n" for uid in scores
    )
    self_rows = "unit_id,code,score,note\n"
    survey_rows = "unit_id,code,score\n"
    for uid, s in scores.items():
        for code, value in zip(("1.1.1", "1.1.2", "1.2", "2.1"), s[:4], strict=True):
            self_rows += f"{uid},{code},{value},\n"
        for code, value in zip(("1.3", "2.2"), s[4:], strict=True):
            survey_rows += f"{uid},{code},{value}\n"
    folder = write_folder(root, units=units, self_assessment=self_rows, appraisal=None, survey=survey_rows)
    (folder / "parindex.toml").write_text(f'year = {year}\nframework = "framework"\n', encoding="utf-8")
    return folder


@pytest.fixture
def years(tmp_path: Path) -> tuple[Path, Path]:
    return year_folder(tmp_path / "y2024", 2024, CURRENT), year_folder(tmp_path / "y2023", 2023, PREVIOUS)


def by_id(document: dict) -> dict[str, dict]:
    return {(r["unit_id"], r["status"]): r for r in document["rows"]}  # type: ignore[misc]


def check_hand_values(document: dict, lang: str = "vi") -> None:
    rows = by_id(document)
    a, b, c, u = rows["A", "both"], rows["B", "both"], rows["C", "both"], rows["U", "both"]
    assert (a["index_previous"], a["index"], a["index_change"]) == (80.01, 85.5, 5.49)
    assert (a["rank_previous"], a["rank"], a["rank_change"], a["tied"]) == (3, 2, 1, True)
    assert (a["index_trend"], a["rank_trend"]) == ("up", "up")
    assert (b["index_change"], b["rank_change"], b["index_trend"], b["rank_trend"]) == (0.0, 0, "same", "same")
    assert (c["index_change"], c["rank_change"], c["rank_previous"], c["rank"]) == (-5.35, -3, 1, 4)
    assert (u["index_change"], u["rank_change"], u["rank"], u["rank_trend"]) == (5.0, None, None, None)
    e, d = rows["E", "new"], rows["D", "gone"]
    assert (e["rank"], e["index"], e["rank_previous"], e["index_change"]) == (1, 95.0, None, None)
    assert (d["rank_previous"], d["index_previous"], d["rank"], d["index"]) == (4, 75.65, None, None)
    if lang == "vi":
        assert a["phrase"] == "tăng 5,49 %, tăng 01 bậc"
        assert b["phrase"] == "giữ nguyên"
        assert c["phrase"] == "giảm 5,35 %, giảm 03 bậc"
        assert u["phrase"] == "tăng 5,00 %, không xếp hạng"
    # current published order, then the gone unit; every unit of either year is there
    assert [(r["unit_id"], r["status"]) for r in document["rows"]] == [
        ("E", "new"),
        ("A", "both"),
        ("B", "both"),
        ("C", "both"),
        ("U", "both"),
        ("D", "gone"),
    ]
    assert document["groups"] == [{"key": "so", "name": "Sở, ban, ngành", "compared": 4, "new": 1, "gone": 1}]


def test_phrases_as_decisions_write_them():
    assert phrase(Decimal("1.36"), 1, 2, "vi") == "tăng 1,36 %, tăng 01 bậc"
    assert phrase(Decimal("-0.52"), -2, 2, "vi") == "giảm 0,52 %, giảm 02 bậc"
    assert phrase(Decimal("0.00"), 0, 2, "vi") == "giữ nguyên"
    assert phrase(Decimal("0.5"), 0, 2, "vi") == "tăng 0,50 %, giữ nguyên thứ hạng"
    assert phrase(Decimal(0), -12, 2, "vi") == "giữ nguyên chỉ số, giảm 12 bậc"
    assert phrase(Decimal("1.36"), 1, 2, "en") == "up 1.36 pp, up 1 place"
    assert phrase(Decimal("-0.52"), -2, 2, "en") == "down 0.52 pp, down 2 places"


def test_compare_from_folder_by_hand(years: tuple[Path, Path]):
    current, previous = years
    document = compare_results(score_assessment(load_assessment(current)), load_previous(previous), "vi")
    check_hand_values(document)
    assert (document["year"], document["previous_year"], document["previous_kind"]) == (2024, 2023, "folder")
    assert (
        "published"
        in compare_results(score_assessment(load_assessment(current)), load_previous(previous), "en")["basis"]
    )


def test_compare_from_score_csv_and_json(years: tuple[Path, Path], runner: CliRunner, tmp_path: Path):
    current, previous = years
    results = score_assessment(load_assessment(current))
    for fmt in ("csv", "json"):
        out = tmp_path / f"ranking-2023.{fmt}"
        assert invoke(runner, "score", previous, "--format", fmt, "--out", out).exit_code == 0
        if fmt == "csv":
            assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # score writes a BOM for Excel
        document = compare_results(results, load_previous(out), "vi")
        check_hand_values(document)
        assert document["previous_kind"] == fmt
        assert document["previous_year"] == (2023 if fmt == "json" else None)


def test_compare_from_csv_resaved_by_excel(years: tuple[Path, Path], runner: CliRunner, tmp_path: Path):
    """Vietnamese Excel saves ';' separators and decimal commas, and drops trailing zeros ('90,00' -> '90')."""
    current, previous = years
    written = tmp_path / "ranking.csv"
    assert invoke(runner, "score", previous, "--format", "csv", "--out", written).exit_code == 0
    rows = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8-sig"))))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([cell.replace(".", ",").removesuffix(",00") for cell in row])
    resaved = tmp_path / "ranking-excel.csv"
    resaved.write_text(buffer.getvalue(), encoding="utf-8-sig")
    assert ";80,01;" in resaved.read_text(encoding="utf-8-sig") and ";90;" in resaved.read_text(encoding="utf-8-sig")
    check_hand_values(compare_results(score_assessment(load_assessment(current)), load_previous(resaved), "vi"))


def test_cli_json_is_the_library_dict(years: tuple[Path, Path], runner: CliRunner):
    current, previous = years
    result = invoke(runner, "compare", current, "--previous", previous, "--format", "json", "--lang", "vi")
    assert result.exit_code == 0, result.output
    expected = compare_results(score_assessment(load_assessment(current)), load_previous(previous), "vi")
    assert json.loads(result.stdout) == json.loads(json.dumps(expected))


def test_cli_table_and_csv(years: tuple[Path, Path], runner: CliRunner, tmp_path: Path):
    current, previous = years
    table = invoke(runner, "compare", current, "--previous", previous, "--lang", "vi")
    assert table.exit_code == 0, table.output
    for text in ("tăng 5,49 %, tăng 01 bậc", "giảm 5,35 %, giảm 03 bậc", "Sở Dân", "Sở Em", "2=", "85,50"):
        assert text in table.stdout
    out = tmp_path / "compare.csv"
    result = invoke(runner, "compare", current, "--previous", previous, "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    a = next(r for r in rows if r["unit_id"] == "A")
    assert (a["index_previous"], a["index"], a["index_change"], a["rank_change"]) == ("80.01", "85.50", "5.49", "1")
    assert [r["status"] for r in rows].count("gone") == 1
    assert invoke(runner, "compare", current, "--previous", previous, "--out", out).exit_code == 2


def test_unit_moved_between_groups_is_listed_in_both(years: tuple[Path, Path], tmp_path: Path):
    current, _ = years
    ranking = tmp_path / "moved.csv"
    ranking.write_text("group,unit_id,name,rank,index\nso,B,Sở Bình,1,85.50\nhuyen,A,Sở An,1,80.01\n", encoding="utf-8")
    document = compare_results(score_assessment(load_assessment(current)), load_previous(ranking), "en")
    rows = by_id(document)
    assert rows["A", "new"]["group"] == "so" and "huyen" in rows["A", "new"]["note"]
    assert rows["A", "gone"]["group"] == "huyen"
    assert [g["key"] for g in document["groups"]] == ["so", "huyen"]


@pytest.mark.parametrize(
    ("name", "content", "code", "where"),
    [
        ("no-rank.csv", "group,unit_id,name,index\nso,A,Sở An,80.01\n", "missing-column", "rank"),
        ("bad-rank.csv", "group,unit_id,name,rank,index\nso,A,Sở An,ba,80.01\n", "invalid-value", "rank"),
        ("bad-index.csv", "group,unit_id,name,rank,index\nso,A,Sở An,1,tám mươi\n", "invalid-value", "index"),
        ("twice.csv", "group,unit_id,name,rank,index\nso,A,Sở An,1,80\nso,a,Sở An,2,70\n", "duplicate-unit", "unit_id"),
        ("ranked-no-index.csv", "group,unit_id,name,rank,index\nso,A,Sở An,1,\n", "missing-value", "index"),
        (
            "compare-output.csv",
            "group,unit_id,name,status,rank,index,index_change\nso,A,Sở An,both,2,85.50,5.49\n",
            "ranking-invalid",
            None,
        ),
        ("broken.json", '{"rows": [', "ranking-invalid", None),
        ("no-rows.json", '{"year": 2023}', "ranking-invalid", None),
        (
            "no-index.json",
            '{"rows": [{"group": "so", "unit_id": "A", "rank": 1, "index": 8}]}',
            "missing-column",
            "name",
        ),
    ],
)
def test_broken_ranking_files(tmp_path: Path, name: str, content: str, code: str, where: str | None):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_ranking_file(path)
    problems = caught.value.report.errors
    assert [p.code for p in problems] == [code]
    assert problems[0].column == where
    assert problems[0].message("vi") and problems[0].message("en")


def test_cli_broken_previous_is_a_message_not_a_traceback(years: tuple[Path, Path], runner: CliRunner, tmp_path: Path):
    current, _ = years
    broken = tmp_path / "last-year.csv"
    broken.write_text("group,unit_id,name,index\nso,A,Sở An,80.01\n", encoding="utf-8")
    result = invoke(runner, "compare", current, "--previous", broken)
    assert result.exit_code == 1
    assert "rank" in result.output and "Traceback" not in result.output
    as_json = invoke(runner, "compare", current, "--previous", broken, "--format", "json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["errors"][0]["code"] == "missing-column"
    bad_json = tmp_path / "last-year.json"
    bad_json.write_text("{not json", encoding="utf-8")
    result = invoke(runner, "compare", current, "--previous", bad_json)
    assert result.exit_code == 1 and "JSON" in result.output
    assert invoke(runner, "compare", current, "--previous", tmp_path / "missing.csv").exit_code == 2
    assert invoke(runner, "compare", current, "--previous", current).exit_code == 2
