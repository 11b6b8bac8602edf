"""The appraisal council's worksheet: one row per unit and appraisal criterion, the unit's self-score
and evidence filled in, the appraised score, the reason, the round and the unit's explanation left to
the council. Saved as ``appraisal.xlsx`` in the assessment folder, it is read back as it is.

Why: the council appraises every unit's self-assessment criterion by criterion; typing unit ids,
codes and self-scores into a sheet of its own is where its mistakes came from. Here only the
council's cells can change (the sheet is protected without a password), and a blank appraised
score means the council accepted the self-score, so the council types only what it changes. Rows
added below the table (each cell there is open) carry round 2: the unit id, the code, ``2`` in the
round column, the final score, the reason and the unit's explanation.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .assessment import APPRAISAL_FILE, SURVEY_FILE, Assessment
from .excel import FONT_NAME, cell_text, clean_sheet_name, save_workbook
from .framework import ADJUSTMENTS, APPRAISAL
from .i18n import N_, NP_, TextList, Texts, resolve_lang
from .problems import ERROR, InvalidInput, Report
from .templates import score_validation_formula

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: The worksheet's columns; the last four are the council's.
COLUMNS = (
    "unit_id",
    "unit_name",
    "code",
    "criterion",
    "max_points",
    "self_score",
    "evidence",
    "score",
    "reason",
    "round",
    "explanation",
)
COUNCIL = frozenset(("score", "reason", "round", "explanation"))
#: Headers as the appraisal table reads them back (`columns.APPRAISAL`): the self-score, criterion,
#: maximum and evidence columns are not appraisal columns and are ignored when read.
HEADERS = {
    "vi": {
        "unit_id": "Mã đơn vị",
        "unit_name": "Tên đơn vị",
        "code": "Mã tiêu chí",
        "criterion": "Tên tiêu chí",
        "max_points": "Điểm tối đa",
        "self_score": "Điểm tự đánh giá",
        "evidence": "Tài liệu kiểm chứng",
        "score": "Điểm thẩm định",
        "reason": "Lý do",
        "round": "Vòng",
        "explanation": "Giải trình",
    },
    "en": {
        "unit_id": "unit_id",
        "unit_name": "unit_name",
        "code": "code",
        "criterion": "criterion",
        "max_points": "max_points",
        "self_score": "self score",
        "evidence": "evidence",
        "score": "appraised score",
        "reason": "reason",
        "round": "round",
        "explanation": "explanation",
    },
}
_WIDTHS = {"unit_name": 28, "criterion": 45, "evidence": 30, "reason": 35, "explanation": 35}
TEXT = Texts(
    {
        "sheet": NP_("sheet", "Appraisal"),
        "help_sheet": N_("Instructions"),
        "title": N_("The appraisal council's worksheet: {year}"),
    }
)
STEPS = TextList(
    (
        N_("Fill in only the shaded columns; the others come from the units' self-assessments."),
        N_("Leave the appraised score blank where the council accepts the unit's self-score."),
        N_("Where the council changes a score, type the new score (or KAD / N/A) and the reason."),
        N_(
            "Round 2 (after the units' explanations): add a row below the table with the unit id, the criterion "
            "code, 2 in the round column, the final score, the reason and the unit's explanation."
        ),
        N_("Save the workbook as appraisal.xlsx in the assessment folder, then run 'parindex validate'."),
    )
)


#: Errors that do not stop the worksheet: scores a unit still owes.
_OWED = frozenset(("missing-score", "missing-unit-file"))


def worksheet_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """One row per unit (units.csv order) and appraisal criterion, with its self-score and evidence.

    Bonus and penalty criteria are appraised by the council like the others, so they are rows too."""
    from .details import leaf_details

    rows = []
    for detail in leaf_details(assessment):
        if detail.method != APPRAISAL and detail.method not in ADJUSTMENTS:
            continue
        self_score: Any = "KAD" if detail.self_na else detail.self_score
        rows.append(
            {
                "unit_id": detail.unit_id,
                "unit_name": detail.unit_name,
                "code": detail.code,
                "criterion": detail.name,
                "max_points": float(detail.max_points),
                "self_score": float(self_score) if self_score not in (None, "KAD") else self_score,
                "evidence": detail.evidence or None,
                "score": None,
                "reason": None,
                "round": 1,
                "explanation": None,
            }
        )
    return rows


def load_for_worksheet(folder: str | os.PathLike[str]) -> Assessment:
    """FOLDER loaded for the worksheet: its units and self-assessments must be valid, but a unit may
    still owe scores (their self-score cells stay blank); the appraisal and the survey may still be
    missing (or wrong): the worksheet is made before them.

    Raises InvalidInput with the problems that stop it.
    """
    from .inputs.load import load

    report = Report()
    loaded = load(Path(folder), report)
    later = (APPRAISAL_FILE, SURVEY_FILE)
    errors = [p for p in report.problems if p.severity == ERROR]
    blocking = [p for p in errors if not p.file.startswith(later) and p.code not in _OWED]
    if loaded is None or blocking:
        stopping = Report()
        stopping.extend(blocking or errors)
        raise InvalidInput(stopping)
    return loaded


def appraisal_workbook(assessment: Assessment, lang: str = "vi") -> Workbook:
    """The worksheet (header on row 1, read back as is) and its instructions sheet."""
    from openpyxl import Workbook

    lang = resolve_lang(lang)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = clean_sheet_name(TEXT[lang]["sheet"])
    rows = worksheet_rows(assessment)
    _fill(sheet, rows, lang)
    _validation(sheet, len(rows) + 1)
    _protect(sheet)
    help_sheet = workbook.create_sheet(clean_sheet_name(TEXT[lang]["help_sheet"]))
    lines = [TEXT[lang]["title"].format(year=assessment.year), "", *STEPS[lang]]
    for r, line in enumerate(lines, start=1):
        help_sheet.cell(row=r, column=1, value=cell_text(line) if line else None)
    help_sheet.column_dimensions["A"].width = 120
    return workbook


def _fill(sheet: Worksheet, rows: list[dict[str, Any]], lang: str) -> None:
    """The header and the rows; the council's cells shaded and open, every other cell of the table locked."""
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    bold = Font(name=FONT_NAME, size=11, bold=True)
    shade = PatternFill("solid", fgColor="FFF2CC")
    locked, open_ = Protection(locked=True), Protection(locked=False)
    for i, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 12)
        sheet.column_dimensions[letter].protection = open_  # rows added below the table (round 2)
        header = sheet.cell(row=1, column=i, value=HEADERS[lang][name])
        header.font, header.protection = bold, locked
    for r, row in enumerate(rows, start=2):
        for i, name in enumerate(COLUMNS, start=1):
            value = row[name]
            cell = sheet.cell(row=r, column=i, value=cell_text(value) if isinstance(value, str) else value)
            if name in ("unit_id", "code"):
                cell.number_format = "@"  # "1.10" must stay a code, not become 1.1
            cell.protection = open_ if name in COUNCIL else locked
            if name in COUNCIL:
                cell.fill = shade
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"


