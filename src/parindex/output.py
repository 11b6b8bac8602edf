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

from .numbers import SCALE_DIGITS, micro_to_places, percent_places, round_half_up
from .ranking import tie_rule
from .scoring import DomainTable, Results, UnitScore
from .writing import OutputError as OutputError  # these lived here before writing.py: kept importable
from .writing import atomic_write as atomic_write
from .writing import check_output_path as check_output_path
from .writing import write_text as write_text

BASE_COLUMNS = (
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
#: How a text starts that a spreadsheet would run as a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def domain_codes(results: Results) -> list[str]:
    """Domain codes across all groups, in framework order, for the per-domain index columns."""
    codes: list[str] = []
    for group_result in results.groups.values():
        for domain in group_result.group.domains:
            if domain.code not in codes:
                codes.append(domain.code)
    return codes


def _number(value: Decimal | None, decimals: int) -> float | None:
    """A JSON number rounded half-up at the published precision (float repr of a short decimal is exact)."""
    return None if value is None else float(round_half_up(value, decimals))


def _places(value: int | None, decimals: int) -> float | None:
    """An integer count of 10^-decimals as a JSON number: 8629 -> 86.29 (a correctly rounded division)."""
    return None if value is None else value / 10**decimals


def unit_row(
    group_key: str, score: UnitScore, decimals: int, domains: list[str], year: int | str | None = None
) -> dict[str, Any]:
    """One unit as a flat record with JSON-native values, computed from the exact integers."""

    def points(micro: int) -> float | None:
        return _places(micro_to_places(micro, decimals), decimals)

    row: dict[str, Any] = {
        "year": year,
        "group": group_key,
        "rank": score.rank,
        "unit_id": score.unit.unit_id,
        "name": score.unit.name,
        "ranked": score.ranked,
        "self_total": points(score.self_micro),
        "appraisal_total": points(score.appraisal_micro),
        "survey_total": points(score.survey_micro),
        "total": points(score.total_micro),
        "max_points": points(score.max_micro),
        "index": _places(score.published_int, decimals),
        "tied": score.tied,
        "band": score.band,
        "accepted": score.accepted,
        "adjusted_up": score.adjusted_up,
        "adjusted_down": score.adjusted_down,
        "not_applicable": score.not_applicable,
    }
    domain_micro = score.domain_micro  # built on each access: once per unit, not once per domain
    for code in domains:
        pair = domain_micro.get(code)
        row[f"index_{code}"] = None if pair is None else _places(percent_places(*pair, decimals), decimals)
    return row


def document_header(results: Results, lang: str = "en") -> dict[str, Any]:
    """What every JSON document of a results run starts with: framework, year, precision, rules."""
    framework = results.framework
    return {
        "framework": framework.id,
        "framework_title": framework.title,
        "decision": framework.decision,
        "year": results.year,
        "decimals": framework.decimals,
        "not_applicable": framework.not_applicable,
        "tie_rule": tie_rule(framework.decimals, lang),
    }


def results_to_dict(results: Results, lang: str = "en") -> dict[str, Any]:
    """The JSON document of `parindex score --format json`."""
    framework = results.framework
    decimals = framework.decimals
    domains = domain_codes(results)
    rows = [
        unit_row(key, score, decimals, domains, results.year)
        for key, group_result in results.groups.items()
        for score in group_result.units
    ]
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
    return {
        **document_header(results, lang),
        "groups": groups,
        "rows": rows,
    }


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

    Built column by column straight from the exact integers, rounding and formatting whole columns
    at once (a test checks it equals the JSON rows written as CSV): a national-scale file has 10,000
    rows, and per-cell work would cost more than the scoring itself.
    """
    decimals = results.framework.decimals
    pairs = [(key, unit) for key, group in results.groups.items() for unit in group.units]
    units = [unit for _, unit in pairs]

    def points(values: list[int]) -> list[str]:
        return _fixed_column(_round_units(np.array(values, dtype=np.int64), decimals), decimals)

    def flag(values: list[bool]) -> list[str]:
        return ["true" if v else "false" for v in values]

    published = [u.published_int for u in units]

    def integers(values: list[int]) -> list[str]:
        return pc.cast(pa.array(values, type=pa.int64()), pa.string()).to_pylist()

    def texts(values: list[str]) -> list[str]:
        return [safe_cell(v) for v in values]

    columns: dict[str, list[str]] = {
        "year": texts([str(results.year)]) * len(units),
        "group": texts([key for key, _ in pairs]),
        "rank": ["" if u.rank is None else str(u.rank) for u in units],
        "unit_id": texts([u.unit.unit_id for u in units]),
        "name": texts([u.unit.name for u in units]),
        "ranked": flag([u.ranked for u in units]),
        "self_total": points([u.self_micro for u in units]),
        "appraisal_total": points([u.appraisal_micro for u in units]),
        "survey_total": points([u.survey_micro for u in units]),
        "total": points([u.total_micro for u in units]),
        "max_points": points([u.max_micro for u in units]),
        "index": _fixed_column(np.array([-1 if v is None else v for v in published], dtype=np.int64), decimals),
        "tied": flag([u.tied for u in units]),
        "band": texts(["" if u.band is None else u.band for u in units]),
        "accepted": integers([u.accepted for u in units]),
        "adjusted_up": integers([u.adjusted_up for u in units]),
        "adjusted_down": integers([u.adjusted_down for u in units]),
        "not_applicable": integers([u.not_applicable for u in units]),
    }
    tables = [_domain_table(group.units) for group in results.groups.values()]
    for code in domain_codes(results):
        parts = [table.column(code, positions) for table, positions in tables]
        domain_points = np.concatenate([p for p, _ in parts]) if parts else np.zeros(0, dtype=np.int64)
        domain_max = np.concatenate([m for _, m in parts]) if parts else np.zeros(0, dtype=np.int64)
        columns[f"index_{code}"] = _fixed_column(_percent(domain_points, domain_max, decimals), decimals)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(columns))
    writer.writerows(zip(*columns.values(), strict=True))
    return buffer.getvalue()


def _domain_table(units: list[UnitScore]) -> tuple[DomainTable, list[int]]:
    """The domain table of one group's UNITS and each unit's row in it, in the units' order.

    Units scored together share their group's table; any others get a table of their own rows.
    """
    shared = units[0].domain_table if units else None
    if shared is not None and all(u.domain_table is shared for u in units):
        return shared, [u.position for u in units]
    per_unit = [u.domain_micro for u in units]
    codes = tuple(dict.fromkeys(code for pairs_of in per_unit for code in pairs_of))
    pairs = [[pairs_of.get(code, (0, 0)) for code in codes] for pairs_of in per_unit]
    points = np.array([[p for p, _ in row] for row in pairs], dtype=np.int64).reshape(len(units), len(codes))
    maxima = np.array([[m for _, m in row] for row in pairs], dtype=np.int64).reshape(len(units), len(codes))
    return DomainTable(codes, points, maxima), list(range(len(units)))


def _round_units(units: np.ndarray, decimals: int) -> np.ndarray:
    """Micro-points rounded half-up to DECIMALS, as integer counts of 10^-decimals (points are >= 0)."""
    step = 10 ** (SCALE_DIGITS - decimals)
    return (2 * units + step) // (2 * step)


def _percent(points: np.ndarray, maxima: np.ndarray, decimals: int) -> np.ndarray:
    """points ÷ maximum × 100, half-up at DECIMALS, as integer counts; -1 where the maximum is 0."""
    safe = np.where(maxima > 0, maxima, 1)
    return np.where(maxima > 0, (points * (200 * 10**decimals) + safe) // (2 * safe), -1)


def _fixed_column(values: np.ndarray, decimals: int) -> list[str]:
    """Non-negative integer counts of 10^-decimals as fixed-point texts (8629 -> '86.29'); -1 -> ''."""
    whole, fraction = np.divmod(np.maximum(values, 0), 10**decimals)
    texts = pc.cast(pa.array(whole), pa.string())
    if decimals:
        padded = pc.utf8_lpad(pc.cast(pa.array(fraction), pa.string()), width=decimals, padding="0")
        texts = pc.binary_join_element_wise(texts, padded, ".")
    return [text if value >= 0 else "" for text, value in zip(texts.to_pylist(), values.tolist(), strict=True)]
