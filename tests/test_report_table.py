"""The validation report an officer reads, its JSON twin, bounded problem lists, and 80-column tables.

Issue 9 items 4-6 and issue 15 item 4: one root cause is one grouped problem ("53 dòng: 5–57"); the
table shows every problem by file, worst first, in Vietnamese by default; JSON keeps one item per
occurrence (up to MAX_LISTED_PER_CODE per code) plus the grouped view; every command's table fits
80 columns without cutting a number or a phrase.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

import parindex.inputs.completeness
import parindex.problems
from conftest import EXAMPLE, MINI_SELF, MINI_UNITS, invoke, write_folder
from parindex.assessment import validate_folder
from parindex.cli import app
from parindex.cli.views import print_report
from parindex.numbers import format_number
from parindex.problems import ERROR, NOTE, WARNING, Problem, Report

PREVIOUS = EXAMPLE.parent / "lai-chau-2022"


def run(*args: str | Path, lang: str = "vi", columns: int = 200) -> tuple[int, str, str]:
    """The CLI in-process: exit code, stdout and stderr, at a given terminal width."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"PARINDEX_LANG": lang, "COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


def rendered(report: Report, lang: str = "vi", width: int = 80) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), highlight=False)
    print_report(report, lang, console)
    return console.export_text()


def flat(text: str) -> str:
    """Text without any whitespace: a message wrapped over several lines still reads the same."""
    return "".join(text.split())


# -- grouping --------------------------------------------------------------------------------------


def rows_report(rows: list[int], values: list[str] | None = None) -> Report:
    report = Report()
    for k, row in enumerate(rows):
        value = values[k] if values else "x"
        report.add(Problem("invalid-number", "self-assessment.csv", row=row, column="Điểm", value=value))
    return report


def test_a_run_of_rows_is_one_problem_with_its_span():
    (group,) = rows_report(list(range(5, 58))).groups()
    assert group.count == 53
    assert group.message("vi") == (
        "53 dòng: 5–57, cột Điểm. Dòng 5: 'x' không phải điểm số: ghi số thập phân bằng các chữ số 0–9, "
        "như 0,75 hoặc 0.75 (tối đa 6 chữ số thập phân), hoặc KAD."
    )
    assert group.message("en").startswith("53 rows: 5–57, column Điểm. Row 5: 'x' is not a score")


def test_scattered_rows_are_named_then_counted_and_differing_values_quoted():
    rows = [5, 9, 12, *range(100, 150)]
    (group,) = rows_report(rows, ["x", "y", *["z"] * 50, "w"]).groups()
    assert group.where("vi") == "Dòng 5, 9, 12, 100, 101 và 48 dòng khác"
    assert group.message("vi").startswith("Dòng 5, 9, 12, 100, 101 và 48 dòng khác, cột Điểm (giá trị: 'x', 'y', 'z'…)")
    (few,) = rows_report([2, 7, 9]).groups()
    assert few.where("vi") == "Dòng 2, 7 và 9"
    assert few.where("en") == "Rows 2, 7 and 9"


def test_one_occurrence_says_row_and_column_then_the_message():
    report = Report()
    params = {"detail": "1", "expected": "2.1.3"}
    problem = Problem("out-of-range", "self-assessment.csv", row=17, column="Điểm", value="5", params=params)
    report.add(problem)
    (group,) = report.groups()
    assert group.message("vi") == (
        "Dòng 17, cột Điểm: Điểm 5 không nằm trong khoảng từ 0 đến 1, điểm tối đa của tiêu chí 2.1.3. "
        "Sửa điểm hoặc mã tiêu chí."
    )


def test_groups_split_by_code_file_column_and_severity():
    report = Report()
    report.add(Problem("missing-value", "units.csv", row=2, column="name"))
    report.add(Problem("missing-value", "units.csv", row=3, column="group"))
    report.add(Problem("missing-value", "survey.csv", row=3, column="group"))
    report.add(Problem("missing-value", "units.csv", row=4, column="name"))
    assert [(g.file, g.column, g.count, g.rows) for g in report.groups()] == [
        ("units.csv", "name", 2, [2, 4]),
        ("units.csv", "group", 1, [3]),
        ("survey.csv", "group", 1, [3]),
    ]


# -- the cap: counted in bulk, built only when listed ------------------------------------------------


