"""`parindex report`: one self-contained HTML file with the ranking tables and charts, to attach and mail."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, gettext
from .common import (
    FolderArg,
    LangOpt,
    RoundOpt,
    emit,
    input_files,
    lang_of,
    load_checked,
    output_refusals,
    usage_error,
)
from .language import command
from .publishing import DateOpt, DecisionOpt, IssuerOpt, publication_of

_ = gettext

HtmlOpt = Annotated[
    Path,
    typer.Option("--html", help=N_("Write the HTML report to this file ('-' = standard output)."), show_default=False),
]
PreviousOpt = Annotated[
    Path | None,
    typer.Option(
        "--previous",
        "-p",
        help=N_("Add the change since last year: last year's folder or 'score --format csv|json' ranking file."),
        show_default=False,
    ),
]
SensitivityOpt = Annotated[
    bool,
    typer.Option(
        "--sensitivity",
        help=N_("Add a chart of each unit's rank interval (as 'parindex sensitivity' with its defaults)."),
    ),
]


def report(
    folder: FolderArg,
    html: HtmlOpt,
    previous: PreviousOpt = None,
    decision: DecisionOpt = None,
    date: DateOpt = None,
    issuer: IssuerOpt = None,
    round: RoundOpt = None,
    sensitivity: SensitivityOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write a self-contained HTML report of FOLDER: tables, bar chart, heat map, rules (works offline)."""
    from ..html_report import render_report
    from ..manifest import manifest_of
    from ..output import check_output_path
    from ..scoring import score_assessment
    from .compare import load_previous_checked

    language = lang_of(lang)
    publication = publication_of(folder, decision, date, issuer, language)
    assessment = load_checked(folder, language, round=round)
    inputs = input_files(assessment)
    ranking = None
    if previous is not None:
        if previous.resolve() == folder.resolve():
            usage_error(_("--previous is the same folder as FOLDER; give last year's folder or ranking file."))
        ranking, previous_files = load_previous_checked(previous, language, as_json=False)
        inputs += previous_files
    if str(html) != "-":  # refuse a bad path before the charts take their second to draw
        with output_refusals(language):
            check_output_path(html, inputs)
    results = score_assessment(assessment)
    analysis = None
    if sensitivity:
        from ..sensitivity import analyse_sensitivity

        analysis = analyse_sensitivity(assessment, results=results)
    manifest = manifest_of(assessment)
    text = render_report(results, language, ranking, publication, manifest, analysis)
    emit(text, html, inputs, language)  # writes atomically (temporary file, then rename)


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_("Write a self-contained HTML report of FOLDER: tables, bar chart, heat map, rules (works offline).")


def register(app: typer.Typer) -> None:
    command(app, "report", help=HELP, short_help=N_("Self-contained HTML report with charts."))(report)
