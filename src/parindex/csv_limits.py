"""The limits of `parindex.limits` checked on a CSV's bytes, and the row each refusal names.

Why before parsing: pyarrow cannot parse a record longer than its block, and 50 MB of commas on one
line would make millions of columns; these checks cost a few memchr scans on a normal file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow.compute as pc

from .limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_LINE_BYTES, MAX_ROWS
from .numbers import count_text
from .problems import Problem, Words
from .refusals import size_words, too_large

#: Bytes scanned at a time where positions are needed (numpy), so memory stays bounded on any file.
_SCAN_BYTES = 8 * 1024 * 1024


def check_lines(data: bytes, label: str, offset: int) -> list[Problem]:
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
            rows = records - 1
            detail = Words(
                f"{count_text(rows, 'en')} rows below the header", f"{count_text(rows, 'vi')} dòng dưới dòng tiêu đề"
            )
            expected = Words(
                f"{count_text(MAX_ROWS, 'en')} rows per table", f"{count_text(MAX_ROWS, 'vi')} dòng mỗi bảng"
            )
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
    length_en, length_vi = size_words(length)
    limit_en, limit_vi = size_words(MAX_LINE_BYTES)
    detail = Words(f"row {row} is {length_en} long", f"dòng {row} dài {length_vi}")
    lines = data.count(b"\n", start, start + length) + 1
    if lines > 1:  # a quoted cell over many lines: most often a closing quote is missing
        detail = Words(
            f"{detail.en}, a quoted cell over {count_text(lines, 'en')} lines (is a closing quote missing?)",
            f"{detail.vi}, một ô trong ngoặc kép kéo dài {count_text(lines, 'vi')} dòng (thiếu dấu ngoặc kép đóng?)",
        )
    return too_large(label, detail, Words(f"{limit_en} per row", f"{limit_vi} mỗi dòng"), row=row)


def long_record_problem(data: bytes, label: str, offset: int, quoted: bool) -> Problem:
    """pyarrow met a record longer than its block: find it (a cell on many lines, an unclosed quote)."""
    found = _first_long_record(data, quoted)
    if found is not None:
        return _long_line_problem(data, label, offset, quoted, *found)
    limit_en, limit_vi = size_words(MAX_LINE_BYTES)
    detail = Words(
        f"a row longer than {limit_en} (a quote opened and never closed?)",
        f"có dòng dài hơn {limit_vi} (dấu ngoặc kép mở mà không đóng?)",
    )
    return too_large(label, detail, Words(f"{limit_en} per row", f"{limit_vi} mỗi dòng"))


def too_many_cells(label: str, row: int, cells: int) -> Problem:
    detail = Words(f"row {row} has {count_text(cells, 'en')} cells", f"dòng {row} có {count_text(cells, 'vi')} ô")
    return too_large(label, detail, Words(f"{MAX_COLUMNS} columns", f"{MAX_COLUMNS} cột"), row=row)


def long_cells(label: str, header: list[str], columns: list[Any], rows: np.ndarray) -> list[Problem]:
    """too-large for every cell longer than MAX_CELL_CHARS (Excel's own limit), with its row and column.

    Byte lengths are checked first (one pass per column); characters are counted only where bytes
    exceed the limit, since a character is at least one byte.
    """
    from .xlsx_values import column_letters  # only here: a CSV file is read without the xlsx reader

    problems: list[Problem] = []
    limit_en, limit_vi = count_text(MAX_CELL_CHARS, "en"), count_text(MAX_CELL_CHARS, "vi")
    expected = Words(f"{limit_en} characters per cell", f"{limit_vi} ký tự mỗi ô")
    for index, (name, column) in enumerate(zip(header, columns, strict=True)):
        if not len(column) or (pc.max(pc.binary_length(column)).as_py() or 0) <= MAX_CELL_CHARS:
            continue
        chars = pc.utf8_length(column).to_numpy()
        for position in np.flatnonzero(chars > MAX_CELL_CHARS):
            found = int(chars[position])
            detail = Words(
                f"the cell has {count_text(found, 'en')} characters", f"ô có {count_text(found, 'vi')} ký tự"
            )
            column_name = name.strip() or column_letters(index + 1)  # a column without a header: its letter
            text = str(column[int(position)].as_py())
            problems.append(too_large(label, detail, expected, int(rows[position]), column_name, text))
    return problems
