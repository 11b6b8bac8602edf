"""Score rows matched to their unit and criterion, checked, and written into the group matrices.

The work per row is whole-column pyarrow and numpy operations: `prepare_columns` parses scores,
looks up units and encodes codes; `match` reports what does not fit and fills the matrices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..framework import ADJUSTMENTS, SURVEY, Criterion, Group
from ..numbers import format_points, to_micro
from ..problems import Report, Words
from ..readers import Table
from ..scores import ParsedScores, parse_score_array
from .located import blank, cell, dates, encode, index_in, lower, points, report_rows
from .model import APPRAISAL_FILE, FILE_METHOD, ROUNDS, GroupData, Layout, ScoreRows
from .rounds import fill_rounds, parse_rounds


@dataclass
class Columns:
    """What a score table's rows hold, worked out column by column before any row is reported."""

    parsed: ParsedScores
    blank: dict[str, np.ndarray]
    unit_pos: np.ndarray
    rejected: np.ndarray
    codes: tuple[list[str], np.ndarray]


@dataclass
class _FileRows:
    """One score file being matched: its stem, its rows and its prepared columns."""

    stem: str
    rows: ScoreRows
    columns: Columns


def prepare_columns(table: Table, unit_keys: list[str], rejected_keys: list[str]) -> Columns:
    """Parse scores, find each row's unit (UNIT_KEYS, lowered) and encode its code: pure, no report."""
    lowered = lower(table.column("unit_id"))
    rejected = pc.is_in(lowered, value_set=pa.array(rejected_keys, type=pa.string()))
    return Columns(
        parse_score_array(table.column("score")),
        {column: blank(table.column(column)) for column in ("unit_id", "code", "score")},
        index_in(lowered, unit_keys),
        rejected.to_numpy(zero_copy_only=False),
        encode(table.column("code")),
    )


def match(stem: str, table: Table, columns: Columns, layout: Layout, report: Report) -> ScoreRows:
    """Match every row to its unit and leaf, report what does not fit, fill the matrices."""
    parsed, empty = columns.parsed, columns.blank
    for column, cells in empty.items():
        if column == "score" and stem != APPRAISAL_FILE:
            cells = cells & ~_blank_adjustments(columns, layout)
        if column != "score" or stem != APPRAISAL_FILE:  # a blank appraised score: the earlier score stands
            report_rows(report, "missing-value", table, np.flatnonzero(cells), column)
    invalid = np.flatnonzero(parsed.invalid)
    excel = dates(table, "score", invalid)
    report_rows(report, "invalid-number", table, invalid[~excel], "score", cell(table, "score"))
    report_rows(report, "excel-date", table, invalid[excel], "score", cell(table, "score"))
    unit_pos = columns.unit_pos
    unknown = np.flatnonzero((unit_pos < 0) & ~empty["unit_id"] & ~columns.rejected)
    report_rows(report, "unknown-unit", table, unknown, "unit_id", cell(table, "unit_id"))
    rows = ScoreRows(
        table, parsed.micro, parsed.na, parsed.invalid | parsed.blank, unit_pos, np.full(len(table), -1, np.int64)
    )
    if stem == APPRAISAL_FILE:
        rows.round, wrong_round = parse_rounds(table, report)
        rows.bad |= wrong_round
    file = _FileRows(stem, rows, columns)
    for g, (key, data) in enumerate(layout.groups.items()):
        selected = np.flatnonzero(layout.in_group(unit_pos, g))
        if len(selected):
            _match_group(file, selected, f"{key} – {data.group.name}", data, layout.local, report)
    _duplicates(rows, report)
    return rows


