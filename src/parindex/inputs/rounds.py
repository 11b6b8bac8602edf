"""The appraisal's rounds: the preliminary appraisal (round 1) and the final one (round 2), given
after the unit's explanation (giải trình) of the preliminary results.

Why kept apart: the council publishes the preliminary results to the units, hears their
explanations and appraises again; both rounds must stay visible (``explain`` shows each), while a
leaf's latest round is the score that counts. Each round's scored rows are their own [unit, leaf]
matrix (`GroupData.rounds`); the appraisal matrix every other step reads is their merge up to the
round being scored. A row with a blank appraised score gives no score: the leaf keeps what it had
before that round (the self-score in round 1), which is how the council's worksheet says "accepted".
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from ..columns import fold
from ..numbers import from_micro
from ..problems import NOTE, WARNING, ParindexError, Problem, Report, Words
from ..readers import Table, distinct_texts
from .located import blank, cell, points, report_rows
from .model import APPRAISAL_FILE, ROUNDS, SELF, GroupData, Layout, ScoreMatrix, ScoreRows

if TYPE_CHECKING:  # pragma: no cover
    from .model import Assessment

#: A round cell as officers type it, folded: "1", "2", "Vòng 2", "Lần 1", "Vòng II", "round 2", "2.0"
#: (Excel); a few digits at most, so a cell of 5,000 digits is not turned into a number.
_ROUND_TEXT = re.compile(r"^(?:(?:vong|lan)(?: tham dinh)?|round)? ?(?:0*([0-9]{1,3})(?: 0+)?|(i{1,3}))$")
#: A round said in words, folded: "Sơ bộ", "Thẩm định chính thức", "final".
_ROUND_WORDS = {
    **dict.fromkeys(("so bo", "tham dinh so bo", "preliminary"), 1),
    **dict.fromkeys(("chinh thuc", "tham dinh chinh thuc", "final"), 2),
}
#: The note said when the round asked for has no rows.
ROUND_NOT_HELD = "round-not-held"


class RoundError(ParindexError, ValueError):
    """A round the appraisal cannot have (not 1 or 2): the caller's mistake, said in both languages."""

    def __init__(self, round: object) -> None:
        self.round = round
        self.words = Words(
            en=f"round {round} does not exist: the appraisal has round 1 (preliminary) and round 2 (final)",
            vi=f"không có vòng {round}: thẩm định có vòng 1 (sơ bộ) và vòng 2 (chính thức, sau giải trình)",
        )
        super().__init__(self.words.en)

    def text(self, lang: str) -> str:
        """The message in LANG ("vi" or "en")."""
        return self.words.text(lang)


def check_round(round: int | None) -> None:
    """Raise RoundError unless ROUND is None (the latest round) or one of ROUNDS."""
    if round is not None and (isinstance(round, bool) or round not in ROUNDS):
        raise RoundError(round)


def parse_rounds(table: Table, report: Report) -> tuple[np.ndarray, np.ndarray]:
    """Per row, its round (1 when the column is absent or the cell blank) and whether the cell is wrong.

    Each distinct text is read once (a column holds two or three); a wrong one is `invalid-round`.
    """
    rounds = np.ones(len(table), dtype=np.int8)
    wrong = np.zeros(len(table), dtype=bool)
    if "round" not in table.columns or not len(table):
        return rounds, wrong
    distinct, positions = distinct_texts(table.column("round"))
    values = np.array([_round_of(str(text or "")) for text in distinct.to_pylist()] + [1], dtype=np.int8)
    rounds = values[np.where(positions < 0, len(values) - 1, positions)]
    wrong = rounds == 0
    report_rows(report, "invalid-round", table, np.flatnonzero(wrong), "round", cell(table, "round"))
    return np.where(wrong, 1, rounds), wrong


def _round_of(text: str) -> int:
    """The round a cell says (0: none of ROUNDS)."""
    if not text.strip():
        return 1
    if re.search(r"[^\w\s.,]", text):  # "-1", "=1+2": folding would drop the sign and the formula
        return 0
    folded = fold(text)
    if folded in _ROUND_WORDS:
        return _ROUND_WORDS[folded]
    found = _ROUND_TEXT.match(folded)
    if found is None:
        return 0
    number = int(found.group(1)) if found.group(1) else len(found.group(2))  # "ii" is round 2
    return number if number in ROUNDS else 0


def fill_rounds(
    data: GroupData, rows: ScoreRows, matched: np.ndarray, leaves: np.ndarray, units: np.ndarray, scored: np.ndarray
) -> None:
    """The MATCHED appraisal rows (at LEAVES of group UNITS) written into their round's matrix.

    Only the SCORED rows (a score cell not blank) fill a cell: a blank score leaves the leaf with
    its earlier score. A wrong score marks the cell given, so the leaf is not also reported missing.
    """
    assert rows.round is not None
    for r in ROUNDS:
        mine = (rows.round[matched] == r) & scored
        matrix = data.rounds[r]
        matrix.present[units[mine], leaves[mine]] = True
        usable = mine & ~rows.bad[matched]
        matrix.micro[units[usable], leaves[usable]] = rows.micro[matched][usable]
        matrix.na[units[usable], leaves[usable]] = rows.na[matched][usable]


