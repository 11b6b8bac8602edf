"""A score table as officers' forms hold it: section headings, the criteria tree's own rows and
subtotals are set aside (said in one note per file), and units named instead of given by id."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import columns as cols
from ..framework import Framework
from ..problems import NOTE, Problem, Report, Words
from ..readers import Table, distinct_texts
from ..scores import parse_score_array
from .located import index_in, lower
from .model import Unit

#: Rows not read as scores (section headings, subtotals), by file, until said in a note.
Ignored = dict[str, list[int]]


def prepare(table: Table, framework: Framework | None, units: list[Unit] | None, ignored: Ignored) -> Table:
    """TABLE with a note column, codes without a trailing dot, and without headings and tree rows."""
    if "note" not in table.columns:
        table = table.with_column("note", pa.repeat(pa.scalar("", pa.string()), len(table)))
    table = table.with_column("code", pc.utf8_rtrim(table.column("code"), characters="."))
    table = without(table, headings(table), ignored)
    if framework is not None:
        table = without(table, _tree_rows(table, framework, units or []), ignored)
    return table


def ids_from_names(table: Table, units: list[Unit] | None) -> Table:
    """A score table that names its units ("Sở Y tế") instead of giving ids: each name that is exactly
    one unit's name (ignoring case, diacritics and spacing) becomes its id; any other text is kept as
    written, so it is reported as an unknown unit."""
    distinct, positions = distinct_texts(table.column("unit_name"))
    by_name: dict[str, list[str]] = {}
    for unit in units or []:
        by_name.setdefault(cols.fold(unit.name), []).append(unit.unit_id)
    ids = [found[0] if len(found := by_name.get(cols.fold(text), [])) == 1 else text for text in distinct.to_pylist()]
    unit_ids = pa.array(ids + [""], pa.string()).take(pa.array(np.where(positions < 0, len(ids), positions)))
    headers = {**(table.headers or {}), "unit_id": table.header("unit_name")}
    return replace(table.with_column("unit_id", unit_ids), headers=headers)


def headings(table: Table) -> np.ndarray:
    """Rows with no unit id, no code and no score but text elsewhere: a form's section headings
    ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), not scores. (A per-unit file's ids are filled in later.)"""
    empty = pc.and_(pc.equal(table.column("code"), ""), pc.equal(table.column("score"), ""))
    if "unit_id" in table.columns:
        empty = pc.and_(empty, pc.equal(table.column("unit_id"), ""))
    return np.asarray(empty.to_numpy(zero_copy_only=False), dtype=bool)


def without(table: Table, drop: np.ndarray, ignored: Ignored) -> Table:
    """TABLE without the rows in DROP, which are added to IGNORED for one note per file."""
    if not drop.any():
        return table
    for i in np.flatnonzero(drop):
        ignored.setdefault(table.file(i), []).append(table.row(i))
    keep = pa.array(~drop)
    columns = {name: pc.filter(array, keep) for name, array in table.columns.items()}
    files = None if table.files is None else table.files[~drop]
    return replace(table, columns=columns, rows=table.rows[~drop], files=files)


def say_ignored(ignored: Ignored, report: Report) -> None:
    """One note per file listing the heading and subtotal rows that were not read as scores."""
    for label, rows in ignored.items():
        shown = ", ".join(str(r) for r in sorted(rows)[:12]) + (", …" if len(rows) > 12 else "")
        detail = Words(en=f"Rows {shown} ({len(rows)} rows)", vi=f"Các dòng {shown} ({len(rows)} dòng)")
        if len(rows) == 1:
            detail = Words(en=f"Row {shown}", vi=f"Dòng {shown}")
        report.add(Problem("rows-ignored", label, row=min(rows), severity=NOTE, params={"detail": detail}))


def _tree_rows(table: Table, framework: Framework, units: list[Unit]) -> np.ndarray:
    """Rows of a parent criterion that a form lists for its tree: without a score, or with the exact
    subtotal of the unit's scores below it in the same file. Other parent rows stay (`not-a-leaf`)."""
    drop = np.zeros(len(table), dtype=bool)
    if not units or not len(table):
        return drop
    candidates = _parent_rows(table, framework, units)
    if not candidates:
        return drop
    parsed = parse_score_array(table.column("score"))
    files = table.files if table.files is not None else np.full(len(table), table.label, dtype=object)
    ids = pc.utf8_lower(table.column("unit_id")).to_pylist()
    codes = table.column("code").to_pylist()
    position = {(files[i], ids[i], codes[i]): i for i in range(len(table))}
    for i, u in candidates:
        if parsed.blank[i]:
            drop[i] = True  # the tree's own row, left blank: a heading
            continue
        group = framework.groups[units[u].group]
        node = group.nodes[codes[i]]
        below = [position.get((files[i], ids[i], leaf.code)) for leaf in group.leaves[group.leaf_slices[node.code]]]
        rows = [r for r in below if r is not None]
        if not rows or parsed.invalid[i] or parsed.na[i] or parsed.invalid[rows].any():
            continue
        drop[i] = int(parsed.micro[i]) == int(parsed.micro[rows][~parsed.na[rows]].sum())
    return drop


def _parent_rows(table: Table, framework: Framework, units: list[Unit]) -> list[tuple[int, int]]:
    """(row, unit position) of every row whose code is a parent criterion in its unit's group."""
    parents = {code for group in framework.groups.values() for code, node in group.nodes.items() if not node.is_leaf}
    maybe = np.flatnonzero(pc.is_in(table.column("code"), pa.array(sorted(parents), pa.string())).to_numpy(False))
    if not len(maybe):
        return []
    # a code may be a parent in one group and a leaf in another: a row counts in its unit's group
    unit_keys = [u.unit_id.lower() for u in units]
    taken = pa.array(maybe)
    in_units = index_in(lower(pc.take(table.column("unit_id"), taken)), unit_keys)
    keys = list(framework.groups)
    unit_group = np.array([keys.index(u.group) if u.group in keys else -1 for u in units] + [-1])
    row_group = unit_group[in_units]  # in_units is -1 for an unknown unit: the appended -1
    codes_maybe = pc.take(table.column("code"), taken)
    is_candidate = np.zeros(len(maybe), dtype=bool)
    for g, group in enumerate(framework.groups.values()):
        group_parents = pa.array([c for c, n in group.nodes.items() if not n.is_leaf], pa.string())
        is_candidate |= (row_group == g) & pc.is_in(codes_maybe, group_parents).to_numpy(zero_copy_only=False)
    return [(int(i), int(u)) for i, u in zip(maybe[is_candidate], in_units[is_candidate], strict=True)]
