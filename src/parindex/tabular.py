"""The table every reader returns: text columns with the row number a spreadsheet shows for each row.

Why a module of its own: CSV and workbook readers, and the loaders that check the tables, all share
this one shape; the header cells get their canonical names here (``Mã đơn vị`` -> ``unit_id``), once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, SupportsInt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .columns import Schema

ROW = "row"


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


def as_written(raw_name: str) -> str:
    """A header cell as problems quote it: the user's text, on one line (a merged cell may wrap)."""
    return " ".join(normalise_text(raw_name).replace("\ufeff", " ").split())


def column_name(raw_name: str, schema: Schema | None) -> str:
    """The name a header cell gets: its canonical name in SCHEMA, else its normalised text."""
    canonical = schema.canonical(raw_name) if schema is not None else None
    return canonical or normalise_header(raw_name)


def assemble(
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
        name = column_name(raw_name, schema)
        if name in data:
            duplicates.append((name, headers[name], as_written(raw_name)))
        elif name:
            data[name] = array  # kept in chunks as parsed: combining 30 MB of text costs more than it saves
            headers[name] = as_written(raw_name)
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
