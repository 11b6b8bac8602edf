"""One sheet's cells, streamed: every cell at its own address, its text as Excel shows it.

Why a module of its own: the sheet reader is the parse target that places cells by their own
addresses whatever the sheet's ``<dimension>`` claims, and counts unreadable cells per column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException

from . import limits
from .numbers import count_text
from .problems import Problem, Words
from .xlsx_book import DAMAGED_ZIP, Book, TooLarge
from .xlsx_values import (
    ENTITIES,
    clean_text,
    column_index,
    column_letters,
    excel_date,
    excel_number,
    int_or,
    iso_date,
    row_list,
    unreadable,
)
from .xlsx_xml import Stop, Target, cell_limit, parse_part

#: Cells of one kind listed by address in a problem's detail (the count says how many more).
_LISTED_CELLS = 3
#: Distinct stored numbers whose text is remembered (scores repeat: 0, 0.5, 1, …).
_CACHED_NUMBERS = 100_000
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@dataclass
class _Findings:
    """Cells of one kind of problem in one column: the first few addresses and how many in all."""

    first_row: int
    column: str
    cells: list[str] = field(default_factory=list)
    count: int = 0


class SheetReader(Target):
    """Stream one sheet's rows: every cell at its own address, texts as Excel shows them.

    Rows and cells are placed by their own ``r`` addresses (or one after the other where a writer
    leaves them out), never by the sheet's ``<dimension>``, and a row is as long as its last filled
    cell: a sheet claiming A1:XFD1048576 costs what its cells cost.
    """

    def __init__(self, book: Book, strings: list[str], label: str, sheet: str) -> None:
        super().__init__()
        self.book = book
        self.strings = strings
        self.label = label
        self.sheet = sheet
        #: (code, kind, column letter) -> findings; kinds are kept apart so each gets its own detail
        self.findings: dict[tuple[str, str, str], _Findings] = {}
        self.numbers: dict[str, str] = {}
        self.stop: Problem | None = None
        self.filled: list[tuple[int, list[str]]] = []
        self.row = 0
        self.cells: dict[int, str] = {}
        self.column = 0
        self.kind = "n"
        self.style: str | None = None
        self.value: list[str] | None = None
        self.formula = False
        self.inline: list[str] | None = None
        self.collect: list[str] | None = None
        self.phonetic = 0
        self.length = 0

    def read(self, part: str) -> list[tuple[int, list[str]]]:
        """The sheet's non-empty rows; a damaged sheet keeps the rows read and says where it broke."""
        detail = Words(
            en=f"sheet '{self.sheet}' holds a run of data in which nothing ends (not written by Excel)",
            vi=f"trang tính '{self.sheet}' có một đoạn dữ liệu rất dài không kết thúc (không do Excel ghi)",
        )
        quiet = Problem("too-large", self.label, params={"detail": detail, "expected": cell_limit()})
        try:
            parse_part(self.book.archive, part, self, quiet)
        except TooLarge as exc:
            self.stop = exc.problem
        except DefusedXmlException:
            self.stop = unreadable(self.label, ENTITIES)
        except (SyntaxError, *DAMAGED_ZIP):  # ParseError is a SyntaxError
            self.stop = self._damaged(self.filled[-1][0] if self.filled else None)
        return self.filled

    # -- parse target -----------------------------------------------------------------------------
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = self.local(tag)
        if name == "c":
            self.column = self._address(attrib.get("r"))
            self.kind = attrib.get("t", "n")
            self.style = attrib.get("s")
            self.value = self.inline = None
            self.formula = False
        elif name == "v":
            self.value = self.collect = []
            self.length = 0
        elif name == "t" and self.inline is not None and not self.phonetic:
            self.collect = self.inline
        elif name == "row":
            self.row = int_or(attrib.get("r"), self.row + 1)
            self.column, self.cells = 0, {}
        elif name == "f":
            self.formula = True
        elif name == "is":
            self.inline = []
            self.length = 0
        elif name == "rPh":
            self.phonetic += 1

    def data(self, text: str) -> None:
        if self.collect is not None:
            self.collect.append(text)
            self.length += len(text)
            if self.length > limits.MAX_CELL_CHARS:
                self.stop = self._too_long(self.row, self.column)
                raise Stop

    def end(self, tag: str) -> None:
        self.ends += 1
        name = self.local(tag)
        if name == "c":
            self._cell()
        elif name in ("v", "t"):
            self.collect = None
        elif name == "row":
            if self.cells:
                self.filled.append((self.row, row_list(self.cells)))
                if len(self.filled) > limits.MAX_ROWS + 1:
                    self.stop = self._too_many_rows()
        elif name == "rPh":
            self.phonetic -= 1
        if self.stop is not None:
            raise Stop

    def close(self) -> None:
        return None

    def _address(self, reference: str | None) -> int:
        """The column of a cell: from its address, else the one after the previous cell."""
        if not reference:
            return self.column + 1
        match = _CELL_REF.match(reference)
        if match is None:
            self._find("unreadable-xlsx", "address", self.row, self.column + 1, f" ('{reference[:20]}')")
            return self.column + 1
        return column_index(match.group(1))

    def _damaged(self, last_row: int | None) -> Problem:
        """The sheet's XML breaks off: say after which row, so the user knows what was lost."""
        if last_row is None:
            detail = Words(
                en=f"sheet '{self.sheet}' is damaged or cut off before its first row",
                vi=f"trang tính '{self.sheet}' bị hỏng hoặc bị cắt cụt trước dòng đầu tiên",
            )
        else:
            detail = Words(
                en=f"sheet '{self.sheet}' is damaged or cut off after row {last_row}",
                vi=f"trang tính '{self.sheet}' bị hỏng hoặc bị cắt cụt sau dòng {last_row}",
            )
        return Problem("unreadable-xlsx", self.label, row=last_row, params={"detail": detail})

    def problems(self) -> list[Problem]:
        found = [self.stop] if self.stop is not None else []
        for (code, kind, letter), findings in self.findings.items():
            found.append(self._problem(code, kind, letter, findings))
        return found

    # -- cells ------------------------------------------------------------------------------------
    def _cell(self) -> None:
        """The cell just parsed: its text goes into the row at its column."""
        text = self._text(self.row, self.column)
        if text:
            if self.column > limits.MAX_COLUMNS:
                self.stop = self._too_many_columns(self.row, self.column)
            else:
                self.cells[self.column] = text

    def _text(self, row: int, column: int) -> str:
        """The cell's text as Excel shows it; '' (and a finding) when it cannot be read."""
        kind = self.kind
        if self.inline is not None and kind == "inlineStr":
            return clean_text("".join(self.inline))
        value = None if self.value is None else "".join(self.value)
        if self.formula and not value and kind not in ("str", "s"):
            # no stored result (openpyxl and scripts write <v/>); an empty text result is t="str"
            self._find("formula-without-value", "formula", row, column)
            return ""
        if value is None:
            return ""
        if kind == "n":
            return self._number(value, row, column)
        if kind == "s":
            return self._shared(value, row, column)
        if kind == "b":
            if value.strip() in ("0", "1"):
                return "TRUE" if value.strip() == "1" else "FALSE"
            self._find("unreadable-xlsx", "boolean", row, column, f" ('{value[:20]}')")
            return ""
        if kind == "d":
            return iso_date(value)
        return clean_text(value)  # 'str' (a formula's text), 'e' (#N/A, #DIV/0!, …)

    def _shared(self, value: str, row: int, column: int) -> str:
        index = int_or(value, -1)
        if 0 <= index < len(self.strings):
            return self.strings[index]
        self._find("unreadable-xlsx", "shared", row, column, f" (#{value.strip()[:20]})")
        return ""

    def _number(self, value: str, row: int, column: int) -> str:
        """A number cell's text; each distinct stored number is converted once (a score file repeats a few)."""
        text = self.numbers.get(value)
        if text is None:
            text = excel_number(value)
            if text is None:
                self._find("unreadable-xlsx", "number", row, column, f" ('{value[:20]}')")
                return ""
            if len(self.numbers) < _CACHED_NUMBERS:
                self.numbers[value] = text
        if self.style is not None and self.style in self.book.date_styles and text:
            timedelta = self.style in self.book.timedelta_styles
            return excel_date(float(text), self.book.epoch, timedelta) or text
        return text

    # -- findings ---------------------------------------------------------------------------------
    def _find(self, code: str, kind: str, row: int, column: int, shown: str = "") -> None:
        """Count a cell of one kind of problem in its column; the first few are named by address."""
        letter = column_letters(column)
        findings = self.findings.setdefault((code, kind, letter), _Findings(row, letter))
        findings.count += 1
        if len(findings.cells) < _LISTED_CELLS:
            findings.cells.append(f"{letter}{row}{shown}")

    def _problem(self, code: str, kind: str, letter: str, findings: _Findings) -> Problem:
        cells = ", ".join(findings.cells)
        more = findings.count - len(findings.cells)
        more_en = f" and {count_text(more, 'en')} more" if more else ""
        more_vi = f" và {count_text(more, 'vi')} ô khác" if more else ""
        where_en = f"cell {cells}{more_en} of sheet '{self.sheet}'"
        where_vi = f"ô {cells}{more_vi} của trang tính '{self.sheet}'"
        if code == "formula-without-value":
            detail = Words(en=where_en, vi=where_vi)
        else:
            en, vi = _CELL_FAULTS[kind]
            detail = Words(en=f"{where_en} {en}", vi=f"{where_vi} {vi}")
        return Problem(code, self.label, row=findings.first_row, column=letter, params={"detail": detail})

    def _too_many_rows(self) -> Problem:
        detail = Words(en=f"sheet '{self.sheet}' has more rows", vi=f"trang tính '{self.sheet}' có nhiều dòng hơn")
        count = limits.MAX_ROWS
        expected = Words(en=f"{count_text(count, 'en')} rows", vi=f"{count_text(count, 'vi')} dòng")
        return Problem("too-large", self.label, params={"detail": detail, "expected": expected})

    def _too_many_columns(self, row: int, column: int) -> Problem:
        letter = column_letters(column)
        detail = Words(
            en=f"sheet '{self.sheet}' has text in cell {letter}{row}, column {count_text(column, 'en')}",
            vi=f"trang tính '{self.sheet}' có dữ liệu ở ô {letter}{row}, cột thứ {count_text(column, 'vi')}",
        )
        expected = Words(en=f"{limits.MAX_COLUMNS} columns", vi=f"{limits.MAX_COLUMNS} cột")
        return Problem("too-large", self.label, row=row, column=letter, params={"detail": detail, "expected": expected})

    def _too_long(self, row: int, column: int) -> Problem:
        letter = column_letters(column)
        detail = Words(
            en=f"cell {letter}{row} of sheet '{self.sheet}' holds more characters",
            vi=f"ô {letter}{row} của trang tính '{self.sheet}' có nhiều ký tự hơn",
        )
        return Problem(
            "too-large", self.label, row=row, column=letter, params={"detail": detail, "expected": cell_limit()}
        )


#: kind of unreadable cell -> what is wrong with it (English, Vietnamese)
_CELL_FAULTS = {
    "number": ("is marked as a number but holds no number", "được đánh dấu là số nhưng không chứa số"),
    "shared": (
        "refers to a shared text the workbook does not have",
        "trỏ tới một văn bản dùng chung không có trong tệp",
    ),
    "boolean": ("is marked TRUE/FALSE but holds neither", "được đánh dấu TRUE/FALSE nhưng không phải cả hai"),
    "address": ("has an address Excel does not use", "có địa chỉ ô mà Excel không dùng"),
}
