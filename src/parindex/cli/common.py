"""Options and helpers shared by every command: language, output format, loading with validation.

Every command validates its input first and, on errors, prints the same report as
``parindex validate`` and exits 1 without writing anything.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..i18n import N_, Lang, gettext, ngettext, resolve_lang

_ = gettext

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from ..assessment import Assessment
    from ..problems import Report

Progress = Callable[[str], None]
EXIT_INVALID = 1
EXIT_USAGE = 2


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


FolderArg = Annotated[
    Path,
    typer.Argument(
        help=N_("Assessment folder (holds parindex.toml, units, self-assessment, appraisal, survey)."),
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=N_("Output format."), case_sensitive=False)]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help=N_("Write to this file ('-' = standard output). Default: standard output.")),
]
RoundOpt = Annotated[
    int | None,
    typer.Option(
        "--round",
        help=N_(
            "Results as of this appraisal round: 1 = the preliminary appraisal, 2 = the final one (after the "
            "units' explanations). Default: each criterion's latest round."
        ),
        show_default=False,
    ),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=N_("Language of messages and tables (default: $PARINDEX_LANG, else vi)."),
        case_sensitive=False,
        show_default=False,
    ),
]


def lang_of(option: str | None) -> Lang:
    """The command's --lang, else the run's language (--lang before the command, $PARINDEX_LANG, vi)."""
    return resolve_lang(option)


#: Width of tables written to a file or a pipe: wide enough that no column is ever cut off.
PIPE_WIDTH = 160


def stdout() -> Console:
    """The console for results: the terminal's width, or PIPE_WIDTH when output is redirected."""
    from rich.console import Console

    redirected = not sys.stdout.isatty() and "COLUMNS" not in os.environ
    return Console(highlight=False, emoji=False, width=PIPE_WIDTH if redirected else None)


def stderr() -> Console:
    """The console for reports and messages (same width rule as stdout)."""
    from rich.console import Console

    redirected = not sys.stderr.isatty() and "COLUMNS" not in os.environ
    return Console(stderr=True, highlight=False, emoji=False, width=PIPE_WIDTH if redirected else None)


def usage_error(message: str) -> NoReturn:
    """Exit 2 with a message, as click does for bad options; MESSAGE is plain text (paths, ids shown as typed)."""
    from rich.markup import escape

    from ..display import markup

    prefix = escape(_("Usage error:"))
    stderr().print(f"[red]{prefix}[/red] {markup(message)}")
    raise typer.Exit(EXIT_USAGE)


def lookable(path: Path, what: str, lang: str | None = None) -> Path:
    """PATH, once the system agrees to look it up; else a usage error (exit 2) naming it, cut short.

    WHAT names the path: a word marked with ``N_`` (translated here) or an option name (``--previous``).

    Why: a path the system refuses to look up (5,000 characters: "File name too long") made
    ``Path.exists`` raise, and the command exit 3 as if parindex had a bug.
    """
    from ..display import shorten
    from ..writing import os_words

    try:
        path.exists()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        language = resolve_lang(lang)
        message = _("{what} '{path}' cannot be looked up ({reason}).", language)
        usage_error(
            message.format(what=_(what, language), path=shorten(str(path), 80), reason=os_words(exc).text(language))
        )
    return path


def check_folder(folder: Path) -> None:
    """A missing or non-folder argument is a usage error (exit 2), said plainly."""
    if not lookable(folder, N_("folder")).exists():
        usage_error(_("folder '{folder}' does not exist.").format(folder=folder))
    if not folder.is_dir():
        usage_error(
            _("'{folder}' is a file; give the assessment folder that holds parindex.toml.").format(folder=folder)
        )


def fail_with_report(report: Report, lang: str, as_json: bool) -> NoReturn:
    """Print the validation report (JSON on stdout, or tables on stderr) and exit 1."""
    from ..output import to_json
    from .views import print_report

    if as_json:
        sys.stdout.write(to_json(report.to_dict(lang)))
    else:
        print_report(report, lang, stderr())
    raise typer.Exit(EXIT_INVALID)


#: Folders bigger than this take about a second or more to load: show a progress bar.
LARGE_INPUT_BYTES = 5_000_000


def _input_bytes(folder: Path) -> int:
    """Size of the folder's files (one level, plus a self-assessment/ subfolder): cheap to measure."""
    total = 0
    for path in (folder, folder / "self-assessment"):
        if path.is_dir():
            total += sum(entry.stat().st_size for entry in os.scandir(path) if entry.is_file())
    return total


@contextmanager
def load_progress(folder: Path, lang: str) -> Iterator[Progress | None]:
    """A transient progress bar on stderr for large folders, only when stderr is a terminal."""
    from ..assessment import LOAD_STEPS
    from ..progress import on_terminal, progress

    if not on_terminal() or _input_bytes(folder) < LARGE_INPUT_BYTES:
        yield None
        return
    with progress(LOAD_STEPS, _("Reading and checking", lang)) as step:
        yield step


def load_checked(folder: Path, lang: str, as_json: bool = False, round: int | None = None) -> Assessment:
    """Load and validate FOLDER (as of appraisal ROUND); on errors print the report and exit 1."""
    from ..assessment import RoundError, check_round, load_assessment
    from ..problems import InvalidInput

    try:
        check_round(round)
    except RoundError as exc:
        usage_error(exc.text(lang))
    check_folder(folder)
    try:
        with load_progress(folder, lang) as progress:
            assessment = load_assessment(folder, progress, round)
    except InvalidInput as exc:
        fail_with_report(exc.report, lang, as_json)
    for said in assessment.notes:
        if said.code == "round-not-held":  # the results are not those of the round asked for: say so
            sys.stderr.write(said.message(lang) + "\n")
    if assessment.warning_count:
        count = assessment.warning_count
        note = ngettext(
            "{n} warning: run 'parindex validate' for details.",
            "{n} warnings: run 'parindex validate' for details.",
            count,
            lang,
        )
        # plain text: importing rich for one line would cost more than a province's scoring
        sys.stderr.write(note.format(n=count) + "\n")
    return assessment


def input_files(assessment: Assessment) -> list[Path]:
    """Every file the assessment was read from, so outputs never overwrite one."""
    folder = assessment.folder
    files = [p for p in folder.rglob("*") if p.is_file()]
    files += [p for p in assessment.framework.folder.glob("*") if p.is_file()]
    return files


@contextmanager
def output_refusals(lang: str | None = None) -> Iterator[None]:
    """An output path refused or not writable (an input, a folder, a full disk): exit 2, in LANG."""
    from ..output import OutputError

    try:
        yield
    except OutputError as exc:  # usage_error escapes the text itself
        usage_error(exc.text(resolve_lang(lang)))


def emit(text: str, out: Path | None, inputs: list[Path], lang: str | None = None) -> None:
    """Write TEXT to OUT atomically, or to stdout when OUT is None or '-'."""
    from ..output import check_output_path, write_text

    if out is None or str(out) == "-":
        sys.stdout.write(text)
        return
    with output_refusals(lang):
        check_output_path(out, inputs)
        write_text(out, text)
    said_wrote(out)


def said_wrote(path: Path) -> None:
    """Tell the user where the output went (plain text: rich is not worth importing for one line).

    Not when the output went to standard output or error itself (/dev/stdout): it is already there.
    """
    from ..writing import stream_of

    if stream_of(path) is None:
        sys.stderr.write(_("Wrote {path}").format(path=path) + "\n")
