"""A self-contained HTML report: the ranking tables, charts and rules in one file people can mail.

The report is read by officials who open an attachment on an office PC, sometimes offline, so the
file must carry everything itself: CSS inline, charts as inline SVG drawn by matplotlib with the
text turned into glyph outlines (Vietnamese renders without any font installed), no scripts, no
web fonts, no links out. Every text that comes from the input is escaped.

The framework's provenance is shown near the top, because the bundled framework is a
reconstruction and a reader must not take the numbers for the signed decision's.

This module computes what the report shows (words, numbers, charts); the Jinja2 templates in
``parindex/html/`` lay it out (`html_render`).
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .annex_rows import AnnexRow, annex_mean, annex_rows
from .html_charts import _bar_chart_svg, _chart_style, _domain_boxes_svg, _heatmap_svg, _histogram_svg
from .html_charts import _label as _label  # importable from here, as before the charts had a module
from .html_charts import chart_fonts as chart_fonts
from .html_render import Chart, render
from .html_text import TEXT
from .i18n import DEFAULT_LANG, Lang, gettext, resolve_lang
from .labels import adjustment_rule, annex_headers, preliminary_line, survey_footnote
from .manifest_views import manifest_view
from .numbers import count_text, format_number, format_points
from .ranking import rank_text, tie_rule
from .result_table import ResultTable

if TYPE_CHECKING:  # pragma: no cover
    from .compare import Ranking
    from .publication import Publication
    from .scoring import GroupResult, Results, UnitScore
    from .sensitivity import Sensitivity

#: The report's style sheet as shipped (the template includes it; tests read its print rules here).
CSS = (files(__package__) / "html" / "report.css.j2").read_text(encoding="utf-8")


def render_report(
    results: Results,
    lang: Lang = DEFAULT_LANG,
    previous: Ranking | None = None,
    publication: Publication | None = None,
    manifest: dict[str, Any] | None = None,
    sensitivity: Sensitivity | None = None,
) -> str:
    """The whole HTML document for RESULTS (and the change since PREVIOUS, when given).

    With MANIFEST (`manifest.manifest_of`) a closing section lists the files the results come from.

    With PUBLICATION (any detail of the results decision known) the report carries the decision's
    "Kèm theo Quyết định …" line under its title and the signature block at its end, as the annexes do.
    With SENSITIVITY (`parindex.sensitivity.analyse_sensitivity` of the same results) each group gets a
    chart of its units' rank intervals.
    """
    lang = resolve_lang(lang)
    comparison = None
    if previous is not None:
        from .compare import compare_results

        comparison = compare_results(results, previous, lang, as_json=False)
    table = ResultTable(results)
    groups = [
        _group(key, table, lang, comparison, _sensitivity_figure(sensitivity, key, lang)) for key in results.groups
    ]
    return render(
        "report.html.j2",
        **_page(results, lang, publication),
        sources=None if manifest is None else manifest_view(manifest, results.year, lang),
        groups=groups,
        rules=_rules(results, lang, comparison),
    )


def _page(results: Results, lang: str, publication: Publication | None) -> dict[str, Any]:
    """What the page shows around the groups: head, title, the framework's line and provenance, footer."""
    framework, text = results.framework, TEXT[lang]
    published = publication is not None and publication.given()
    return {
        "lang": lang,
        "version": __version__,
        "title": text["title"].format(year=results.year),
        "framework_name": framework.title or framework.id,
        "subtitle": text["subtitle"].format(
            title=framework.title or framework.id, decision=framework.decision, date=display_date(framework.date, lang)
        ),
        "attached": publication.attached_line(lang) if publication is not None and published else None,
        "preliminary": preliminary_line(results, lang),  # `--round 1`: the report says it is not final
        "provenance": _provenance(results, lang),
        "contents_heading": text["contents"],
        "signature": _signature(lang) if published else None,
        "generated": text["generated"].format(version=__version__),
    }


def _sensitivity_figure(sensitivity: Sensitivity | None, key: str, lang: str) -> Chart | None:
    """Group KEY's rank-interval chart when the report was asked for it (`--sensitivity`), else None."""
    if sensitivity is None:
        return None
    from .html_sensitivity import sensitivity_figure

    return sensitivity_figure(sensitivity, key, lang)


def _signature(lang: str) -> list[str]:
    """The signature block's lines ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), name blank."""
    from .publication import SIGNATURE

    return [gettext(line, lang) for line in SIGNATURE]


