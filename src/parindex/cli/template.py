"""`parindex template`: a blank self-assessment sheet for one group (and unit), ready to fill in.

FRAMEWORK is a bundled framework id, a framework folder, or an assessment folder (one holding
parindex.toml): then its framework is used, --unit is checked against its units file and the
group can be left out (it is the unit's group).

An existing --out file is never replaced without --force: the usual mistake is regenerating the
template over the sheet a unit has just filled in.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, gettext, ngettext
from .common import LangOpt, fail_with_report, lang_of, said_wrote, usage_error
from .language import command

_ = gettext

if TYPE_CHECKING:  # pragma: no cover
    from ..framework import Framework

DEFAULT_FRAMEWORK = "lai-chau-1726-2022"


def _load_source(ref: str, lang: str) -> tuple[Framework, Path | None, list[Path]]:
    """The framework, the assessment folder (if REF is one) and the files not to overwrite."""
    from ..framework import load_framework
    from ..problems import InvalidInput, Report, Words
    from ..readers import TomlRefused, read_toml

    folder = Path(ref)
    assessment_folder: Path | None = None
    framework_ref: str | Path = ref
    base: Path | None = None
    try:
        is_assessment = (folder / "parindex.toml").is_file()
    except (OSError, ValueError):  # a name the system refuses (too long): no folder, so a framework name
        is_assessment = False
    if not is_assessment:
        _refuse_unconfigured(folder, lang)
    if is_assessment:
        assessment_folder = folder
        try:
            config = read_toml(folder / "parindex.toml", "parindex.toml")
        except TomlRefused as exc:
            if exc.too_large is not None:
                fail_with_report(Report([exc.too_large]), lang, as_json=False)
            reason = exc.detail.text(lang) if isinstance(exc.detail, Words) else exc.detail
            usage_error(_("{path} is not valid TOML ({reason}).").format(path=folder / "parindex.toml", reason=reason))
        if not isinstance(config.get("framework"), str):
            usage_error(_("{path} names no framework.").format(path=folder / "parindex.toml"))
        framework_ref, base = str(config["framework"]).strip(), folder
    try:
        # a framework named on the command line may keep its criteria files elsewhere; one named by parindex.toml not
        framework = load_framework(framework_ref, base, allow_outside=assessment_folder is None)
    except InvalidInput as exc:
        fail_with_report(exc.report, lang, as_json=False)
    inputs = [p for p in framework.folder.glob("*") if p.is_file()]
    if assessment_folder is not None:
        inputs += [p for p in assessment_folder.rglob("*") if p.is_file()]
    return framework, assessment_folder, inputs


def _refuse_unconfigured(folder: Path, lang: str) -> None:
    """An assessment folder (it has units.csv) without parindex.toml: that problem, not "no framework.toml"."""
    from ..problems import Problem, Report
    from ..readers import find_table

    try:
        unconfigured = not (folder / "framework.toml").is_file() and bool(find_table(folder, "units"))
    except (OSError, ValueError):
        return
    if unconfigured:
        fail_with_report(
            Report([Problem("missing-config", "parindex.toml", params={"detail": str(folder)})]), lang, False
        )


def _unit_from_folder(folder: Path, unit_id: str) -> tuple[str, str, str]:
    """(unit_id as spelled in units.csv, name, group) of UNIT_ID; a usage error when unknown."""
    import difflib

    from ..columns import UNITS
    from ..readers import find_table, read_table

    tables = find_table(folder, "units")
    if len(tables) != 1:
        usage_error(_("{folder} needs exactly one units.csv (or units.xlsx) to check --unit.").format(folder=folder))
    table = read_table(tables[0], tables[0].name, UNITS).frame
    if table is None or not {"unit_id", "name", "group"} <= set(table.columns):
        usage_error(
            _("{path} is not readable; run 'parindex validate {folder}'.").format(path=tables[0], folder=folder)
        )
    records = table.records()
    for record in records:
        if str(record["unit_id"]).casefold() == unit_id.casefold():
            return str(record["unit_id"]), str(record["name"]), str(record["group"])
    ids = [str(r["unit_id"]) for r in records]
    close = difflib.get_close_matches(unit_id, ids, n=5, cutoff=0.5) or ids[:30]
    usage_error(
        _("unit '{unit}' is not in {file}; units: {units}.").format(
            unit=unit_id, file=tables[0].name, units=", ".join(close)
        )
    )


AppraisalOpt = Annotated[
    bool,
    typer.Option(
        "--appraisal",
        help=N_(
            "The appraisal council's worksheet of an assessment folder (.xlsx): a row per unit and criterion "
            "with the self-score and evidence; save it as appraisal.xlsx."
        ),
    ),
]


def template(
    out: Annotated[
        str,
        typer.Option(
            "--out",
            "-o",
            metavar="<path>",
            help=N_(
                "Where to write: PATH.xlsx (with validation and instructions) or PATH.csv; or a folder DIR/: a "
                "workbook per unit of the assessment folder's units.csv."
            ),
            show_default=False,
        ),
    ],
    framework: Annotated[
        str,
        typer.Argument(help=N_("Bundled framework id, framework folder, or assessment folder (with parindex.toml).")),
    ] = DEFAULT_FRAMEWORK,
    group: Annotated[
        str | None,
        typer.Option(
            "--group", "-g", help=N_("Group key (e.g. so, huyen); optional for an assessment folder + --unit.")
        ),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help=N_("Fill the unit_id column with this unit id."))
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Overwrite --out if it exists (a filled-in sheet would be lost)."))
    ] = False,
    survey: Annotated[
        bool,
        typer.Option("--survey", help=N_("The survey scores sheet: a row per unit and survey criterion (PATH.xlsx).")),
    ] = False,
    appraisal: AppraisalOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write blank sheets to fill in: a unit's self-assessment, every unit's (--out DIR/), or the survey's."""
    from ..templates import TEMPLATE_SUFFIXES

    language = lang_of(lang)
    if appraisal:
        _appraisal_sheet(Path(framework), Path(out), force, language, (group or unit, survey))
        return
    per_unit = not survey and is_folder_out(out)
    target = Path(out)
    if survey or per_unit:
        _no_single_options(group, unit, "--survey" if survey else "--out DIR/")
    elif target.suffix.lower() not in TEMPLATE_SUFFIXES:
        usage_error(_("--out must end in .xlsx or .csv (got '{name}').").format(name=target.name))
    if not per_unit:
        _refuse_existing(target, force)
    loaded, folder, inputs = _load_source(framework, language)
    if survey or per_unit:
        _every_unit(loaded, folder, target, survey, force, inputs, language)
    else:
        _one_sheet(loaded, folder, target, (group, unit), inputs, language)


