"""Per-criterion detail of every unit: what it claimed, what the council kept, and why.

Published annexes show totals only. The questions people ask afterwards ("where did we lose
points?", "what did the council change, and with what reason?") are answered leaf by leaf. The
records here are derived from the very matrices the totals come from (:func:`scoring.leaf_matrices`,
which applies the framework's not-applicable policy), so a detail table always adds up to the
published totals; nothing here re-implements a scoring rule.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pyarrow.compute as pc

from .assessment import APPRAISAL_FILE, SELF, SURVEY_FILE, Assessment, GroupData, ScoreRows, Unit
from .framework import APPRAISAL
from .inputs.model import ROUNDS
from .numbers import from_micro
from .problems import ParindexError
from .scoring import LeafMatrices, leaf_matrices

#: The self-assessment's evidence column (tài liệu kiểm chứng).
EVIDENCE = "evidence"


@dataclass(frozen=True)
class RoundScore:
    """One appraisal row of a leaf: its round, the appraised score (None: blank, the earlier score
    stands; or N/A with ``na``), the council's reason and the unit's explanation."""

    round: int
    score: Decimal | None
    na: bool
    reason: str
    explanation: str


@dataclass(frozen=True)
class LeafDetail:
    """One unit × one leaf (scored criterion), with exact Decimal points.

    A score that is ``None`` with its ``*_na`` flag False means "no row in that file"; with the
    flag True it means the row said N/A (không áp dụng). ``points``/``max_counted`` are what the
    leaf adds to the unit's total and maximum under the framework's not-applicable policy.
    """

    group: str
    unit_id: str
    unit_name: str
    domain_code: str
    domain_name: str
    code: str
    name: str
    method: str
    max_points: Decimal
    self_score: Decimal | None
    self_na: bool
    appraised: Decimal | None
    appraised_na: bool
    effective: Decimal | None
    applicable: bool
    points: Decimal
    max_counted: Decimal
    change: Decimal | None
    #: The appraisal row's note (the council's reason); for survey leaves, the survey row's note.
    note: str
    #: The unit's own note (explanation, evidence) from its self-assessment row.
    self_note: str
    #: Which file the effective score came from: "appraisal", "self-assessment", "survey" or None.
    source: str | None
    lost: Decimal
    #: The unit's evidence (tài liệu kiểm chứng) from its self-assessment row.
    evidence: str = ""
    #: The unit's explanation (giải trình) from the appraisal, its latest round's that gives one.
    explanation: str = ""
    #: The appraisal's rows of this leaf, round by round, up to the round scored.
    rounds: tuple[RoundScore, ...] = ()

    @property
    def self_present(self) -> bool:
        return self.self_score is not None or self.self_na

    @property
    def appraised_present(self) -> bool:
        return self.appraised is not None or self.appraised_na


class UnknownUnit(ParindexError, LookupError):
    """A unit id that is not in units.csv; carries the closest known units for the message."""

    def __init__(self, unit_id: str, suggestions: list[Unit]) -> None:
        super().__init__(unit_id)
        self.unit_id = unit_id
        self.suggestions = suggestions


def close_units(assessment: Assessment, text: str, limit: int = 5) -> list[Unit]:
    """Units whose id or name resembles TEXT (typo, wrong case, part of the name), best first.

    Officers often remember a unit by name ("Nội vụ") rather than by its id, so names count too.
    """
    needle = text.casefold().strip()
    found: list[Unit] = []

    def add(unit: Unit) -> None:
        if unit not in found:
            found.append(unit)

    by_id = {u.unit_id.casefold(): u for u in assessment.units}
    by_name = {u.name.casefold(): u for u in assessment.units}
    for key in difflib.get_close_matches(needle, list(by_id), n=limit, cutoff=0.6):
        add(by_id[key])
    if needle:
        for unit in assessment.units:
            if needle in unit.name.casefold() or needle in unit.unit_id.casefold():
                add(unit)
    # names share long prefixes ("Sở ", "Huyện "), so they need to be closer than ids to count
    for key in difflib.get_close_matches(needle, list(by_name), n=limit, cutoff=0.75):
        add(by_name[key])
    return found[:limit]


def find_unit(assessment: Assessment, unit_id: str) -> Unit:
    """The unit with UNIT_ID (case-insensitive, as the loader matches ids); raises UnknownUnit."""
    wanted = unit_id.strip().casefold()
    for unit in assessment.units:
        if unit.unit_id.casefold() == wanted:
            return unit
    raise UnknownUnit(unit_id, close_units(assessment, unit_id))


def _notes(rows: ScoreRows | None, column: str = "note") -> dict[tuple[int, int], str]:
    """Non-empty texts of COLUMN in the rows that matched a unit and leaf, keyed by (unit position, leaf).

    A valid assessment has at most one matched row per unit and leaf in each file (duplicates
    are errors; the appraisal has one per round, see `_rounds`), so the key is unambiguous. Only
    the few rows with a text become Python objects.
    """
    if rows is None or not len(rows.table) or column not in rows.table.columns:
        return {}
    notes = rows.table.column(column)
    has_note = pc.fill_null(pc.not_equal(notes, ""), False).to_numpy(zero_copy_only=False)
    keep = np.flatnonzero((rows.leaf >= 0) & (rows.unit_pos >= 0) & has_note)
    return {(int(rows.unit_pos[i]), int(rows.leaf[i])): str(notes[int(i)].as_py()) for i in keep}


def _rounds(rows: ScoreRows | None, upto: int) -> dict[tuple[int, int], list[RoundScore]]:
    """The appraisal rows of each (unit position, leaf) up to round UPTO, in round order.

    A blank row without a reason or an explanation says nothing and is left out.
    """
    found: dict[tuple[int, int], list[RoundScore]] = {}
    if rows is None or rows.round is None or not len(rows.table):
        return found
    table = rows.table
    texts = {c: table.column(c) if c in table.columns else None for c in ("note", "explanation", "score")}

    def text(column: str, i: int) -> str:
        values = texts[column]
        return "" if values is None else str(values[i].as_py() or "")

    for i in np.flatnonzero((rows.leaf >= 0) & (rows.unit_pos >= 0) & (rows.round <= upto)).tolist():
        reason, explanation = text("note", i), text("explanation", i)
        given = text("score", i) != ""
        if not (given or reason or explanation):
            continue
        score = from_micro(int(rows.micro[i])) if given and not rows.na[i] else None
        record = RoundScore(int(rows.round[i]), score, bool(given and rows.na[i]), reason, explanation)
        found.setdefault((int(rows.unit_pos[i]), int(rows.leaf[i])), []).append(record)
    for records in found.values():
        records.sort(key=lambda r: r.round)
    return found


def _latest(records: list[RoundScore], field: str) -> str:
    """The latest round's non-empty FIELD (reason or explanation) among RECORDS, or ''."""
    return next((str(getattr(r, field)) for r in reversed(records) if getattr(r, field)), "")


