"""A workbook's stored values as Excel shows them, cell addresses, and the words of unreadable-xlsx.

Why a module of its own: Excel stores 0.1+0.2 as 0.30000000000000004 and a date as a serial
number; what the user saw is what parindex checks, so the conversions live in one place.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from defusedxml import DefusedXmlException

from .problems import Problem, Words
from .tabular import normalise_text

_INTEGER = re.compile(r"^[+-]?\d+$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_number(stored: str) -> str | None:
    """A stored number as Excel displays it: integers whole, fractions at 15 significant digits.

    Why: Excel computes in binary floating point but shows 15 significant digits, so ``=0.1+0.2``
    is stored as 0.30000000000000004 and shown, checked and printed as 0.3; the user typed or saw
    0.3, and that is the score. Never an exponent: 1E-07 is written 0.0000001. None when the text is
    not a finite number.
    """
    stored = stored.strip()
    if not stored:
        return ""
    if _INTEGER.match(stored):
        return str(int(stored))
    try:
        number = float(stored)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    shown = Decimal(format(number, ".15g"))
    if shown == shown.to_integral_value():
        return str(int(shown))
    return format(shown.normalize(), "f")


def excel_date(serial: float, epoch: Any, timedelta: bool) -> str | None:
    """A date-formatted number as the ISO text the loaders recognise (None: outside Excel's dates)."""
    from openpyxl.utils.datetime import from_excel

    try:
        value = from_excel(serial, epoch, timedelta=timedelta)
    except (OverflowError, ValueError, TypeError):
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def iso_date(stored: str) -> str:
    """A date cell stored as ISO 8601 text (t="d"), in the form dates take everywhere else."""
    from openpyxl.utils.datetime import from_ISO8601

    try:
        return from_ISO8601(stored.strip()).isoformat()
    except (ValueError, TypeError, AttributeError):
        return clean_text(stored)


def clean_text(text: str) -> str:
    """A cell's text as Excel shows it: _xHHHH_ escapes undone, NFC, without surrounding spaces."""
    if "_x" in text:
        text = _ESCAPE.sub(_unescape, text)
    return normalise_text(text).strip()


def _unescape(match: re.Match[str]) -> str:
    """Excel writes a character XML cannot hold (a carriage return) as _x000D_, and '_' before such a
    sequence as _x005F_; a surrogate code is not a character and stays as written."""
    code = int(match.group(1), 16)
    return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)


def int_or(text: str | None, default: int) -> int:
    if text is None:
        return default
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else default


# Column letters: openpyxl's get_column_letter and column_index_from_string stop at ZZZ (18,278), and
# a hostile sheet's cells without addresses count past it; these two have no bound and stay light (no
# openpyxl), so the CSV reader names a column without a header by its letter with them too.
def column_index(letters: str) -> int:
    """The 1-based column of LETTERS as Excel names it ("A" -> 1, "AA" -> 27), either case."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def column_letters(column: int) -> str:
    """The letters Excel names 1-based COLUMN by (1 -> "A", 27 -> "AA")."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_list(cells: dict[int, str]) -> list[str]:
    """The row's texts from column A to its last filled cell (never padded further)."""
    row = [""] * max(cells)
    for column, text in cells.items():
        row[column - 1] = text
    return row


NOT_A_WORKBOOK = Words(
    en="it is named like a workbook but is not one (if it is CSV text, rename it to .csv)",
    vi="tệp mang tên tệp Excel nhưng không phải tệp Excel (nếu là văn bản CSV, hãy đổi đuôi thành .csv)",
)


OTHER_ZIP = Words(
    en="it is a zip archive but not an Excel workbook (an OpenDocument .ods, a Word file?)",
    vi="tệp là tệp nén zip nhưng không phải tệp Excel (tệp OpenDocument .ods, tệp Word?)",
)


def unreadable(label: str, detail: Words) -> Problem:
    return Problem("unreadable-xlsx", label, params={"detail": detail})


DAMAGED = Words(
    en="the file is damaged or incomplete (cut off while copying or downloading?)",
    vi="tệp bị hỏng hoặc không đầy đủ (bị cắt cụt khi sao chép hoặc tải về?)",
)


ENTITIES = Words(
    en="it declares a DTD or XML entities, which Excel never writes (a hostile file?)",
    vi="tệp khai báo DTD hoặc thực thể XML, điều Excel không bao giờ làm (tệp độc hại?)",
)


def broken_xml(exc: BaseException) -> Words:
    if isinstance(exc, DefusedXmlException):
        return ENTITIES
    return Words(
        en="the workbook's structure is damaged (its XML cannot be read)",
        vi="cấu trúc tệp bị hỏng (không đọc được nội dung XML)",
    )
