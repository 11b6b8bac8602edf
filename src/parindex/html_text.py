"""The HTML report's words (Vietnamese and English) and its one escaping rule, shared by the report and its charts."""

from __future__ import annotations

import html
from typing import Any

from .display import visible
from .i18n import N_, Texts

TEXT = Texts(
    {
        "title": N_("PAR Index results {year}"),
        "subtitle": N_("{title} — decision {decision} of {date}"),
        "provenance": N_("Framework provenance"),
        "reconstruction": N_(
            "This framework is a reconstruction, not the signed text of the decision: read its provenance before "
            "using these results."
        ),
        "contents": N_("Contents"),
        "rules": N_("Rules used"),
        "summary": N_(
            "{n} units, {ranked} ranked. Group mean index: {mean} % (the mean of the ranked units' indices)."
        ),
        "summary_no_mean": N_("{n} units, none ranked: the group has no mean index."),
        "change": N_("Change since {year}"),
        "previous_label": N_("the previous ranking"),
        "mean": N_("Group mean index"),
        "unranked": N_("not ranked"),
        "tied": N_("= tied (shares the rank)"),
        "bar_title": N_("Index by unit — {group}"),
        "bar_caption": N_("Index (%) of each unit in published order; the dashed line is the group mean ({mean} %)."),
        "bar_mean": N_("Group mean {mean} %"),
        "bar_axis": N_("Index (%)"),
        "heat_title": N_("Domain indices — {group}"),
        "heat_caption": N_("Index (%) of each unit in each domain (its points ÷ its maximum); darker is higher."),
        "heat_scale": N_(
            "The colour scale is the same 0–100 % in every heat map of this report, so one colour means one value."
        ),
        "heat_axis": N_("Domain"),
        "hist_title": N_("Distribution of the index — {group}"),
        "hist_caption": N_(
            "{n} units: too many for a bar each, so this shows how many units fall in each one-point band of "
            "the index; the dashed line is the group mean ({mean} %). Every unit is in the table above."
        ),
        "hist_axis": N_("Number of units"),
        "box_title": N_("Domain indices — {group}"),
        "box_caption": N_(
            "{n} units: too many for a row each, so each box spans the middle half of the units' index in "
            "that domain, the line inside is the median and the whiskers reach the lowest and highest."
        ),
        "domains": N_("Domains"),
        "domain_max": N_("max {max} points"),
        "bands": N_("Bands"),
        "no_bands": N_("The framework sets no bands for this group."),
        "band_item": N_("{label}: index ≥ {min} %"),
        "gone": N_("Units with a result in {previous} but none in {year}"),
        "gone_item": N_("{name} ({unit_id}): rank {rank}, index {index} %"),
        "compare_rules": N_("Change since last year"),
        "previous_source": N_("Previous year's ranking: {source}"),
        "not_applicable_exclude": N_(
            "A criterion not applicable to a unit is excluded: its maximum is taken off the unit's maximum."
        ),
        "not_applicable_full": N_("A criterion not applicable to a unit is awarded its full points."),
        "index_rule": N_("Index = total points ÷ maximum × 100, published with {decimals} decimals (rounded half-up)."),
        "generated": N_("Made by parindex {version}. Numbers are computed exactly and rounded only for publication."),
    }
)


def e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute (control characters shown as escapes)."""
    return html.escape(visible(value), quote=True)
