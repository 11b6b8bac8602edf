"""Blank self-assessment sheets (phiếu tự đánh giá) that go back into parindex unedited.

Each unit's focal person fills one score per appraisal criterion. Handing them a sheet generated
from the framework removes the usual slips (a mistyped code, a parent criterion scored instead of
its sub-criteria, a score above the maximum) before they happen, and the filled sheet is read back
as ``self-assessment.xlsx``/``.csv`` or as ``self-assessment/<unit_id>.xlsx`` without any edit:
the loader reads the *first* sheet, finds the header by its column names (Vietnamese by default,
English with ``--lang en``: both are read back, see :mod:`parindex.columns`) and ignores the columns
it does not need (name, maximum, guidance). The instructions live on a second sheet, so the header
stays on row 1. Survey criteria are left out: units do not score them.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .columns import group_by_name
from .excel import FONT_NAME, cell_text, clean_sheet_name, save_workbook
from .framework import APPRAISAL, Framework, Group
from .i18n import N_, NP_, TextList, Texts, gettext, resolve_lang
from .numbers import format_points
from .output import safe_cell, write_text
from .problems import ParindexError
from .template_levels import add_level_dropdowns

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

COLUMNS = ("unit_id", "code", "name", "max_points", "guidance", "score", "note")
#: The header written for each column: Vietnamese names (what officers type) or the English ones.
#: Every one is an alias of the self-assessment table (parindex.columns), so the sheet reads back.
HEADERS: dict[str, dict[str, str]] = {
    "vi": {
        "unit_id": "Mã đơn vị",
        "code": "Mã tiêu chí",
        "name": "Tên tiêu chí",
        "max_points": "Điểm tối đa",
        "guidance": "Hướng dẫn",
        "score": "Điểm tự đánh giá",
        "note": "Ghi chú",
    },
    "en": {name: name for name in COLUMNS},
}
TEMPLATE_SUFFIXES = (".xlsx", ".csv")

TEXT = Texts(
    {
        "sheet": NP_("sheet", "Self-assessment"),
        "help_sheet": N_("Instructions"),
        "title": N_("PAR Index self-assessment sheet — {group}"),
        "framework": N_("Framework: {title} ({decision})"),
        "unit": N_("Unit: {unit}"),
        "maximum": N_("Maximum of the self-assessed criteria: {points} (survey criteria are not in this sheet)."),
        "error_title": N_("Invalid score"),
        "error": N_("Enter a number from 0 to the criterion's maximum (max_points column), or N/A / KAD."),
        "prompt_title": N_("Self-score"),
        "prompt": N_("A number from 0 to the maximum (max_points), or N/A if not applicable."),
    }
)

#: The numbered instructions of the second sheet ({score}, {note}…: the column names as the sheet writes them).
STEPS = TextList(
    [
        N_("How to fill it in:"),
        N_(
            "1. On the sheet “{sheet}”, write each criterion's score in the {score} column: a number from 0 "
            "to the maximum in {max_points}, e.g. 0.75 (at most 6 decimals)."
        ),
        N_("2. A criterion that does not apply to the unit: write N/A (or KAD) and the reason in {note}."),
        N_("3. {note}: the evidence documents or an explanation."),
        N_(
            "4. Do not change the {unit_id} and {code} columns or the header row; keep “{sheet}” the first "
            "sheet. The {name}, {max_points} and {guidance} columns are for reference only."
        ),
        N_(
            "5. Hand in: name the file after the unit id (e.g. {example}.xlsx) in the assessment folder's "
            "self-assessment/ folder; or merge every unit's rows into one self-assessment.xlsx (then "
            "{unit_id} must be filled in on every row)."
        ),
        N_("6. Check before handing in: parindex validate <assessment folder>."),
    ]
)
#: What each column is for, in a comment on its header cell.
HEADER_NOTES = Texts(
    {
        "unit_id": N_("Unit id (blank: taken from the file name)"),
        "code": N_("Criterion code — do not change"),
        "name": N_("Criterion"),
        "max_points": N_("Maximum"),
        "guidance": N_("Scoring guidance"),
        "score": N_("Self-score: a number from 0 to the maximum, or N/A if not applicable"),
        "note": N_("Evidence / explanation"),
    }
)


class TemplateError(ParindexError, ValueError):
    """A template that cannot be made (unknown group, a group without appraisal criteria, bad suffix)."""


def self_assessed(group: Group) -> bool:
    """Whether GROUP has a criterion its units self-assess (appraisal, bonus or penalty): else no sheet."""
    return any(leaf.scored_as == APPRAISAL for leaf in group.leaves)


def template_group(framework: Framework, group_key: str) -> Group:
    """The group KEY (case-insensitive, or words of its name, as units.csv matches groups); TemplateError
    lists the keys."""
    by_name = group_by_name(group_key, {key: group.name for key, group in framework.groups.items()})
    for key, group in framework.groups.items():
        if key.casefold() == group_key.casefold() or key == by_name:
            if not self_assessed(group):
                raise TemplateError(
                    gettext("group '{group}' has no appraisal criteria: nothing to self-assess").format(group=key)
                )
            return group
    message = gettext("group '{group}' is not in {framework}; groups: {groups}.")
    raise TemplateError(message.format(group=group_key, framework=framework.id, groups=", ".join(framework.groups)))


def template_rows(framework: Framework, group_key: str, unit_id: str | None = None) -> list[dict[str, Any]]:
    """One row per appraisal leaf of the group, in framework order, with score and note empty."""
    group = template_group(framework, group_key)
    return [
        {
            "unit_id": unit_id or "",
            "code": leaf.code,
            "name": leaf.name,
            "max_points": leaf.max_points,
            "guidance": leaf.guidance,
            "score": "",
            "note": "",
        }
        for leaf in group.leaves
        if leaf.scored_as == APPRAISAL  # bonus and penalty leaves are self-assessed too
    ]


def template_csv(framework: Framework, group_key: str, unit_id: str | None = None, lang: str | None = None) -> str:
    """The template as CSV text (comma, dot decimals); score and note left empty; headers in LANG."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([HEADERS[resolve_lang(lang)][name] for name in COLUMNS])
    for row in template_rows(framework, group_key, unit_id):
        cells = [format_points(v) if c == "max_points" else safe_cell(str(v)) for c, v in row.items()]
        writer.writerow(cells)
    return buffer.getvalue()


