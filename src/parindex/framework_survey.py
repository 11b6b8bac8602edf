"""The framework's ``[survey]`` table: how questionnaire answers become survey points.

Provincial survey software weighs each option of a question (``A = 1, B = 0.6, C = 0.2, D = 0``)
and takes a criterion's points as its maximum times the mean weight of the answers. A framework
that publishes its survey that way says so here::

    [survey]
    answers = { A = 1, B = 0.6, C = 0.2, D = 0 }   # or { "Rất hài lòng" = 1, "Hài lòng" = 0.75, … }
    min_respondents = 30                           # per unit and criterion; default 1
    survey_decimals = 2                            # survey points rounded half-up; default `decimals`

Why a module of its own: the table is read once with the framework and checked like its other keys
(every problem is a located ``framework-invalid``), but only the responses reader uses it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .numbers import SCALE_DIGITS, NumberError, parse_decimal, to_micro
from .problems import Problem, Report, Words

#: The keys of [survey]: `optional` belongs to the "survey optional" feature (a unit indexed without survey).
KNOWN_KEYS = ("answers", "min_respondents", "survey_decimals", "optional")


def answer_key(text: str) -> str:
    """An answer as compared: NFC, no case, spaces collapsed, without the brackets or dot around an
    option letter ('a)', '(A)', 'A.' are all 'a'). Framework keys and file cells are folded alike."""
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return folded.strip(".()").strip()


@dataclass(frozen=True)
class Answer:
    """One option of the questionnaire: its key as the framework writes it and its exact weight."""

    key: str
    weight: Decimal

    @property
    def micro(self) -> int:
        """The weight in millionths (weights have at most six decimals, like scores)."""
        return to_micro(self.weight)


@dataclass(frozen=True)
class SurveySettings:
    """The parsed [survey] table. No ``answers``: survey points come only from survey.csv.

    ``decimals`` None means the framework's own ``decimals`` (a framework built by hand in Python).
    ``optional``: a unit without any survey score is indexed on its appraisal points over the
    appraisal maximum (where the survey is not run for it), instead of every survey criterion being
    missing.
    """

    answers: tuple[Answer, ...] = ()
    min_respondents: int = 1
    decimals: int | None = None
    optional: bool = False

    def position(self, text: str) -> int | None:
        """The position of the answer TEXT names among ``answers`` (None: not one of them)."""
        key = answer_key(text)
        return next((i for i, answer in enumerate(self.answers) if answer_key(answer.key) == key), None)

    def allowed(self) -> str:
        """The answers as a message lists them: 'A, B, C, D'."""
        return ", ".join(answer.key for answer in self.answers)


def parse_survey(meta: dict[str, Any], label: str, decimals: int, report: Report) -> SurveySettings:
    """framework.toml's [survey] table, every problem reported in REPORT (a bad key falls back to its default)."""
    raw = meta.get("survey")
    if raw is None:
        return SurveySettings(decimals=decimals)
    if not isinstance(raw, dict) or not raw:
        _invalid(report, label, "survey", _EMPTY, None if isinstance(raw, dict) else str(raw))
        return SurveySettings(decimals=decimals)
    for key in raw:
        if key not in KNOWN_KEYS:
            known = ", ".join(KNOWN_KEYS)
            detail = Words(
                f"[survey] has no key '{key}'; its keys are {known}",
                f"[survey] không có khóa '{key}'; các khóa là {known}",
            )
            _invalid(report, label, f"survey.{key}", detail)
    answers = _answers(raw.get("answers"), label, report) if "answers" in raw else ()
    return SurveySettings(
        answers=answers,
        min_respondents=_whole(raw, "min_respondents", 1, None, 1, label, report),
        decimals=_whole(raw, "survey_decimals", 0, SCALE_DIGITS, decimals, label, report),
        optional=_optional(raw, label, report),
    )


_EMPTY = Words(
    en="[survey] must be a table with answers = { A = 1, B = 0.6, C = 0.2, D = 0 } (and min_respondents, "
    "survey_decimals), or be left out",
    vi="[survey] phải là một bảng có answers = { A = 1, B = 0.6, C = 0.2, D = 0 } (và min_respondents, "
    "survey_decimals), hoặc bỏ hẳn bảng này",
)


def _optional(raw: dict[str, Any], label: str, report: Report) -> bool:
    """`optional` (true or false, default false)."""
    optional = raw.get("optional", False)
    if isinstance(optional, bool):
        return optional
    detail = Words(en="survey.optional must be true or false", vi="survey.optional phải là true hoặc false")
    _invalid(report, label, "survey.optional", detail, str(optional))
    return False


def _invalid(report: Report, label: str, column: str, detail: Words, value: str | None = None) -> None:
    report.add(Problem("framework-invalid", label, column=column, value=value, params={"detail": detail}))


def _answers(raw: Any, label: str, report: Report) -> tuple[Answer, ...]:
    """The answer weights: a non-empty table of option -> a number from 0 to 1, each option once."""
    if not isinstance(raw, dict) or not raw:
        _invalid(report, label, "survey.answers", _EMPTY, None if isinstance(raw, dict) else str(raw))
        return ()
    answers: list[Answer] = []
    seen: dict[str, str] = {}
    for key, value in raw.items():
        column = f"survey.answers.{key}"
        folded = answer_key(str(key))
        if not folded or folded in seen:
            other = seen.get(folded, "")
            detail = Words(
                en=f"answer '{key}' is blank or the same as '{other}' (case and spaces are ignored)",
                vi=f"phương án '{key}' để trống hoặc trùng với '{other}' (không phân biệt hoa thường, dấu cách)",
            )
            _invalid(report, label, column, detail, str(key))
            continue
        seen[folded] = str(key)
        weight = _weight(value)
        if weight is None:
            detail = Words(
                en=f"answer '{key}' = {value}: a weight is a number from 0 to 1 with at most 6 decimals, such as 0.6",
                vi=f"phương án '{key}' = {value}: trọng số là một số từ 0 đến 1, tối đa 6 chữ số thập phân, như 0.6",
            )
            _invalid(report, label, column, detail, str(value))
            continue
        answers.append(Answer(str(key).strip(), weight))
    return tuple(answers)


def _weight(value: Any) -> Decimal | None:
    """VALUE as an exact weight from 0 to 1 (a TOML number, or text with a decimal comma); None if not one.

    A TOML float is read back from its shortest text (0.6 is 0.6, not the binary 0.59999…)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        weight = parse_decimal(value if isinstance(value, str) else repr(value))
        to_micro(weight)
    except NumberError:
        return None
    return weight if 0 <= weight <= 1 else None


def _whole(raw: dict[str, Any], key: str, low: int, high: int | None, default: int, label: str, report: Report) -> int:
    """The whole number RAW[KEY] from LOW to HIGH (None: no upper bound); DEFAULT when absent or wrong."""
    value = raw.get(key, default)
    fits = (
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= (high if high is not None else value)
    )
    if fits:
        return int(value)
    bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
    bound_vi = f"từ {low} đến {high}" if high is not None else f"không nhỏ hơn {low}"
    detail = Words(
        en=f"{key} = {value}: it must be a whole number {bound}", vi=f"{key} = {value}: phải là số nguyên {bound_vi}"
    )
    _invalid(report, label, f"survey.{key}", detail, str(value))
    return default
