"""The values of a written result compared with the recomputed ones, one kind of result per function.

Why value by value rather than byte by byte: the manifest's creation time differs from run to run,
and a user needs to know *which unit's* number differs and by how much, not that two files differ.
Every value is compared (names, flags, ranks, texts), so an edit anywhere in the result is caught.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .verify import XLSX, ValueChange, WrittenResult

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from .inputs.model import Assessment
    from .scoring import Results


def _number(value: Any) -> Decimal | None:
    """VALUE as an exact Decimal when it is a finite number (or its text, '86.29' or '86,29'), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(value.strip().replace(",", ".")) if isinstance(value, str) else Decimal(repr(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def difference(written: Any, now: Any) -> str | None:
    """now − written, exact, as text ('0.01', '-1.5'), when both are numbers; else None.

    A value typed by hand may be anything ('1e999999999'): a difference beyond Decimal's range is
    not a number worth showing (None), never an error.
    """
    a, b = _number(written), _number(now)
    if a is None or b is None:
        return None
    try:
        return str(b - a)
    except ArithmeticError:
        return None


def _change(where: str, unit_id: Any, field: str, written: Any, now: Any) -> ValueChange:
    unit = None if unit_id is None else str(unit_id)
    return ValueChange(where, unit, field, written, now, difference(written, now))


# -- JSON ------------------------------------------------------------------------------------------
def json_changes(document: dict[str, Any], results: Results) -> list[ValueChange]:
    """The differences between a `score --format json` document and RESULTS, in the document's language."""
    from .output import results_to_dict

    lang = _json_lang(document, results)
    expected = results_to_dict(results, lang)
    changes: list[ValueChange] = []
    for key in sorted((expected.keys() | document.keys()) - {"manifest", "rows", "groups"}):
        if document.get(key) != expected.get(key):
            changes.append(_change(key, None, key, document.get(key), expected.get(key)))
    changes += _keyed_changes("groups", document.get("groups"), expected["groups"], ("key",))
    changes += _keyed_changes("rows", document.get("rows"), expected["rows"], ("group", "unit_id"))
    return changes


def _json_lang(document: dict[str, Any], results: Results) -> str:
    """The language the document was written in, told by its tie rule (the one translated value)."""
    from .ranking import tie_rule

    return "vi" if document.get("tie_rule") == tie_rule(results.framework.decimals, "vi") else "en"


def _keyed_changes(name: str, written: Any, expected: list[dict[str, Any]], key: tuple[str, ...]) -> list[ValueChange]:
    """Items of the list NAME matched on KEY, compared field by field; an item on one side only is one change."""
    if not isinstance(written, list) or not all(isinstance(item, dict) for item in written):
        return [_change(name, None, name, written, f"{len(expected)} items")]
    by_key = {_key(item, key): (i, item) for i, item in enumerate(written)}
    changes = []
    for item in expected:
        unit = item.get("unit_id")
        found = by_key.pop(_key(item, key), None)
        if found is None:
            changes.append(_change(name, unit, "(missing)", None, "/".join(str(item.get(k)) for k in key)))
            continue
        position, old = found
        for field in sorted(item.keys() | old.keys()):
            if old.get(field) != item.get(field) or type(old.get(field)) is not type(item.get(field)):
                changes.append(_change(f"{name}[{position}].{field}", unit, field, old.get(field), item.get(field)))
    for position, old in by_key.values():
        changes.append(_change(f"{name}[{position}]", old.get("unit_id"), "(extra)", old, None))
    return changes


def _key(item: dict[str, Any], key: tuple[str, ...]) -> tuple[str, ...]:
    """ITEM's identity as texts: an edited document may hold a list where an id was (not hashable)."""
    return tuple(str(item.get(k)) for k in key)


# -- CSV -------------------------------------------------------------------------------------------
def csv_changes(written: list[list[str]], results: Results) -> list[ValueChange]:
    """The differences between a `score --format csv` file's rows and RESULTS, cell by cell (rows by group and unit)."""
    from .output import results_to_csv

    written, expected = written or [[]], _csv_rows(results_to_csv(results))
    changes = []
    if written[0] != expected[0]:
        changes.append(_change("row 1", None, "(header)", ",".join(written[0]), ",".join(expected[0])))
    rows = {(r.get("group"), r.get("unit_id")): (n, r) for n, r in _records(written)}
    for _, row in _records(expected):
        found = rows.pop((row["group"], row["unit_id"]), None)
        if found is None:
            changes.append(_change("-", row["unit_id"], "(missing)", None, row["unit_id"]))
            continue
        number, old = found
        for column, value in row.items():
            if old.get(column) != value:
                changes.append(_change(f"row {number}", row["unit_id"], column, old.get(column), value))
    for number, old in rows.values():
        changes.append(_change(f"row {number}", old.get("unit_id"), "(extra)", ",".join(old.values()), None))
    return changes


def _csv_rows(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows or [[]]


def _records(rows: list[list[str]]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as {column: cell}, numbered as a spreadsheet shows it (header = row 1)."""
    header = rows[0]
    for number, cells in enumerate(rows[1:], start=2):
        yield number, dict(zip(header, cells, strict=False))


# -- the workbook ----------------------------------------------------------------------------------
def read_workbook(raw: bytes, name: str) -> WrittenResult:
    """An `export --xlsx` workbook with its "Nguồn dữ liệu" sheet; NotAResult when it is not one.

    The zip is checked against the input limits before openpyxl unpacks it (a hostile file is
    refused as a workbook input would be); any failure to read it means it is not a result.
    """
    import warnings

    from .manifest_views import manifest_from_sheet, sheet_names
    from .verify import _not_parindex

    workbook = _open(raw)
    if workbook is None:
        raise _not_parindex(name)
    sheet = next((workbook[n] for n in sheet_names() if n in workbook.sheetnames), None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        manifest = None if sheet is None else manifest_from_sheet(sheet)
    if manifest is None:
        raise _not_parindex(name)
    return WrittenResult(XLSX, manifest, workbook)


def _open(raw: bytes) -> Workbook | None:
    import warnings
    import zipfile

    from openpyxl import load_workbook

    from .xlsx_book import TooLarge, check_archive, check_file

    try:
        check_file(raw, "")
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            check_archive(archive, "")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(raw))
    except TooLarge:
        return None
    except Exception:  # noqa: BLE001 - a damaged or foreign file in any way openpyxl fails: not a result
        return None


def workbook_changes(workbook: Workbook, assessment: Assessment, results: Results) -> list[ValueChange]:
    """Every cell of every table sheet (from its header row down) against the workbook written again.

    The workbook is rebuilt in memory in the written one's language, with its "Chi tiết" sheet when it
    has one. Titles above a sheet's header row are not compared: the decision's number and date
    printed there are not results (and options of the command, not of the manifest).
    """
    from .excel import TEXT as SHEET_TEXT
    from .excel import results_workbook
    from .manifest_views import TEXT, sheet_names

    lang = "vi" if TEXT["vi"]["sheet"] in workbook.sheetnames else "en"
    details = SHEET_TEXT[lang]["details"] in workbook.sheetnames
    expected = results_workbook(assessment, results, lang, details)
    changes: list[ValueChange] = []
    for title in expected.sheetnames:
        if title not in workbook.sheetnames:
            changes.append(_change(title, None, "(sheet missing)", None, title))
            continue
        changes += _sheet_changes(workbook[title], expected[title], lang)
    for title in workbook.sheetnames:
        if title not in expected.sheetnames and title not in sheet_names():
            changes.append(_change(title, None, "(extra sheet)", title, None))
    return changes


def _header_row(sheet: Worksheet) -> int:
    """The first row with three or more values (titles above it are single merged cells)."""
    for number, row in enumerate(sheet.iter_rows(max_row=12, values_only=True), start=1):
        if sum(value is not None for value in row) >= 3:
            return number
    return 1


def _sheet_changes(written: Worksheet, expected: Worksheet, lang: str) -> list[ValueChange]:
    """The cells of WRITTEN from the header row down that differ from EXPECTED, named by unit and column."""
    from openpyxl.utils import get_column_letter

    from .i18n import gettext

    start = _header_row(expected)
    header = [cell.value for cell in expected[start]]
    unit_column = header.index(gettext("Unit id", lang)) if gettext("Unit id", lang) in header else None
    rows = max(written.max_row, expected.max_row)
    columns = max(written.max_column, expected.max_column)
    old_rows = written.iter_rows(min_row=start, max_row=rows, max_col=columns, values_only=True)
    new_rows = expected.iter_rows(min_row=start, max_row=rows, max_col=columns, values_only=True)
    changes = []
    for number, (old, new) in enumerate(zip(old_rows, new_rows, strict=True), start=start):
        if old == new:
            continue
        unit = None if unit_column is None else new[unit_column] if new[unit_column] is not None else old[unit_column]
        for index, (was, now) in enumerate(zip(old, new, strict=True)):
            if was != now:  # 100.0 is read back as 100: equal numbers are the same value
                where = f"{written.title}!{get_column_letter(index + 1)}{number}"
                field = str(header[index]) if index < len(header) and header[index] is not None else where
                changes.append(_change(where, unit, field, was, now))
    return changes
