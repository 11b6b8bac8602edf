"""`parindex score`: the ranked tables of the results decision."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:  # pragma: no cover
    from ..i18n import Lang


def score(
    folder: FolderArg,
    format: FormatOpt = Format.table,
    out: OutOpt = None,
    round: RoundOpt = None,
    lang: LangOpt = None,
) -> None:
    """Score and rank every unit of an assessment folder (validates first)."""
    from ..manifest import manifest_of
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
    manifest = manifest_of(assessment)
    if format is Format.json:
        emit(to_json(results_to_dict(results, language, manifest)), out, input_files(assessment), language)
        return
    _emit_csv(results_to_csv(results), manifest, out, input_files(assessment), language)


def _emit_csv(text: str, manifest: dict[str, Any], out: Path | None, inputs: list[Path], lang: Lang) -> None:
    """The CSV, and beside a CSV written to a file its manifest (``x.csv.manifest.json``).

    Standard output, /dev/stdout, a FIFO or /dev/null get the CSV alone: there is no file beside
    them to hold a manifest. Both paths are checked before either is written.
    """
    from ..manifest import sidecar_path, sidecar_text
    from ..writing import check_output_path, is_special, write_text
    from .common import output_refusals, said_wrote

    if out is None or str(out) == "-" or is_special(out):
        emit(text, out, inputs, lang)
        return
    sidecar = sidecar_path(out)
    with output_refusals(lang):
        check_output_path(out, inputs)  # the CSV's own refusal first: it is the path the user gave
        check_output_path(sidecar, inputs)
    emit(text, out, inputs, lang)
    with output_refusals(lang):
        write_text(sidecar, sidecar_text(manifest))
    said_wrote(sidecar)


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_("Score and rank every unit of an assessment folder (validates first).")


def register(app: typer.Typer) -> None:
    command(app, "score", help=HELP, short_help=N_("Score and rank every unit; the tables of the decision."))(score)
