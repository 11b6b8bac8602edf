"""The CLI reference (docs/cli.md), generated from the commands' own --help texts.

Like sqlite-utils, the reference is never written by hand: a test checks that docs/cli.md equals
what this module produces, so a command or option cannot be added without being documented.
Regenerate with::

    python -m parindex.cli.reference > docs/cli.md          # English
    python -m parindex.cli.reference vi > docs/cli.vi.md    # Vietnamese (the CLI's default language)
"""

from __future__ import annotations

import sys

from typer.testing import CliRunner

from ..i18n import gettext

WIDTH = 100
#: The file each language's reference is written to (a test checks both).
FILES = {"en": "cli.md", "vi": "cli.vi.md"}


def _help(*args: str, lang: str = "en") -> str:
    result = CliRunner().invoke(
        _app(), [*args, "--help"], terminal_width=WIDTH, max_content_width=WIDTH, env={"PARINDEX_LANG": lang}
    )
    return result.output.rstrip() + "\n"


def _app():  # noqa: ANN202 - the typer app, imported late to keep this module importable alone
    from . import app

    return app


def cli_reference(lang: str = "en") -> str:
    """Markdown: the top-level help, then one section per command, in `parindex --help` order."""
    from . import COMMANDS

    command = "python -m parindex.cli.reference" + ("" if lang == "en" else f" {lang}") + f" > docs/{FILES[lang]}"
    parts = [
        "# " + gettext("parindex command reference", lang) + "\n",
        gettext("Generated from `--help` by `{command}`; do not edit by hand.", lang).format(command=command) + "\n",
        "```text\n" + _help(lang=lang) + "```\n",
    ]
    for name in COMMANDS:
        parts.append(f"## parindex {name}\n")
        parts.append("```text\n" + _help(name, lang=lang) + "```\n")
        for sub in _subcommands(name):
            parts.append(f"## parindex {name} {sub}\n")
            parts.append("```text\n" + _help(name, sub, lang=lang) + "```\n")
    return "\n".join(parts)


def _subcommands(name: str) -> list[str]:
    """The subcommands of command NAME (`criteria import`), in the order they were registered."""
    import typer.main

    command = typer.main.get_command(_app()).commands[name]  # type: ignore[attr-defined]
    return list(getattr(command, "commands", {}))


if __name__ == "__main__":  # pragma: no cover
    print(cli_reference(sys.argv[1] if len(sys.argv) > 1 else "en"), end="")
