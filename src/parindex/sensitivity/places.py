"""Points to the next place, and points ahead of the place below: exact, at the framework's precision.

"Points" are the unit's own total points (self-assessment as appraised plus survey), whose index is
total ÷ maximum × 100: a unit whose maximum is lowered (criteria not applicable) moves its index more
per point than a unit with the full maximum, so the same gap in index is a different number of points.

With F = 200 · 10^decimals, a unit with total T and maximum M (micro-points) is published at P when
⌊(T·F + M) ÷ 2M⌋ = P (half-up). So its published index is at least A exactly when T·F ≥ (2A − 1)·M:

- to the next place: the nearest published index A above the unit's; it needs T + x ≥ ⌈(2A − 1)·M ÷ F⌉.
  Reaching A is enough: the unit then shares the better rank (competition ranking; the name only orders
  the tie), so one step less is not;
- ahead of the place below: the highest published index B of another ranked unit at or below the unit's
  (B = P when the unit is tied: one step down drops it a place); it keeps its place while its index stays
  at B or above, so it drops once T − y < ⌈(2B − 1)·M ÷ F⌉.

Both are rounded up to the step, 10^-decimals points (the precision of a published total), and never
more than the points the unit still lacks, or has; None where there is no place to reach or to lose.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..numbers import SCALE_DIGITS
from ..results import GroupResult, UnitScore


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _stepped(micro: int, step: int, cap: int) -> int:
    """MICRO rounded up to a multiple of STEP, at most CAP."""
    return min(_ceil_div(micro, step) * step, cap)


def places(result: GroupResult, decimals: int) -> dict[int, tuple[int | None, int | None]]:
    """Per ranked unit (its row in units.csv order): (points to the next place, points ahead), micro-points."""
    ranked = [u for u in result.units if u.ranked]
    values = sorted(u.published_int or 0 for u in ranked)
    factor = 200 * 10**decimals
    step = 10 ** (SCALE_DIGITS - decimals)
    answers: dict[int, tuple[int | None, int | None]] = {}
    for unit in ranked:
        own = unit.published_int or 0
        higher = bisect_right(values, own)
        above = values[higher] if higher < len(values) else None
        lower = bisect_left(values, own)
        below = own if higher - lower > 1 else values[lower - 1] if lower else None
        answers[unit.position] = (_to_next(unit, above, factor, step), _ahead(unit, below, factor, step))
    return answers


def _to_next(unit: UnitScore, above: int | None, factor: int, step: int) -> int | None:
    """The fewest points (a multiple of STEP) that publish UNIT at ABOVE; None when nobody is above it."""
    if above is None:
        return None
    needed = _ceil_div((2 * above - 1) * unit.max_micro, factor) - unit.total_micro
    return _stepped(needed, step, unit.max_micro - unit.total_micro)


def _ahead(unit: UnitScore, below: int | None, factor: int, step: int) -> int | None:
    """The fewest points (a multiple of STEP) whose loss publishes UNIT under BELOW; None when it cannot drop."""
    if below is None or below == 0:
        return None
    lost = unit.total_micro - _ceil_div((2 * below - 1) * unit.max_micro, factor) + 1
    return _stepped(lost, step, unit.total_micro)
