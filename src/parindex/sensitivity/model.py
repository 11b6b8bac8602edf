"""What a sensitivity analysis returns: per unit, per group, and the options it ran with.

Amounts stay exact: points in integer micro-points, published indices as integer counts of
10^-decimals %, shares as counts of runs. The JSON document (`document`) is the rounded view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..results import GroupResult, Results, UnitScore

#: Runs when none are asked for: enough to place a 5 % tail within about half a percentage point.
DEFAULT_RUNS = 10_000
#: The seed when none is given: a fixed one, so the same folder always gives the same output.
DEFAULT_SEED = 0
#: ± margin of a survey leaf's score, in % of the leaf's maximum, as a 95 % bound (README: the
#: sampling error of a survey of about 140 respondents per unit at a typical spread of answers).
DEFAULT_SURVEY_MARGIN = 5.0
#: ± spread of each domain's weight, in %: 0, because the framework's weights are law.
DEFAULT_WEIGHT_SPREAD = 0.0
#: The highest weight spread: a domain's weight may shrink to a tenth, never to nothing.
MAX_WEIGHT_SPREAD = 90.0
#: A pair of units is unsettled when their order flips in more than this share of runs (in %).
UNSETTLED_PERCENT = 5


@dataclass(frozen=True)
class Options:
    """How the runs vary the scores. Margins are in % (5 = ± 5 % of the leaf's maximum)."""

    runs: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED
    survey_margin: float = DEFAULT_SURVEY_MARGIN
    weight_spread: float = DEFAULT_WEIGHT_SPREAD


@dataclass(frozen=True)
class RankSpread:
    """One ranked unit's ranks over the runs: quantiles, and how many runs kept its rank or the top 3."""

    median: int
    p05: int
    p95: int
    same_rank: int
    top3: int


@dataclass(frozen=True)
class Pair:
    """Two ranked units, FIRST listed before SECOND, and the runs in which SECOND ranked strictly ahead."""

    first: UnitScore
    second: UnitScore
    flips: int


@dataclass(frozen=True)
class Adjustment:
    """One score the council changed whose reversal alone would change a rank in the group.

    Scores are exact points, or None with the ``*_na`` flag set when the row said N/A; NOTE is the
    council's reason. ``moved`` are the other units whose rank would change.
    """

    unit: UnitScore
    code: str
    name: str
    self_score: Decimal | None
    self_na: bool
    appraised: Decimal | None
    appraised_na: bool
    note: str
    index_if_reverted: int | None
    rank_if_reverted: int | None
    moved: tuple[UnitScore, ...]


@dataclass(frozen=True)
class UnitSensitivity:
    """One unit's answers. Rank answers are None for an unranked unit.

    ``index_if_reverted`` is a published index (count of 10^-decimals %); ``to_next_place`` and
    ``ahead_of_next`` are the unit's own total points, in micro-points, a multiple of 10^-decimals.
    """

    score: UnitScore
    spread: RankSpread | None
    index_if_reverted: int | None
    rank_if_reverted: int | None
    to_next_place: int | None
    ahead_of_next: int | None


@dataclass
class GroupSensitivity:
    """A group's units in published order, its unsettled pairs and its decisive adjustments."""

    key: str
    result: GroupResult
    units: list[UnitSensitivity]
    pairs: list[Pair] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)


@dataclass
class Sensitivity:
    """The whole analysis of one folder: the published results it starts from, and per group the answers."""

    results: Results
    options: Options
    groups: dict[str, GroupSensitivity] = field(default_factory=dict)
