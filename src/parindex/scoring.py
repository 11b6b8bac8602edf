"""Turn a validated assessment into every unit's points, maxima and indices, exactly.

Per group the scores are [unit × leaf] integer matrices in micro-points; the leaves below any node
form one contiguous slice (pre-order), so node totals are column-slice sums. Integers keep every
total exact; indices are Decimal divisions of those integers, rounded only for publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from .assessment import APPRAISAL_FILE, SELF, SURVEY_FILE, Assessment, GroupData, Unit
from .framework import APPRAISAL, SURVEY, Framework, Group
from .numbers import from_units, index_of, percent_half_up


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


@dataclass(slots=True)
class UnitScore:
    """One unit's result: what the published annex shows, plus the audit counts.

    Amounts are held as exact integers in micro-points (``*_units``); the Decimal properties are
    views of them. The published index is held as an integer in units of 10^-decimals %, already
    rounded half-up, so ranking compares integers and never depends on floating point.
    """

    unit: Unit
    decimals: int
    self_units: int
    appraisal_units: int
    survey_units: int
    total_units: int
    max_units: int
    published_units: int | None
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

    @property
    def self_total(self) -> Decimal:
        return from_units(self.self_units)

    @property
    def appraisal_total(self) -> Decimal:
        return from_units(self.appraisal_units)

    @property
    def survey_total(self) -> Decimal:
        return from_units(self.survey_units)

    @property
    def total(self) -> Decimal:
        return from_units(self.total_units)

    @property
    def max_points(self) -> Decimal:
        return from_units(self.max_units)

    @property
    def index(self) -> Decimal | None:
        """The exact index (28 significant digits), before any rounding."""
        return index_of(self.total_units, self.max_units)

    @property
    def published_index(self) -> Decimal | None:
        """The index as published: rounded half-up to the framework's decimals."""
        return None if self.published_units is None else Decimal(self.published_units).scaleb(-self.decimals)

    @property
    def domain_units(self) -> dict[str, tuple[int, int]]:
        """(points, maximum) of every domain, in micro-points."""
        return self.domain_table.of(self.position)

    @property
    def domains(self) -> dict[str, NodeScore]:
        return {
            code: NodeScore(from_units(points), from_units(maximum), index_of(points, maximum))
            for code, (points, maximum) in self.domain_units.items()
        }


@dataclass
class GroupResult:
    """A group's units in published order (ranked first, by rank then name; unranked after)."""

    group: Group
    units: list[UnitScore]
    mean_index: Decimal | None = None


@dataclass
class Results:
    """The whole computation for one assessment folder."""

    framework: Framework
    year: int | str
    groups: dict[str, GroupResult] = field(default_factory=dict)


@dataclass
class LeafMatrices:
    """The effective picture of one group, derived once from the three score matrices."""

    effective: np.ndarray
    applicable: np.ndarray
    points: np.ndarray
    maxima: np.ndarray
    self_points: np.ndarray


def leaf_matrices(data: GroupData, policy: str) -> LeafMatrices:
    """Effective leaf scores: appraisal if given, else the self-score; survey leaves from the survey.

    Not-applicable leaves are excluded (their maximum leaves the unit's maximum) or awarded full
    points, as the framework's ``not_applicable`` policy says.
    """
    leaves = data.group.leaves
    is_appraisal = np.array([leaf.method == APPRAISAL for leaf in leaves], dtype=bool)
    leaf_max = data.group.leaf_max_units
    m_self, m_appr, m_survey = (data.matrices[k] for k in (SELF, APPRAISAL_FILE, SURVEY_FILE))
    use_appr = m_appr.present
    effective = np.where(is_appraisal, np.where(use_appr, m_appr.units, m_self.units), m_survey.units)
    na = np.where(is_appraisal, np.where(use_appr, m_appr.na, m_self.na), m_survey.na)
    applicable = ~na
    full = np.broadcast_to(leaf_max, effective.shape)
    self_applicable = m_self.present & ~m_self.na
    if policy == "full":
        points = np.where(applicable, effective, full)
        maxima = np.array(full)
        self_points = np.where(m_self.na, full, np.where(self_applicable, m_self.units, 0))
    else:
        points = np.where(applicable, effective, 0)
        maxima = np.where(applicable, full, 0)
        self_points = np.where(self_applicable, m_self.units, 0)
    self_points = np.where(is_appraisal, self_points, 0)
    return LeafMatrices(effective, applicable, points, maxima, self_points)


