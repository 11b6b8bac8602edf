"""The survey scores sheet (`parindex template FOLDER --survey --out PATH.xlsx`).

Why: the survey's results arrive as a report per unit; typing them into a sheet that already has
one row per unit and survey criterion, with the maximum beside the empty score, leaves only the
numbers to type. Saved as ``survey.xlsx`` in the assessment folder, it is read back unedited: its
header is on row 1, the unit's and criterion's names are columns the reader ignores (a unit id is
on every row), and the instructions are on a second sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .excel import FONT_NAME, cell_text, clean_sheet_name
from .framework import SURVEY, Framework
from .i18n import N_, NP_, TextList, Texts, gettext, resolve_lang
from .inputs.model import Unit
from .templates import TEXT, TemplateError, add_score_check, score_validation_formula
from .workbook_files import save_workbook

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

COLUMNS = ("unit_id", "unit_name", "code", "name", "max_points", "score", "note")
#: The header of each column: every one an alias of the survey table, or a column the reader ignores.
HEADERS = {
    "vi": {
        "unit_id": "Mã đơn vị",
        "unit_name": "Tên đơn vị",
        "code": "Mã tiêu chí",
        "name": "Tên tiêu chí",
        "max_points": "Điểm tối đa",
        "score": "Điểm điều tra XHH",
        "note": "Ghi chú",
    },
    "en": {name: name for name in COLUMNS},
}
_WIDTHS = {"unit_id": 11, "unit_name": 32, "code": 9, "name": 50, "max_points": 10, "score": 12, "note": 30}
WORDS = Texts({"sheet": NP_("sheet", "Survey"), "title": N_("PAR Index survey scores {year} — {framework}")})
STEPS = TextList(
    [
        N_(
            "1. Write each unit's score for each survey criterion in {score}: a number from 0 to the maximum in "
            "{max_points}."
        ),
        N_("2. Keep the {unit_id} and {code} columns and the header row as they are; the sheet “{sheet}” first."),
        N_("3. Save the file as survey.xlsx in the assessment folder."),
    ]
)


def survey_rows(framework: Framework, units: list[Unit]) -> list[dict[str, Any]]:
    """One row per unit and survey leaf of its group, in units.csv order then framework order."""
    rows = [
        {"unit_id": unit.unit_id, "unit_name": unit.name, "code": leaf.code, "name": leaf.name,
         "max_points": float(leaf.max_points), "score": None, "note": None}
        for unit in units
        for leaf in framework.groups[unit.group].leaves
        if leaf.method == SURVEY
    ]  # fmt: skip
    if not rows:
        raise TemplateError(gettext("the framework has no survey criteria for the units of units.csv."))
    return rows


def survey_workbook(framework: Framework, units: list[Unit], year: int | str, lang: str = "vi") -> Workbook:
    """The survey sheet (header on row 1, score cells checked and the only ones unlocked), then instructions."""
    from openpyxl import Workbook

    lang = resolve_lang(lang)
    rows = survey_rows(framework, units)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = clean_sheet_name(WORDS[lang]["sheet"])
    _table(sheet, rows, lang)
    help_sheet = workbook.create_sheet(clean_sheet_name(TEXT[lang]["help_sheet"]))
    lines = [WORDS[lang]["title"].format(year=year, framework=framework.title or framework.id), ""]
    lines += [step.format(sheet=sheet.title, **HEADERS[lang]) for step in STEPS[lang]]
    for r, line in enumerate(lines, start=1):
        help_sheet.cell(row=r, column=1, value=cell_text(line) if line else None)
    help_sheet.column_dimensions["A"].width = 110
    return workbook


def _table(sheet: Worksheet, rows: list[dict[str, Any]], lang: str) -> None:
    """Header, rows, the score check, and protection leaving only score and note editable."""
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    bold, fill = Font(name=FONT_NAME, bold=True), PatternFill("solid", fgColor="FFF2CC")
    for i, name in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=i, value=HEADERS[lang][name]).font = bold
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS[name]
    for r, row in enumerate(rows, start=2):
        for i, name in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=r, column=i, value=cell_text(row[name]))
            if name in ("unit_id", "code"):
                cell.number_format = "@"
            if name in ("score", "note"):
                cell.fill, cell.protection = fill, Protection(locked=False)
    score, maximum = get_column_letter(COLUMNS.index("score") + 1), get_column_letter(COLUMNS.index("max_points") + 1)
    add_score_check(sheet, score_validation_formula(2, score, maximum), f"{score}2:{score}{len(rows) + 1}", lang, False)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = False


def write_survey_template(
    framework: Framework,
    units: list[Unit],
    year: int | str,
    path: Path,
    lang: str = "vi",
    inputs: list[Path] | None = None,
) -> None:
    """Write the survey sheet to PATH (.xlsx) atomically; never over an input (survey.xlsx may be written new)."""
    if path.suffix.lower() != ".xlsx":
        raise TemplateError(gettext("{name}: the survey sheet is written as .xlsx").format(name=path.name))
    save_workbook(survey_workbook(framework, units, year, lang), path, inputs or [], future_inputs=False)
