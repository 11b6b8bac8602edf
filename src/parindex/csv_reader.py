"""CSV as Excel saves it on Vietnamese PCs: strict UTF-8 or UTF-16, ';' or ',' or tab, title rows above.

CSV is parsed by pyarrow: multi-threaded when every row is well formed; single-threaded again when one
is not, since only then does pyarrow tell the physical record number of every malformed row, which
keeps exact row numbers without a slow pure-Python parse.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .csv_limits import check_lines, long_cells, long_record_problem, too_many_cells
from .headers import csv_header, skipped_note, sniff_delimiter
from .limits import MAX_COLUMNS, MAX_LINE_BYTES, MAX_QUOTED_CHARS
from .problems import Problem, Words
from .tabular import TableResult, assemble, normalise_text

if TYPE_CHECKING:  # pragma: no cover
    from .columns import Schema

_LEADING_BLANKS = re.compile(rb"[\r\n\t ]*")
#: pyarrow's parse block. A record longer than a block stops pyarrow ("straddling object"); twice the
#: line limit leaves room for a line at the limit wherever a block starts (the block size does not
#: change the speed on a national score file: see benchmarks/README.md).
_BLOCK_BYTES = 2 * MAX_LINE_BYTES


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


def read_csv_bytes(raw: bytes, label: str, schema: Schema | None = None) -> TableResult:
    """A CSV file's bytes as a table (see `readers.read_table`), or the problems that stop it."""
    prepared = _prepared(raw, label)
    if isinstance(prepared, TableResult):
        return prepared
    data, offset = prepared
    spot = csv_header(data, schema, offset)
    data, offset = data[spot.skip_bytes :], offset + spot.skip_lines
    found = _header_cells(data, label, offset)
    if isinstance(found, TableResult):
        return found
    header, delimiter = found
    if spot.cells is not None and len(spot.cells) == len(header):
        header = spot.cells  # a header on two rows ("Điểm" above "Tự đánh giá"): the parser starts at its second
    parsed = _parsed(data, label, offset, len(header), delimiter)
    if isinstance(parsed, TableResult):
        return parsed
    table, bad_rows = parsed
    problems = _malformed(bad_rows, label, offset, len(header))
    # pyarrow numbers records from the top of the file (header = 1), as a spreadsheet does
    invalid = np.array(sorted(n for n, _, _ in bad_rows), dtype=np.int64)
    total = table.num_rows + len(invalid)
    rows = np.setdiff1d(np.arange(2, total + 2, dtype=np.int64), invalid, assume_unique=True) + offset
    spaced = _has_edge_spaces(data, delimiter)
    columns = {f"__col{i}": _clean(table.column(i), b'"' in data, spaced) for i in range(len(header))}
    refused = long_cells(label, header, list(columns.values()), rows)
    if refused:
        return TableResult(None, problems + refused)
    found_table = assemble(label, header, columns, rows, schema, spot.first_row or 1 + offset, spot.preamble)
    return TableResult(found_table, skipped_note(found_table) + problems)


def _prepared(raw: bytes, label: str) -> tuple[bytes, int] | TableResult:
    """The bytes from the first non-blank line, in NFC UTF-8 with LF line ends, and the number of blank
    lines cut above them (they still count as spreadsheet rows); or the problems that refuse the file."""
    data, problem = _utf8_nfc(raw, label)
    if data is None:
        return TableResult(None, [problem] if problem else [])
    start = _LEADING_BLANKS.match(data)
    offset = 0
    if start is not None and start.end():
        offset = data[: start.end()].count(b"\n")
        data = data[start.end() :]
    if not data:
        return TableResult(None, [Problem("empty-file", label)])
    if b"\n" not in data and b"\r" in data:  # old Mac line ends ("CSV (Macintosh)")
        data = data.replace(b"\r", b"\n")
    refused = check_lines(data, label, offset)
    if refused:
        return TableResult(None, refused)
    return data, offset


def _header_cells(data: bytes, label: str, offset: int) -> tuple[list[str], str] | TableResult:
    """The cells of DATA's first line and the separator they use, or the problem that stops reading."""
    line_end = data.find(b"\n")
    header_line = (data if line_end < 0 else data[:line_end]).decode("utf-8")
    delimiter = sniff_delimiter(header_line)
    try:
        header = next(csv.reader([header_line.rstrip("\r")], delimiter=delimiter))
    except csv.Error as exc:
        detail = Words(en=str(exc), vi="không tách được dòng tiêu đề thành các cột")
        problem = Problem("unreadable-csv", label, row=1 + offset, value=header_line[:80], params={"detail": detail})
        return TableResult(None, [problem])
    if len(header) > MAX_COLUMNS:
        return TableResult(None, [too_many_cells(label, 1 + offset, len(header))])
    return header, delimiter


def _parsed(
    data: bytes, label: str, offset: int, width: int, delimiter: str
) -> tuple[pa.Table, list[tuple[int, int, str]]] | TableResult:
    """The rows below the header, parsed; or the problem when pyarrow cannot parse them."""
    names = [f"__col{i}" for i in range(width)]
    quoted = b'"' in data
    try:
        # Fast path: parse on every core. Only when a row is malformed do we need pyarrow's record
        # numbers, which it knows only single-threaded; then the file is parsed again that way.
        table, bad_rows = _parse(data, names, delimiter, quoted, threads=True)
        if bad_rows:
            table, bad_rows = _parse(data, names, delimiter, quoted, threads=False)
    except pa.ArrowException as exc:  # ArrowInvalid among them
        first_line = str(exc).splitlines()[0]
        if "straddl" in first_line:  # a record longer than a parse block: say which row, not pyarrow's words
            return TableResult(None, [long_record_problem(data, label, offset, quoted)])
        detail = Words(en=first_line, vi="không phân tích được nội dung tệp")
        return TableResult(None, [Problem("unreadable-csv", label, params={"detail": detail})])
    return table, bad_rows


def _malformed(bad_rows: list[tuple[int, int, str]], label: str, offset: int, width: int) -> list[Problem]:
    """One problem per row with another number of cells than the header's WIDTH."""
    return [
        Problem(
            "malformed-row",
            label,
            row=number + offset,
            value=text[:80],
            params={"detail": actual, "expected": width},
        )
        if actual <= MAX_COLUMNS
        else too_many_cells(label, number + offset, actual)
        for number, actual, text in bad_rows
    ]


def _parse(
    data: bytes, names: list[str], delimiter: str, quoted: bool, threads: bool
) -> tuple[pa.Table, list[tuple[int, int, str]]]:
    """pyarrow's CSV parser, every column as text; malformed rows are collected, not fatal.

    A line break can sit inside a value only within quotes: a file without any quote character is
    split at every line break, which pyarrow does in parallel (about twice as fast).
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