def score_validation_formula(first_row: int, score_column: str = "F", max_column: str = "D") -> str:
    """Excel custom validation: a number from 0 to the row's maximum, or the text N/A or KAD.

    Written relative to the first row of the range; Excel shifts it for every row below.
    """
    s, m = f"{score_column}{first_row}", f"${max_column}{first_row}"
    return f'OR(AND(ISNUMBER({s}),{s}>=0,{s}<={m}),UPPER(TRIM({s}))="N/A",UPPER(TRIM({s}))="KAD")'


def template_workbook(
    framework: Framework, group_key: str, unit_id: str | None = None, lang: str = "vi", unit_name: str | None = None
) -> Workbook:
    """The xlsx template: the score sheet first (header on row 1), the instructions second."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    lang = resolve_lang(lang)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = clean_sheet_name(TEXT[lang]["sheet"])
    rows = template_rows(framework, group_key, unit_id)
    _score_sheet(sheet, rows, lang)
    _score_validation(sheet, len(rows) + 1, lang)
    group = template_group(framework, group_key)
    add_level_dropdowns(
        sheet, group, [row["code"] for row in rows], get_column_letter(COLUMNS.index("score") + 1), lang
    )
    help_sheet = workbook.create_sheet(clean_sheet_name(TEXT[lang]["help_sheet"]))
    lines = _help_lines(framework, group, unit_id, unit_name, sheet.title, lang)
    _help_sheet(help_sheet, lines)
    return workbook


#: Column widths of the score sheet, in characters.
_WIDTHS = {"unit_id": 12, "code": 9, "name": 55, "max_points": 11, "guidance": 60, "score": 10, "note": 40}


def _score_sheet(sheet: Worksheet, rows: list[dict[str, Any]], lang: str) -> None:
    """The header with its notes, one row per criterion (the cells to fill in shaded), print setup."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    font, bold = Font(name=FONT_NAME, size=11), Font(name=FONT_NAME, size=11, bold=True)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    input_fill = PatternFill("solid", fgColor="FFF2CC")  # the cells the unit fills in
    for i, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i, value=HEADERS[lang][name])
        cell.font, cell.fill, cell.border = bold, header_fill, border
        cell.comment = Comment(HEADER_NOTES[lang][name], "parindex")
    for r, row in enumerate(rows, start=2):
        for i, name in enumerate(COLUMNS, start=1):
            value = row[name]
            if name == "max_points":
                value = float(value)
            elif value == "":
                value = None
            cell = sheet.cell(row=r, column=i, value=cell_text(value))
            cell.font, cell.border = font, border
            cell.alignment = Alignment(vertical="top", wrap_text=name in ("name", "guidance", "note"))
            if name in ("unit_id", "code"):
                cell.number_format = "@"  # ids and codes stay text: "1.10" must not become 1.1
            if name in ("score", "note"):
                cell.fill = input_fill
    for i, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS[name]
    last = len(rows) + 1
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _score_validation(sheet: Worksheet, last: int, lang: str) -> None:
    """Excel's own check on the score cells (rows 2 to LAST): a number up to the maximum, or N/A."""
    from openpyxl.utils import get_column_letter

    score_col = get_column_letter(COLUMNS.index("score") + 1)
    max_col = get_column_letter(COLUMNS.index("max_points") + 1)
    formula = score_validation_formula(2, score_col, max_col)
    add_score_check(sheet, formula, f"{score_col}2:{score_col}{last}", lang)