def _provenance(results: Results, lang: str) -> dict[str, str | None]:
    """The provenance box, with a plain warning when the framework says it is a reconstruction."""
    framework, text = results.framework, TEXT[lang]
    words = f"{framework.provenance} {framework.title}".casefold()
    reconstructed = "reconstruct" in words or "tái dựng" in words
    return {
        "heading": f"{text['provenance']}: {framework.id}",
        "alert": text["reconstruction"] if reconstructed else None,
        "text": framework.provenance_in(lang) if framework.provenance else None,
        "source": framework.source_in(lang) if framework.source_file else None,
    }


def _summary(result: GroupResult, ranked: int, mean: str, lang: str) -> str:
    """The sentence under a group's title; a group with no ranked unit has no mean, said in words."""
    text = TEXT[lang]
    if result.mean_index is None:
        return text["summary_no_mean"].format(n=len(result.units))
    return text["summary"].format(n=len(result.units), ranked=ranked, mean=mean)


def _group(
    key: str, table: ResultTable, lang: str, comparison: dict[str, Any] | None, ranks: Chart | None
) -> dict[str, Any]:
    """One group's section: summary, annex table, units gone since last year, bands, charts, domains."""
    text, result, decimals = TEXT[lang], table.results.groups[key], table.results.framework.decimals
    mean = format_number(result.mean_index, decimals, lang)
    ranked = sum(1 for u in result.units if u.rank is not None)
    changes = None
    if comparison is not None:
        changes = {r["unit_id"]: r for r in comparison["rows"] if r["group"] == key and r["status"] != "gone"}
    chart_units = [u for u in result.units if u.published_index is not None]
    figures = _charts(key, result, chart_units, decimals, lang, mean) if chart_units else []
    return {
        "key": key,
        "name": result.group.name,
        "summary": _summary(result, ranked, mean, lang),
        "table": _ranking_table(key, table, lang, comparison, changes),
        "footnote": survey_footnote(result.units, lang),
        **_gone(key, comparison, lang),
        "bands_heading": text["bands"],
        "bands": [text["band_item"].format(label=b.label, min=format_points(b.min, lang)) for b in result.group.bands],
        "no_bands": text["no_bands"],
        "figures": figures,
        "legend_heading": text["domains"],
        "legend": _legend(result, lang) if chart_units else [],
        "ranks": ranks,
    }


def _legend(result: GroupResult, lang: str) -> list[str]:
    """The domains under the charts: code, name and maximum ('A. Công tác chỉ đạo (max 8 points)')."""
    text = TEXT[lang]
    return [
        f"{d.code}. {d.name} ({text['domain_max'].format(max=format_points(d.max_points, lang))})"
        for d in result.group.domains
    ]


#: Units above which a group's charts show distributions instead of a bar and a row per unit: a
#: province has tens of units; a national group of thousands would need a chart metres tall.
CHART_MAX_UNITS = 80


def _charts(key: str, result: GroupResult, units: list[UnitScore], decimals: int, lang: str, mean: str) -> list[Chart]:
    """The group's two figures: per unit when the group is small enough to read, else distributions."""
    with _chart_style():
        return _draw_charts(key, result, units, decimals, lang, mean)


def _draw_charts(
    key: str, result: GroupResult, units: list[UnitScore], decimals: int, lang: str, mean: str
) -> list[Chart]:
    text = TEXT[lang]
    group, n = result.group.name, len(units)
    if n <= CHART_MAX_UNITS:
        bar_title, heat_title = text["bar_title"].format(group=group), text["heat_title"].format(group=group)
        bar = _bar_chart_svg(units, result.mean_index, decimals, lang, f"bar-{key}", bar_title)
        figures = [Chart(bar_title, bar, text["bar_caption"].format(mean=mean))]
        if result.group.domains:
            heat = _heatmap_svg(units, result, decimals, lang, f"heat-{key}", heat_title)
            figures.append(Chart(heat_title, heat, f"{text['heat_caption']} {text['heat_scale']}"))
        return figures
    hist_title, box_title = text["hist_title"].format(group=group), text["box_title"].format(group=group)
    count = count_text(n, lang)
    hist = _histogram_svg(units, result.mean_index, decimals, lang, f"hist-{key}", hist_title)
    figures = [Chart(hist_title, hist, text["hist_caption"].format(n=count, mean=mean))]
    if result.group.domains:
        box = _domain_boxes_svg(units, result, lang, f"box-{key}", box_title)
        figures.append(Chart(box_title, box, text["box_caption"].format(n=count)))
    return figures


