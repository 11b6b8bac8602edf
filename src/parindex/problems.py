"""Validation problems: stable codes, locations as a spreadsheet shows them, messages in vi/en.

Modelled on frictionless' reports: every problem has a code that never changes between releases
or languages, a location (file, row, column) and a human message. The messages are rendered at
the edge, in the user's language, from the same parameters.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, NamedTuple

ERROR = "error"
WARNING = "warning"
#: Neither wrong nor doubtful: what parindex decided for the user (the sheet it read, rows it skipped).
NOTE = "note"

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
        "Tiêu chí '{value}' được đánh giá bằng {detail}; chuyển dòng này sang {expected}.",
    ),
    "invalid-number": (
        "'{value}' is not a score: write a decimal such as 0.75 or 0,75 (at most 6 decimals), or N/A.",
        "'{value}' không phải điểm số: ghi số thập phân như 0,75 hoặc 0.75 (tối đa 6 chữ số thập phân), hoặc KAD.",
    ),
    "out-of-range": (
        "Score {value} is outside 0..{detail}, the maximum of criterion {expected}.",
        "Điểm {value} nằm ngoài khoảng 0..{detail}, điểm tối đa của tiêu chí {expected}.",
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
        "Appraisal changed {detail} for unit '{value}' without a note; write the council's reason.",
        "Thẩm định điều chỉnh {detail} của đơn vị '{value}' nhưng không ghi lý do; hãy ghi lý do của Hội đồng.",
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

    def message(self, lang: str = "en") -> str:
        """The human message in 'en' or 'vi'."""
        en, vi = MESSAGES[self.code]
        template = vi if lang == "vi" else en
        values = {"column": self.column or "", "value": self.value or "", "detail": "", "expected": ""}
        values.update({k: v.text(lang) if isinstance(v, Words) else v for k, v in self.params.items()})
        return template.format(**values)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON twin of the problem."""
        return {
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
        }


@dataclass
class Report:
    """Every problem found in one run, errors and warnings apart."""

    problems: list[Problem] = field(default_factory=list)
    #: every file looked at, with its number of data rows (None: it could not be read)
    checked: dict[str, int | None] = field(default_factory=dict)

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
        return not self.errors

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON form `validate --format json` prints."""
        return {
            "valid": self.valid,
            "files": [{"file": name, "rows": rows} for name, rows in self.checked.items()],
            "errors": [p.to_dict(lang) for p in self.errors],
            "warnings": [p.to_dict(lang) for p in self.warnings],
            "notes": [p.to_dict(lang) for p in self.notes],
        }


class InvalidInput(Exception):
    """Raised by loaders when the input has errors; carries the full report (all problems at once)."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} error(s) in the input")
        self.report = report
