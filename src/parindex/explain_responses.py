"""A survey criterion scored from questionnaire answers, explained: the answers behind its points.

`explain` adds a ``responses`` record to each such criterion: how many respondents chose each answer
(and how many left it blank), the framework's weights, the sum and mean of the weights, and the
points before and after rounding, so that anyone can redo ``maximum × mean weight`` by hand. The sum
of the weights is exact; the mean and the unrounded points are exact where they end within six
decimals, else rounded half-up there (``exact`` is false then).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .assessment import Assessment, Unit
from .inputs.model import ResponseCounts
from .numbers import SCALE_DIGITS, from_micro, round_half_up

Number = Callable[[Decimal | None], Any]


def with_responses(assessment: Assessment, unit: Unit, leaves: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """LEAVES (explain's criterion records of UNIT), each survey leaf scored from answers given its
    ``responses`` record; unchanged when the survey came from survey.csv (the output stays as it was).

    Numbers take the form of the records' own: JSON floats, or exact Decimals for the views."""
    counted = assessment.responses
    if counted is None:
        return leaves
    data = assessment.groups[unit.group]
    u = next(i for i, member in enumerate(data.units) if member.unit_id == unit.unit_id)
    position, counts = data.group.leaf_position, counted.counts[unit.group][u]
    for leaf in leaves:
        if leaf["method"] == "survey" and leaf["code"] in position:
            j = position[leaf["code"]]
            number = _exact if isinstance(leaf["max_points"], Decimal) else _float
            leaf["responses"] = responses_record(counted, counts[j], data.group.leaves[j].max_points, number)
    return leaves


def responses_record(counted: ResponseCounts, counts: Any, maximum: Decimal, number: Number) -> dict[str, Any]:
    """One leaf's answers: COUNTS per answer (the last: blank), its MAXIMUM, in NUMBER's form."""
    answers = counted.settings.answers
    respondents = int(sum(int(c) for c in counts[:-1]))
    weight_sum = sum((a.weight * int(c) for a, c in zip(answers, counts[:-1], strict=True)), Decimal(0))
    mean = Fraction(weight_sum) / respondents if respondents else Fraction(0)
    unrounded = Fraction(maximum) * mean
    return {
        "answers": [
            {"answer": a.key, "weight": number(a.weight), "count": int(c)}
            for a, c in zip(answers, counts, strict=False)
        ],
        "blank": int(counts[-1]),
        "respondents": respondents,
        "min_respondents": counted.settings.min_respondents,
        "weight_sum": number(weight_sum),
        "mean_weight": number(_six(mean)),
        "unrounded_points": number(_six(unrounded)),
        "exact": Fraction(_six(mean)) == mean and Fraction(_six(unrounded)) == unrounded,
        "decimals": counted.decimals,
    }


def _exact(value: Decimal | None) -> Decimal | None:
    return value


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _six(value: Fraction) -> Decimal:
    """VALUE rounded half-up at six decimals (exact when it ends there)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return from_micro(int(round_half_up(exact, SCALE_DIGITS).scaleb(SCALE_DIGITS)))
