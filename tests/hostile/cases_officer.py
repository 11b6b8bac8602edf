"""Folders saved the way officers save them (issue 9): Vietnamese headers, title rows, per-unit workbooks.

The builders here are shared with tests/test_officer.py, which checks the exact problems; the
harness checks that every command answers each case without a traceback.
"""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from conftest import EXAMPLE, MINI_SELF, MINI_UNITS, write_folder
from hostile.case import Case
from parindex.framework import Group, load_framework

#: The title block of an official self-assessment form (merged cells over the table's width).
TITLE = ("UBND TỈNH LAI CHÂU", "PHIẾU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023")
#: The header of that form: no unit id column, a line break inside a header cell, evidence beside notes.
FORM_HEADER = ("STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm\ntự đánh giá", "Tài liệu kiểm chứng", "Ghi chú")


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def semicolon_csv(path: Path, title: list[str], header: list[str], rows: list[list[str]]) -> None:
    """A CSV as Vietnamese Excel saves it: BOM, ';', CRLF, title rows padded with separators."""
    width = len(header)
    lines = [";".join([t] + [""] * (width - 1)) for t in title] + [";" * (width - 1)]
    lines += [";".join(header)] + [";".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))


def comma(score: str) -> str:
    """A score typed with a decimal comma, as Vietnamese Excel shows it."""
    return score.replace(".", ",")


def unit_workbook(path: Path, unit_line: str | None, rows: list[dict[str, str]], unit_id_column: bool = False) -> None:
    """A per-unit form: merged title rows, an 'Đơn vị: …' line, a blank row, then the table at row 5."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = (("Mã đơn vị",) if unit_id_column else ()) + FORM_HEADER
    for number, title in enumerate(TITLE, start=1):
        sheet.cell(number, 1, title)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(header))
    if unit_line is not None:
        sheet.cell(3, 1, unit_line)
    for column, name in enumerate(header, start=1):
        sheet.cell(5, column, name)
    for number, row in enumerate(rows, start=1):
        score: object = row["score"]
        if score.replace(".", "", 1).isdigit():
            score = float(score) if number % 2 else comma(score)  # a number, or text with a decimal comma
        cells = [
            number,
            row["code"],
            row.get("name", ""),
            None,
            score,
            f"Báo cáo số {number}/BC" if number % 3 == 0 else None,
            row["note"],
        ]
        sheet.append(([""] if unit_id_column else []) + cells)
    book.save(path)


def with_tree(rows: list[dict[str, str]], group: Group) -> list[dict[str, str]]:
    """A unit's rows laid out as forms print them: the whole criteria tree, a heading above each domain,
    domains without a score, and each criterion above its sub-criteria with their subtotal."""
    by_code = {r["code"]: r for r in rows}
    laid: list[dict[str, str]] = []
    for code, node in group.nodes.items():
        if node.depth == 1:
            laid.append({"code": "", "score": "", "note": "", "name": f"PHẦN {code}. {node.name.upper()}"})
        if node.is_leaf:
            if code in by_code:
                laid.append(by_code[code])
            continue
        below = [by_code[leaf.code]["score"] for leaf in group.leaves[group.leaf_slices[code]] if leaf.code in by_code]
        numbers = [Decimal(s) for s in below if s.replace(".", "", 1).isdigit()]
        subtotal = str(sum(numbers, Decimal(0))) if below and node.depth > 1 else ""
        laid.append({"code": code, "score": subtotal, "note": "", "name": node.name})
    return laid


def officer_twin(root: Path) -> Path:
    """examples/lai-chau-2023 saved the way officers save it; it must score exactly like the original."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "parindex.toml", root / "parindex.toml")
    units = read_rows(EXAMPLE / "units.csv")
    semicolon_csv(
        root / "units.csv",
        ["UBND TỈNH LAI CHÂU", "DANH SÁCH CƠ QUAN, ĐƠN VỊ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM 2023"],
        ["Mã đơn vị", "Tên đơn vị", "Nhóm", "Xếp hạng"],
        [[u["unit_id"], u["name"], u["group"], "có" if u["ranked"] == "yes" else "không"] for u in units],
    )
    per_unit = root / "self-assessment"
    per_unit.mkdir()
    self_rows = read_rows(EXAMPLE / "self-assessment.csv")
    framework = load_framework("lai-chau-1726-2022")
    for unit in units:
        rows = with_tree([r for r in self_rows if r["unit_id"] == unit["unit_id"]], framework.groups[unit["group"]])
        unit_workbook(per_unit / f"{unit['unit_id']}.xlsx", f"Đơn vị: {unit['name']}", rows)
    own = {(r["unit_id"], r["code"]): r["score"] for r in self_rows}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CCHC NĂM 2023 CỦA HỘI ĐỒNG THẨM ĐỊNH"])
    sheet.append([])
    sheet.append(["mã đơn vị", "MÃ TIÊU CHÍ", "Điểm tự đánh giá", "Điểm thẩm định", "Lý do"])  # any case
    for row in read_rows(EXAMPLE / "appraisal.csv"):
        sheet.append([row["unit_id"], row["code"], own.get((row["unit_id"], row["code"])), row["score"], row["note"]])
    book.save(root / "appraisal.xlsx")
    semicolon_csv(
        root / "survey.csv",
        ["KẾT QUẢ ĐIỀU TRA XÃ HỘI HỌC NĂM 2023"],
        ["Ma don vi", "Ma tieu chi", "Diem dieu tra XHH"],  # typed without diacritics
        [[r["unit_id"], r["code"], comma(r["score"])] for r in read_rows(EXAMPLE / "survey.csv")],
    )
    return root


