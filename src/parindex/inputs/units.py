"""units.csv: every unit once, with a known group and a readable "ranked" flag."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import columns as cols
from ..framework import Framework
from ..problems import Problem, Report, Words
from ..readers import Table
from .located import blank, cell, index_in, lower, report_rows
from .model import Roster, Unit
from .tables import has_columns

YES = ("yes", "y", "có", "co", "x", "1", "true")
NO = ("no", "n", "không", "khong", "0", "false")


def check_units(table: Table | None, framework: Framework | None, report: Report) -> Roster:
    """The units of TABLE that pass every check; a row that fails one is reported and rejected."""
    if table is None or not has_columns(table, cols.UNITS, report):
        return Roster()
    if not len(table):
        report.add(Problem("empty-file", table.label))
        return Roster()
    ok = np.ones(len(table), dtype=bool)
    for column in ("unit_id", "name", "group"):
        empty = blank(table.column(column))
        report_rows(report, "missing-value", table, np.flatnonzero(empty), column)
        ok &= ~empty
    keys = lower(table.column("unit_id")).to_numpy(zero_copy_only=False)
    ok &= _unique_units(table, keys, report)
    group_keys = list(framework.groups) if framework else []
    group_pos = index_in(lower(table.column("group")), [k.lower() for k in group_keys])
    if framework is not None:
        ok &= _known_groups(table, group_pos, framework, report)
    ranked, readable = _ranked(table, report)
    ok &= readable
    ids, names = table.column("unit_id").to_pylist(), table.column("name").to_pylist()
    units = [
        Unit(ids[i], names[i], group_keys[group_pos[i]] if framework else "", bool(ranked[i]))
        for i in np.flatnonzero(ok)
    ]
    return Roster(units, [str(k) for k in keys[~ok]])


def _unique_units(table: Table, keys: np.ndarray, report: Report) -> np.ndarray:
    """False for every repeat of a unit id (compared case-insensitively), reported with the first row."""
    filled = ~blank(table.column("unit_id"))
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    repeat = (first[inverse] != np.arange(len(keys))) & filled
    first_rows = table.rows[first[inverse]]
    value = cell(table, "unit_id")
    report_rows(report, "duplicate-unit", table, np.flatnonzero(repeat), "unit_id", value, lambda i: int(first_rows[i]))
    return ~repeat


def _known_groups(table: Table, group_pos: np.ndarray, framework: Framework, report: Report) -> np.ndarray:
    """False for a row whose group is neither a key nor a name of the framework's groups (GROUP_POS is
    filled in place where the group is written as its name, "Sở, ban, ngành", rather than its key)."""
    names = {key: group.name for key, group in framework.groups.items()}
    keys = list(framework.groups)
    for i in np.flatnonzero(group_pos < 0):
        key = cols.group_by_name(table.text("group", i), names)
        if key is not None:
            group_pos[i] = keys.index(key)
    unknown = (group_pos < 0) & ~blank(table.column("group"))
    value = cell(table, "group")
    report_rows(report, "unknown-group", table, np.flatnonzero(unknown), "group", value, ", ".join(keys))
    return ~unknown


def _ranked(table: Table, report: Report) -> tuple[np.ndarray, np.ndarray]:
    """Per row: is the unit ranked (the column is optional), and is its flag readable (yes/no, có/không)."""
    ranked = np.ones(len(table), dtype=bool)
    if "ranked" not in table.columns:
        return ranked, ranked.copy()
    flags = lower(table.column("ranked"))
    ranked = ~pc.is_in(flags, value_set=pa.array(NO)).to_numpy(zero_copy_only=False)
    wrong = ~pc.is_in(flags, value_set=pa.array((*YES, *NO, ""))).to_numpy(zero_copy_only=False)
    detail = Words(en="yes or no (có / không)", vi="có / không (hoặc yes / no)")
    report_rows(report, "invalid-value", table, np.flatnonzero(wrong), "ranked", cell(table, "ranked"), detail)
    return ranked, ~wrong
