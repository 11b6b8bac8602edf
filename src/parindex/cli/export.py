"""`parindex export`: the annexes to attach to the results decision: an Excel workbook and/or a Word document."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import N_, current_lang, gettext
from .common import (
    FolderArg,
    LangOpt,
    RoundOpt,
    input_files,
    lang_of,
    load_checked,
    output_refusals,
    said_wrote,
    usage_error,
)
from .language import command
from .publishing import DateOpt, DecisionOpt, IssuerOpt, publication_of
from .report import PreviousOpt

_ = gettext

if TYPE_CHECKING:  # pragma: no cover
    from ..assessment import Assessment
    from ..compare import Ranking
    from ..i18n import Lang
    from ..publication import Publication
    from ..scoring import Results

XLSX_SUFFIXES = (".xlsx", ".xlsm")
DOCX_SUFFIXES = (".docx",)


XlsxOpt = Annotated[
    Path | None,
    typer.Option(
        "--xlsx",
        help=N_("Write the Excel workbook here: a sheet per group (Annex 1, 2, …) and a Details sheet."),
        show_default=False,
    ),
]
DocxOpt = Annotated[
    Path | None,
    typer.Option(
        "--docx",
        help=N_("Write the annexes of the results decision here as a Word document (one annex per group)."),
        show_default=False,
    ),
]
DetailsOpt = Annotated[
    bool,
    typer.Option(
        "--details/--no-details",
        help=N_("Add the Details sheet, a row per unit and criterion (--no-details for national-scale folders)."),
    ),
]


def export(
    folder: FolderArg,
    xlsx: XlsxOpt = None,
    docx: DocxOpt = None,
    details: DetailsOpt = True,
    decision: DecisionOpt = None,
    date: DateOpt = None,
    issuer: IssuerOpt = None,
    previous: PreviousOpt = None,
    round: RoundOpt = None,
    lang: LangOpt = None,
) -> None:
    """Export the ranked results of FOLDER as an Excel workbook and/or Word annexes (validates first)."""
    from ..manifest import manifest_of
    from ..scoring import score_assessment

    language = lang_of(lang)
    if xlsx is None and docx is None:
        usage_error(_("Give --xlsx PATH.xlsx, --docx PATH.docx, or both."))
    _check_suffix(xlsx, "--xlsx", XLSX_SUFFIXES)
    _check_suffix(docx, "--docx", DOCX_SUFFIXES)
    if previous is not None and previous.resolve() == folder.resolve():
        usage_error(_("--previous is the same folder as FOLDER; give last year's folder or ranking file."))
    publication = publication_of(folder, decision, date, issuer, language)
    assessment = load_checked(folder, language, round=round)
    results = score_assessment(assessment)
    ranking, previous_files = _previous(previous if docx is not None else None, language)
    inputs = input_files(assessment) + previous_files
    manifest = manifest_of(assessment)
    if xlsx is not None:
        _write_xlsx(assessment, results, xlsx, language, inputs, details, publication, manifest)
    if docx is not None:
        _write_docx(results, docx, publication, ranking, language, inputs, manifest)


def _check_suffix(path: Path | None, option: str, suffixes: tuple[str, ...]) -> None:
    """A file name that Excel or Word would not open is a usage error; /dev/stdout, a FIFO: as given."""
    from ..writing import is_special

    if path is not None and path.suffix.lower() not in suffixes and not is_special(path):
        message = _("{option} needs a file name ending in {suffix} (got '{name}').")
        usage_error(message.format(option=option, suffix=suffixes[0], name=path.name))


def _write_xlsx(
    assessment: Assessment,
    results: Results,
    xlsx: Path,
    lang: Lang,
    inputs: list[Path],
    details: bool,
    publication: Publication,
    manifest: dict[str, Any],
) -> None:
    from ..excel import check_details_fit, detail_row_count, export_xlsx

    with output_refusals(lang):
        if details:  # a sheet Excel cannot hold is refused before it is announced as slow
            check_details_fit(results)
            _warn_if_slow(detail_row_count(results))
        export_xlsx(
            assessment,
            xlsx,
            lang,
            results=results,
            inputs=inputs,
            details=details,
            publication=publication,
            manifest=manifest,
        )
    said_wrote(xlsx)


def _previous(previous: Path | None, lang: Lang) -> tuple[Ranking | None, list[Path]]:
    """Last year's ranking for the change phrase, read before anything is written (its files are inputs)."""
    if previous is None:
        return None, []
    from .compare import load_previous_checked

    return load_previous_checked(previous, lang, as_json=False)


def _write_docx(
    results: Results,
    docx: Path,
    publication: Publication,
    ranking: Ranking | None,
    lang: Lang,
    inputs: list[Path],
    manifest: dict[str, Any],
) -> None:
    from ..docx_annex import export_docx

    with output_refusals(lang):
        export_docx(results, docx, publication, lang, previous=ranking, inputs=inputs, manifest=manifest)
    said_wrote(docx)


#: Details rows above which `export` says, before starting, that the sheet will take a while
SLOW_DETAIL_ROWS = 100_000
#: Seconds and gigabytes of memory 100,000 details rows take (the measurement is in benchmarks/README.md).
SECONDS_PER_100K_ROWS, GIGABYTES_PER_100K_ROWS = 25, 0.8


def _warn_if_slow(rows: int) -> None:
    """A large "Chi tiết" sheet takes minutes and gigabytes: say so before starting, not after."""
    from ..numbers import count_text

    if rows > SLOW_DETAIL_ROWS:
        minutes = max(1, round(rows / 100_000 * SECONDS_PER_100K_ROWS / 60))
        message = _(
            "The Details sheet has {rows} rows: expect about {minutes} min and {gigabytes} GB of memory. "
            "--no-details writes the annex sheets only, in seconds."
        )
        gigabytes = f"{rows / 100_000 * GIGABYTES_PER_100K_ROWS:.0f}"
        shown = count_text(rows, current_lang())
        sys.stderr.write(message.format(rows=shown, minutes=minutes, gigabytes=gigabytes) + "\n")


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_("Export the ranked results of FOLDER as an Excel workbook and/or Word annexes (validates first).")


def register(app: typer.Typer) -> None:
    command(app, "export", help=HELP, short_help=N_("The annexes as an Excel workbook or a Word document."))(export)
