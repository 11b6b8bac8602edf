"""Validation problems: stable codes, locations as a spreadsheet shows them, messages in vi/en.

Modelled on frictionless' reports: every problem has a code that never changes between releases
or languages, a location (file, row, column) and a human message. The messages are rendered at
the edge, in the user's language, from the same parameters.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .limits import MAX_DETAIL_CHARS, MAX_LISTED_PER_CODE, MAX_QUOTED_CHARS

ERROR = "error"
WARNING = "warning"
#: Neither wrong nor doubtful: what parindex decided for the user (the sheet it read, rows it skipped).
NOTE = "note"
#: Worst first: the order problems are shown in.
SEVERITIES = (ERROR, WARNING, NOTE)

#: code -> (English template, Vietnamese template). Templates use str.format with the problem's params.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing-file": (
        "File not found: {detail}. Create it or check the name in parindex.toml.",
        "Không tìm thấy tệp: {detail}. Hãy tạo tệp hoặc kiểm tra tên trong parindex.toml.",
    ),
    "not-a-file": (
        "{detail} is a folder or unreadable, not a data file.",
        "{detail} là thư mục hoặc không đọc được, không phải tệp dữ liệu.",
    ),
    "empty-file": (
        "The file is empty: it needs a header row and data rows.",
        "Tệp rỗng: cần có dòng tiêu đề và các dòng dữ liệu.",
    ),
    "encoding-error": (
        "The file is not UTF-8 text ({detail}). In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'.",
        "Tệp không phải văn bản UTF-8 ({detail}). Trong Excel chọn Lưu thành > 'CSV UTF-8 (Comma delimited)'.",
    ),
    "invalid-config": (
        "parindex.toml is not valid: {detail}.",
        "parindex.toml không hợp lệ: {detail}.",
    ),
    "missing-column": (
        "Required column '{column}' is missing. Columns found: {detail}.",
        "Thiếu cột bắt buộc '{column}'. Các cột hiện có: {detail}.",
    ),
    "duplicate-column": (
        "The header has {detail}: both are read as column '{column}'; keep one.",
        "Dòng tiêu đề có {detail}: cả hai đều được đọc là cột '{column}'; chỉ giữ một cột.",
    ),
    "malformed-row": (
        "The row has {detail} cells; the header has {expected}. Check for a stray separator or a missing cell.",
        "Dòng có {detail} ô; dòng tiêu đề có {expected}. Kiểm tra dấu phân cách thừa hoặc ô bị thiếu.",
    ),
    "unreadable-csv": (
        "The file cannot be read as CSV ({detail}). Open it in Excel and save it again as 'CSV UTF-8'.",
        "Không đọc được tệp dưới dạng CSV ({detail}). Mở tệp bằng Excel và lưu lại dạng 'CSV UTF-8'.",
    ),
    "excel-date": (
        "'{value}' in column '{column}' is a date: Excel turned what was typed into a date. Format the column "
        "as Text, type the value again and save.",
        "'{value}' ở cột '{column}' là ngày tháng: Excel đã tự đổi giá trị nhập thành ngày. Định dạng cột là "
        "Text (Văn bản), nhập lại giá trị rồi lưu.",
    ),
    "missing-value": (
        "Column '{column}' is empty in this row; fill it in.",
        "Cột '{column}' bị trống ở dòng này; hãy điền giá trị.",
    ),
    "invalid-value": (
        "'{value}' is not allowed in column '{column}': use {detail}.",
        "Giá trị '{value}' không hợp lệ ở cột '{column}': dùng {detail}.",
    ),
    "duplicate-unit": (
        "Unit id '{value}' is listed twice (first at row {detail}); each unit once.",
        "Mã đơn vị '{value}' bị lặp (lần đầu ở dòng {detail}); mỗi đơn vị chỉ một dòng.",
    ),
    "unknown-group": (
        "Group '{value}' is not in the framework; use one of: {detail}.",
        "Nhóm '{value}' không có trong bộ chỉ số; dùng một trong: {detail}.",
    ),
    "unknown-unit": (
        "Unit id '{value}' is not in units.csv; add the unit or correct the id.",
        "Mã đơn vị '{value}' không có trong units.csv; thêm đơn vị hoặc sửa mã.",
    ),
    "unknown-criterion": (
        "Criterion code '{value}' is not in the framework of group '{detail}'.",
        "Mã tiêu chí '{value}' không có trong bộ chỉ số của nhóm '{detail}'.",
    ),
    "not-a-leaf": (
        "'{value}' has sub-criteria ({detail}); score the sub-criteria, not their parent.",
        "'{value}' có tiêu chí thành phần ({detail}); hãy chấm điểm tiêu chí thành phần, không chấm tiêu chí cha.",
    ),
    "wrong-method": (
        "Criterion '{value}' is scored by {detail}; move this row to {expected}.",
        "Tiêu chí '{value}' được chấm bằng {detail}; chuyển dòng này sang {expected}.",
    ),
    "invalid-number": (
        "'{value}' is not a score: write a decimal with the digits 0–9, such as 0.75 or 0,75 (at most 6 "
        "decimals), or N/A.",
        "'{value}' không phải điểm số: ghi số thập phân bằng các chữ số 0–9, như 0,75 hoặc 0.75 (tối đa 6 chữ số "
        "thập phân), hoặc KAD.",
    ),
    "out-of-range": (
        "Score {value} is not between 0 and {detail}, the maximum of criterion {expected}. Correct the score "
        "or the criterion code.",
        "Điểm {value} không nằm trong khoảng từ 0 đến {detail}, điểm tối đa của tiêu chí {expected}. Sửa điểm "
        "hoặc mã tiêu chí.",
    ),
    "duplicate-row": (
        "Unit '{value}' has criterion {detail} twice in this file (first at row {expected}); keep one row.",
        "Đơn vị '{value}' có tiêu chí {detail} hai lần trong tệp (lần đầu ở dòng {expected}); giữ một dòng.",
    ),
    "missing-score": (
        "Unit '{value}' has no score for criterion {detail} ({expected}); add a row, or N/A if not applicable.",
        "Đơn vị '{value}' chưa có điểm tiêu chí {detail} ({expected}); bổ sung dòng, hoặc ghi KAD nếu không áp dụng.",
    ),
    "framework-sum-mismatch": (
        "Criterion {value} has maximum {detail} but its children add up to {expected}.",
        "Tiêu chí {value} có điểm tối đa {detail} nhưng tổng các tiêu chí con là {expected}.",
    ),
    "framework-invalid": (
        "Framework problem: {detail}.",
        "Lỗi bộ chỉ số: {detail}.",
    ),
    "no-self-assessment": (
        "Unit '{value}' has no self-assessment rows at all; its scores come from the appraisal alone.",
        "Đơn vị '{value}' không có dòng tự đánh giá nào; điểm chỉ lấy từ kết quả thẩm định.",
    ),
    "large-adjustment": (
        "Appraisal changed {detail} from {expected} to {value}: more than half the maximum; please confirm.",
        "Thẩm định điều chỉnh {detail} từ {expected} thành {value}: chênh hơn một nửa điểm tối đa; đề nghị kiểm tra.",
    ),
    "missing-note": (
        "Appraisal changed the score of criterion {detail} of unit '{value}' without a note; write the council's "
        "reason.",
        "Thẩm định điều chỉnh điểm tiêu chí {detail} của đơn vị '{value}' nhưng không ghi lý do; hãy ghi lý do của "
        "Hội đồng.",
    ),
    "ranking-invalid": (
        "Not a ranking file parindex can read: {detail}. Give last year's assessment folder, or the file "
        "written by 'parindex score --format csv' or '--format json'.",
        "Không phải tệp xếp hạng parindex đọc được: {detail}. Hãy dùng thư mục đánh giá năm trước, hoặc tệp "
        "do 'parindex score --format csv' hoặc '--format json' tạo ra.",
    ),
    "too-large": (
        "Too large to read: {detail}; parindex reads at most {expected} (see 'Limits' in the README). "
        "Check that this is the right file, or split it.",
        "Tệp quá lớn để đọc: {detail}; parindex chỉ đọc tối đa {expected} (xem mục 'Giới hạn' trong README). "
        "Kiểm tra lại đúng tệp chưa, hoặc chia nhỏ tệp.",
    ),
    "sheet-read": (
        "Read the sheet '{value}', the one Excel shows; not read: {detail}.",
        "Đã đọc trang tính '{value}', trang Excel hiển thị; không đọc: {detail}.",
    ),
    "unreadable-xlsx": (
        "The Excel workbook cannot be read: {detail}. Open it in Excel, check it and save it again as "
        "'Excel Workbook (*.xlsx)'; if Excel cannot open it either, ask for a new copy.",
        "Không đọc được tệp Excel: {detail}. Mở tệp bằng Excel, kiểm tra rồi lưu lại dạng "
        "'Sổ làm việc Excel (*.xlsx)'; nếu Excel cũng không mở được, hãy xin bản khác.",
    ),
    "encrypted-file": (
        "The workbook is protected by a password, so it cannot be read. Remove the password: in Excel, "
        "File > Info > Protect Workbook > Encrypt with Password, clear the password and save.",
        "Tệp được bảo vệ bằng mật khẩu nên không đọc được. Hãy gỡ mật khẩu: trong Excel chọn Tệp > Thông tin > "
        "Bảo vệ Sổ làm việc > Mã hóa bằng Mật khẩu, xóa mật khẩu rồi lưu.",
    ),
    "legacy-xls": (
        "This is an old Excel 97-2003 workbook (.xls), which parindex does not read. In Excel use File > "
        "Save As > 'Excel Workbook (*.xlsx)'.",
        "Đây là tệp Excel 97-2003 (.xls) kiểu cũ, parindex không đọc. Trong Excel chọn Tệp > Lưu thành > "
        "'Sổ làm việc Excel (*.xlsx)'.",
    ),
    "formula-without-value": (
        "Formulas were saved without their values ({detail}). Open the file in Excel and save it again, so "
        "the values are stored.",
        "Công thức được lưu mà không kèm giá trị ({detail}). Mở tệp bằng Excel rồi lưu lại để giá trị được lưu kèm.",
    ),
    "rows-skipped": (
        "Skipped {detail} above the header (the form's title, not data); the header is row {expected}.",
        "Đã bỏ qua {detail} phía trên dòng tiêu đề (tên biểu mẫu, không phải dữ liệu); "
        "dòng tiêu đề là dòng {expected}.",
    ),
    "unit-not-identified": (
        "This file does not say which unit it is for: its name is not a unit id and it has no unit id in "
        "column Mã đơn vị (unit_id).{detail} Name the file {expected}, or fill the column Mã đơn vị.",
        "Tệp không cho biết là của đơn vị nào: tên tệp không phải mã đơn vị và cột Mã đơn vị (unit_id) không "
        "có mã.{detail} Hãy đặt tên tệp là {expected}, hoặc điền cột Mã đơn vị.",
    ),
    "missing-unit-file": (
        "No self-assessment file for unit '{value}' ({detail}) in this folder: add {expected}, or the unit's rows "
        "with its id in column Mã đơn vị of another file.",
        "Chưa có tệp tự đánh giá của đơn vị '{value}' ({detail}) trong thư mục này: bổ sung tệp {expected}, hoặc "
        "thêm các dòng của đơn vị, ghi mã đơn vị ở cột Mã đơn vị, vào một tệp khác.",
    ),
    "rows-ignored": (
        "{detail}: headings or subtotals of the criteria tree (no code and no score, a parent criterion without a "
        "score, or exactly the sum of its sub-criteria), not counted as scores.",
        "{detail}: tiêu đề mục hoặc dòng tổng của cây tiêu chí (không có mã và điểm, tiêu chí cha không ghi điểm, "
        "hoặc đúng bằng tổng điểm các tiêu chí thành phần), không tính là điểm.",
    ),
    "no-applicable-criteria": (
        "Unit '{value}' has no applicable criterion: every criterion is N/A, so its maximum is 0 and it has no "
        "index; it is listed as not ranked. Check its N/A marks.",
        "Đơn vị '{value}' không có tiêu chí nào được áp dụng: mọi tiêu chí đều ghi KAD nên điểm tối đa bằng 0 và "
        "không tính được chỉ số; đơn vị được ghi là không xếp hạng. Hãy kiểm tra các ô ghi KAD.",
    ),
    "internal-error": (
        "Unexpected problem while reading {detail}. Please report it with this file.",
        "Lỗi không mong muốn khi đọc {detail}. Vui lòng báo lỗi kèm tệp này.",
    ),
}


def default_lang() -> str:
    """Language from PARINDEX_LANG, else Vietnamese (the users' working language)."""
    lang = os.environ.get("PARINDEX_LANG", "vi").strip().lower()
    return lang if lang in ("vi", "en") else "vi"


class Words(NamedTuple):
    """A detail built in code, in both languages: a problem's params may hold these.

    Why: a message template is translated, but a detail such as "line 3 is 2.0 MiB long" is put
    together where the problem is found; without its own two forms it would leak English into a
    Vietnamese message.
    """

    en: str
    vi: str

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


def toml_error(exc: Exception) -> Words:
    """A TOML syntax error as a detail in both languages.

    Why: tomllib's messages are English ("Invalid value (at line 2, column 13)"); the Vietnamese
    form keeps what an officer can act on, the line and column.
    """
    english = str(exc)
    where = re.search(r"at line (\d+), column (\d+)", english)
    vietnamese = f"lỗi cú pháp ở dòng {where[1]}, cột {where[2]}" if where else "lỗi cú pháp"
    return Words(en=english, vi=vietnamese)


@dataclass(frozen=True)
class Problem:
    """One finding about the input, located as a spreadsheet user would look for it."""

    code: str
    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = ERROR
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: the length of ``value`` before it was cut to MAX_QUOTED_CHARS (None: it was not cut)
    value_chars: int | None = field(default=None, compare=False, hash=False)

    def __post_init__(self) -> None:
        """Cut user text to a quotable size here, once, so no report, JSON or page holds megabytes.

        Why at construction: a 32-million-character cell quoted whole made printing the report
        quadratic (838 s); every consumer of a problem is safe if the problem itself is small.
        """
        if self.value is not None and len(self.value) > MAX_QUOTED_CHARS:
            object.__setattr__(self, "value_chars", self.value_chars or len(self.value))
            object.__setattr__(self, "value", _cut(self.value, MAX_QUOTED_CHARS))
        if self.column is not None and len(self.column) > MAX_QUOTED_CHARS:
            object.__setattr__(self, "column", _cut(self.column, MAX_QUOTED_CHARS))
        for item in self.params.values():  # a plain loop: a report may hold a million problems
            if _oversized(item):
                object.__setattr__(self, "params", {k: _cut_param(v) for k, v in self.params.items()})
                break

    def message(self, lang: str = "en") -> str:
        """The human message in 'en' or 'vi'."""
        en, vi = MESSAGES[self.code]
        template = vi if lang == "vi" else en
        values = {"column": self.column or "", "value": self.value or "", "detail": "", "expected": ""}
        values.update({k: v.text(lang) if isinstance(v, Words) else v for k, v in self.params.items()})
        text = template.format(**values)
        if self.value_chars is not None and "{value}" in template:
            total = f"{self.value_chars:,}".replace(",", "." if lang == "vi" else ",")
            text += _CUT_NOTE[lang == "vi"].format(shown=MAX_QUOTED_CHARS, total=total)
        return text

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON twin of the problem."""
        return {
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
            **({"value_chars": self.value_chars} if self.value_chars is not None else {}),
        }


#: Distinct values quoted in a grouped problem ("giá trị: 'x', 'y', 'z'…").
SHOWN_VALUES = 3
#: Rows named one by one in a grouped problem before "and N other rows".
SHOWN_ROWS = 5
#: Characters of each value quoted in a grouped problem (a cell may hold 32,767).
SHOWN_VALUE_CHARS = 40

#: Words of the grouped view, in both languages.
WORDS: dict[str, tuple[str, str]] = {
    "row": ("Row {rows}", "Dòng {rows}"),
    "rows": ("Rows {rows}", "Dòng {rows}"),
    "span": ("{n} rows: {first}–{last}", "{n} dòng: {first}–{last}"),
    "more_rows": ("{rows} and {n} other rows", "{rows} và {n} dòng khác"),
    "times": ("{n} times", "{n} lần"),
    "column": ("column {column}", "cột {column}"),
    "Column": ("Column {column}", "Cột {column}"),
    "values": ("values: {values}", "giá trị: {values}"),
    "example_row": ("Row {row}", "Dòng {row}"),
    "example": ("For example", "Ví dụ"),
    "and": (" and ", " và "),
}


def word(key: str, lang: str, **params: object) -> str:
    """One phrase of WORDS in LANG, filled in."""
    en, vi = WORDS[key]
    return (vi if lang == "vi" else en).format(**params)


def count_text(n: int, lang: str) -> str:
    """A count as people write it: 10.000.000 in Vietnamese, 10,000,000 in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "vi" else text


def _span(rows: Sequence[int]) -> tuple[int, int]:
    """Smallest and largest row; numpy arrays answer in one vectorised call each."""
    low, high = getattr(rows, "min", None), getattr(rows, "max", None)
    if callable(low) and callable(high):
        return int(low()), int(high())
    return min(rows), max(rows)


def _clip(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE_CHARS else value[: SHOWN_VALUE_CHARS - 1] + "…"


@dataclass
class Unlisted:
    """Occurrences of one group that were counted but not built one by one (beyond MAX_LISTED_PER_CODE).

    Why: 100,000 units without scores are 10,000,000 ``missing-score`` problems; as objects they
    took 22.9 GB. Their number, the rows they span and one example are all a report needs.
    """

    sample: Problem
    count: int
    #: how many of them have a row, and the first and last of those rows
    with_rows: int = 0
    first_row: int | None = None
    last_row: int | None = None


@dataclass
class ProblemGroup:
    """Every occurrence of one code in one file and column (same severity): one root cause, said once."""

    code: str
    severity: str
    file: str
    column: str | None
    sample: Problem
    count: int = 0
    #: distinct rows of the listed occurrences, ascending
    rows: list[int] = field(default_factory=list)
    #: distinct values of the listed occurrences, in the order met
    values: list[str] = field(default_factory=list)
    unlisted: int = 0
    unlisted_with_rows: int = 0
    first_row: int | None = None
    last_row: int | None = None

    def _row_count(self) -> int:
        return len(self.rows) + self.unlisted_with_rows

    def _contiguous(self) -> bool:
        """True when the rows are exactly first..last (with unlisted rows, judged from their number)."""
        if self.first_row is None or self.last_row is None:
            return False
        return self._row_count() == self.last_row - self.first_row + 1

    def where(self, lang: str) -> str:
        """'Dòng 17', '53 dòng: 5–57', 'Dòng 5, 9, 12 và 50 dòng khác' or '900 lần' (no rows)."""
        total = self._row_count()
        if total == 0:
            return word("times", lang, n=count_text(self.count, lang)) if self.count > 1 else ""
        if total == 1:
            return word("row", lang, rows=self.rows[0] if self.rows else self.first_row)
        if self._contiguous() and total > 2:
            return word("span", lang, n=count_text(total, lang), first=self.first_row, last=self.last_row)
        shown = [str(r) for r in self.rows[:SHOWN_ROWS]]
        rest = total - len(shown)
        if rest:
            return word("rows", lang, rows=word("more_rows", lang, rows=", ".join(shown), n=count_text(rest, lang)))
        return word("rows", lang, rows=", ".join(shown[:-1]) + word("and", lang) + shown[-1])

    def message(self, lang: str = "en") -> str:
        """The sentence an officer reads: where, then what is wrong and what to do.

        One occurrence: "Dòng 17, cột score: <message>". Several: where they are, the values if
        they differ, then the first one's message as the example ("Dòng 5: …").
        """
        where = self.where(lang)
        column = "" if not self.column else word("column" if where else "Column", lang, column=self.column)
        place = ", ".join(part for part in (where, column) if part)
        text = self.sample.message(lang)
        if self.count == 1:
            return f"{place}: {text}" if place else text
        if len(self.values) > 1:
            quoted = ", ".join(f"'{_clip(v)}'" for v in self.values[:SHOWN_VALUES])
            more = len(self.values) > SHOWN_VALUES or self.unlisted > 0
            place += f" ({word('values', lang, values=quoted + ('…' if more else ''))})"
        if self.sample.row is not None:
            example = word("example_row", lang, row=self.sample.row)
        else:
            example = word("example", lang)
        return f"{place}. {example}: {text}"

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON twin of the group: its count, the rows of its listed occurrences and the sentence."""
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "column": self.column,
            "count": self.count,
            "rows": self.rows,
            "values": self.values,
            "message": self.message(lang),
        }


GroupKey = tuple[str, str, str, str | None]


def _key(problem: Problem) -> GroupKey:
    return (problem.code, problem.severity, problem.file, problem.column)


#: Said after a message whose quoted value was cut (English, Vietnamese).
_CUT_NOTE = (
    " (The value is shown cut to its first {shown} of {total} characters.)",
    " (Giá trị được rút gọn: chỉ hiển thị {shown} ký tự đầu trong tổng số {total} ký tự.)",
)


def _cut(text: str, limit: int) -> str:
    return text[:limit] + "…"


def _oversized(value: object) -> bool:
    if isinstance(value, str):
        return len(value) > MAX_DETAIL_CHARS
    return isinstance(value, Words) and (len(value.en) > MAX_DETAIL_CHARS or len(value.vi) > MAX_DETAIL_CHARS)


def _cut_param(value: object) -> object:
    """A detail built from user text (header names, a file's line) cut to MAX_DETAIL_CHARS."""
    if isinstance(value, Words):
        return Words(*(_cut(text, MAX_DETAIL_CHARS) if len(text) > MAX_DETAIL_CHARS else text for text in value))
    return _cut(value, MAX_DETAIL_CHARS) if isinstance(value, str) and len(value) > MAX_DETAIL_CHARS else value


@dataclass
class Report:
    """Every problem found in one run, errors and warnings apart.

    ``problems`` lists at most ``limits.MAX_LISTED_PER_CODE`` occurrences of each code (when added
    with :meth:`add` or :meth:`add_many`); the rest are only counted, in ``unlisted``, so a report
    stays small however many rows are wrong. :meth:`groups` joins both into one problem per code,
    file and column: what the terminal shows.
    """

    problems: list[Problem] = field(default_factory=list)
    #: every file looked at, with its number of data rows (None: it could not be read)
    checked: dict[str, int | None] = field(default_factory=dict)
    #: occurrences counted but not listed, by group
    unlisted: dict[GroupKey, Unlisted] = field(default_factory=dict)
    _listed: Counter[str] = field(default_factory=Counter, repr=False)

    def __post_init__(self) -> None:
        self._listed.update(p.code for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == NOTE]

    @property
    def valid(self) -> bool:
        return not self.errors and not any(key[1] == ERROR for key in self.unlisted)

    def counts(self) -> dict[str, int]:
        """Occurrences by severity, listed or not: {"error": n, "warning": n, "note": n}."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for problem in self.problems:
            counts[problem.severity] = counts.get(problem.severity, 0) + 1
        for (_code, severity, _file, _column), unlisted in self.unlisted.items():
            counts[severity] = counts.get(severity, 0) + unlisted.count
        return counts

    def add(self, problem: Problem) -> None:
        """List PROBLEM, or only count it once its code has MAX_LISTED_PER_CODE listed."""
        self.add_many(1, lambda _k: problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def add_many(self, count: int, make: Callable[[int], Problem], rows: Sequence[int] | None = None) -> None:
        """COUNT occurrences of one code in one file and column; ``make(k)`` builds the k-th.

        Only the occurrences still listed under the code's cap are built (and one example of the
        rest), so a check that fails on ten million rows costs ten million counts, not objects.
        ROWS, when given, holds every occurrence's row (a numpy array from a vectorised check).
        """
        if count <= 0:
            return
        first = make(0)
        listed = min(count, max(0, MAX_LISTED_PER_CODE - self._listed[first.code]))
        if listed:
            self.problems.append(first)
            self.problems.extend(make(k) for k in range(1, listed))
            self._listed[first.code] += listed
        if listed == count:
            return
        sample = make(listed)
        entry = self.unlisted.setdefault(_key(sample), Unlisted(sample, 0))
        entry.count += count - listed
        rest = rows[listed:] if rows is not None else [p.row for p in (sample,) if p.row is not None]
        if len(rest):
            low, high = _span(rest)
            entry.with_rows += len(rest)
            entry.first_row = low if entry.first_row is None else min(entry.first_row, low)
            entry.last_row = high if entry.last_row is None else max(entry.last_row, high)

    def groups(self) -> list[ProblemGroup]:
        """One problem per code, file, column and severity: by file (in the order met), worst first."""
        groups: dict[GroupKey, ProblemGroup] = {}
        for problem in self.problems:
            group = groups.get(_key(problem))
            if group is None:
                group = groups[_key(problem)] = ProblemGroup(*_key(problem), sample=problem)
            group.count += 1
            if problem.row is not None:
                group.rows.append(problem.row)
            if problem.value is not None:
                group.values.append(problem.value)
        for group in groups.values():
            group.rows = sorted(set(group.rows))
            group.values = list(dict.fromkeys(group.values))
            if group.rows:
                group.first_row, group.last_row = group.rows[0], group.rows[-1]
        for key, unlisted in self.unlisted.items():
            group = groups.get(key)
            if group is None:
                group = groups[key] = ProblemGroup(*key, sample=unlisted.sample)
            group.count += unlisted.count
            group.unlisted += unlisted.count
            group.unlisted_with_rows += unlisted.with_rows
            if unlisted.first_row is not None and unlisted.last_row is not None:
                group.first_row = min(unlisted.first_row, group.first_row or unlisted.first_row)
                group.last_row = max(unlisted.last_row, group.last_row or unlisted.last_row)
        found = list(groups.values())
        files = {file: n for n, file in reversed(list(enumerate(g.file for g in found)))}
        rank = {severity: n for n, severity in enumerate(SEVERITIES)}
        order = {id(g): n for n, g in enumerate(found)}
        return sorted(found, key=lambda g: (files[g.file], rank.get(g.severity, len(rank)), order[id(g)]))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON form `validate --format json` prints.

        ``errors``, ``warnings`` and ``notes`` keep one item per occurrence (at most
        MAX_LISTED_PER_CODE per code; ``unlisted`` counts the rest by code); ``counts`` has every
        occurrence by severity; ``groups`` is the grouped view the terminal shows.
        """
        counts = self.counts()
        unlisted: Counter[str] = Counter()
        for (code, *_rest), entry in self.unlisted.items():
            unlisted[code] += entry.count
        return {
            "valid": self.valid,
            "files": [{"file": name, "rows": rows} for name, rows in self.checked.items()],
            "errors": [p.to_dict(lang) for p in self.errors],
            "warnings": [p.to_dict(lang) for p in self.warnings],
            "notes": [p.to_dict(lang) for p in self.notes],
            "counts": {"errors": counts[ERROR], "warnings": counts[WARNING], "notes": counts[NOTE]},
            "unlisted": dict(sorted(unlisted.items())),
            "groups": [g.to_dict(lang) for g in self.groups()],
        }


class InvalidInput(Exception):
    """Raised by loaders when the input has errors; carries the full report (all problems at once)."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{report.counts()[ERROR]} error(s) in the input")
        self.report = report
