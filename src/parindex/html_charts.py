"""The HTML report's charts: matplotlib figures drawn as inline SVG, with user text shown as typed.

Why a module of their own: the charts are the one part of the report that needs matplotlib and
numpy, fonts and SVG clean-up; the report itself is tables and text.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from .display import shorten, visible
from .html_text import TEXT, e
from .numbers import format_number
from .ranking import rank_text

if TYPE_CHECKING:  # pragma: no cover
    from markupsafe import Markup

    from .scoring import GroupResult, UnitScore

_BAR = "#2b6cb0"
_BAR_UNRANKED = "#a0aec0"
_MEAN = "#c53030"


#: Fonts with Vietnamese and CJK glyphs, tried after DejaVu Sans (matplotlib's own, which has
#: Vietnamese) for characters it lacks, such as a full-width "Ｓở" pasted from a Chinese or Japanese
#: input method; the first found on the machine draws them. matplotlib's "Last Resort" font comes last:
#: it draws a box for any character no other font has, so no "Glyph missing" warning is raised.
FALLBACK_FONTS = (
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Source Han Sans",
    "Microsoft YaHei",
    "Yu Gothic",
    "Meiryo",
    "Malgun Gothic",
    "SimSun",
    "PingFang SC",
    "Hiragino Sans",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Arial Unicode MS",
    "Last Resort High-Efficiency",
)


@cache
def chart_fonts() -> tuple[str, ...]:
    """DejaVu Sans, then the installed fonts of FALLBACK_FONTS (naming a missing one makes matplotlib log)."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ("DejaVu Sans", *(name for name in FALLBACK_FONTS if name in installed))


@contextmanager
def _chart_style() -> Iterator[None]:
    """Charts draw user text as text: no math ($x^$ is a unit name, not a formula), no TeX, no warnings.

    Every Text artist takes ``text.parse_math`` when it is made, so the charts are built inside this
    context. A glyph no installed font has is drawn as a box; matplotlib's warning about it (and any
    other) is silenced, since a user can do nothing with it.
    """
    import matplotlib

    fonts = list(chart_fonts())
    with (
        matplotlib.rc_context({"text.parse_math": False, "text.usetex": False, "font.family": fonts}),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        yield


#: Characters of a unit's name on a chart's axis: the table beside it has the whole name, and a
#: 5,000-character name would otherwise make the chart (its width follows the labels) metres wide.
CHART_LABEL_CHARS = 60


def _label(score: UnitScore, lang: str) -> str:
    """A chart label as the table shows the unit: '3. Sở Y tế', '14= Sở Tư pháp', '— Ban … (không xếp hạng)'."""
    rank = rank_text(score.rank, score.tied, untied=".")
    suffix = "" if score.ranked else f" ({TEXT[lang]['unranked']})"
    return f"{rank} {visible(shorten(score.unit.name, CHART_LABEL_CHARS))}{suffix}"


def _svg(figure: Any, prefix: str, title: str) -> Markup:
    """Render a matplotlib figure to SVG and make it safe to inline several times in one HTML page.

    Text is drawn as glyph outlines (no font needed to view it); the XML prolog, metadata (with its
    links) and comments are dropped; ids are prefixed so two charts never share an id. The one user
    text left as text is TITLE (the accessible name and tooltip), escaped here: so the result is
    `Markup`, which the report's templates insert as it is.
    """
    import matplotlib
    from markupsafe import Markup

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": prefix}):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = svg.replace("xlink:href=", "href=")
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r"\n\s*", "\n", svg)
    svg = svg.replace("<svg", f'<svg class="chart" role="img" aria-label="{e(title)}"', 1)
    return Markup(svg.replace(">", f"><title>{e(title)}</title>", 1))


