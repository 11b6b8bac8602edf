"""Exact decimal arithmetic for scores, totals and indices.

Scores are held as integers in *micro-points* (1 point = 1,000,000 units). Integer sums are exact
and vectorise well, which is what lets a million score rows be totalled quickly without binary
floating point ever touching a published number. Indices are computed with :class:`decimal.Decimal`
from those exact integers and rounded half-up only for display and ranking.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .problems import ParindexError

if TYPE_CHECKING:  # pragma: no cover - numpy is imported where a column is rounded, not by `--help`
    import numpy as np

SCALE_DIGITS = 6
MICRO_PER_POINT = 10**SCALE_DIGITS
#: Scores larger than this are rejected before conversion so the float-based fast path stays exact.
MAX_ABS_POINTS = 10**8

NA_MARKERS = frozenset({"N/A", "KAD", "NA", "KHÔNG ÁP DỤNG"})

# -- the one grammar of numbers and codes, for every file parindex reads ---------------------------
# Why one: the framework once read a maximum "١٢" (Arabic-Indic digits) as 12 and a code "1.1.１"
# (a full-width digit), because Python's \d and Decimal() take any script's digits, while score cells
# refused them. Now every number (framework maxima and bands, scores, ranks and indices of a ranking
# file) and every criterion code is written with the ASCII digits 0-9, and the messages say so.
# The patterns are anchored and use only what both Python's re and pyarrow's RE2 read alike.

#: A decimal number with "." as the separator (scores are matched after "," becomes ".").
DOTTED_NUMBER_PATTERN = r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$"
#: A decimal number as typed: the digits 0-9, an optional sign, a decimal point or comma.
NUMBER_PATTERN = DOTTED_NUMBER_PATTERN.replace("[.]", "[.,]")
#: A whole number (a rank): the digits 0-9 only.
WHOLE_PATTERN = r"^[0-9]+$"
#: Deepest level of a criterion code (3.2.1.4).
MAX_CODE_LEVELS = 4
#: A criterion code: dotted whole numbers (3, 3.2, 3.2.1), at most MAX_CODE_LEVELS of them.
CODE_PATTERN = rf"^[0-9]+([.][0-9]+){{0,{MAX_CODE_LEVELS - 1}}}$"
_DECIMAL_RE = re.compile(NUMBER_PATTERN)
_WHOLE_RE = re.compile(WHOLE_PATTERN)
_CODE_RE = re.compile(CODE_PATTERN)


def is_code(text: str) -> bool:
    """Whether TEXT is a criterion code in the grammar (dotted ASCII digits, at most 4 levels)."""
    return _CODE_RE.fullmatch(text) is not None


def is_whole(text: str) -> bool:
    """Whether TEXT is a whole number written with the digits 0-9."""
    return _WHOLE_RE.fullmatch(text) is not None


class NumberError(ParindexError, ValueError):
    """A text that is not a decimal number parindex can use exactly."""


def parse_decimal(text: str) -> Decimal:
    """Parse '0,75' or '0.75' (decimal comma or dot) into an exact Decimal.

    Raises NumberError for anything else, including thousands separators ('1.000,5'): a score
    is never that large, so an ambiguous text is refused rather than guessed; and digits of other
    scripts ('١٢', '１２'): the grammar is the digits 0-9 (see NUMBER_PATTERN).
    """
    cleaned = text.strip()
    if not _DECIMAL_RE.fullmatch(cleaned):
        raise NumberError(text)
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the regex already filters
        raise NumberError(text) from exc


def to_micro(value: Decimal) -> int:
    """Decimal points to integer micro-points; refuses values finer than the scale."""
    scaled = value.scaleb(SCALE_DIGITS)
    if scaled != scaled.to_integral_value():
        raise NumberError(f"{value} has more than {SCALE_DIGITS} decimal places")
    return int(scaled)


def from_micro(units: int) -> Decimal:
    """Integer micro-points back to an exact Decimal number of points."""
    return Decimal(int(units)).scaleb(-SCALE_DIGITS).normalize() if units else Decimal(0)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round for publication: half away from zero, as Vietnamese published tables do (86,285 → 86,29)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def index_of(points_micro: int, max_micro: int) -> Decimal | None:
    """Exact index (points ÷ maximum × 100) with 28 significant digits; None when the maximum is 0.

    28 digits make half-up rounding at the published precision correct: a ratio that lies exactly
    on a rounding boundary has a short decimal expansion and is represented exactly.
    """
    if max_micro == 0:
        return None
    return Decimal(points_micro) * 100 / Decimal(max_micro)


#: Above this magnitude an int64 product could overflow: the column is computed on Python integers.
_INT64_SAFE = 2**62


def _overflows(*arrays: np.ndarray, factor: int) -> bool:
    """Whether some VALUE × FACTOR of ARRAYS could leave int64 (then Python integers are used)."""
    import numpy as np

    biggest = max((int(np.abs(a).max()) for a in arrays if len(a)), default=0)
    return biggest * factor >= _INT64_SAFE


def half_up_places(units: np.ndarray, places: int) -> np.ndarray:
    """Micro-points rounded half-up (away from zero) to PLACES decimals, as integer counts of 10^-places.

    The one rounding path of every written number (score, explain, compare, the annexes): whole
    columns at once, exact on integers, on Python integers where int64 could overflow.
    """
    import numpy as np

    step = 10 ** (SCALE_DIGITS - places)
    if _overflows(units, factor=2):
        units = units.astype(object)
    magnitude = (2 * np.abs(units) + step) // (2 * step)
    return np.where(units < 0, -magnitude, magnitude)


def percent_half_up(points: np.ndarray, maxima: np.ndarray, places: int) -> list[int | None]:
    """points ÷ maximum × 100 rounded half-up to PLACES decimals, as integer counts; None where max is 0.

    floor((2·P·100·10^d + M) / (2·M)) is round-half-up of P·100·10^d / M for P, M >= 0, computed on
    integers only; Python integers are used where int64 could overflow (a domain worth 100,000
    points at 6 decimals leaves int64).
    """
    values = percent_half_up_array(points, maxima, places).tolist()
    return [None if m == 0 else int(v) for v, m in zip(values, maxima.tolist(), strict=True)]


def percent_half_up_array(points: np.ndarray, maxima: np.ndarray, places: int) -> np.ndarray:
    """:func:`percent_half_up` as an array of any shape (0 where the maximum is 0), for many runs at once.

    Why an array: the sensitivity analysis publishes the index of every unit in each of thousands of
    runs, and must round them exactly as the published index is rounded.
    """
    import numpy as np

    factor = 200 * 10**places
    if _overflows(points.ravel(), maxima.ravel(), factor=factor):
        points, maxima = points.astype(object), maxima.astype(object)
    safe = np.where(maxima > 0, maxima, 1)
    return np.where(maxima > 0, (points * factor + safe) // (2 * safe), 0)


def count_text(n: int, lang: str) -> str:
    """A count as people write it: 10.000.000 in Vietnamese, 10,000,000 in English.

    The one place a whole number gets its thousands separators, for messages, tables and captions alike.
    """
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "vi" else text


def places_text(count: int | None, places: int, lang: str = "en") -> str:
    """An integer count of 10^-places as fixed-point text: 8629 -> '86.29' ('86,29' in Vietnamese); None -> ''."""
    if count is None:
        return ""
    whole, fraction = divmod(abs(count), 10**places)
    text = f"{'-' if count < 0 else ''}{whole}" + (f".{fraction:0{places}d}" if places else "")
    return text.replace(".", ",") if lang == "vi" else text


def format_number(value: Decimal | None, places: int, lang: str = "en") -> str:
    """Fixed-decimals text for tables: '86.29' in English, '86,29' in Vietnamese; '' for None."""
    if value is None:
        return ""
    text = f"{round_half_up(value, places):.{places}f}"
    return text.replace(".", ",") if lang == "vi" else text


def format_points(value: Decimal, lang: str = "en") -> str:
    """Points as typed in frameworks: no trailing zeros ('1.5', '0.25', '12')."""
    text = f"{value.normalize():f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text
