"""Read tables the way users actually save them: CSV from Excel on Vietnamese PCs, or .xlsx.

Every table comes back as a :class:`Table` of trimmed, NFC-normalised string columns (pyarrow
arrays) with the row number a spreadsheet shows for each row (header = row 1), so that every later
problem can point at the exact cell. Nothing here interprets values; that is the loaders' job.
pandas is not imported on this path: it costs more start-up time than reading a large file.

CSV is parsed by pyarrow's single-threaded reader: it is fast enough for a million rows and,
single-threaded, it tells the physical record number of every malformed row, which lets us keep
exact row numbers without a slow pure-Python parse.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, SupportsInt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_CONFIG_BYTES,
    MAX_CONFIG_LINE_CHARS,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    MAX_QUOTED_CHARS,
    MAX_ROWS,
)
from .problems import NOTE, Problem, Words, toml_error

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .columns import Schema

ROW = "row"
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt")
#: A workbook by its first bytes (a zip, or OLE: an old .xls or a password-protected workbook) or by
#: its name: such files go to xlsx.py (imported only then), never to the CSV reader.
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_LEADING_BLANKS = re.compile(rb"[\r\n\t ]*")
#: pyarrow's parse block. A record longer than a block stops pyarrow ("straddling object"); twice the
#: line limit leaves room for a line at the limit wherever a block starts (measured: 1, 2 or 4 MiB
#: blocks parse a national score file equally fast).
_BLOCK_BYTES = 2 * MAX_LINE_BYTES
#: Bytes scanned at a time where positions are needed (numpy), so memory stays bounded on any file.
_SCAN_BYTES = 8 * 1024 * 1024
#: How far down a sheet the header is looked for: title blocks of official forms are a few rows.
HEADER_SEARCH_ROWS = 30


@dataclass
class Table:
    """String columns of one file (or of several merged), with spreadsheet row numbers.

    ``files`` holds each row's file label when rows come from several files (a folder of per-unit
    self-assessments); otherwise every row belongs to ``label``.
    """

    label: str
    columns: dict[str, pa.Array]
    rows: np.ndarray
    files: np.ndarray | None = None
    #: (column name, first header, repeated header) for every header cell that names a column again
    duplicate_columns: list[tuple[str, str, str]] | None = None
    #: column name -> the header cell as the user wrote it (problems quote it so it can be found)
    headers: dict[str, str] | None = None
    #: the row the header was found on (title rows above it are skipped)
    header_row: int = 1
    #: the non-empty rows above the header (row number, cells): titles, "Đơn vị: Sở Y tế"
    preamble: list[tuple[int, list[str]]] | None = None
    #: for rows merged from several files: each file's own ``headers``, by file label
    file_headers: dict[str, dict[str, str]] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> pa.Array:
        return self.columns[name]

    def text(self, name: str, index: SupportsInt) -> str:
        """One cell's text (used only for the few rows that get a problem)."""
        return str(self.columns[name][int(index)].as_py())

    def file(self, index: SupportsInt) -> str:
        return self.label if self.files is None else str(self.files[int(index)])

    def row(self, index: SupportsInt) -> int:
        return int(self.rows[int(index)])

    def header(self, name: str, index: SupportsInt | None = None) -> str:
        """The header cell of column NAME as the user wrote it (NAME itself when not in the file).

        INDEX, a row, picks the header of that row's own file when rows come from several files.
        """
        if index is not None and self.file_headers is not None:
            return self.file_headers.get(self.file(index), {}).get(name, name)
        return (self.headers or {}).get(name, name)

    def records(self) -> list[dict[str, Any]]:
        """Row dicts (small tables only: units, criteria)."""
        names = list(self.columns)
        values = [self.columns[n].to_pylist() for n in names]
        return (
            [
                {**dict(zip(names, cells, strict=True)), ROW: int(row)}
                for row, cells in zip(self.rows, zip(*values, strict=True), strict=True)
            ]
            if names
            else []
        )

    def with_column(self, name: str, values: pa.Array) -> Table:
        """A copy with one column added or replaced."""
        return replace(self, columns={**self.columns, name: values})

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame of the table (for library users; imports pandas)."""
        import pandas as pd

        data: dict[str, Any] = {name: array.to_pandas() for name, array in self.columns.items()}
        data[ROW] = self.rows
        data["file"] = self.files if self.files is not None else [self.label] * len(self.rows)
        return pd.DataFrame(data)


def concat_tables(label: str, tables: list[Table]) -> Table:
    """Merge tables read from several files (their union of columns; missing cells are empty)."""
    names: list[str] = []
    for table in tables:
        names += [n for n in table.columns if n not in names]
    columns = {
        name: pa.chunked_array(
            [t.columns[name] if name in t.columns else pa.array([""] * len(t), type=pa.string()) for t in tables],
            type=pa.string(),
        )
        for name in names
    }
    files = np.concatenate([np.full(len(t), t.label, dtype=object) for t in tables])
    rows = np.concatenate([t.rows for t in tables])
    duplicates = [d for t in tables for d in (t.duplicate_columns or [])]
    file_headers = {t.label: t.headers or {} for t in tables}
    return Table(label, columns, rows, files, duplicates, file_headers=file_headers)


@dataclass
class TableResult:
    """A read table (None when unreadable) and the problems met while reading it."""

    frame: Table | None
    problems: list[Problem]


def distinct_texts(column: pa.Array | pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """The distinct texts of a column and, per row, the position of its text among them (-1: null).

    Why: a score file repeats a few hundred criterion codes and score texts over a million rows;
    whatever is done per text (lookup, parsing) is done once per distinct text instead.
    """
    chunked = column if isinstance(column, pa.ChunkedArray) else pa.chunked_array([column])
    encoded = pc.dictionary_encode(chunked).unify_dictionaries()
    if not encoded.num_chunks:
        return pa.array([], type=pa.string()), np.zeros(0, dtype=np.int64)
    indices = pa.chunked_array([chunk.indices for chunk in encoded.chunks], type=encoded.type.index_type)
    return encoded.chunk(0).dictionary, pc.fill_null(indices, -1).to_numpy().astype(np.int64)


def normalise_text(text: str) -> str:
    """NFC form: the same Vietnamese letters typed on different keyboards compare equal."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def normalise_header(name: str) -> str:
    """Header names compare case-insensitively and without surrounding spaces or BOMs."""
    return normalise_text(name).strip().strip("\ufeff").strip().lower().replace(" ", "_")


