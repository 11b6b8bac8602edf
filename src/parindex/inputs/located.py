"""Vectorised helpers over pyarrow columns, and problems located at the rows that fail a check.

Why here: every check of the pipeline finds its failing rows as a numpy mask over a whole column,
then turns only the listed ones into `Problem` objects; this is that shared last step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..numbers import format_points
from ..problems import ERROR, Problem, Report, Words
from ..readers import Table, distinct_texts

#: How a cell that Excel turned into a date reads (readers write dates and times in ISO form).
EXCEL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
#: A param of a problem found on many rows: a constant, or a function of the row's position in its table.
Param = Callable[[int], object] | object


def lower(array: pa.Array) -> pa.Array:
    """Case-insensitive keys for ids and group names (both sides are lowered the same way)."""
    return pc.utf8_lower(array)


def blank(array: pa.Array) -> np.ndarray:
    """Per row: is the cell empty."""
    return pc.equal(array, "").to_numpy(zero_copy_only=False)


def encode(values: pa.Array | pa.ChunkedArray) -> tuple[list[str], np.ndarray]:
    """The distinct texts of a column as a list and, per row, the position of its text (-1: null)."""
    distinct, positions = distinct_texts(values)
    return distinct.to_pylist(), positions


def index_in(values: pa.Array, keys: list[str]) -> np.ndarray:
    """Position of every value in KEYS, -1 when absent (vectorised lookup)."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    found = pc.index_in(values, value_set=pa.array(keys, type=pa.string()))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def dates(table: Table, column: str, indices: np.ndarray) -> np.ndarray:
    """Which of the cells at INDICES look like a date Excel made (vectorised over the few failing rows)."""
    if not len(indices):
        return np.zeros(0, dtype=bool)
    cells = table.column(column).take(pa.array(indices, type=pa.int64()))
    return np.asarray(pc.match_substring_regex(cells, EXCEL_DATE.pattern).to_numpy(zero_copy_only=False), bool)


def first_true(mask: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the first LIMIT true values of a flat MASK, found chunk by chunk.

    Why: a national folder without scores has ten million missing (unit, criterion) pairs; only
    the listed ones need their position, and np.flatnonzero on all of them would hold every one.
    """
    found: list[np.ndarray] = []
    total, chunk = 0, 1 << 20
    for start in range(0, len(mask), chunk):
        positions = np.flatnonzero(mask[start : start + chunk]) + start
        found.append(positions[: limit - total])
        total += len(found[-1])
        if total >= limit:
            break
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def by_file(table: Table, indices: np.ndarray) -> list[np.ndarray]:
    """INDICES split by the file each row came from (per-unit files), in the order first met."""
    if not len(indices):
        return []
    if table.files is None:
        return [indices]
    _, first, inverse = np.unique(table.files[indices], return_index=True, return_inverse=True)
    return [indices[inverse == g] for g in np.argsort(first)]


def points(value: Decimal) -> Words:
    """Points in a message, with the decimal mark of each language (1.5 / 1,5)."""
    return Words(en=format_points(value), vi=format_points(value, "vi"))


def param(value: Param, index: int) -> object:
    """A problem's param for the row at INDEX: VALUE itself, or VALUE called with the row."""
    return value(index) if callable(value) else value


def cell(table: Table, column: str) -> Callable[[int], str]:
    """The text of COLUMN at a row position, for a problem's value."""
    return lambda i: table.text(column, i)


def report_rows(
    report: Report,
    code: str,
    table: Table,
    indices: np.ndarray,
    column: str,
    value: Param = None,
    detail: Param = "",
    expected: Param = "",
    severity: str = ERROR,
) -> None:
    """One problem per position in INDICES of TABLE, counted in bulk: only the listed ones are built.

    VALUE, DETAIL and EXPECTED are constants or functions of a row's position (called only for
    the rows that become objects), so a check failing on every row costs a count, not a million
    Problems. Only the parameters given are passed: a code refuses one it does not take.
    """
    given = {name: value for name, value in (("detail", detail), ("expected", expected)) if value != ""}
    for part in by_file(table, indices):

        def make(k: int, part: np.ndarray = part) -> Problem:
            i = int(part[k])
            found = param(value, i)
            return Problem(
                code,
                table.file(i),
                row=table.row(i),
                column=table.header(column, i),
                value=None if found is None else str(found),
                severity=severity,
                params={name: param(value, i) for name, value in given.items()},
            )

        report.add_many(len(part), make, table.rows[part])
