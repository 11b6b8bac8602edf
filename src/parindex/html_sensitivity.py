"""The HTML report's rank-interval chart (`report --html --sensitivity`): one row per unit, published rank marked.

Why a module of its own: the chart is drawn from a sensitivity analysis, which the report computes only
when asked; the report imports this module only then. The chart reuses the report's SVG rules
(`html_charts`): text as outlines, no scripts, ids prefixed per chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .html_charts import _chart_style, _label, _svg
from .html_render import Chart
from .i18n import N_, Texts

if TYPE_CHECKING:  # pragma: no cover
    from markupsafe import Markup

    from .sensitivity import Sensitivity, UnitSensitivity

TEXT = Texts(
    {
        "title": N_("How sure each rank is — {group}"),
        "axis": N_("Rank"),
        "interval": N_("Rank in 90 % of runs (5–95 %)"),
        "median": N_("Median rank"),
        "published": N_("Published rank"),
        "caption": N_(
            "Each row is a ranked unit in published order: the bar spans its rank in 90 % of the runs (5–95 %), "
            "the dot is its median rank and the red mark its published rank. {method}"
        ),
        "caption_many": N_(
            "{n} ranked units: each unit is a vertical bar at its published rank, spanning its rank in 90 % of "
            "the runs (5–95 %); the dot is its median rank, the red line the published rank. {method}"
        ),
    }
)

_INTERVAL = "#90cdf4"
_MEDIAN = "#2b6cb0"
_PUBLISHED = "#c53030"
#: Ranked units above which the chart turns: a row per unit would make a national chart metres tall.
ROWS_MAX_UNITS = 80
#: Ranked units up to which the rank axis marks every rank.
EVERY_RANK_UNITS = 30


def sensitivity_figure(analysis: Sensitivity, key: str, lang: str) -> Chart | None:
    """The figure of group KEY (None when the group has no ranked unit); the report's template lays it out."""
    from .sensitivity.document import method_text

    group = analysis.groups[key]
    ranked = [u for u in group.units if u.spread is not None]
    if not ranked:
        return None
    text = TEXT[lang]
    title = text["title"].format(group=group.result.group.name)
    method = method_text(analysis, lang)
    with _chart_style():
        if len(ranked) <= ROWS_MAX_UNITS:
            svg = _rows_svg(ranked, lang, f"rank-{key}", title)
            caption = text["caption"].format(method=method)
        else:
            svg = _columns_svg(ranked, lang, f"rank-{key}", title)
            caption = text["caption_many"].format(n=len(ranked), method=method)
    return Chart(title, svg, caption)


def _values(ranked: list[UnitSensitivity]) -> tuple[list[int], list[int], list[int], list[int]]:
    """Published rank, p05, median and p95 of each unit (every unit here has a spread)."""
    spreads = [u.spread for u in ranked if u.spread is not None]
    return (
        [u.score.rank or 0 for u in ranked],
        [s.p05 for s in spreads],
        [s.median for s in spreads],
        [s.p95 for s in spreads],
    )


def _rows_svg(ranked: list[UnitSensitivity], lang: str, prefix: str, title: str) -> Markup:
    """A row per unit: its 5–95 % interval as a bar, its median as a dot, its published rank marked."""
    from matplotlib.figure import Figure

    text = TEXT[lang]
    published, low, median, high = _values(ranked)
    figure = Figure(figsize=(10, 0.34 * len(ranked) + 1.5))
    axes = figure.add_subplot()
    rows = list(range(len(ranked)))
    axes.hlines(
        rows, [v - 0.3 for v in low], [v + 0.3 for v in high], color=_INTERVAL, linewidth=7, label=text["interval"]
    )
    axes.plot(median, rows, "o", color=_MEDIAN, markersize=5, label=text["median"], zorder=3)
    axes.plot(published, rows, "|", color=_PUBLISHED, markersize=13, markeredgewidth=2.2, label=text["published"])
    axes.set_yticks(rows, [_label(u.score, lang) for u in ranked], fontsize=9)
    axes.invert_yaxis()
    _rank_axis(axes, len(ranked), "x", text["axis"])
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, frameon=False, fontsize=9)
    figure.tight_layout()
    return _svg(figure, prefix, title)


def _columns_svg(ranked: list[UnitSensitivity], lang: str, prefix: str, title: str) -> Markup:
    """Many units: a vertical bar per unit at its published rank, the diagonal marking the published rank."""
    from matplotlib.figure import Figure

    text = TEXT[lang]
    published, low, median, high = _values(ranked)
    figure = Figure(figsize=(10, 5.0))
    axes = figure.add_subplot()
    axes.vlines(published, low, high, color=_INTERVAL, linewidth=1.0, label=text["interval"])
    axes.plot(published, median, ".", color=_MEDIAN, markersize=2, label=text["median"])
    last = max(published)
    axes.plot([1, last], [1, last], color=_PUBLISHED, linewidth=0.8, label=text["published"])
    axes.set_xlabel(text["published"])
    _rank_axis(axes, len(ranked), "y", text["axis"])
    axes.legend(loc="upper left", frameon=False, fontsize=9)
    figure.tight_layout()
    return _svg(figure, prefix, title)


def _rank_axis(axes: Any, n: int, which: str, label: str) -> None:
    """The rank axis: 1 at the start, whole ranks only, a light grid."""
    from matplotlib.ticker import MaxNLocator

    axis = axes.xaxis if which == "x" else axes.yaxis
    if n <= EVERY_RANK_UNITS:
        axis.set_ticks(range(1, n + 1))
    else:
        axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    (axes.set_xlim if which == "x" else axes.set_ylim)(0.4, n + 0.6)
    (axes.set_xlabel if which == "x" else axes.set_ylabel)(label)
    axes.grid(axis=which, color="#e2e8f0", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
