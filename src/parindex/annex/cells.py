"""One annex row's cells read as what they say: its numbering, its text, its points and its method.

Why a module of its own: the cells are typed as in a decision ("0,5", "1 điểm", "x" in the survey
column, "(ĐTXHH)" after the text), and each reading that fails is a located problem; the tree is
built from what is read here, without looking at cells again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..columns import fold, method_value
from ..numbers import NumberError, parse_decimal, to_micro
from ..problems import Problem, Words
from ..readers import ROW, Table
from .numbering import NONE, UNKNOWN, Label, parse_label, split_leading

APPRAISAL, SURVEY, BONUS, PENALTY = "appraisal", "survey", "bonus", "penalty"
#: Cells of a survey column that do not mark the row as surveyed.
_NO_MARKS = frozenset({"", "0", "khong", "no", "none"})
#: How the text of a bonus or penalty row starts (folded): "III. ĐIỂM THƯỞNG", "Điểm trừ", "Các tiêu chí điểm
#: cộng". Only its start: a criterion that mentions them ("… (không tính điểm thưởng)") is not one.
_BONUS_WORDS = ("diem thuong", "diem cong", "tieu chi diem thuong", "cac tieu chi diem thuong", "tieu chi thuong")
_PENALTY_WORDS = ("diem tru", "tru diem", "tieu chi diem tru", "cac tieu chi diem tru", "cac truong hop tru diem")
#: Words of a method cell that say survey or appraisal (folded), beyond the criteria tables' own values.
_SURVEY_WORDS = ("xhh", "xa hoi hoc", "dieu tra", "khao sat")
_APPRAISAL_WORDS = ("tham dinh", "tu danh gia", "tu cham")
#: Points typed with their unit: "1 điểm", "0,5 đ".
_UNIT = re.compile(r"\s*(điểm|đ)\s*$", re.IGNORECASE)
#: Points at the end of a level's text: "a) Ban hành đúng hạn: 1", "… (0,5 điểm)", "… – 0,25đ".
_TRAILING_POINTS = re.compile(r"[:(–-]\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:điểm|đ)?\s*\)?\s*[.;]?\s*$", re.IGNORECASE)


@dataclass
class Row:
    """What one annex row says."""

    row: int
    label: Label
    name: str
    points: Decimal | None
    #: the points cell as typed ("" when empty)
    points_text: str
    #: "appraisal", "survey", "bonus", "penalty" when the row says so, else None (inherited)
    method: str | None
    guidance: str
    #: the points were typed negative ("-2"): only a penalty row may do so
    negative: bool = False
    #: the header of the cell the numbering was read from (STT, or the text's column)
    label_column: str = ""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """Text of a merged or wrapped cell on one line."""
    return " ".join(text.split())


class RowReader:
    """Reads the rows of one annex table; the problems it meets are collected in ``problems``."""

    def __init__(self, table: Table, survey_mark: str | None) -> None:
        self.table = table
        self.mark = nfc(survey_mark).casefold() if survey_mark else None
        self.problems: list[Problem] = []

    def read(self, record: dict[str, Any]) -> Row | None:
        """The row's reading; None for a row that says nothing (a blank name with no numbering)."""
        row = int(record[ROW])
        cell = {name: nfc(str(record.get(name) or "")).strip() for name in self.table.columns}
        label, name = self._label(cell)
        if label.kind == NONE and not name and not cell.get("max_points"):
            return None
        label_column = self.column("label" if cell.get("label") else "name")
        method, name = self._method(cell, name, row)
        points_text = cell.get("max_points", "")
        points = self._points(points_text, row)
        negative = points is not None and points < 0
        guidance = one_line(cell.get("guidance", ""))
        points = abs(points) if points is not None and negative else points
        return Row(row, label, one_line(name), points, points_text, method, guidance, negative, label_column)

    def column(self, name: str) -> str:
        """The column's header as the annex writes it (problems quote it)."""
        return self.table.header(name)

    def _label(self, cell: dict[str, str]) -> tuple[Label, str]:
        """The numbering (STT, else the start of the text) and the text without a repeat of it."""
        name = cell.get("name", "")
        typed = cell.get("label", "")
        if typed and not name:  # STT and text merged into one cell: "I. CÔNG TÁC CHỈ ĐẠO", "TỔNG CỘNG"
            label, rest = split_leading(typed)
            if parse_label(typed).kind == UNKNOWN:
                return (label, rest) if label.kind != NONE else (label, typed)
        if typed:
            label = parse_label(typed)
            if label.kind != NONE:
                again, rest = split_leading(name)  # "1" in STT and "1. Kế hoạch…" as the text
                return label, rest if again.kind == label.kind and again.numbers == label.numbers else name
        return split_leading(name)

    def _points(self, text: str, row: int) -> Decimal | None:
        """The points cell as an exact number; None when empty (the tree says whether that is wrong)."""
        if not text or text in ("-", "–"):  # a dash: no points, as an empty cell
            return None
        cleaned = _UNIT.sub("", text)
        try:
            value = parse_decimal(cleaned)
            to_micro(value)
        except NumberError:
            self._bad_points(row, text, _NOT_A_NUMBER)
            return None
        return value

    def _bad_points(self, row: int, text: str, detail: Words) -> None:
        column = self.column("max_points")
        self.problems.append(
            Problem(
                "annex-invalid-points", self.table.label, row=row, column=column, value=text, params={"detail": detail}
            )
        )

    def _method(self, cell: dict[str, str], name: str, row: int) -> tuple[str | None, str]:
        """The method the row states, and its text without the user's survey mark."""
        folded = fold(name)
        if folded.startswith(_BONUS_WORDS):
            return BONUS, name
        if folded.startswith(_PENALTY_WORDS):
            return PENALTY, name
        if self.mark and self._marked(cell, name):
            return SURVEY, _without(name, self.mark)
        if fold(cell.get("survey", "")) not in _NO_MARKS:
            return SURVEY, name
        method = self._method_cell(cell.get("method", ""), row)
        if method is None and method_value(cell.get("guidance", "")) == SURVEY:
            # annexes without a method column often write just "Điều tra XHH" in the notes column
            return SURVEY, name
        return method, name

    def _marked(self, cell: dict[str, str], name: str) -> bool:
        """Whether the user's survey mark is in any of the row's texts."""
        mark = self.mark or ""
        texts = (name, cell.get("label", ""), cell.get("method", ""), cell.get("survey", ""), cell.get("guidance", ""))
        return bool(mark) and any(mark in text.casefold() for text in texts if text)

    def _method_cell(self, text: str, row: int) -> str | None:
        if not text:
            return None
        method = method_value(text)
        if method in (APPRAISAL, SURVEY):
            return method
        folded = fold(text)  # "ĐTXHH", "Thẩm định hồ sơ", "Tự đánh giá và thẩm định": said in other words
        if any(word in folded for word in _SURVEY_WORDS):
            return SURVEY
        if any(word in folded for word in _APPRAISAL_WORDS):
            return APPRAISAL
        detail = Words(
            en="'thẩm định' (appraisal) or 'điều tra XHH' (survey), or leave it empty",
            vi="'thẩm định' hoặc 'điều tra XHH', hoặc để trống",
        )
        column = self.column("method")
        self.problems.append(
            Problem("invalid-value", self.table.label, row=row, column=column, value=text, params={"detail": detail})
        )
        return None


def level_points(row: Row) -> Decimal | None:
    """A scoring level's points: its points cell, else the number its text ends with ("…: 0,5")."""
    if row.points is not None:
        return row.points
    found = _TRAILING_POINTS.search(row.name)
    if found is None:
        return None
    try:
        return parse_decimal(found[1])
    except NumberError:  # pragma: no cover - the pattern only finds numbers
        return None


def _without(text: str, mark: str) -> str:
    """TEXT without the user's survey mark (any case), tidied: 'Mức độ hài lòng (ĐTXHH)' -> 'Mức độ hài lòng'."""
    start = text.casefold().find(mark)
    if start < 0:
        return text
    rest = (text[:start] + text[start + len(mark) :]).strip()
    return re.sub(r"\(\s*\)|\[\s*\]", "", rest).strip(" -–:;,")


_NOT_A_NUMBER = Words(
    en="write a decimal with the digits 0–9, such as 1, 0,5 or 0.25",
    vi="hãy ghi số thập phân bằng chữ số 0–9, như 1, 0,5 hoặc 0.25",
)