def _validation(sheet: Worksheet, last: int) -> None:
    """Excel's own checks: an appraised score from 0 to the row's maximum (or KAD / N/A); round 1 or 2."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def letter(name: str) -> str:
        return get_column_letter(COLUMNS.index(name) + 1)

    formula = score_validation_formula(2, letter("score"), letter("max_points"))
    score = DataValidation(type="custom", formula1=formula, allow_blank=True)
    score.add(f"{letter('score')}2:{letter('score')}{last}")
    rounds = DataValidation(type="whole", operator="between", formula1="1", formula2="2", allow_blank=True)
    rounds.add(f"{letter('round')}2:{letter('round')}1048576")
    for validation in (score, rounds):
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)


def _protect(sheet: Worksheet) -> None:
    """Protected without a password: the locked cells cannot change; filters, sorting and new rows can."""
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = False
    protection.sort = False
    protection.insertRows = False
    protection.formatColumns = False


def write_appraisal_sheet(
    folder: str | os.PathLike[str], path: str | os.PathLike[str], lang: str = "vi", inputs: list[Path] | None = None
) -> None:
    """The council's worksheet of FOLDER written to PATH (.xlsx), atomically and never over an input.

    Raises InvalidInput when the folder's units or self-assessments have errors, OutputError for
    a path that cannot be written.
    """
    workbook = appraisal_workbook(load_for_worksheet(folder), lang)
    save_workbook(workbook, Path(path), inputs or [], future_inputs=False)
