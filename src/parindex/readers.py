"""Read tables the way users actually save them: CSV from Excel on Vietnamese PCs, or .xlsx.

Every table comes back as a pandas DataFrame of trimmed, NFC-normalised strings with a ``row``
column holding the row number a spreadsheet shows (header = row 1), so that every later problem
can point at the exact cell. Nothing here interprets values; that is the loaders' job.

CSV is parsed by pyarrow's single-threaded reader: it is fast enough for a million rows and,
single-threaded, it tells the physical record number of every malformed row, which lets us keep
exact row numbers without a slow pure-Python parse.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .problems import Problem

ROW = "row"
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt")
_XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class TableResult:
    """A read table (None when unreadable) and the problems met while reading it."""

    frame: pd.DataFrame | None
    problems: list[Problem]


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


def read_table(path: Path, label: str) -> TableResult:
    """Read PATH (CSV or xlsx) into a string DataFrame with spreadsheet row numbers.

    LABEL is how the file is named in problems (usually its name relative to the assessment folder).
    """
    if not path.exists():
        return TableResult(None, [Problem("missing-file", label, params={"detail": label})])
    if not path.is_file():
        return TableResult(None, [Problem("not-a-file", label, params={"detail": label})])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return TableResult(None, [Problem("not-a-file", label, params={"detail": f"{label} ({exc.strerror})"})])
    if not raw.strip():
        return TableResult(None, [Problem("empty-file", label)])
    if raw.startswith(_XLSX_MAGIC):
        return _read_xlsx(path, label)
    return _read_csv_bytes(raw, label)


def _decode(raw: bytes, label: str) -> tuple[str | None, Problem | None]:
    """Strict decoding: UTF-8 (with or without BOM) or UTF-16 with BOM; never a guess into mojibake."""
    encoding = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        detail = f"byte 0x{raw[exc.start]:02X} on line {line}; legacy Windows-1258/TCVN3 text?"
        return None, Problem("encoding-error", label, row=line, params={"detail": detail})
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, Problem("encoding-error", label, row=line, params={"detail": f"binary data on line {line}"})
    return normalise_text(text), None


def _sniff_delimiter(header_line: str) -> str:
    """Pick the separator from the header: Vietnamese Excel saves ';', others ',' or a tab."""
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv_bytes(raw: bytes, label: str) -> TableResult:
    text, problem = _decode(raw, label)
    if text is None:
        return TableResult(None, [problem] if problem else [])
    text = text.strip("\r\n\t ")
    if not text:
        return TableResult(None, [Problem("empty-file", label)])
    header_line = text.split("\n", 1)[0]
    delimiter = _sniff_delimiter(header_line)
    header = next(csv.reader([header_line.rstrip("\r")], delimiter=delimiter))
    names = [f"__col{i}" for i in range(len(header))]
    bad_rows: list[tuple[int, int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append((row.number or 0, row.actual_columns, row.text))
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(use_threads=False, column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        detail = str(exc).splitlines()[0]
        return TableResult(None, [Problem("malformed-row", label, params={"detail": detail, "expected": "?"})])
    problems = [
        Problem(
            "malformed-row",
            label,
            row=number,
            value=text_[:80],
            params={"detail": actual, "expected": len(header)},
        )
        for number, actual, text_ in bad_rows
    ]
    # pyarrow numbers records from the top of the file (header = 1), as a spreadsheet does
    invalid = np.array(sorted(n for n, _, _ in bad_rows), dtype=np.int64)
    total = table.num_rows + len(invalid)
    rows = np.setdiff1d(np.arange(2, total + 2, dtype=np.int64), invalid, assume_unique=True)
    columns = {name: _clean(table.column(i), '"' in text) for i, name in enumerate(names)}
    frame = _frame(header, columns, rows)
    return TableResult(frame, problems)


def _clean(column: pa.ChunkedArray, may_be_quoted: bool) -> pa.ChunkedArray:
    """Trim spaces; unwrap quotes that a space kept from being CSV quotes (`a, "0,5"` by hand)."""
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


def _frame(header: list[str], columns: dict[str, pa.ChunkedArray], rows: np.ndarray) -> pd.DataFrame:
    """Assemble the DataFrame: normalised header names, blank rows dropped, row numbers kept.

    A header cell that is empty (Excel's trailing separators) is dropped. A duplicated header
    name keeps its first column; the loaders report it.
    """
    data: dict[str, pd.Series] = {}
    duplicates: list[str] = []
    for raw_name, array in zip(header, columns.values(), strict=True):
        name = normalise_header(raw_name)
        if name in data:
            duplicates.append(name)
        elif name:
            data[name] = array.to_pandas()
    frame = pd.DataFrame(data)
    frame[ROW] = rows[: len(frame)] if len(frame) else np.array([], dtype=np.int64)
    value_columns = [c for c in frame.columns if c != ROW]
    if value_columns and len(frame):
        blank = np.ones(len(frame), dtype=bool)
        for column in value_columns:
            blank &= (frame[column] == "").to_numpy()
        if blank.any():
            frame = frame.loc[~blank].reset_index(drop=True)
    frame.attrs["duplicate_columns"] = duplicates
    return frame


def _cell_text(value: object) -> str:
    """An Excel cell as the text the user sees, with numbers written exactly (0.1 stays '0.1')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        if "e" in text or "E" in text:
            from decimal import Decimal

            text = format(Decimal(text), "f")
        return text
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return normalise_text(str(value)).strip()


def _read_xlsx(path: Path, label: str) -> TableResult:
    """First sheet of a workbook, numbered as Excel numbers its rows."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken zips/xml
        detail = f"not a readable Excel workbook ({type(exc).__name__})"
        return TableResult(None, [Problem("encoding-error", label, params={"detail": detail})])
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        header_row = 0
        values: list[list[str]] = []
        rows: list[int] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [_cell_text(v) for v in cells]
            if header is None:
                if any(texts):
                    header, header_row = texts, number
                continue
            if any(texts):
                values.append(texts)
                rows.append(number)
    finally:
        workbook.close()
    if header is None:
        return TableResult(None, [Problem("empty-file", label)])
    while header and not header[-1]:
        header.pop()
    width = len(header)
    problems: list[Problem] = []
    kept_values: list[list[str]] = []
    kept_rows: list[int] = []
    for number, texts in zip(rows, values, strict=True):
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
    del header_row
    columns = {
        f"__col{i}": pa.chunked_array([pa.array([r[i] for r in kept_values], type=pa.string())]) for i in range(width)
    }
    return TableResult(_frame(header, columns, np.array(kept_rows, dtype=np.int64)), problems)
