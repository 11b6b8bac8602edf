"""Machine-readable results (JSON and CSV), and the one rule every written cell follows.

The JSON the CLI prints is exactly :func:`results_to_dict`; CSV has the same rows and keys.
Every text cell of every CSV and xlsx parindex writes goes through :func:`safe_cell`. How files
are written (all or nothing, never over an input) is `writing.py`; its names are kept here too.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .i18n import resolve_lang
from .numbers import round_half_up
from .ranking import tie_rule
from .result_table import AMOUNTS, COLUMNS, FLAG, TEXT, Column, ResultTable
from .result_table import domain_codes as domain_codes  # importable from here, as before the table
from .scoring import Results
from .writing import OutputError as OutputError  # these lived here before writing.py: kept importable
from .writing import atomic_write as atomic_write
from .writing import check_output_path as check_output_path
from .writing import write_text as write_text

#: The unit columns of `score`'s JSON rows and CSV, before the per-domain indices.
BASE_COLUMNS = tuple(column.key for column in COLUMNS)
#: How a text starts that a spreadsheet would run as a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number(value: Decimal | None, decimals: int) -> float | None:
    """A JSON number rounded half-up at the published precision (float repr of a short decimal is exact)."""
    return None if value is None else float(round_half_up(value, decimals))


def document_header(results: Results, lang: str | None = None) -> dict[str, Any]:
    """What every JSON document of a results run starts with: framework, year, precision, rules."""
    lang = resolve_lang(lang)
    framework = results.framework
    header: dict[str, Any] = {
        "framework": framework.id,
        "framework_title": framework.title,
        "decision": framework.decision,
        "year": results.year,
        "decimals": framework.decimals,
        "not_applicable": framework.not_applicable,
        "tie_rule": tie_rule(framework.decimals, lang),
    }
    if framework.has_adjustments:  # only then can the index pass 100: say where it stops (None: nowhere)
        header["index_cap"] = None if framework.index_cap is None else float(framework.index_cap)
    return header


def results_to_dict(
    results: Results, lang: str | None = None, manifest: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON document of `parindex score --format json`; with MANIFEST (`manifest.manifest_of`) its
    last key is ``"manifest"``, as every result the command writes carries one."""
    decimals = results.framework.decimals
    rows = ResultTable(results).json_rows()
    groups = [
        {
            "key": key,
            "name": gr.group.name,
            "max_points": _number(gr.group.max_points, decimals),
            "units": len(gr.units),
            "mean_index": _number(gr.mean_index, decimals),
            "domains": {d.code: d.name for d in gr.group.domains},
        }
        for key, gr in results.groups.items()
    ]
    document = {
        **document_header(results, lang),
        "groups": groups,
        "rows": rows,
    }
    if manifest is not None:
        document["manifest"] = manifest
    return document


def to_json(document: Any) -> str:
    """Pretty, UTF-8-friendly JSON (Vietnamese stays readable)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV/Excel injection); numbers untouched.

    The one rule of every writer (score, explain, compare CSV; export and template xlsx and CSV):
    a text starting with = + - @ tab or CR gets a leading apostrophe, which Excel and LibreOffice
    show as text, whatever the text's source (a unit name, a note, parindex.toml's year).
    openpyxl stores any string starting with "=" as a formula, so this matters for xlsx too.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def plain_cell(value: Any) -> Any:
    """The inverse of safe_cell, for reading back what parindex wrote: "'=1+2" -> "=1+2".

    Why: a ranking written by `score --format csv` is read again by `compare --previous`; a unit id
    such as "@B" must match itself, not "'@B". Only an apostrophe before a formula character is taken
    off, so any other text that starts with an apostrophe stays as it is.
    """
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _csv_value(value: Any, float_format: str) -> str:
    """One CSV cell: fixed-precision numbers, true/false, neutralised text (hot loop: cheapest checks first)."""
    kind = type(value)
    if kind is float:
        return float_format % value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is str:
        return safe_cell(value)  # type: ignore[no-any-return]
    return str(value)  # an int or a Decimal: a number, never neutralised


def rows_to_csv(rows: Iterable[dict[str, Any]], columns: list[str], decimals: int) -> str:
    """CSV text (comma, dot decimals, fixed precision) of ROWS with the given COLUMNS.

    Cells are formatted column by column (one type check per column, not per cell): this is the
    hot loop of a national-scale export.
    """
    records = list(rows)
    float_format = f"%.{decimals}f"
    formatted = []
    for column in columns:
        values = [record.get(column) for record in records]
        formatted.append([_csv_value(v, float_format) for v in values])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(zip(*formatted, strict=True))
    return buffer.getvalue()


def results_to_csv(results: Results) -> str:
    """The CSV of `parindex score --format csv`: one row per unit, the keys of the JSON rows.

    Built column by column from the result table, whose amounts are rounded whole columns at a
    time (a test checks it equals the JSON rows written as CSV): a national-scale file has 10,000
    rows, and per-cell work would cost more than the scoring itself.
    """
    table = ResultTable(results)
    columns = {column.key: _csv_column(table, column) for column in table.columns}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(columns))
    writer.writerows(zip(*columns.values(), strict=True))
    return buffer.getvalue()


def _csv_column(table: ResultTable, column: Column) -> list[str]:
    """The CSV cells of COLUMN: fixed-precision amounts, true/false flags, neutralised text."""
    if column.kind in AMOUNTS:
        return _fixed_column(table.places(column), table.decimals)
    values = table.values(column)
    if column.kind == FLAG:
        return ["true" if v else "false" for v in values]
    if column.kind == TEXT:
        return ["" if v is None else safe_cell(v if isinstance(v, str) else str(v)) for v in values]
    return ["" if v is None else str(v) for v in values]


def _fixed_column(counts: list[int | None], decimals: int) -> list[str]:
    """Integer counts of 10^-decimals as fixed-point texts (8629 -> '86.29', -5 -> '-0.05'); None -> ''.

    Vectorised through Arrow: this is the hot loop of a national-scale CSV.
    """
    magnitudes = np.array([0 if c is None else abs(c) for c in counts], dtype=np.int64)
    whole, fraction = np.divmod(magnitudes, 10**decimals)
    texts = pc.cast(pa.array(whole), pa.string())
    if decimals:
        padded = pc.utf8_lpad(pc.cast(pa.array(fraction), pa.string()), width=decimals, padding="0")
        texts = pc.binary_join_element_wise(texts, padded, ".")
    return [
        "" if c is None else (f"-{text}" if c < 0 else text) for text, c in zip(texts.to_pylist(), counts, strict=True)
    ]
