"""User text is text; one grammar of numbers and codes; framework files where they belong (issue 15, items 3, 8).

Each class of failure has its test: every view shows a hostile name exactly as typed (rich markup,
emoji codes, matplotlib math, terminal escapes); numbers and codes are ASCII digits in every file;
a framework's criteria file outside its folder is refused unless the folder was named on the command
line, and a file that is not a criteria table is quoted no further than its header; very long
framework names and references are answered, never exit 3.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINI_CRITERIA, MINI_UNITS, invoke, write_folder
from hostile.cases_text import HOSTILE_NAME, HOSTILE_NOTE, criteria_not_a_table, hostile_text
from parindex.assessment import load_assessment
from parindex.compare import read_ranking_file
from parindex.display import markup, shorten, visible
from parindex.framework import load_framework
from parindex.numbers import NumberError, is_code, parse_decimal
from parindex.problems import InvalidInput
from parindex.scores import parse_score_array
from parindex.scoring import score_assessment

#: How HOSTILE_NAME must appear everywhere: as typed, its control characters written as escapes.
SHOWN_NAME = "Sở Tài chính [cũ] [/x] :x: $x^$ Ｓở \\x1b[31mđỏ \\u202eRLO"
RAW_CONTROLS = ("\x1b", "\u202e")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_text(tmp_path / "hostile")


def _assert_shown_as_typed(output: str, *texts: str) -> None:
    for text in texts:
        assert text in output, text
    for raw in RAW_CONTROLS:
        assert raw not in output
    assert "❌" not in output  # ':x:' stays ':x:'


# -- 1. user text is text --------------------------------------------------------------------------
def test_display_helpers_by_hand():
    assert visible("a\x1b[31mb\u202ec\x7f\x9b\td\ne") == "a\\x1b[31mb\\u202ec\\x7f\\x9b\td\ne"
    assert visible(None) == "" and visible(2024) == "2024"
    assert markup("Sở [cũ] [/x]") == "Sở \\[cũ] \\[/x]"
    assert shorten("x" * 5000) == "x" * 200 + "…" and shorten("ngắn") == "ngắn"
    from rich.console import Console

    console = Console(emoji=False, highlight=False, width=100, record=True)
    typed = "tên\\ [link=x]y[/link] [@click]z \\[b] :x:"
    console.print(f"[bold]{markup('tên' + chr(92))}[/bold] {markup(typed[5:])}")  # a trailing backslash too
    assert console.export_text() == typed + "\n"


def test_score_table_shows_names_bands_and_title_as_typed(hostile: Path, runner: CliRunner):
    result = invoke(runner, "score", hostile)
    assert result.exit_code == 0, result.output
    _assert_shown_as_typed(result.output, SHOWN_NAME, "[bold]Sở Bình[/bold] $\\frac{1}{2}$", "Bộ [cũ] [/x] :x: $x^$")
    assert "[/x] :x: $x^$" in result.output.split(SHOWN_NAME)[1]  # the band label, on the unit's row
    assert "Framework provenance: [/x] \\x1b[31m" in result.output


def test_explain_shows_names_and_notes_as_typed(hostile: Path, runner: CliRunner):
    result = invoke(runner, "explain", hostile, "A")
    assert result.exit_code == 0, result.output
    _assert_shown_as_typed(result.output, SHOWN_NAME, f"Council: {visible(HOSTILE_NOTE)}", "Bộ [cũ] [/x] :x: $x^$")
    assert "Chỉ đạo [cũ] $x^$ \\x1b[2J" in result.output  # a domain name


def test_criteria_tree_shows_framework_texts_as_typed(hostile: Path, runner: CliRunner):
    result = invoke(runner, "criteria", hostile / "framework")
    assert result.exit_code == 0, result.output
    _assert_shown_as_typed(
        result.output, "1 Chỉ đạo [cũ] $x^$ \\x1b[2J — 10", "Bộ [cũ] [/x] :x: $x^$ — test", "[/x] \\x1b"
    )


def test_compare_shows_names_as_typed(hostile: Path, runner: CliRunner, tmp_path: Path):
    previous = write_folder(tmp_path / "previous")
    result = invoke(runner, "compare", hostile, "--previous", previous)
    assert result.exit_code == 0, result.output
    _assert_shown_as_typed(result.output, SHOWN_NAME)


def test_usage_errors_quote_paths_and_ids_as_typed(hostile: Path, runner: CliRunner, tmp_path: Path):
    missing = invoke(runner, "score", tmp_path / "năm [/x] :x:")
    assert missing.exit_code == 2
    assert "năm [/x] :x:' does not exist" in missing.output
    unknown = invoke(runner, "explain", hostile, "[/x]\x1b[31m")
    assert unknown.exit_code == 2
    assert "unit '[/x]\\x1b[31m' is not in units.csv" in unknown.output
    assert "\x1b" not in unknown.output


def test_html_report_draws_names_as_text_without_warnings(hostile: Path):
    from parindex.html_report import render_report

    results = score_assessment(load_assessment(hostile))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        page = render_report(results, "en")
    assert caught == []
    assert "Sở Tài chính [cũ] [/x] :x: $x^$ Ｓở \\x1b[31mđỏ \\u202eRLO" in page
    assert "<h2>Sở [cũ] \\x1b[31m:x:</h2>" in page  # the group's name
    assert "\x1b" not in page and "\u202e" not in page
    # glyphs are drawn as outlines, one <path id="DejaVuSans-<glyph index>"> per character used: '$' and '^'
    # are drawn as characters (math mode would have consumed them)
    from matplotlib.font_manager import findfont, get_font

    dejavu = get_font(findfont("DejaVu Sans"))
    for char in "$^":
        assert f'id="bar-so-DejaVuSans-{dejavu.get_char_index(ord(char)):x}"' in page


def test_chart_fonts_fall_back_for_full_width_characters_without_warnings():
    from matplotlib import font_manager

    from parindex.html_report import _chart_style, chart_fonts

    installed = {font.name for font in font_manager.fontManager.ttflist}
    fonts = chart_fonts()
    assert fonts[0] == "DejaVu Sans" and set(fonts) <= installed
    if fonts == ("DejaVu Sans",):
        pytest.skip("no fallback font installed (matplotlib < 3.10 has no 'Last Resort')")
    import io

    import matplotlib
    from matplotlib.figure import Figure

    # the fonts alone, without _chart_style's silencing
    with (
        matplotlib.rc_context({"font.family": list(fonts), "text.parse_math": False}),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        figure = Figure()
        figure.add_subplot().set_yticks([0], ["Ｓở 中文"])
        figure.savefig(io.StringIO(), format="svg")
    assert [str(w.message) for w in caught] == []
    with _chart_style():
        assert matplotlib.rcParams["text.parse_math"] is False


def test_report_process_prints_nothing_but_where_it_wrote(hostile: Path, tmp_path: Path):
    out = tmp_path / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "parindex", "report", str(hostile), "--html", str(out)],
        capture_output=True,
        text=True,
        env={"PARINDEX_LANG": "en", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"Wrote {out}\n"


def test_workbooks_hold_names_with_control_characters_as_escapes(hostile: Path, runner: CliRunner, tmp_path: Path):
    from openpyxl import load_workbook

    assert invoke(runner, "export", hostile, "--xlsx", tmp_path / "out.xlsx").exit_code == 0
    workbook = load_workbook(tmp_path / "out.xlsx")  # an ESC in a sheet name made the file unreadable
    assert workbook.sheetnames == ["Annex 1 - Sở cũ 31m x", "Details", "Sources"]
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Annex 1. PAR Index results 2024: Sở [cũ] \\x1b[31m:x:"
    assert SHOWN_NAME in [cell.value for row in sheet.iter_rows() for cell in row]
    template = invoke(runner, "template", hostile / "framework", "--group", "so", "--out", tmp_path / "t.xlsx")
    assert template.exit_code == 0, template.output
    names = [row[2] for row in load_workbook(tmp_path / "t.xlsx").worksheets[0].iter_rows(values_only=True)]
    assert "Ban hành kế hoạch" in names


# -- 2. one grammar of numbers and codes ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [("12", Decimal(12)), ("0,75", Decimal("0.75")), (" 1.5 ", Decimal("1.5")), ("-0.5", Decimal("-0.5"))],
)
def test_numbers_in_ascii_digits_are_read(text: str, value: Decimal):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["١٢", "１２", "۱.۵", "१२", "1.000,5", "1e3", "½", "12\n3"])
def test_numbers_in_other_digits_or_forms_are_refused(text: str):
    with pytest.raises(NumberError):
        parse_decimal(text)


def test_codes_are_dotted_ascii_digits():
    assert [is_code(c) for c in ("3", "3.2", "3.2.1", "1.2.3.4")] == [True] * 4
    assert [is_code(c) for c in ("1.1.１", "١.٢", "1.2.3.4.5", "1..2", "1.2\n", "a")] == [False] * 6


def test_score_cells_follow_the_same_grammar():
    parsed = parse_score_array(["1", "١", "１", "0,5", "N/A"])
    assert parsed.invalid.tolist() == [False, True, True, False, False]
    assert parsed.micro.tolist() == [1_000_000, 0, 0, 500_000, 0]


def _framework_problems(tmp_path: Path, criteria: str = MINI_CRITERIA, bands: str = "") -> list:
    folder = write_folder(tmp_path / "f", criteria=criteria, bands=bands) / "framework"
    with pytest.raises(InvalidInput) as raised:
        load_framework(folder)
    return raised.value.report.errors


def test_a_maximum_in_arabic_indic_digits_is_refused_saying_which_digits(tmp_path: Path):
    problem, *after = _framework_problems(tmp_path, MINI_CRITERIA.replace("1.2,Báo cáo CCHC,3,", "1.2,Báo cáo CCHC,٣,"))
    assert [(p.code, p.value) for p in after] == [("framework-sum-mismatch", "1")]  # 1.2 is left out of domain 1
    assert (problem.code, problem.file, problem.row, problem.column, problem.value) == (
        "invalid-number",
        "framework/criteria.csv",
        6,
        "max_points",
        "٣",
    )
    assert "with the digits 0–9" in problem.message("en")
    assert "bằng các chữ số 0–9" in problem.message("vi")


def test_a_code_with_a_full_width_digit_is_refused_in_both_languages(tmp_path: Path):
    problems = _framework_problems(tmp_path, MINI_CRITERIA.replace("1.1.2,", "1.1.２,"))
    assert [(p.code, p.row, p.column, p.value) for p in problems] == [
        ("framework-invalid", 5, "code", "1.1.２"),
        ("framework-sum-mismatch", 3, "max_points", "1.1"),  # 1.1.２ is left out of 1.1
    ]
    assert problems[0].message("en") == (
        "Framework problem: code '1.1.２' must be dotted whole numbers written with the digits 0–9, such as 3, 3.2 "
        "or 3.2.1 (at most 4 levels)."
    )
    assert "viết bằng chữ số 0–9" in problems[0].message("vi")


def test_a_band_minimum_in_other_digits_is_refused(tmp_path: Path):
    problems = _framework_problems(tmp_path, bands='bands = [{min = "٩٠", label = "Tốt"}]\n')
    assert [(p.code, p.column) for p in problems] == [("framework-invalid", "groups.so.bands")]


def test_ranking_files_follow_the_same_grammar(tmp_path: Path):
    path = tmp_path / "ranking.csv"
    path.write_text('group,unit_id,name,rank,index\nso,A,Sở An,١,"٨٦,٢٩"\nso,B,Sở Bình,2,80\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        read_ranking_file(path)
    problems = raised.value.report.errors
    assert [(p.code, p.row, p.column, p.value) for p in problems] == [
        ("invalid-value", 2, "rank", "١"),
        ("invalid-value", 2, "index", "٨٦,٢٩"),
    ]
    assert all("0–9" in p.message("en") for p in problems)


def test_units_ranked_flag_in_other_digits_is_refused(runner: CliRunner, tmp_path: Path):
    folder = write_folder(tmp_path / "u", units=MINI_UNITS.replace("A,Sở An,so,yes", "A,Sở An,so,١"))
    report = json.loads(invoke(runner, "validate", folder, "--format", "json").stdout)
    assert [(e["code"], e["row"], e["column"], e["value"]) for e in report["errors"]] == [
        ("invalid-value", 2, "ranked", "١")
    ]


# -- 3. framework files where they belong -----------------------------------------------------------
def _point_criteria_at(folder: Path, criteria: str) -> Path:
    toml = folder / "framework" / "framework.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"criteria.csv"', json.dumps(criteria)), encoding="utf-8")
    return folder


def test_a_criteria_file_outside_the_framework_is_refused_for_an_assessment(runner: CliRunner, tmp_path: Path):
    secret = tmp_path / "secret.csv"
    secret.write_text(MINI_CRITERIA.replace("Chỉ đạo điều hành", "TOP-SECRET"), encoding="utf-8")
    for reference in (str(secret), "../../secret.csv"):
        folder = _point_criteria_at(write_folder(tmp_path / "a" / "b"), reference)
        result = invoke(runner, "validate", folder, "--format", "json")
        assert result.exit_code == 1
        report = json.loads(result.stdout)
        assert [(e["code"], e["file"], e["column"], e["value"]) for e in report["errors"]] == [
            ("framework-invalid", "framework/framework.toml", "groups.so.criteria", reference)
        ]
        assert "must be in the framework folder" in report["errors"][0]["message"]
        assert "TOP-SECRET" not in result.output
        with pytest.raises(InvalidInput):
            load_assessment(folder)
        shutil.rmtree(tmp_path / "a")


def test_a_link_in_the_framework_folder_to_a_file_outside_is_refused(tmp_path: Path):
    secret = tmp_path / "secret.csv"
    secret.write_text(MINI_CRITERIA, encoding="utf-8")
    folder = _point_criteria_at(write_folder(tmp_path / "f"), "link.csv")
    (folder / "framework" / "link.csv").symlink_to(secret)
    with pytest.raises(InvalidInput) as raised:
        load_assessment(folder)
    assert [(p.code, p.column, p.value) for p in raised.value.report.errors] == [
        ("framework-invalid", "groups.so.criteria", "link.csv")
    ]


def test_a_framework_named_on_the_command_line_may_keep_its_criteria_elsewhere(runner: CliRunner, tmp_path: Path):
    shared = tmp_path / "shared.csv"
    shared.write_text(MINI_CRITERIA, encoding="utf-8")
    folder = _point_criteria_at(write_folder(tmp_path / "f"), str(shared))
    shown = invoke(runner, "criteria", folder / "framework")
    assert shown.exit_code == 0, shown.output
    assert "1.1.1 Ban hành kế hoạch — 2 appraisal" in shown.output
    template = invoke(runner, "template", folder / "framework", "--group", "so", "--out", tmp_path / "t.csv")
    assert template.exit_code == 0, template.output
    assert load_framework(folder / "framework", allow_outside=True).groups["so"].max_points == Decimal(20)
    with pytest.raises(InvalidInput):
        load_framework(folder / "framework")  # the library's default is the safe one
    # a template for the assessment folder reads the framework its parindex.toml names: refused
    assert invoke(runner, "template", folder, "--group", "so", "--out", tmp_path / "u.csv").exit_code == 1


def test_a_file_that_is_not_a_criteria_table_is_quoted_no_further_than_its_header(runner: CliRunner, tmp_path: Path):
    folder = criteria_not_a_table(tmp_path / "n")
    result = invoke(runner, "validate", folder, "--format", "json")
    errors = json.loads(result.stdout)["errors"]
    assert [(e["code"], e["row"], e["column"]) for e in errors] == [
        ("missing-column", 1, column) for column in ("code", "name", "max_points", "method")
    ]
    assert errors[0]["message"] == (
        "Required column 'code' is missing. Columns found: root:x:0:0:root:/root:/bin/bash."
    )
    assert "SECRET-LINE" not in result.output
    assert "SECRET-LINE" not in invoke(runner, "criteria", folder / "framework").output


# -- 4. long texts from the framework -----------------------------------------------------------------
def test_a_1000_character_framework_name_is_a_missing_framework_not_a_crash(runner: CliRunner, tmp_path: Path):
    folder = write_folder(tmp_path / "f")
    (folder / "parindex.toml").write_text(f'year = 2024\nframework = "{"x" * 1000}"\n', encoding="utf-8")
    result = invoke(runner, "validate", folder, "--format", "json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert error["code"] == "missing-file"
    assert error["file"] == "x" * 80 + "…/framework.toml"
    assert invoke(runner, "criteria", "x" * 5000).exit_code == 1
    long_criteria = _point_criteria_at(write_folder(tmp_path / "g"), "y" * 1000 + ".csv")
    problems = json.loads(invoke(runner, "validate", long_criteria, "--format", "json").stdout)["errors"]
    assert [p["code"] for p in problems] == ["not-a-file"]
    assert problems[0]["message"].startswith("framework/" + "y" * 80 + "… (name too long) is a folder or unreadable")


def test_a_5000_character_path_or_id_on_the_command_line_is_a_usage_error(runner: CliRunner, tmp_path: Path):
    folder = write_folder(tmp_path / "f")
    long = "x" * 5000
    for args in (("score", long), ("validate", long), ("compare", folder, "--previous", long)):
        result = invoke(runner, *args)
        assert result.exit_code == 2, result.output
        assert f"'{'x' * 80}…' cannot be looked up (File name too long)" in " ".join(result.output.split())
    unknown = invoke(runner, "explain", folder, long)
    assert unknown.exit_code == 2
    assert f"unit '{'x' * 80}…' is not in units.csv" in " ".join(unknown.output.split())
    assert invoke(runner, "template", long, "--group", "so", "--out", tmp_path / "t.csv").exit_code == 1


def test_a_5000_character_unit_name_is_cut_on_chart_axes_only(tmp_path: Path):
    from parindex.html_report import _label

    folder = write_folder(tmp_path / "f", units=MINI_UNITS.replace("Sở An", "Sở " * 1700))
    results = score_assessment(load_assessment(folder))
    first = results.groups["so"].units[0]
    assert _label(first, "en") == "1. " + ("Sở " * 20) + "…"
    assert first.unit.name == ("Sở " * 1700).strip()  # the table keeps it whole


def test_hostile_name_constant_matches_the_case():
    assert visible(HOSTILE_NAME) == SHOWN_NAME
