"""One unit's score explained: per domain and per criterion, where the points were won and lost.

This is what a unit's focal person and the council secretariat read after the results decision:
the unit's totals exactly as published (the ``unit`` record is the unit's row of
``parindex score --format json``, so the two can never disagree), then each domain's index and the
points it lost, then every criterion with the self-score, the appraised score, the change and the
council's reason, the biggest losses first.

Numbers are JSON numbers. Published figures (totals, indices) are rounded half-up at the
framework's precision, as in ``score``; criterion and domain points are exact (at most six
decimals), because they are what an auditor adds up by hand. A not-applicable score is the
string ``"N/A"``; a score with no row is ``null``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .assessment import Assessment
from .details import LeafDetail, find_unit, leaf_details
from .explain_responses import with_responses
from .framework import code_key
from .i18n import DEFAULT_LANG, Lang
from .numbers import round_half_up
from .output import document_header
from .result_table import ResultTable
from .scoring import GroupResult, Results, UnitScore, score_assessment

NA = "N/A"

#: The keys of a leaf record, in the order CSV output uses.
LEAF_COLUMNS = (
    "code",
    "name",
    "domain",
    "method",
    "max_points",
    "self_score",
    "appraised_score",
    "change",
    "effective_score",
    "applicable",
    "points",
    "max_counted",
    "points_lost",
    "source",
    "note",
    "self_note",
    "evidence",
    "explanation",
)


Number = float | Decimal


def exact(value: Decimal | None) -> float | None:
    """An exact JSON number: scores have at most 6 decimals, so the float's repr is the decimal."""
    return None if value is None else float(value)


def kept(value: Decimal | None) -> Decimal | None:
    """The exact value itself: what the terminal and CSV views format (no float on the way)."""
    return value


def published(value: Decimal | None, decimals: int) -> float | None:
    """A figure as published: rounded half-up at the framework's precision (as `score` does)."""
    return None if value is None else float(round_half_up(value, decimals))


def _rounded(value: Decimal | None, decimals: int) -> Decimal | None:
    """A figure as published, kept exact: rounded half-up at the framework's precision."""
    return None if value is None else round_half_up(value, decimals)


def score_value(value: Decimal | None, na: bool, number: Callable[[Decimal | None], Number | None] = exact) -> Any:
    """A self or appraised score: a number, "N/A", or None when the file has no row for it."""
    return NA if na else number(value)


def loss_order(detail: LeafDetail) -> tuple[Decimal, tuple[int, ...]]:
    """Biggest loss first, then framework order: the criteria worth a conversation come first."""
    return -detail.lost, code_key(detail.code)


def leaf_record(detail: LeafDetail, number: Callable[[Decimal | None], Number | None] = exact) -> dict[str, Any]:
    """One criterion of the explanation: JSON-ready, or with NUMBER = kept, exact Decimals."""
    return {
        "code": detail.code,
        "name": detail.name,
        "domain": detail.domain_code,
        "method": detail.method,
        "max_points": number(detail.max_points),
        "self_score": score_value(detail.self_score, detail.self_na, number),
        "appraised_score": score_value(detail.appraised, detail.appraised_na, number),
        "change": number(detail.change),
        "effective_score": NA if not detail.applicable else number(detail.effective),
        "applicable": detail.applicable,
        "points": number(detail.points),
        "max_counted": number(detail.max_counted),
        "points_lost": number(detail.lost),
        "source": detail.source,
        "note": detail.note,
        "self_note": detail.self_note,
        "evidence": detail.evidence,
        "explanation": detail.explanation,
        "rounds": [
            {
                "round": r.round,
                "score": score_value(r.score, r.na, number),
                "reason": r.reason,
                "explanation": r.explanation,
            }
            for r in detail.rounds
        ],
    }


def round_counts(assessment: Assessment, unit_id: str) -> list[dict[str, Any]]:
    """Per appraisal round held (up to the round scored): the unit's leaves accepted, raised and lowered
    by the appraisal as of that round, against its self-scores (round 2 counts every change so far)."""
    from .inputs.rounds import merge
    from .scoring import adjustment_counts

    unit = find_unit(assessment, unit_id)
    data = assessment.groups[unit.group]
    u = next(i for i, member in enumerate(data.units) if member is unit)
    upto = assessment.round or max(assessment.rounds, default=1)
    records = []
    for r in (r for r in assessment.rounds if r <= upto):
        accepted, up, down = adjustment_counts(data, merge(data, r))
        counts = {"accepted": accepted[u], "adjusted_up": up[u], "adjusted_down": down[u]}
        records.append({"round": r, **{key: int(value) for key, value in counts.items()}})
    return records


def _find_score(results: Results, unit_id: str) -> tuple[str, UnitScore]:
    for key, group_result in results.groups.items():
        for score in group_result.units:
            if score.unit.unit_id == unit_id:
                return key, score
    raise LookupError(unit_id)  # pragma: no cover - every unit of an assessment is scored


def _domains(table: ResultTable, row: int, group_result: GroupResult, as_json: bool) -> list[dict[str, Any]]:
    """Each domain's exact points and loss, and its index as the result table publishes it."""
    number = exact if as_json else kept
    nodes = table.entries[row].score.domains
    records = []
    for domain in group_result.group.domains:
        node = nodes[domain.code]
        index = table.column(f"index_{domain.code}")
        records.append(
            {
                "code": domain.code,
                "name": domain.name,
                "points": number(node.points),
                "max_points": number(node.max_points),
                "index": table.number(index, row) if as_json else table.decimal(index, row),
                "points_lost": number(node.max_points - node.points),
            }
        )
    return records


def explain_unit(
    assessment: Assessment,
    unit_id: str,
    lang: Lang = DEFAULT_LANG,
    results: Results | None = None,
    *,
    as_json: bool = True,
) -> dict[str, Any]:
    """The explanation of UNIT_ID as a JSON-ready dict (what `parindex explain --format json` prints).

    Raises details.UnknownUnit (with close matches) for an id not in units.csv. RESULTS may be
    passed when the caller has already scored the assessment (ranks need the whole group). With
    AS_JSON false every number is an exact Decimal (published figures already rounded), for the
    views that format it: the terminal table and the CSV.
    """
    unit = find_unit(assessment, unit_id)
    if results is None:
        results = score_assessment(assessment)
    assessment = results.assessment or assessment  # the round the results were scored at
    framework = results.framework
    decimals = framework.decimals
    key, score = _find_score(results, unit.unit_id)
    group_result = results.groups[key]
    details = leaf_details(assessment, [unit.unit_id])
    table = ResultTable(results)
    row = table.position(key, unit.unit_id)
    number = exact if as_json else kept
    mean = group_result.mean_index
    return {
        **document_header(results, lang),
        "group": {
            "key": key,
            "name": group_result.group.name,
            "units": len(group_result.units),
            "ranked_units": sum(1 for s in group_result.units if s.rank is not None),
            "mean_index": published(mean, decimals) if as_json else _rounded(mean, decimals),
        },
        "unit": table.json_row(row) if as_json else table.decimal_row(row),
        "points_lost": number(score.max_points - score.total + score.bonus_total),
        "round": assessment.round,
        "rounds": round_counts(assessment, unit.unit_id),
        "domains": _domains(table, row, group_result, as_json),
        "leaves": with_responses(assessment, unit, [leaf_record(d, number) for d in sorted(details, key=loss_order)]),
    }
