"""One hostile case: how to build it, and what every command must answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: The commands every case is run through. "{folder}" is the case's folder, "{out}" a fresh output path,
#: "{previous}" a clean folder of the same framework (last year).
DEFAULT_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("validate", "{folder}", "--format", "json"),
    ("validate", "{folder}"),
    ("score", "{folder}"),
    ("score", "{folder}", "--format", "csv", "--out", "{out}.csv"),
    ("explain", "{folder}", "A"),
    ("compare", "{folder}", "--previous", "{previous}"),
    ("export", "{folder}", "--xlsx", "{out}.xlsx"),
    ("report", "{folder}", "--html", "{out}.html"),
    ("sensitivity", "{folder}", "--runs", "200"),
)


@dataclass(frozen=True)
class Case:
    """A hostile input and the promised answer.

    ``build`` writes the case under the given temporary folder and returns the assessment folder.
    ``exit_code`` is what every command in ``commands`` must exit with; ``first_code`` is the code of
    the first error ``validate --format json`` reports (None: the folder is valid).
    """

    name: str
    build: Callable[[Path], Path]
    exit_code: int
    first_code: str | None
    commands: tuple[tuple[str, ...], ...] = DEFAULT_COMMANDS
    #: extra text that must appear in the output of every command (e.g. the sheet that was read)
    says: tuple[str, ...] = field(default=())
