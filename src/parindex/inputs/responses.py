"""Survey points from questionnaire answers: survey-responses.csv instead of survey.csv.

One row per respondent and question (``unit_id, code, respondent, answer``), as provincial survey
software exports them. Each survey leaf's points are its maximum times the mean weight of the
unit's answers to it (the framework's ``[survey] answers``), computed exactly with integers and
rounded half-up once, at ``survey_decimals``, into the very survey matrix survey.csv fills, so
scoring, ranking and every output treat both sources alike.

Why round there: a mean is generally not a finite decimal (2 × 2/3), and a leaf's points are what
the survey software publishes per criterion and what an auditor adds up; rounded once per leaf, the
unit's survey total is exactly the sum of the points shown.

``min_respondents`` counts, per unit *and* criterion, the respondents who answered it: the mean a
leaf's points rest on is the mean of that criterion's answers, so that is the sample the minimum
guards. A blank answer is "not answered": not counted, neither in the mean nor as a respondent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import columns as cols
from ..framework import SURVEY, Criterion, Framework, Group
from ..framework_survey import SurveySettings
from ..numbers import MICRO_PER_POINT
from ..problems import Problem, Report, Words
from ..readers import Table, find_table
from .located import blank, cell, dates, encode, index_in, lower, report_rows
from .model import RESPONSES_FILE, SURVEY_FILE, GroupData, Layout, ResponseCounts, Roster, ScoreFile, ScoreMatrix
from .score_files import Ignored, ids_from_names, say_ignored, without
from .tables import has_columns, read_single

#: The answer slot of a row whose answer is blank (not answered), and of one not among the answers.
BLANK, UNKNOWN = -2, -1


def has_responses(folder: Path) -> bool:
    """Whether FOLDER holds a survey-responses table (.csv or .xlsx)."""
    return bool(find_table(folder, RESPONSES_FILE))


def read_responses(folder: Path, framework: Framework | None, roster: Roster, report: Report) -> ScoreFile | None:
    """survey-responses read and prepared as the folder's survey, or None when survey.csv is there too
    (one `survey-and-responses` error; survey.csv is then read as usual).

    The ScoreFile's table is an empty survey table (so survey.csv's checks find nothing to say and a
    survey leaf without answers is still `missing-score`); its ``answers`` hold the rows. When the
    answers cannot be used (unreadable, columns missing, no weights in the framework) both are None:
    the survey is then unreadable and its leaves are not reported missing one by one.
    """
    survey = find_table(folder, SURVEY_FILE)
    if survey:
        responses = find_table(folder, RESPONSES_FILE)[0].name
        params = {"detail": survey[0].name, "expected": responses}
        report.add(Problem("survey-and-responses", responses, params=params))
        return None
    table, paths = read_single(folder, RESPONSES_FILE, True, report)
    if table is not None and "unit_id" not in table.columns and "unit_name" in table.columns:
        table = ids_from_names(table, roster.units)
    found = ScoreFile(None, table.label if table is not None else f"{RESPONSES_FILE}.csv", paths)
    if table is None or not has_columns(table, cols.RESPONSES, report):
        return found
    if framework is not None and not framework.survey.answers:
        where = f"{framework.folder.name}/framework.toml"
        report.add(Problem("responses-without-answers", table.label, row=table.header_row, params={"detail": where}))
        return found
    found.table = _empty_survey(table.label)
    found.answers = _prepare(table, report)
    return found


def _empty_survey(label: str) -> Table:
    """A survey table without rows: survey.csv's place in the pipeline, taken by the answers."""
    names = ("unit_id", "code", "score", "note")
    return Table(label, {name: pa.array([], pa.string()) for name in names}, np.zeros(0, dtype=np.int64))


def _prepare(table: Table, report: Report) -> Table:
    """Codes without a trailing dot; rows with no unit, code, respondent or answer (a heading) set aside."""
    table = table.with_column("code", pc.utf8_rtrim(table.column("code"), characters="."))
    empty = np.ones(len(table), dtype=bool)
    for name in ("unit_id", "code", "respondent", "answer"):
        empty &= blank(table.column(name))
    ignored: Ignored = {}
    table = without(table, empty, ignored)
    say_ignored(ignored, report)
    return table


@dataclass
class _Rows:
    """The answer rows as matching finds them: unit (-1: none), leaf in the unit's group (-1: none),
    answer slot (BLANK, UNKNOWN or a position among the framework's answers)."""

    table: Table
    unit_pos: np.ndarray
    leaf: np.ndarray
    answer: np.ndarray