def _reason(records: list[RoundScore]) -> str:
    """The council's reason for the score that counts: that of the latest round giving a score (a
    round-2 change without a reason has none), else the latest reason given."""
    scored = [r for r in records if r.score is not None or r.na]
    return scored[-1].reason if scored else _latest(records, "reason")


def _score(units: int, present: bool, na: bool) -> Decimal | None:
    return from_micro(int(units)) if present and not na else None


def leaf_details(assessment: Assessment, unit_ids: Iterable[str] | None = None) -> list[LeafDetail]:
    """One record per unit × leaf: units in units.csv order, leaves in framework pre-order.

    UNIT_IDS restricts the units (case-insensitive); an unknown id raises UnknownUnit rather than
    being skipped, because a silently empty report would look like a unit without any loss.
    """
    wanted: set[str] | None = None
    if unit_ids is not None:
        wanted = {find_unit(assessment, uid).unit_id.casefold() for uid in unit_ids}
    policy = assessment.framework.not_applicable
    notes = {stem: _notes(assessment.score_rows.get(stem)) for stem in (SELF, SURVEY_FILE)}
    notes[EVIDENCE] = _notes(assessment.score_rows.get(SELF), EVIDENCE)
    rounds = _rounds(assessment.score_rows.get(APPRAISAL_FILE), assessment.round or ROUNDS[-1])
    local = {id(unit): i for data in assessment.groups.values() for i, unit in enumerate(data.units)}
    matrices: dict[str, LeafMatrices] = {}
    details: list[LeafDetail] = []
    for pos, unit in enumerate(assessment.units):
        if wanted is not None and unit.unit_id.casefold() not in wanted:
            continue
        data = assessment.groups[unit.group]
        if unit.group not in matrices:
            matrices[unit.group] = leaf_matrices(data, policy, assessment.framework.survey.optional)
        details += _unit_details(unit, pos, local[id(unit)], data, matrices[unit.group], notes, rounds)
    return details


def _unit_details(
    unit: Unit,
    pos: int,
    u: int,
    data: GroupData,
    lm: LeafMatrices,
    notes: dict[str, dict[tuple[int, int], str]],
    rounds: dict[tuple[int, int], list[RoundScore]],
) -> list[LeafDetail]:
    """The records of one unit: POS is its row in units.csv, U its row in its group's matrices."""
    group = data.group
    m_self, m_appr, m_survey = (data.matrices[k] for k in (SELF, APPRAISAL_FILE, SURVEY_FILE))
    details = []
    for j, leaf in enumerate(group.leaves):
        domain = group.nodes[leaf.code.split(".", 1)[0]]
        self_score = _score(m_self.micro[u, j], m_self.present[u, j], m_self.na[u, j])
        appraised = _score(m_appr.micro[u, j], m_appr.present[u, j], m_appr.na[u, j])
        applicable = bool(lm.applicable[u, j])
        points = from_micro(int(lm.points[u, j]))
        max_counted = from_micro(int(lm.maxima[u, j]))
        records = rounds.get((pos, j), [])
        if leaf.scored_as == APPRAISAL:
            source = APPRAISAL_FILE if m_appr.present[u, j] else SELF if m_self.present[u, j] else None
            note = _reason(records)  # the appraisal's rows up to the round scored, not a later round's
        else:
            source = SURVEY_FILE if m_survey.present[u, j] else None
            note = notes[SURVEY_FILE].get((pos, j), "")
        details.append(
            LeafDetail(
                group=unit.group,
                unit_id=unit.unit_id,
                unit_name=unit.name,
                domain_code=domain.code,
                domain_name=domain.name,
                code=leaf.code,
                name=leaf.name,
                method=leaf.method or "",
                max_points=leaf.max_points,
                self_score=self_score,
                self_na=bool(m_self.present[u, j] and m_self.na[u, j]),
                appraised=appraised,
                appraised_na=bool(m_appr.present[u, j] and m_appr.na[u, j]),
                effective=from_micro(int(lm.effective[u, j])) if applicable and source else None,
                applicable=applicable,
                points=points,
                max_counted=max_counted,
                change=None if self_score is None or appraised is None else appraised - self_score,
                note=note,
                self_note=notes[SELF].get((pos, j), ""),
                source=source,
                lost=max(max_counted - points, Decimal(0)),  # a bonus loses nothing; a penalty loses its points
                evidence=notes[EVIDENCE].get((pos, j), ""),
                explanation=_latest(records, "explanation"),
                rounds=tuple(records),
            )
        )
    return details
