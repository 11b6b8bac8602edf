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
from .numbers import from_units, index_of, round_half_up


@dataclass
class NodeScore:
    """Points and maximum of one node (domain) for one unit, and its index."""

    points: Decimal
    max_points: Decimal
    index: Decimal | None


@dataclass
class UnitScore:
    """One unit's result: what the published annex shows, plus the audit counts."""

    unit: Unit
    self_total: Decimal
    appraisal_total: Decimal
    survey_total: Decimal
    total: Decimal
    max_points: Decimal
    index: Decimal | None
    published_index: Decimal | None
    domains: dict[str, NodeScore]
    accepted: int
    adjusted_up: int
    adjusted_down: int
    not_applicable: int
    rank: int | None = None
    tied: bool = False
    band: str | None = None


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


def score_group(data: GroupData, framework: Framework) -> list[UnitScore]:
    """Every unit of one group, unranked, in units.csv order."""
    group = data.group
    lm = leaf_matrices(data, framework.not_applicable)
    is_appraisal = np.array([leaf.method == APPRAISAL for leaf in group.leaves], dtype=bool)
    is_survey = np.array([leaf.method == SURVEY for leaf in group.leaves], dtype=bool)
    totals = lm.points.sum(axis=1)
    maxima = lm.maxima.sum(axis=1)
    appraisal_totals = (lm.points * is_appraisal).sum(axis=1)
    survey_totals = (lm.points * is_survey).sum(axis=1)
    self_totals = lm.self_points.sum(axis=1)
    domain_points = {d.code: lm.points[:, group.leaf_slices[d.code]].sum(axis=1) for d in group.domains}
    domain_max = {d.code: lm.maxima[:, group.leaf_slices[d.code]].sum(axis=1) for d in group.domains}
    counts = _adjustment_counts(data, is_appraisal)
    not_applicable = (~lm.applicable).sum(axis=1)
    scores = []
    for u, unit in enumerate(data.units):
        index = index_of(int(totals[u]), int(maxima[u]))
        domains = {
            code: NodeScore(
                from_units(int(points[u])),
                from_units(int(domain_max[code][u])),
                index_of(int(points[u]), int(domain_max[code][u])),
            )
            for code, points in domain_points.items()
        }
        scores.append(
            UnitScore(
                unit=unit,
                self_total=from_units(int(self_totals[u])),
                appraisal_total=from_units(int(appraisal_totals[u])),
                survey_total=from_units(int(survey_totals[u])),
                total=from_units(int(totals[u])),
                max_points=from_units(int(maxima[u])),
                index=index,
                published_index=None if index is None else round_half_up(index, framework.decimals),
                domains=domains,
                accepted=int(counts[0][u]),
                adjusted_up=int(counts[1][u]),
                adjusted_down=int(counts[2][u]),
                not_applicable=int(not_applicable[u]),
            )
        )
    return scores


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
