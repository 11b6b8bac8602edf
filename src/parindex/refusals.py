"""The ``too-large`` problem of the readers, and sizes and counts written as people compare them.

Why a module of its own: every reader (a whole file, a TOML file, a CSV line or cell) refuses input
beyond a documented limit with the same problem and the same words for sizes, in both languages.
"""

from __future__ import annotations

from .numbers import count_text
from .problems import Problem, Words


def too_large(
    label: str,
    detail: Words,
    expected: Words,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
) -> Problem:
    """The ``too-large`` problem: DETAIL says what was found, EXPECTED the limit (both languages)."""
    params = {"detail": detail, "expected": expected}
    return Problem("too-large", label, row=row, column=column, value=value, params=params)


def size_words(size: int) -> tuple[str, str]:
    """A byte count as people compare it with a limit, in English and Vietnamese.

    Exact bytes below 10 MiB (a line of 1,048,586 bytes must not read as the 1 MiB it exceeds),
    whole MiB for a limit, one decimal above (300.5 MiB; 300,5 MiB in Vietnamese).
    """
    mib = 1024 * 1024
    if size and size % mib == 0:
        return f"{size // mib} MiB", f"{size // mib} MiB"
    if size >= 10 * mib:
        en = f"{size / mib:.1f} MiB"
        return en, en.replace(".", ",")
    return f"{count_text(size, 'en')} bytes", f"{count_text(size, 'vi')} byte"
