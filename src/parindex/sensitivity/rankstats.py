"""What the runs' ranks say: each unit's rank interval and shares, and the pairs whose order is not settled.

Quantiles are those of the runs themselves ("inverted CDF"): the q-quantile of a unit's rank is the
smallest rank r such that at least q of the runs placed it at r or better. So they are ranks that
happened, p05 ≤ median ≤ p95 always, and with no variation all three are the published rank. Counts
are compared as integers (a share "more than 5 %" is flips · 100 > 5 · runs), never as floats.
"""

from __future__ import annotations

import numpy as np

from .model import RankSpread
from .options import UNSETTLED_PERCENT

#: Pairs compared per block, times the runs: one block gathers two matrices of this many ranks, so a
#: national group's pairs never hold gigabytes at once.
PAIR_BLOCK_CELLS = 20_000_000


def quantile_column(ordered: np.ndarray, permille: int) -> np.ndarray:
    """The PERMILLE/1000-quantile of each row of ORDERED (each unit's runs sorted ascending)."""
    runs = ordered.shape[1]
    return ordered[:, (permille * runs + 999) // 1000 - 1]


def spreads(units: np.ndarray, published: np.ndarray) -> tuple[list[RankSpread], np.ndarray]:
    """Each ranked unit's spread (rows of UNITS, [unit × run]; PUBLISHED their published ranks) and the
    runs' ranks sorted per unit."""
    ordered = np.sort(units, axis=1)
    median, p05, p95 = (quantile_column(ordered, q).tolist() for q in (500, 50, 950))
    same = (units == published[:, None]).sum(axis=1).tolist()
    top3 = (units <= 3).sum(axis=1).tolist()
    found = [
        RankSpread(median=m, p05=lo, p95=hi, same_rank=s, top3=t)
        for m, lo, hi, s, t in zip(median, p05, p95, same, top3, strict=True)
    ]
    return found, ordered


def unsettled(units: np.ndarray, ordered: np.ndarray) -> list[tuple[int, int, int]]:
    """(first, second, flips) for every pair of rows of UNITS ([unit × run]), FIRST listed before SECOND,
    where SECOND ranks strictly ahead of FIRST in more than UNSETTLED_PERCENT % of the runs.

    Only pairs that can flip that often are compared: if FIRST's 97.5 % rank is no worse than SECOND's
    lowest rank above its 2.5 % tail, each of the two tails holds at most 2.5 % of the runs, and SECOND can
    be ahead only in a run where one of them is in its tail (at most 5 %). A national group then compares
    its neighbours, not every pair of thousands of units.
    """
    n, runs = units.shape
    if n < 2 or runs == 0:
        return []
    high = quantile_column(ordered, 975)
    low = ordered[:, (25 * runs) // 1000]
    first, second = np.nonzero(np.triu(low[None, :] < high[:, None], k=1))
    found: list[tuple[int, int, int]] = []
    block = max(1, PAIR_BLOCK_CELLS // runs)
    for start in range(0, len(first), block):
        a, b = first[start : start + block], second[start : start + block]
        flips = (units[b] < units[a]).sum(axis=1)
        keep = flips * 100 > UNSETTLED_PERCENT * runs
        found += zip(a[keep].tolist(), b[keep].tolist(), flips[keep].tolist(), strict=True)
    return found
