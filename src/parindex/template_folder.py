"""Every unit's self-assessment workbook written into one folder, all or nothing.

Why all or nothing: the folder is what the secretariat mails out. A run stopped half-way (a full
disk, Ctrl-C) that left 12 of 28 workbooks would be mailed as if complete; so the workbooks are
written into a hidden staging folder inside the target and moved into place only once all exist.
A target that already holds one of the workbooks is refused (all such files listed) unless
``force``: the usual mistake is regenerating the sheets over ones a unit has filled in.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .framework import Framework
from .i18n import N_, both, gettext
from .inputs.config import read_config
from .inputs.model import UNITS, Unit
from .inputs.tables import read_single
from .inputs.units import check_units
from .problems import InvalidInput, Report, Words
from .templates import TemplateError, self_assessed
from .unit_templates import UnitSheet, file_name, unit_workbook
from .workbook_files import write_xlsx
from .writing import check_output_path, current_umask, os_errors, outermost_missing, scratch_folder

#: Called once per workbook written, with its file name (a progress bar).
Step = Callable[[str], None]


@dataclass(frozen=True)
class FolderUnits:
    """The units of an assessment folder (checked as validate checks them) and its year."""

    units: list[Unit]
    year: int | str


def folder_units(folder: Path, framework: Framework) -> FolderUnits:
    """FOLDER's units.csv checked against FRAMEWORK; InvalidInput with every problem of the file."""
    report = Report()
    config, _files = read_config(folder, report)
    table, _paths = read_single(folder, UNITS, True, report)
    roster = check_units(table, framework, report)
    if not report.valid:
        raise InvalidInput(report)
    return FolderUnits(roster.units or [], config[0] if config else "")


def without_criteria(framework: Framework, units: Iterable[Unit]) -> list[str]:
    """The ids of UNITS whose group has nothing to self-assess (as `template --group` decides): no workbook."""
    return [u.unit_id for u in units if not self_assessed(framework.groups[u.group])]


def existing(out_dir: Path, units: Iterable[Unit]) -> list[Path]:
    """The workbooks of UNITS that OUT_DIR holds already."""
    return [out_dir / file_name(unit.unit_id) for unit in units if (out_dir / file_name(unit.unit_id)).exists()]


def _refuse_existing(found: list[Path]) -> None:
    """A TemplateError listing every workbook that would be replaced."""
    names = ", ".join(path.name for path in found)
    message = N_(
        "{folder} already holds {names}: filled-in sheets would be lost. Choose another folder or add --force."
    )
    raise TemplateError(gettext(message).format(folder=found[0].parent, names=names))


def write_unit_templates(
    framework: Framework,
    found: FolderUnits,
    out_dir: Path,
    *,
    force: bool = False,
    lang: str = "vi",
    inputs: Iterable[Path] = (),
    step: Step | None = None,
) -> list[Path]:
    """Write ``OUT_DIR/<unit_id>.xlsx`` for every unit whose group has appraisal criteria; returns them.

    Raises TemplateError (a workbook exists and not FORCE; no unit to write) or OutputError (a path
    that cannot be written, or an input). Nothing is left behind by a failed run.
    """
    skipped = set(without_criteria(framework, found.units))
    units = [u for u in found.units if u.unit_id not in skipped]
    if not units:
        raise TemplateError(gettext("no unit of units.csv has criteria to self-assess."))
    taken = existing(out_dir, units)
    if taken and not force:
        _refuse_existing(taken)
    made = _make_folder(out_dir)
    try:
        sources = list(inputs)
        for unit in units:
            check_output_path(out_dir / file_name(unit.unit_id), sources, future_inputs=False)
        return _write_staged(framework, found.year, units, out_dir, lang, step or (lambda _name: None))
    except BaseException:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
        raise


def _make_folder(out_dir: Path) -> Path | None:
    """Make OUT_DIR (and missing parents); the outermost folder made, to remove on failure, or None."""
    outermost = outermost_missing(out_dir)
    with os_errors(out_dir):
        if out_dir.exists() and not out_dir.is_dir():
            raise NotADirectoryError(20, "not a folder", str(out_dir))
        out_dir.mkdir(parents=True, exist_ok=True)
    return outermost


def _write_staged(
    framework: Framework, year: int | str, units: list[Unit], out_dir: Path, lang: str, step: Step
) -> list[Path]:
    """Write every workbook into a hidden staging folder in OUT_DIR, then move them all into place."""
    with os_errors(out_dir):
        staging = Path(tempfile.mkdtemp(prefix=".parindex-", dir=out_dir))
    moved: list[Path] = []
    try:
        with scratch_folder(), os_errors(out_dir):
            for unit in units:
                name = file_name(unit.unit_id)
                sheet = UnitSheet(unit.unit_id, unit.name, unit.group, year)
                write_xlsx(unit_workbook(framework, sheet, lang), staging / name)
                step(name)
            mode = 0o666 & ~current_umask()
            for unit in units:
                name = file_name(unit.unit_id)
                os.chmod(staging / name, mode)  # readable like any file the user saves
                os.replace(staging / name, out_dir / name)
                moved.append(out_dir / name)
    except BaseException:
        for path in moved:
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return moved


def refusal_words(path: Path) -> Words:
    """Why a per-unit template needs an assessment folder, in both languages (the CLI says it)."""
    message = N_(
        "a workbook per unit needs the assessment folder (with parindex.toml and units.csv), not {path}; "
        "or write one sheet with --group KEY --out PATH.xlsx."
    )
    return Words(*both(message, path=path))