def _ranking_table(
    key: str,
    table: ResultTable,
    lang: str,
    comparison: dict[str, Any] | None,
    changes: dict[str, dict[str, Any]] | None,
) -> dict[str, Any]:
    """The annex table: rank (with '=' for ties), unit, the table's annex amounts, band, and the change."""
    text = TEXT[lang]
    results = table.results
    result = results.groups[key]
    has_bands = bool(result.group.bands)
    headers = annex_headers(lang, has_bands, table.annex_columns())
    if comparison is not None:
        headers.append(text["change"].format(year=comparison["previous_year"] or text["previous_label"]))
    before = 2 + [column.key for column in table.annex_columns()].index("index")  # the mean goes under the index
    return {
        "caption": f"{result.group.name} — {results.framework.title or results.framework.id} ({results.year})",
        "headers": headers,
        "rows": [_unit_row(row, lang, changes) for row in annex_rows(table, key)],
        "mean_label": text["mean"],
        "mean": annex_mean(table, key, lang),
        "before": before,
        "after": len(headers) - before - 1,
        "has_bands": has_bands,
        "compared": changes is not None,
    }


def _unit_row(row: AnnexRow, lang: str, changes: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
    """One unit of the annex table, its amounts as the result table publishes them."""
    score = row.score
    return {
        "placed": score.rank is not None,
        "rank": row.rank,
        "name": row.name,
        "unranked": None if score.ranked else TEXT[lang]["unranked"],
        "cells": row.texts(row.table.annex_columns(), lang),
        "band": row.band,
        "change": None if changes is None else _change(changes.get(score.unit.unit_id)),
    }


def _change(row: dict[str, Any] | None) -> dict[str, str] | None:
    """The change cell: the trend's arrow and class, the decision's phrase ('tăng 1,36 %, tăng 01 bậc')."""
    if row is None:
        return None
    trend = row["index_trend"] or ("same" if row["status"] == "both" else "")
    if row["index_trend"] == "same" and row["rank_trend"] in ("up", "down"):
        trend = row["rank_trend"]
    note = f" ({row['note']})" if row.get("note") else ""
    return {
        "trend": trend or "same",
        "mark": {"up": "▲", "down": "▼", "same": "="}.get(trend, ""),
        "phrase": f"{row['phrase']}{note}",
    }


def _gone(key: str, comparison: dict[str, Any] | None, lang: str) -> dict[str, Any]:
    """Units assessed last year but not this year: listed, never dropped silently (None: no previous year)."""
    if comparison is None:
        return {"gone": None}
    text = TEXT[lang]
    decimals = int(comparison["decimals"])
    units = [
        text["gone_item"].format(
            name=r["name"],
            unit_id=r["unit_id"],
            rank=rank_text(r["rank_previous"], tied=False),
            index=format_number(r["index_previous"], decimals, lang),
        )
        + (f" ({r['note']})" if r.get("note") else "")
        for r in comparison["rows"]
        if r["group"] == key and r["status"] == "gone"
    ]
    heading = text["gone"].format(
        previous=comparison["previous_year"] or text["previous_label"], year=comparison["year"]
    )
    return {"gone": units, "gone_heading": heading}


def _rules(results: Results, lang: str, comparison: dict[str, Any] | None) -> dict[str, Any]:
    """Every rule a reader needs to audit the tables: index, not-applicable policy, ties, change basis."""
    text = TEXT[lang]
    framework = results.framework
    policy = text["not_applicable_full"] if framework.not_applicable == "full" else text["not_applicable_exclude"]
    lines = [
        text["index_rule"].format(decimals=framework.decimals),
        policy,
        f"{text['tied']}. {tie_rule(framework.decimals, lang)}",
    ]
    adjustments = adjustment_rule(framework, lang)
    lines += [adjustments] if adjustments else []
    compared = None
    if comparison is not None:
        compared = [
            comparison["basis"],
            comparison["rank_rule"],
            text["previous_source"].format(source=Path(comparison["previous_source"]).name),
            *comparison["warnings"],
        ]
    return {"heading": text["rules"], "lines": lines, "compared_heading": text["compare_rules"], "compared": compared}


def display_date(date: str, lang: str) -> str:
    """An ISO date as Vietnamese documents write it (29/12/2022); other texts unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date.strip())
    if lang != "vi" or match is None:
        return date
    year, month, day = match.groups()
    return f"{day}/{month}/{year}"
