"""`parindex criteria`: show a framework's tree; `parindex criteria import`: make one from an annex.

`criteria FRAMEWORK` stays the command it always was; `import` is a subcommand of the same name, so
the two share `parindex criteria --help`. A framework folder that is itself named "import" is given
as `./import`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
import typer.core

from ..i18n import N_, gettext
from .common import LangOpt, fail_with_report, lang_of, stdout, usage_error
from .criteria_import import register_import
from .language import _click, _Translated

_ = gettext


class CriteriaGroup(_Translated, typer.core.TyperGroup):
    """`criteria [FRAMEWORK]` with the subcommand `import`: the first argument decides which.

    Why not a plain group: a group's own argument would take "import" as a framework name, and a
    plain command has no subcommands. Here a first argument that names a subcommand runs it (the
    tree's options keep their defaults); anything else is the tree's own arguments, as before.
    """

    allow_extra_args = False
    allow_interspersed_args = True  # `criteria FRAMEWORK --lang en`, as before

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            _click.Command.parse_args(self, ctx, [])
            ctx._protected_args, ctx.args = args[:1], args[1:]
            return list(ctx.args)
        return list(_click.Command.parse_args(self, ctx, args))

    def get_params(self, ctx: Any) -> list[Any]:
        """Without the tree's FRAMEWORK argument once a subcommand runs: the subcommand's usage line and
        hints read `parindex criteria import …`, not `parindex criteria [framework] import …`."""
        params = list(super().get_params(ctx))
        if ctx.command is not self:  # click asks with the subcommand's context when it writes its path
            params = [p for p in params if getattr(p, "param_type_name", "") != "argument"]
        return params


def criteria(
    ctx: typer.Context,
    framework: Annotated[
        str, typer.Argument(help=N_("Bundled framework id or framework folder."))
    ] = "lai-chau-1726-2022",
    group: Annotated[str | None, typer.Option("--group", "-g", help=N_("Show only this group key."))] = None,
    lang: LangOpt = None,
) -> None:
    """Print the criteria tree of FRAMEWORK (every group, or one with --group)."""
    if ctx.invoked_subcommand is not None:  # `criteria import …`: the subcommand does the work
        return
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
    heading = f"[bold]{markup(loaded.title or loaded.id)}[/bold]"
    if loaded.decision or loaded.date:  # an imported framework may have neither until the user adds them
        heading += f" — {markup(loaded.decision)}" + (f" ({markup(loaded.date)})" if loaded.date else "")
    console.print(heading)
    for key, item in loaded.groups.items():
        if group is None or key == group:
            console.print(criteria_tree(item, language))
    if loaded.provenance:
        console.print(f"[dim]{markup(loaded.provenance_in(language))}[/dim]")


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_(
    "Print the criteria tree of FRAMEWORK (every group, or one with --group). 'parindex criteria import' makes "
    "a framework from the annex table of a province's decision."
)
#: What the usage line shows after the tree's own arguments.
SUBCOMMANDS = N_("| import ANNEX... --out DIR")


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        cls=CriteriaGroup,
        invoke_without_command=True,
        no_args_is_help=False,
        add_completion=False,
        rich_markup_mode=None,
        subcommand_metavar=SUBCOMMANDS,
    )
    group.callback(help=HELP, cls=CriteriaGroup, invoke_without_command=True)(criteria)
    register_import(group)
    app.add_typer(
        group, name="criteria", help=HELP, short_help=N_("A framework's criteria tree; import one from an annex.")
    )
