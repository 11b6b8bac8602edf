"""Read an .xlsx workbook as the person who filled it in sees it in Excel, in bounded time.

Why a module of its own: a workbook can mislead (a ``<dimension>`` that hides rows, a hidden first
sheet, ``0.1+0.2`` stored as 0.30000000000000004) or attack (a zip bomb, an XML entity bomb, a 500 MB
text) in ways a CSV cannot. Every such case ends here as a located problem with its code and the fix,
never as a traceback, a hang or a silently different score.

How: the zip is checked before any part is unpacked (declared sizes and compression ratios against
``limits``); openpyxl reads only the workbook's structure (sheet list, visibility, styles, date
system); the shared strings and the chosen sheet are streamed here with ``defusedxml`` (no entity,
no DTD trickery), cell by cell, whatever the sheet's ``<dimension>`` claims, so that every cell is
read with its own address and no row is padded beyond its last filled cell. The non-empty rows go to
``readers.table_from_rows``, the one place that turns rows into a table.
"""

from __future__ import annotations

from collections.abc import Callable

from defusedxml import DefusedXmlException

from .problems import ERROR, NOTE, Problem, Words
from .xlsx_book import DAMAGED_ZIP, OLE_MAGIC, ZIP_MAGIC, Book, NotAWorkbook, Sheet, TooLarge, ole_problem, open_book
from .xlsx_sheet import SheetReader
from .xlsx_values import DAMAGED, ENTITIES, NOT_A_WORKBOOK, OTHER_ZIP, broken_xml, excel_number, unreadable
from .xlsx_xml import shared_strings

__all__ = ["INSTRUCTION_SHEETS", "OLE_MAGIC", "ZIP_MAGIC", "excel_number", "read_xlsx"]


Rows = list[tuple[int, list[str]]]