def find_table(folder: Path, stem: str) -> list[Path]:
    """Every file in FOLDER that could be the table STEM (stem.csv, stem.xlsx, …), sorted."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.stem.lower() == stem and p.suffix.lower() in TABLE_SUFFIXES]
    return sorted(found)


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
        reason = errno.errorcode.get(exc.errno or 0, "?")
        detail = Words(en=f"{label} ({exc.strerror})", vi=f"{label} (hệ điều hành không cho đọc: {reason})")
        return TableResult(None, [Problem("not-a-file", label, params={"detail": detail})])
    if raw is None:
        return TableResult(None, [refused] if refused else [])
    if not raw or raw.isspace():
        return TableResult(None, [Problem("empty-file", label)])
    if raw.startswith(_WORKBOOK_MAGIC) or path.suffix.lower() in _WORKBOOK_SUFFIXES:
        return _read_workbook(raw, label, schema)
    return _read_csv_bytes(raw, label, schema)


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
            return raw, None
        size = max(size, len(raw))
    en, vi = _size_words(size)
    limit_en, limit_vi = _size_words(limit)
    detail = Words(f"{label} is {en}", f"{label} có dung lượng {vi}")
    return None, too_large(label, detail, Words(f"{limit_en} per file", f"{limit_vi} mỗi tệp"))


def too_large(
    label: str,
    detail: Words,
    expected: Words,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
) -> Problem:
    """The ``too-large`` problem: DETAIL says what was found, EXPECTED the limit (both languages)."""
    params = {"detail": detail, "expected": expected}
    return Problem("too-large", label, row=row, column=column, value=value, params=params)


def _size_words(size: int) -> tuple[str, str]:
    """A byte count as people compare it with a limit, in English and Vietnamese.

    Exact bytes below 10 MiB (a line of 1,048,586 bytes must not read as the 1 MiB it exceeds),
    whole MiB for a limit, one decimal above (300.5 MiB; 300,5 MiB in Vietnamese).
    """
    mib = 1024 * 1024
    if size and size % mib == 0:
        return f"{size // mib} MiB", f"{size // mib} MiB"
    if size >= 10 * mib:
        en = f"{size / mib:.1f} MiB"
        return en, en.replace(".", ",")
    count_en, count_vi = _count_words(size)
    return f"{count_en} bytes", f"{count_vi} byte"


def _count_words(count: int) -> tuple[str, str]:
    """A count with thousands separators: 5,000,000 in English, 5.000.000 in Vietnamese."""
    en = f"{count:,}"
    return en, en.replace(",", ".")


class TomlRefused(Exception):
    """A .toml file parindex will not use: ``too_large`` is set, or ``detail`` says why it is not TOML."""

    def __init__(self, detail: str | Words, too_large: Problem | None = None) -> None:
        super().__init__(detail if isinstance(detail, str) else detail.en)
        self.detail = detail
        self.too_large = too_large


def read_toml(path: Path, label: str) -> dict[str, Any]:
    """A small TOML file (parindex.toml, framework.toml), within MAX_CONFIG_BYTES and MAX_CONFIG_LINE_CHARS.

    Why the limits: Python's TOML reader is pure Python and slows quadratically on a deep dotted key
    (`a.a.a…` of 64 KB exhausted 4 GB), and very deep brackets overflow its recursion; a real file is
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
            length_en, length_vi = _count_words(len(line))
            limit_en, limit_vi = _count_words(MAX_CONFIG_LINE_CHARS)
            detail = Words(f"line {number} has {length_en} characters", f"dòng {number} có {length_vi} ký tự")
            expected = Words(f"{limit_en} characters per line", f"{limit_vi} ký tự mỗi dòng")
            raise TomlRefused("too large", too_large(label, detail, expected, row=number))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlRefused(toml_error(exc)) from None
    except RecursionError:
        raise TomlRefused(Words("brackets or tables nested too deeply", "ngoặc hoặc bảng lồng nhau quá sâu")) from None


