"""One self-assessment workbook per unit (`parindex template FOLDER --out DIR/`), for units that have no parindex.

Why a layout of its own: the single-group template (:mod:`parindex.templates`) is a working sheet for
the secretariat. The workbook sent to a unit must stand alone: a title block with the unit's name and
group (the header row is then not row 1: the readers find the header by its names), its group's
appraisal criteria with maxima and guidance, the three columns the unit fills (score, note, evidence)
as the only cells that can change (sheet protection without a password: it prevents slips, not
intent), and a "Hướng dẫn" sheet written for the unit's focal person, which never mentions parindex.
Dropped unchanged into ``self-assessment/`` once filled, each workbook is read as ``<unit_id>.xlsx``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .excel import FONT_NAME, cell_text, clean_sheet_name
from .framework import APPRAISAL, Framework, Group
from .i18n import N_, TextList, Texts, resolve_lang
from .numbers import format_points
from .template_levels import add_level_dropdowns
from .templates import (
    HEADER_NOTES,
    HEADERS,
    TEXT,
    add_score_check,
    score_validation_formula,
    template_group,
    template_rows,
)

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: The columns of a unit's workbook: the template's, then the evidence the unit cites.
COLUMNS = ("unit_id", "code", "name", "max_points", "guidance", "score", "note", "evidence")
#: The columns a unit fills in: the only unlocked cells of the sheet.
INPUT_COLUMNS = ("score", "note", "evidence")
UNIT_HEADERS = {
    "vi": {**HEADERS["vi"], "evidence": "Tài liệu kiểm chứng"},
    "en": {**HEADERS["en"], "evidence": "evidence"},
}
_WIDTHS = {"unit_id": 11, "code": 9, "name": 50, "max_points": 10, "guidance": 50, "score": 11, "note": 30}
_WIDTHS["evidence"] = 40

WORDS = Texts(
    {
        "title": N_("PAR INDEX SELF-ASSESSMENT {year}"),
        "unit": N_("Unit: {name} (unit id {unit_id})"),
        "group": N_("Group: {group}"),
        "framework": N_("Framework: {title} ({decision})"),
        "cells": N_("Fill in the yellow cells only; the other cells are locked. See the sheet “{help}”."),
        "note_note": N_("Explanation (e.g. why a document is missing), or the reason for N/A"),
        "evidence_note": N_("Evidence documents: number, date and title of each document supporting the score"),
        "help_title": N_("HOW TO FILL IN THE SELF-ASSESSMENT — {name}"),
    }
)
#: The unit's instructions ({score}, {note}…: the column names as the sheet writes them).
UNIT_STEPS = TextList(
    [
        N_("This workbook is for {name} (unit id {unit_id}), group {group}, assessment year {year}."),
        N_(
            "Who fills it in: the unit's focal person for administrative reform; the unit's head checks it "
            "before it is sent."
        ),
        N_(
            "1. On the sheet “{sheet}”, write each criterion's score in the {score} column: a number from 0 to "
            "the maximum in {max_points}. A decimal comma or point is fine (0,5 or 0.5), at most 6 decimals."
        ),
        N_("2. A criterion that does not apply to the unit: write N/A (or KAD) and the reason in {note}."),
        N_(
            "3. {evidence}: the documents that support the score (number, date, title), one per line "
            "(Alt+Enter starts a new line in a cell)."
        ),
        N_("4. {note}: any explanation, e.g. why a document is missing."),
        N_(
            "5. Only the yellow cells can be changed: do not add or delete rows, and keep the other columns, the "
            "header row and the file name. The sheet is locked without a password, against slips."
        ),
        N_(
            "6. Send it back: save it as an Excel workbook (.xlsx) under the same name, {file}, to the secretariat "
            "of the appraisal council (the Department of Home Affairs), by the date of the year's plan."
        ),
    ]
)


@dataclass(frozen=True)
class UnitSheet:
    """Who a workbook is for: the unit (as units.csv spells it), its group and the year assessed."""

    unit_id: str
    name: str
    group: str
    year: int | str


def file_name(unit_id: str) -> str:
    """The workbook's name: the unit id, which the loader takes for a blank unit id."""
    return f"{unit_id}.xlsx"


def unit_workbook(framework: Framework, unit: UnitSheet, lang: str = "vi") -> Workbook:
    """The unit's workbook: the protected score sheet with its title block, then "Hướng dẫn"."""
    from openpyxl import Workbook

    lang = resolve_lang(lang)
    group = template_group(framework, unit.group)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = clean_sheet_name(TEXT[lang]["sheet"])
    help_title = clean_sheet_name(TEXT[lang]["help_sheet"])
    header_row = _title_block(sheet, framework, group, unit, help_title, lang)
    rows = template_rows(framework, unit.group, unit.unit_id)
    _table(sheet, rows, header_row, lang)
    _validation(sheet, header_row, len(rows), lang)
    codes = [row["code"] for row in rows]
    add_level_dropdowns(sheet, group, codes, _letter("score"), lang, header_row)
    _protect(sheet, header_row, len(rows))
    _help(workbook.create_sheet(help_title), framework, group, unit, sheet.title, lang)
    return workbook


