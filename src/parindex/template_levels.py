"""The drop-down of a template's score cell where the criterion lists its levels (0; 0,5; 1).

Why a module of its own: the template's layout changes often; this only needs the score column and
which rows hold a criterion with levels, and replaces, for those cells only, the sheet's general
"0 to the maximum" check (Excel applies one validation per cell).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .i18n import N_, gettext, resolve_lang
from .numbers import format_points

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

    from .framework import Group

ERROR = N_("Choose one of the criterion's levels: {levels}, or N/A.")
PROMPT = N_("One of the levels {levels}, or N/A if not applicable.")


def level_list(levels: Sequence[Decimal], lang: str | None = None) -> str:
    """The drop-down's list as Excel stores it: '"0,0.5,1,N/A"' (a file always holds dots and commas;
    Excel shows it with the user's own separators); "KAD" (không áp dụng) in Vietnamese."""
    not_applicable = "KAD" if resolve_lang(lang) == "vi" else "N/A"
    return '"' + ",".join([*(format_points(level) for level in levels), not_applicable]) + '"'


def add_level_dropdowns(
    sheet: Worksheet, group: Group, codes: Sequence[str], score_column: str, lang: str, header_row: int = 1
) -> None:
    """A list validation on the score cell of every row (below HEADER_ROW, one per code in CODES) whose
    criterion has levels; the sheet's other validations are taken off those cells."""
    from openpyxl.worksheet.datavalidation import DataValidation

    first = header_row + 1
    rows = {r: group.nodes[code].levels for r, code in enumerate(codes, start=first) if group.nodes[code].levels}
    if not rows:
        return
    _exclude(sheet, set(rows), score_column, first, header_row + len(codes))
    for row, levels in rows.items():
        shown = "; ".join(format_points(level, lang) for level in levels)
        validation = DataValidation(
            type="list",
            formula1=level_list(levels, lang),
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop",
            error=gettext(ERROR, lang).format(levels=shown),
            prompt=gettext(PROMPT, lang).format(levels=shown),
        )
        validation.add(f"{score_column}{row}")
        sheet.add_data_validation(validation)


def _exclude(sheet: Worksheet, rows: set[int], column: str, first: int, last: int) -> None:
    """The sheet's existing validations no longer cover ROWS of COLUMN (rows FIRST to LAST)."""
    from openpyxl.formula.translate import Translator
    from openpyxl.worksheet.cell_range import MultiCellRange

    runs: list[str] = []
    start: int | None = None
    for row in range(first, last + 2):
        inside = row <= last and row not in rows
        if inside and start is None:
            start = row
        elif not inside and start is not None:
            runs.append(f"{column}{start}:{column}{row - 1}")
            start = None
    if not runs:  # every row has levels: the general check covers nothing
        sheet.data_validations.dataValidation = []
    for validation in sheet.data_validations.dataValidation:
        origin = _first_cell(str(validation.sqref))
        validation.sqref = MultiCellRange(" ".join(runs))
        if validation.formula1 and validation.type == "custom":  # relative to the range's first cell: move it
            formula = Translator("=" + validation.formula1, origin=origin).translate_formula(_first_cell(runs[0]))
            validation.formula1 = formula.removeprefix("=")


def _first_cell(ranges: str) -> str:
    """'F2' of 'F2:F9 F12:F14'."""
    return ranges.split()[0].split(":")[0]