def _bar_chart_svg(
    units: list[UnitScore], mean: Decimal | None, decimals: int, lang: str, prefix: str, title: str
) -> Markup:
    """Horizontal bars of the published index per unit, in published order, with the group mean marked."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    text = TEXT[lang]
    labels = [_label(u, lang) for u in units]
    values = [float(u.published_index or 0) for u in units]
    colours = [_BAR if u.rank is not None else _BAR_UNRANKED for u in units]
    figure = Figure(figsize=(10, 0.34 * len(units) + 1.3))
    axes = figure.add_subplot()
    positions = list(range(len(units)))
    axes.barh(positions, values, color=colours, height=0.7)
    axes.set_yticks(positions, labels, fontsize=9)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(text["bar_axis"])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:g}".replace(".", "," if lang == "vi" else ".")))
    for position, unit in zip(positions, units, strict=True):
        value = format_number(unit.published_index, decimals, lang)
        colour = _BAR if unit.rank is not None else _BAR_UNRANKED
        box = {"facecolor": colour, "edgecolor": "none", "pad": 1.0}
        end = float(unit.published_index or 0)
        axes.text(end - 0.8, position, value, va="center", ha="right", color="white", fontsize=8, bbox=box, zorder=4)
    if mean is not None:
        label = text["bar_mean"].format(mean=format_number(mean, decimals, lang))
        axes.axvline(float(mean), color=_MEAN, linestyle="--", linewidth=1.5, label=label, zorder=3)
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#e2e8f0", linewidth=0.6)
    axes.set_axisbelow(True)
    figure.tight_layout()
    return _svg(figure, prefix, title)


def _histogram_svg(
    units: list[UnitScore], mean: Decimal | None, decimals: int, lang: str, prefix: str, title: str
) -> Markup:
    """How many units fall in each one-point band of the published index, with the group mean marked."""
    import numpy as np
    from matplotlib.figure import Figure

    text = TEXT[lang]
    values = np.array([float(u.published_index or 0) for u in units])
    low = min(float(np.floor(values.min())), 99.0)  # at least one band, even when every unit has 100
    figure = Figure(figsize=(10, 4.2))
    axes = figure.add_subplot()
    axes.hist(values, bins=np.arange(low, 101, 1.0).tolist(), color=_BAR, edgecolor="white", linewidth=0.5)
    axes.set_xlabel(text["bar_axis"])
    axes.set_ylabel(text["hist_axis"])
    if mean is not None:
        label = text["bar_mean"].format(mean=format_number(mean, decimals, lang))
        axes.axvline(float(mean), color=_MEAN, linestyle="--", linewidth=1.5, label=label, zorder=3)
        axes.legend(loc="upper left", frameon=False, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#e2e8f0", linewidth=0.6)
    axes.set_axisbelow(True)
    figure.tight_layout()
    return _svg(figure, prefix, title)


def _domain_boxes_svg(units: list[UnitScore], result: GroupResult, lang: str, prefix: str, title: str) -> Markup:
    """One box per domain: the spread of the units' domain indices (quartiles, median, lowest, highest)."""
    from matplotlib.figure import Figure

    text = TEXT[lang]
    domains = result.group.domains
    columns: list[list[float]] = [[] for _ in domains]
    for unit in units:
        nodes = unit.domains
        for column, domain in zip(columns, domains, strict=True):
            node = nodes.get(domain.code)
            if node is not None and node.index is not None:
                column.append(float(node.index))
    figure = Figure(figsize=(max(6.0, 0.95 * len(domains) + 3.0), 4.2))
    axes = figure.add_subplot()
    axes.boxplot(columns, whis=(0, 100), widths=0.6, patch_artist=True, boxprops={"facecolor": "#c6e3b5"})
    axes.set_xticks(range(1, len(domains) + 1), [visible(d.code) for d in domains])
    axes.set_xlabel(text["heat_axis"])
    axes.set_ylabel(text["bar_axis"])
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#e2e8f0", linewidth=0.6)
    figure.tight_layout()
    return _svg(figure, prefix, title)


#: The lowest index of every heat map's colour scale (the highest is 100): one fixed scale for every
#: group and every report, so one colour means one value wherever it is printed (the caption says so).
HEAT_SCALE_LOW = 0.0


def _heatmap_svg(
    units: list[UnitScore], result: GroupResult, decimals: int, lang: str, prefix: str, title: str
) -> Markup:
    """Units × domains, each cell the domain index (points ÷ maximum), annotated with the published value."""
    import numpy as np
    from matplotlib.figure import Figure

    text = TEXT[lang]
    domains = result.group.domains
    # each unit's domain scores, worked out once (a unit's `domains` divides afresh on every access)
    nodes = [[scores.get(domain.code) for domain in domains] for scores in (unit.domains for unit in units)]
    values = np.full((len(units), len(domains)), np.nan)
    for i, row in enumerate(nodes):
        for j, node in enumerate(row):
            if node is not None and node.index is not None:
                values[i, j] = float(node.index)
    low = HEAT_SCALE_LOW
    figure = Figure(figsize=(max(6.0, 0.95 * len(domains) + 4.2), 0.34 * len(units) + 1.6))
    axes = figure.add_subplot()
    masked = np.ma.masked_invalid(values)
    image = axes.imshow(masked, cmap="YlGn", vmin=low, vmax=100, aspect="auto")
    axes.set_xticks(range(len(domains)), [visible(d.code) for d in domains], fontsize=9)
    axes.xaxis.tick_top()
    axes.xaxis.set_label_position("top")
    axes.set_xlabel(text["heat_axis"])
    axes.set_yticks(range(len(units)), [_label(u, lang) for u in units], fontsize=9)
    for i, row in enumerate(nodes):
        for j, node in enumerate(row):
            if node is None or node.index is None:
                axes.text(j, i, "—", ha="center", va="center", fontsize=7, color="#4a5568")
                continue
            share = (values[i, j] - low) / (100 - low)
            axes.text(
                j,
                i,
                format_number(node.index, decimals, lang),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if share > 0.6 else "#1a202c",
            )
    colourbar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
    colourbar.set_label(text["bar_axis"])
    figure.tight_layout()
    return _svg(figure, prefix, title)
