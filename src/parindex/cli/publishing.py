"""Options shared by the commands that write what goes into the results decision (export, report).

The decision's number, date and issuer come from these options or from a ``[publication]`` table in
parindex.toml (see ``parindex.publication``); the options win.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_
from .common import usage_error

if TYPE_CHECKING:  # pragma: no cover
    from ..publication import Publication

DecisionOpt = Annotated[
    str | None,
    typer.Option(
        "--decision",
        help=N_("Number of the results decision (694 or 694/QĐ-UBND); else [publication] in parindex.toml."),
        show_default=False,
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", help=N_("Date of the results decision, YYYY-MM-DD; else [publication]."), show_default=False
    ),
]
IssuerOpt = Annotated[
    str | None,
    typer.Option(
        "--issuer", help=N_("The issuing body, such as 'UBND tỉnh Lai Châu'; else [publication]."), show_default=False
    ),
]


def publication_of(folder: Path, decision: str | None, date: str | None, issuer: str | None, lang: str) -> Publication:
    """The decision's details from the options, else parindex.toml; a bad date is a usage error."""
    from ..publication import PublicationError, resolve

    try:
        return resolve(folder / "parindex.toml", decision, date, issuer)
    except PublicationError as exc:
        usage_error(exc.words.text(lang))
