"""Load and validate one year's assessment folder: the public entry points.

The folder holds ``parindex.toml`` (year, framework), ``units`` and the three score tables
(``self-assessment``, ``appraisal``, ``survey``), each as .csv or .xlsx; self-assessments may also
come as a folder ``self-assessment/`` with one file per unit. Loading checks everything and, when
anything is wrong, raises :class:`InvalidInput` with *all* the problems, never a partial result.

The checks live in `parindex.inputs`, one module per step of the pipeline; they are vectorised
over whole columns (pyarrow compute and numpy) so a national-scale folder (a million score rows)
validates in about the time it takes to read it; only failing rows become Python objects. pandas
is deliberately not used here: importing it costs more than the whole validation of a province.
"""

from __future__ import annotations

import os
from pathlib import Path

from .inputs.load import load
from .inputs.model import (
    APPRAISAL_FILE,
    CONFIG,
    FILE_METHOD,
    LOAD_STEPS,
    SCORE_FILES,
    SELF,
    SURVEY_FILE,
    UNITS,
    Assessment,
    GroupData,
    Progress,
    ScoreMatrix,
    ScoreRows,
    Unit,
    effective_na,
)
from .inputs.rounds import RoundError, check_round
from .manifest import recording
from .problems import WARNING, InvalidInput, Report

__all__ = [
    "APPRAISAL_FILE",
    "CONFIG",
    "FILE_METHOD",
    "LOAD_STEPS",
    "SCORE_FILES",
    "SELF",
    "SURVEY_FILE",
    "UNITS",
    "Assessment",
    "GroupData",
    "Progress",
    "RoundError",
    "ScoreMatrix",
    "ScoreRows",
    "Unit",
    "check_round",
    "effective_na",
    "load_assessment",
    "validate_folder",
]


def load_assessment(
    folder: str | os.PathLike[str], progress: Progress | None = None, round: int | None = None
) -> Assessment:
    """Load FOLDER, or raise InvalidInput carrying every problem found in every file.

    ROUND 1 gives the preliminary appraisal's results (each leaf's latest round up to 1); None, the
    final ones. A round that cannot exist raises RoundError before anything is read.
    """
    check_round(round)
    report = Report()
    with recording() as digests:  # the bytes each file was read as, hashed for the manifest
        loaded = load(Path(folder), report, progress)
    if loaded is None or not report.valid:
        raise InvalidInput(report)
    loaded.digests = digests
    loaded.warnings = report.warnings
    loaded.warning_count = report.counts()[WARNING]
    loaded.notes = report.notes
    return loaded if round is None else loaded.at_round(round)


def validate_folder(folder: str | os.PathLike[str], progress: Progress | None = None) -> Report:
    """All problems (errors and warnings) of FOLDER, without raising."""
    report = Report()
    load(Path(folder), report, progress)
    return report
