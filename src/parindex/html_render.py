"""The HTML report's Jinja2 environment: the templates in ``parindex/html/``, every printed value escaped.

Why Jinja2: the report's markup lives in templates that read as HTML, while Python only computes
what to show (the words from the catalogue, the numbers formatted, the charts drawn). Why these
settings: autoescape is on, so a value can reach the page only escaped or as `Markup` (the charts'
SVG, a macro's output); a misspelt name in a template is an error (`StrictUndefined`), never an
empty cell. Every printed value passes through `finalize`, which shows control characters as their
escapes and escapes the way the report always has (`html_text.e`): the bytes of a report do not
depend on which library laid it out, and a unit named ``<script>`` stays text.

Jinja2 is imported only here and only when a report is rendered: ``parindex --help`` stays light.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .html_text import e

if TYPE_CHECKING:  # pragma: no cover
    from jinja2 import Environment


@dataclass(frozen=True)
class Chart:
    """A chart as the report shows it: a heading, the inline SVG (trusted, generated) and a caption."""

    title: str
    svg: Markup
    caption: str


def escaped(value: Any) -> Markup:
    """VALUE as the page shows it: markup kept as it is, anything else escaped by the report's one rule."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(e(value))


@cache
def environment() -> Environment:
    """The one environment, built on first use (templates compiled once per process)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("parindex", "html"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escaped,
        trim_blocks=True,  # a line holding only a {% tag %} leaves no line in the page
        lstrip_blocks=True,
        keep_trailing_newline=True,  # the document ends with a newline, as the file always did
        auto_reload=False,
    )


def render(name: str, **context: Any) -> str:
    """Template NAME (in ``parindex/html/``) laid out with CONTEXT."""
    return environment().get_template(name).render(context)