def _blank_adjustments(columns: Columns, layout: Layout) -> np.ndarray:
    """Rows with a blank score on a bonus or penalty criterion of their unit's group: no score, not an error.

    Why: a unit's workbook (`template FOLDER --out DIR/`) lists those criteria; a unit with no bonus
    and no penalty leaves their cells empty, which means 0, as a missing row does.
    """
    found = np.zeros(len(columns.unit_pos), dtype=bool)
    blank_rows = columns.blank["score"] & (columns.unit_pos >= 0)
    if not blank_rows.any():
        return found
    distinct, indices = columns.codes
    unit_group = layout.unit_group[np.maximum(columns.unit_pos, 0)]
    for g, data in enumerate(layout.groups.values()):
        codes = {n.code for n in data.group.nodes.values() if n.is_leaf and n.method in ADJUSTMENTS}
        if codes:
            lookup = np.array([code in codes for code in distinct] + [False])  # the last: a blank code
            found |= blank_rows & (unit_group == g) & lookup[indices]
    return found


def _match_group(
    file: _FileRows, selected: np.ndarray, where: str, data: GroupData, local: np.ndarray, report: Report
) -> None:
    """The SELECTED rows (units of group DATA): codes checked against the group's tree, scores stored."""
    group, rows, stem = data.group, file.rows, file.stem
    table = rows.table
    nodes = list(group.nodes.values())
    node_pos = _node_positions(nodes, file.columns.codes, selected)
    known = node_pos >= 0
    safe = np.where(known, node_pos, 0)
    is_leaf = np.array([n.is_leaf for n in nodes])[safe] & known
    right = np.array([n.scored_as == FILE_METHOD[stem] for n in nodes])[safe] & known
    code = cell(table, "code")
    unknown = selected[~known & ~file.columns.blank["code"][selected]]
    excel = dates(table, "code", unknown)
    report_rows(report, "unknown-criterion", table, unknown[~excel], "code", code, where)
    report_rows(report, "excel-date", table, unknown[excel], "code", code)
    children = {node.code: ", ".join(node.children) for node in nodes}
    parents = selected[known & ~is_leaf]
    report_rows(report, "not-a-leaf", table, parents, "code", code, lambda i: children[table.text("code", i)])
    _wrong_method(stem, table, selected[is_leaf & ~right], report)
    good = is_leaf & right
    leaf_of = np.array([group.leaf_position.get(n.code, -1) for n in nodes], dtype=np.int64)
    matched, leaves = selected[good], leaf_of[node_pos[good]]
    rows.leaf[matched] = leaves
    _range(rows, matched, leaves, group, report)
    target_units = local[rows.unit_pos[matched]]
    if rows.round is not None:
        fill_rounds(data, rows, matched, leaves, target_units, ~file.columns.blank["score"][matched])
        return
    matrix = data.matrices[stem]
    matrix.present[target_units, leaves] = True
    usable = ~rows.bad[matched]
    matrix.micro[target_units[usable], leaves[usable]] = rows.micro[matched][usable]
    matrix.na[target_units[usable], leaves[usable]] = rows.na[matched][usable]


def _node_positions(nodes: list[Criterion], codes: tuple[list[str], np.ndarray], selected: np.ndarray) -> np.ndarray:
    """Per SELECTED row, the position of its code among NODES (-1: not in this group's tree).

    The few distinct codes of the file are looked up once; rows then index that small table.
    """
    position = {node.code: i for i, node in enumerate(nodes)}
    distinct, indices = codes
    lookup = np.array([position.get(code, -1) for code in distinct] + [-1], dtype=np.int64)
    return lookup[indices[selected]]


def _range(rows: ScoreRows, matched: np.ndarray, leaves: np.ndarray, group: Group, report: Report) -> None:
    """Scores below 0 or above their criterion's maximum."""
    values = rows.micro[matched]
    numeric = ~rows.bad[matched] & ~rows.na[matched]
    out = numeric & ((values < 0) | (values > group.leaf_max_micro[leaves]))
    table, leaf = rows.table, rows.leaf

    def maximum(i: int) -> Words:
        return points(group.leaves[leaf[i]].max_points)

    def code(i: int) -> str:
        return group.leaves[leaf[i]].code

    report_rows(report, "out-of-range", table, matched[out], "score", cell(table, "score"), maximum, code)
    _levels(rows, matched[numeric & ~out], group, report)