def _one_sheet(
    loaded: Framework,
    folder: Path | None,
    out: Path,
    chosen: tuple[str | None, str | None],
    inputs: list[Path],
    language: str,
) -> None:
    """One group's sheet (for one unit with --unit) to OUT: the form the command always had."""
    from ..templates import write_template

    group, unit = chosen
    unit_id, unit_name = unit, None
    if folder is not None and unit is not None:
        unit_id, unit_name, unit_group = _unit_from_folder(folder, unit)
        group = _group_of_unit(unit_id, unit_group, group)
    if group is None:
        usage_error(_(_FORMS).format(framework=loaded.id, groups=", ".join(loaded.groups)))
    with _refusals(language):
        write_template(loaded, group, out, unit_id, language, inputs, unit_name)
    said_wrote(out)


#: What to say when one sheet is asked for without its group: every form the command has.
_FORMS = N_(
    "--out PATH.xlsx writes one sheet: add --group KEY (groups of {framework}: {groups}) or, for an assessment "
    "folder, --unit ID. The other forms: --out DIR/ (a workbook per unit of units.csv), --survey (the survey "
    "scores sheet), --appraisal (the council's worksheet)."
)


def is_folder_out(text: str) -> bool:
    """Whether --out names a folder: a path ending in '/', an existing folder, or a new name without a suffix."""
    out = Path(text)
    if text.endswith(("/", os.sep)) or out.is_dir():
        return True
    return text != "-" and not out.suffix and not out.exists()


def _refuse_existing(out: Path, force: bool) -> None:
    """An existing OUT is replaced only with --force: the usual mistake is writing over a filled-in sheet."""
    if out.exists() and not force:
        usage_error(
            _("{path} exists; a filled-in sheet would be lost. Choose another name or add --force.").format(path=out)
        )


