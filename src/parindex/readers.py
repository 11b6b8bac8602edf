"""Read tables the way users actually save them: CSV from Excel on Vietnamese PCs, or .xlsx.

Every table comes back as a :class:`Table` of trimmed, NFC-normalised string columns (pyarrow
arrays) with the row number a spreadsheet shows for each row (header = row 1), so that every later
problem can point at the exact cell. Nothing here interprets values; that is the loaders' job.
pandas is not imported on this path: it costs more start-up time than reading a large file.

This module is the entry point (which file, how big, CSV or workbook) and keeps the names other
modules import; the work is in `tabular` (the Table), `headers` (where the header is), `csv_reader`
and `csv_limits` (CSV), `xlsx` (workbooks) and `refusals` (the too-large problem).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .csv_reader import read_csv_bytes
from .headers import HEADER_SEARCH_ROWS, choose_header, table_from_rows
from .limits import MAX_CONFIG_BYTES, MAX_CONFIG_LINE_CHARS, MAX_FILE_BYTES
from .manifest import note_read
from .numbers import count_text
from .problems import Problem, Words, toml_error
from .refusals import size_words, too_large
from .tabular import ROW, Table, TableResult, concat_tables, distinct_texts, normalise_header, normalise_text
from .writing import os_words

if TYPE_CHECKING:  # pragma: no cover
    from .columns import Schema

__all__ = [
    "HEADER_SEARCH_ROWS",
    "ROW",
    "TABLE_SUFFIXES",
    "Table",
    "TableResult",
    "TomlRefused",
    "choose_header",
    "concat_tables",
    "distinct_texts",
    "find_table",
    "normalise_header",
    "normalise_text",
    "read_bounded",
    "read_table",
    "read_toml",
    "table_from_rows",
    "too_large",
    "unreadable",
]

TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt")
#: A workbook by its first bytes (a zip, or OLE: an old .xls or a password-protected workbook) or by
#: its name: such files go to xlsx.py (imported only then), never to the CSV reader.
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def find_table(folder: Path, stem: str) -> list[Path]:
    """Every file in FOLDER that could be the table STEM (stem.csv, stem.xlsx, …), sorted."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.stem.lower() == stem and p.suffix.lower() in TABLE_SUFFIXES]
    return sorted(found)


def unreadable(label: str, exc: OSError) -> Problem:
    """The problem of a file the system would not let parindex read: its label and why, in both languages."""
    reason = os_words(exc)
    detail = Words(en=f"{label} ({reason.en})", vi=f"{label} (hệ điều hành không cho đọc: {reason.vi})")
    return Problem("not-a-file", label, params={"detail": detail})


def read_table(path: Path, label: str, schema: Schema | None = None) -> TableResult:
    """Read PATH (CSV or xlsx) into a string DataFrame with spreadsheet row numbers.

    LABEL is how the file is named in problems (usually its name relative to the assessment folder).
    SCHEMA, when given, is the kind of table expected: its header is looked for below title rows and
    its columns get their canonical names (``Mã đơn vị`` -> ``unit_id``).
    """
    if not path.exists():
        return TableResult(None, [Problem("missing-file", label, params={"detail": label})])
    if not path.is_file():
        return TableResult(None, [Problem("not-a-file", label, params={"detail": label})])
    try:
        raw, refused = read_bounded(path, label)
    except OSError as exc:
        return TableResult(None, [unreadable(label, exc)])
    if raw is None:
        return TableResult(None, [refused] if refused else [])
    if not raw or raw.isspace():
        return TableResult(None, [Problem("empty-file", label)])
    if raw.startswith(_WORKBOOK_MAGIC) or path.suffix.lower() in _WORKBOOK_SUFFIXES:
        return _read_workbook(raw, label, schema)
    return read_csv_bytes(raw, label, schema)


