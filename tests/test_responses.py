"""Survey points from questionnaire answers (issue 14, item 5): survey-responses.csv and [survey].

Every expected number is worked by hand in the test's comment: a leaf's points are its maximum
times the mean weight of the unit's answers to it, rounded half-up once at survey_decimals.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook

from conftest import EXAMPLE, invoke
from hostile.cases_responses import SURVEY_TABLE, responses_folder
from parindex.assessment import load_assessment, validate_folder
from parindex.explain import explain_unit
from parindex.framework import load_framework
from parindex.framework_survey import answer_key
from parindex.inputs.responses import survey_points
from parindex.output import results_to_dict
from parindex.problems import Problem
from parindex.scoring import score_assessment

# A: leaf 2.2 (maximum 2) answered A, A, B, C, D (weights 1, 1, 0.6, 0.2, 0): sum 2.8, mean 0.56 -> 1.12;
#    leaf 1.3 (maximum 3) answered A, B: mean 0.8 -> 2.4.            A's survey total 3.52.
# B: leaf 1.3 answered A, D, D (1 + 0 + 0) / 3 = 0.333… -> 3 × 1/3 = 1 exactly;
#    leaf 2.2 answered B, B, C: (0.6 + 0.6 + 0.2) / 3 = 0.4666… -> 2 × 0.4666… = 0.9333… -> 0.93.
HAND = """\
unit_id,code,respondent,answer
A,2.2,1,A
A,2.2,2,A
A,2.2,3,B
A,2.2,4,C
A,2.2,5,D
A,1.3,1,A
A,1.3,2,B
B,1.3,1,A
B,1.3,2,D
B,1.3,3,D
B,2.2,1,B
B,2.2,2,B
B,2.2,3,C
"""


def problems(folder: Path) -> list[tuple[str, str, int | None, str | None, str | None]]:
    return [(p.code, p.file, p.row, p.column, p.value) for p in validate_folder(folder).problems]


def scores(folder: Path) -> dict[str, dict]:
    rows = results_to_dict(score_assessment(load_assessment(folder)))["rows"]
    return {row["unit_id"]: row for row in rows}


def first(folder: Path, code: str) -> Problem:
    return next(p for p in validate_folder(folder).problems if p.code == code)


def test_points_are_the_maximum_times_the_mean_weight(tmp_path: Path):
    folder = responses_folder(tmp_path / "f", HAND)
    assert validate_folder(folder).problems == []
    rows = scores(folder)
    # A: 1.12 + 2.4 = 3.52 survey; appraisal 2 + 1.5 + 3 + 4.5 (appraised 2.1) = 11; total 14.52 of 20
    assert (rows["A"]["survey_total"], rows["A"]["total"], rows["A"]["index"]) == (3.52, 14.52, 72.6)
    # B: 1 + 0.93 = 1.93 survey; appraisal 2 + 2 + 2 + 5 = 11; total 12.93
    assert (rows["B"]["survey_total"], rows["B"]["total"]) == (1.93, 12.93)


def test_the_library_function_rounds_half_up_once_exactly():
    weights = np.array([[2_800_000, 3_000_000, 1_000_000, 2_000_000]], dtype=np.int64)  # sums of weights
    respondents = np.array([[5, 8, 3, 3]], dtype=np.int64)
    maxima = np.array([2_000_000, 3_000_000, 2_000_000, 3_000_000], dtype=np.int64)
    # 2 × 2.8/5 = 1.12; 3 × 3/8 = 1.125 -> 1.13 (half-up, not to even); 2 × 1/3 = 0.666… -> 0.67; 3 × 2/3 = 2
    assert survey_points(weights, respondents, maxima, 2).tolist() == [[1_120_000, 1_130_000, 670_000, 2_000_000]]
    assert survey_points(weights, respondents, maxima, 1).tolist() == [[1_100_000, 1_100_000, 700_000, 2_000_000]]
    assert survey_points(weights, respondents * 0, maxima, 2).tolist() == [[0, 0, 0, 0]]
    # a maximum finer than the precision is never exceeded: 0.125 × 1 rounds to 0.13 but stays 0.125
    assert survey_points(np.array([1_000_000]), np.array([1]), np.array([125_000]), 2).tolist() == [125_000]


def test_a_unit_at_the_rounding_boundary_is_rounded_half_up(tmp_path: Path):
    # A's 1.3 (maximum 3): A, A, A, D, D, D, D, D -> 3/8 = 0.375 -> 1.125 exactly -> 1.13 (half to even: 1.12)
    rows = "".join(f"A,1.3,{r},{a}\n" for r, a in enumerate("AAADDDDD", start=1))
    rows += "A,2.2,1,A\nB,1.3,1,A\nB,2.2,1,A\n"
    folder = responses_folder(tmp_path / "f", "unit_id,code,respondent,answer\n" + rows)
    assert scores(folder)["A"]["survey_total"] == 3.13  # 1.13 + 2
    document = explain_unit(load_assessment(folder), "A")
    leaf = next(leaf for leaf in document["leaves"] if leaf["code"] == "1.3")
    assert (leaf["points"], leaf["responses"]["unrounded_points"], leaf["responses"]["exact"]) == (1.13, 1.125, True)


def test_survey_decimals_sets_the_rounding_of_survey_points(tmp_path: Path):
    folder = responses_folder(tmp_path / "f", HAND, survey="min_respondents = 2\nsurvey_decimals = 1\n")
    # A: 1.12 -> 1.1, 2.4; B: 1, 0.9333… -> 0.9
    rows = scores(folder)
    assert (rows["A"]["survey_total"], rows["B"]["survey_total"]) == (3.5, 1.9)


def test_a_blank_answer_is_not_answered_and_not_counted(tmp_path: Path):
    # A's 2.2: A and two blanks -> one respondent, mean 1 -> 2 points (not 2 × 1/3)
    text = "unit_id,code,respondent,answer\nA,2.2,1,A\nA,2.2,2,\nA,2.2,3,\nA,1.3,1,A\nB,1.3,1,A\nB,2.2,1,B\n"
    folder = responses_folder(tmp_path / "f", text)
    assert scores(folder)["A"]["survey_total"] == 5
    record = next(leaf for leaf in explain_unit(load_assessment(folder), "A")["leaves"] if leaf["code"] == "2.2")
    assert (record["responses"]["respondents"], record["responses"]["blank"]) == (1, 2)


def test_answers_are_matched_without_case_spaces_or_brackets_and_may_be_words(tmp_path: Path):
    survey = 'answers = { "Rất hài lòng" = 1, "Hài lòng" = 0.75, "Bình thường" = "0,5", "Không hài lòng" = 0 }\n'
    text = (
        "Mã đơn vị,Mã câu hỏi,Phiếu số,Phương án\n"
        "A,2.2,1,rất  hài lòng\nA,2.2,2, HÀI LÒNG \nA,2.2,3,Bình thường\nA,2.2,4,Không hài lòng\n"
        "A,1.3,1,Hài lòng\nB,1.3,1,Rất hài lòng\nB,2.2,1,Hài lòng.\n"
    )
    folder = responses_folder(tmp_path / "f", text, raw=f"\n[survey]\n{survey}")
    rows = scores(folder)
    # A: 2 × (1 + 0.75 + 0.5 + 0) / 4 = 1.125 -> 1.13; 3 × 0.75 = 2.25. B: 3 + 1.5
    assert (rows["A"]["survey_total"], rows["B"]["survey_total"]) == (3.38, 4.5)
    assert [answer_key(t) for t in ("a)", "(A)", "A.", " a ")] == ["a"] * 4


def test_an_xlsx_twin_with_a_title_block_scores_the_same(tmp_path: Path):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG NĂM 2024"])
    sheet.append([])
    sheet.append(["STT", "Mã đơn vị", "Mã tiêu chí", "Mã phiếu", "Đáp án"])
    for number, line in enumerate(HAND.splitlines()[1:], start=1):
        unit, code, respondent, answer = line.split(",")
        sheet.append([number, unit, float(code), int(respondent), answer])
    folder = responses_folder(tmp_path / "xlsx", None)
    book.save(folder / "survey-responses.xlsx")
    twin = responses_folder(tmp_path / "csv", HAND)
    assert scores(folder) == scores(twin)
    notes = [(p.code, p.file, p.row) for p in validate_folder(folder).notes]
    assert ("rows-skipped", "survey-responses.xlsx", 1) in notes


def test_every_wrong_row_is_located_in_the_responses_file(tmp_path: Path):
    text = (
        "unit_id,code,respondent,answer\n"
        "A,2.2,1,A\n"  # 2
        "A,2.2,1,B\n"  # 3: respondent 1 again
        "A,2.2,2,E\n"  # 4: not an answer
        "Z,1.3,1,A\n"  # 5: no such unit
        "B,1.1,1,A\n"  # 6: a parent
        "B,1.1.1,1,A\n"  # 7: an appraisal leaf
        "B,9.9,1,A\n"  # 8: no such criterion
        "B,2.2,,A\n"  # 9: no respondent
        "A,1.3,1,A\nB,1.3,1,A\n"
    )
    folder = responses_folder(tmp_path / "f", text)
    label = "survey-responses.csv"
    assert problems(folder) == [
        ("missing-value", label, 9, "respondent", None),
        ("unknown-unit", label, 5, "unit_id", "Z"),
        ("unknown-answer", label, 4, "answer", "E"),
        ("unknown-criterion", label, 8, "code", "9.9"),
        ("not-a-leaf", label, 6, "code", "1.1"),
        ("not-survey-criterion", label, 7, "code", "1.1.1"),
        ("duplicate-answer", label, 3, "respondent", "1"),
    ]
    wrong = first(folder, "unknown-answer")
    assert wrong.message("en") == (
        "'E' is not one of the answers the framework weighs (A, B, C, D): correct it, or leave the cell blank if "
        "the respondent did not answer."
    )
    assert wrong.message("vi") == (
        "'E' không phải là một phương án trả lời có trọng số trong bộ chỉ số (A, B, C, D): hãy sửa lại, hoặc để "
        "trống ô nếu người trả lời không trả lời câu này."
    )
    twice = first(folder, "duplicate-answer")
    assert twice.message("en") == (
        "Respondent '1' answered criterion 2.2 of unit 'A' twice in this file (first at row 2); keep one row."
    )
    assert twice.message("vi") == (
        "Người trả lời '1' trả lời tiêu chí 2.2 của đơn vị 'A' hai lần trong tệp này (lần đầu ở dòng 2); chỉ giữ "
        "một dòng."
    )


def test_vietnamese_headers_are_quoted_as_written(tmp_path: Path):
    text = "Mã đơn vị,Mã câu hỏi,Người trả lời,Trả lời\nA,2.2,P1,X\nA,1.3,P1,A\nB,1.3,P1,A\nB,2.2,P1,A\n"
    folder = responses_folder(tmp_path / "f", text)
    assert problems(folder) == [("unknown-answer", "survey-responses.csv", 2, "Trả lời", "X")]


def test_too_few_respondents_counts_per_unit_and_criterion(tmp_path: Path):
    # min 3: A has 3 answers to 2.2 but 2 to 1.3 (one blank): one error, for 1.3; B has 3 and 3
    text = "unit_id,code,respondent,answer\n" + "".join(
        f"{unit},{code},{r},{answer}\n"
        for unit, code, answers in (("A", "2.2", "ABC"), ("A", "1.3", "AB "), ("B", "1.3", "ABC"), ("B", "2.2", "DDD"))
        for r, answer in enumerate(answers.replace(" ", "_"), start=1)
    ).replace(",_\n", ",\n")
    folder = responses_folder(tmp_path / "f", text, survey="min_respondents = 3\n")
    assert problems(folder) == [("too-few-respondents", "survey-responses.csv", None, "respondent", "A")]
    few = first(folder, "too-few-respondents")
    assert few.params == {"count": 2, "code": "1.3", "minimum": 3}
    assert few.message("en") == (
        "Unit 'A' has 2 respondent(s) with an answer to criterion 1.3; the framework asks for at least 3 "
        "(min_respondents). Add the missing questionnaires, or check the unit ids and codes."
    )
    assert few.message("vi") == (
        "Đơn vị 'A' chỉ có 2 người trả lời tiêu chí 1.3; bộ chỉ số yêu cầu ít nhất 3 người (min_respondents). "
        "Hãy bổ sung các phiếu còn thiếu, hoặc kiểm tra lại mã đơn vị và mã tiêu chí."
    )


def test_a_criterion_without_answers_is_a_missing_score_of_the_responses_file(tmp_path: Path):
    folder = responses_folder(tmp_path / "f", "unit_id,code,respondent,answer\nA,2.2,1,A\nA,1.3,1,A\nB,1.3,1,A\n")
    assert problems(folder) == [("missing-score", "survey-responses.csv", None, "score", "B")]


def test_survey_scores_and_answers_together_are_refused(tmp_path: Path):
    folder = responses_folder(tmp_path / "f", HAND)
    (folder / "survey.csv").write_text(SURVEY_TABLE, encoding="utf-8")
    assert problems(folder) == [("survey-and-responses", "survey-responses.csv", None, None, None)]
    both = first(folder, "survey-and-responses")
    assert both.message("en") == (
        "The folder has both survey.csv and survey-responses.csv: the survey's points come either from survey "
        "scores or from questionnaire answers, not both. Remove or rename one of them."
    )
    assert "Thư mục có cả survey.csv và survey-responses.csv" in both.message("vi")


def test_answers_without_weights_in_the_framework_are_refused(tmp_path: Path):
    folder = responses_folder(tmp_path / "f", HAND, survey=None)
    assert problems(folder) == [("responses-without-answers", "survey-responses.csv", 1, None, None)]
    assert "framework/framework.toml" in first(folder, "responses-without-answers").message("en")
    assert "answers = { A = 1, B = 0.6" in first(folder, "responses-without-answers").message("vi")


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("[survey]\n", [("survey", None)]),
        ("[survey]\nanswers = {}\n", [("survey.answers", None)]),
        ('[survey]\nanswers = "A"\n', [("survey.answers", "A")]),
        (
            '[survey]\nanswers = { A = 1.5, B = "x", C = true, D = -0.1, E = 0.1234567, F = "0,25", " f " = 1 }\n',
            [
                ("survey.answers.A", "1.5"),
                ("survey.answers.B", "x"),
                ("survey.answers.C", "True"),
                ("survey.answers.D", "-0.1"),
                ("survey.answers.E", "0.1234567"),
                ("survey.answers. f ", " f "),
            ],
        ),
        (
            "[survey]\nanswers = { A = 1 }\nmin_respondents = 0\nsurvey_decimals = 7\nmin_respondent = 3\n",
            [("survey.min_respondent", None), ("survey.min_respondents", "0"), ("survey.survey_decimals", "7")],
        ),
    ],
)
def test_a_wrong_survey_table_is_a_located_framework_error(tmp_path: Path, table: str, expected: list):
    folder = responses_folder(tmp_path / "f", HAND, survey=None, raw=table)
    found = validate_folder(folder).errors
    assert [(p.code, p.file, p.column, p.value) for p in found] == [
        ("framework-invalid", "framework/framework.toml", column, value) for column, value in expected
    ]


def test_a_weight_error_names_the_answer_in_both_languages(tmp_path: Path):
    folder = responses_folder(tmp_path / "f", HAND, survey=None, raw="[survey]\nanswers = { A = 1.5 }\n")
    problem = validate_folder(folder).errors[0]
    assert problem.message("en") == (
        "Framework problem: answer 'A' = 1.5: a weight is a number from 0 to 1 with at most 6 decimals, such as 0.6."
    )
    assert problem.message("vi").endswith(
        "phương án 'A' = 1.5: trọng số là một số từ 0 đến 1, tối đa 6 chữ số thập phân, như 0.6."
    )


def test_weights_are_exact_decimals(tmp_path: Path):
    folder = responses_folder(tmp_path / "f", HAND, survey="min_respondents = 2\n", raw=None)
    settings = load_framework(folder / "framework").survey
    assert [(a.key, a.weight) for a in settings.answers] == [
        ("A", Decimal(1)),
        ("B", Decimal("0.6")),
        ("C", Decimal("0.2")),
        ("D", Decimal(0)),
    ]
    assert (settings.min_respondents, settings.decimals) == (2, 2)


def test_explain_shows_the_answers_in_json_and_in_the_table(runner, tmp_path: Path):
    folder = responses_folder(tmp_path / "f", HAND)
    result = invoke(runner, "explain", folder, "A", "--format", "json")
    assert result.exit_code == 0, result.output
    leaf = next(leaf for leaf in json.loads(result.stdout)["leaves"] if leaf["code"] == "2.2")
    assert leaf["points"] == 1.12
    assert leaf["responses"] == {
        "answers": [
            {"answer": "A", "weight": 1.0, "count": 2},
            {"answer": "B", "weight": 0.6, "count": 1},
            {"answer": "C", "weight": 0.2, "count": 1},
            {"answer": "D", "weight": 0.0, "count": 1},
        ],
        "blank": 0,
        "respondents": 5,
        "min_respondents": 1,
        "weight_sum": 2.8,
        "mean_weight": 0.56,
        "unrounded_points": 1.12,
        "exact": True,
        "decimals": 2,
    }
    table = invoke(runner, "explain", folder, "B")
    assert "Answers: A 1 · B 0 · C 0 · D 2; 3 respondents" in table.output
    assert "mean weight 1 ÷ 3 ≈ 0.333333; points 3 × 0.333333 ≈ 1 → 1.00 (rounded to 2 decimal(s))" in table.output
    vietnamese = runner.invoke(__import__("parindex.cli", fromlist=["app"]).app, ["explain", str(folder), "A"])
    assert "Phiếu trả lời: A 2 · B 1 · C 1 · D 1; 5 người trả lời" in vietnamese.output
    assert "trọng số bình quân 2,8 ÷ 5 = 0,56; điểm 2 × 0,56 = 1,12 → 1,12" in vietnamese.output


def test_validate_names_the_responses_file_and_outputs_may_not_take_its_name(runner, tmp_path: Path):
    folder = responses_folder(tmp_path / "f", HAND)
    summary = invoke(runner, "validate", folder)
    assert "survey-responses.csv" in summary.output and "13" in summary.output
    refused = invoke(runner, "score", folder, "--format", "csv", "--out", folder / "Survey-Responses.csv")
    assert refused.exit_code == 2
    assert not (folder / "Survey-Responses.csv").exists()


def test_the_lai_chau_example_is_unchanged(tmp_path: Path):
    assessment = load_assessment(EXAMPLE)
    assert assessment.responses is None
    assert assessment.framework.survey.answers == ()
    document = explain_unit(assessment, "SNV")
    assert not any("responses" in leaf for leaf in document["leaves"])


def test_no_english_in_the_vietnamese_explanation_and_report(tmp_path: Path):
    from test_i18n import assert_vietnamese, folder_data, run

    valid = responses_folder(tmp_path / "valid", HAND)
    for args in (("explain", valid, "B"), ("explain", valid, "A", "--format", "json")):
        code, output = run(*args)
        assert code == 0, output
        assert_vietnamese(" ".join(map(str, args)), output, folder_data(valid))
    broken = responses_folder(tmp_path / "broken", HAND + "A,2.2,1,E\nZ,1.1.1,1,A\n", survey="min_respondents = 4\n")
    code, output = run("validate", broken)
    assert code == 1
    assert_vietnamese("validate", output, folder_data(broken))


def test_units_may_be_named_and_a_blank_respondent_is_one_problem(tmp_path: Path):
    text = (
        "Tên đơn vị,Mã câu hỏi,Phiếu số,Phương án\n"
        "Sở An,2.2,,A\nSở An,2.2,,B\n"  # rows 2, 3: no respondent (not also a duplicate)
        "Sở An,1.3,1,A\nsở bình,1.3,1,B\nSở Bình,2.2,1,C\n"
    )
    folder = responses_folder(tmp_path / "f", text)
    assert problems(folder) == [
        ("missing-value", "survey-responses.csv", 2, "Phiếu số", None),
        ("missing-value", "survey-responses.csv", 3, "Phiếu số", None),
    ]
