"""Every problem code parindex reports: its message template and the parameters it takes.

Why a module of its own: the codes are an API (a script may test ``"code": "missing-score"``), so
the list is kept apart from the machinery that builds, groups and shows problems, and a test
checks it against the README's list. The templates are English msgids marked with ``N_``; their
Vietnamese forms live in the gettext catalogue (``locale/vi/LC_MESSAGES/parindex.po``) with every
other word, and :meth:`parindex.problems.Problem.message` translates them when shown.
"""

from __future__ import annotations

from typing import NamedTuple

from .i18n import N_


class Code(NamedTuple):
    """One problem code: its English template and the names of the parameters it takes.

    ``value`` and ``column`` are fields of every problem; ``params`` names the others (frictionless'
    error types declare theirs the same way), so a problem built with a parameter its code does not
    take is refused where it is built, not shown as a message with a hole.
    """

    template: str
    params: tuple[str, ...] = ()


#: Every problem code: its English template (the msgid: the Vietnamese is in the catalogue) and the
#: parameters it takes besides ``value`` and ``column``. Templates use str.format with those.
MESSAGES: dict[str, Code] = {
    # parindex.toml names only the framework: the folder's tables have fixed names, so no file is "named" there
    "missing-file": Code(N_("File not found: {detail}. Create it, or check its name and where it is."), ("detail",)),
    "not-a-file": Code(N_("{detail} is a folder or unreadable, not a data file."), ("detail",)),
    "empty-file": Code(N_("The file is empty: it needs a header row and data rows."), ()),
    "encoding-error": Code(
        N_("The file is not UTF-8 text ({detail}). In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'."),
        ("detail",),
    ),
    "invalid-config": Code(N_("parindex.toml is not valid: {detail}."), ("detail",)),
    # two files of one table (survey.csv and survey.xlsx): which one is meant is the user's to say
    "duplicate-table": Code(
        N_("The folder has several files of table '{value}' ({detail}); keep one of them, move or rename the others."),
        ("detail",),
    ),
    # "column" as a parameter: the column's name as the user's header writes it (the field keeps parindex's name)
    "missing-column": Code(N_("Required column '{column}' is missing. Columns found: {detail}."), ("column", "detail")),
    "duplicate-column": Code(
        N_("The header has {detail}: both are read as column '{column}'; keep one."), ("column", "detail")
    ),
    "malformed-row": Code(
        N_("The row has {detail} cells; the header has {expected}. Check for a stray separator or a missing cell."),
        ("detail", "expected"),
    ),
    "unreadable-csv": Code(
        N_("The file cannot be read as CSV ({detail}). Open it in Excel and save it again as 'CSV UTF-8'."),
        ("detail",),
    ),
    "excel-date": Code(
        N_(
            "'{value}' in column '{column}' is a date: Excel turned what was typed into a date. Format the "
            "column as Text, type the value again and save."
        ),
        (),
    ),
    "missing-value": Code(N_("Column '{column}' is empty in this row; fill it in."), ()),
    "invalid-value": Code(N_("'{value}' is not allowed in column '{column}': use {detail}."), ("detail",)),
    "duplicate-unit": Code(
        N_("Unit id '{value}' is listed twice (first at row {detail}); each unit once."),
        ("detail",),
    ),
    "unknown-group": Code(N_("Group '{value}' is not in the framework; use one of: {detail}."), ("detail",)),
    "unknown-unit": Code(N_("Unit id '{value}' is not in units.csv; add the unit or correct the id."), ()),
    "unknown-criterion": Code(N_("Criterion code '{value}' is not in the framework of group '{detail}'."), ("detail",)),
    "not-a-leaf": Code(
        N_("'{value}' has sub-criteria ({detail}); score the sub-criteria, not their parent."),
        ("detail",),
    ),
    "wrong-method": Code(
        N_("Criterion '{value}' is scored by {detail}; move this row to {expected}."),
        ("detail", "expected"),
    ),
    "invalid-number": Code(
        N_(
            "'{value}' is not a score: write a decimal with the digits 0–9, such as 0.75 or 0,75 (at most 6 "
            "decimals), or N/A."
        ),
        (),
    ),
    "out-of-range": Code(
        N_(
            "Score {value} is not between 0 and {detail}, the maximum of criterion {expected}. Correct the score "
            "or the criterion code."
        ),
        ("detail", "expected"),
    ),
    "not-a-level": Code(
        N_("Score {value} is not one of the levels of criterion {expected}: {detail}. Choose one of these scores."),
        ("detail", "expected"),
    ),
    "duplicate-row": Code(
        N_("Unit '{value}' has criterion {detail} twice in this file (first at row {expected}); keep one row."),
        ("detail", "expected"),
    ),
    "missing-score": Code(
        N_("Unit '{value}' has no score for criterion {detail} ({expected}); add a row, or N/A if not applicable."),
        ("detail", "expected"),
    ),
    "framework-sum-mismatch": Code(
        N_("Criterion {value} has maximum {detail} but its children add up to {expected}."),
        ("detail", "expected"),
    ),
    "framework-invalid": Code(N_("Framework problem: {detail}."), ("detail",)),
    "no-self-assessment": Code(
        N_("Unit '{value}' has no self-assessment rows at all; its scores come from the appraisal alone."),
        (),
    ),
    "large-adjustment": Code(
        N_("Appraisal changed {detail} from {expected} to {value}: more than half the maximum; please confirm."),
        ("detail", "expected"),
    ),
    "missing-note": Code(
        N_(
            "Appraisal changed the score of criterion {detail} of unit '{value}' without a note; write the "
            "council's reason."
        ),
        ("detail",),
    ),
    "ranking-invalid": Code(
        N_(
            "Not a ranking file parindex can read: {detail}. Give last year's assessment folder, or the file "
            "written by 'parindex score --format csv' or '--format json'."
        ),
        ("detail",),
    ),
    "too-large": Code(
        N_(
            "Too large to read: {detail}; parindex reads at most {expected} (see 'Limits' in the README). Check "
            "that this is the right file, or split it."
        ),
        ("detail", "expected"),
    ),
    "sheet-read": Code(N_("Read the sheet '{value}', the one Excel shows; not read: {detail}."), ("detail",)),
    "sheet-chosen": Code(
        N_(
            "Read the sheet '{value}': the sheet Excel shows when the file opens, '{detail}', does not have this "
            "table's columns (the file was probably saved while that sheet was open)."
        ),
        ("detail",),
    ),
    "unreadable-xlsx": Code(
        N_(
            "The Excel workbook cannot be read: {detail}. Open it in Excel, check it and save it again as 'Excel "
            "Workbook (*.xlsx)'; if Excel cannot open it either, ask for a new copy."
        ),
        ("detail",),
    ),
    "encrypted-file": Code(
        N_(
            "The workbook is protected by a password, so it cannot be read. Remove the password: in Excel, File "
            "> Info > Protect Workbook > Encrypt with Password, clear the password and save."
        ),
        (),
    ),
    "legacy-xls": Code(
        N_(
            "This is an old Excel 97-2003 workbook (.xls), which parindex does not read. In Excel use File > "
            "Save As > 'Excel Workbook (*.xlsx)'."
        ),
        (),
    ),
    "formula-without-value": Code(
        N_(
            "Formulas were saved without their values ({detail}). Open the file in Excel and save it again, so "
            "the values are stored."
        ),
        ("detail",),
    ),
    "rows-skipped": Code(
        N_("Skipped {detail} above the header (the form's title, not data); the header is row {expected}."),
        ("detail", "expected"),
    ),
    "unit-not-identified": Code(
        N_(
            "This file does not say which unit it is for: its name is not a unit id and it has no unit id in "
            "column Mã đơn vị (unit_id).{detail} Name the file {expected}, or fill the column Mã đơn vị."
        ),
        ("detail", "expected"),
    ),
    "missing-unit-file": Code(
        N_(
            "No self-assessment file for unit '{value}' ({detail}) in this folder: add {expected}, or the unit's "
            "rows with its id in column Mã đơn vị of another file."
        ),
        ("detail", "expected"),
    ),
    "rows-ignored": Code(
        N_(
            "{detail}: headings or subtotals of the criteria tree (no code and no score, a parent criterion "
            "without a score, or exactly the sum of its sub-criteria), not counted as scores."
        ),
        ("detail",),
    ),
    "no-applicable-criteria": Code(
        N_(
            "Unit '{value}' has no applicable criterion: every criterion is N/A, so its maximum is 0 and it has "
            "no index; it is listed as not ranked. Check its N/A marks."
        ),
        (),
    ),
    "unknown-answer": Code(
        N_(
            "'{value}' is not one of the answers the framework weighs ({detail}): correct it, or leave the cell "
            "blank if the respondent did not answer."
        ),
        ("detail",),
    ),
    "duplicate-answer": Code(
        N_(
            "Respondent '{value}' answered criterion {detail} twice in this file (first at row {expected}); keep "
            "one row."
        ),
        ("detail", "expected"),
    ),
    "too-few-respondents": Code(
        N_(
            "Unit '{value}' has {count} respondent(s) with an answer to criterion {code}; the framework asks "
            "for at least {minimum} (min_respondents). Add the missing questionnaires, or check the unit ids "
            "and codes."
        ),
        ("count", "code", "minimum"),
    ),
    "not-survey-criterion": Code(
        N_(
            "Criterion '{value}' is scored by appraisal, not by the survey, so it takes no questionnaire "
            "answers; check the code."
        ),
        (),
    ),
    "survey-and-responses": Code(
        N_(
            "The folder has both {detail} and {expected}: the survey's points come either from survey "
            "scores or from questionnaire answers, not both. Remove or rename one of them."
        ),
        ("detail", "expected"),
    ),
    "responses-without-answers": Code(
        N_(
            "This file holds questionnaire answers, but the framework ({detail}) does not weigh them: add to "
            "its framework.toml a [survey] table such as answers = {{ A = 1, B = 0.6, C = 0.2, D = 0 }}, or "
            "give the survey's points in survey.csv instead."
        ),
        ("detail",),
    ),
    # a folder without parindex.toml: say what it holds and how to get one (not "check the name in parindex.toml")
    "missing-config": Code(
        N_(
            "parindex.toml not found in {detail}. It names the year and the framework, two lines such as "
            'year=2024 and framework="lai-chau-1726-2022"; write it, or start a new folder with \'parindex init '
            "FOLDER', which writes it with units.csv and the steps of the year."
        ),
        ("detail",),
    ),
    # a folder set up (parindex.toml, units) before any score came in: one problem, not one per missing file
    "no-scores": Code(
        N_(
            "No scores yet: {detail} has no self-assessment, appraisal or survey file. Hand out the self-assessment "
            "workbooks with 'parindex template {detail} --out DIR/', put the filled-in ones in {expected}; the "
            "folder's HUONG-DAN.md has the steps."
        ),
        ("detail", "expected"),
    ),
    "invalid-round": Code(
        N_(
            "'{value}' is not a round of the appraisal: write 1 (the preliminary appraisal) or 2 (the final "
            "appraisal, after the unit's explanation), or leave the cell blank for 1."
        ),
        (),
    ),
    "round-change-without-reason": Code(
        N_(
            "Round 2 changed the score of criterion {detail} of unit '{value}' (it was {expected}) without a "
            "reason; write the council's reason in column Lý do (reason)."
        ),
        ("detail", "expected"),
    ),
    "round-not-held": Code(
        N_(
            "The appraisal has no rows of round {value}: the results asked for are those of round {detail}, "
            "the latest round it holds."
        ),
        ("detail",),
    ),
    "no-evidence": Code(
        N_(
            "Unit '{value}' gave criterion {detail} a score without evidence, which the framework requires; "
            "name the evidence (a document's number, a link) in column Tài liệu kiểm chứng (evidence)."
        ),
        ("detail",),
    ),
    "unreadable-docx": Code(
        N_(
            "The Word document cannot be read: {detail}. Open it in Word, check it and save it again as 'Word "
            "Document (*.docx)'."
        ),
        ("detail",),
    ),
    "annex-numbering": Code(
        N_(
            "'{value}': {detail}. Number the annex's rows I, II… (domains), 1, 2… (criteria), 1.1, 1.1.1… "
            "(sub-criteria) and a), b)… (scoring levels)."
        ),
        ("detail",),
    ),
    "annex-numbering-gap": Code(
        N_("Numbering '{value}' does not follow '{detail}': expected {expected}. A row is missing or mistyped."),
        ("detail", "expected"),
    ),
    "annex-numbering-repeat": Code(
        N_("Numbering '{value}' is repeated (first at row {detail}); number each row once."),
        ("detail",),
    ),
    "annex-misplaced": Code(N_("Row '{value}' does not fit where it is: {detail}."), ("detail",)),
    "annex-no-points": Code(N_("'{value}' has no points: {detail}."), ("detail",)),
    "annex-invalid-points": Code(N_("'{value}' is not a number of points: {detail}."), ("detail",)),
    "annex-level-too-high": Code(
        N_(
            "Scoring level '{value}' gives {detail} points, more than its criterion's maximum {expected}; correct "
            "the level or the maximum."
        ),
        ("detail", "expected"),
    ),
    "annex-level-below-maximum": Code(
        N_(
            "No scoring level of '{value}' reaches its maximum {detail} (the highest is {expected}). If its a), b)… "
            "are parts scored together, number them as sub-criteria (1.1.1, 1.1.2…); else correct the levels."
        ),
        ("detail", "expected"),
    ),
    "annex-rows-ignored": Code(
        N_(
            "{detail}: not criteria (part headings such as A., B., Phần I, or the row numbering the columns "
            "(1), (2)…); the rows below are read as usual."
        ),
        ("detail",),
    ),
}