def _utf8_nfc(raw: bytes, label: str) -> tuple[bytes | None, Problem | None]:
    """The file as NFC UTF-8 bytes for the parser, or the encoding problem.

    Plain ASCII (most score files) is already that: it is passed through without decoding 30 MB.
    """
    if raw.isascii() and b"\x00" not in raw:
        return raw, None
    text, problem, same_bytes = _decode(raw, label)
    if text is None:
        return None, problem
    return (raw if same_bytes else text.encode("utf-8")), None


def _decode(raw: bytes, label: str) -> tuple[str | None, Problem | None, bool]:
    """Strict decoding: UTF-8 (with or without BOM) or UTF-16 with BOM; never a guess into mojibake.

    The flag says whether the text is byte for byte the file (UTF-8, no BOM, already NFC), so the
    caller can hand the file's own bytes to the parser instead of encoding 30 MB again.
    """
    encoding = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = f"0x{raw[exc.start]:02X}"
        detail = Words(
            en=f"byte {byte} on line {line}; legacy Windows-1258/TCVN3 text?",
            vi=f"byte {byte} ở dòng {line}; có phải văn bản mã cũ Windows-1258/TCVN3?",
        )
        return None, Problem("encoding-error", label, row=line, params={"detail": detail}), False
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        detail = Words(en=f"binary data on line {line}", vi=f"dữ liệu nhị phân ở dòng {line}")
        problem = Problem("encoding-error", label, row=line, params={"detail": detail})
        return None, problem, False
    normalised = normalise_text(text)
    same = normalised is text and encoding == "utf-8-sig" and not raw.startswith(codecs.BOM_UTF8)
    return normalised, None, same


