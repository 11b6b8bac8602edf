"""Warnings that never make a folder invalid: units without a self-assessment, and appraisal rows
that change a self-score a lot or without the council's reason."""

from __future__ import annotations

import numpy as np

from ..framework import APPRAISAL
from ..numbers import from_micro
from ..problems import WARNING, Problem, Report, Words
from .completeness import Sources, unattributed
from .located import blank, cell, points, report_rows
from .matching import off_level
from .model import APPRAISAL_FILE, ROUNDS, SELF, GroupData, Layout, ScoreRows
from .rounds import warn_round_two


def warn(layout: Layout, rows: dict[str, ScoreRows], sources: Sources, fileless: set[str], report: Report) -> None:
    """Every warning of a loaded folder, group by group, then the appraisal rows."""
    for data in layout.groups.values():
        # a self-assessment that could not be read is one error already, not a warning per unit
        if SELF in sources.unreadable or not any(leaf.method == APPRAISAL for leaf in data.group.leaves):
            continue
        no_rows = ~data.matrices[SELF].present.any(axis=1) & ~unattributed(data, sources)
        no_rows &= np.array([u.unit_id.lower() not in fileless for u in data.units], dtype=bool)
        _no_self_assessment(data, np.flatnonzero(no_rows), sources.label(SELF), report)
    appraisal = rows.get(APPRAISAL_FILE)
    if appraisal is not None and len(appraisal.table):
        self_bad = _bad_cells(rows.get(SELF), layout)
        _warn_adjustments(layout, appraisal, self_bad, report)
        warn_round_two(layout, appraisal, self_bad, report)


def _no_self_assessment(data: GroupData, lacking: np.ndarray, label: str, report: Report) -> None:
    """One warning per unit of the group (LACKING, positions) that has no self-assessment row."""

    def make(k: int) -> Problem:
        unit_id = data.units[int(lacking[k])].unit_id
        return Problem("no-self-assessment", label, value=unit_id, severity=WARNING)

    report.add_many(len(lacking), make)


def _bad_cells(rows: ScoreRows | None, layout: Layout) -> list[np.ndarray]:
    """Per group, a [unit, leaf] mask of the cells whose score row is an error (not a number, out of range,
    not a level)."""
    masks = [np.zeros(data.matrices[SELF].present.shape, dtype=bool) for data in layout.groups.values()]
    if rows is None:
        return masks
    matched = np.flatnonzero(rows.leaf >= 0)  # a matched leaf implies a known unit
    owner = layout.unit_group[rows.unit_pos[matched]]
    for g, (mask, data) in enumerate(zip(masks, layout.groups.values(), strict=True)):
        mine = matched[owner == g]
        leaves, values = rows.leaf[mine], rows.micro[mine]
        numeric = ~rows.bad[mine] & ~rows.na[mine]
        wrong = rows.bad[mine] | (numeric & ((values < 0) | (values > data.group.leaf_max_micro[leaves])))
        wrong |= numeric & off_level(data.group, leaves, values)
        mask[layout.local[rows.unit_pos[mine[wrong]]], leaves[wrong]] = True
    return masks


def _warn_adjustments(layout: Layout, appraisal: ScoreRows, self_bad: list[np.ndarray], report: Report) -> None:
    """Appraisal rows that change a self-score a lot, or without the council's reason (vectorised).

    A self-score that is itself an error (SELF_BAD, per group) is not compared: "changed from 0"
    warnings on top of the error would say one mistake many times.
    """
    usable = (appraisal.leaf >= 0) & ~appraisal.bad
    local = layout.local
    unit_pos = np.maximum(appraisal.unit_pos, 0)
    no_note = blank(appraisal.table.column("note"))
    if appraisal.round is not None:  # a round-2 change is said against round 1 (warn_round_two)
        no_note = no_note & (appraisal.round == ROUNDS[0])
    for g, data in enumerate(layout.groups.values()):
        selected = np.flatnonzero(usable & layout.in_group(appraisal.unit_pos, g))
        if not len(selected):
            continue
        u, j = local[unit_pos[selected]], appraisal.leaf[selected]
        self_m = data.matrices[SELF]
        new_units, new_na = appraisal.micro[selected], appraisal.na[selected]
        old_units, old_na = self_m.micro[u, j], self_m.na[u, j]
        changed = self_m.present[u, j] & ~self_bad[g][u, j] & ((new_units != old_units) | (new_na != old_na))
        large = changed & ~new_na & ~old_na & (np.abs(new_units - old_units) * 2 > data.group.leaf_max_micro[j])
        _warn_rows(appraisal, selected[changed & no_note[selected]], selected[large], data, local, report)


def _warn_rows(
    appraisal: ScoreRows, no_note: np.ndarray, large: np.ndarray, data: GroupData, local: np.ndarray, report: Report
) -> None:
    """The missing-note (rows NO_NOTE) and large-adjustment (rows LARGE) warnings of one group."""
    table, leaf, old = appraisal.table, appraisal.leaf, data.matrices[SELF]
    unit_pos = np.maximum(appraisal.unit_pos, 0)

    def unit_id(i: int) -> str:
        return data.units[local[unit_pos[i]]].unit_id

    def code(i: int) -> str:
        return data.group.leaves[leaf[i]].code

    def before(i: int) -> Words:
        return points(from_micro(int(old.micro[local[unit_pos[i]], leaf[i]])))

    def both(i: int) -> Words:
        unit, leaf_code = unit_id(i), code(i)
        return Words(en=f"criterion {leaf_code} of unit '{unit}'", vi=f"điểm tiêu chí {leaf_code} của đơn vị '{unit}'")

    report_rows(report, "missing-note", table, no_note, "note", unit_id, code, severity=WARNING)
    score = cell(table, "score")
    report_rows(report, "large-adjustment", table, large, "score", score, both, before, severity=WARNING)
