"""Self-scores given without evidence, when the framework requires evidence (a warning, never an error).

Why a warning: the council can still appraise the score (and usually lowers it); parindex only
points out which rows lack the document the framework asks for, grouped like every other problem.
"""

from __future__ import annotations

import numpy as np

from ..evidence import REQUIRED
from ..problems import WARNING, Report
from .located import blank, report_rows
from .model import Layout, ScoreRows


def warn_evidence(layout: Layout, rows: ScoreRows | None, policy: str, report: Report) -> None:
    """One `no-evidence` per self-assessment row scored above 0 without evidence, under "required"."""
    if policy != REQUIRED or rows is None or not len(rows.table):
        return
    table = rows.table
    missing = blank(table.column("evidence")) if "evidence" in table.columns else np.ones(len(table), dtype=bool)
    scored = (rows.leaf >= 0) & ~rows.bad & ~rows.na & (rows.micro > 0)
    found = np.flatnonzero(scored & missing)
    groups = list(layout.groups.values())
    unit_pos = np.maximum(rows.unit_pos, 0)

    def unit_id(i: int) -> str:
        data = groups[int(layout.unit_group[unit_pos[i]])]
        return data.units[int(layout.local[unit_pos[i]])].unit_id

    def code(i: int) -> str:
        data = groups[int(layout.unit_group[unit_pos[i]])]
        return data.group.leaves[int(rows.leaf[i])].code

    column = "evidence" if "evidence" in table.columns else "score"
    report_rows(report, "no-evidence", table, found, column, unit_id, code, severity=WARNING)