def _sniff_delimiter(header_line: str) -> str:
    """Pick the separator from the header: Vietnamese Excel saves ';', others ',' or a tab."""
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv_bytes(raw: bytes, label: str, schema: Schema | None = None) -> TableResult:
    data, problem = _utf8_nfc(raw, label)
    if data is None:
        return TableResult(None, [problem] if problem else [])
    start = _LEADING_BLANKS.match(data)
    offset = 0  # blank lines above the header still count as spreadsheet rows
    if start is not None and start.end():
        offset = data[: start.end()].count(b"\n")
        data = data[start.end() :]
    if not data:
        return TableResult(None, [Problem("empty-file", label)])
    if b"\n" not in data and b"\r" in data:  # old Mac line ends ("CSV (Macintosh)")
        data = data.replace(b"\r", b"\n")
    refused = _check_lines(data, label, offset)
    if refused:
        return TableResult(None, refused)
    spot = _csv_header(data, schema, offset)
    data, offset = data[spot.skip_bytes :], offset + spot.skip_lines
    line_end = data.find(b"\n")
    header_line = (data if line_end < 0 else data[:line_end]).decode("utf-8")
    delimiter = _sniff_delimiter(header_line)
    try:
        header = next(csv.reader([header_line.rstrip("\r")], delimiter=delimiter))
    except csv.Error as exc:
        detail = Words(en=str(exc), vi="không tách được dòng tiêu đề thành các cột")
        problem = Problem("unreadable-csv", label, row=1 + offset, value=header_line[:80], params={"detail": detail})
        return TableResult(None, [problem])
    if len(header) > MAX_COLUMNS:
        return TableResult(None, [_too_many_cells(label, 1 + offset, len(header))])
    if spot.cells is not None and len(spot.cells) == len(header):
        header = spot.cells  # a header on two rows ("Điểm" above "Tự đánh giá"): the parser starts at its second
    names = [f"__col{i}" for i in range(len(header))]
    quoted = b'"' in data
    try:
        # Fast path: parse on every core. Only when a row is malformed do we need pyarrow's record
        # numbers, which it knows only single-threaded; then the file is parsed again that way.
        table, bad_rows = _parse(data, names, delimiter, quoted, threads=True)
        if bad_rows:
            table, bad_rows = _parse(data, names, delimiter, quoted, threads=False)
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        first_line = str(exc).splitlines()[0]
        if "straddl" in first_line:  # a record longer than a parse block: say which row, not pyarrow's words
            return TableResult(None, [_long_record_problem(data, label, offset, quoted)])
        detail = Words(en=first_line, vi="không phân tích được nội dung tệp")
        return TableResult(None, [Problem("unreadable-csv", label, params={"detail": detail})])
    problems = [
        Problem(
            "malformed-row",
            label,
            row=number + offset,
            value=text_[:80],
            params={"detail": actual, "expected": len(header)},
        )
        if actual <= MAX_COLUMNS
        else _too_many_cells(label, number + offset, actual)
        for number, actual, text_ in bad_rows
    ]
    # pyarrow numbers records from the top of the file (header = 1), as a spreadsheet does
    invalid = np.array(sorted(n for n, _, _ in bad_rows), dtype=np.int64)
    total = table.num_rows + len(invalid)
    rows = np.setdiff1d(np.arange(2, total + 2, dtype=np.int64), invalid, assume_unique=True) + offset
    spaced = _has_edge_spaces(data, delimiter)
    columns = {name: _clean(table.column(i), quoted, spaced) for i, name in enumerate(names)}
    long_cells = _long_cells(label, header, list(columns.values()), rows)
    if long_cells:
        return TableResult(None, problems + long_cells)
    found = _table(label, header, columns, rows, schema, spot.first_row or 1 + offset, spot.preamble)
    return TableResult(found, _skipped(label, found) + problems)


