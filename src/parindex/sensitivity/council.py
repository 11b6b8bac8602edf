"""What the council's changes did, exactly: each unit's index and rank with its changes reverted, and the
single changes whose reversal alone would change a rank in the group.

A change is an appraisal row that differs from the unit's own self-score (another score, or N/A on one
side only). Reverting it means the self-score counts instead, with its N/A marking; an appraisal row
for a criterion the unit did not self-assess is no change and stays. Only the reverted unit's points
move ("others unchanged"), so each answer is one exact recomputation of that unit's total and maximum,
rounded and ranked by the published rule: its rank is 1 + the ranked units above its new index.

Which other units' ranks change is decided from the published indices alone: with the unit's index
moving from P to P′, a unit at Q changes rank exactly when min(P, P′) ≤ Q < max(P, P′) (it passes, or is
passed by, the moving unit; reaching a tie shares the better rank and moves nobody down). A reversal that
leaves the unit no applicable criterion (its maximum 0: it was N/A everywhere the council gave a score)
takes it out of the ranking: its own rank changes, and every unit below it moves up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..assessment import APPRAISAL_FILE, SELF, GroupData, ScoreMatrix
from ..framework import APPRAISAL, Framework
from ..numbers import percent_half_up_array
from ..results import GroupResult
from ..scoring import LeafMatrices, leaf_matrices


@dataclass(frozen=True)
class Reversal:
    """One unit's index and rank once reverted (U is its row in units.csv order within the group).

    For a single change, LEAF is its column; for all of a unit's changes at once, LEAF is -1.
    """

    unit: int
    leaf: int
    index: int | None
    rank: int | None
    moved: tuple[int, ...] = ()


class Standing:
    """The ranked units' published indices, to place a unit whose index alone changes."""

    def __init__(self, result: GroupResult) -> None:
        n = max((u.position for u in result.units), default=-1) + 1
        self.published = np.full(n, -1, dtype=np.int64)
        self.ranked = np.zeros(n, dtype=bool)
        for score in result.units:
            if score.ranked:
                self.published[score.position] = score.published_int or 0
                self.ranked[score.position] = True
        #: the ranked units' rows in reverse published order (lowest index first), and their indices
        self.order = np.array([u.position for u in reversed(result.units) if u.ranked], dtype=np.int64)
        self.sorted = self.published[self.order]

    def rank_at(self, units: np.ndarray, indices: np.ndarray) -> np.ndarray:
        """The rank of each of UNITS were its published index that of INDICES, the others unchanged."""
        above = len(self.sorted) - np.searchsorted(self.sorted, indices, side="right")
        itself = self.ranked[units] & (self.published[units] > indices)
        return 1 + above - itself

    def moved(self, units: np.ndarray, indices: list[int | None]) -> list[list[int]]:
        """For each of UNITS, the other ranked units (in published order) whose rank changes when its
        index becomes that of INDICES (None: it leaves the ranking).

        They lie in one stretch of the sorted indices: [min, max) of the old and new index, or below the
        old one when the unit leaves the ranking.
        """
        own = self.published[units]
        new = np.array([-1 if i is None else i for i in indices], dtype=np.int64)
        low = np.where(new < 0, 0, np.minimum(own, new))
        high = np.where(new < 0, own, np.maximum(own, new))
        starts = np.searchsorted(self.sorted, low, side="left").tolist()
        stops = np.searchsorted(self.sorted, high, side="left").tolist()
        found = []
        for unit, start, stop in zip(units.tolist(), starts, stops, strict=True):
            rows = self.order[start:stop][::-1].tolist()
            if unit in rows:
                rows.remove(unit)
            found.append(rows)
        return found

    def changes_any(self, units: np.ndarray, indices: np.ndarray) -> np.ndarray:
        """For each (unit, new index): whether any rank in the group changes (units ranked, index ≥ 0)."""
        own = self.published[units]
        low, high = np.minimum(own, indices), np.maximum(own, indices)
        inside = np.searchsorted(self.sorted, high, side="right") - np.searchsorted(self.sorted, low, side="left")
        return (own != indices) & (inside > 1)


def reverted_matrices(data: GroupData, framework: Framework) -> LeafMatrices:
    """The group's effective points had the council kept every self-score (appraisal rows without one stay)."""
    m_self, m_appr = data.matrices[SELF], data.matrices[APPRAISAL_FILE]
    kept = ScoreMatrix(m_appr.micro, m_appr.present & ~m_self.present, m_appr.na)
    reverted = GroupData(data.group, data.units, {**data.matrices, APPRAISAL_FILE: kept})
    return leaf_matrices(reverted, framework.not_applicable, framework.survey.optional)


def changed_cells(data: GroupData) -> np.ndarray:
    """[unit × leaf] True where the appraisal row differs from the unit's self-score."""
    m_self, m_appr = data.matrices[SELF], data.matrices[APPRAISAL_FILE]
    is_appraisal = data.group.leaves_of(APPRAISAL)
    differs = (m_self.na != m_appr.na) | (~m_self.na & (m_self.micro != m_appr.micro))
    result: np.ndarray = m_appr.present & m_self.present & is_appraisal[None, :] & differs
    return result


def _index(points: np.ndarray, maxima: np.ndarray, decimals: int) -> list[int | None]:
    published = percent_half_up_array(points, maxima, decimals).tolist()
    return [None if m == 0 else int(v) for v, m in zip(published, maxima.tolist(), strict=True)]


def council_effects(
    data: GroupData, result: GroupResult, framework: Framework, actual: LeafMatrices
) -> tuple[list[Reversal], list[Reversal]]:
    """Per unit (units.csv order) all its changes reverted; and every single change that changes a rank.

    ACTUAL are DATA's leaf matrices as scored (the runs use the same: derived once per group)."""
    decimals = framework.decimals
    reverted = reverted_matrices(data, framework)
    totals, maxima = actual.points.sum(axis=1), actual.maxima.sum(axis=1)
    standing = Standing(result)
    whole = _index(reverted.points.sum(axis=1), reverted.maxima.sum(axis=1), decimals)
    everyone = np.arange(len(whole))
    ranks = standing.rank_at(everyone, np.array([-1 if i is None else i for i in whole], dtype=np.int64)).tolist()
    per_unit = [
        Reversal(u, -1, index, None if index is None or not standing.ranked[u] else ranks[u])
        for u, index in enumerate(whole)
    ]
    units, leaves = np.nonzero(changed_cells(data))
    new_points = totals[units] + (reverted.points - actual.points)[units, leaves]
    new_maxima = maxima[units] + (reverted.maxima - actual.maxima)[units, leaves]
    indices = percent_half_up_array(new_points, new_maxima, decimals)
    ranked = standing.ranked[units]
    leaves_ranking = ranked & (new_maxima == 0)
    decisive = ranked & (new_maxima > 0)
    decisive[decisive] = standing.changes_any(units[decisive], indices[decisive])
    chosen = np.flatnonzero(decisive | leaves_ranking)
    new_ranks = standing.rank_at(units[chosen], indices[chosen]).tolist()
    new_indices = [None if m == 0 else int(i) for i, m in zip(indices[chosen], new_maxima[chosen], strict=True)]
    moved = standing.moved(units[chosen], new_indices)
    singles = [
        Reversal(int(units[k]), int(leaves[k]), index, None if index is None else rank, tuple(rows))
        for k, index, rank, rows in zip(chosen.tolist(), new_indices, new_ranks, moved, strict=True)
    ]
    return per_unit, singles