def titled_self_assessment(root: Path) -> Path:
    """A self-assessment CSV with a title row and a unit line above the header (once 53 x malformed-row)."""
    folder = write_folder(root)
    text = "PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM 2024\nĐơn vị: Sở Nội vụ\n\n" + MINI_SELF
    (folder / "self-assessment.csv").write_text(text, encoding="utf-8")
    return folder


def unnamed_unit_file(root: Path) -> Path:
    """Per-unit workbooks where B's is saved under its name with no unit id (once 1 x unknown-unit per row)."""
    folder = write_folder(root, self_assessment=None)
    per_unit = folder / "self-assessment"
    per_unit.mkdir()
    rows = read_rows_text(MINI_SELF)
    unit_workbook(per_unit / "A.xlsx", None, [r for r in rows if r["unit_id"] == "A"])
    b_rows = [r for r in rows if r["unit_id"] == "B"]
    unit_workbook(per_unit / "Sở Bình - tự đánh giá.xlsx", "Đơn vị: Sở Bình", b_rows, unit_id_column=True)
    return folder


def read_rows_text(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def vietnamese_units(root: Path) -> Path:
    """units.csv headed in Vietnamese with ';' (once 'Thiếu cột bắt buộc unit_id … mã_đơn_vị')."""
    text = MINI_UNITS.replace("unit_id,name,group,ranked", "Mã đơn vị,Tên đơn vị,Nhóm,Xếp hạng").replace(",", ";")
    return write_folder(root, units=text.replace("yes", "Có"))


def tree_forms(root: Path) -> Path:
    """Per-unit forms printing the whole criteria tree: headings, blank domain rows, subtotals."""
    folder = write_folder(root, self_assessment=None)
    per_unit = folder / "self-assessment"
    per_unit.mkdir()
    group = load_framework("framework", folder).groups["so"]
    rows = read_rows_text(MINI_SELF)
    for unit in "AB":
        unit_workbook(per_unit / f"{unit}.xlsx", None, with_tree([r for r in rows if r["unit_id"] == unit], group))
    return folder


CASES = [
    Case("officer-forms-with-the-criteria-tree", tree_forms, exit_code=0, first_code=None),
    Case("officer-title-rows-above-header", titled_self_assessment, exit_code=0, first_code=None),
    Case("officer-vietnamese-units-header", vietnamese_units, exit_code=0, first_code=None),
    Case(
        "officer-unit-file-named-by-unit-name",
        unnamed_unit_file,
        exit_code=1,
        first_code="unit-not-identified",
        says=("Name the file B.xlsx",),
    ),
]
