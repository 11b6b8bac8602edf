"""Where an annex table comes from: a CSV, every sheet of a workbook, or every table of a Word file.

Why a module of its own: one annex file may hold one group's criteria or several (a sheet or a
Word table per group), and every row written to the framework says where it was typed ("PL.xlsx,
sheet 2, row 14"), so the place of each table travels with it. The header is found, not assumed, by
the same rules as every other table (`headers.table_from_rows`, `readers.read_table`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..columns import ANNEX
from ..headers import HEADER_SEARCH_ROWS, choose_header, table_from_rows
from ..i18n import N_, gettext
from ..problems import Problem
from ..readers import Table, read_bounded, read_table, unreadable

#: The suffixes `criteria import` reads.
ANNEX_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".docx")

CSV, SHEET, WORD_TABLE = "csv", "sheet", "table"
#: How a row's source is written into the framework (English msgids; the Vietnamese is in the catalogue).
PLACES = {
    CSV: N_("{file}, row {row}"),
    SHEET: N_("{file}, sheet {number}, row {row}"),
    WORD_TABLE: N_("{file}, table {number}, row {row}"),
}


@dataclass
class AnnexTable:
    """One annex table: the file, which sheet or Word table (numbered from 1), and its rows."""

    path: Path
    kind: str
    number: int
    #: how problems name it: the file's name, with the sheet's name (a workbook) or the table's number (a Word
    #: file with several annex tables)
    label: str
    table: Table
    #: the sheet's name (a workbook), else ""
    sheet: str = ""

    def source(self, row: int, lang: str) -> str:
        """Where ROW was typed, as the framework's `source` column says it."""
        return gettext(PLACES[self.kind], lang).format(file=self.path.name, number=self.number, row=row)


def read_annex(path: Path) -> tuple[list[AnnexTable], list[Problem]]:
    """Every annex table of PATH and the problems met reading it (no table: the problems say why)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _workbook(path)
    if suffix == ".docx":
        return _word(path)
    result = read_table(path, path.name, ANNEX)
    if result.frame is None:
        return [], result.problems
    return [AnnexTable(path, CSV, 1, path.name, result.frame)], result.problems


def holds_annex(rows: list[tuple[int, list[str]]]) -> bool:
    """Whether ROWS (a sheet's or a Word table's) have an annex header among their first rows."""
    candidates = [cells for _, cells in rows[:HEADER_SEARCH_ROWS]]
    if not candidates:
        return False
    start, two_rows = choose_header(candidates, ANNEX)
    return ANNEX.holds(two_rows or candidates[start]) == len(ANNEX.required)


def _raw(path: Path) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a workbook or Word annex, or the problem that stops it (as read_table says it for a CSV)."""
    try:
        raw, refused = read_bounded(path, path.name)
    except OSError as exc:
        return None, [unreadable(path.name, exc)]
    if raw is None:
        return None, [refused] if refused else []
    if not raw.strip():
        return None, [Problem("empty-file", path.name)]
    return raw, []


def _workbook(path: Path) -> tuple[list[AnnexTable], list[Problem]]:
    from ..xlsx import read_xlsx_sheets

    raw, problems = _raw(path)
    if raw is None:
        return [], problems
    sheets, problems = read_xlsx_sheets(raw, path.name, holds_annex)
    tables: list[AnnexTable] = []
    for number, name, rows in sheets:
        label = f"{path.name} [{name}]"  # a row number is the sheet's: the problems name the sheet
        result = table_from_rows(label, rows, ANNEX)
        problems += result.problems
        if result.frame is not None:
            tables.append(AnnexTable(path, SHEET, number, label, result.frame, name))
    return tables, problems


def _word(path: Path) -> tuple[list[AnnexTable], list[Problem]]:
    from .docx_tables import read_docx_tables

    raw, problems = _raw(path)
    if raw is None:
        return [], problems
    found, problems = read_docx_tables(raw, path.name)
    if problems:
        return [], problems
    numbered = [(n, rows) for n, rows in enumerate(found, start=1) if holds_annex(rows)]
    if not numbered:  # no table has the header: the first one is read, so its missing columns are said
        numbered = [(1, found[0])] if found else []
    if not numbered:
        return [], [Problem("empty-file", path.name)]
    tables: list[AnnexTable] = []
    for number, rows in numbered:
        label = path.name if len(numbered) == 1 else f"{path.name} [{number}]"
        result = table_from_rows(label, rows, ANNEX)
        problems += result.problems
        if result.frame is not None:
            tables.append(AnnexTable(path, WORD_TABLE, number, label, result.frame))
    return tables, problems
