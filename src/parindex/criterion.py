"""One node of a criteria tree, and the scoring methods a leaf may have.

Why a module of its own: the framework loader (`framework.py`) and the criteria table's reader
(`criteria_table.py`) both build and read these, and neither should import the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .numbers import to_micro

APPRAISAL = "appraisal"
SURVEY = "survey"
#: Points added after the index's points (điểm thưởng, điểm cộng): never part of the maximum.
BONUS = "bonus"
#: Points deducted after the index's points (điểm trừ): never part of the maximum.
PENALTY = "penalty"
METHODS = (APPRAISAL, SURVEY, BONUS, PENALTY)
#: The methods whose points make up the maximum (and the domains).
COUNTED = (APPRAISAL, SURVEY)
#: Bonus and penalty: scored like appraisal leaves, kept out of the maximum.
ADJUSTMENTS = (BONUS, PENALTY)


@dataclass(frozen=True)
class Criterion:
    """One node of the tree: a domain (lĩnh vực), criterion (tiêu chí) or sub-criterion.

    LABEL is the annex's own numbering ("II", "1.1", "a)"), kept for display; LEVELS are the scores a
    leaf allows (its a), b), c) levels), empty when any score from 0 to the maximum is allowed.
    """

    code: str
    name: str
    max_points: Decimal
    method: str | None
    guidance: str = ""
    source: str = ""
    children: tuple[str, ...] = ()
    label: str = ""
    levels: tuple[Decimal, ...] = ()

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1

    @property
    def parent(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def max_micro(self) -> int:
        """The maximum in exact integer micro-points."""
        return to_micro(self.max_points)

    @property
    def scored_as(self) -> str | None:
        """Which files score the leaf: bonus and penalty leaves are self-assessed then appraised."""
        return APPRAISAL if self.method in ADJUSTMENTS else self.method

    @property
    def counted(self) -> bool:
        """Whether the leaf's maximum is part of the unit's maximum (not a bonus or penalty)."""
        return self.method in COUNTED


def code_key(code: str) -> tuple[int, ...]:
    """Natural order of dotted codes: 1.2 < 1.10 < 2."""
    return tuple(int(part) for part in code.split("."))
