"""The HTML report's templates (parindex/html/, laid out by Jinja2): escaping, strictness, the pinned layout.

The layout golden file was written by the report before its markup moved into templates, so this test
pins that the move changed no byte (charts aside: their SVG depends on matplotlib's version and is
replaced by a placeholder on both sides; the charts' own tests are in test_report and test_text).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from parindex import __version__
from parindex.assessment import load_assessment
from parindex.compare import load_previous
from parindex.html_render import Chart, environment, escaped, render
from parindex.html_report import render_report
from parindex.manifest import manifest_of
from parindex.publication import Publication
from parindex.scoring import score_assessment
from test_compare import CURRENT, NAMES, PREVIOUS, year_folder

GOLDEN = Path(__file__).parent / "data" / "golden" / "report-layout.html"
TEMPLATES = Path(__file__).parents[1] / "src" / "parindex" / "html"
TRICKY = "Sở Em <b>&</b> 'x' \"y\""


def layout(html: str) -> str:
    """The report with each chart's SVG replaced by a placeholder and the version by a word."""
    html = re.sub(r"<svg .*?</svg>", "<svg/>", html, flags=re.S)
    return html.replace(f"parindex {__version__}", "parindex VERSION")


def report_layout(root: Path, lang: str) -> str:
    """The tiny two years of test_compare with everything a report can carry but the rank intervals."""
    current = year_folder(root / "y2024", 2024, CURRENT, {**NAMES, "E": TRICKY})
    previous = year_folder(root / "y2023", 2023, PREVIOUS)
    assessment = load_assessment(current)
    publication = Publication("694", dt.date(2024, 5, 15), "UBND tỉnh Lai Châu")
    results = score_assessment(assessment)
    return layout(render_report(results, lang, load_previous(previous), publication, manifest_of(assessment)))


def test_the_report_layout_is_the_one_before_the_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the manifest's time
    vi, en = report_layout(tmp_path / "vi", "vi"), report_layout(tmp_path / "en", "en")
    assert vi + en == GOLDEN.read_text(encoding="utf-8")
    assert vi.startswith('<!DOCTYPE html>\n<html lang="vi">\n') and vi.endswith("</body>\n</html>\n")
    assert "Sở Em &lt;b&gt;&amp;&lt;/b&gt; &#x27;x&#x27; &quot;y&quot;" in vi


def test_every_printed_value_is_escaped_by_the_reports_rule():
    # quotes as html.escape writes them, control characters shown as their escapes, never raw
    value = "<a href=\"x\">'&'</a>\x1b[31m\u202e"
    shown = environment().from_string('<p title="{{ v }}">{{ v }}</p>').render(v=value)
    expected = "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;\\x1b[31m\\u202e"
    assert shown == f'<p title="{expected}">{expected}</p>'
    assert escaped(Markup("<svg/>")) == "<svg/>"  # generated markup goes in as it is
    assert escaped(None) == "" and escaped(7) == "7"


def test_a_misspelt_name_in_a_template_is_an_error_not_an_empty_cell():
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("<td>{{ unit.nmae }}</td>").render(unit={"name": "Sở Y tế"})


def test_a_figure_keeps_its_svg_and_escapes_its_words():
    figure = environment().get_template("parts.html.j2").module.figure  # type: ignore[attr-defined]
    chart = Chart("Sở <Y> & tế", Markup('<svg class="chart"><title>x</title></svg>'), "1 < 2")
    assert figure(chart) == (
        '<figure><h3>Sở &lt;Y&gt; &amp; tế</h3><svg class="chart"><title>x</title></svg>'
        "<figcaption>1 &lt; 2</figcaption></figure>"
    )


def test_a_chart_title_stays_text_inside_its_svg():
    from matplotlib.figure import Figure

    from parindex.html_charts import _svg

    title = "<script>alert(\"x\")</script> & 'q'"
    svg = _svg(Figure(figsize=(1, 1)), "bar-so", title)
    assert isinstance(svg, Markup)
    escaped_title = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;"
    assert svg.startswith(f'<svg class="chart" role="img" aria-label="{escaped_title}"')
    assert f"><title>{escaped_title}</title>" in svg
    assert "<script" not in svg


def test_templates_print_values_only_through_the_escaping():
    # a filter (join, format, safe, ...) builds its own Markup, which would skip html_render.escaped
    names = sorted(path.name for path in TEMPLATES.iterdir())
    assert names == ["group.html.j2", "parts.html.j2", "report.css.j2", "report.html.j2", "sources.css.j2"]
    for path in TEMPLATES.iterdir():
        source = path.read_text(encoding="utf-8")
        tags = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", source, flags=re.S)
        assert not [tag for tag in tags if "|" in tag or "autoescape" in tag], path.name
    assert render("report.css.j2").startswith(":root {")  # the style sheet's comment is not shipped


def test_rendering_loads_jinja_but_help_does_not():
    code = (
        "import sys\n"
        "from parindex.cli import app\n"
        "try:\n    app(['report', '--help'], prog_name='parindex')\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted(m for m in ('jinja2', 'markupsafe') if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == "[]"
