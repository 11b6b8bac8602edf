"""Files saved the way officers save them (issue 9, items 2, 3 and the per-unit half of 4).

Vietnamese column names, title rows above the header, per-unit workbooks that do not say their unit,
and the cascades those once caused. The builders live in tests/hostile/cases_officer.py.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from conftest import EXAMPLE, MINI_CRITERIA, MINI_SELF, invoke, write_folder
from hostile.cases_officer import (
    officer_twin,
    read_rows_text,
    titled_self_assessment,
    unit_workbook,
    unnamed_unit_file,
    vietnamese_units,
    with_tree,
)
from parindex.assessment import load_assessment, validate_folder
from parindex.cli import app
from parindex.columns import APPRAISAL, CRITERIA, SELF_ASSESSMENT, SURVEY, UNITS, header_key, probable_unit, unit_line
from parindex.framework import load_framework
from parindex.output import results_to_dict
from parindex.problems import Problem
from parindex.scoring import score_assessment


def located(problems: list[Problem]) -> list[tuple[str, str, int | None, str | None, str | None]]:
    return [(p.code, p.file, p.row, p.column, p.value) for p in problems]


def scored(folder: Path) -> dict:
    return results_to_dict(score_assessment(load_assessment(folder)))


# -- the alias table ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "header", "canonical"),
    [
        (UNITS, "Mã đơn vị", "unit_id"),
        (UNITS, "MÃ ĐƠN VỊ", "unit_id"),
        (UNITS, "ma don vi", "unit_id"),
        (UNITS, "  Mã   đơn\nvị ", "unit_id"),
        (UNITS, unicodedata.normalize("NFD", "Mã đơn vị"), "unit_id"),
        (UNITS, "Unit_ID", "unit_id"),
        (UNITS, "Tên đơn vị", "name"),
        (UNITS, "Nhóm", "group"),
        (UNITS, "Xếp hạng", "ranked"),
        (SELF_ASSESSMENT, "Mã tiêu chí", "code"),
        (SELF_ASSESSMENT, "Mã", "code"),
        (SELF_ASSESSMENT, "Điểm", "score"),
        (SELF_ASSESSMENT, "Điểm tự đánh giá", "score"),
        (SELF_ASSESSMENT, "Ghi chú", "note"),
        (SELF_ASSESSMENT, "Tài liệu kiểm chứng", "evidence"),
        (SELF_ASSESSMENT, "Điểm thẩm định", None),  # the council's column is not the unit's score
        (SELF_ASSESSMENT, "Lý do", None),
        (APPRAISAL, "Điểm thẩm định", "score"),
        (APPRAISAL, "Lý do", "note"),
        (APPRAISAL, "Điểm tự đánh giá", None),
        (SURVEY, "Điểm điều tra XHH", "score"),
        (SURVEY, "diem dieu tra xa hoi hoc", "score"),
        (CRITERIA, "Mã", "code"),
        (CRITERIA, "Tên tiêu chí", "name"),
        (CRITERIA, "Nội dung", "name"),
        (CRITERIA, "Điểm tối đa (điểm)", "max_points"),
        (CRITERIA, "Phương thức", "method"),
        (CRITERIA, "Cách đánh giá", "method"),
        (CRITERIA, "Hướng dẫn", "guidance"),
        (CRITERIA, "Nguồn", "source"),
        (CRITERIA, "STT", None),
    ],
)
def test_headers_in_vietnamese_or_english_any_case_any_form(schema, header, canonical):
    assert schema.canonical(header) == canonical


def test_header_key_folds_diacritics_case_and_spacing():
    assert header_key("Điểm\ntự  ĐÁNH-giá") == header_key("diem tu danh gia") == "diem tu danh gia"


def test_probable_unit_by_name_or_unit_line():
    names = {"SYT": "Sở Y tế", "STC": "Sở Tài chính", "TD": "UBND huyện Tam Đường"}
    assert probable_unit("Sở Y tế - tự đánh giá", names) == "SYT"
    assert probable_unit("SO Y TE", names) == "SYT"
    assert probable_unit("Phiếu tự đánh giá Sở Tài chính năm 2023", names) == "STC"
    assert probable_unit("SYT - tự đánh giá (bản cuối)", names) == "SYT"
    assert probable_unit("Sở Nội vụ", names) is None
    assert probable_unit("tự đánh giá", names) is None
    assert probable_unit("Sở Y tế và Sở Tài chính", names) is None  # two units: no guess
    assert unit_line([(1, ["UBND TỈNH"]), (2, ["Đơn vị: Sở Y tế", ""])]) == ("Đơn vị: Sở Y tế", "Sở Y tế")
    assert unit_line([(3, ["Tên đơn vị:", "Sở Tài chính"])]) == ("Tên đơn vị: Sở Tài chính", "Sở Tài chính")
    assert unit_line([(1, ["PHIẾU TỰ ĐÁNH GIÁ"])]) is None
    assert unit_line([(1, ["Đơn vị tính: điểm"]), (2, ["Cơ quan: Sở Y tế"])]) == ("Cơ quan: Sở Y tế", "Sở Y tế")


# -- done when: the officer-style twin scores exactly like the clean example -------------------------


def test_officer_style_folder_scores_like_its_clean_twin(tmp_path: Path):
    twin = officer_twin(tmp_path / "twin")
    assert scored(twin) == scored(EXAMPLE)
    report = validate_folder(twin)
    assert report.errors == []
    assert [(p.code, p.value) for p in report.warnings] == [
        (p.code, p.value) for p in validate_folder(EXAMPLE).warnings
    ]
    notes: dict[str, list[tuple[str, int | None]]] = {}
    for note in report.notes:
        notes.setdefault(note.file, []).append((note.code, note.row))
    assert report.notes[0].message("en") == (
        "Skipped rows 1–2 above the header (the form's title, not data); the header is row 4."
    )
    assert notes["units.csv"] == [("rows-skipped", 1)]
    # SNV's form: title rows 1-3, header on row 5, then the tree: "PHẦN 1" heading on row 6, domain 1 on row 7…
    assert notes["self-assessment/SNV.xlsx"] == [("rows-ignored", 6)]
    # the same title rows above every unit's header: one note for the 28 workbooks, on the first of them
    (skipped,) = [p for p in report.notes if p.code == "rows-skipped" and p.file.startswith("self-assessment/")]
    assert skipped.message("en") == (
        "Skipped rows 1–3 of this file and of 27 other files in self-assessment/ above the header (the form's "
        "title, not data); the header is row 5."
    )
    snv = [p for p in report.notes if p.file == "self-assessment/SNV.xlsx"]
    assert snv[0].message("en").startswith("Rows 6, 7, 8, 13, 16, 19, 20, 21, 24, 27, 30, 31, … (43 rows): headings")
    assert notes["appraisal.xlsx"] == [("rows-skipped", 1)] and notes["survey.csv"] == [("rows-skipped", 1)]
    assert len(report.notes) == 3 + 1 + 28  # units, appraisal, survey; the workbooks' title rows; headings of each
    # the evidence column is read and kept, without any effect on the scores
    rows = load_assessment(twin).score_rows["self-assessment"].table
    assert rows.column("evidence").to_pylist()[:3] == ["", "", "Báo cáo số 6/BC"]  # the form's sixth row


def test_vietnamese_units_header_with_semicolons(tmp_path: Path, mini: Path):
    folder = vietnamese_units(tmp_path / "vu")
    assert validate_folder(folder).problems == []
    assert scored(folder) == scored(mini)


def test_criteria_table_in_vietnamese(tmp_path: Path, mini: Path):
    criteria = "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH\n\n" + MINI_CRITERIA.replace(
        "code,name,max_points,method,guidance,source", "Mã,Nội dung,Điểm tối đa,Cách đánh giá,Hướng dẫn,Nguồn"
    ).replace(",appraisal,", ",Thẩm định,").replace(",survey,", ",điều tra XHH,")
    folder = write_folder(tmp_path / "vi", criteria=criteria)
    vi, en = load_framework("framework", folder), load_framework("framework", mini)
    assert vi.groups["so"].nodes == en.groups["so"].nodes
    assert scored(folder) == scored(mini)
    report = validate_folder(folder)
    assert located(report.problems) == [
        ("rows-skipped", "framework/criteria.csv", 1, None, "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")
    ]


def test_template_in_vietnamese_reads_back_unchanged(runner, mini: Path, tmp_path: Path):
    (mini / "self-assessment.csv").unlink()
    per_unit = mini / "self-assessment"
    per_unit.mkdir()
    scores = {unit: {r["code"]: r["score"] for r in read_rows_text(MINI_SELF) if r["unit_id"] == unit} for unit in "AB"}
    vi = {"PARINDEX_LANG": "vi", "COLUMNS": "200"}
    result = runner.invoke(app, ["template", str(mini), "--unit", "A", "--out", str(per_unit / "A.xlsx")], env=vi)
    assert result.exit_code == 0, result.output
    book = load_workbook(per_unit / "A.xlsx")
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == [
        "Mã đơn vị",
        "Mã tiêu chí",
        "Tên tiêu chí",
        "Điểm tối đa",
        "Hướng dẫn",
        "Điểm tự đánh giá",
        "Ghi chú",
    ]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 6).value = float(scores["A"][sheet.cell(row, 2).value])
    book.save(per_unit / "A.xlsx")
    out = per_unit / "B.csv"
    result = runner.invoke(app, ["template", str(mini / "framework"), "--group", "so", "--out", str(out)], env=vi)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == header
    for row in rows[1:]:
        row[5] = scores["B"][row[1]].replace(".", ",")
    out.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n", encoding="utf-8")
    assert validate_folder(mini).problems == []
    assert scored(mini) == scored(write_folder(tmp_path / "clean"))


# -- the header is found, not assumed ----------------------------------------------------------------


def test_title_rows_above_a_csv_header_are_one_note(tmp_path: Path):
    folder = titled_self_assessment(tmp_path / "t")
    report = validate_folder(folder)
    assert located(report.problems) == [
        ("rows-skipped", "self-assessment.csv", 1, None, "PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM 2024")
    ]
    (note,) = report.notes
    assert note.message("vi") == (
        "Đã bỏ qua dòng 1–2 phía trên dòng tiêu đề (tên biểu mẫu, không phải dữ liệu); dòng tiêu đề là dòng 4."
    )
    assert report.valid
    assert scored(folder) == scored(write_folder(tmp_path / "clean"))


def test_rows_keep_the_numbers_the_spreadsheet_shows(tmp_path: Path):
    text = "UBND TỈNH LAI CHÂU;;;\nĐơn vị: Sở Nội vụ;;;\n;;;\nMã đơn vị;Mã tiêu chí;Điểm;Ghi chú\n"
    text += MINI_SELF.split("\n", 1)[1].replace(",", ";").replace("A;1.2;3;", "A;1.2;ba;")
    folder = write_folder(tmp_path / "f", self_assessment=text)
    report = validate_folder(folder)
    # the file's line 7 is the third data row: A,1.2
    assert located(report.errors) == [("invalid-number", "self-assessment.csv", 7, "Điểm", "ba")]


def test_rows_of_a_titled_workbook_keep_their_sheet_numbers(tmp_path: Path):
    folder = write_folder(tmp_path / "w", self_assessment=None)
    (folder / "self-assessment").mkdir()
    rows = read_rows_text(MINI_SELF.replace("B,2.1,5,", "B,2.1,9,"))
    for unit in "AB":
        unit_workbook(folder / "self-assessment" / f"{unit}.xlsx", None, [r for r in rows if r["unit_id"] == unit])
    report = validate_folder(folder)
    # header on row 5, B's fourth criterion on row 9; the header cell "Điểm\ntự đánh giá" quoted on one line
    assert located(report.errors) == [("out-of-range", "self-assessment/B.xlsx", 9, "Điểm tự đánh giá", "9")]


def test_no_row_holds_the_columns_one_missing_column_per_column_quoting_headers(tmp_path: Path):
    text = "PHIẾU TỰ ĐÁNH GIÁ\nMã đơn vị;Mã tiêu chí;Điểm TĐ\nA;1.1.1;2\n"
    folder = write_folder(tmp_path / "m", self_assessment=text)
    report = validate_folder(folder)
    assert located(report.errors) == [("missing-column", "self-assessment.csv", 2, "score", None)]
    (error,) = report.errors
    assert error.message("vi") == "Thiếu cột bắt buộc 'Điểm'. Các cột hiện có: Mã đơn vị, Mã tiêu chí, Điểm TĐ."
    assert error.message("en") == "Required column 'score' is missing. Columns found: Mã đơn vị, Mã tiêu chí, Điểm TĐ."


def test_units_header_missing_quotes_the_headers_as_written(tmp_path: Path):
    folder = write_folder(tmp_path / "u", units="Mã đơn vị;Tên đơn vị\nA;Sở An\n")
    report = validate_folder(folder)
    assert located(report.errors) == [("missing-column", "units.csv", 1, "group", None)]
    assert report.errors[0].message("vi") == "Thiếu cột bắt buộc 'Nhóm'. Các cột hiện có: Mã đơn vị, Tên đơn vị."


def test_two_columns_meaning_score_is_duplicate_column_quoting_both(tmp_path: Path):
    text = MINI_SELF.replace("unit_id,code,score,note", "Mã đơn vị,Mã,Điểm,Điểm tự đánh giá")
    report = validate_folder(write_folder(tmp_path / "d", self_assessment=text))
    assert located(report.problems) == [("duplicate-column", "self-assessment.csv", 1, "Điểm tự đánh giá", None)]
    assert report.errors[0].message("vi") == (
        "Dòng tiêu đề có 'Điểm' và 'Điểm tự đánh giá': cả hai đều được đọc là cột 'Điểm'; chỉ giữ một cột."
    )
    assert report.errors[0].message("en") == (
        "The header has 'Điểm' and 'Điểm tự đánh giá': both are read as column 'score'; keep one."
    )


# -- per-unit files ----------------------------------------------------------------------------------


def test_unit_file_named_by_the_unit_name_is_one_error_with_the_fix(tmp_path: Path):
    folder = unnamed_unit_file(tmp_path / "n")
    report = validate_folder(folder)
    name = "Sở Bình - tự đánh giá.xlsx"
    assert located(report.errors) == [("unit-not-identified", f"self-assessment/{name}", 5, "Mã đơn vị", name)]
    assert report.warnings == []
    assert report.errors[0].message("vi") == (
        "Tệp không cho biết là của đơn vị nào: tên tệp không phải mã đơn vị và cột Mã đơn vị (unit_id) không có "
        "mã. Theo tên tệp, có lẽ đây là tệp của Sở Bình (B). Hãy đặt tên tệp là B.xlsx, hoặc điền cột Mã đơn vị."
    )
    assert report.errors[0].message("en") == (
        "This file does not say which unit it is for: its name is not a unit id and it has no unit id in column "
        "Mã đơn vị (unit_id). By its name it is probably Sở Bình (B). Name the file B.xlsx, or fill the column "
        "Mã đơn vị."
    )
    # renaming the file as told makes the folder valid, with B's scores
    (folder / "self-assessment" / name).rename(folder / "self-assessment" / "B.xlsx")
    assert validate_folder(folder).valid
    assert scored(folder) == scored(write_folder(tmp_path / "clean"))


def test_unit_file_guessed_from_its_unit_line(tmp_path: Path):
    folder = unnamed_unit_file(tmp_path / "n")
    (folder / "self-assessment" / "Sở Bình - tự đánh giá.xlsx").rename(folder / "self-assessment" / "phieu 2024.xlsx")
    (error,) = validate_folder(folder).errors
    assert error.code == "unit-not-identified" and error.file == "self-assessment/phieu 2024.xlsx"
    assert "Theo dòng “Đơn vị: Sở Bình”, có lẽ đây là tệp của Sở Bình (B). Hãy đặt tên tệp là B.xlsx" in error.message(
        "vi"
    )


def test_unit_file_that_names_no_known_unit(tmp_path: Path):
    folder = write_folder(tmp_path / "x", self_assessment=None)
    per_unit = folder / "self-assessment"
    per_unit.mkdir()
    rows = read_rows_text(MINI_SELF)
    unit_workbook(per_unit / "A.xlsx", None, [r for r in rows if r["unit_id"] == "A"])
    unit_workbook(per_unit / "Sở Xây dựng.xlsx", None, [r for r in rows if r["unit_id"] == "B"])  # no such unit
    report = validate_folder(folder)
    assert located(report.errors) == [
        ("unit-not-identified", "self-assessment/Sở Xây dựng.xlsx", None, None, "Sở Xây dựng.xlsx")
    ]
    assert (
        report.errors[0]
        .message("en")
        .endswith("(unit_id). Name the file after its unit's id (e.g. A.xlsx), or fill the column Mã đơn vị.")
    )
    assert report.warnings == []  # B has no rows, but the unidentified file may be B's: not reported twice


def test_a_missing_row_of_a_unit_file_is_located_in_that_file(tmp_path: Path):
    folder = write_folder(tmp_path / "r", self_assessment=None)
    per_unit = folder / "self-assessment"
    per_unit.mkdir()
    rows = read_rows_text(MINI_SELF)
    unit_workbook(per_unit / "A.xlsx", None, [r for r in rows if r["unit_id"] == "A" and r["code"] != "1.2"])
    unit_workbook(per_unit / "B.xlsx", None, [r for r in rows if r["unit_id"] == "B"])
    report = validate_folder(folder)
    assert located(report.errors) == [("missing-score", "self-assessment/A.xlsx", None, "score", "A")]
    assert {p.file for p in report.problems} <= set(report.checked)
    files = [f["file"] for f in report.to_dict()["files"]]
    assert files.count("self-assessment/A.xlsx") == 1 and "self-assessment/" not in files


def test_a_missing_self_assessment_is_one_problem(tmp_path: Path):
    report = validate_folder(write_folder(tmp_path / "s", self_assessment=None))
    assert [(p.code, p.file) for p in report.problems] == [("missing-file", "self-assessment.csv")]
    empty = write_folder(tmp_path / "e", self_assessment=None)
    (empty / "self-assessment").mkdir()
    assert [(p.code, p.file) for p in validate_folder(empty).problems] == [("empty-file", "self-assessment/")]


def test_cli_validate_shows_the_one_error_and_the_notes(runner, tmp_path: Path):
    folder = unnamed_unit_file(tmp_path / "n")
    result = invoke(runner, "validate", folder, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [e["code"] for e in report["errors"]] == ["unit-not-identified"]
    assert [n["code"] for n in report["notes"]] == ["rows-skipped", "rows-skipped"]
    assert report["warnings"] == []


def test_appraisal_sheet_with_council_columns(tmp_path: Path, mini: Path):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["KẾT QUẢ THẨM ĐỊNH"])
    sheet.append(["Mã đơn vị", "Mã tiêu chí", "Điểm tự đánh giá", "Điểm thẩm định", "Lý do"])
    sheet.append(["A", "2.1", 6, 4.5, "Thiếu tài liệu kiểm chứng"])
    folder = write_folder(tmp_path / "a", appraisal=None)
    book.save(folder / "appraisal.xlsx")
    assert scored(folder) == scored(mini)
    rows = load_assessment(folder).score_rows["appraisal"].table
    assert rows.column("note").to_pylist() == ["Thiếu tài liệu kiểm chứng"]


def test_validate_summary_names_each_file_once(runner, tmp_path: Path):
    folder = unnamed_unit_file(tmp_path / "n")
    result = invoke(runner, "validate", folder)
    assert result.exit_code == 1
    summary = result.output.split("1 error")[0]
    assert summary.count("Sở Bình - tự đánh giá.xlsx") == 1
    assert summary.count("self-assessment/A.xlsx") == 1


def test_criteria_table_with_two_maximum_columns(tmp_path: Path):
    criteria = MINI_CRITERIA.replace("code,name,max_points,method,", "Mã,Tên tiêu chí,Điểm,Điểm tối đa,Phương thức,")
    criteria = "\n".join(
        line if i == 0 else ",".join(line.split(",")[:3] + line.split(",")[2:])
        for i, line in enumerate(criteria.splitlines())
    )
    report = validate_folder(write_folder(tmp_path / "c", criteria=criteria + "\n"))
    assert located(report.errors) == [("duplicate-column", "framework/criteria.csv", 1, "Điểm tối đa", None)]
    assert report.errors[0].message("en") == (
        "The header has 'Điểm' and 'Điểm tối đa': both are read as column 'max_points'; keep one."
    )


def test_a_header_on_two_rows(tmp_path: Path, mini: Path):
    """'Điểm' merged above 'Tự đánh giá' and 'Thẩm định', as official forms print it."""
    top = ["STT", "Mã tiêu chí", "Điểm", "", "Ghi chú"]
    below = ["", "", "Tự đánh giá", "Thẩm định", ""]
    rows = [[str(n), r["code"], r["score"], "", r["note"]] for n, r in enumerate(read_rows_text(MINI_SELF), start=1)]
    folder = write_folder(tmp_path / "x", self_assessment=None)
    per_unit = folder / "self-assessment"
    per_unit.mkdir()
    for unit in "AB":
        mine = [row for row, r in zip(rows, read_rows_text(MINI_SELF), strict=True) if r["unit_id"] == unit]
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for line in (["PHIẾU TỰ ĐÁNH GIÁ"], top, below, *mine):
            sheet.append(line)
        book.save(per_unit / f"{unit}.xlsx")
    # the same title row above both files' headers: said once for the folder
    assert located(validate_folder(folder).problems) == [("rows-skipped", "self-assessment/A.xlsx", None, None, None)]
    assert scored(folder) == scored(mini)
    (per_unit / "A.xlsx").unlink()
    (per_unit / "B.xlsx").unlink()
    (per_unit / "A.csv").write_text(
        "\n".join(";".join(line) for line in (top, below, *rows[:4])) + "\n", encoding="utf-8"
    )
    (per_unit / "B.csv").write_text(
        "Đơn vị: Sở Bình\n" + "\n".join(";".join(line) for line in (top, below, *rows[4:])) + "\n", encoding="utf-8"
    )
    assert located(validate_folder(folder).problems) == [
        ("rows-skipped", "self-assessment/B.csv", 1, None, "Đơn vị: Sở Bình")
    ]
    assert scored(folder) == scored(mini)
    (per_unit / "A.csv").write_text(
        "\n".join(";".join(line) for line in (top, below, *rows[:4])).replace(";3;", ";ba;") + "\n", encoding="utf-8"
    )
    # header on lines 1-2: the third criterion (1.2) of A is on line 5
    assert located(validate_folder(folder).errors) == [
        ("invalid-number", "self-assessment/A.csv", 5, "Tự đánh giá", "ba")
    ]


def test_units_may_name_their_group(tmp_path: Path, mini: Path):
    units = "Mã đơn vị;Tên đơn vị;Nhóm\nA;Sở An;Sở, ban, ngành\nB;Sở Bình;SO\n"
    folder = write_folder(tmp_path / "g", units=units)
    assert validate_folder(folder).problems == []
    assert scored(folder) == scored(mini)
    units = "Mã đơn vị;Tên đơn vị;Nhóm\nA;Sở An;Sở, ban, ngành\nB;Sở Bình;Huyện\n"
    report = validate_folder(write_folder(tmp_path / "h", units=units))
    assert located(report.errors) == [("unknown-group", "units.csv", 3, "Nhóm", "Huyện")]


def test_template_for_a_unit_of_a_vietnamese_units_table(runner, tmp_path: Path):
    units = "DANH SÁCH ĐƠN VỊ\nMã đơn vị;Tên đơn vị;Nhóm\nA;Sở An;Sở, ban, ngành\nB;Sở Bình;so\n"
    folder = write_folder(tmp_path / "t", units=units)
    out = tmp_path / "A.xlsx"
    result = invoke(runner, "template", folder, "--unit", "a", "--out", out)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).worksheets[0]
    assert [sheet.cell(row, 1).value for row in range(2, 6)] == ["A"] * 4
    assert [sheet.cell(row, 2).value for row in range(2, 6)] == ["1.1.1", "1.1.2", "1.2", "2.1"]


def test_a_unit_without_its_file_is_one_problem(tmp_path: Path):
    folder = write_folder(tmp_path / "f", self_assessment=None)
    per_unit = folder / "self-assessment"
    per_unit.mkdir()
    unit_workbook(per_unit / "A.xlsx", None, [r for r in read_rows_text(MINI_SELF) if r["unit_id"] == "A"])
    report = validate_folder(folder)
    assert located(report.errors) == [("missing-unit-file", "self-assessment/", None, None, "B")]
    assert report.warnings == []
    assert report.errors[0].message("vi") == (
        "Chưa có tệp tự đánh giá của đơn vị 'B' (Sở Bình) trong thư mục này: bổ sung tệp B.xlsx, hoặc thêm các "
        "dòng của đơn vị, ghi mã đơn vị ở cột Mã đơn vị, vào một tệp khác."
    )
    # a unit the council scored in full needs no file: the usual warning only
    appraisal = "unit_id,code,score,note\nA,2.1,4.5,Thiếu\nB,1.1.1,2,x\nB,1.1.2,2,x\nB,1.2,2,x\nB,2.1,5,x\n"
    (folder / "appraisal.csv").write_text(appraisal, encoding="utf-8")
    report = validate_folder(folder)
    assert report.errors == []
    assert [(w.code, w.file, w.value) for w in report.warnings] == [("no-self-assessment", "self-assessment/", "B")]


def test_a_form_with_the_whole_criteria_tree(tmp_path: Path, mini: Path):
    """Headings, parents left blank and exact subtotals are not scores; a wrong subtotal is still an error."""
    folder = write_folder(tmp_path / "tree", self_assessment=None)
    per_unit = folder / "self-assessment"
    per_unit.mkdir()
    rows = read_rows_text(MINI_SELF)
    group = load_framework("framework", folder).groups["so"]
    for unit in "AB":
        unit_workbook(per_unit / f"{unit}.xlsx", None, with_tree([r for r in rows if r["unit_id"] == unit], group))
    report = validate_folder(folder)
    assert report.errors == []
    # rows 6-13 of A: heading "PHẦN 1", 1 (blank), 1.1 (subtotal 3.5), 1.1.1, 1.1.2, 1.2, heading "PHẦN 2", 2, 2.1
    assert [(p.code, p.file, p.row) for p in report.notes if p.code == "rows-ignored"] == [
        ("rows-ignored", "self-assessment/A.xlsx", 6),
        ("rows-ignored", "self-assessment/B.xlsx", 6),
    ]
    assert report.notes[-2].message("en").startswith("Rows 6, 7, 8, 12, 13 (5 rows): headings or subtotals")
    assert scored(folder) == scored(mini)
    book = load_workbook(per_unit / "A.xlsx")
    book.active["E8"] = 4  # 1.1's subtotal no longer the sum of 1.1.1 and 1.1.2 (2 + 1.5)
    book.save(per_unit / "A.xlsx")
    assert located(validate_folder(folder).errors) == [
        ("not-a-leaf", "self-assessment/A.xlsx", 8, "Mã tiêu chí", "1.1")
    ]


def test_a_council_sheet_that_names_its_units(tmp_path: Path, mini: Path):
    appraisal = "STT;Đơn vị;Mã tiêu chí;Điểm thẩm định;Lý do\n1;SỞ AN;2.1;4,5;Thiếu tài liệu kiểm chứng\n"
    folder = write_folder(tmp_path / "n", appraisal=appraisal)
    assert validate_folder(folder).problems == []
    assert scored(folder) == scored(mini)
    (folder / "appraisal.csv").write_text(appraisal.replace("SỞ AN", "Sở Xây dựng"), encoding="utf-8")
    report = validate_folder(folder)
    assert located(report.errors) == [("unknown-unit", "appraisal.csv", 2, "Đơn vị", "Sở Xây dựng")]
    # a per-unit file may name its unit in such a column too
    folder = write_folder(tmp_path / "p", self_assessment=None)
    (folder / "self-assessment").mkdir()
    text = "Tên đơn vị;Mã tiêu chí;Điểm\n" + "".join(
        f"{'Sở An' if r['unit_id'] == 'A' else 'Sở Bình'};{r['code']};{r['score']}\n" for r in read_rows_text(MINI_SELF)
    )
    (folder / "self-assessment" / "phieu tu danh gia.csv").write_text(text, encoding="utf-8")
    assert validate_folder(folder).problems == []
    assert scored(folder) == scored(mini)


def test_a_unit_file_without_scores_is_not_a_missing_file(tmp_path: Path):
    folder = write_folder(tmp_path / "e", self_assessment=None)
    per_unit = folder / "self-assessment"
    per_unit.mkdir()
    unit_workbook(per_unit / "A.xlsx", None, [{"code": "", "score": "", "note": "", "name": "PHẦN I"}])
    unit_workbook(per_unit / "B.xlsx", None, [r for r in read_rows_text(MINI_SELF) if r["unit_id"] == "B"])
    report = validate_folder(folder)
    # A's file is there, only unfilled: its missing criteria are reported in it (2.1 is appraised)
    assert report.notes[-1].message("vi") == (
        "Dòng 6: tiêu đề mục hoặc dòng tổng của cây tiêu chí (không có mã và điểm, tiêu chí cha không ghi điểm, "
        "hoặc đúng bằng tổng điểm các tiêu chí thành phần), không tính là điểm."
    )
    assert [(p.code, p.file, p.params["detail"]) for p in report.errors] == [
        ("missing-score", "self-assessment/A.xlsx", code) for code in ("1.1.1", "1.1.2", "1.2")
    ]
