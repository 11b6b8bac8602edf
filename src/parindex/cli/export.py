"""`parindex export`: the results workbook to attach to the results decision (one sheet per annex)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, gettext
from .common import FolderArg, LangOpt, input_files, lang_of, load_checked, output_refusals, said_wrote, usage_error
from .language import command

_ = gettext

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def export(
    folder: FolderArg,
    xlsx: Annotated[
        Path,
        typer.Option(
            "--xlsx",
            help=N_("Write the Excel workbook here: a sheet per group (Annex 1, 2, …) and a Details sheet."),
            show_default=False,
        ),
    ],
    details: Annotated[
        bool,
        typer.Option(
            "--details/--no-details",
            help=N_("Add the Details sheet, a row per unit and criterion (--no-details for national-scale folders)."),
        ),
    ] = True,
    lang: LangOpt = None,
) -> None:
    """Export the ranked results of FOLDER as an Excel workbook, annex by annex (validates first)."""
    from ..excel import check_details_fit, detail_row_count, export_xlsx
    from ..scoring import score_assessment
    from ..writing import is_special

    language = lang_of(lang)
    if xlsx.suffix.lower() not in XLSX_SUFFIXES and not is_special(xlsx):  # /dev/stdout, a FIFO: as given
        usage_error(_("--xlsx needs a file name ending in .xlsx (got '{name}').").format(name=xlsx.name))
    assessment = load_checked(folder, language)
    results = score_assessment(assessment)
    with output_refusals(language):
        if details:  # a sheet Excel cannot hold is refused before it is announced as slow
            check_details_fit(results)
            _warn_if_slow(detail_row_count(results))
        export_xlsx(assessment, xlsx, language, results=results, inputs=input_files(assessment), details=details)
    said_wrote(xlsx)


#: Details rows above which `export` says, before starting, that the sheet will take a while
SLOW_DETAIL_ROWS = 100_000
#: Seconds and gigabytes of memory 100,000 details rows take (the measurement is in benchmarks/README.md).
SECONDS_PER_100K_ROWS, GIGABYTES_PER_100K_ROWS = 25, 0.8


def _warn_if_slow(rows: int) -> None:
    """A large "Chi tiết" sheet takes minutes and gigabytes: say so before starting, not after."""
    if rows > SLOW_DETAIL_ROWS:
        minutes = max(1, round(rows / 100_000 * SECONDS_PER_100K_ROWS / 60))
        message = _(
            "The Details sheet has {rows} rows: expect about {minutes} min and {gigabytes} GB of memory. "
            "--no-details writes the annex sheets only, in seconds."
        )
        gigabytes = f"{rows / 100_000 * GIGABYTES_PER_100K_ROWS:.0f}"
        sys.stderr.write(message.format(rows=f"{rows:,}", minutes=minutes, gigabytes=gigabytes) + "\n")


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_("Export the ranked results of FOLDER as an Excel workbook, annex by annex (validates first).")


def register(app: typer.Typer) -> None:
    command(app, "export", help=HELP, short_help=N_("The annexes as an Excel workbook."))(export)
