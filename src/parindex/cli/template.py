"""`parindex template`: a blank self-assessment sheet for one group (and unit), ready to fill in.

FRAMEWORK is a bundled framework id, a framework folder, or an assessment folder (one holding
parindex.toml): then its framework is used, --unit is checked against its units file and the
group can be left out (it is the unit's group).

An existing --out file is never replaced without --force: the usual mistake is regenerating the
template over the sheet a unit has just filled in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, gettext
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
        Path,
        typer.Option(
            "--out",
            "-o",
            help=N_("Where to write: PATH.xlsx (with validation and instructions) or PATH.csv."),
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
    appraisal: AppraisalOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write a blank self-assessment sheet (every appraisal criterion of a group) for a unit to fill in."""
    from ..output import OutputError
    from ..templates import TEMPLATE_SUFFIXES, TemplateError, write_template

    language = lang_of(lang)
    if appraisal:
        _appraisal_sheet(Path(framework), out, force, language, group or unit)
        return
    if out.suffix.lower() not in TEMPLATE_SUFFIXES:
        usage_error(_("--out must end in .xlsx or .csv (got '{name}').").format(name=out.name))
    if out.exists() and not force:
        usage_error(
            _("{path} exists; a filled-in sheet would be lost. Choose another name or add --force.").format(path=out)
        )
    loaded, folder, inputs = _load_source(framework, language)
    unit_id, unit_name = unit, None
    if folder is not None and unit is not None:
        unit_id, unit_name, unit_group = _unit_from_folder(folder, unit)
        group = _group_of_unit(unit_id, unit_group, group)
    if group is None:
        usage_error(
            _("--group is required; groups of {framework}: {groups}.").format(
                framework=loaded.id, groups=", ".join(loaded.groups)
            )
        )
    try:
        write_template(loaded, group, out, unit_id, language, inputs, unit_name)
    except (TemplateError, OutputError) as exc:
        usage_error(exc.text(language) if isinstance(exc, OutputError) else str(exc))
    said_wrote(out)


def _appraisal_sheet(folder: Path, out: Path, force: bool, lang: str, narrowed: str | None) -> None:
    """`template FOLDER --appraisal --out PATH.xlsx`: the council's worksheet (appraisal_sheet.py).

    NARROWED is a --group or --unit given too: the worksheet holds every unit, so it is refused."""
    from ..appraisal_sheet import write_appraisal_sheet
    from ..output import OutputError
    from ..problems import InvalidInput
    from .common import check_folder

    if narrowed is not None:
        usage_error(_("--appraisal writes the worksheet of every unit: leave out --group and --unit."))
    if out.suffix.lower() != ".xlsx":
        usage_error(_("--appraisal writes an .xlsx workbook (got '{name}').").format(name=out.name))
    check_folder(folder)
    if not (folder / "parindex.toml").is_file():
        usage_error(
            _("--appraisal needs an assessment folder (with parindex.toml); '{folder}' has none.").format(folder=folder)
        )
    if out.exists() and not force:
        usage_error(
            _("{path} exists; a filled-in sheet would be lost. Choose another name or add --force.").format(path=out)
        )
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
HELP = N_("Write a blank self-assessment sheet (every appraisal criterion of a group) for a unit to fill in.")


def register(app: typer.Typer) -> None:
    command(app, "template", help=HELP, short_help=N_("A blank self-assessment sheet for a unit."))(template)