def _check_lines(data: bytes, label: str, offset: int) -> list[Problem]:
    """Refuse a line longer than MAX_LINE_BYTES, or more than MAX_ROWS rows, before any parsing.

    Why before: pyarrow cannot parse a record longer than its block, and 50 MB of commas on one line
    would make millions of columns. Both checks cost a few memchr scans on a normal file; the exact
    (numpy) scan runs only when a line may be long. OFFSET is the number of blank lines cut above DATA.
    """
    quoted = b'"' in data
    half = MAX_LINE_BYTES // 2
    # every aligned half-limit chunk holding a line break means no line reaches the limit
    if any(data.find(b"\n", start, start + half) < 0 for start in range(0, len(data) - half + 1, half)):
        found = _first_long_record(data, quoted=False)
        if found is not None:
            return [_long_line_problem(data, label, offset, quoted, *found)]
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    if lines - 1 > MAX_ROWS:
        records = sum(len(ends) for ends in _record_ends(data, quoted, len(data))) if quoted else lines
        records += quoted and not data.endswith(b"\n")
        if records - 1 > MAX_ROWS:
            found_en, found_vi = _count_words(records - 1)
            limit_en, limit_vi = _count_words(MAX_ROWS)
            detail = Words(f"{found_en} rows below the header", f"{found_vi} dòng dưới dòng tiêu đề")
            expected = Words(f"{limit_en} rows per table", f"{limit_vi} dòng mỗi bảng")
            return [too_large(label, detail, expected, row=MAX_ROWS + 2 + offset)]
    return []


def _record_ends(data: bytes, quoted: bool, stop: int) -> Iterator[np.ndarray]:
    """Positions of the line breaks that end a record in DATA[:STOP], a bounded chunk at a time.

    In a file with quotes, a line break after an odd number of quote characters lies inside a
    quoted value (a cell on several lines) and ends nothing. Used only where a row must be named.
    """
    inside = 0
    for start in range(0, stop, _SCAN_BYTES):
        block = np.frombuffer(data, dtype=np.uint8, count=min(_SCAN_BYTES, stop - start), offset=start)
        ends = np.flatnonzero(block == 10)
        if quoted:
            quotes = np.flatnonzero(block == 34)
            ends = ends[(np.searchsorted(quotes, ends) + inside) % 2 == 0]
            inside = (inside + len(quotes)) % 2
        yield ends + start


def _first_long_record(data: bytes, quoted: bool) -> tuple[int, int] | None:
    """(start, length) of the first record longer than MAX_LINE_BYTES (its line break not counted)."""
    previous = -1
    for ends in _record_ends(data, quoted, len(data)):
        bounds = np.concatenate((np.array([previous], dtype=np.int64), ends.astype(np.int64)))
        lengths = np.diff(bounds) - 1
        long = np.flatnonzero(lengths > MAX_LINE_BYTES)
        if len(long):
            return int(bounds[long[0]]) + 1, int(lengths[long[0]])
        if len(ends):
            previous = int(ends[-1])
    tail = len(data) - previous - 1
    return (previous + 1, tail) if tail > MAX_LINE_BYTES else None


def _long_line_problem(data: bytes, label: str, offset: int, quoted: bool, start: int, length: int) -> Problem:
    """too-large for the record at START: its row as a spreadsheet numbers it, and its length."""
    row = sum(len(ends) for ends in _record_ends(data, quoted, start)) + 1 + offset
    length_en, length_vi = _size_words(length)
    limit_en, limit_vi = _size_words(MAX_LINE_BYTES)
    detail = Words(f"row {row} is {length_en} long", f"dòng {row} dài {length_vi}")
    lines = data.count(b"\n", start, start + length) + 1
    if lines > 1:  # a quoted cell over many lines: most often a closing quote is missing
        detail = Words(
            f"{detail.en}, a quoted cell over {lines:,} lines (is a closing quote missing?)",
            f"{detail.vi}, một ô trong ngoặc kép kéo dài {_count_words(lines)[1]} dòng (thiếu dấu ngoặc kép đóng?)",
        )
    return too_large(label, detail, Words(f"{limit_en} per row", f"{limit_vi} mỗi dòng"), row=row)


def _long_record_problem(data: bytes, label: str, offset: int, quoted: bool) -> Problem:
    """pyarrow met a record longer than its block: find it (a cell on many lines, an unclosed quote)."""
    found = _first_long_record(data, quoted)
    if found is not None:
        return _long_line_problem(data, label, offset, quoted, *found)
    limit_en, limit_vi = _size_words(MAX_LINE_BYTES)
    detail = Words(
        f"a row longer than {limit_en} (a quote opened and never closed?)",
        f"có dòng dài hơn {limit_vi} (dấu ngoặc kép mở mà không đóng?)",
    )
    return too_large(label, detail, Words(f"{limit_en} per row", f"{limit_vi} mỗi dòng"))


