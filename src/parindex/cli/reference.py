"""The CLI reference (docs/cli.md), generated from the commands' own --help texts.

Like sqlite-utils, the reference is never written by hand: a test checks that docs/cli.md equals
what this module produces, so a command or option cannot be added without being documented.
Regenerate with::

    python -m parindex.cli.reference > docs/cli.md
"""

from __future__ import annotations

from typer.testing import CliRunner

WIDTH = 100


def _help(*args: str) -> str:
    result = CliRunner().invoke(_app(), [*args, "--help"], terminal_width=WIDTH, max_content_width=WIDTH)
    return result.output.rstrip() + "\n"


def _app():  # noqa: ANN202 - the typer app, imported late to keep this module importable alone
    from . import app

    return app


def cli_reference() -> str:
    """Markdown: the top-level help, then one section per command, in `parindex --help` order."""
    from . import COMMANDS

    parts = [
        "# parindex command reference\n",
        "Generated from `--help` by `python -m parindex.cli.reference > docs/cli.md`; do not edit by hand.\n",
        "```text\n" + _help() + "```\n",
    ]
    for name in COMMANDS:
        parts.append(f"## parindex {name}\n")
        parts.append("```text\n" + _help(name) + "```\n")
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    print(cli_reference(), end="")