def off_level(group: Group, leaves: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per score (of leaf LEAVES[i], VALUES[i] micro-points): its leaf lists levels and it is none of them.

    Survey leaves are not checked: a survey score is an average of many answers.
    """
    wrong = np.zeros(len(leaves), dtype=bool)
    for j, criterion in enumerate(group.leaves):  # only the few leaves with levels cost a pass
        if criterion.levels and criterion.scored_as != SURVEY:
            allowed = np.array([to_micro(level) for level in criterion.levels], dtype=np.int64)
            wrong |= (leaves == j) & ~np.isin(values, allowed)
    return wrong


def _levels(rows: ScoreRows, matched: np.ndarray, group: Group, report: Report) -> None:
    """In-range scores of a leaf with levels (its a), b), c) scores) that are none of them."""
    table, leaf = rows.table, rows.leaf
    wrong = off_level(group, leaf[matched], rows.micro[matched])

    def levels(i: int) -> Words:
        shown = group.leaves[leaf[i]].levels
        return Words(en="; ".join(format_points(v) for v in shown), vi="; ".join(format_points(v, "vi") for v in shown))

    def code(i: int) -> str:
        return group.leaves[leaf[i]].code

    report_rows(report, "not-a-level", table, matched[wrong], "score", cell(table, "score"), levels, code)


def _wrong_method(stem: str, table: Table, indices: np.ndarray, report: Report) -> None:
    """Rows of a criterion scored by the other method (survey in the appraisal files, or the reverse)."""
    if FILE_METHOD[stem] == SURVEY:
        detail = Words(en="appraisal", vi="thẩm định")
        expected = Words(en="self-assessment or appraisal", vi="tệp tự đánh giá hoặc tệp thẩm định")
    else:
        detail = Words(en="survey", vi="điều tra xã hội học")
        expected = Words(en="the survey file", vi="tệp điều tra xã hội học (survey.csv)")
    report_rows(report, "wrong-method", table, indices, "code", cell(table, "code"), detail, expected)


def _duplicates(rows: ScoreRows, report: Report) -> None:
    """The same unit and leaf twice in one file: every repeat, with the row of the first."""
    matched = np.flatnonzero(rows.leaf >= 0)
    if not len(matched):
        return
    keys = rows.unit_pos[matched] * (int(rows.leaf.max()) + 1) + rows.leaf[matched]
    if rows.round is not None:  # one row per round: a leaf appraised again in round 2 is no repeat
        keys = keys * (ROUNDS[-1] + 1) + rows.round[matched]
    # counting is linear; sorting (np.unique) is needed only for the few keys seen twice
    repeated = np.bincount(keys)[keys] > 1
    if not repeated.any():
        return
    matched, keys = matched[repeated], keys[repeated]
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    repeat = first[inverse] != np.arange(len(keys))
    table = rows.table
    first_row = np.zeros(len(table), dtype=np.int64)
    first_row[matched[repeat]] = table.rows[matched[first[inverse[repeat]]]]
    unit_id, code = cell(table, "unit_id"), cell(table, "code")
    # the usual slip in the appraisal: a row added for round 2 without its 2 in the round column
    detail = code if rows.round is None else _in_round(code, rows.round)
    report_rows(report, "duplicate-row", table, matched[repeat], "code", unit_id, detail, lambda i: int(first_row[i]))


def _in_round(code: Callable[[int], str], rounds: np.ndarray) -> Callable[[int], Words]:
    """A repeated leaf of the appraisal named with its round ("2.1 of round 1"), so a round-2 row typed
    without its round is seen for what it is, not as a copy to delete."""
    return lambda i: Words(en=f"{code(i)} of round {int(rounds[i])}", vi=f"{code(i)} của vòng {int(rounds[i])}")
