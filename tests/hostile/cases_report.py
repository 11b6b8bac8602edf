"""Cascades at scale (issue 15 item 4, issue 9 item 4): millions of problems counted, a few listed, said once.

Every command must answer these in about a second with one grouped line per cause, however many
rows or (unit, criterion) pairs are wrong.
"""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_SELF, write_folder
from hostile.case import Case

#: 30,000 units x 6 leaves of the mini framework: 180,000 missing scores (and 30,000 units without rows).
UNITS = 30_000
#: Rows of self-assessment for a unit that units.csv does not have.
STRAY_ROWS = 20_000


def _no_scores(root: Path) -> Path:
    units = "unit_id,name,group\n" + "".join(f"U{i:05d},Đơn vị {i},so\n" for i in range(UNITS))
    header = "unit_id,code,score\n"
    return write_folder(root, units=units, self_assessment=header, appraisal=None, survey=header)


def _stray_unit(root: Path) -> Path:
    return write_folder(root, self_assessment=MINI_SELF + "Q,2.1,1,\n" * STRAY_ROWS)


CASES = [
    Case(
        "every-score-missing",
        _no_scores,
        exit_code=1,
        first_code="missing-score",
        says=(f"{UNITS * 4:,} times", f"{UNITS * 2:,} times"),
    ),
    Case(
        "one-unknown-unit-on-every-row",
        _stray_unit,
        exit_code=1,
        first_code="unknown-unit",
        says=(f"{STRAY_ROWS:,} rows: 10–{STRAY_ROWS + 9}, column unit_id",),
    ),
]
