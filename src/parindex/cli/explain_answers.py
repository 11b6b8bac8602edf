"""The lines `parindex explain` prints under a survey criterion scored from questionnaire answers.

Why a module of its own: the explain table is shared with other features; these words and this
line are only about survey-responses (`parindex.explain_responses` builds the record they show).
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, Texts

TEXT = Texts(
    {
        "answers": N_("Answers"),
        "blank": N_("blank (not counted)"),
        "respondents": N_("respondents"),
        "mean": N_("mean weight"),
        "points": N_("points"),
        "rounded": N_("rounded to {decimals} decimal(s)"),
    }
)


def answer_lines(leaf: dict[str, Any], lang: str) -> str:
    """'Answers: A 2 · B 1 · C 1 · D 1; 5 respondents' and the arithmetic of the points, on two lines.

    LEAF is a criterion record of explain with ``as_json=False`` (exact Decimals) and a ``responses``
    record; '≈' marks a mean or product cut at six decimals (a mean such as 2 ÷ 3 does not end).
    """
    from ..display import markup as escape
    from ..numbers import format_number, format_points

    text, record = TEXT[lang], leaf["responses"]
    counts = " · ".join(f"{escape(a['answer'])} {a['count']}" for a in record["answers"])
    if record["blank"]:
        counts += f" · {text['blank']} {record['blank']}"
    approx = "=" if record["exact"] else "≈"
    mean = format_points(record["mean_weight"], lang)
    unrounded = format_points(record["unrounded_points"], lang)
    decimals = record["decimals"]
    rounded = format_number(leaf["points"], decimals, lang)
    arithmetic = (
        f"{text['mean']} {format_points(record['weight_sum'], lang)} ÷ {record['respondents']} {approx} {mean}; "
        f"{text['points']} {format_points(leaf['max_points'], lang)} × {mean} {approx} {unrounded} → {rounded} "
        f"({text['rounded'].format(decimals=decimals)})"
    )
    tally = f"{text['answers']}: {counts}; {record['respondents']} {text['respondents']}"
    return f"\n[cyan]{tally}[/cyan]\n[cyan]{arithmetic}[/cyan]"
