"""The orchestrator: one pass over a folder, each step a check that returns what it found.

Everything runs in one thread: an A/B at 10,000 units (benchmarks/README.md) found reading and
preparing the score files in a second thread no faster, and heavier, than doing it in turn.
Problems go to the one Report in the order a user reads them: config, framework, units, each
score file, its rows, then missing scores and warnings.
"""

from __future__ import annotations

from pathlib import Path

from .. import columns as cols
from ..framework import SURVEY, Framework, load_framework
from ..problems import InvalidInput, Report
from .adjustments import warn
from .completeness import Sources, check_missing, no_applicable_criteria
from .config import read_config
from .evidence import warn_evidence
from .fresh import no_scores_yet
from .matching import match, prepare_columns
from .model import (
    APPRAISAL_FILE,
    CONFIG,
    SCORE_FILES,
    SELF,
    SURVEY_FILE,
    UNITS,
    Assessment,
    Layout,
    Progress,
    Roster,
    ScoreFile,
    ScoreRows,
    split_groups,
)
from .per_unit import read_folder
from .responses import apply_responses, has_responses, read_responses
from .rounds import held, merge_all
from .score_files import Ignored, ids_from_names, prepare, say_ignored
from .tables import has_columns, read_single
from .units import check_units


def load(folder: Path, report: Report, progress: Progress | None = None) -> Assessment | None:
    """FOLDER loaded, with every problem in REPORT; None when it cannot be scored at all."""
    step: Progress = progress or (lambda _description: None)
    step(CONFIG)
    config, files = read_config(folder, report)
    if config is None:
        return None
    year, framework_ref = config
    try:
        framework: Framework | None = load_framework(framework_ref, folder, report)
    except InvalidInput:
        framework = None  # its problems are already in the report
    step(UNITS)
    units, units_files = read_single(folder, UNITS, True, report)  # a folder units/ is not read: see _read
    files += units_files
    roster = check_units(units, framework, report)
    if no_scores_yet(folder, report):
        return None
    scored: dict[str, ScoreFile] = {}
    ignored: Ignored = {}
    for stem in SCORE_FILES:
        step(stem)
        scored[stem] = _score_file(folder, stem, framework, roster, report, ignored)
        files += scored[stem].files
    if framework is None or not roster.units:  # nothing to match scores against
        return None
    layout = split_groups(framework, roster.units)
    rows = _match_all(scored, layout, roster, report, step)
    responses = apply_responses(scored[SURVEY_FILE], layout, roster, framework, report)
    merge_all(layout.groups)
    step("✓")
    sources = Sources.of(scored)
    fileless = check_missing(layout.groups, sources, report, framework.survey.optional)
    warn_evidence(layout, rows.get(SELF), framework.evidence, report)
    warn(layout, rows, sources, fileless, report)
    label = sources.label(SELF)
    no_applicable_criteria(layout.groups, framework.not_applicable, label, report)
    rounds = held(rows.get(APPRAISAL_FILE))
    return Assessment(
        folder, year, framework, roster.units, layout.groups, rows, files=files, responses=responses, rounds=rounds
    )


def _read(folder: Path, stem: str, required: bool, roster: Roster, report: Report, ignored: Ignored) -> ScoreFile:
    """The score table STEM from .csv/.xlsx, or from a folder of per-unit files (self-assessment/).

    Only a score table may be such a folder: per-unit files hold scores, so a folder ``units/`` is
    not the units table (which is then reported missing)."""
    subfolder = folder / stem
    if subfolder.is_dir():
        return read_folder(subfolder, stem, roster, report, ignored)
    table, paths = read_single(folder, stem, required, report)
    return ScoreFile(table, "", paths)


def _score_file(
    folder: Path, stem: str, framework: Framework | None, roster: Roster, report: Report, ignored: Ignored
) -> ScoreFile:
    """One score table read and prepared; appraisal is optional (absent = all accepted), and so is
    the survey when the framework has no survey criterion. Its set-aside rows are said in notes."""
    has_survey = framework is not None and any(
        leaf.method == SURVEY for group in framework.groups.values() for leaf in group.leaves
    )
    optional = framework is not None and framework.survey.optional
    required = stem == SELF or (stem == SURVEY_FILE and has_survey and not optional)
    if stem == SURVEY_FILE and has_responses(folder):  # questionnaire answers stand for survey.csv
        answers = read_responses(folder, framework, roster, report)
        if answers is not None:
            return answers
    found = _read(folder, stem, required, roster, report, ignored)
    table = found.table
    if table is not None and "unit_id" not in table.columns and "unit_name" in table.columns:
        table = ids_from_names(table, roster.units)
    if table is None or not has_columns(table, cols.SCORE_SCHEMAS[stem], report):
        found.table = None
        return found
    found.label = table.label if table.files is None else f"{stem}/"
    found.table = prepare(table, framework, roster.units, ignored)
    say_ignored(ignored, report)
    ignored.clear()
    return found


def _match_all(
    scored: dict[str, ScoreFile], layout: Layout, roster: Roster, report: Report, step: Progress
) -> dict[str, ScoreRows]:
    """Every readable score file matched into the group matrices, in file order."""
    unit_keys = [u.unit_id.lower() for u in roster.units or []]
    rows: dict[str, ScoreRows] = {}
    for stem, found in scored.items():
        step(f"{stem} ✓")
        if found.table is not None:
            columns = prepare_columns(found.table, unit_keys, roster.rejected)
            rows[stem] = match(stem, found.table, columns, layout, report)
    return rows
