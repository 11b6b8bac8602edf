"""The CLI in the user's language: help texts, usage lines and click's usage errors.

Typer builds the click commands from the English help texts of the source (marked with ``N_``)
when the app is called. ``TranslatedGroup.main`` runs first, in both the real entry point and
typer's CliRunner: it reads ``--lang`` from the arguments (before or after the command name) or
``$PARINDEX_LANG``, makes it the run's language, and puts every help text, section heading and
usage line of the command tree into it. Click (vendored by typer) writes its usage errors as
English f-strings; they are matched back against the templates below and translated, so
``parindex score --bogus`` is answered in Vietnamese too.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer.core

from ..i18n import (
    DEFAULT_LANG,
    N_,
    NP_,
    Lang,
    UnknownLang,
    current_lang,
    env_lang,
    gettext,
    lang_from_args,
    retranslate,
    set_lang,
    translate,
)

_ = gettext
_click: Any = getattr(typer.core, "_click", None) or getattr(typer.core, "click", None)
_ClickException: Any = _click.exceptions.ClickException
_Abort: Any = getattr(typer.core, "Abort", None) or _click.exceptions.Abort

#: The texts typer itself passes through gettext (section headings, "[default: …]"): same msgids.
TYPER_MESSAGES = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
)
#: Click's usage errors, as its f-strings write them in English (matched back, then translated).
CLICK_ERRORS = (
    N_("{message} (Possible options: {options})"),
    N_("{message}. Did you mean {suggestions}?"),
    N_("No such option: {name}"),
    N_("No such command {name}."),
    N_("No such command {name}"),
    N_("Missing argument {name}."),
    N_("Missing option {name}."),
    N_("Missing parameter: {name}"),
    N_("Invalid value for {name}: {message}"),
    N_("Invalid value: {message}"),
    N_("{value} is not one of {choices}."),
    N_("Got unexpected extra argument(s) ({arguments})"),
    N_("Option {name} requires an argument."),
    N_("Option {name} requires {count} arguments."),
    N_("Option {name} does not take a value."),
    N_("Missing command."),
    N_("Value error, {message}"),
)
HELP_OPTION = N_("Show this message and exit.")
#: Argument names as the usage line shows them, by parameter name (options keep their --names).
ARGUMENT_NAMES = {
    "folder": NP_("argument", "folder"),
    "framework": NP_("argument", "framework"),
    "unit_id": NP_("argument", "unit_id"),
    "annexes": NP_("argument", "annexes"),
}


def translate_help(command: Any) -> None:
    """Put COMMAND's help texts (and its subcommands') into the run's language, from the English ones.

    The English originals are kept on the objects, so translating the same tree twice is harmless.
    """
    for obj, attr in _help_fields(command):
        originals = obj.__dict__.setdefault("_parindex_english", {})
        english = originals.setdefault(attr, getattr(obj, attr))
        if english:
            setattr(obj, attr, _(english))
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", "") == "argument" and param.name in ARGUMENT_NAMES:
            param.metavar = None if current_lang() == "en" else translate(ARGUMENT_NAMES[param.name])
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


def _help_fields(command: Any) -> list[tuple[Any, str]]:
    fields = [(command, name) for name in ("help", "short_help", "options_metavar", "subcommand_metavar")]
    fields = [(obj, name) for obj, name in fields if getattr(obj, name, None)]
    return fields + [(param, "help") for param in getattr(command, "params", ())]


def show_error(error: Any) -> None:
    """Click's usage error (usage line, hint, "Error: …") in the run's language, on stderr."""
    ctx = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError":  # `parindex` alone: the help, already translated
        sys.stderr.write(error.format_message() + "\n")
        return
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
            hint += "\n"
        sys.stderr.write(f"{ctx.get_usage()}\n{hint}\n")
    message = retranslate(error.format_message(), CLICK_ERRORS)
    sys.stderr.write(_("Error: {message}").format(message=message) + "\n")


class _Translated:
    """Usage prefix and help option in the run's language (mixed into typer's command classes)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _(HELP_OPTION)
        return option


class TranslatedCommand(_Translated, typer.core.TyperCommand):
    """A parindex command: usage line and help option in the run's language."""


class TranslatedGroup(_Translated, typer.core.TyperGroup):
    """The `parindex` group: sets the run's language from --lang / $PARINDEX_LANG, then runs."""

    def list_commands(self, ctx: Any) -> list[str]:
        """In `cli.COMMANDS` order: typer lists a command with subcommands (`criteria`) after the others."""
        from . import COMMANDS

        names = list(super().list_commands(ctx))
        return sorted(names, key=lambda name: COMMANDS.index(name) if name in COMMANDS else len(COMMANDS))

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        chosen, unknown = argv_lang(argv)
        previous = set_lang(chosen)
        try:
            _install_typer_gettext()
            translate_help(self)
            if not standalone_mode:
                _refuse_unknown(unknown)
                return super().main(argv, prog_name, complete_var, False, **extra)
            try:
                _refuse_unknown(unknown)
                done = super().main(argv, prog_name, complete_var, False, **extra)
            except _ClickException as error:
                show_error(error)
                sys.exit(error.exit_code)
            except _Abort:
                sys.stderr.write(_("Aborted!") + "\n")
                sys.exit(1)
            sys.exit(done if isinstance(done, int) else 0)
        finally:
            set_lang(previous)


def argv_lang(argv: Sequence[str]) -> tuple[Lang, UnknownLang | None]:
    """The run's language from ARGV's --lang or $PARINDEX_LANG, and the error when that names no language.

    Why the error is returned, not raised: it is reported as a usage error (exit 2) in the default
    language, after the run's language is set, like click's own errors.
    """
    try:
        return lang_from_args(argv) or env_lang(), None
    except UnknownLang as exc:
        return DEFAULT_LANG, exc


def _refuse_unknown(unknown: UnknownLang | None) -> None:
    """A usage error for PARINDEX_LANG set to a language parindex does not speak."""
    if unknown is not None:
        message = _("{source}={value!r} is not a language parindex speaks: use 'vi' or 'en'.")
        raise _click.exceptions.UsageError(message.format(source=unknown.source, value=unknown.value))


def _install_typer_gettext() -> None:
    """Typer passes its few texts through the stdlib gettext: route them to this catalogue instead."""
    if getattr(typer.core, "_", None) is not gettext:
        typer.core._ = gettext  # type: ignore[attr-defined]


def command(app: typer.Typer, name: str, help: str, short_help: str) -> Any:
    """`app.command` for a parindex command: translated classes, help texts marked for the catalogue."""
    return app.command(name, cls=TranslatedCommand, help=help, short_help=short_help)