def _no_single_options(group: str | None, unit: str | None, form: str) -> None:
    """--group and --unit choose one sheet: a usage error with a form that writes them all."""
    if group is not None or unit is not None:
        usage_error(
            _("{form} writes the sheets of every unit: leave out --group and --unit, or give --out PATH.xlsx.").format(
                form=form
            )
        )


@contextmanager
def _refusals(language: str) -> Iterator[None]:
    """A template that cannot be made or written: a usage error (exit 2) in LANGUAGE."""
    from ..output import OutputError
    from ..templates import TemplateError

    try:
        yield
    except (TemplateError, OutputError) as exc:
        usage_error(exc.text(language) if isinstance(exc, OutputError) else str(exc))


def _every_unit(
    loaded: Framework, folder: Path | None, out: Path, survey: bool, force: bool, inputs: list[Path], language: str
) -> None:
    """The survey sheet, or a workbook per unit into the folder OUT, for every unit of FOLDER's units.csv."""
    from ..problems import InvalidInput
    from ..progress import progress
    from ..survey_template import write_survey_template
    from ..template_folder import folder_units, refusal_words, without_criteria, write_unit_templates

    if folder is None:
        usage_error(refusal_words(Path(out)).text(language))
    try:
        found = folder_units(folder, loaded)
    except InvalidInput as exc:
        fail_with_report(exc.report, language, as_json=False)
    with _refusals(language):
        if survey:
            write_survey_template(loaded, found.units, found.year, out, language, inputs)
            said_wrote(out)
            return
        with progress(len(found.units), _("Writing the sheets"), minimum=10) as step:
            written = write_unit_templates(loaded, found, out, force=force, lang=language, inputs=inputs, step=step)
    wrote = ngettext("Wrote {n} workbook in {folder}", "Wrote {n} workbooks in {folder}", len(written))
    sys.stderr.write(wrote.format(n=len(written), folder=out) + "\n")
    skipped = without_criteria(loaded, found.units)
    if skipped:
        said = _("No workbook for {units}: their group has no criteria to self-assess.")
        sys.stderr.write(said.format(units=", ".join(skipped)) + "\n")


def _appraisal_sheet(folder: Path, out: Path, force: bool, lang: str, also: tuple[str | None, bool]) -> None:
    """`template FOLDER --appraisal --out PATH.xlsx`: the council's worksheet (appraisal_sheet.py).

    ALSO is a --group or --unit given too (the worksheet holds every unit, so it is refused) and whether
    --survey was given too (another sheet: refused rather than one of them written silently)."""
    from ..appraisal_sheet import write_appraisal_sheet
    from ..output import OutputError
    from ..problems import InvalidInput
    from .common import check_folder

    narrowed, survey = also
    if survey:
        usage_error(_("--appraisal and --survey write two different sheets: give one of them."))
    if narrowed is not None:
        usage_error(_("--appraisal writes the worksheet of every unit: leave out --group and --unit."))
    if out.suffix.lower() != ".xlsx":
        usage_error(_("--appraisal writes an .xlsx workbook (got '{name}').").format(name=out.name))
    check_folder(folder)
    if not (folder / "parindex.toml").is_file():
        usage_error(
            _("--appraisal needs an assessment folder (with parindex.toml); '{folder}' has none.").format(folder=folder)
        )
    _refuse_existing(out, force)
    inputs = [p for p in folder.rglob("*") if p.is_file()]
    try:
        write_appraisal_sheet(folder, out, lang, inputs)
    except InvalidInput as exc:
        fail_with_report(exc.report, lang, as_json=False)
    except OutputError as exc:
        usage_error(exc.text(lang))
    said_wrote(out)


def _group_of_unit(unit_id: str, unit_group: str, given: str | None) -> str:
    """The unit's group from units.csv; a --group that names another group is a usage error."""
    if given is not None and given.casefold() != unit_group.casefold():
        usage_error(
            _("unit '{unit}' belongs to group '{group}', not '{given}'.").format(
                unit=unit_id, group=unit_group, given=given
            )
        )
    return unit_group if given is None else given


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_(
    "Write blank sheets to fill in: a unit's self-assessment, every unit's (--out DIR/), the survey's (--survey), "
    "or the appraisal council's worksheet (--appraisal)."
)


def register(app: typer.Typer) -> None:
    command(
        app,
        "template",
        help=HELP,
        short_help=N_("Blank sheets: self-assessment (one unit or every unit), survey, the council's worksheet."),
    )(template)
