"""The HTML report: content, escaping, self-containment, structure, and how a real browser renders it.

The two tiny years of test_compare are reused, so the numbers are the hand-worked ones there; the
current year's group mean is the mean of the ranked units' exact indices:
(95 + 85.5 + 85.5 + 84.65) / 4 = 87.6625 -> 87,66 %.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import invoke
from parindex.assessment import load_assessment
from parindex.compare import load_previous
from parindex.html_report import render_report
from parindex.ranking import tie_rule
from parindex.scoring import score_assessment
from test_compare import CURRENT, NAMES, PREVIOUS, year_folder

# A name that would break the page if it were not escaped.
TRICKY = "Sở Em <b>&</b> 'x'"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source", "track", "embed"}
BANDS = 'bands = [{min = 90, label = "Xuất sắc"}, {min = 80, label = "Tốt"}, {min = 0, label = "Khá"}]\n'
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("report")
    current = year_folder(root / "y2024", 2024, CURRENT, {**NAMES, "E": TRICKY})
    toml = current / "framework" / "framework.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + BANDS, encoding="utf-8")
    return current, year_folder(root / "y2023", 2023, PREVIOUS)


@pytest.fixture(scope="module")
def report_html(folders: tuple[Path, Path]) -> str:
    """Rendered once per module: matplotlib makes each render take a moment."""
    current, previous = folders
    return render_report(score_assessment(load_assessment(current)), "vi", load_previous(previous))


class Structure(HTMLParser):
    """Collects tags, checks nesting, and records ids and resource references."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.counts: dict[str, int] = {}
        self.ids: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name in ("href", "src", "xlink:href", "action", "srcset", "poster", "data") and value:
                self.links.append(value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name in ("href", "src", "xlink:href") and value:
                self.links.append(value)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(document: str) -> Structure:
    parser = Structure()
    parser.feed(document)
    parser.close()
    return parser


def test_report_content(report_html: str):
    parser = parse(report_html)
    text = " ".join(parser.text)
    for name in (*NAMES.values(), TRICKY):
        assert name in text, name
    assert "&lt;b&gt;&amp;&lt;/b&gt; &#x27;x&#x27;" in report_html  # escaped, never markup
    assert "<b>&</b>" not in report_html
    assert "87,66 %" in text  # the group mean, worked out above
    assert tie_rule(2, "vi") in text
    assert "2=" in text  # A and B tie at 85,50
    assert "tăng 5,49 %, tăng 01 bậc" in text and "giảm 5,35 %, giảm 03 bậc" in text
    assert "Sở Dân" in text  # gone since last year: listed, not dropped
    assert "Xuất sắc" in text and "Tốt" in text  # bands column and rule
    assert "Hand-written test fixture." in text  # the framework's provenance
    assert "17,10" in text and "85,50" in text  # Vietnamese decimal commas


def test_report_is_self_contained(report_html: str):
    parser = parse(report_html)
    # only links within the page, and images embedded as data (matplotlib embeds the heat map's cells)
    assert all(link.startswith(("#", "data:image/png;base64,")) for link in parser.links), parser.links
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:|//)", report_html, re.I)
    assert not re.search(r"url\(\s*[\"']?\s*(https?:|//)", report_html, re.I)
    assert "@import" not in report_html
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        assert parser.counts.get(tag, 0) == 0, tag


def test_report_structure(report_html: str):
    parser = parse(report_html)
    assert report_html.startswith("<!DOCTYPE html>")
    assert not parser.errors and not parser.stack, (parser.errors, parser.stack)
    for tag in ("html", "head", "body"):
        assert parser.counts.get(tag) == 1, tag
    assert report_html.split("</head>")[0].count("<title>") == 1  # the charts have their own <title>s
    assert parser.counts["table"] == 1 and parser.counts["thead"] == 1 and parser.counts["tfoot"] == 1
    assert parser.counts["svg"] == 2  # bar chart and heat map for the one group
    assert len(parser.ids) == len(set(parser.ids)), "ids repeat between the inline charts"
    assert '<html lang="vi">' in report_html and '<meta charset="utf-8">' in report_html


def test_report_cli_writes_and_refuses_inputs(folders: tuple[Path, Path], runner: CliRunner, tmp_path: Path):
    current, previous = folders
    out = tmp_path / "report.html"
    result = invoke(runner, "report", current, "--html", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "Group mean index" in text and "Change since" not in text
    units = current / "units.csv"
    before = units.read_bytes()
    refused = invoke(runner, "report", current, "--html", units, "--previous", previous)
    assert refused.exit_code == 2 and units.read_bytes() == before
    last_year = previous / "units.csv"
    before = last_year.read_bytes()
    refused = invoke(runner, "report", current, "--html", last_year, "--previous", previous)
    assert refused.exit_code == 2 and last_year.read_bytes() == before


def test_cli_import_stays_light():
    code = "import sys, parindex.cli; print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_report_in_headless_chromium(report_html: str, tmp_path: Path):
    """A real browser renders the tables and the inline SVG charts from a file:// URL, offline."""
    browser = chromium()
    if browser is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    page = tmp_path / "report.html"
    page.write_text(report_html, encoding="utf-8")
    flags = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(
        [*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=False
    ).stdout
    assert dom.count("<svg") == 2 and "<table" in dom and "</html>" in dom
    assert "tăng 5,49 %, tăng 01 bậc" in dom and "Sở Công" in dom
    shot = tmp_path / "report.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1400,3000", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.is_file() and shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000


def test_large_groups_get_distributions_instead_of_a_bar_per_unit(monkeypatch):
    """Above CHART_MAX_UNITS a group's figures are a histogram and one box per domain (national scale)."""
    from conftest import EXAMPLE
    from parindex import html_report

    results = score_assessment(load_assessment(EXAMPLE))  # 20 sở, 8 huyện, all with an index
    monkeypatch.setattr(html_report, "CHART_MAX_UNITS", 10)
    html = render_report(results, "vi")
    so, huyen = html.split('id="group-huyen"')
    assert "Phân bố chỉ số CCHC — " in so and 'id="hist-so-' in so and 'id="box-so-' in so
    assert "20 đơn vị: quá nhiều để vẽ mỗi đơn vị một thanh" in so and 'id="bar-so-' not in so
    assert 'id="bar-huyen-' in huyen and 'id="heat-huyen-' in huyen and "Phân bố" not in huyen
    assert parse(html).counts["svg"] == 4
