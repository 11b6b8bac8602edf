"""A self-contained HTML report: the ranking tables, charts and rules in one file people can mail.

The report is read by officials who open an attachment on an office PC, sometimes offline, so the
file must carry everything itself: CSS inline, charts as inline SVG drawn by matplotlib with the
text turned into glyph outlines (Vietnamese renders without any font installed), no scripts, no
web fonts, no links out. Every text that comes from the input is escaped.

The framework's provenance is shown near the top, because the bundled framework is a
reconstruction and a reader must not take the numbers for the signed decision's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .html_charts import _bar_chart_svg, _chart_style, _domain_boxes_svg, _heatmap_svg, _histogram_svg
from .html_charts import _label as _label  # importable from here, as before the charts had a module
from .html_charts import chart_fonts as chart_fonts
from .html_text import TEXT, e
from .i18n import DEFAULT_LANG, Lang, gettext
from .labels import adjustment_rule, annex_headers, preliminary_line, survey_footnote, survey_mark
from .manifest_views import HTML_CSS as SOURCES_CSS
from .manifest_views import manifest_html
from .numbers import format_number, format_points
from .ranking import NO_MEAN, tie_rule
from .result_table import ResultTable

if TYPE_CHECKING:  # pragma: no cover
    from .compare import Ranking
    from .publication import Publication
    from .scoring import GroupResult, Results, UnitScore
    from .sensitivity import Sensitivity

CSS = """
:root { --ink: #1a202c; --muted: #4a5568; --line: #cbd5e0; --head: #edf2f7; --warn: #fffbeb; --warn-line: #d69e2e; }
* { box-sizing: border-box; }
.attached { font-style: italic; text-align: center; }
.signature { display: flex; justify-content: flex-end; text-align: center; font-weight: bold; margin: 32px 0 96px; }
body { font-family: "Segoe UI", Arial, "Helvetica Neue", "DejaVu Sans", sans-serif; color: var(--ink);
       margin: 0 auto; padding: 24px 32px 48px; max-width: 1280px; line-height: 1.45; background: #fff; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.35em; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1em; margin: 22px 0 6px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
.provenance { background: var(--warn); border: 1px solid var(--warn-line); border-left: 6px solid var(--warn-line);
              padding: 10px 16px; margin: 16px 0; }
.provenance h2 { border: 0; margin: 4px 0; font-size: 1.15em; }
.provenance .alert { font-weight: 600; }
.pre { white-space: pre-wrap; margin: 4px 0; }
nav ul { margin: 4px 0; }
table.ranking { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 0.95em; }
table.ranking caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.ranking th, table.ranking td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
table.ranking thead th { background: var(--head); text-align: center; }
table.ranking td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.ranking td.rank { text-align: center; white-space: nowrap; }
table.ranking td.unit { min-width: 14em; }
table.ranking td.change { min-width: 15em; }
table.ranking tbody tr:nth-child(even) { background: #f7fafc; }
table.ranking tr.unranked td { color: var(--muted); font-style: italic; }
table.ranking tfoot td { font-weight: 600; background: var(--head); }
.up { color: #276749; } .down { color: #c53030; } .same { color: var(--muted); }
figure { margin: 16px 0; page-break-inside: avoid; }
figcaption { color: var(--muted); font-size: 0.92em; }
svg.chart { display: block; max-width: 100%; height: auto; }
.legend { columns: 2; font-size: 0.92em; color: var(--muted); }
footer { margin-top: 40px; border-top: 2px solid var(--line); padding-top: 8px; font-size: 0.92em;
         color: var(--muted); }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  table.ranking th, table.ranking td { padding: 2px 6px; }
  h2 { page-break-before: auto; }
  section.group ~ section.group { break-before: page; page-break-before: always; }
  h2, h3, caption, .group > p { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
  table.ranking thead { display: table-header-group; }
  table.ranking tfoot { display: table-row-group; }
  table.ranking, table.ranking tr, figure, svg.chart { break-inside: avoid; page-break-inside: avoid; }
  table.ranking tbody tr:nth-child(-n+4), table.ranking tbody tr:nth-last-child(-n+2) { break-after: avoid; }
  table.ranking tfoot { break-before: avoid; page-break-before: avoid; }
}
"""


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
    lang = "vi" if lang == "vi" else "en"
    text = TEXT[lang]
    comparison = None
    if previous is not None:
        from .compare import compare_results

        comparison = compare_results(results, previous, lang, as_json=False)
    title = text["title"].format(year=results.year)
    parts = [
        *_head(results, title, lang, with_sources=manifest is not None),
        _attached(publication, lang),
        "</header>",
        _provenance(results, text, lang),
        _contents(results, text),
    ]
    table = ResultTable(results)
    for key, group_result in results.groups.items():
        extra = _sensitivity_figure(sensitivity, key, lang)
        parts.append(_group_section(key, group_result, table, lang, comparison, extra))
    parts.append(_rules(results, lang, comparison))
    parts.append(_signature(publication, lang))
    parts.append(_sources(manifest, results.year, lang))
    parts.append(f"<footer><p>{e(text['generated'].format(version=__version__))}</p></footer>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _head(results: Results, title: str, lang: str, with_sources: bool) -> list[str]:
    """The document's head and the top of its header: the title and the framework's line under it."""
    framework, text = results.framework, TEXT[lang]
    subtitle = text["subtitle"].format(
        title=framework.title or framework.id, decision=framework.decision, date=display_date(framework.date, lang)
    )
    return [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="parindex {e(__version__)}">',
        f"<title>{e(title)} — {e(framework.title or framework.id)}</title>",
        f"<style>{CSS}{SOURCES_CSS if with_sources else ''}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(title)}</h1>",
        f'<p class="subtitle">{e(subtitle)}</p>',
    ] + _preliminary(results, lang)


def _preliminary(results: Results, lang: str) -> list[str]:
    """The preliminary results' line under the title (`--round 1`), or nothing."""
    line = preliminary_line(results, lang)
    return [] if line is None else [f'<p class="subtitle"><strong>{e(line)}</strong></p>']


def _sources(manifest: dict[str, Any] | None, year: Any, lang: str) -> str:
    """The closing "Nguồn dữ liệu" section (its style is in the head), or nothing without a manifest."""
    return "" if manifest is None else manifest_html(manifest, year, lang)


def _sensitivity_figure(sensitivity: Sensitivity | None, key: str, lang: str) -> str:
    """Group KEY's rank-interval chart when the report was asked for it (`--sensitivity`), else nothing."""
    if sensitivity is None:
        return ""
    from .html_sensitivity import sensitivity_figure

    return sensitivity_figure(sensitivity, key, lang)


def _attached(publication: Publication | None, lang: str) -> str:
    """The "(Kèm theo Quyết định số …)" line, or nothing when no detail of the decision is known."""
    if publication is None or not publication.given():
        return ""
    return f'<p class="attached">{e(publication.attached_line(lang))}</p>'


def _signature(publication: Publication | None, lang: str) -> str:
    """The signature block on the right ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), name blank."""
    if publication is None or not publication.given():
        return ""
    from .i18n import gettext
    from .publication import SIGNATURE

    lines = "<br>".join(e(gettext(line, lang)) for line in SIGNATURE)
    return f'<section class="signature"><p>{lines}</p></section>'


def _provenance(results: Results, text: dict[str, str], lang: str) -> str:
    """The provenance box, with a plain warning when the framework says it is a reconstruction."""
    framework = results.framework
    words = f"{framework.provenance} {framework.title}".casefold()
    reconstructed = "reconstruct" in words or "tái dựng" in words
    alert = f'<p class="alert">{e(text["reconstruction"])}</p>' if reconstructed else ""
    body = f'<p class="pre">{e(framework.provenance_in(lang))}</p>' if framework.provenance else ""
    body += f"<p>{e(framework.source_in(lang))}</p>" if framework.source_file else ""
    return (
        '<section class="provenance" id="provenance">'
        f"<h2>{e(text['provenance'])}: {e(framework.id)}</h2>{alert}{body}</section>"
    )


def _contents(results: Results, text: dict[str, str]) -> str:
    """Links within the document (fragment links only, so the file stays self-contained)."""
    items = [f'<li><a href="#group-{e(key)}">{e(gr.group.name)}</a></li>' for key, gr in results.groups.items()]
    items.append(f'<li><a href="#rules">{e(text["rules"])}</a></li>')
    return f"<nav><h2>{e(text['contents'])}</h2><ul>{''.join(items)}</ul></nav>"


def _summary(result: GroupResult, ranked: int, mean: str, lang: str) -> str:
    """The sentence under a group's title; a group with no ranked unit has no mean, said in words."""
    text = TEXT[lang]
    if result.mean_index is None:
        return text["summary_no_mean"].format(n=len(result.units))
    return text["summary"].format(n=len(result.units), ranked=ranked, mean=mean)


def _group_section(
    key: str, result: GroupResult, table: ResultTable, lang: str, comparison: dict[str, Any] | None, extra: str = ""
) -> str:
    text = TEXT[lang]
    results = table.results
    decimals = results.framework.decimals
    mean = format_number(result.mean_index, decimals, lang)
    ranked = sum(1 for u in result.units if u.rank is not None)
    changes = {}
    if comparison is not None:
        changes = {r["unit_id"]: r for r in comparison["rows"] if r["group"] == key and r["status"] != "gone"}
    parts = [
        f'<section class="group" id="group-{e(key)}">',
        f"<h2>{e(result.group.name)}</h2>",
        f"<p>{e(_summary(result, ranked, mean, lang))}</p>",
        _ranking_table(key, table, lang, comparison, changes),
    ]
    footnote = survey_footnote(result.units, lang)
    if footnote:
        parts.append(f'<p class="footnote">{e(footnote)}</p>')
    if comparison is not None:
        parts.append(_gone(key, comparison, lang))
    parts.append(_bands(result, lang))
    chart_units = [u for u in result.units if u.published_index is not None]
    if chart_units:
        parts += _charts(key, result, chart_units, decimals, lang, mean)
    if chart_units and result.group.domains:
        legend = "".join(
            f"<li>{e(d.code)}. {e(d.name)} ({e(text['domain_max'].format(max=format_points(d.max_points, lang)))})</li>"
            for d in result.group.domains
        )
        parts.append(f'<h3>{e(text["domains"])}</h3><ul class="legend">{legend}</ul>')
    if extra:  # the sensitivity chart, when asked for (html_sensitivity)
        parts.append(extra)
    parts.append("</section>")
    return "\n".join(parts)


#: Units above which a group's charts show distributions instead of a bar and a row per unit: a
#: province has tens of units; a national group of thousands would need a chart metres tall.
CHART_MAX_UNITS = 80


def _charts(key: str, result: GroupResult, units: list[UnitScore], decimals: int, lang: str, mean: str) -> list[str]:
    """The group's two figures: per unit when the group is small enough to read, else distributions."""
    with _chart_style():
        return _draw_charts(key, result, units, decimals, lang, mean)


def _draw_charts(
    key: str, result: GroupResult, units: list[UnitScore], decimals: int, lang: str, mean: str
) -> list[str]:
    text = TEXT[lang]
    group, n = result.group.name, len(units)
    if n <= CHART_MAX_UNITS:
        bar_title, heat_title = text["bar_title"].format(group=group), text["heat_title"].format(group=group)
        figures = [
            _figure(
                _bar_chart_svg(units, result.mean_index, decimals, lang, f"bar-{key}", bar_title),
                bar_title,
                text["bar_caption"].format(mean=mean),
            )
        ]
        if result.group.domains:
            heat = _heatmap_svg(units, result, decimals, lang, f"heat-{key}", heat_title)
            caption = f"{text['heat_caption']} {text['heat_scale']}"
            figures.append(_figure(heat, heat_title, caption))
        return figures
    hist_title, box_title = text["hist_title"].format(group=group), text["box_title"].format(group=group)
    count = f"{n:,}".replace(",", "." if lang == "vi" else ",")
    hist = _histogram_svg(units, result.mean_index, decimals, lang, f"hist-{key}", hist_title)
    figures = [_figure(hist, hist_title, text["hist_caption"].format(n=count, mean=mean))]
    if result.group.domains:
        box = _domain_boxes_svg(units, result, lang, f"box-{key}", box_title)
        figures.append(_figure(box, box_title, text["box_caption"].format(n=count)))
    return figures


def _ranking_table(
    key: str,
    table: ResultTable,
    lang: str,
    comparison: dict[str, Any] | None,
    changes: dict[str, dict[str, Any]],
) -> str:
    """The annex table: rank (with '=' for ties), unit, the table's annex amounts, band, and the change."""
    text = TEXT[lang]
    results = table.results
    result = results.groups[key]
    has_bands = bool(result.group.bands)
    headers = annex_headers(lang, has_bands, table.annex_columns())
    if comparison is not None:
        headers.append(text["change"].format(year=comparison["previous_year"] or text["previous_label"]))
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    shown = changes if comparison is not None else None
    rows = [_unit_row(table, row, lang, has_bands, shown) for row in table.group_rows(key)]
    mean = (
        gettext(NO_MEAN, lang)
        if result.mean_index is None
        else format_number(result.mean_index, results.framework.decimals, lang)
    )
    before = 2 + [column.key for column in table.annex_columns()].index("index")  # the mean goes under the index
    foot = f'<tr><td colspan="{before}">{e(text["mean"])}</td><td class="num">{e(mean)}</td>'
    foot += "<td></td>" * (len(headers) - before - 1) + "</tr>"
    caption = f"{result.group.name} — {results.framework.title or results.framework.id} ({results.year})"
    return (
        f'<table class="ranking"><caption>{e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody><tfoot>{foot}</tfoot></table>"
    )


def _unit_row(
    table: ResultTable, row: int, lang: str, has_bands: bool, changes: dict[str, dict[str, Any]] | None
) -> str:
    """One unit of the annex table, its amounts as the result table publishes them."""
    text = TEXT[lang]
    score = table.entries[row].score
    rank = "—" if score.rank is None else f"{score.rank}{'=' if score.tied else ''}"
    name = e(score.unit.name + survey_mark(score))
    if not score.ranked:
        name += f" <span>({e(text['unranked'])})</span>"
    cells = [f'<td class="rank">{e(rank)}</td>', f'<td class="unit">{name}</td>']
    cells += [f'<td class="num">{e(table.text(column, row, lang))}</td>' for column in table.annex_columns()]
    if has_bands:
        cells.append(f'<td class="rank">{e(score.band or "")}</td>')
    if changes is not None:
        cells.append(f'<td class="change">{_change_cell(changes.get(score.unit.unit_id))}</td>')
    css = "" if score.rank is not None else ' class="unranked"'
    return f"<tr{css}>{''.join(cells)}</tr>"


def _change_cell(row: dict[str, Any] | None) -> str:
    """The decision's phrase with an arrow for the index trend ('▲ tăng 1,36 %, tăng 01 bậc')."""
    if row is None:
        return ""
    trend = row["index_trend"] or ("same" if row["status"] == "both" else "")
    if row["index_trend"] == "same" and row["rank_trend"] in ("up", "down"):
        trend = row["rank_trend"]
    mark = {"up": "▲", "down": "▼", "same": "="}.get(trend, "")
    note = f" ({e(row['note'])})" if row.get("note") else ""
    return f'<span class="{e(trend or "same")}">{e(mark)}</span> {e(row["phrase"])}{note}'


def _gone(key: str, comparison: dict[str, Any], lang: str) -> str:
    """Units assessed last year but not this year: listed, never dropped silently."""
    text = TEXT[lang]
    gone = [r for r in comparison["rows"] if r["group"] == key and r["status"] == "gone"]
    if not gone:
        return ""
    decimals = int(comparison["decimals"])
    items = "".join(
        "<li>"
        + e(
            text["gone_item"].format(
                name=r["name"],
                unit_id=r["unit_id"],
                rank="—" if r["rank_previous"] is None else r["rank_previous"],
                index=format_number(r["index_previous"], decimals, lang),
            )
        )
        + (f" ({e(r['note'])})" if r.get("note") else "")
        + "</li>"
        for r in gone
    )
    heading = text["gone"].format(
        previous=comparison["previous_year"] or text["previous_label"], year=comparison["year"]
    )
    return f'<h3>{e(heading)}</h3><ul class="gone">{items}</ul>'


def _bands(result: GroupResult, lang: str) -> str:
    text = TEXT[lang]
    if not result.group.bands:
        return f'<p class="bands">{e(text["bands"])}: {e(text["no_bands"])}</p>'
    items = "".join(
        f"<li>{e(text['band_item'].format(label=b.label, min=format_points(b.min, lang)))}</li>"
        for b in result.group.bands
    )
    return f'<div class="bands"><h3>{e(text["bands"])}</h3><ul>{items}</ul></div>'


def _rules(results: Results, lang: str, comparison: dict[str, Any] | None) -> str:
    """Every rule a reader needs to audit the tables: index, not-applicable policy, ties, change basis."""
    text = TEXT[lang]
    framework = results.framework
    policy = text["not_applicable_full"] if framework.not_applicable == "full" else text["not_applicable_exclude"]
    items = [
        text["index_rule"].format(decimals=framework.decimals),
        policy,
        f"{text['tied']}. {tie_rule(framework.decimals, lang)}",
    ]
    adjustments = adjustment_rule(framework, lang)
    items += [adjustments] if adjustments else []
    parts = [f'<section id="rules"><h2>{e(text["rules"])}</h2><ul>']
    parts += [f"<li>{e(item)}</li>" for item in items]
    parts.append("</ul>")
    if comparison is not None:
        parts.append(f"<h3>{e(text['compare_rules'])}</h3><ul>")
        for item in (
            comparison["basis"],
            comparison["rank_rule"],
            text["previous_source"].format(source=Path(comparison["previous_source"]).name),
            *comparison["warnings"],
        ):
            parts.append(f"<li>{e(item)}</li>")
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _figure(svg: str, title: str, caption: str) -> str:
    return f"<figure><h3>{e(title)}</h3>{svg}<figcaption>{e(caption)}</figcaption></figure>"


def display_date(date: str, lang: str) -> str:
    """An ISO date as Vietnamese documents write it (29/12/2022); other texts unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date.strip())
    if lang != "vi" or match is None:
        return date
    year, month, day = match.groups()
    return f"{day}/{month}/{year}"