def apply_responses(
    found: ScoreFile, layout: Layout, roster: Roster, framework: Framework, report: Report
) -> ResponseCounts | None:
    """Every answer row checked and counted; each counted leaf's points put in the survey matrix."""
    table = found.answers
    if table is None:
        return None
    settings = framework.survey
    rows = _match_units(table, roster, settings, report)
    for g, data in enumerate(layout.groups.values()):
        selected = np.flatnonzero(layout.in_group(rows.unit_pos, g))
        _match_codes(rows, selected, data.group, report)
    _duplicates(rows, report)
    decimals = framework.decimals if settings.decimals is None else settings.decimals
    counted = ResponseCounts(table.label, settings, decimals)
    for g, (key, data) in enumerate(layout.groups.items()):
        counts, doubtful = _tally(rows, g, layout, len(data.group.leaves), len(settings.answers))
        counted.counts[key] = counts
        _fill(data.matrices[SURVEY_FILE], counts, doubtful, data.group, counted)
        _too_few(counts, doubtful, data, counted, report)
    return counted


def _match_units(table: Table, roster: Roster, settings: SurveySettings, report: Report) -> _Rows:
    """Blank required cells, unknown units and unknown answers reported; each row's unit and answer found."""
    empty = {name: blank(table.column(name)) for name in ("unit_id", "code", "respondent")}
    for name, cells in empty.items():
        report_rows(report, "missing-value", table, np.flatnonzero(cells), name)
    lowered = lower(table.column("unit_id"))
    unit_pos = index_in(lowered, [u.unit_id.lower() for u in roster.units or []])
    rejected = pc.is_in(lowered, value_set=pa.array(roster.rejected, pa.string())).to_numpy(zero_copy_only=False)
    unknown = np.flatnonzero((unit_pos < 0) & ~empty["unit_id"] & ~rejected)
    report_rows(report, "unknown-unit", table, unknown, "unit_id", cell(table, "unit_id"))
    distinct, positions = encode(table.column("answer"))
    slots = [BLANK if not text else _slot(settings.position(text)) for text in distinct]
    answer = np.array([*slots, BLANK], dtype=np.int64)[positions]
    wrong = np.flatnonzero(answer == UNKNOWN)
    report_rows(report, "unknown-answer", table, wrong, "answer", cell(table, "answer"), settings.allowed())
    return _Rows(table, unit_pos, np.full(len(table), -1, dtype=np.int64), answer)


def _slot(position: int | None) -> int:
    return UNKNOWN if position is None else position


def _match_codes(rows: _Rows, selected: np.ndarray, group: Group, report: Report) -> None:
    """The SELECTED rows (units of GROUP): each code must be a survey leaf of the group's tree."""
    table = rows.table
    distinct, indices = encode(table.column("code"))
    nodes = [group.nodes.get(code) for code in distinct] + [None]
    kind = np.array([_kind(node) for node in nodes], dtype=np.int64)[indices[selected]]
    leaf_of = np.array([group.leaf_position.get(code, -1) for code in distinct] + [-1], dtype=np.int64)
    code = cell(table, "code")
    unknown = selected[(kind == 0) & ~blank(table.column("code"))[selected]]
    excel = dates(table, "code", unknown)
    report_rows(report, "unknown-criterion", table, unknown[~excel], "code", code, f"{group.key} – {group.name}")
    report_rows(report, "excel-date", table, unknown[excel], "code", code)
    children = {c: ", ".join(n.children) for c, n in group.nodes.items()}
    parents = selected[kind == 1]
    report_rows(report, "not-a-leaf", table, parents, "code", code, lambda i: children[table.text("code", i)])
    report_rows(report, "not-survey-criterion", table, selected[kind == 2], "code", code)
    good = selected[kind == 3]
    rows.leaf[good] = leaf_of[indices[good]]


def _kind(node: Criterion | None) -> int:
    """0: no such criterion, 1: a parent, 2: an appraisal leaf, 3: a survey leaf."""
    if node is None:
        return 0
    if node.children:
        return 1
    return 3 if node.method == SURVEY else 2


