"""`parindex criteria`: show a framework's tree with maxima and methods."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import N_, gettext
from .common import LangOpt, fail_with_report, lang_of, stdout, usage_error
from .language import command

_ = gettext


def criteria(
    framework: Annotated[
        str, typer.Argument(help=N_("Bundled framework id or framework folder."))
    ] = "lai-chau-1726-2022",
    group: Annotated[str | None, typer.Option("--group", "-g", help=N_("Show only this group key."))] = None,
    lang: LangOpt = None,
) -> None:
    """Print the criteria tree of FRAMEWORK (every group, or one with --group)."""
    from ..display import markup
    from ..framework import load_framework
    from ..problems import InvalidInput
    from .views import criteria_tree

    language = lang_of(lang)
    try:
        loaded = load_framework(framework, allow_outside=True)  # named by the user: its files are their choice
    except InvalidInput as exc:
        fail_with_report(exc.report, language, as_json=False)
    if group is not None and group not in loaded.groups:
        usage_error(
            _("group '{group}' is not in {framework}; groups: {groups}.").format(
                group=group, framework=loaded.id, groups=", ".join(loaded.groups)
            )
        )
    console = stdout()
    heading = f"[bold]{markup(loaded.title or loaded.id)}[/bold] — {markup(loaded.decision)} ({markup(loaded.date)})"
    console.print(heading)
    for key, item in loaded.groups.items():
        if group is None or key == group:
            console.print(criteria_tree(item, language))
    if loaded.provenance:
        console.print(f"[dim]{markup(loaded.provenance_in(language))}[/dim]")


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_("Print the criteria tree of FRAMEWORK (every group, or one with --group).")


def register(app: typer.Typer) -> None:
    command(app, "criteria", help=HELP, short_help=N_("Show a framework's criteria tree."))(criteria)