def merge(data: GroupData, upto: int) -> ScoreMatrix:
    """The appraisal as of round UPTO: each leaf's score from its latest round up to UPTO.

    Without a later round's row the first round's matrix itself is the merge (no copy: nothing
    writes to the matrices once loaded), so a one-round appraisal costs no memory of its own.
    """
    merged = data.rounds[ROUNDS[0]]
    for r in ROUNDS[1:]:
        later = data.rounds[r]
        if r > upto or not later.present.any():
            continue
        merged = ScoreMatrix(
            np.where(later.present, later.micro, merged.micro),
            merged.present | later.present,
            np.where(later.present, later.na, merged.na),
        )
    return merged


def merge_all(groups: dict[str, GroupData]) -> None:
    """Every group's appraisal matrix as of the latest round: the final results, which loading checks."""
    for data in groups.values():
        data.matrices[APPRAISAL_FILE] = merge(data, ROUNDS[-1])


def held(rows: ScoreRows | None) -> tuple[int, ...]:
    """The rounds the appraisal has rows of (a row of a known unit and criterion, scored or not)."""
    if rows is None or rows.round is None:
        return ()
    return tuple(int(r) for r in np.unique(rows.round[rows.leaf >= 0]))


def at_round(assessment: Assessment, round: int | None) -> Assessment:
    """ASSESSMENT scored as of ROUND (None: the latest), with a note when that round has no rows."""
    check_round(round)
    upto = ROUNDS[-1] if round is None else round
    groups = {
        key: replace(data, matrices={**data.matrices, APPRAISAL_FILE: merge(data, upto)})
        for key, data in assessment.groups.items()
    }
    notes = [n for n in assessment.notes if n.code != ROUND_NOT_HELD]
    latest = max(assessment.rounds, default=ROUNDS[0])
    if round is not None and round > latest:
        appraisal = assessment.score_rows.get(APPRAISAL_FILE)
        label = appraisal.table.label if appraisal is not None else f"{APPRAISAL_FILE}.csv"
        notes.append(Problem(ROUND_NOT_HELD, label, value=str(round), severity=NOTE, params={"detail": str(latest)}))
    return replace(assessment, groups=groups, round=round, notes=notes)


def warn_round_two(layout: Layout, appraisal: ScoreRows, self_bad: list[np.ndarray], report: Report) -> None:
    """Round-2 rows that change a leaf's score (from round 1's, else the self-score) without a reason."""
    if appraisal.round is None:
        return
    unit_pos = np.maximum(appraisal.unit_pos, 0)
    no_note = blank(appraisal.table.column("note"))
    usable = (appraisal.leaf >= 0) & ~appraisal.bad & (appraisal.round == ROUNDS[1]) & no_note
    for g, data in enumerate(layout.groups.values()):
        selected = np.flatnonzero(usable & layout.in_group(appraisal.unit_pos, g))
        if not len(selected):
            continue
        u, j = layout.local[unit_pos[selected]], appraisal.leaf[selected]
        first, own = data.rounds[ROUNDS[0]], data.matrices[SELF]
        in_first = first.present[u, j]
        before = np.where(in_first, first.micro[u, j], own.micro[u, j])
        before_na = np.where(in_first, first.na[u, j], own.na[u, j])
        known = in_first | (own.present[u, j] & ~self_bad[g][u, j])
        changed = known & ((appraisal.micro[selected] != before) | (appraisal.na[selected] != before_na))
        _say_changes(appraisal, selected[changed], data, layout.local, report)


def _say_changes(appraisal: ScoreRows, found: np.ndarray, data: GroupData, local: np.ndarray, report: Report) -> None:
    """One `round-change-without-reason` per row in FOUND, naming the score it changed."""
    unit_pos, leaf = np.maximum(appraisal.unit_pos, 0), appraisal.leaf
    first, own = data.rounds[ROUNDS[0]], data.matrices[SELF]

    def unit_id(i: int) -> str:
        return data.units[local[unit_pos[i]]].unit_id

    def code(i: int) -> str:
        return data.group.leaves[leaf[i]].code

    def before(i: int) -> Words:
        u, j = local[unit_pos[i]], leaf[i]
        matrix = first if first.present[u, j] else own
        if matrix.na[u, j]:
            return Words(en="N/A", vi="KAD")
        return points(from_micro(int(matrix.micro[u, j])))

    table = appraisal.table
    report_rows(report, "round-change-without-reason", table, found, "note", unit_id, code, before, severity=WARNING)