def score_assessment(assessment: Assessment) -> Results:
    """Score and rank every group of ASSESSMENT."""
    from .ranking import rank_group

    framework = assessment.framework
    results = Results(framework, assessment.year)
    for key, data in assessment.groups.items():
        units = score_group(data, framework)
        results.groups[key] = rank_group(data.group, units, framework.decimals)
    return results


def published_units(points: np.ndarray, maxima: np.ndarray, decimals: int) -> list[int | None]:
    """Indices rounded half-up to DECIMALS, as integers (86.29 % -> 8629 for 2 decimals); None for max 0.

    The one rounding path every writer also uses (:func:`numbers.percent_half_up`), so a ranked
    index and a written one can never differ.
    """
    return percent_half_up(points, maxima, decimals)


def score_group(data: GroupData, framework: Framework) -> list[UnitScore]:
    """Every unit of one group, unranked, in units.csv order (vectorised over units)."""
    group = data.group
    lm = leaf_matrices(data, framework.not_applicable)
    is_appraisal = np.array([leaf.method == APPRAISAL for leaf in group.leaves], dtype=bool)
    is_survey = np.array([leaf.method == SURVEY for leaf in group.leaves], dtype=bool)
    totals = lm.points.sum(axis=1)
    maxima = lm.maxima.sum(axis=1)
    columns = {
        "self": lm.self_points.sum(axis=1).tolist(),
        "appraisal": (lm.points * is_appraisal).sum(axis=1).tolist(),
        "survey": (lm.points * is_survey).sum(axis=1).tolist(),
        "total": totals.tolist(),
        "max": maxima.tolist(),
    }
    codes = tuple(d.code for d in group.domains)

    def per_domain(matrix: np.ndarray) -> np.ndarray:
        sums = [matrix[:, group.leaf_slices[c]].sum(axis=1) for c in codes]
        return np.stack(sums, axis=1) if sums else np.zeros((len(matrix), 0), dtype=np.int64)

    domains = DomainTable(codes, per_domain(lm.points), per_domain(lm.maxima))
    accepted, up, down = (c.tolist() for c in _adjustment_counts(data, is_appraisal))
    not_applicable = (~lm.applicable).sum(axis=1).tolist()
    published = published_units(totals, maxima, framework.decimals)
    return [
        UnitScore(
            unit=unit,
            decimals=framework.decimals,
            self_units=columns["self"][u],
            appraisal_units=columns["appraisal"][u],
            survey_units=columns["survey"][u],
            total_units=columns["total"][u],
            max_units=columns["max"][u],
            published_units=published[u],
            domain_table=domains,
            position=u,
            accepted=accepted[u],
            adjusted_up=up[u],
            adjusted_down=down[u],
            not_applicable=not_applicable[u],
        )
        for u, unit in enumerate(data.units)
    ]


def _adjustment_counts(data: GroupData, is_appraisal: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per unit: appraisal leaves accepted unchanged, adjusted up, adjusted down.

    A leaf with no appraisal row counts as accepted (the council kept the self-score). A change of
    applicability (a score became N/A or the reverse) counts as neither up nor down, nor accepted.
    """
    m_self, m_appr = data.matrices[SELF], data.matrices[APPRAISAL_FILE]
    both = m_self.present & m_appr.present & is_appraisal
    numeric = both & ~m_self.na & ~m_appr.na
    same = both & (m_self.na == m_appr.na) & ((m_self.units == m_appr.units) | m_self.na)
    only_self = m_self.present & ~m_appr.present & is_appraisal
    accepted = (same | only_self).sum(axis=1)
    up = (numeric & (m_appr.units > m_self.units)).sum(axis=1)
    down = (numeric & (m_appr.units < m_self.units)).sum(axis=1)
    return accepted, up, down
