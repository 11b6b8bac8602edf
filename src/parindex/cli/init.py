"""`parindex init`: start an assessment year in a new folder (see :mod:`parindex.year_setup`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, gettext
from .common import LangOpt, fail_with_report, lang_of, lookable, usage_error
from .language import command

_ = gettext


def init(
    folder: Annotated[
        Path, typer.Argument(help=N_("The new assessment folder (made if missing)."), show_default=False)
    ],
    framework: Annotated[
        str,
        typer.Option("--framework", help=N_("Bundled framework id or framework folder.")),
    ] = "lai-chau-1726-2022",
    year: Annotated[
        str | None,
        typer.Option("--year", help=N_("The year assessed (default: this year)."), show_default=False),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Start an assessment year: write parindex.toml, units.csv and HUONG-DAN.md (the steps) in FOLDER."""
    from ..problems import InvalidInput
    from ..writing import OutputError
    from ..year_setup import InitError, init_assessment

    language = lang_of(lang)
    lookable(folder, N_("folder"), language)
    try:
        written = init_assessment(folder, framework, year, language)
    except (InitError, OutputError) as exc:
        usage_error(exc.text(language))
    except InvalidInput as exc:
        fail_with_report(exc.report, language, as_json=False)
    names = ", ".join(path.name + ("/" if path.is_dir() else "") for path in written)
    sys.stderr.write(_("Wrote {path}").format(path=f"{folder}: {names}") + "\n")
    next_step = _("Next: check {units}, then follow {guide}.")
    sys.stderr.write(next_step.format(units=folder / "units.csv", guide=folder / "HUONG-DAN.md") + "\n")


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_("Start an assessment year: write parindex.toml, units.csv and HUONG-DAN.md (the steps) in FOLDER.")


def register(app: typer.Typer) -> None:
    command(app, "init", help=HELP, short_help=N_("Start an assessment year in a new folder."))(init)
