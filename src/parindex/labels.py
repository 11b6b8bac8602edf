"""Column labels shared by every view of the ranking (terminal, HTML, Excel), in both languages.

One catalogue, so that the terminal table, the HTML report and the Excel annex can never call the
same column by two names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .i18n import N_, gettext
from .numbers import format_points
from .result_table import COLUMNS, Column

if TYPE_CHECKING:  # pragma: no cover
    from .framework import Framework
    from .results import Results, UnitScore

#: key -> (English, Vietnamese): the English is the catalogue's msgid, the Vietnamese its translation
#: (kept here as well so that code reading LABELS directly still gets both forms).
LABELS: dict[str, tuple[str, str]] = {
    key: (english, gettext(english, "vi"))
    for key, english in {
        "stt": N_("No."),
        "rank": N_("Rank"),
        "unit": N_("Unit"),
        **{column.key: column.label for column in COLUMNS if column.annex},
        "band": N_("Band"),
        "note": N_("Note"),
    }.items()
}

#: The amounts of the published annex: the result table's annex columns, in its order.
POINT_COLUMNS = tuple(column.key for column in COLUMNS if column.annex)
#: The published annex layout (rank first), as in the terminal table and the HTML report.
ANNEX_COLUMNS = ("rank", "unit", *POINT_COLUMNS)


def label(key: str, lang: str) -> str:
    """The column label of KEY in LANG ('vi' or 'en')."""
    return gettext(LABELS[key][0], lang)


def annex_headers(lang: str, bands: bool, amounts: Sequence[Column] | None = None) -> list[str]:
    """Headers of the published ranking table; the band column only where the framework has bands.

    AMOUNTS are the result table's annex columns (with the bonus and penalty totals where the
    framework has them); without them, the annex's usual amounts.
    """
    if amounts is None:
        return [label(key, lang) for key in ANNEX_COLUMNS + (("band",) if bands else ())]
    headers = [label("rank", lang), label("unit", lang), *(column.header(lang) for column in amounts)]
    return headers + ([label("band", lang)] if bands else [])


#: The mark after a unit indexed without its survey (the framework's survey is optional) …
SURVEY_MARK = "(*)"
#: … and the footnote under an annex that has such a unit.
SURVEY_FOOTNOTE = N_(
    "(*) Indexed without the survey: the appraisal points over the appraisal maximum (the framework's survey is "
    "optional and the unit has no survey score)."
)


def survey_footnote(scores: Iterable[UnitScore], lang: str) -> str | None:
    """The footnote of an annex whose units (SCORES) include one indexed without its survey; else None."""
    return gettext(SURVEY_FOOTNOTE, lang) if any(not score.survey_used for score in scores) else None


def survey_mark(score: UnitScore) -> str:
    """' (*)' after the name of a unit indexed without its survey; '' for any other."""
    return "" if score.survey_used else f" {SURVEY_MARK}"


ADJUSTMENT_RULE = N_(
    "Bonus points are added and penalty points deducted after the criteria's points; they are not part of the "
    "maximum. The index is at least 0 and at most {cap} %."
)
ADJUSTMENT_RULE_UNCAPPED = N_(
    "Bonus points are added and penalty points deducted after the criteria's points; they are not part of the "
    "maximum. The index is at least 0 and has no upper cap."
)


def adjustment_rule(framework: Framework, lang: str) -> str | None:
    """How bonus and penalty points count, for a framework that has them; else None."""
    if not framework.has_adjustments:
        return None
    if framework.index_cap is None:
        return gettext(ADJUSTMENT_RULE_UNCAPPED, lang)
    return gettext(ADJUSTMENT_RULE, lang).format(cap=format_points(framework.index_cap, lang))


PRELIMINARY = N_(
    "Preliminary results (round 1 of the appraisal), sent to the units for their explanations: not the final results."
)


def preliminary_line(results: Results, lang: str) -> str | None:
    """The line every written result of `--round 1` carries under its title; None for the final results.

    Why: the preliminary annexes and report are mailed to the units; without it they look exactly like
    the final ones, and a unit (or a later reader) cannot tell which it holds.
    """
    scored = results.assessment
    return gettext(PRELIMINARY, lang) if scored is not None and scored.round == 1 else None
