"""What a sensitivity analysis returns: per unit, per group, and the options it ran with.

Amounts stay exact: points in integer micro-points, published indices as integer counts of
10^-decimals %, shares as counts of runs. The JSON document (`document`) is the rounded view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..results import GroupResult, Results, UnitScore
from .options import Options


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