def read_xlsx(
    raw: bytes, label: str, wanted: Callable[[Rows], bool] | None = None
) -> tuple[Rows | None, list[Problem]]:
    """The non-empty rows of the sheet a person sees (row number, cell texts) and the problems met.

    Rows are None when the workbook cannot be read; the problems then say why, where and what to do.
    A NOTE names the sheet that was read when the workbook has several. WANTED, when given, says
    whether a sheet's rows hold the table (its header): when the sheet Excel shows does not and
    exactly one other visible sheet does, that one is read, with a NOTE saying so.
    """
    if raw.startswith(OLE_MAGIC):
        return None, [ole_problem(raw, label)]
    if not raw.startswith(ZIP_MAGIC):
        return None, [unreadable(label, NOT_A_WORKBOOK)]
    try:
        book = open_book(raw, label)
    except TooLarge as exc:
        return None, [exc.problem]
    except NotAWorkbook:
        return None, [unreadable(label, OTHER_ZIP)]
    except DAMAGED_ZIP:
        return None, [unreadable(label, DAMAGED)]
    except (DefusedXmlException, SyntaxError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # what openpyxl raises on a broken or hostile workbook structure (ParseError is a SyntaxError)
        return None, [unreadable(label, broken_xml(exc))]
    rows, problems = _read_book(book, label)
    if rows is None or wanted is None or wanted(rows):
        return rows, problems
    return _other_sheet(book, label, wanted) or (rows, problems)


def _pick_sheet(sheets: list[Sheet], active: int) -> Sheet | None:
    """The sheet Excel opens on: the active tab if it is a visible worksheet, else the first visible one."""
    worksheets = [s for s in sheets if s.worksheet]
    if 0 <= active < len(sheets) and sheets[active].worksheet and sheets[active].state == "visible":
        return sheets[active]
    visible = [s for s in worksheets if s.state == "visible"]
    candidates = visible or worksheets
    return candidates[0] if candidates else None


#: The instructions sheet `parindex template` writes beside the data (both languages).
INSTRUCTION_SHEETS = frozenset({"hướng dẫn", "instructions"})


def _worth_a_note(chosen: Sheet, sheets: list[Sheet]) -> bool:
    """Whether the choice of sheet is worth saying: not when the only others are visible instructions.

    Why: every workbook `parindex template` hands out has a "Hướng dẫn" sheet beside the data; a
    folder of 28 filled-in templates would otherwise carry 28 notes that say nothing.
    """
    others = [s for s in sheets if s is not chosen]
    return any(s.state != "visible" or s.name.strip().casefold() not in INSTRUCTION_SHEETS for s in others)


def _sheet_note(label: str, chosen: Sheet, sheets: list[Sheet]) -> Problem:
    """Which sheet was read and which were not (hidden ones marked): a decision made for the user."""
    en, vi = [], []
    for sheet in sheets:
        if sheet is chosen:
            continue
        hidden = sheet.state != "visible"
        en.append(f"'{sheet.name}'" + (" (hidden)" if hidden else ""))
        vi.append(f"'{sheet.name}'" + (" (ẩn)" if hidden else ""))
    detail = Words(en=", ".join(en), vi=", ".join(vi))
    return Problem("sheet-read", label, value=chosen.name, severity=NOTE, params={"detail": detail})


def _other_sheet(book: Book, label: str, wanted: Callable[[Rows], bool]) -> tuple[Rows, list[Problem]] | None:
    """The one other visible sheet that holds the table, read, with a NOTE; None when not exactly one.

    Why: an officer who saves a filled-in template while its "Hướng dẫn" tab is open makes Excel
    open the file on that tab; the scores are on the other sheet, and two sheets that both look
    like the table are a choice parindex must not make for the user.
    """
    shown = _pick_sheet(book.sheets, book.active)
    found: list[tuple[Sheet, Rows, list[Problem]]] = []
    for sheet in book.sheets:
        if sheet is shown or not sheet.worksheet or sheet.state != "visible" or sheet.part is None:
            continue
        rows, problems = _read_sheet(book, label, sheet)
        if rows is not None and wanted(rows):
            found.append((sheet, rows, problems))
    if len(found) != 1 or shown is None:
        return None
    sheet, rows, problems = found[0]
    note = Problem("sheet-chosen", label, value=sheet.name, severity=NOTE, params={"detail": shown.name})
    return rows, [note, *problems]


def _read_book(book: Book, label: str) -> tuple[Rows | None, list[Problem]]:
    """The chosen sheet's rows; every failure from here on is located by the part that caused it."""
    chosen = _pick_sheet(book.sheets, book.active)
    if chosen is None:
        return None, [unreadable(label, Words(en="it has no worksheet", vi="tệp không có trang tính nào"))]
    if chosen.part is None:
        detail = Words(
            en=f"the contents of sheet '{chosen.name}' are missing from the file",
            vi=f"tệp thiếu phần nội dung của trang tính '{chosen.name}'",
        )
        return None, [unreadable(label, detail)]
    problems = [_sheet_note(label, chosen, book.sheets)] if _worth_a_note(chosen, book.sheets) else []
    rows, found = _read_sheet(book, label, chosen)
    return rows, problems + found


def _read_sheet(book: Book, label: str, chosen: Sheet) -> tuple[Rows | None, list[Problem]]:
    """One sheet's non-empty rows and the problems met reading it (rows None on an error)."""
    problems: list[Problem] = []
    assert chosen.part is not None  # callers pass only sheets whose part exists
    try:
        strings = shared_strings(book.archive, book.strings_part, label) if book.strings_part else []
    except TooLarge as exc:
        return None, [exc.problem, *problems]
    except DefusedXmlException:
        return None, [unreadable(label, ENTITIES), *problems]
    except (SyntaxError, KeyError, *DAMAGED_ZIP):  # KeyError: the part is declared but absent
        detail = Words(
            en="its table of shared texts is damaged, cut off or missing",
            vi="bảng văn bản dùng chung của tệp bị hỏng, bị cắt cụt hoặc bị thiếu",
        )
        return None, [unreadable(label, detail), *problems]
    sheet = SheetReader(book, strings, label, chosen.name)
    rows = sheet.read(chosen.part)
    problems += sheet.problems()
    if any(p.severity == ERROR for p in problems):
        return None, problems
    return rows, problems


def read_xlsx_sheets(
    raw: bytes, label: str, wanted: Callable[[Rows], bool]
) -> tuple[list[tuple[int, str, Rows]], list[Problem]]:
    """Every visible sheet that holds the table (position from 1, name, rows), and the problems met.

    Why: a province's annex workbook may put one group's criteria on each sheet ("Sở, ban, ngành",
    "UBND cấp huyện"); `parindex criteria import` reads them all. When no sheet holds the table, the
    sheet Excel shows is returned, so that its header's missing columns can be reported.
    """
    rows, problems = read_xlsx(raw, label)
    if rows is None:
        return [], problems
    book = open_book(raw, label)  # opened again: read_xlsx has checked it
    found: list[tuple[int, str, Rows]] = []
    for position, sheet in enumerate(book.sheets, start=1):
        if not sheet.worksheet or sheet.state != "visible" or sheet.part is None:
            continue
        sheet_rows, sheet_problems = _read_sheet(book, label, sheet)
        if sheet_rows is None or wanted(sheet_rows):  # an unreadable sheet is said, it may hold the table
            problems += [p for p in sheet_problems if p not in problems]
        if sheet_rows is not None and wanted(sheet_rows):
            found.append((position, sheet.name, sheet_rows))
    if not found:
        shown = _pick_sheet(book.sheets, book.active)
        found = [(book.sheets.index(shown) + 1 if shown else 1, shown.name if shown else "", rows)]
    return found, [p for p in problems if p.code != "sheet-read"]