def _too_many_cells(label: str, row: int, cells: int) -> Problem:
    found_en, found_vi = _count_words(cells)
    detail = Words(f"row {row} has {found_en} cells", f"dòng {row} có {found_vi} ô")
    return too_large(label, detail, Words(f"{MAX_COLUMNS} columns", f"{MAX_COLUMNS} cột"), row=row)


def _long_cells(label: str, header: list[str], columns: list[Any], rows: np.ndarray) -> list[Problem]:
    """too-large for every cell longer than MAX_CELL_CHARS (Excel's own limit), with its row and column.

    Byte lengths are checked first (one pass per column); characters are counted only where bytes
    exceed the limit, since a character is at least one byte.
    """
    problems: list[Problem] = []
    limit_en, limit_vi = _count_words(MAX_CELL_CHARS)
    expected = Words(f"{limit_en} characters per cell", f"{limit_vi} ký tự mỗi ô")
    for index, (name, column) in enumerate(zip(header, columns, strict=True)):
        if not len(column) or (pc.max(pc.binary_length(column)).as_py() or 0) <= MAX_CELL_CHARS:
            continue
        chars = pc.utf8_length(column).to_numpy()
        for position in np.flatnonzero(chars > MAX_CELL_CHARS):
            found_en, found_vi = _count_words(int(chars[position]))
            detail = Words(f"the cell has {found_en} characters", f"ô có {found_vi} ký tự")
            column_name = name.strip() or _column_letter(index)
            text = str(column[int(position)].as_py())
            problems.append(too_large(label, detail, expected, int(rows[position]), column_name, text))
    return problems