def add_score_check(sheet: Worksheet, formula: str, cells: str, lang: str, prompt: bool = True) -> None:
    """Excel's check FORMULA on the score CELLS, with its error (and, with PROMPT, its input) message.

    One function for every sheet parindex hands out (a group's sheet, a unit's workbook, the survey
    sheet), so the words a unit sees when Excel refuses a score are the same everywhere.
    """
    from openpyxl.worksheet.datavalidation import DataValidation

    text = TEXT[lang]
    validation = DataValidation(
        type="custom",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=text["error_title"],
        error=text["error"],
    )
    if prompt:
        validation.errorStyle = "stop"
        validation.showInputMessage = True
        validation.promptTitle, validation.prompt = text["prompt_title"], text["prompt"]
    validation.add(cells)
    sheet.add_data_validation(validation)


def _help_lines(
    framework: Framework, group: Group, unit_id: str | None, unit_name: str | None, sheet_title: str, lang: str
) -> list[tuple[str, bool]]:
    """The instructions sheet's lines (text, bold): what the form is, for whom, and the steps."""
    text = TEXT[lang]
    lines: list[tuple[str, bool]] = [
        (text["title"].format(group=group.name), True),
        (text["framework"].format(title=framework.title or framework.id, decision=framework.decision), False),
    ]
    if unit_id:
        lines.append((text["unit"].format(unit=f"{unit_id} — {unit_name}" if unit_name else unit_id), False))
    lines.append((text["maximum"].format(points=format_points(group.method_total(APPRAISAL), lang)), False))
    lines.append(("", False))
    example = unit_id or "SNV"
    lines += [
        (step.format(sheet=sheet_title, example=example, **HEADERS[lang]), i == 0) for i, step in enumerate(STEPS[lang])
    ]
    if framework.provenance:
        lines += [("", False), (framework.provenance_in(lang).splitlines()[0], False)]
    return lines


def _help_sheet(sheet: Worksheet, lines: list[tuple[str, bool]]) -> None:
    """LINES one per row in column A, the first as a title, wrapped."""
    from openpyxl.styles import Alignment, Font

    for r, (line, is_bold) in enumerate(lines, start=1):
        cell = sheet.cell(row=r, column=1, value=cell_text(line) if line else None)
        cell.font = Font(name=FONT_NAME, size=12 if r == 1 else 11, bold=is_bold or r == 1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120


def write_template(
    framework: Framework,
    group_key: str,
    path: str | os.PathLike[str],
    unit_id: str | None = None,
    lang: str = "vi",
    inputs: list[Path] | None = None,
    unit_name: str | None = None,
) -> None:
    """Write the template to PATH (.xlsx or .csv, by its suffix), atomically; never over an input."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TEMPLATE_SUFFIXES:
        raise TemplateError(gettext("{name}: the template is written as .xlsx or .csv").format(name=path.name))
    if suffix == ".csv":
        from .output import check_output_path

        text = template_csv(framework, group_key, unit_id, lang)
        check_output_path(path, inputs or [], future_inputs=False)
        write_text(path, text)
        return
    workbook = template_workbook(framework, group_key, unit_id, lang, unit_name)
    save_workbook(workbook, path, inputs or [], future_inputs=False)
