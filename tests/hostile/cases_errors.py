"""Groups with nothing to rank: every command must answer them without a crash, a "None" or an empty "%"."""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_SELF, MINI_SURVEY, write_folder
from hostile.case import Case


def _every_criterion_na(root: Path) -> Path:
    """Both units mark every criterion N/A (policy exclude): maximum 0, no index, nobody ranked."""

    def na(text: str) -> str:
        header, *rows = text.splitlines()
        return (
            "\n".join([header, *(",".join([*row.split(",")[:2], "N/A", *row.split(",")[3:]]) for row in rows)]) + "\n"
        )

    return write_folder(root, self_assessment=na(MINI_SELF), survey=na(MINI_SURVEY), appraisal=None)


def _nobody_ranked(root: Path) -> Path:
    units = "unit_id,name,group,ranked\nA,Sở An,so,no\nB,Sở Bình,so,không\n"
    return write_folder(root, units=units)


CASES = [
    Case("every-criterion-na", _every_criterion_na, exit_code=0, first_code=None),
    Case("nobody-ranked", _nobody_ranked, exit_code=0, first_code=None),
]