def _column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column (0 -> A, 26 -> AA), for a column without a header."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _parse(
    data: bytes, names: list[str], delimiter: str, quoted: bool, threads: bool
) -> tuple[pa.Table, list[tuple[int, int, str]]]:
    """pyarrow's CSV parser, every column as text; malformed rows are collected, not fatal.

    A line break can sit inside a value only within quotes: a file without any quote character is
    split at every line break, which pyarrow does in parallel (measured: 24 -> 13 ms for 10 MB).
    """
    bad_rows: list[tuple[int, int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append((row.number or 0, row.actual_columns, row.text[:MAX_QUOTED_CHARS]))  # never megabytes
        return "skip"

    table = pacsv.read_csv(
        io.BytesIO(data),
        read_options=pacsv.ReadOptions(use_threads=threads, column_names=names, skip_rows=1, block_size=_BLOCK_BYTES),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=quoted,
            ignore_empty_lines=False,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False),
    )
    return table, bad_rows


def _has_edge_spaces(data: bytes, delimiter: str) -> bool:
    """Whether any cell could start or end with white space, judged from the bytes in one or two scans.

    A file without any blank byte (other than a tab used as the separator) and without non-ASCII
    spaces has nothing to trim, so its columns are not trimmed one by one; any other file is.
    """
    blanks = (b" ", b"\x0b", b"\x0c") if delimiter == "\t" else (b" ", b"\t", b"\x0b", b"\x0c")
    if any(blank in data for blank in blanks):
        return True
    return data.isascii() is False and any(mark in data for mark in (b"\xc2\xa0", b"\xe2\x80", b"\xe3\x80\x80"))


def _clean(column: pa.ChunkedArray, may_be_quoted: bool, may_be_spaced: bool = True) -> pa.ChunkedArray:
    """Trim spaces; unwrap quotes that a space kept from being CSV quotes (`a, "0,5"` by hand)."""
    if may_be_spaced:
        column = pc.utf8_trim_whitespace(column)
    if may_be_quoted:
        quoted = pc.match_substring_regex(column, r'^".*"$')
        column = pc.if_else(
            quoted,
            pc.replace_substring(pc.replace_substring_regex(column, r'^"(.*)"$', r"\1"), '""', '"'),
            column,
        )
        column = pc.utf8_trim_whitespace(column)
    return column


def _as_written(raw_name: str) -> str:
    """A header cell as problems quote it: the user's text, on one line (a merged cell may wrap)."""
    return " ".join(normalise_text(raw_name).replace("\ufeff", " ").split())


def _column_name(raw_name: str, schema: Schema | None) -> str:
    """The name a header cell gets: its canonical name in SCHEMA, else its normalised text."""
    canonical = schema.canonical(raw_name) if schema is not None else None
    return canonical or normalise_header(raw_name)


def _table(
    label: str,
    header: list[str],
    columns: dict[str, Any],
    rows: np.ndarray,
    schema: Schema | None = None,
    header_row: int = 1,
    preamble: list[tuple[int, list[str]]] | None = None,
) -> Table:
    """Assemble the table: canonical (or normalised) header names, blank rows dropped, row numbers kept.

    A header cell that is empty (Excel's trailing separators) is dropped. A header that names a
    column again (the same text twice, or 'Điểm' beside 'Điểm tự đánh giá') keeps the first column;
    the loaders report it, quoting both headers as written.
    """
    data: dict[str, pa.Array] = {}
    headers: dict[str, str] = {}
    duplicates: list[tuple[str, str, str]] = []
    for raw_name, array in zip(header, columns.values(), strict=True):
        name = _column_name(raw_name, schema)
        if name in data:
            duplicates.append((name, headers[name], _as_written(raw_name)))
        elif name:
            data[name] = array  # kept in chunks as parsed: combining 30 MB of text costs more than it saves
            headers[name] = _as_written(raw_name)
    rows = rows[: len(next(iter(data.values())))] if data else rows[:0]
    if data and len(rows):
        # a blank row has an empty first cell: look at the other columns only when one has
        blank = pc.equal(next(iter(data.values())), "")
        if pc.any(blank).as_py():
            for array in list(data.values())[1:]:
                blank = pc.and_(blank, pc.equal(array, ""))
        if pc.any(blank).as_py():  # rare: Excel's empty rows (';;;') and blank lines
            keep = pc.invert(blank)
            data = {name: pc.filter(array, keep) for name, array in data.items()}
            rows = rows[keep.to_numpy(zero_copy_only=False)]
    return Table(label, data, rows, None, duplicates, headers, header_row, preamble or [])


def _read_workbook(raw: bytes, label: str, schema: Schema | None = None) -> TableResult:
    """The sheet of a workbook a person sees, numbered as Excel numbers its rows (see xlsx.py)."""
    from . import xlsx  # openpyxl and defusedxml load only for workbooks

    filled, problems = xlsx.read_xlsx(raw, label)
    if filled is None:
        return TableResult(None, problems)
    result = table_from_rows(label, filled, schema)
    return TableResult(result.frame, problems + result.problems)


def table_from_rows(label: str, filled: list[tuple[int, list[str]]], schema: Schema | None = None) -> TableResult:
    """A table from a sheet's non-empty rows (row number as the sheet shows it, cell texts).

    The header is the first row that holds SCHEMA's required columns (see `choose_header`; without a
    schema, the first row); a data row with text beyond the header's last cell is malformed.
    Every sheet-like source (xlsx today) goes through here, so header rules live in one place.
    """
    if not filled:
        return TableResult(None, [Problem("empty-file", label)])
    start, two_rows = choose_header([cells for _, cells in filled[:HEADER_SEARCH_ROWS]], schema)
    preamble, filled = filled[:start], filled[start:]
    header_row = filled[0][0]
    header = list(two_rows or filled[0][1])
    if two_rows is not None:
        filled = filled[1:]  # the header's second row is not data
    while header and not header[-1]:
        header.pop()
    width = len(header)
    problems: list[Problem] = []
    kept_values: list[list[str]] = []
    kept_rows: list[int] = []
    for number, texts in filled[1:]:
        extra = [t for t in texts[width:] if t]
        if extra:
            problems.append(
                Problem(
                    "malformed-row",
                    label,
                    row=number,
                    value=extra[0][:80],
                    params={"detail": width + len(extra), "expected": width},
                )
            )
            continue
        kept_values.append((texts + [""] * width)[:width])
        kept_rows.append(number)
    columns = {f"__col{i}": pa.array([r[i] for r in kept_values], type=pa.string()) for i in range(width)}
    table = _table(label, header, columns, np.array(kept_rows, dtype=np.int64), schema, header_row, preamble)
    return TableResult(table, _skipped(label, table) + problems)


def choose_header(candidates: list[list[str]], schema: Schema | None) -> tuple[int, list[str] | None]:
    """Which of the first non-empty rows is the header: the first holding all of SCHEMA's required
    columns; else the one holding most of them (its missing columns are then reported); else the first.

    Why: official forms put a title block above the table ("UBND TỈNH LAI CHÂU", "PHIẾU TỰ ĐÁNH
    GIÁ…", "Đơn vị: Sở Y tế"); taking it for the header turned every data row into an error.
    A header may take two rows ("Điểm" merged above "Tự đánh giá" and "Thẩm định"): then the
    second item is the two rows read as one (the lower cell where it has text), else None.
    """
    if schema is None:
        return 0, None
    full = len(schema.required)
    best, best_count = 0, 0
    for position, cells in enumerate(candidates):
        below = candidates[position + 1] if position + 1 < len(candidates) else []
        # a second header row names columns too (a data row never reads "Tự đánh giá")
        if any(schema.canonical(cell) for cell in below) and schema.holds(below) < full:
            merged = [low or high for high, low in zip_longest(cells, below, fillvalue="")]
            if schema.holds(merged) == full:
                return position, merged
        count = schema.holds(cells)
        if count == full:
            return position, None
        if count > best_count:
            best, best_count = position, count
    return best, None


class _CsvHeader(NamedTuple):
    """Where a CSV's header is: the bytes and lines above the line the parser starts at, the non-blank
    lines skipped, and for a header on two lines its cells read as one and its first row."""

    skip_bytes: int = 0
    skip_lines: int = 0
    preamble: list[tuple[int, list[str]]] = []
    cells: list[str] | None = None
    first_row: int | None = None


def _csv_header(data: bytes, schema: Schema | None, offset: int) -> _CsvHeader:
    """Where the header line of a CSV starts (see `_CsvHeader`).

    DATA starts at its first non-blank line, which is OFFSET + 1 in the file. Each of the first
    lines is split with its own separator (a title saved by Excel is "PHIẾU…;;;;" or a lone cell).
    The search stops at a line too long to be a title or a header: the limits deal with that line.
    """
    if schema is None:
        return _CsvHeader()
    starts: list[int] = []
    cells: list[list[str]] = []
    position = 0
    while position < len(data) and len(starts) < HEADER_SEARCH_ROWS:
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end
        if end - position > MAX_LINE_BYTES:
            break
        line = data[position:end].decode("utf-8", errors="replace").rstrip("\r")
        try:
            row = next(csv.reader([line], delimiter=_sniff_delimiter(line)), [])
        except csv.Error:
            row = [line]
        starts.append(position)
        cells.append([cell.strip() for cell in row])
        position = end + 1
    filled = [i for i, row in enumerate(cells) if any(row)]
    if not filled:
        return _CsvHeader()
    position, two_rows = choose_header([cells[i] for i in filled], schema)
    chosen = filled[position]
    preamble = [(offset + 1 + i, cells[i]) for i in filled if i < chosen]
    if two_rows is None:
        return _CsvHeader(starts[chosen], chosen, preamble)
    second = filled[position + 1]
    return _CsvHeader(starts[second], second, preamble, two_rows, offset + 1 + chosen)


def _skipped(label: str, table: Table) -> list[Problem]:
    """The note that title rows above the header were skipped (nothing when the header is on top)."""
    if not table.preamble:
        return []
    first, last = table.preamble[0][0], table.preamble[-1][0]
    rows = Words(en=f"row {first}", vi=f"dòng {first}")
    if first != last:
        rows = Words(en=f"rows {first}–{last}", vi=f"dòng {first}–{last}")
    title = next(cell for cell in table.preamble[0][1] if cell)
    return [
        Problem(
            "rows-skipped",
            table.label,
            row=first,
            value=title[:80],
            severity=NOTE,
            params={"detail": rows, "expected": table.header_row},
        )
    ]
