"""One sensitivity analysis: the runs, the council's changes and the points between places, per group."""

from __future__ import annotations

import numpy as np

from ..assessment import Assessment
from ..details import leaf_details
from ..scoring import Results, UnitScore, score_assessment
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
        model = group_model(data, framework.not_applicable, options.survey_margin)
        rows = np.array([u.position for u in ranked], dtype=np.int64)
        ranks = run_ranks(model, rows, options, number, framework.decimals)
        found, ordered = spreads(ranks, np.array([u.rank for u in ranked], dtype=np.int64))
        spread = {u.position: s for u, s in zip(ranked, found, strict=True)}
        per_unit, singles = council_effects(data, result, framework.not_applicable, framework.decimals)
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
    """The decisive single changes with their scores, in published order of the units, then framework order."""
    if not singles:
        return []
    data = assessment.groups[key]
    by_row = {score.position: score for score in scores}
    order = {score.position: i for i, score in enumerate(scores)}
    wanted = sorted({data.units[s.unit].unit_id for s in singles})
    details = {(d.unit_id, d.code): d for d in leaf_details(assessment, wanted) if d.group == key}
    found = []
    for single in sorted(singles, key=lambda s: (order[s.unit], s.leaf)):
        unit = by_row[single.unit]
        leaf = data.group.leaves[single.leaf]
        detail = details[(unit.unit.unit_id, leaf.code)]
        found.append(
            Adjustment(
                unit=unit,
                code=leaf.code,
                name=leaf.name,
                self_score=detail.self_score,
                self_na=detail.self_na,
                appraised=detail.appraised,
                appraised_na=detail.appraised_na,
                note=detail.note,
                index_if_reverted=single.index,
                rank_if_reverted=single.rank,
                moved=tuple(by_row[row] for row in single.moved),
            )
        )
    return found
