"""A workbook saved while its instructions tab was open: Excel opens it there, the scores are elsewhere.

`parindex template` hands out a workbook with a "Tự đánh giá" sheet and a "Hướng dẫn" sheet; an
officer who reads the instructions last and saves makes "Hướng dẫn" the sheet Excel shows. parindex
then reads the one other visible sheet that holds the table, and says so in a note.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINI_SELF, invoke, write_folder
from hostile.cases_xlsx import save_workbook
from parindex.assessment import load_assessment, validate_folder
from parindex.output import results_to_dict
from parindex.readers import read_table
from parindex.scoring import score_assessment

INSTRUCTIONS = "Cách điền\nGhi điểm vào cột Điểm tự đánh giá\n"


def _per_unit_folder(root: Path, active: int, second_table: bool = False) -> Path:
    """The mini folder with A's self-assessment as a workbook saved on sheet ACTIVE."""
    folder = write_folder(root, self_assessment=None)
    lines = MINI_SELF.splitlines()
    rows_a = "\n".join([lines[0]] + [line for line in lines[1:] if line.startswith("A,")]) + "\n"
    rows_b = "\n".join([lines[0]] + [line for line in lines[1:] if line.startswith("B,")]) + "\n"
    sheets = [("Tự đánh giá", rows_a, "visible"), ("Hướng dẫn", INSTRUCTIONS, "visible")]
    if second_table:
        sheets.append(("Bản cũ", rows_a.replace(",6,", ",5,"), "visible"))
    save_workbook(folder / "self-assessment" / "A.xlsx", sheets, active=active)
    (folder / "self-assessment" / "B.csv").write_text(rows_b, encoding="utf-8")
    return folder


def test_the_sheet_with_the_table_is_read_when_the_instructions_were_shown(tmp_path: Path):
    shown_on_instructions = _per_unit_folder(tmp_path / "saved-on-help", active=1)
    clean = write_folder(tmp_path / "clean")
    assert results_to_dict(score_assessment(load_assessment(shown_on_instructions))) == results_to_dict(
        score_assessment(load_assessment(clean))
    )
    report = validate_folder(shown_on_instructions)
    assert [(p.code, p.severity, p.file, p.value) for p in report.problems] == [
        ("sheet-chosen", "note", "self-assessment/A.xlsx", "Tự đánh giá")
    ]
    assert report.problems[0].message("vi") == (
        "Đã đọc trang tính 'Tự đánh giá': trang tính Excel hiển thị khi mở tệp, 'Hướng dẫn', không có các cột "
        "của bảng này (có lẽ tệp được lưu khi đang mở trang tính đó)."
    )


def test_saved_on_the_data_sheet_there_is_nothing_to_say(tmp_path: Path):
    assert validate_folder(_per_unit_folder(tmp_path / "f", active=0)).problems == []


def test_two_sheets_that_hold_the_table_are_not_chosen_between(runner, tmp_path: Path):
    """Two candidate sheets (this year's and an old copy): parindex does not guess; the officer decides."""
    folder = _per_unit_folder(tmp_path / "f", active=1, second_table=True)
    report = json.loads(invoke(runner, "validate", folder, "--format", "json").stdout)
    assert report["valid"] is False
    assert [(e["code"], e["file"], e["column"]) for e in report["errors"]][:2] == [
        ("missing-column", "self-assessment/A.xlsx", "code"),
        ("missing-column", "self-assessment/A.xlsx", "score"),
    ]
    assert [n["code"] for n in report["notes"]] == ["sheet-read"]


def test_without_a_schema_the_sheet_shown_is_read(tmp_path: Path):
    path = save_workbook(
        tmp_path / "book.xlsx",
        [("Tự đánh giá", "unit_id,code,score\nA,1.2,3\n", "visible"), ("Hướng dẫn", INSTRUCTIONS, "visible")],
        active=1,
    )
    result = read_table(path, "book.xlsx")
    assert result.frame is not None and list(result.frame.columns) == ["cách_điền"]


def test_a_units_own_file_that_cannot_be_used_is_that_files_problems_only(tmp_path: Path):
    """A.xlsx without the score column: its missing-column stands for A's rows (no missing-unit-file, no
    missing-score per criterion, no no-self-assessment warning on top)."""
    folder = _per_unit_folder(tmp_path / "f", active=0)
    lines = MINI_SELF.splitlines()
    rows_a = "\n".join(["unit_id,code,diem_cu,note"] + [line for line in lines[1:] if line.startswith("A,")]) + "\n"
    save_workbook(folder / "self-assessment" / "A.xlsx", [("Tự đánh giá", rows_a, "visible")])
    report = validate_folder(folder)
    assert [(p.code, p.file, p.row, p.column) for p in report.problems] == [
        ("missing-column", "self-assessment/A.xlsx", 1, "score")
    ]
