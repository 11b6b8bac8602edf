"""A progress bar for the steps that take seconds, on the terminal only.

Why one module: reading a national folder, writing a details sheet of 100,000 rows or a workbook per
unit each take long enough that a silent terminal looks hung; but a bar must never reach a pipe, a
file, JSON output or a test's captured output. Every caller does::

    with progress(total, _("Writing the sheets")) as step:
        for item in items:
            ...
            step()            # or step("SNV.xlsx"): one step done, with what is being done now

and gets a no-op ``step`` whenever standard error is not a terminal. rich is imported only then.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

#: Called once per step done, optionally with what is being done now.
Step = Callable[..., None]


def _quiet(_description: str | None = None) -> None:
    """The step of a run that shows no bar."""


def on_terminal() -> bool:
    """Whether a bar may be shown: standard error is a terminal (never a pipe, a file or a test)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


@contextmanager
def progress(total: int, label: str, *, minimum: int = 1) -> Iterator[Step]:
    """A transient bar of TOTAL steps titled LABEL on standard error; a no-op off the terminal.

    MINIMUM: fewer steps than this show no bar (a bar that flashes for a tenth of a second is noise).
    """
    if total < minimum or not on_terminal():
        yield _quiet
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    console = Console(stderr=True, highlight=False, emoji=False)
    title = escape(label)
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(title, total=total)

        def step(description: str | None = None) -> None:
            shown = title if description is None else f"{title}: {escape(description)}"
            bar.update(task, advance=1, description=shown)

        yield step


def counted(items: Sequence[T], label: str, *, minimum: int = 1) -> Iterator[T]:
    """ITEMS one by one, a bar advancing after each: a loop shows progress by changing its ``for`` line only."""
    with progress(len(items), label, minimum=minimum) as step:
        for item in items:
            yield item
            step()
