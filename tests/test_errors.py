"""The error model: one catalogue of problem codes, parameters declared per code, every field in JSON,
one base exception, and an InvalidInput that says what is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import MINI_SELF, REPO, write_folder
from parindex import i18n, i18n_tools
from parindex.assessment import load_assessment
from parindex.details import UnknownUnit
from parindex.excel import TooLargeForExcel
from parindex.messages import MESSAGES
from parindex.numbers import NumberError
from parindex.problems import ERROR, WARNING, InvalidInput, ParindexError, Problem, Report, Words
from parindex.templates import TemplateError
from parindex.writing import OutputError

FIELDS = re.compile(r"\{(\w+)\}")
#: Fields every problem has; a template may use them without declaring them.
PROBLEM_FIELDS = {"value", "column"}


# -- the catalogue ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_a_template_uses_exactly_the_parameters_its_code_declares(code: str):
    spec = MESSAGES[code]
    used = set(FIELDS.findall(spec.template))
    assert used - PROBLEM_FIELDS <= set(spec.params), f"{code}: template uses undeclared {used - set(spec.params)}"
    assert set(spec.params) <= used, f"{code}: declares {set(spec.params) - used}, which no template shows"


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_reads_in_vietnamese_with_the_same_fields(code: str):
    template = MESSAGES[code].template
    vietnamese = i18n.gettext(template, "vi")
    assert vietnamese != template
    assert set(FIELDS.findall(vietnamese)) == set(FIELDS.findall(template))


def test_the_catalogue_holds_every_code_template():
    catalog = i18n_tools.read_po(i18n_tools.po_path("vi"))
    missing = [code for code, spec in MESSAGES.items() if not (catalog.get(spec.template) or None)]
    assert missing == []


def test_a_problem_with_a_parameter_its_code_does_not_declare_is_refused():
    with pytest.raises(ValueError, match="problem code 'unknown-unit' takes no parameter detail"):
        Problem("unknown-unit", "self-assessment.csv", value="X", params={"detail": "?"})
    with pytest.raises(ValueError, match="problem code 'empty-file' takes no parameter expected, maximum"):
        Problem("empty-file", "units.csv", params={"maximum": 3, "expected": 2})


def test_the_readme_lists_exactly_the_catalogue():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Validation codes", 1)[1].split("\n### ", 1)[0]
    assert set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", section)) == set(MESSAGES)


def test_every_code_is_reported_somewhere_in_the_source():
    sources = [
        path.read_text(encoding="utf-8")
        for path in (REPO / "src" / "parindex").rglob("*.py")
        if path.name not in ("messages.py", "problems.py")
    ]
    unused = [code for code in MESSAGES if not any(f'"{code}"' in source for source in sources)]
    assert unused == []


# -- a problem as JSON -----------------------------------------------------------------------------------
def test_to_dict_has_every_field_with_params_in_the_message_language():
    problem = Problem(
        "too-large",
        "survey.csv",
        row=3,
        severity=WARNING,
        params={"detail": Words(en="line 3 is 2.0 MiB long", vi="dòng 3 dài 2,0 MiB"), "expected": "1 MiB"},
    )
    assert problem.to_dict("vi") == {
        "code": "too-large",
        "file": "survey.csv",
        "row": 3,
        "column": None,
        "value": None,
        "message": "Tệp quá lớn để đọc: dòng 3 dài 2,0 MiB; parindex chỉ đọc tối đa 1 MiB (xem mục 'Giới hạn' trong "
        "README). Kiểm tra lại đúng tệp chưa, hoặc chia nhỏ tệp.",
        "severity": "warning",
        "params": {"detail": "dòng 3 dài 2,0 MiB", "expected": "1 MiB"},
    }
    assert problem.to_dict("en")["params"] == {"detail": "line 3 is 2.0 MiB long", "expected": "1 MiB"}


def test_a_cut_value_says_so_in_both_languages():
    problem = Problem("unknown-unit", "self-assessment.csv", row=2, column="unit_id", value="x" * 1000)
    assert problem.value_chars == 1000
    assert problem.message("en").endswith(
        f" (The value is shown cut to its first {len(problem.value) - 1} of 1,000 characters.)"
    )
    assert problem.message("vi").endswith(
        f" (Giá trị được rút gọn: chỉ hiển thị {len(problem.value) - 1} ký tự đầu trong tổng số 1.000 ký tự.)"
    )


# -- exceptions ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", [InvalidInput, OutputError, TooLargeForExcel, TemplateError, UnknownUnit, NumberError])
def test_every_library_exception_is_a_parindex_error(kind: type):
    assert issubclass(kind, ParindexError)


def _two_errors(tmp_path: Path) -> Path:
    rows = MINI_SELF.replace("A,1.2,3,", "A,1.2,x,").replace("B,1.2,2,", "B,1.2,y,")
    return write_folder(tmp_path / "f", self_assessment=rows)


def test_invalid_input_says_what_is_wrong_in_the_current_language(tmp_path: Path):
    folder = _two_errors(tmp_path)
    previous = i18n.set_lang("vi")
    try:
        with pytest.raises(InvalidInput) as raised:
            load_assessment(folder)
    finally:
        i18n.set_lang(previous)
    assert str(raised.value) == (
        "2 lỗi trong dữ liệu đầu vào; lỗi đầu tiên: self-assessment.csv dòng 4, cột score: 'x' không phải điểm số: "
        "ghi số thập phân bằng các chữ số 0–9, như 0,75 hoặc 0.75 (tối đa 6 chữ số thập phân), hoặc KAD."
    )
    assert len(raised.value.report.errors) == 2
    english = InvalidInput(raised.value.report, "en")
    assert str(english) == (
        "2 errors in the input; the first: self-assessment.csv row 4, column score: 'x' is not a score: write a "
        "decimal with the digits 0–9, such as 0.75 or 0,75 (at most 6 decimals), or N/A."
    )


def test_invalid_input_with_one_error_without_a_row():
    report = Report([Problem("missing-file", "units.csv", params={"detail": "units.csv"})])
    assert str(InvalidInput(report, "en")) == (
        "1 error in the input: units.csv: File not found: units.csv. Create it, or check its name and where it is."
    )
    assert report.problems[0].severity == ERROR
