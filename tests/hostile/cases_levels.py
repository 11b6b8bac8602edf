"""Frameworks with scoring levels, bonus and penalty points, an index cap and an optional survey.

The folders are test_levels.py's (a framework of maximum 10 with every feature); each case bends one
thing the way a hand-edited framework or score file would.
"""

from __future__ import annotations

from pathlib import Path

from hostile.case import Case
from test_levels import CRITERIA, SELF, make_folder


def valid(root: Path) -> Path:
    return make_folder(root)


def not_a_level(root: Path) -> Path:
    rows = [list(row) for row in SELF]
    rows[0][2] = "1,5"  # A's 1.1 allows 0; 0,5; 1; 2
    return make_folder(root, self_rows=rows)


def garbage_levels(root: Path) -> Path:
    """A levels cell of 5,000 parts ending in a word, and an index cap that is a word."""
    criteria = [list(row) for row in CRITERIA]
    criteria[2][5] = ";".join(["0,5"] * 5_000 + ["hai"])
    folder = make_folder(root, criteria=criteria, cap='index_cap = "một trăm"')
    return folder


def uncapped_penalties(root: Path) -> Path:
    """No cap, every unit's penalty and no other score: totals below 0, indices 0."""
    rows = [[unit, code, "0"] for unit in "ABCD" for code in ("1.1", "1.2")] + [[u, "4", "1"] for u in "ABCD"]
    return make_folder(root, cap="index_cap = false", self_rows=rows, survey=[])


CASES = [
    Case("levels-bonus-penalty-optional-survey", valid, exit_code=0, first_code=None),
    Case("levels-score-not-a-level", not_a_level, exit_code=1, first_code="not-a-level"),
    Case("levels-garbage-levels-and-cap", garbage_levels, exit_code=1, first_code="framework-invalid"),
    Case("levels-uncapped-penalties-below-zero", uncapped_penalties, exit_code=0, first_code=None),
]
