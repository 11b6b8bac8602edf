"""The `parindex` command: a thin typer layer over the library, one module per command.

This module must stay light: `parindex --help` should not import pandas. Each command module
imports the library inside its function body.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from typing import Annotated

import typer

from .. import __version__
from ..i18n import N_, Lang, gettext
from .common import LangOpt
from .language import TranslatedGroup, argv_lang
from .process import (
    EXIT_PIPE_CLOSED,
    PipeClosed,
    Stopped,
    configure_command_process,
    exit_without_teardown,
    pipe_closed,
)

HELP = N_("Exact, auditable PAR Index (Chỉ số CCHC) calculator: validate, score, rank and export.")

app = typer.Typer(
    name="parindex",
    cls=TranslatedGroup,
    help=HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # plain click help: rendering it with rich would cost more start-up time than typer itself
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parindex {__version__}")
        raise typer.Exit()


@app.callback(help=HELP)
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version and exit."))
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Exact, auditable PAR Index (Chỉ số CCHC) calculator: validate, score, rank and export.

    ``--lang`` before the command name is read (with the one after it) by TranslatedGroup.main,
    before click parses anything: the help texts must be in the right language already.
    """


#: One module per command, in the order `parindex --help` lists them. Each has `register(app)`.
COMMANDS = (
    "init",
    "score",
    "validate",
    "criteria",
    "compare",
    "report",
    "explain",
    "export",
    "template",
    "sensitivity",
    "verify",
)

for _name in COMMANDS:
    importlib.import_module(f".{_name}", __name__).register(app)


#: Exit code of an unexpected error (a bug): distinct from 1 (invalid input) and 2 (usage).
EXIT_INTERNAL = 3


def _argv_lang() -> Lang:
    """The run's language for the last-guard messages (the group has restored its setting by then)."""
    return argv_lang(sys.argv[1:])[0]


def main() -> None:
    """Entry point: run the CLI; an unexpected error becomes one short message, never a traceback.

    A closed output pipe (`parindex score F | head -1`) ends quietly with EXIT_PIPE_CLOSED (141),
    not 1: 1 means invalid input. A stop signal (SIGTERM) ends with 128 + its number after the
    same cleanup as Ctrl-C.
    """
    configure_command_process()
    try:
        app(prog_name="parindex")
    except SystemExit as done:
        exit_without_teardown(EXIT_PIPE_CLOSED if pipe_closed() else done.code)
    except (PipeClosed, BrokenPipeError):
        exit_without_teardown(EXIT_PIPE_CLOSED)
    except Stopped as stop:
        said = gettext("stopped by {signal}", _argv_lang()).format(signal=stop.name)
        with contextlib.suppress(OSError, PipeClosed):  # stderr may be the closed pipe
            sys.stderr.write(f"parindex: {said}\n")
        exit_without_teardown(128 + stop.signum)
    except KeyboardInterrupt:
        sys.stderr.write("parindex: " + gettext("interrupted", _argv_lang()) + "\n")
        sys.exit(130)
    except Exception as exc:  # the last guard: users never see a Python traceback
        message = gettext(
            "unexpected error ({error}).\n"
            "No output was written. Please report this with the command and the input files.",
            _argv_lang(),
        )
        sys.stderr.write("parindex: " + message.format(error=f"{type(exc).__name__}: {exc}") + "\n")
        sys.exit(EXIT_INTERNAL)