@pytest.fixture
def cap_of_three(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(parindex.problems, "MAX_LISTED_PER_CODE", 3)
    monkeypatch.setattr(parindex.inputs.completeness, "MAX_LISTED_PER_CODE", 3)
    return 3


def test_add_many_builds_only_the_listed_occurrences(cap_of_three: int):
    built: list[int] = []

    def make(k: int) -> Problem:
        built.append(k)
        return Problem("unknown-unit", "appraisal.csv", row=k + 2, column="unit_id", value=f"U{k}")

    report = Report()
    report.add_many(1_000_000, make, rows=list(range(2, 1_000_002)))
    assert built == [0, 1, 2, 3]  # three listed, and one example of the rest
    assert len(report.problems) == 3
    assert report.counts() == {ERROR: 1_000_000, WARNING: 0, NOTE: 0}
    (group,) = report.groups()
    assert group.count == 1_000_000
    assert group.where("vi") == "1.000.000 dòng: 2–1000001"
    assert not report.valid


def test_missing_scores_of_many_units_are_counted_not_listed(tmp_path: Path, cap_of_three: int):
    units = "unit_id,name,group\n" + "".join(f"U{i},Sở {i},so\n" for i in range(50))
    folder = write_folder(tmp_path / "f", units=units, self_assessment="unit_id,code,score\n", appraisal=None)
    folder.joinpath("survey.csv").write_text("unit_id,code,score\n", encoding="utf-8")
    document = validate_folder(folder).to_dict("en")
    assert [e["code"] for e in document["errors"]] == ["missing-score"] * 3
    assert [e["value"] for e in document["errors"]] == ["U0", "U0", "U0"]
    assert document["unlisted"] == {"missing-score": 50 * 6 - 3, "no-self-assessment": 50 - 3}
    assert document["counts"] == {"errors": 300, "warnings": 50, "notes": 0}
    assert [(g["code"], g["file"], g["count"]) for g in document["groups"]] == [
        ("missing-score", "self-assessment.csv", 200),
        ("no-self-assessment", "self-assessment.csv", 50),
        ("missing-score", "survey.csv", 100),
    ]
    # the survey group has none listed (the code's three went to the self-assessment): it keeps an example
    assert document["groups"][2]["message"] == (
        "100 times. For example: Unit 'U0' has no score for criterion 1.3 (Khảo sát chỉ đạo); "
        "add a row, or N/A if not applicable."
    )


def test_per_row_checks_keep_rows_beyond_the_cap(tmp_path: Path, cap_of_three: int):
    self_rows = MINI_SELF + "".join(f"Z{i},1.2,1,\n" for i in range(40))
    report = validate_folder(write_folder(tmp_path / "f", self_assessment=self_rows))
    (group,) = [g for g in report.groups() if g.code == "unknown-unit"]
    assert (group.count, group.rows, group.first_row, group.last_row) == (40, [10, 11, 12], 10, 49)
    assert group.message("vi").startswith("40 dòng: 10–49, cột unit_id (giá trị: 'Z0', 'Z1', 'Z2'…). Dòng 10: ")


# -- JSON ---------------------------------------------------------------------------------------------


def test_json_shape_is_pinned(tmp_path: Path):
    self_rows = MINI_SELF.replace("A,1.2,3,", "A,1.2,x,").replace("B,1.2,2,", "B,1.2,y,")
    folder = write_folder(tmp_path / "f", self_assessment=self_rows)
    code, out, _ = run("validate", folder, "--format", "json", lang="en")
    assert code == 1
    document = json.loads(out)
    assert list(document) == ["valid", "files", "errors", "warnings", "notes", "counts", "unlisted", "groups"]
    keys = ["code", "file", "row", "column", "value", "message", "severity", "params"]
    assert [list(e) for e in document["errors"]] == [keys] * 2
    assert [(e["severity"], e["params"]) for e in document["errors"]] == [("error", {})] * 2  # value is a field
    assert document["counts"] == {"errors": 2, "warnings": 0, "notes": 0}
    assert document["unlisted"] == {}
    assert document["groups"] == [
        {
            "code": "invalid-number",
            "severity": "error",
            "file": "self-assessment.csv",
            "column": "score",
            "count": 2,
            "rows": [4, 8],
            "values": ["x", "y"],
            "message": "Rows 4 and 8, column score (values: 'x', 'y'). Row 4: 'x' is not a score: write a decimal "
            "with the digits 0–9, such as 0.75 or 0,75 (at most 6 decimals), or N/A.",
        }
    ]


def test_every_command_prints_the_same_json_report_on_invalid_data(tmp_path: Path):
    folder = write_folder(tmp_path / "f", self_assessment=MINI_SELF.replace("A,1.2,3,", "A,1.2,x,"))
    _, validated, _ = run("validate", folder, "--format", "json")
    _, scored, _ = run("score", folder, "--format", "json")
    assert json.loads(scored) == json.loads(validated)
    assert "groups" in json.loads(scored)


# -- the table ------------------------------------------------------------------------------------------


def test_table_is_by_file_worst_first_in_vietnamese():
    report = Report(checked={"units.csv": 3, "appraisal.csv": 2})
    report.add(Problem("missing-note", "appraisal.csv", row=2, column="note", value="A", severity=WARNING))
    report.add(Problem("unknown-unit", "appraisal.csv", row=3, column="unit_id", value="Q"))
    report.add(Problem("unknown-unit", "appraisal.csv", row=4, column="unit_id", value="Q"))
    report.add(Problem("empty-file", "survey.csv", severity=NOTE))
    text = rendered(report)
    assert "Cảnh báo" in text and "Ghi chú" in text and "Mức độ" in text
    for english in ("error", "warning", "severity", "message", "json", "Problems"):
        assert english not in text
    body = flat(text)
    assert body.index("Lỗi") < body.index(flat("Dòng 3 và 4, cột unit_id")) < body.index(flat("Dòng 2, cột note"))
    assert body.index("appraisal.csv") < body.index(flat("survey.csv")) < body.index(flat("Tệp rỗng"))
    assert "2 lỗi, 1 cảnh báo, 1 ghi chú" in text


def test_summary_lists_each_file_once_and_its_counts_add_up(tmp_path: Path):
    self_rows = MINI_SELF.replace("A,1.2,3,", "A,1.2,x,").replace("B,2.1,5,", "B,2.1,7,")
    units = MINI_UNITS + "C,Sở C,xa,yes\n"
    report = validate_folder(write_folder(tmp_path / "f", self_assessment=self_rows, units=units))
    text = rendered(report, "en", width=100)
    summary = text.split("error(s)")[0].splitlines()
    assert sum("self-assessment.csv" in line for line in summary) == 1
    cells = {line.split()[0]: line.split() for line in summary if line.strip()}
    assert cells["self-assessment.csv"][-3:] == ["2", "0", "0"]
    assert cells["units.csv"][-3:] == ["1", "0", "0"]
    assert cells["Total"][-3:] == ["3", "0", "0"]
    assert "3 error(s), 0 warning(s)" in text


def test_user_text_is_printed_as_written_not_as_markup():
    report = Report()
    report.add(Problem("unknown-unit", "self-assessment/Sở [cũ].csv", row=2, column="unit_id", value="[/x] :x:"))
    text = rendered(report, width=120)
    assert "self-assessment/Sở [cũ].csv" in text
    assert "Mã đơn vị '[/x] :x:' không có trong units.csv" in text


def test_no_self_assessment_warnings_when_the_file_is_missing(tmp_path: Path):
    report = validate_folder(write_folder(tmp_path / "f", self_assessment=None))
    assert [(p.code, p.file) for p in report.problems] == [("missing-file", "self-assessment.csv")]


def test_an_appraisal_of_an_invalid_self_score_is_not_a_second_problem(tmp_path: Path):
    # A's self-score for 2.1 is not a number; the appraisal's 0 without a note must not add
    # "changed from 0" warnings to that one error
    self_rows = MINI_SELF.replace("A,2.1,6,", "A,2.1,sáu,")
    folder = write_folder(tmp_path / "f", self_assessment=self_rows, appraisal="unit_id,code,score,note\nA,2.1,0,\n")
    report = validate_folder(folder)
    assert [(p.code, p.file, p.row) for p in report.problems] == [("invalid-number", "self-assessment.csv", 5)]
    # nor one above its maximum (6): a 3 from the council is not "a large change from 9"
    folder = write_folder(
        tmp_path / "g",
        self_assessment=MINI_SELF.replace("A,2.1,6,", "A,2.1,9,"),
        appraisal="unit_id,code,score,note\nA,2.1,3,x\n",
    )
    assert [(p.code, p.row) for p in validate_folder(folder).problems] == [("out-of-range", 5)]


# -- 80 columns --------------------------------------------------------------------------------------------


def lines_fit(text: str, width: int = 80) -> list[str]:
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= width, "\n".join(lines)
    assert "…" not in text  # rich's mark of a cut cell
    return lines


def whole(value: str, lines: list[str]) -> bool:
    """VALUE appears unbroken on one line, as a cell of its own (not the start of a longer number)."""
    pattern = re.compile(rf"(^|\s){re.escape(value)}(\s|$)")
    return any(pattern.search(line) for line in lines)


@pytest.fixture(scope="module")
def results() -> dict:
    code, out, _ = run("score", EXAMPLE, "--format", "json")
    assert code == 0
    return json.loads(out)


def test_score_table_fits_80_columns(results: dict):
    _, out, _ = run("score", EXAMPLE, columns=80)
    lines = lines_fit(out)
    for row in results["rows"]:
        assert whole(format_number(Decimal(repr(row["index"])), 2, "vi"), lines), row["unit_id"]


@pytest.mark.parametrize("columns", [80, 120])
def test_compare_table_fits_and_keeps_every_phrase(columns: int):
    code, out, _ = run("compare", EXAMPLE, "--previous", PREVIOUS, "--format", "json")
    assert code == 0
    document = json.loads(out)
    _, table, _ = run("compare", EXAMPLE, "--previous", PREVIOUS, columns=columns)
    lines = lines_fit(table, columns)
    for row in document["rows"]:
        assert any(row["phrase"] in line for line in lines), row["phrase"]
        if row["index"] is not None:
            assert whole(format_number(Decimal(repr(row["index"])), 2, "vi"), lines), row["unit_id"]
    if columns == 120:  # room for the signed changes too
        assert whole("+5,84", lines)


def test_explain_table_fits_80_columns():
    code, out, _ = run("explain", EXAMPLE, "SNV", "--format", "json")
    assert code == 0
    document = json.loads(out)
    _, table, _ = run("explain", EXAMPLE, "SNV", columns=80)
    lines = lines_fit(table)
    for domain in document["domains"]:
        assert whole(format_number(Decimal(repr(domain["index"])), 2, "vi"), lines), domain["code"]
    assert whole(format_number(Decimal(repr(document["unit"]["index"])), 2, "vi"), lines)


def test_criteria_tree_fits_80_columns():
    code, out, _ = run("criteria", columns=80)
    assert code == 0
    lines = lines_fit(out)
    assert whole("1.1.1", lines) and whole("3,5", lines)


def test_validate_table_fits_80_columns(tmp_path: Path):
    long_name = "Sở Lao động - Thương binh và Xã hội tỉnh Lai Châu (phiếu tự đánh giá năm 2024)"
    units = MINI_UNITS + f"C,{long_name},xa,yes\n"
    self_rows = MINI_SELF.replace("A,1.2,3,", "A,1.2,x,") + "".join(f"Q{i},2.1,1,\n" for i in range(60))
    folder = write_folder(tmp_path / "f", units=units, self_assessment=self_rows)
    code, _, err = run("validate", folder, columns=80)
    assert code == 1
    lines = err.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    for group in validate_folder(folder).groups():
        assert flat(group.message("vi")) in flat(err)
    assert flat("60 dòng: 10–69, cột unit_id") in flat(err)


def test_the_warning_count_of_a_command_includes_the_unlisted(runner, tmp_path: Path):
    """1,500 appraisal changes without a note: 1,000 listed, 1,500 counted, and `score` says 1,500."""
    from parindex.assessment import load_assessment

    units = "unit_id,name,group,ranked\n" + "".join(f"U{i},Sở {i},so,yes\n" for i in range(1500))
    own = "unit_id,code,score,note\n" + "".join(
        f"U{i},1.1.1,2,\nU{i},1.1.2,2,\nU{i},1.2,3,\nU{i},2.1,6,\n" for i in range(1500)
    )
    appraisal = "unit_id,code,score,note\n" + "".join(f"U{i},2.1,5,\n" for i in range(1500))
    survey = "unit_id,code,score\n" + "".join(f"U{i},1.3,2\nU{i},2.2,3\n" for i in range(1500))
    folder = write_folder(tmp_path / "w", units=units, self_assessment=own, appraisal=appraisal, survey=survey)
    assessment = load_assessment(folder)
    assert (len(assessment.warnings), assessment.warning_count) == (1000, 1500)
    result = invoke(runner, "score", folder, "--format", "csv", "--out", tmp_path / "o.csv")
    assert result.exit_code == 0
    assert "1500 warnings: run 'parindex validate' for details." in result.output
