"""One sensitivity analysis: the runs, the council's changes and the points between places, per group."""

from __future__ import annotations

import numpy as np

from ..assessment import APPRAISAL_FILE, SELF, Assessment
from ..numbers import from_micro
from ..scoring import Results, UnitScore, leaf_matrices, score_assessment
from .council import Reversal, council_effects
from .model import Adjustment, GroupSensitivity, Pair, Sensitivity, UnitSensitivity
from .montecarlo import group_model, run_ranks
from .options import Options
from .places import places
from .rankstats import spreads, unsettled


def analyse_sensitivity(
    assessment: Assessment, options: Options | None = None, results: Results | None = None
) -> Sensitivity:
    """How sure each published rank is, what the council's changes did, and the points between places.

    RESULTS are ASSESSMENT's scored results when the caller has them already (else it is scored here).
    The same folder and OPTIONS (seed included) always give the same answers.
    """
    options = options or Options()
    results = results or score_assessment(assessment)
    framework = assessment.framework
    analysis = Sensitivity(results, options)
    for number, (key, data) in enumerate(assessment.groups.items()):
        result = results.groups[key]
        ranked = [u for u in result.units if u.ranked]
        actual = leaf_matrices(data, framework.not_applicable, framework.survey.optional)
        model = group_model(data, actual, options.survey_margin)
        rows = np.array([u.position for u in ranked], dtype=np.int64)
        ranks = run_ranks(model, rows, options, number, framework.decimals)
        found, ordered = spreads(ranks, np.array([u.rank for u in ranked], dtype=np.int64))
        spread = {u.position: s for u, s in zip(ranked, found, strict=True)}
        per_unit, singles = council_effects(data, result, framework, actual)
        gaps = places(result, framework.decimals)
        units = [
            UnitSensitivity(
                score=score,
                spread=spread.get(score.position),
                index_if_reverted=per_unit[score.position].index,
                rank_if_reverted=per_unit[score.position].rank,
                to_next_place=gaps.get(score.position, (None, None))[0],
                ahead_of_next=gaps.get(score.position, (None, None))[1],
            )
            for score in result.units
        ]
        pairs = [Pair(ranked[a], ranked[b], flips) for a, b, flips in unsettled(ranks, ordered)]
        adjustments = _adjustments(assessment, key, result.units, singles)
        analysis.groups[key] = GroupSensitivity(key, result, units, pairs, adjustments)
    return analysis


def _adjustments(
    assessment: Assessment, key: str, scores: list[UnitScore], singles: list[Reversal]
) -> list[Adjustment]:
    """The decisive single changes with their scores, in published order of the units, then framework order.

    Read from the score matrices, not from per-criterion records: a national folder has tens of thousands
    of decisive changes, and a record for every criterion of every unit would take a minute.
    """
    if not singles:
        return []
    data = assessment.groups[key]
    m_self, m_appr = data.matrices[SELF], data.matrices[APPRAISAL_FILE]
    by_row = {score.position: score for score in scores}
    order = {score.position: i for i, score in enumerate(scores)}
    singles = sorted(singles, key=lambda s: (order[s.unit], s.leaf))
    notes = council_notes(assessment, key, [(s.unit, s.leaf) for s in singles])
    found = []
    for single, note in zip(singles, notes, strict=True):
        u, j = single.unit, single.leaf
        leaf = data.group.leaves[j]
        found.append(
            Adjustment(
                unit=by_row[u],
                code=leaf.code,
                name=leaf.name,
                self_score=None if m_self.na[u, j] else from_micro(int(m_self.micro[u, j])),
                self_na=bool(m_self.na[u, j]),
                appraised=None if m_appr.na[u, j] else from_micro(int(m_appr.micro[u, j])),
                appraised_na=bool(m_appr.na[u, j]),
                note=note,
                index_if_reverted=single.index,
                rank_if_reverted=single.rank,
                moved=tuple(map(by_row.__getitem__, single.moved)),  # in published order already
            )
        )
    return found


def council_notes(assessment: Assessment, key: str, cells: list[tuple[int, int]]) -> list[str]:
    """The council's note on each (unit row in the group, leaf) of CELLS ('' where the row has none)."""
    rows = assessment.score_rows.get(APPRAISAL_FILE)
    if rows is None or not len(rows.table) or "note" not in rows.table.columns:
        return [""] * len(cells)
    data = assessment.groups[key]
    everywhere = {id(unit): i for i, unit in enumerate(assessment.units)}
    width = max(len(data.group.leaves), 1)
    wanted = np.array([everywhere[id(data.units[u])] * width + j for u, j in cells], dtype=np.int64)
    matched = (rows.unit_pos >= 0) & (rows.leaf >= 0)
    keys = np.where(matched, rows.unit_pos * width + rows.leaf, -1)
    found = np.flatnonzero(np.isin(keys, wanted) & matched)
    texts = rows.table.column("note").take(found).to_pylist()
    by_key = dict(zip(keys[found].tolist(), texts, strict=True))
    return [by_key.get(k) or "" for k in wanted.tolist()]
