"""A folder set up for the year before any score came in: said once, not as missing files.

Why: right after `parindex init` the folder has parindex.toml and units.csv, and an empty
self-assessment/. Reporting that as "self-assessment.csv not found" and "survey.csv not found"
reads like a broken folder; it is the first step of a normal year, so it gets one problem that
says what comes next.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem, Report
from ..readers import find_table
from .model import RESPONSES_FILE, SCORE_FILES, SELF
from .per_unit import is_unit_file


def _has_files(subfolder: Path) -> bool:
    """Whether SUBFOLDER (a per-unit score folder) holds a file the per-unit reader reads."""
    try:
        return subfolder.is_dir() and any(is_unit_file(p) for p in subfolder.iterdir())
    except OSError:  # unreadable: the per-unit reader reports it
        return True


def no_scores_yet(folder: Path, report: Report) -> bool:
    """True, with one `no-scores` error, when FOLDER has no score table and no per-unit score file."""
    if find_table(folder, RESPONSES_FILE):  # questionnaire answers stand for survey scores
        return False
    for stem in SCORE_FILES:
        if find_table(folder, stem) or _has_files(folder / stem):
            return False
    if (folder / SELF).exists() and not (folder / SELF).is_dir():
        return False  # a file named self-assessment: the usual checks say what it is
    params = {"detail": str(folder), "expected": str(folder / SELF) + "/"}
    report.add(Problem("no-scores", f"{SELF}/", params=params))
    return True
