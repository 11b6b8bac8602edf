"""`parindex score`: the ranked tables of the results decision."""

from __future__ import annotations

import typer

from ..i18n import N_, gettext
from .common import (
    FolderArg,
    Format,
    FormatOpt,
    LangOpt,
    OutOpt,
    RoundOpt,
    emit,
    input_files,
    lang_of,
    load_checked,
    stdout,
)
from .language import command

_ = gettext


def score(
    folder: FolderArg,
    format: FormatOpt = Format.table,
    out: OutOpt = None,
    round: RoundOpt = None,
    lang: LangOpt = None,
) -> None:
    """Score and rank every unit of an assessment folder (validates first)."""
    from ..output import results_to_csv, results_to_dict, to_json
    from ..scoring import score_assessment
    from .common import usage_error
    from .views import print_results

    language = lang_of(lang)
    if format is Format.table and out is not None and str(out) != "-":
        usage_error(_("--out needs --format csv or --format json."))
    assessment = load_checked(folder, language, as_json=format is Format.json, round=round)
    results = score_assessment(assessment)
    if format is Format.table:
        print_results(results, language, stdout())
        if assessment.round is not None:  # a preliminary table must not pass for the final one
            stdout().print(_("Results as of round {n} of the appraisal.").format(n=assessment.round))
        return
    text = to_json(results_to_dict(results, language)) if format is Format.json else results_to_csv(results)
    emit(text, out, input_files(assessment), language)


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_("Score and rank every unit of an assessment folder (validates first).")


def register(app: typer.Typer) -> None:
    command(app, "score", help=HELP, short_help=N_("Score and rank every unit; the tables of the decision."))(score)
