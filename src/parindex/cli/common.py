"""Options and helpers shared by every command: language, output format, loading with validation.

Every command validates its input first and, on errors, prints the same report as
``parindex validate`` and exits 1 without writing anything.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from ..assessment import Assessment
    from ..problems import Report

EXIT_INVALID = 1
EXIT_USAGE = 2


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Lang(str, Enum):
    vi = "vi"
    en = "en"


def _default_lang() -> str:
    from ..problems import default_lang

    return default_lang()


FolderArg = Annotated[
    Path,
    typer.Argument(
        help="Assessment folder (holds parindex.toml, units, self-assessment, appraisal, survey).", show_default=False
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write to this file ('-' = standard output). Default: standard output."),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of messages and tables (default: $PARINDEX_LANG, else vi).",
        case_sensitive=False,
        show_default=False,
    ),
]


def lang_of(option: Lang | None) -> str:
    return option.value if option is not None else _default_lang()


def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def usage_error(message: str) -> NoReturn:
    """Exit 2 with a message, as click does for bad options."""
    stderr().print(f"[red]Usage error:[/red] {message}")
    raise typer.Exit(EXIT_USAGE)


def check_folder(folder: Path) -> None:
    """A missing or non-folder argument is a usage error (exit 2), said plainly."""
    if not folder.exists():
        usage_error(f"folder '{folder}' does not exist.")
    if not folder.is_dir():
        usage_error(f"'{folder}' is a file; give the assessment folder that holds parindex.toml.")


def fail_with_report(report: Report, lang: str, as_json: bool) -> NoReturn:
    """Print the validation report (JSON on stdout, or tables on stderr) and exit 1."""
    from ..output import to_json
    from .views import print_report

    if as_json:
        sys.stdout.write(to_json(report.to_dict(lang)))
    else:
        print_report(report, lang, stderr())
    raise typer.Exit(EXIT_INVALID)


def load_checked(folder: Path, lang: str, as_json: bool = False) -> Assessment:
    """Load and validate FOLDER; on errors print the report and exit 1."""
    from ..assessment import load_assessment
    from ..problems import InvalidInput

    check_folder(folder)
    try:
        assessment = load_assessment(folder)
    except InvalidInput as exc:
        fail_with_report(exc.report, lang, as_json)
    if assessment.warnings:
        note = {
            "en": "warning(s): run 'parindex validate' for details.",
            "vi": "cảnh báo: chạy 'parindex validate' để xem chi tiết.",
        }[lang]
        stderr().print(f"[yellow]{len(assessment.warnings)} {note}[/yellow]")
    return assessment


def input_files(assessment: Assessment) -> list[Path]:
    """Every file the assessment was read from, so outputs never overwrite one."""
    folder = assessment.folder
    files = [p for p in folder.rglob("*") if p.is_file()]
    files += [p for p in assessment.framework.folder.glob("*") if p.is_file()]
    return files


def emit(text: str, out: Path | None, inputs: list[Path]) -> None:
    """Write TEXT to OUT atomically, or to stdout when OUT is None or '-'."""
    from ..output import OutputError, check_output_path, write_text

    if out is None or str(out) == "-":
        sys.stdout.write(text)
        return
    try:
        check_output_path(out, inputs)
    except OutputError as exc:
        usage_error(str(exc))
    write_text(out, text)
    stderr().print(f"Wrote {out}")


def json_ready(document: Any) -> str:
    from ..output import to_json

    return to_json(document)
