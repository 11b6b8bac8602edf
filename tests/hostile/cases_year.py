"""A year's folder before its files are there: no parindex.toml, or no score file yet."""

from __future__ import annotations

from pathlib import Path

from conftest import write_folder
from hostile.case import Case


def _no_config(root: Path) -> Path:
    """Every table but parindex.toml: one missing-config, which says what the file holds."""
    folder = write_folder(root)
    (folder / "parindex.toml").unlink()
    return folder


def _no_scores(root: Path) -> Path:
    """parindex.toml and units.csv, an empty self-assessment/ (as init leaves it): one no-scores."""
    folder = write_folder(root, self_assessment=None, appraisal=None, survey=None)
    (folder / "self-assessment").mkdir()
    (folder / "self-assessment" / "~$A.xlsx").write_bytes(b"lock")  # Excel's lock file is not a score file
    return folder


def _no_scores_bad_units(root: Path) -> Path:
    """No scores and a units.csv error: the units are still checked, and reported first."""
    return write_folder(
        root, units="unit_id,name,group\nA,Sở An,xa\n", self_assessment=None, appraisal=None, survey=None
    )


CASES = [
    Case("year-no-config", _no_config, exit_code=1, first_code="missing-config"),
    Case("year-no-scores", _no_scores, exit_code=1, first_code="no-scores"),
    Case("year-no-scores-bad-units", _no_scores_bad_units, exit_code=1, first_code="unknown-group"),
]