def read_bounded(path: Path, label: str, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or ``too-large`` when it is bigger than LIMIT: its size is looked at first.

    Why: reading a 5 GB file (or a device that never ends) into memory to find it is too big is the
    hang this prevents. At most LIMIT + 1 bytes are read, so a file that grows after the look, or
    that reports no size, is refused the same way. OSError is left to the caller.
    """
    size = path.stat().st_size
    if size <= limit:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
        if len(raw) <= limit:
            note_read(path, raw)  # the manifest's hash is of these very bytes (manifest.py)
            return raw, None
        size = max(size, len(raw))
    en, vi = size_words(size)
    limit_en, limit_vi = size_words(limit)
    detail = Words(f"{label} is {en}", f"{label} có dung lượng {vi}")
    return None, too_large(label, detail, Words(f"{limit_en} per file", f"{limit_vi} mỗi tệp"))


class TomlRefused(Exception):
    """A .toml file parindex will not use: ``too_large`` is set, or ``detail`` says why it is not TOML."""

    def __init__(self, detail: str | Words, too_large: Problem | None = None) -> None:
        super().__init__(detail if isinstance(detail, str) else detail.en)
        self.detail = detail
        self.too_large = too_large


def read_toml(path: Path, label: str) -> dict[str, Any]:
    """A small TOML file (parindex.toml, framework.toml), within MAX_CONFIG_BYTES and MAX_CONFIG_LINE_CHARS.

    Why the limits: Python's TOML reader is pure Python and slows quadratically on a deep dotted key
    (see `limits.MAX_CONFIG_BYTES`), and very deep brackets overflow its recursion; a real file is
    under 2 KiB with lines under 200 characters. Raises TomlRefused; OSError is left to the caller.
    """
    import tomllib

    raw, refused = read_bounded(path, label, MAX_CONFIG_BYTES)
    if raw is None:
        raise TomlRefused("too large", refused)
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() did
    except UnicodeDecodeError as exc:
        byte = f"0x{raw[exc.start]:02X}"
        detail = Words(
            f"not UTF-8 text (byte {byte} at offset {exc.start})",
            f"không phải văn bản UTF-8 (byte {byte} ở vị trí {exc.start})",
        )
        raise TomlRefused(detail) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_CONFIG_LINE_CHARS:
            length, limit = len(line), MAX_CONFIG_LINE_CHARS
            detail = Words(
                f"line {number} has {count_text(length, 'en')} characters",
                f"dòng {number} có {count_text(length, 'vi')} ký tự",
            )
            expected = Words(
                f"{count_text(limit, 'en')} characters per line", f"{count_text(limit, 'vi')} ký tự mỗi dòng"
            )
            raise TomlRefused("too large", too_large(label, detail, expected, row=number))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlRefused(toml_error(exc)) from None
    except RecursionError:
        raise TomlRefused(Words("brackets or tables nested too deeply", "ngoặc hoặc bảng lồng nhau quá sâu")) from None


def _read_workbook(raw: bytes, label: str, schema: Schema | None = None) -> TableResult:
    """The sheet of a workbook a person sees, numbered as Excel numbers its rows (see xlsx.py)."""
    from . import xlsx  # openpyxl and defusedxml load only for workbooks

    def holds_table(rows: list[tuple[int, list[str]]]) -> bool:
        """Whether ROWS hold this table: a header with all its required columns, judged on the header alone
        (the rows are made into a table once, after the sheet is chosen)."""
        if schema is None or not rows:
            return schema is None
        candidates = [cells for _, cells in rows[:HEADER_SEARCH_ROWS]]
        start, two_rows = choose_header(candidates, schema)
        return schema.holds(two_rows or candidates[start]) == len(schema.required)

    filled, problems = xlsx.read_xlsx(raw, label, holds_table if schema is not None else None)
    if filled is None:
        return TableResult(None, problems)
    result = table_from_rows(label, filled, schema)
    return TableResult(result.frame, problems + result.problems)
