"""Scoring levels, bonus and penalty points, the index cap and an optional survey (issue 14, items 2-4).

A small framework is written in tmp: domain 1 (appraisal 1.1 with levels 0; 0,5; 1; 2, appraisal 1.2,
and a bonus leaf 1.3 inside the domain), domain 2 (two survey leaves), a bonus block 3 and a penalty
block 4. Its maximum is 10 (domain 1: 6, domain 2: 4; bonus and penalty are not counted). Every
expected value below is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLE, invoke
from parindex.assessment import load_assessment, validate_folder
from parindex.cli import app
from parindex.framework import load_framework
from parindex.output import results_to_csv, results_to_dict
from parindex.scoring import score_assessment

CRITERIA = [
    ["code", "label", "name", "max_points", "method", "levels"],
    ["1", "I", "Chỉ đạo, điều hành", "6", "", ""],
    ["1.1", "1", "Kế hoạch CCHC", "2", "appraisal", "0;0,5;1;2"],
    ["1.2", "2", "Báo cáo CCHC", "4", "appraisal", ""],
    ["1.3", "3", "Sáng kiến", "1", "điểm thưởng", ""],
    ["2", "II", "Tác động", "4", "", ""],
    ["2.1", "1", "Hài lòng về thủ tục", "2", "survey", ""],
    ["2.2", "2", "Hài lòng về công chức", "2", "survey", ""],
    ["3", "III", "Điểm thưởng", "2", "bonus", ""],
    ["4", "IV", "Điểm trừ", "1", "điểm trừ", ""],
]

TOML = """id = "thu-nghiem"
title = "Bộ chỉ số thử nghiệm"
decimals = 2
{cap}
source_file = "phu-luc.xlsx"
source_sha256 = "{sha}"

[groups.so]
name = "Sở, ban, ngành"
criteria = "so.csv"