def _title_block(
    sheet: Worksheet, framework: Framework, group: Group, unit: UnitSheet, help_title: str, lang: str
) -> int:
    """Rows 1–5: the title, the unit, its group, the framework, which cells to fill; returns the header row."""
    from openpyxl.styles import Font

    words = WORDS[lang]
    lines = [
        words["title"].format(year=unit.year),
        words["unit"].format(name=unit.name, unit_id=unit.unit_id),
        words["group"].format(group=group.name),
        words["framework"].format(title=framework.title or framework.id, decision=framework.decision),
        words["cells"].format(help=help_title),
    ]
    for row, line in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=cell_text(line))
        cell.font = Font(name=FONT_NAME, size=13 if row == 1 else 11, bold=row <= 2)
    return len(lines) + 2


def _table(sheet: Worksheet, rows: list[dict[str, Any]], header_row: int, lang: str) -> None:
    """The header (with a note on each cell) and one row per criterion, the cells to fill shaded."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    font, bold = Font(name=FONT_NAME, size=11), Font(name=FONT_NAME, size=11, bold=True)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    words = WORDS[lang]
    notes = {**HEADER_NOTES[lang], "note": words["note_note"], "evidence": words["evidence_note"]}
    for i, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=i, value=UNIT_HEADERS[lang][name])
        cell.font, cell.border = bold, border
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.comment = Comment(notes[name], "parindex")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS[name]
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    for r, row in enumerate(rows, start=header_row + 1):
        for i, name in enumerate(COLUMNS, start=1):
            value = float(row["max_points"]) if name == "max_points" else row.get(name) or None
            cell = sheet.cell(row=r, column=i, value=cell_text(value))
            cell.font, cell.border = font, border
            cell.alignment = Alignment(vertical="top", wrap_text=name in ("name", "guidance", "note", "evidence"))
            if name in ("unit_id", "code"):
                cell.number_format = "@"  # ids and codes stay text: "1.10" must not become 1.1
            if name in INPUT_COLUMNS:
                cell.fill = input_fill
    last = get_column_letter(len(COLUMNS))
    sheet.freeze_panes = f"C{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(rows)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _letter(name: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(COLUMNS.index(name) + 1)


def unit_score_formula(first_row: int, score_column: str = "F", max_column: str = "D") -> str:
    """The template's check (a number up to the maximum, or N/A / KAD), also passing a decimal typed as text.

    Why: the guide tells a unit that 0,5 and 0.5 are both fine, and parindex reads both; but Excel
    keeps whichever is not its own decimal mark as text, which the plain check refuses. The text is
    read with both marks made the sheet's own (``MID(1/2,2,1)`` is "," or "." as Excel writes 0.5).
    """
    s, m = f"{score_column}{first_row}", f"${max_column}{first_row}"
    number = f'VALUE(SUBSTITUTE(SUBSTITUTE(TRIM({s}),",","."),".",MID(1/2,2,1)))'
    text = f"IFERROR(AND(ISTEXT({s}),{number}>=0,{number}<={m}),FALSE)"
    return f"OR({score_validation_formula(first_row, score_column, max_column)},{text})"


def _validation(sheet: Worksheet, header_row: int, count: int, lang: str) -> None:
    """Excel's own check on the score cells: a number up to the row's maximum, or N/A / KAD."""
    first = header_row + 1
    score, maximum = _letter("score"), _letter("max_points")
    cells = f"{score}{first}:{score}{header_row + count}"
    add_score_check(sheet, unit_score_formula(first, score, maximum), cells, lang)


def _protect(sheet: Worksheet, header_row: int, count: int) -> None:
    """Lock every cell but the unit's three columns; no password (it guards against slips, not intent).

    Column widths, row heights and the filter stay usable: an officer widens a column to read a
    long criterion without unlocking anything.
    """
    from openpyxl.styles import Protection

    unlocked = Protection(locked=False)
    for name in INPUT_COLUMNS:
        column = _letter(name)
        for row in range(header_row + 1, header_row + count + 1):
            sheet[f"{column}{row}"].protection = unlocked
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = False
    protection.selectLockedCells = protection.selectUnlockedCells = False


def _help(sheet: Worksheet, framework: Framework, group: Group, unit: UnitSheet, title: str, lang: str) -> None:
    """The unit's instructions: whom the workbook is for, who fills what, how, and where it goes back."""
    from openpyxl.styles import Alignment, Font

    values = {
        **UNIT_HEADERS[lang],  # the column names first: "name" and "unit_id" below are the unit's
        "name": unit.name,
        "unit_id": unit.unit_id,
        "group": group.name,
        "year": unit.year,
        "sheet": title,
        "file": file_name(unit.unit_id),
    }
    maximum = format_points(group.method_total(APPRAISAL), lang)
    lines = [WORDS[lang]["help_title"].format(name=unit.name), ""]
    lines += [step.format(**values) for step in UNIT_STEPS[lang]]
    lines += ["", TEXT[lang]["maximum"].format(points=maximum)]
    if framework.provenance:
        lines += ["", framework.provenance_in(lang).strip().splitlines()[0]]
    for r, line in enumerate(lines, start=1):
        cell = sheet.cell(row=r, column=1, value=cell_text(line) if line else None)
        cell.font = Font(name=FONT_NAME, size=12 if r == 1 else 11, bold=r == 1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120
