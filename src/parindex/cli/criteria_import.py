"""`parindex criteria import`: a framework folder from the annex table(s) of a province's decision.

A few lines over :func:`parindex.annex.import_annexes`: the options become an ``ImportOptions``,
invalid annexes print the validation report (exit 1), options that do not fit them or an output
folder that cannot be written are usage errors (exit 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, gettext
from .common import LangOpt, fail_with_report, lang_of, lookable, said_wrote, usage_error
from .language import command

_ = gettext

if TYPE_CHECKING:  # pragma: no cover
    from ..annex import GroupSpec


AnnexesArg = Annotated[
    list[Path],
    typer.Argument(
        help=N_("Annex tables (.xlsx, .csv, .docx): one per group, or one file with a sheet or table per group."),
        show_default=False,
    ),
]
DirOpt = Annotated[
    Path, typer.Option("--out", "-o", help=N_("Framework folder to write (created if missing)."), show_default=False)
]
GroupsOpt = Annotated[
    list[str] | None,
    typer.Option("--group", "-g", help=N_("Group key of each annex table, in order (so, huyen); repeat it.")),
]
NamesOpt = Annotated[
    list[str] | None,
    typer.Option("--name", "-n", help=N_("Group name of each --group, in the same order; repeat it.")),
]
MarkOpt = Annotated[
    str | None, typer.Option("--survey-mark", help=N_("Text marking a survey criterion in the annex, e.g. '(ĐTXHH)'."))
]
IdOpt = Annotated[str | None, typer.Option("--id", help=N_("Framework id (default: the --out folder's name)."))]
TitleOpt = Annotated[str, typer.Option("--title", help=N_("Framework title."))]
DecisionOpt = Annotated[str, typer.Option("--decision", help=N_("Decision number, e.g. 1726/QĐ-UBND."))]
DateOpt = Annotated[str, typer.Option("--date", help=N_("Decision date, YYYY-MM-DD."))]
ForceOpt = Annotated[bool, typer.Option("--force", help=N_("Replace the framework already in --out."))]


def import_annex(
    annexes: AnnexesArg,
    out: DirOpt,
    group: GroupsOpt = None,
    name: NamesOpt = None,
    survey_mark: MarkOpt = None,
    framework_id: IdOpt = None,
    title: TitleOpt = "",
    decision: DecisionOpt = "",
    date: DateOpt = "",
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Make a framework (framework.toml and a criteria CSV per group) from the annex table of a decision."""
    from ..annex import ImportOptions, UsageProblem, import_annexes
    from ..output import OutputError
    from ..problems import InvalidInput

    language = lang_of(lang)
    _check_annexes(annexes, language)
    specs = _groups(group or [], name or [])
    options = ImportOptions(specs, framework_id or out.absolute().name, title, decision, date, survey_mark)
    try:
        imported = import_annexes(list(annexes), out, options, force=force, lang=language)
    except InvalidInput as exc:
        fail_with_report(exc.report, language, as_json=False)
    except (UsageProblem, OutputError) as exc:
        usage_error(exc.words.text(language))
    if imported.report.warnings:  # written, but worth a look (a criterion whose levels never reach its maximum)
        from .common import stderr
        from .views import print_report

        print_report(imported.report, language, stderr())
    for path in imported.written:
        said_wrote(path)
    typer.echo(_("Check the tree against the signed decision: parindex criteria {folder}").format(folder=out), err=True)


def _groups(keys: list[str], names: list[str]) -> tuple[GroupSpec, ...]:
    """The --group and --name options, paired in order (one --name per --group, or none)."""
    from ..annex import GroupSpec

    if names and len(names) != len(keys):
        usage_error(
            _("give one --name per --group ({groups} --group, {names} --name).").format(
                groups=len(keys), names=len(names)
            )
        )
    return tuple(GroupSpec(key, names[i] if names else None) for i, key in enumerate(keys))


def _check_annexes(annexes: list[Path], lang: str) -> None:
    """Each annex exists, is a file, and is a kind parindex reads (a usage error otherwise)."""
    from ..annex import ANNEX_SUFFIXES

    for path in annexes:
        if not lookable(path, N_("annex"), lang).exists():
            usage_error(_("annex '{path}' does not exist.").format(path=path))
        if not path.is_file():
            usage_error(_("annex '{path}' is not a file.").format(path=path))
        if path.suffix.lower() not in ANNEX_SUFFIXES:
            usage_error(
                _("annex '{path}' must be .xlsx, .csv or .docx (save a .doc or .xls again in the new format).").format(
                    path=path
                )
            )


#: The subcommand's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_(
    "Make a framework (framework.toml and a criteria CSV per group) from the annex table of a decision: "
    "numbered I, II (domains), 1, 2 (criteria), 1.1 (sub-criteria), a), b) (scoring levels), with the points. "
    "Every problem is reported at its row of the annex and nothing is written until there is none. Check "
    "the tree against the signed decision afterwards."
)


def register_import(group: typer.Typer) -> None:
    command(group, "import", help=HELP, short_help=N_("Make a framework from a decision's annex table."))(import_annex)