[survey]
optional = {optional}
"""

UNITS = [
    ["unit_id", "name", "group"],
    ["A", "Sở A", "so"],
    ["B", "Sở B", "so"],
    ["C", "Sở C", "so"],
    ["D", "Sở D", "so"],
]

SELF = [
    ["A", "1.1", "2"],
    ["A", "1.2", "4"],
    ["A", "1.3", "1"],
    ["A", "3", "2"],
    ["B", "1.1", "1"],
    ["B", "1.2", "3"],
    ["B", "3", "0,5"],
    ["B", "4", "1"],
    ["C", "1.1", "0,5"],
    ["C", "1.2", "2,5"],
    ["C", "3", "1"],
    ["D", "1.1", "0"],
    ["D", "1.2", "0"],
    ["D", "4", "1"],
]
APPRAISAL = [["C", "3", "0,5", "chỉ một phần được công nhận"]]
SURVEY = [
    ["A", "2.1", "2"],
    ["A", "2.2", "2"],
    ["B", "2.1", "2"],
    ["B", "2.2", "1,5"],
    ["D", "2.1", "0"],
    ["D", "2.2", "0"],
]


def _csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def make_folder(
    root: Path,
    *,
    cap: str = "index_cap = 100",
    optional: str = "true",
    self_rows: list[list[str]] | None = None,
    survey: list[list[str]] | None = None,
    criteria: list[list[str]] | None = None,
) -> Path:
    """The framework in ROOT/fw and an assessment in ROOT/2024 using it."""
    framework = root / "fw"
    framework.mkdir(parents=True, exist_ok=True)
    (framework / "framework.toml").write_text(TOML.format(cap=cap, optional=optional, sha="ab" * 32), encoding="utf-8")
    _csv(framework / "so.csv", criteria or CRITERIA)
    folder = root / "2024"
    folder.mkdir(exist_ok=True)
    (folder / "parindex.toml").write_text('year = 2024\nframework = "../fw"\n', encoding="utf-8")
    _csv(folder / "units.csv", UNITS)
    _csv(folder / "self-assessment.csv", [["unit_id", "code", "score"], *(self_rows or SELF)])
    _csv(folder / "appraisal.csv", [["unit_id", "code", "score", "note"], *APPRAISAL])
    _csv(folder / "survey.csv", [["unit_id", "code", "score"], *(SURVEY if survey is None else survey)])
    return folder


def _rows(folder: Path) -> dict[str, dict[str, object]]:
    document = results_to_dict(score_assessment(load_assessment(folder)))
    return {row["unit_id"]: row for row in document["rows"]}  # type: ignore[misc]


# -- the framework ------------------------------------------------------------------------------------
def test_framework_reads_labels_levels_methods_cap_survey_and_source(tmp_path: Path) -> None:
    make_folder(tmp_path)
    framework = load_framework(tmp_path / "fw")
    group = framework.groups["so"]
    assert group.nodes["1"].label == "I" and group.nodes["1.1"].label == "1"
    assert group.nodes["1.1"].levels == (Decimal(0), Decimal("0.5"), Decimal(1), Decimal(2))
    assert [group.nodes[c].method for c in ("1.3", "3", "4")] == ["bonus", "bonus", "penalty"]
    # bonus and penalty are not in the maximum: domain 1 is 1.1 + 1.2 = 6, the blocks 3 and 4 are no domains
    assert [d.code for d in group.domains] == ["1", "2"]
    assert group.max_points == Decimal(10)
    assert framework.index_cap == Decimal(100) and framework.survey.optional is True
    assert (framework.source_file, framework.source_sha256) == ("phu-luc.xlsx", "ab" * 32)


def test_index_cap_defaults_to_100_and_false_means_none(tmp_path: Path) -> None:
    make_folder(tmp_path, cap="")
    assert load_framework(tmp_path / "fw").index_cap == Decimal(100)
    make_folder(tmp_path, cap="index_cap = false")
    assert load_framework(tmp_path / "fw").index_cap is None


@pytest.mark.parametrize(
    ("change", "column", "value", "detail"),
    [
        (("1.1", 5, "0;0,5;3"), "levels", "0; 0.5; 3", "every level of 1.1 must be between 0 and its maximum 2"),
        (("1.1", 5, "0;x"), "levels", "0;x", "'x' in levels is not a number; write the allowed scores as 0;0,5;1"),
        (("1", 5, "0;1"), "levels", "0; 1", "1 has sub-criteria, so it has no levels (levels go on leaves)"),
        (("4", 4, "phạt"), "method", "phạt", "leaf 4 needs method 'appraisal', 'survey', 'bonus' or 'penalty'"),
    ],
)
def test_framework_errors_are_located(
    tmp_path: Path, change: tuple[str, int, str], column: str, value: str, detail: str
) -> None:
    criteria = [list(row) for row in CRITERIA]
    code, position, text = change
    row = next(i for i, r in enumerate(criteria) if r[0] == code)
    criteria[row][position] = text
    folder = make_folder(tmp_path, criteria=criteria)
    problems = [p for p in validate_folder(folder).errors if p.code == "framework-invalid"]
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [("fw/so.csv", row + 1, column, value)]
    assert problems[0].message("en") == f"Framework problem: {detail}."


def test_a_domain_holding_a_bonus_leaf_sums_its_other_children(tmp_path: Path) -> None:
    criteria = [list(row) for row in CRITERIA]
    criteria[1][3] = "7"  # 1.1 + 1.2 + the bonus 1.3: the bonus is not part of the domain's maximum
    folder = make_folder(tmp_path, criteria=criteria)
    problems = validate_folder(folder).errors
    assert [(p.code, p.row, p.value, p.params["expected"]) for p in problems] == [
        ("framework-sum-mismatch", 2, "1", "6")
    ]


# -- scoring ------------------------------------------------------------------------------------------
def test_bonus_penalty_cap_and_optional_survey_hand_worked(tmp_path: Path) -> None:
    rows = _rows(make_folder(tmp_path))
    got = {
        uid: tuple(
            row[k]
            for k in (
                "appraisal_total",
                "survey_total",
                "bonus_total",
                "penalty_total",
                "total",
                "max_points",
                "points_lost",
                "index",
                "rank",
                "survey_used",
            )
        )
        for uid, row in rows.items()
    }
    assert got == {
        # 2 + 4 appraisal, 2 + 2 survey, bonus 1 + 2: total 13 over 10 = 130 %, capped at 100
        "A": (6.0, 4.0, 3.0, 0.0, 13.0, 10.0, 0.0, 100.0, 1, True),
        # 1 + 3, 2 + 1.5, bonus 0.5, penalty 1: 7.5 + 0.5 - 1 = 7 over 10; lost 10 - 7.5 + 1 = 3.5
        "B": (4.0, 3.5, 0.5, 1.0, 7.0, 10.0, 3.5, 70.0, 2, True),
        # no survey row at all: 0.5 + 2.5 over the appraisal maximum 6; bonus self 1, appraised 0.5:
        # 3.5 / 6 = 58.333… -> 58.33
        "C": (3.0, 0.0, 0.5, 0.0, 3.5, 6.0, 3.0, 58.33, 3, False),
        # nothing scored, penalty 1: total -1, the index stops at 0
        "D": (0.0, 0.0, 0.0, 1.0, -1.0, 10.0, 11.0, 0.0, 4, True),
    }


def test_exact_index_is_capped_too(tmp_path: Path) -> None:
    results = score_assessment(load_assessment(make_folder(tmp_path)))
    scores = {s.unit.unit_id: s for s in results.groups["so"].units}
    assert scores["A"].index == Decimal(100)
    assert scores["D"].index == Decimal(0)
    assert scores["C"].index == Decimal("3.5") * 100 / 6
    # the group mean is over the capped indices: (100 + 70 + 58.333… + 0) / 4
    assert results.groups["so"].mean_index == (Decimal(100) + 70 + Decimal("3.5") * 100 / 6) / 4


def test_without_a_cap_the_index_passes_100(tmp_path: Path) -> None:
    rows = _rows(make_folder(tmp_path, cap="index_cap = false"))
    assert (rows["A"]["index"], rows["A"]["rank"]) == (130.0, 1)  # 13 / 10
    assert rows["D"]["index"] == 0.0


def test_a_cap_above_100(tmp_path: Path) -> None:
    rows = _rows(make_folder(tmp_path, cap="index_cap = 105"))
    assert rows["A"]["index"] == 105.0


def test_domains_leave_bonus_and_penalty_out(tmp_path: Path) -> None:
    rows = _rows(make_folder(tmp_path))
    # A's domain 1: 1.1 + 1.2 = 6 of 6 (its bonus 1.3 is not in it); domain 2: 4 of 4
    assert (rows["A"]["index_1"], rows["A"]["index_2"]) == (100.0, 100.0)
    # C had no survey: domain 2 has no maximum, so no index
    assert (rows["C"]["index_1"], rows["C"]["index_2"]) == (50.0, None)
    assert "index_3" not in rows["A"] and "index_4" not in rows["A"]


def test_bonus_and_penalty_never_missing(tmp_path: Path) -> None:
    report = validate_folder(make_folder(tmp_path))
    assert report.errors == []


def test_strict_survey_by_default(tmp_path: Path) -> None:
    report = validate_folder(make_folder(tmp_path, optional="false"))
    missing = [(p.code, p.value, p.params["detail"]) for p in report.errors]
    assert missing == [("missing-score", "C", "2.1"), ("missing-score", "C", "2.2")]


def test_optional_survey_some_but_not_all_is_still_an_error(tmp_path: Path) -> None:
    survey = [*SURVEY, ["C", "2.1", "1"]]
    report = validate_folder(make_folder(tmp_path, survey=survey))
    assert [(p.code, p.file, p.value, p.params["detail"]) for p in report.errors] == [
        ("missing-score", "survey.csv", "C", "2.2")
    ]


def test_optional_survey_without_a_survey_file(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "survey.csv").unlink()
    rows = _rows(folder)
    # nobody has a survey: every index is appraisal (+ bonus - penalty) over 6
    assert {uid: (row["index"], row["survey_used"]) for uid, row in rows.items()} == {
        "A": (100.0, False),  # (6 + 3) / 6, capped
        "B": (58.33, False),  # (4 + 0.5 - 1) / 6 = 58.333…
        "C": (58.33, False),  # 3.5 / 6
        "D": (0.0, False),
    }
    assert (rows["B"]["rank"], rows["C"]["rank"]) == (2, 2)  # tied at 58.33: both rank 2


# -- scoring levels -----------------------------------------------------------------------------------
def test_not_a_level_is_located_in_both_languages(tmp_path: Path) -> None:
    self_rows = [list(r) for r in SELF]
    self_rows[4][2] = "0,75"  # B's 1.1: the levels are 0, 0.5, 1 and 2
    folder = make_folder(tmp_path, self_rows=self_rows)
    (problem,) = validate_folder(folder).errors
    assert (problem.code, problem.file, problem.row, problem.column, problem.value) == (
        "not-a-level",
        "self-assessment.csv",
        6,
        "score",
        "0,75",
    )
    assert problem.message("en") == (
        "Score 0,75 is not one of the levels of criterion 1.1: 0; 0.5; 1; 2. Choose one of these scores."
    )
    assert problem.message("vi") == (
        "Điểm 0,75 không phải là một trong các mức điểm của tiêu chí 1.1: 0; 0,5; 1; 2. Hãy chọn một trong các mức này."
    )


def test_an_appraisal_not_a_level_and_an_out_of_range_score_is_not_also_not_a_level(tmp_path: Path) -> None:
    self_rows = [list(r) for r in SELF]
    self_rows[0][2] = "3"  # A's 1.1 above its maximum 2: out-of-range only
    folder = make_folder(tmp_path, self_rows=self_rows)
    (folder / "appraisal.csv").write_text("unit_id,code,score,note\nC,1.1,1.5,x\n", encoding="utf-8")
    problems = validate_folder(folder).errors
    assert [(p.code, p.file, p.row) for p in problems] == [
        ("out-of-range", "self-assessment.csv", 2),
        ("not-a-level", "appraisal.csv", 2),
    ]


# -- outputs ------------------------------------------------------------------------------------------
def test_csv_has_the_new_columns_after_the_survey(tmp_path: Path) -> None:
    text = results_to_csv(score_assessment(load_assessment(make_folder(tmp_path))))
    header = text.splitlines()[0].split(",")
    assert header[:12] == [
        "year",
        "group",
        "rank",
        "unit_id",
        "name",
        "ranked",
        "self_total",
        "appraisal_total",
        "survey_total",
        "bonus_total",
        "penalty_total",
        "survey_used",
    ]


def test_json_header_says_the_cap(tmp_path: Path) -> None:
    document = results_to_dict(score_assessment(load_assessment(make_folder(tmp_path))))
    assert document["index_cap"] == 100.0


def test_example_has_none_of_the_new_keys() -> None:
    document = results_to_dict(score_assessment(load_assessment(EXAMPLE)))
    assert "index_cap" not in document
    assert not {"bonus_total", "penalty_total", "survey_used"} & set(document["rows"][0])


# -- property -----------------------------------------------------------------------------------------
_SCORE = st.sampled_from(["0", "0,5", "1", "2"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    a11=_SCORE,
    a12=st.integers(0, 4),
    bonus=st.integers(0, 2),
    penalty=st.integers(0, 1),
    survey=st.one_of(st.none(), st.integers(0, 2)),
    cap=st.sampled_from(["index_cap = 100", "index_cap = 90", ""]),
)
def test_index_within_0_and_the_cap(
    tmp_path_factory: pytest.TempPathFactory, a11: str, a12: int, bonus: int, penalty: int, survey: int | None, cap: str
) -> None:
    root = tmp_path_factory.mktemp("prop")
    rows = [["A", "1.1", a11], ["A", "1.2", str(a12)], ["A", "3", str(bonus)], ["A", "4", str(penalty)]]
    rows += [[u, c, "0"] for u in "BCD" for c in ("1.1", "1.2")]
    survey_rows = [] if survey is None else [["A", c, str(survey)] for c in ("2.1", "2.2")]
    folder = make_folder(root, cap=cap, self_rows=rows, survey=survey_rows)
    (folder / "appraisal.csv").write_text("unit_id,code,score,note\n", encoding="utf-8")
    (score,) = [s for s in score_assessment(load_assessment(folder)).groups["so"].units if s.unit.unit_id == "A"]
    limit = Decimal(90) if "90" in cap else Decimal(100)
    assert score.index is not None and Decimal(0) <= score.index <= limit
    assert score.published_index is not None and Decimal(0) <= score.published_index <= limit
    points = Decimal(a11.replace(",", ".")) + a12 + (0 if survey is None else 2 * survey) + bonus - penalty
    maximum = Decimal(6 if survey is None else 10)
    assert score.index == min(max(points * 100 / maximum, Decimal(0)), limit)


def test_json_cli_equals_library(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from parindex.manifest import manifest_of

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the manifest's time: the same in both
    folder = make_folder(tmp_path)
    result = invoke(runner, "score", folder, "--format", "json", "--lang", "en")
    assessment = load_assessment(folder)
    assert json.loads(result.stdout) == results_to_dict(score_assessment(assessment), "en", manifest_of(assessment))


def test_validate_table_says_not_a_level_in_vietnamese(tmp_path: Path, runner: CliRunner) -> None:
    self_rows = [list(r) for r in SELF]
    self_rows[4][2] = "0,75"
    folder = make_folder(tmp_path, self_rows=self_rows)
    result = runner.invoke(app, ["validate", str(folder)], env={"COLUMNS": "250", "PARINDEX_LANG": "vi"})
    assert result.exit_code == 1
    assert (
        "Dòng 6, cột score: Điểm 0,75 không phải là một trong các mức điểm của tiêu chí 1.1: 0; 0,5; 1; 2. "
        "Hãy chọn một trong các mức này. (not-a-level)"
    ) in result.output


# -- the template -------------------------------------------------------------------------------------
def test_template_offers_the_levels_as_a_drop_down(tmp_path: Path) -> None:
    import openpyxl

    from parindex.templates import template_workbook

    make_folder(tmp_path)
    sheet = template_workbook(load_framework(tmp_path / "fw"), "so", "B", lang="vi").worksheets[0]
    # bonus and penalty leaves are self-assessed: they are in the sheet; survey leaves are not
    assert [sheet.cell(row=r, column=2).value for r in range(2, 7)] == ["1.1", "1.2", "1.3", "3", "4"]
    found = {str(v.sqref): (v.type, v.formula1) for v in sheet.data_validations.dataValidation}
    assert found == {
        "F2": ("list", '"0,0.5,1,2,KAD"'),
        # the general check keeps the other rows, its formula moved to its new first cell
        "F3:F6": ("custom", 'OR(AND(ISNUMBER(F3),F3>=0,F3<=$D3),UPPER(TRIM(F3))="N/A",UPPER(TRIM(F3))="KAD")'),
    }
    (listed,) = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert listed.error == "Chọn một trong các mức điểm của tiêu chí: 0; 0,5; 1; 2, hoặc KAD / N/A."
    # filled in with a level (a number) and saved, the sheet reads back as the unit's self-assessment
    folder = tmp_path / "2024"
    (folder / "self-assessment.csv").unlink()
    (folder / "self-assessment").mkdir()
    for r, value in zip(range(2, 7), [0.5, 3, 1, 2, 0], strict=True):
        sheet.cell(row=r, column=6, value=value)
    workbook = sheet.parent
    workbook.save(folder / "self-assessment" / "B.xlsx")
    for unit in "ACD":
        rows = [["code", "score"], *([c, s] for u, c, s in SELF if u == unit)]
        _csv(folder / "self-assessment" / f"{unit}.csv", rows)
    assert openpyxl.load_workbook(folder / "self-assessment" / "B.xlsx").worksheets[0]["F2"].value == 0.5
    rows = _rows(folder)
    # B: 0.5 + 3 appraisal, survey 2 + 1.5, bonus 1 + 2, no penalty: 10 over 10 = 100 %
    assert (rows["B"]["appraisal_total"], rows["B"]["bonus_total"], rows["B"]["index"]) == (3.5, 3.0, 100.0)


# -- every output that shows totals -------------------------------------------------------------------
def test_explain_shows_bonus_penalty_and_the_survey_left_out(tmp_path: Path, runner: CliRunner) -> None:
    from parindex.explain import explain_unit

    document = explain_unit(load_assessment(make_folder(tmp_path)), "C")
    unit = document["unit"]
    assert (unit["bonus_total"], unit["penalty_total"], unit["survey_used"], unit["index"]) == (0.5, 0.0, False, 58.33)
    assert document["points_lost"] == 3.0  # 6 - (3 + 0 - 0): the bonus does not reduce it
    bonus = next(leaf for leaf in document["leaves"] if leaf["code"] == "3")
    assert (bonus["method"], bonus["self_score"], bonus["appraised_score"], bonus["points"], bonus["points_lost"]) == (
        "bonus",
        1.0,
        0.5,
        0.5,
        0.0,
    )
    assert (bonus["max_counted"], bonus["source"], bonus["note"]) == (0.0, "appraisal", "chỉ một phần được công nhận")
    text = runner.invoke(app, ["explain", str(tmp_path / "2024"), "C"], env={"COLUMNS": "200", "PARINDEX_LANG": "vi"})
    assert "Chỉ số tính không có điều tra xã hội học: điểm thẩm định trên điểm tối đa phần thẩm định" in text.output
    assert "Chỉ số thấp nhất là 0 và cao nhất là 100 %." in text.output
    assert "Thưởng" in text.output and "Trừ" in text.output


def test_penalty_leaf_in_explain_loses_its_points(tmp_path: Path) -> None:
    from parindex.explain import explain_unit

    document = explain_unit(load_assessment(make_folder(tmp_path)), "B")
    penalty = next(leaf for leaf in document["leaves"] if leaf["code"] == "4")
    assert (penalty["points"], penalty["points_lost"], penalty["max_counted"]) == (-1.0, 1.0, 0.0)
    assert document["points_lost"] == 3.5  # the unit's own points_lost: 10 - (4 + 3.5 - 1)


def test_terminal_html_workbook_and_word_show_the_columns_and_the_notes(tmp_path: Path, runner: CliRunner) -> None:
    import docx
    import openpyxl

    folder = make_folder(tmp_path)
    env = {"COLUMNS": "200", "PARINDEX_LANG": "vi"}
    shown = runner.invoke(app, ["score", str(folder)], env=env).output
    assert "Sở C (*)" in shown and "(*) Chỉ số tính không có điều tra xã hội học" in shown
    assert "Điểm thưởng được cộng và điểm trừ được trừ sau điểm các tiêu chí" in shown
    out = tmp_path / "out"
    out.mkdir()
    args = ["export", str(folder), "--xlsx", str(out / "a.xlsx"), "--docx", str(out / "a.docx")]
    assert runner.invoke(app, args, env=env).exit_code == 0
    assert runner.invoke(app, ["report", str(folder), "--html", str(out / "r.html")], env=env).exit_code == 0
    sheet = openpyxl.load_workbook(out / "a.xlsx").worksheets[0]
    header = [cell.value for cell in sheet[4]]
    assert header[4:11] == [
        "Điểm điều tra XHH",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Điểm tối đa",
        "Điểm bị mất",
        "Chỉ số CCHC (%)",
    ]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    assert rows["Sở C"][5:13] == (
        0.5,
        0,
        3.5,
        6,
        3,
        58.33,
        3,
        "(*)",
    )  # bonus, penalty, total, max, lost, index, rank, note
    assert rows["Sở D"][5:11] == (0, 1, -1, 10, 11, 0)
    mean_row = next(
        row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1] == "Chỉ số trung bình của nhóm"
    )
    assert mean_row[10] == 57.08  # under the index: (100 + 70 + 58.33… + 0) / 4 = 57.083…
    table = docx.Document(str(out / "a.docx")).tables[1]
    assert [c.text for c in table.rows[0].cells][2:8] == [
        "Điểm tự đánh giá",
        "Điểm thẩm định",
        "Điểm điều tra XHH",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
    ]
    assert [c.text for c in table.rows[3].cells][:2] == ["3", "Sở C (*)"]
    html = (out / "r.html").read_text(encoding="utf-8")
    assert '<th scope="col">Điểm thưởng</th><th scope="col">Điểm trừ</th>' in html
    assert "Sở C (*)" in html and "(*) Chỉ số tính không có điều tra xã hội học" in html


def test_a_self_score_not_a_level_is_not_also_compared_with_the_appraisal(tmp_path: Path) -> None:
    self_rows = [list(r) for r in SELF]
    self_rows[4][2] = "0,75"  # B's 1.1: not a level (an error) ...
    folder = make_folder(tmp_path, self_rows=self_rows)
    (folder / "appraisal.csv").write_text("unit_id,code,score,note\nB,1.1,1,\n", encoding="utf-8")
    report = validate_folder(folder)
    # ... so the council's 1 without a reason is no "changed without a note" warning on top of it
    assert [p.code for p in report.errors] == ["not-a-level"]
    assert [p.code for p in report.warnings] == []


def test_a_units_own_workbook_offers_the_levels_below_its_title_block(tmp_path: Path) -> None:
    """The per-unit workbook (`template FOLDER --out DIR/`) has its header on row 7: the drop-down sits
    on the first criterion's row (8), and the general check keeps the rows below, its formula moved."""
    from parindex.unit_templates import UnitSheet, unit_workbook

    make_folder(tmp_path)
    unit = UnitSheet(unit_id="B", name="Đơn vị B", group="so", year=2024)
    sheet = unit_workbook(load_framework(tmp_path / "fw"), unit, lang="vi").worksheets[0]
    assert [sheet.cell(row=r, column=2).value for r in range(8, 13)] == ["1.1", "1.2", "1.3", "3", "4"]
    found = {str(v.sqref): (v.type, v.formula1) for v in sheet.data_validations.dataValidation}
    assert found["F8"] == ("list", '"0,0.5,1,2,KAD"')
    (general,) = [key for key, (kind, _) in found.items() if kind == "custom"]
    assert general == "F9:F12"
    assert found[general][1].startswith("OR(OR(AND(ISNUMBER(F9),F9>=0,F9<=$D9)")


def test_the_councils_worksheet_has_the_bonus_and_penalty_rows(tmp_path: Path) -> None:
    """The council appraises bonus and penalty criteria like the others: they are rows of its worksheet."""
    from parindex.appraisal_sheet import worksheet_rows

    folder = make_folder(tmp_path)
    rows = [row for row in worksheet_rows(load_assessment(folder)) if row["unit_id"] == "B"]
    assert [row["code"] for row in rows] == ["1.1", "1.2", "1.3", "3", "4"]
