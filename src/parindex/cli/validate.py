"""`parindex validate`: every problem of an assessment folder, located and explained."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from ..i18n import N_
from .common import EXIT_INVALID, FolderArg, LangOpt, check_folder, lang_of, load_progress, stderr, stdout
from .language import command


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def validate(
    folder: FolderArg,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help=N_("Report format."))
    ] = ReportFormat.table,
    lang: LangOpt = None,
) -> None:
    """Check the framework and every file of FOLDER; exit 1 if there are errors (warnings allowed)."""
    from ..assessment import validate_folder
    from ..output import to_json
    from .views import print_report

    language = lang_of(lang)
    check_folder(folder)
    with load_progress(folder, language) as progress:
        report = validate_folder(folder, progress)
    if format is ReportFormat.json:
        sys.stdout.write(to_json(report.to_dict(language)))
    else:
        print_report(report, language, stdout() if report.valid else stderr())
    if not report.valid:
        raise typer.Exit(EXIT_INVALID)


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_("Check the framework and every file of FOLDER; exit 1 if there are errors (warnings allowed).")


def register(app: typer.Typer) -> None:
    command(app, "validate", help=HELP, short_help=N_("Check every file; report all problems at once."))(validate)
