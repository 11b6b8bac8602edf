"""pandas views of the results, for a notebook user: one frame per unit, one per unit × criterion.

Built from the exact integers and Decimals the writers use, so a frame never disagrees with the
JSON or the annex. This module imports pandas at the top: it is imported only when a frame is
asked for (the command-line process hides pandas, see ``cli/process.py``).
"""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from .details import LeafDetail, leaf_details

if TYPE_CHECKING:  # pragma: no cover
    from .assessment import Assessment
    from .results import Results


def results_frame(results: Results, exact: bool = True) -> pd.DataFrame:
    """Every unit of RESULTS as a row with the columns of `score --format json`, from the one result table.

    Points are exact (unrounded Decimals); indices are as published (rounded half-up to the
    framework's decimals), since the index is what a unit is ranked and known by.
    """
    from .result_table import INDEX, ResultTable

    table = ResultTable(results)
    rows = []
    for row, entry in enumerate(table.entries):
        record: dict[str, Any] = {}
        for column in table.columns:
            if column.kind == INDEX:
                record[column.key] = table.decimal(column, row)
            else:
                record[column.key] = column.exact(entry)
        rows.append(record)
    return _frame(rows, [column.key for column in table.columns], exact)


def criteria_frame(assessment: Assessment, exact: bool = True) -> pd.DataFrame:
    """Every unit × scored criterion of ASSESSMENT, with the fields of ``details.LeafDetail``."""
    names = [f.name for f in fields(LeafDetail)]
    rows = [{name: getattr(detail, name) for name in names} for detail in leaf_details(assessment)]
    return _frame(rows, names, exact)


def _frame(rows: list[dict[str, Any]], columns: list[str], exact: bool) -> pd.DataFrame:
    """A frame of ROWS; Decimal cells become floats unless EXACT (None stays missing either way)."""
    rows = [{key: _plain(value) for key, value in row.items()} for row in rows]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    if "rank" in frame.columns:  # an unranked unit has no rank: a whole-number column with gaps
        frame["rank"] = frame["rank"].astype("Int64")
    if exact:
        return frame
    for name in columns:
        values = frame[name].tolist()
        if any(isinstance(v, Decimal) for v in values):
            frame[name] = [float("nan") if v is None else float(v) for v in values]
    return frame


def _plain(value: Any) -> Any:
    """A Decimal written without an exponent (100, not 1E+2: from_micro normalises); else VALUE."""
    if isinstance(value, Decimal) and value.as_tuple().exponent > 0:  # type: ignore[operator]
        return value.quantize(Decimal(1))
    return value
