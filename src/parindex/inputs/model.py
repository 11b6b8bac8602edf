"""The loaded assessment's data classes and the names of the folder's files.

Why a module of its own: every step of the pipeline builds or reads these, and `parindex.assessment`
re-exports them, so the steps import them from here without a circle through the public module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..framework import APPRAISAL, SURVEY, Framework, Group
from ..framework_survey import SurveySettings
from ..manifest import FileDigest
from ..problems import Problem
from ..readers import Table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

CONFIG = "parindex.toml"
UNITS = "units"
SELF = "self-assessment"
APPRAISAL_FILE = "appraisal"
SURVEY_FILE = "survey"
SCORE_FILES = (SELF, APPRAISAL_FILE, SURVEY_FILE)
#: Questionnaire answers, read instead of survey.csv (`inputs.responses`).
RESPONSES_FILE = "survey-responses"
#: Every table of the folder by file stem: an output may not take one of these names.
INPUT_TABLES = (UNITS, *SCORE_FILES, RESPONSES_FILE)
FILE_METHOD = {SELF: APPRAISAL, APPRAISAL_FILE: APPRAISAL, SURVEY_FILE: SURVEY}
#: The appraisal's rounds: 1 = preliminary, 2 = final, after the unit's explanation (giải trình).
ROUNDS = (1, 2)

#: Called with a short description before each loading step (used for a progress bar).
Progress = Callable[[str], None]
#: How many times a load calls its Progress callback.
LOAD_STEPS = 1 + 1 + len(SCORE_FILES) * 2 + 1


@dataclass(frozen=True)
class Unit:
    """An assessed unit (sở, ban, ngành or UBND huyện)."""

    unit_id: str
    name: str
    group: str
    ranked: bool = True


@dataclass
class ScoreMatrix:
    """One score file's values for one group, as [unit, leaf] matrices (columns follow Group.leaves).

    MICRO holds the scores in micro-points; PRESENT marks a row given; NA a row marked not applicable.
    """

    micro: np.ndarray
    present: np.ndarray
    na: np.ndarray

    @classmethod
    def empty(cls, n_units: int, n_leaves: int) -> ScoreMatrix:
        shape = (n_units, n_leaves)
        return cls(np.zeros(shape, np.int64), np.zeros(shape, bool), np.zeros(shape, bool))


@dataclass
class GroupData:
    """Everything needed to score one group: its units and one matrix per score file.

    ROUNDS holds the appraisal's scored rows of each round apart; ``matrices[APPRAISAL_FILE]`` is
    their merge up to the round being scored (the latest round of each leaf counts).
    """

    group: Group
    units: list[Unit]
    matrices: dict[str, ScoreMatrix]
    rounds: dict[int, ScoreMatrix] = field(default_factory=dict)


def effective_na(data: GroupData) -> np.ndarray:
    """[unit, leaf] True where the effective score is N/A: the appraisal's marking if it has a row, else
    the self-assessment's; a survey leaf's from the survey. Scoring and the checks share this one rule."""
    is_appraisal = data.group.scored_in(APPRAISAL)
    m_self, m_appr, m_survey = (data.matrices[k] for k in (SELF, APPRAISAL_FILE, SURVEY_FILE))
    result: np.ndarray = np.where(is_appraisal, np.where(m_appr.present, m_appr.na, m_self.na), m_survey.na)
    return result


@dataclass
class ScoreRows:
    """One score table as read, with what parsing and matching found for every row.

    ``unit_pos`` indexes ``Assessment.units`` and ``leaf`` the unit's ``Group.leaves`` (-1: no match).
    """

    table: Table
    micro: np.ndarray
    na: np.ndarray
    bad: np.ndarray
    unit_pos: np.ndarray
    leaf: np.ndarray
    #: per row, the appraisal round it belongs to (None for the other files: all round 1)
    round: np.ndarray | None = None

    def to_pandas(self) -> pd.DataFrame:
        """Columns unit_id, code, score, note, row, file, micro, na, bad, unit_pos, leaf (and the appraisal's round)."""
        frame = self.table.to_pandas()
        for name in ("micro", "na", "bad", "unit_pos", "leaf"):
            frame[name] = getattr(self, name)
        if self.round is not None:
            frame["round"] = self.round
        return frame


@dataclass
class Assessment:
    """A validated assessment folder, ready to score."""

    folder: Path
    year: int | str
    framework: Framework
    units: list[Unit]
    groups: dict[str, GroupData]
    score_rows: dict[str, ScoreRows]
    warnings: list[Problem] = field(default_factory=list)
    #: every warning found, also those beyond the ones listed (limits.MAX_LISTED_PER_CODE per code)
    warning_count: int = 0
    files: list[Path] = field(default_factory=list)
    #: the survey's answer counts when survey points come from survey-responses (None: from survey.csv)
    responses: ResponseCounts | None = None
    #: the round asked for (None: the latest round of each leaf counts, the final results)
    round: int | None = None
    #: the appraisal rounds the folder holds rows of (empty without appraisal rows)
    rounds: tuple[int, ...] = ()
    #: what parindex decided for the user while loading (which sheet it read, the round it scored)
    notes: list[Problem] = field(default_factory=list)

    #: every file loading read (inputs and framework), by absolute path: what a manifest is made of
    digests: dict[Path, FileDigest] = field(default_factory=dict)

    def at_round(self, round: int | None) -> Assessment:
        """The same assessment scored as of ROUND (1: the preliminary results; None: the final ones).

        Raises rounds.RoundError for a round the appraisal cannot have."""
        from .rounds import at_round

        return at_round(self, round)

    def __repr__(self) -> str:
        """`<Assessment 2023 lai-chau-2023: 28 units in 2 groups, framework …, 22 warnings>`."""
        from ..display import counted, visible

        size = f"{counted(len(self.units), 'unit')} in {counted(len(self.groups), 'group')}"
        where = f"{visible(self.year)} {visible(self.folder.name)}: {size}"
        return f"<Assessment {where}, framework {visible(self.framework.id)}, {counted(len(self.warnings), 'warning')}>"

    @cached_property
    def rows(self) -> dict[str, pd.DataFrame]:
        """The score tables as pandas DataFrames (built on first use: pandas is slow to import)."""
        return {stem: rows.to_pandas() for stem, rows in self.score_rows.items()}


@dataclass(frozen=True)
class Roster:
    """What units.csv yielded: the accepted units (None when the file is unusable) and the lowered ids
    of the rows rejected there, whose score rows are then not reported as unknown units."""

    units: list[Unit] | None = None
    rejected: list[str] = field(default_factory=list)


@dataclass
class ScoreFile:
    """One score table as prepared for matching (``table`` is None when it could not be read).

    LABEL names it in problems (``self-assessment/`` for a folder of per-unit files); UNIT_FILES
    maps a lowered unit id to its own file and UNIDENTIFIED lists, per file whose rows could not be
    given to a unit (it did not say its unit, or it is a unit's own file that could not be used), the
    lowered id it probably belongs to (None: no guess): that file's problems stand for the unit's rows.
    """

    table: Table | None
    label: str
    files: list[Path] = field(default_factory=list)
    unit_files: dict[str, str] = field(default_factory=dict)
    unidentified: list[str | None] = field(default_factory=list)
    #: survey-responses as read, when it stands for the survey (``table`` is then an empty survey table)
    answers: Table | None = None


@dataclass
class ResponseCounts:
    """What survey-responses said, kept for `explain`: per group, a [unit, leaf, answer] count matrix.

    The last answer slot counts blank answers (not answered: not counted in the mean). SETTINGS are
    the framework's [survey] weights, minimum and precision the points were computed with.
    """

    label: str
    settings: SurveySettings
    decimals: int
    counts: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class Layout:
    """Units split by group, with each unit's group number and position within its group."""

    groups: dict[str, GroupData]
    local: np.ndarray
    unit_group: np.ndarray

    def in_group(self, unit_pos: np.ndarray, g: int) -> np.ndarray:
        """Per row, by its unit's position in units.csv (UNIT_POS, -1: no known unit): whether that unit is
        of group number G. One place for the clamp of -1, which every per-group pass over rows needs."""
        return (unit_pos >= 0) & (self.unit_group[np.maximum(unit_pos, 0)] == g)


def split_groups(framework: Framework, units: list[Unit]) -> Layout:
    """The units of each group and one empty matrix per score file."""
    members: dict[str, list[Unit]] = {key: [] for key in framework.groups}
    keys = list(framework.groups)
    local = np.zeros(len(units), dtype=np.int64)
    unit_group = np.zeros(len(units), dtype=np.int64)
    for position, unit in enumerate(units):
        local[position] = len(members[unit.group])
        unit_group[position] = keys.index(unit.group)
        members[unit.group].append(unit)
    groups = {
        key: GroupData(
            group,
            members[key],
            {stem: ScoreMatrix.empty(len(members[key]), len(group.leaves)) for stem in SCORE_FILES},
            {r: ScoreMatrix.empty(len(members[key]), len(group.leaves)) for r in ROUNDS},
        )
        for key, group in framework.groups.items()
    }
    return Layout(groups, local, unit_group)
