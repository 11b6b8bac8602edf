"""What scoring produces: every unit's exact points, maxima and published index, per group.

These types sit apart from the scoring code so that ranking (which orders and flags them) and
scoring (which builds them) both depend on them and not on each other. Amounts are integers of
micro-points; the Decimal properties and the ``repr`` are the readable views of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

from .assessment import Unit
from .display import counted, visible
from .framework import Framework, Group
from .numbers import MICRO_PER_POINT, format_number, format_points, from_micro, index_of

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .assessment import Assessment


@dataclass(frozen=True)
class NodeScore:
    """Points and maximum of one node (domain) for one unit, and its index."""

    points: Decimal
    max_points: Decimal
    index: Decimal | None


@dataclass(frozen=True, eq=False)
class DomainTable:
    """Every unit's points and maximum per domain of one group: [unit × domain] micro-point matrices.

    Why one table per group rather than a dict per unit: a national file has 10,000 units × 8
    domains, and the CSV reads them back column by column; a unit's dict is built only when asked.
    """

    codes: tuple[str, ...]
    points: np.ndarray
    maxima: np.ndarray

    def of(self, position: int) -> dict[str, tuple[int, int]]:
        """One unit's (points, maximum) per domain code, in micro-points."""
        pairs = zip(self.points[position].tolist(), self.maxima[position].tolist(), strict=True)
        return dict(zip(self.codes, pairs, strict=True))

    def column(self, code: str, positions: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Points and maxima of one domain for the units at POSITIONS; zeros when the group lacks CODE."""
        if code not in self.codes:
            zeros = np.zeros(len(positions), dtype=np.int64)
            return zeros, zeros
        k = self.codes.index(code)
        return self.points[positions, k], self.maxima[positions, k]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DomainTable):
            return NotImplemented
        same_points = np.array_equal(self.points, other.points) and np.array_equal(self.maxima, other.maxima)
        return self.codes == other.codes and same_points

    __hash__ = None  # type: ignore[assignment]


#: micro-percent per micro-point ratio: P / M × 100 ≤ cap ⇔ P × 10^8 ≤ M × cap in micro-percent
_PERCENT_MICRO = 100 * MICRO_PER_POINT


def capped_terms(total: int, maximum: int, cap_micro: int | None) -> tuple[int, int]:
    """(points, maximum), exact integers, whose ratio × 100 is the index: at least 0, at most the cap.

    Why: bonus points may lift the total above the maximum and penalties below 0; the index is
    then the cap (or 0). Within the bounds the terms are the unit's own, unchanged; outside them
    both are scaled by 10^8 so that the cap, in micro-percent, is an exact integer ratio.
    """
    if total >= 0 and (cap_micro is None or total * _PERCENT_MICRO <= maximum * cap_micro):
        return total, maximum
    points = max(total, 0) * _PERCENT_MICRO
    if cap_micro is not None:
        points = min(points, maximum * cap_micro)
    return points, maximum * _PERCENT_MICRO


@dataclass(slots=True)
class UnitScore:
    """One unit's result: what the published annex shows, plus the audit counts.

    Amounts are held as exact integers in micro-points (``*_micro``); the Decimal properties are
    views of them. The published index is held as an integer count of 10^-decimals %
    (``published_int``), already rounded half-up, so ranking compares integers and never depends
    on floating point.
    """

    unit: Unit
    decimals: int
    self_micro: int
    appraisal_micro: int
    survey_micro: int
    total_micro: int
    max_micro: int
    published_int: int | None
    domain_table: DomainTable
    #: the unit's row in DOMAIN_TABLE (its position in units.csv order within the group)
    position: int
    accepted: int
    adjusted_up: int
    adjusted_down: int
    not_applicable: int
    rank: int | None = None
    tied: bool = False
    band: str | None = None
    #: bonus and penalty points (points added, points deducted after the criteria's points)
    bonus_micro: int = 0
    penalty_micro: int = 0
    #: False when the unit was indexed without its survey (the framework's survey is optional)
    survey_used: bool = True
    #: the framework's index cap in micro-percent (100 % is 100_000_000); None: no cap
    cap_micro: int | None = None

    def __repr__(self) -> str:
        """`<UnitScore SNV Sở Nội vụ: 86.29 % (86.29 / 100 points), rank 3>`: what the annex shows."""
        index = self.published_index
        shown = "no index (maximum 0)" if index is None else f"{format_number(index, self.decimals)} %"
        place = "not ranked" if self.rank is None else f"rank {self.rank}" + (" (tied)" if self.tied else "")
        points = f"{format_points(self.total)} / {format_points(self.max_points)} points"
        return f"<UnitScore {visible(self.unit.unit_id)} {visible(self.unit.name)}: {shown} ({points}), {place}>"

    @property
    def ranked(self) -> bool:
        """Whether the unit takes part in its group's ranking: units.csv says so and it has an index.

        Why both: a unit whose every criterion is N/A (policy ``exclude``) has maximum 0 and no index,
        so it cannot be placed, whatever units.csv says; every output shows it unranked.
        """
        return self.unit.ranked and self.published_int is not None

    @property
    def self_total(self) -> Decimal:
        return from_micro(self.self_micro)

    @property
    def appraisal_total(self) -> Decimal:
        return from_micro(self.appraisal_micro)

    @property
    def survey_total(self) -> Decimal:
        return from_micro(self.survey_micro)

    @property
    def total(self) -> Decimal:
        return from_micro(self.total_micro)

    @property
    def max_points(self) -> Decimal:
        return from_micro(self.max_micro)

    @property
    def bonus_total(self) -> Decimal:
        return from_micro(self.bonus_micro)

    @property
    def penalty_total(self) -> Decimal:
        return from_micro(self.penalty_micro)

    @property
    def index(self) -> Decimal | None:
        """The exact index (28 significant digits), before any rounding: within 0 and the cap."""
        return index_of(*self.index_terms())

    def index_terms(self) -> tuple[int, int]:
        """Points and maximum whose ratio × 100 is the index (see :func:`capped_terms`)."""
        return capped_terms(self.total_micro, self.max_micro, self.cap_micro)

    @property
    def published_index(self) -> Decimal | None:
        """The index as published: rounded half-up to the framework's decimals."""
        return None if self.published_int is None else Decimal(self.published_int).scaleb(-self.decimals)

    @property
    def domain_micro(self) -> dict[str, tuple[int, int]]:
        """(points, maximum) of every domain, in micro-points."""
        return self.domain_table.of(self.position)

    @property
    def domains(self) -> dict[str, NodeScore]:
        return {
            code: NodeScore(from_micro(points), from_micro(maximum), index_of(points, maximum))
            for code, (points, maximum) in self.domain_micro.items()
        }


@dataclass
class GroupResult:
    """A group's units in published order (ranked first, by rank then name; unranked after)."""

    group: Group
    units: list[UnitScore]
    mean_index: Decimal | None = None

    def __repr__(self) -> str:
        """`<GroupResult so Sở, ban, ngành: 20 units, 18 ranked, mean 80.12 %>`."""
        ranked = sum(1 for u in self.units if u.rank is not None)
        decimals = self.units[0].decimals if self.units else 2
        mean = "no mean" if self.mean_index is None else f"mean {format_number(self.mean_index, decimals)} %"
        size = f"{counted(len(self.units), 'unit')}, {ranked} ranked"
        return f"<GroupResult {visible(self.group.key)} {visible(self.group.name)}: {size}, {mean}>"


@dataclass
class Results:
    """The whole computation for one assessment folder."""

    framework: Framework
    year: int | str
    groups: dict[str, GroupResult] = field(default_factory=dict)
    #: the scored assessment, kept for the per-criterion records of :meth:`criteria_frame`
    assessment: Assessment | None = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        """`<Results 2023, framework lai-chau-2023: so (20 units), huyen (8 units)>`."""
        groups = ", ".join(f"{visible(key)} ({counted(len(gr.units), 'unit')})" for key, gr in self.groups.items())
        return f"<Results {visible(self.year)}, framework {visible(self.framework.id)}: {groups or 'no groups'}>"

    def to_pandas(self, exact: bool = True) -> pd.DataFrame:
        """One row per unit, with the keys of a `score --format json` row, in published order.

        Points are exact; ``index`` and ``index_<domain>`` are as published (rounded half-up to
        the framework's decimals: ranks follow them). Values are Decimal (EXACT) or float.
        pandas is imported here only: the command-line process never needs it.
        """
        from .frames import results_frame

        return results_frame(self, exact)

    def criteria_frame(self, exact: bool = True) -> pd.DataFrame:
        """One row per unit × scored criterion: self-score, appraisal, points counted, points lost.

        The records are :func:`parindex.details.leaf_details`' (the columns are its fields), so
        the frame shows what `explain` and the workbook's details sheet show.
        """
        from .frames import criteria_frame

        if self.assessment is None:
            raise ValueError("these results were built without their assessment: score it with score_assessment")
        return criteria_frame(self.assessment, exact)
