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
from .numbers import percent_places

if TYPE_CHECKING:  # pragma: no cover
    from .assessment import Assessment
    from .results import Results, UnitScore

#: The keys of a unit's row, as in `score --format json` (then one ``index_<code>`` per domain).
UNIT_COLUMNS = (
    "year",
    "group",
    "rank",
    "unit_id",
    "name",
    "ranked",
    "self_total",
    "appraisal_total",
    "survey_total",
    "total",
    "max_points",
    "index",
    "tied",
    "band",
    "accepted",
    "adjusted_up",
    "adjusted_down",
    "not_applicable",
)


def results_frame(results: Results, exact: bool = True) -> pd.DataFrame:
    """Every unit of RESULTS as a row, groups in order and units in published order."""
    codes: list[str] = []
    for group_result in results.groups.values():
        codes.extend(d.code for d in group_result.group.domains if d.code not in codes)
    rows = [
        _unit_record(key, score, codes, results.year)
        for key, group_result in results.groups.items()
        for score in group_result.units
    ]
    columns = [*UNIT_COLUMNS, *(f"index_{code}" for code in codes)]
    return _frame(rows, columns, exact)


def criteria_frame(assessment: Assessment, exact: bool = True) -> pd.DataFrame:
    """Every unit × scored criterion of ASSESSMENT, with the fields of ``details.LeafDetail``."""
    names = [f.name for f in fields(LeafDetail)]
    rows = [{name: getattr(detail, name) for name in names} for detail in leaf_details(assessment)]
    return _frame(rows, names, exact)


def _unit_record(key: str, score: UnitScore, codes: list[str], year: int | str) -> dict[str, Any]:
    """One unit's values: exact Decimal points, published indices (None where the maximum is 0)."""
    decimals = score.decimals
    record: dict[str, Any] = {
        "year": year,
        "group": key,
        "rank": score.rank,
        "unit_id": score.unit.unit_id,
        "name": score.unit.name,
        "ranked": score.unit.ranked,
        "self_total": score.self_total,
        "appraisal_total": score.appraisal_total,
        "survey_total": score.survey_total,
        "total": score.total,
        "max_points": score.max_points,
        "index": score.published_index,
        "tied": score.tied,
        "band": score.band,
        "accepted": score.accepted,
        "adjusted_up": score.adjusted_up,
        "adjusted_down": score.adjusted_down,
        "not_applicable": score.not_applicable,
    }
    domains = score.domain_micro
    for code in codes:
        pair = domains.get(code)
        published = None if pair is None else percent_places(*pair, decimals)
        record[f"index_{code}"] = None if published is None else Decimal(published).scaleb(-decimals)
    return record


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
