"""Settings of framework.toml beyond the tree: the index's cap (the `[survey]` table is `framework_survey`).

Each key is parsed by a small function of its own, so that a setting added later (the survey's
answer weights) is a function beside these, and a wrong value is one located `framework-invalid`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .numbers import NumberError, parse_decimal, to_micro
from .problems import Problem, Report, Words

#: The index's cap when framework.toml does not say: a unit's index is at most 100 %.
DEFAULT_INDEX_CAP = Decimal(100)


def parse_index_cap(meta: dict[str, Any], label: str, report: Report) -> Decimal | None:
    """`index_cap`: absent is 100; `false` is no cap; otherwise a positive number of at most 6 decimals.

    Why a cap: bonus points may lift the points above the maximum, and most provinces publish at
    most 100 %; a framework that publishes above 100 says `index_cap = false` (or its own cap).
    """
    raw = meta.get("index_cap", DEFAULT_INDEX_CAP)
    if raw is False:
        return None
    if isinstance(raw, Decimal):
        return raw
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise NumberError(str(raw))
        cap = parse_decimal(str(raw))
        to_micro(cap)
    except NumberError:
        cap = Decimal(0)
    if cap > 0:
        return cap
    detail = Words(
        en="index_cap must be a number above 0 (such as 100) or false (no cap)",
        vi="index_cap phải là một số lớn hơn 0 (như 100) hoặc false (không giới hạn)",
    )
    report.add(Problem("framework-invalid", label, column="index_cap", value=str(raw), params={"detail": detail}))
    return DEFAULT_INDEX_CAP
