"""The sensitivity analysis as data: the JSON document (`sensitivity --format json`) and its CSV.

Numbers are JSON numbers rounded half-up only here: indices at the framework's precision, points at
the framework's precision (they are multiples of its step already), shares of runs at 4 decimals.
Rank answers are null for an unranked unit; ``index_if_reverted`` is given wherever the unit has an
index, as ``score`` gives an unranked unit's index.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from ..i18n import DEFAULT_LANG, N_, gettext
from ..numbers import SCALE_DIGITS, count_text, round_half_up
from ..output import document_header, safe_cell
from .model import Adjustment, GroupSensitivity, Pair, Sensitivity, UnitSensitivity
from .options import UNSETTLED_PERCENT

#: The keys of a unit's row, in the order CSV writes them.
ROW_KEYS = (
    "group",
    "unit_id",
    "name",
    "rank",
    "rank_median",
    "rank_p05",
    "rank_p95",
    "same_rank_share",
    "top3_share",
    "rank_if_reverted",
    "index_if_reverted",
    "points_to_next_place",
    "points_ahead_of_next",
)
#: Decimals of a share of runs (0.8734 = 87.34 % of the runs).
SHARE_DECIMALS = 4
_SHARES = ("same_rank_share", "top3_share")
_AT_PRECISION = ("index_if_reverted", "points_to_next_place", "points_ahead_of_next")

METHOD = N_(
    "{runs} runs, seed {seed}: each survey criterion's score varied by a normal error whose 95 % bound is "
    "± {margin} % of its maximum (kept between 0 and the maximum); each domain's weight varied uniformly "
    "within ± {spread} %. Each run is ranked like the published ranking; a pair is unsettled when the unit "
    "listed second is ahead in more than {unsettled} % of the runs."
)


def method_text(sensitivity: Sensitivity, lang: str = DEFAULT_LANG) -> str:
    """What the runs did, in one sentence of LANG (JSON's ``method``, the table's footer, the report)."""
    options = sensitivity.options

    def shown(value: float) -> str:
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "vi" else text

    return gettext(METHOD, lang).format(
        runs=count_text(options.runs, lang),
        seed=options.seed,
        margin=shown(options.survey_margin),
        spread=shown(options.weight_spread),
        unsettled=UNSETTLED_PERCENT,
    )


def _places(count: int | None, decimals: int) -> float | None:
    return None if count is None else float(Decimal(count).scaleb(-decimals))


def _points(micro: int | None) -> float | None:
    return None if micro is None else float(Decimal(micro).scaleb(-SCALE_DIGITS))


def share(count: int, runs: int) -> float:
    """COUNT of RUNS as a share rounded half-up at SHARE_DECIMALS."""
    return float(round_half_up(Decimal(count) / Decimal(runs), SHARE_DECIMALS)) if runs else 0.0


def unit_row(group: str, unit: UnitSensitivity, runs: int, decimals: int) -> dict[str, Any]:
    """One unit's row: the keys of ROW_KEYS."""
    score, spread = unit.score, unit.spread
    return {
        "group": group,
        "unit_id": score.unit.unit_id,
        "name": score.unit.name,
        "rank": score.rank,
        "rank_median": None if spread is None else spread.median,
        "rank_p05": None if spread is None else spread.p05,
        "rank_p95": None if spread is None else spread.p95,
        "same_rank_share": None if spread is None else share(spread.same_rank, runs),
        "top3_share": None if spread is None else share(spread.top3, runs),
        "rank_if_reverted": unit.rank_if_reverted,
        "index_if_reverted": _places(unit.index_if_reverted, decimals),
        "points_to_next_place": _points(unit.to_next_place),
        "points_ahead_of_next": _points(unit.ahead_of_next),
    }


def _pair(pair: Pair, runs: int) -> dict[str, Any]:
    first, second = pair.first.unit, pair.second.unit
    return {
        "first": first.unit_id,
        "first_name": first.name,
        "second": second.unit_id,
        "second_name": second.name,
        "flip_share": share(pair.flips, runs),
    }


def _score(value: Decimal | None, na: bool) -> float | str | None:
    return "N/A" if na else None if value is None else float(value)


def _adjustment(adjustment: Adjustment, decimals: int) -> dict[str, Any]:
    unit = adjustment.unit
    return {
        "unit_id": unit.unit.unit_id,
        "name": unit.unit.name,
        "code": adjustment.code,
        "criterion": adjustment.name,
        "self_score": _score(adjustment.self_score, adjustment.self_na),
        "appraised_score": _score(adjustment.appraised, adjustment.appraised_na),
        "note": adjustment.note,
        "rank": unit.rank,
        "index": _places(unit.published_int, decimals),
        "rank_if_reverted": adjustment.rank_if_reverted,
        "index_if_reverted": _places(adjustment.index_if_reverted, decimals),
        "ranks_changed": [moved.unit.unit_id for moved in adjustment.moved],
    }


def _group(group: GroupSensitivity, runs: int, decimals: int) -> dict[str, Any]:
    return {
        "key": group.key,
        "name": group.result.group.name,
        "units": len(group.units),
        "ranked_units": sum(1 for u in group.units if u.score.ranked),
        "unsettled_pairs": [_pair(pair, runs) for pair in group.pairs],
        "decisive_adjustments": [_adjustment(a, decimals) for a in group.adjustments],
    }


def sensitivity_to_dict(sensitivity: Sensitivity, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """The JSON document of `parindex sensitivity --format json`."""
    options, decimals = sensitivity.options, sensitivity.results.framework.decimals
    runs = options.runs
    return {
        **document_header(sensitivity.results, lang),
        "runs": runs,
        "seed": options.seed,
        "survey_margin": options.survey_margin,
        "weight_spread": options.weight_spread,
        "method": method_text(sensitivity, lang),
        "groups": [_group(group, runs, decimals) for group in sensitivity.groups.values()],
        "rows": [
            unit_row(key, unit, runs, decimals) for key, group in sensitivity.groups.items() for unit in group.units
        ],
    }


def _cell(key: str, value: Any, decimals: int) -> str:
    """A CSV cell: fixed decimals for amounts (4 for shares), plain integers, neutralised text."""
    if value is None:
        return ""
    if key in _SHARES:
        return f"{value:.{SHARE_DECIMALS}f}"
    if key in _AT_PRECISION:
        return f"{value:.{decimals}f}"
    return str(safe_cell(value)) if isinstance(value, str) else str(value)


def sensitivity_to_csv(sensitivity: Sensitivity) -> str:
    """One row per unit with the keys of ROW_KEYS (the JSON's ``rows``), dot decimals."""
    decimals = sensitivity.results.framework.decimals
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ROW_KEYS)
    for row in sensitivity_to_dict(sensitivity, "en")["rows"]:
        writer.writerow([_cell(key, row[key], decimals) for key in ROW_KEYS])
    return buffer.getvalue()
