"""Turn a validated assessment into every unit's points, maxima and indices, exactly.

Per group the scores are [unit × leaf] integer matrices in micro-points; the leaves below any node
form one contiguous slice (pre-order), so node totals are column-slice sums. Integers keep every
total exact; indices are Decimal divisions of those integers, rounded only for publication.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .assessment import APPRAISAL_FILE, SELF, SURVEY_FILE, Assessment, GroupData, ScoreMatrix, effective_na
from .framework import APPRAISAL, BONUS, PENALTY, SURVEY, Framework, Group
from .inputs.completeness import survey_skipped
from .numbers import percent_half_up, round_half_up, to_micro
from .ranking import rank_group
from .results import DomainTable as DomainTable  # the result types lived here first: kept importable
from .results import GroupResult as GroupResult
from .results import NodeScore as NodeScore
from .results import Results as Results
from .results import UnitScore as UnitScore


@dataclass
class LeafMatrices:
    """The effective picture of one group, derived once from the three score matrices.

    POINTS is what each leaf adds to the unit's total (a penalty leaf's is negative), MAXIMA what it
    adds to the maximum (0 for bonus and penalty leaves); SURVEY_SKIPPED marks the units indexed
    without their survey (the framework's survey is optional and they have no survey score).
    """

    effective: np.ndarray
    applicable: np.ndarray
    points: np.ndarray
    maxima: np.ndarray
    self_points: np.ndarray
    survey_skipped: np.ndarray


def leaf_matrices(data: GroupData, policy: str, survey_optional: bool) -> LeafMatrices:
    """Effective leaf scores: appraisal if given, else the self-score; survey leaves from the survey.

    Not-applicable leaves are excluded (their maximum leaves the unit's maximum) or awarded full
    points, as the framework's ``not_applicable`` policy says. Bonus and penalty leaves add or
    deduct their effective score and nothing to the maximum; N/A there is simply 0. SURVEY_OPTIONAL is
    the framework's `survey.optional`: required, since a caller that forgot it would index a unit without
    survey scores against the survey's maximum, unlike the published results.
    """
    group = data.group
    scored_as_appraisal = group.scored_in(APPRAISAL)
    m_self, m_appr, m_survey = (data.matrices[k] for k in (SELF, APPRAISAL_FILE, SURVEY_FILE))
    effective = np.where(scored_as_appraisal, np.where(m_appr.present, m_appr.micro, m_self.micro), m_survey.micro)
    applicable = ~effective_na(data)
    full = np.broadcast_to(group.leaf_max_micro, effective.shape)
    self_applicable = m_self.present & ~m_self.na
    if policy == "full":
        points = np.where(applicable, effective, full)
        maxima = np.array(full)
        self_points = np.where(m_self.na, full, np.where(self_applicable, m_self.micro, 0))
    else:
        points = np.where(applicable, effective, 0)
        maxima = np.where(applicable, full, 0)
        self_points = np.where(self_applicable, m_self.micro, 0)
    sign = np.array([-1 if leaf.method == PENALTY else 1 for leaf in group.leaves], dtype=np.int64)
    points = np.where(group.leaf_counted, points, np.where(applicable, effective, 0) * sign)
    maxima = np.where(group.leaf_counted, maxima, 0)
    skipped = survey_skipped(data) if survey_optional else np.zeros(len(data.units), dtype=bool)
    dropped = skipped[:, None] & group.leaves_of(SURVEY)[None, :]
    points, maxima = np.where(dropped, 0, points), np.where(dropped, 0, maxima)
    self_points = np.where(group.leaves_of(APPRAISAL), self_points, 0)
    return LeafMatrices(effective, applicable, points, maxima, self_points, skipped)


def score_assessment(assessment: Assessment, round: int | None = None) -> Results:
    """Score and rank every group of ASSESSMENT; with ROUND, as of that appraisal round (1: preliminary)."""
    if round is not None:
        assessment = assessment.at_round(round)
    framework = assessment.framework
    results = Results(framework, assessment.year, assessment=assessment)
    for key, data in assessment.groups.items():
        units = score_group(data, framework)
        results.groups[key] = rank_group(data.group, units)
    return results


def _totals(group: Group, lm: LeafMatrices) -> dict[str, list[int]]:
    """Per unit, in micro-points: the columns of the annex, summed from the leaf matrices."""
    return {
        "self": lm.self_points.sum(axis=1).tolist(),
        "appraisal": (lm.points * group.leaves_of(APPRAISAL)).sum(axis=1).tolist(),
        "survey": (lm.points * group.leaves_of(SURVEY)).sum(axis=1).tolist(),
        "bonus": (lm.points * group.leaves_of(BONUS)).sum(axis=1).tolist(),
        "penalty": (-lm.points * group.leaves_of(PENALTY)).sum(axis=1).tolist(),
        "total": lm.points.sum(axis=1).tolist(),
        "max": lm.maxima.sum(axis=1).tolist(),
    }


def published_indices(totals: np.ndarray, maxima: np.ndarray, framework: Framework) -> list[int | None]:
    """The published index of every unit: half-up at the framework's decimals, within 0 and the cap.

    Rounding is monotone, so rounding the capped index equals capping the rounded one.
    """
    published = percent_half_up(np.maximum(totals, 0), maxima, framework.decimals)
    if framework.index_cap is None:
        return published
    cap = int(round_half_up(framework.index_cap, framework.decimals).scaleb(framework.decimals))
    return [None if value is None else min(value, cap) for value in published]


def score_group(data: GroupData, framework: Framework) -> list[UnitScore]:
    """Every unit of one group, unranked, in units.csv order (vectorised over units)."""
    group = data.group
    lm = leaf_matrices(data, framework.not_applicable, framework.survey.optional)
    columns = _totals(group, lm)
    codes = tuple(d.code for d in group.domains)
    counted_points = np.where(group.leaf_counted, lm.points, 0)

    def per_domain(matrix: np.ndarray) -> np.ndarray:
        sums = [matrix[:, group.leaf_slices[c]].sum(axis=1) for c in codes]
        return np.stack(sums, axis=1) if sums else np.zeros((len(matrix), 0), dtype=np.int64)

    domains = DomainTable(codes, per_domain(counted_points), per_domain(lm.maxima))
    accepted, up, down = (c.tolist() for c in adjustment_counts(data, data.matrices[APPRAISAL_FILE]))
    not_applicable = (~lm.applicable).sum(axis=1).tolist()
    published = published_indices(lm.points.sum(axis=1), lm.maxima.sum(axis=1), framework)
    cap = None if framework.index_cap is None else to_micro(framework.index_cap)
    return [
        UnitScore(
            unit=unit,
            decimals=framework.decimals,
            self_micro=columns["self"][u],
            appraisal_micro=columns["appraisal"][u],
            survey_micro=columns["survey"][u],
            total_micro=columns["total"][u],
            max_micro=columns["max"][u],
            published_int=published[u],
            domain_table=domains,
            position=u,
            accepted=accepted[u],
            adjusted_up=up[u],
            adjusted_down=down[u],
            not_applicable=not_applicable[u],
            bonus_micro=columns["bonus"][u],
            penalty_micro=columns["penalty"][u],
            survey_used=not bool(lm.survey_skipped[u]),
            cap_micro=cap,
        )
        for u, unit in enumerate(data.units)
    ]


def adjustment_counts(data: GroupData, m_appr: ScoreMatrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per unit: appraisal leaves accepted unchanged, adjusted up, adjusted down, by the appraisal M_APPR.

    M_APPR is the appraisal as of one round (`inputs.rounds.merge`), so the counts are that round's:
    the preliminary results count round 1's changes, the final ones every round's. A leaf with no
    appraisal score counts as accepted (the council kept the self-score). A change of applicability
    (a score became N/A or the reverse) counts as neither up nor down, nor accepted.
    """
    is_appraisal = data.group.leaves_of(APPRAISAL)
    m_self = data.matrices[SELF]
    both = m_self.present & m_appr.present & is_appraisal
    numeric = both & ~m_self.na & ~m_appr.na
    same = both & (m_self.na == m_appr.na) & ((m_self.micro == m_appr.micro) | m_self.na)
    only_self = m_self.present & ~m_appr.present & is_appraisal
    accepted = (same | only_self).sum(axis=1)
    up = (numeric & (m_appr.micro > m_self.micro)).sum(axis=1)
    down = (numeric & (m_appr.micro < m_self.micro)).sum(axis=1)
    return accepted, up, down
