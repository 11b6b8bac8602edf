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

from .common import LangOpt, fail_with_report, lang_of, said_wrote, usage_error

if TYPE_CHECKING:  # pragma: no cover
    from ..framework import Framework

DEFAULT_FRAMEWORK = "lai-chau-1726-2022"


def _load_source(ref: str, lang: str) -> tuple[Framework, Path | None, list[Path]]:
    """The framework, the assessment folder (if REF is one) and the files not to overwrite."""
    import tomllib

    from ..framework import load_framework
    from ..problems import InvalidInput

    folder = Path(ref)
    assessment_folder: Path | None = None
    framework_ref: str | Path = ref
    base: Path | None = None
    if (folder / "parindex.toml").is_file():
        assessment_folder = folder
        try:
            config = tomllib.loads((folder / "parindex.toml").read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            usage_error(f"{folder / 'parindex.toml'} is not valid TOML ({exc}).")
        if not isinstance(config.get("framework"), str):
            usage_error(f"{folder / 'parindex.toml'} names no framework.")
        framework_ref, base = str(config["framework"]).strip(), folder
    try:
        framework = load_framework(framework_ref, base)
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
        usage_error(f"{folder} needs exactly one units.csv (or units.xlsx) to check --unit.")
    table = read_table(tables[0], tables[0].name, UNITS).frame
    if table is None or not {"unit_id", "name", "group"} <= set(table.columns):
        usage_error(f"{tables[0]} is not readable; run 'parindex validate {folder}'.")
    records = table.records()
    for record in records:
        if str(record["unit_id"]).casefold() == unit_id.casefold():
            return str(record["unit_id"]), str(record["name"]), str(record["group"])
    ids = [str(r["unit_id"]) for r in records]
    close = difflib.get_close_matches(unit_id, ids, n=5, cutoff=0.5) or ids[:30]
    usage_error(f"unit '{unit_id}' is not in {tables[0].name}; units: {', '.join(close)}.")


def template(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Where to write: PATH.xlsx (with validation and instructions) or PATH.csv.",
            show_default=False,
        ),
    ],
    framework: Annotated[
        str,
        typer.Argument(help="Bundled framework id, framework folder, or assessment folder (with parindex.toml)."),
    ] = DEFAULT_FRAMEWORK,
    group: Annotated[
        str | None,
        typer.Option("--group", "-g", help="Group key (e.g. so, huyen); optional for an assessment folder + --unit."),
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Fill the unit_id column with this unit id.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --out if it exists (a filled-in sheet would be lost).")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Write a blank self-assessment sheet (every appraisal criterion of a group) for a unit to fill in."""
    from ..output import OutputError
    from ..templates import TEMPLATE_SUFFIXES, TemplateError, write_template

    language = lang_of(lang)
    if out.suffix.lower() not in TEMPLATE_SUFFIXES:
        usage_error(f"--out must end in .xlsx or .csv (got '{out.name}').")
    if out.exists() and not force:
        usage_error(f"{out} exists; a filled-in sheet would be lost. Choose another name or add --force.")
    loaded, folder, inputs = _load_source(framework, language)
    unit_id, unit_name = unit, None
    if folder is not None and unit is not None:
        unit_id, unit_name, unit_group = _unit_from_folder(folder, unit)
        if group is None:
            group = unit_group
        elif group.casefold() != unit_group.casefold():
            usage_error(f"unit '{unit_id}' belongs to group '{unit_group}', not '{group}'.")
    if group is None:
        usage_error(f"--group is required; groups of {loaded.id}: {', '.join(loaded.groups)}.")
    try:
        write_template(loaded, group, out, unit_id, language, inputs, unit_name)
    except (TemplateError, OutputError) as exc:
        usage_error(str(exc))
    said_wrote(out)


def register(app: typer.Typer) -> None:
    app.command("template", short_help="A blank self-assessment sheet for a unit.")(template)
