"""Scores that are missing: one problem per (unit, criterion) without a score, counted in bulk.

A criterion is not reported missing when its file could not be read (that is one error already),
when a per-unit file that did not say its unit may hold it, or when the unit's whole file is missing
(one `missing-unit-file` instead of one problem per criterion).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..display import shorten
from ..framework import ADJUSTMENTS, APPRAISAL, SURVEY
from ..limits import MAX_LISTED_PER_CODE
from ..problems import WARNING, Problem, Report
from .located import first_true
from .model import APPRAISAL_FILE, SELF, SURVEY_FILE, GroupData, ScoreFile, effective_na


@dataclass(frozen=True)
class Sources:
    """What the score files said about where scores come from, gathered over all of them.

    UNREADABLE: stems whose table could not be read; LABELS: each readable table's name in
    problems; UNIT_FILES and UNIDENTIFIED: as in `ScoreFile`, merged in reading order.
    """

    unreadable: frozenset[str]
    labels: dict[str, str]
    unit_files: dict[str, str]
    unidentified: list[str | None]

    @classmethod
    def of(cls, files: dict[str, ScoreFile]) -> Sources:
        unit_files: dict[str, str] = {}
        unidentified: list[str | None] = []
        for found in files.values():
            for key, label in found.unit_files.items():
                unit_files.setdefault(key, label)
            unidentified += found.unidentified
        unreadable = frozenset(stem for stem, found in files.items() if found.table is None)
        labels = {stem: found.label for stem, found in files.items() if found.table is not None}
        return cls(unreadable, labels, unit_files, unidentified)

    def label(self, stem: str) -> str:
        """How problems name the table STEM (its .csv name when it was never read)."""
        return self.labels.get(stem, f"{stem}.csv")


def check_missing(groups: dict[str, GroupData], sources: Sources, report: Report, survey_optional: bool) -> set[str]:
    """Report every missing score; returns the lowered ids of units whose per-unit file is missing.

    SURVEY_OPTIONAL (the framework's `survey.optional`) is required, as in `scoring.leaf_matrices`."""
    fileless: set[str] = set()
    for data in groups.values():
        appraisal_leaf = data.group.scored_in(APPRAISAL)
        m = data.matrices
        has = np.where(appraisal_leaf, m[SELF].present | m[APPRAISAL_FILE].present, m[SURVEY_FILE].present)
        has |= np.where(appraisal_leaf, SELF in sources.unreadable, SURVEY_FILE in sources.unreadable)
        has |= appraisal_leaf & unattributed(data, sources)[:, None]
        has |= appraisal_leaf & _missing_unit_files(data, has, appraisal_leaf, sources, report, fileless)[:, None]
        has |= not_required(data, survey_optional)
        for stem, in_file in ((SELF, appraisal_leaf), (SURVEY_FILE, ~appraisal_leaf)):
            _missing(data, stem, (~has & in_file).ravel(), sources, report)
    return fileless


def not_required(data: GroupData, survey_optional: bool) -> np.ndarray:
    """[unit, leaf] True where no score is needed: a bonus or penalty leaf (no row is 0 points) and,
    when the framework's survey is optional, every survey leaf of a unit without any survey score."""
    adjustment = data.group.leaves_of(*ADJUSTMENTS)
    survey = data.group.leaves_of(SURVEY)
    without_survey = survey_skipped(data) if survey_optional else np.zeros(len(data.units), dtype=bool)
    return adjustment[None, :] | (survey[None, :] & without_survey[:, None])


def survey_skipped(data: GroupData) -> np.ndarray:
    """Per unit: its group has survey leaves and the survey file has no row for any of them."""
    survey = data.group.leaves_of(SURVEY)
    if not survey.any():
        return np.zeros(len(data.units), dtype=bool)
    return np.logical_not(data.matrices[SURVEY_FILE].present[:, survey].any(axis=1))


def unattributed(data: GroupData, sources: Sources) -> np.ndarray:
    """Per unit of the group: True when it has no self-assessment rows and may be the unit of a
    per-unit file that did not say its unit (that file's one problem stands for its rows)."""
    no_rows = np.logical_not(data.matrices[SELF].present.any(axis=1))
    if not sources.unidentified:
        return np.zeros(len(data.units), dtype=bool)
    if None in sources.unidentified:
        return no_rows
    guessed = np.array([u.unit_id.lower() in sources.unidentified for u in data.units], dtype=bool)
    return guessed & no_rows


def _missing(data: GroupData, stem: str, missing: np.ndarray, sources: Sources, report: Report) -> None:
    """One missing-score per (unit, leaf) in the flat MISSING mask: counted, and built only when listed.

    A unit of a self-assessment folder has its problems located in its own file.
    """
    count = int(np.count_nonzero(missing))
    if not count:
        return
    leaves, label = data.group.leaves, sources.label(stem)
    positions = first_true(missing, MAX_LISTED_PER_CODE + 1)

    def make(k: int) -> Problem:
        u, j = divmod(int(positions[k]), len(leaves))
        leaf, unit_id = leaves[j], data.units[u].unit_id
        file = sources.unit_files.get(unit_id.lower(), label) if stem == SELF else label
        params = {"detail": leaf.code, "expected": shorten(leaf.name, 60)}
        return Problem("missing-score", file, column="score", value=unit_id, params=params)

    report.add_many(count, make)


def _missing_unit_files(
    data: GroupData,
    has: np.ndarray,
    appraisal_leaf: np.ndarray,
    sources: Sources,
    report: Report,
    fileless: set[str],
) -> np.ndarray:
    """Units of a self-assessment folder with no rows in any file and criteria left unscored: one
    problem each (their file is missing, and their id is added to FILELESS), instead of one per
    criterion. Returns them as a mask."""
    if not sources.labels.get(SELF, "").endswith("/"):
        return np.zeros(len(data.units), dtype=bool)
    no_rows = np.logical_not(data.matrices[SELF].present.any(axis=1))
    no_file = np.array([u.unit_id.lower() not in sources.unit_files for u in data.units], dtype=bool)
    missing = no_rows & no_file & (~has & appraisal_leaf).any(axis=1)
    for u in np.flatnonzero(missing):
        unit = data.units[u]
        fileless.add(unit.unit_id.lower())
        params = {"detail": unit.name, "expected": f"{unit.unit_id}.xlsx"}
        report.add(Problem("missing-unit-file", sources.labels[SELF], value=unit.unit_id, params=params))
    return missing


def no_applicable_criteria(groups: dict[str, GroupData], policy: str, label: str, report: Report) -> None:
    """Units whose every criterion is N/A under ``exclude``: maximum 0, so no index and no rank.

    Why a warning: the unit is not wrong input, but it silently drops out of the ranking; the
    council should see that and check the unit's N/A marks.
    """
    if policy == "full":  # N/A earns full points: the maximum never shrinks
        return
    for data in groups.values():
        applicable_max = np.where(effective_na(data), 0, data.group.counted_max_micro).sum(axis=1)
        lacking = np.flatnonzero(applicable_max == 0)

        def make(k: int, data: GroupData = data, lacking: np.ndarray = lacking) -> Problem:
            unit_id = data.units[int(lacking[k])].unit_id
            return Problem("no-applicable-criteria", label, value=unit_id, severity=WARNING)

        report.add_many(len(lacking), make)