def _duplicates(rows: _Rows, report: Report) -> None:
    """A respondent answering the same unit's criterion twice: every repeat, with the row of the first,
    and left out of the counts (``leaf`` set to -1). A blank respondent is `missing-value` already."""
    matched = np.flatnonzero((rows.leaf >= 0) & ~blank(rows.table.column("respondent")))
    if not len(matched):
        return
    _, respondent = encode(lower(rows.table.column("respondent")))
    leaves = int(rows.leaf.max()) + 1
    keys = (rows.unit_pos[matched] * leaves + rows.leaf[matched]) * (int(respondent.max()) + 2) + respondent[matched]
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    repeat = first[inverse] != np.arange(len(keys))
    if not repeat.any():
        return
    table = rows.table
    repeats = matched[repeat]
    first_row = dict(zip(repeats.tolist(), table.rows[matched[first[inverse[repeat]]]].tolist(), strict=True))
    code, unit = cell(table, "code"), cell(table, "unit_id")

    def which(i: int) -> Words:
        return Words(en=f"{code(i)} of unit '{unit(i)}'", vi=f"{code(i)} của đơn vị '{unit(i)}'")

    quoted = cell(table, "respondent")
    report_rows(report, "duplicate-answer", table, repeats, "respondent", quoted, which, first_row.__getitem__)
    rows.leaf[repeats] = -1


def _tally(rows: _Rows, g: int, layout: Layout, leaves: int, answers: int) -> tuple[np.ndarray, np.ndarray]:
    """Group G's [unit, leaf, answer] counts (the last slot: blank answers), and per [unit, leaf]
    whether a row had an answer that is not among the framework's (its count is then not known)."""
    units = int(np.count_nonzero(layout.unit_group == g))
    mine = (rows.leaf >= 0) & layout.in_group(rows.unit_pos, g)
    local = layout.local[rows.unit_pos[mine]]
    pair = local * leaves + rows.leaf[mine]
    answer = rows.answer[mine]
    known = answer != UNKNOWN
    slot = np.where(answer == BLANK, answers, answer)
    flat = np.bincount(pair[known] * (answers + 1) + slot[known], minlength=units * leaves * (answers + 1))
    doubtful = np.bincount(pair[~known], minlength=units * leaves) > 0
    return flat.reshape(units, leaves, answers + 1).astype(np.int64), doubtful.reshape(units, leaves)


def survey_points(
    weight_micro: np.ndarray, respondents: np.ndarray, max_micro: np.ndarray, decimals: int
) -> np.ndarray:
    """Micro-points of leaves: maximum × (sum of weights ÷ respondents), rounded half-up once at DECIMALS.

    Exact: Python integers (a product of a maximum and a sum of weights may pass int64), and at most
    the maximum (a maximum finer than DECIMALS would otherwise round above itself). 0 respondents: 0.
    """
    step = 10 ** (6 - decimals)
    top = np.broadcast_to(max_micro, weight_micro.shape).astype(object)
    numerator = top * weight_micro.astype(object)
    denominator = np.maximum(respondents, 1).astype(object) * (MICRO_PER_POINT * step)
    rounded = (2 * numerator + denominator) // (2 * denominator) * step
    return np.where(respondents > 0, np.minimum(rounded, top), 0).astype(np.int64)


def _fill(matrix: ScoreMatrix, counts: np.ndarray, doubtful: np.ndarray, group: Group, counted: ResponseCounts) -> None:
    """The survey matrix of one group: points where enough respondents answered; every leaf with rows
    is present (too few respondents is its own error, not also a missing score)."""
    weights = np.array([answer.micro for answer in counted.settings.answers], dtype=np.int64)
    respondents = counts[..., :-1].sum(axis=-1)
    enough = respondents >= counted.settings.min_respondents
    counted_respondents = np.where(enough, respondents, 0)
    points = survey_points(counts[..., :-1] @ weights, counted_respondents, group.leaf_max_micro, counted.decimals)
    matrix.micro[:] = np.where(enough, points, matrix.micro)
    matrix.present |= (counts.sum(axis=-1) > 0) | doubtful


def _too_few(
    counts: np.ndarray, doubtful: np.ndarray, data: GroupData, counted: ResponseCounts, report: Report
) -> None:
    """One `too-few-respondents` per unit and leaf with answer rows but fewer respondents than the minimum.

    A leaf with an unknown answer is left out: its count is not known until that answer is fixed."""
    respondents = counts[..., :-1].sum(axis=-1)
    minimum = counted.settings.min_respondents
    short = ((counts.sum(axis=-1) > 0) & (respondents < minimum) & ~doubtful).ravel()
    positions = np.flatnonzero(short)
    leaves = data.group.leaves

    def make(k: int) -> Problem:
        u, j = divmod(int(positions[k]), len(leaves))
        params = {"count": int(respondents[u, j]), "code": leaves[j].code, "minimum": minimum}
        return Problem(
            "too-few-respondents", counted.label, column="respondent", value=data.units[u].unit_id, params=params
        )

    report.add_many(len(positions), make)
