"""Where a table's header is: below the title block of an official form, possibly on two rows.

Why a module of its own: the same rules (`choose_header`) serve a CSV's first lines and a sheet's
first non-empty rows, and the note that title rows were skipped is said the same way for both.
"""

from __future__ import annotations

import csv
from itertools import zip_longest
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pyarrow as pa

from .limits import MAX_LINE_BYTES
from .problems import NOTE, Problem, Words
from .tabular import Table, TableResult, assemble

if TYPE_CHECKING:  # pragma: no cover
    from .columns import Schema

#: How far down a sheet the header is looked for: title blocks of official forms are a few rows.
HEADER_SEARCH_ROWS = 30


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


def csv_header(data: bytes, schema: Schema | None, offset: int) -> _CsvHeader:
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
            row = next(csv.reader([line], delimiter=sniff_delimiter(line)), [])
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
    table = assemble(label, header, columns, np.array(kept_rows, dtype=np.int64), schema, header_row, preamble)
    return TableResult(table, skipped_note(table) + problems)


def sniff_delimiter(header_line: str) -> str:
    """Pick the separator from the header: Vietnamese Excel saves ';', others ',' or a tab."""
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def skipped_note(table: Table) -> list[Problem]:
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
