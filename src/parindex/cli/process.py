"""Settings for the one-command process that `parindex` runs in (never applied to library users).

Each saves measurable time on every command (issue 5, `benchmarks/README.md`), and each is safe only
because the process runs one command and exits: a notebook importing `parindex` keeps Python's and
pyarrow's defaults.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import NoReturn


class HidePandas:
    """A finder that tells anyone asking for pandas in a command's process that it is not installed.

    Why: the first time pyarrow converts any Python value (a list, a numpy array, the "" in
    ``pc.equal(column, "")``) it imports pandas, if installed, to check whether the value is a
    pandas object; that import costs about 0.3 s, a sixth of scoring 10,000 units, and no command
    needs it: commands hand pyarrow only lists, numpy arrays and Python scalars, and never call a
    ``to_pandas()`` (a test runs every command with this finder in place). Told "not installed",
    pyarrow works on its own types as before. pyarrow's C++ side asks again on every conversion,
    so the finder stays for the life of the process; it answers first, before any file-system look.
    """

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("pandas is not used by parindex commands (parindex.cli.process)", name=name)
        return None


def configure_command_process() -> None:
    """Apply the settings of a one-command process: called by `parindex.cli.main` only."""
    # One command per process, and its objects hold no reference cycles worth collecting: the cyclic
    # collector would only rescan the tens of thousands of result objects of a large folder again and
    # again (measured: 0.18 s of 2 s on 10,000 units). Reference counting still frees everything.
    gc.disable()
    sys.meta_path.insert(0, HidePandas())
    # pyarrow's default allocator (mimalloc) keeps and maps fresh memory for each of the many
    # short-lived columns of a large folder; the C library's malloc reuses it. Measured A/B, 15
    # interleaved runs of `score` on 10,000 units: 1.08 s with mimalloc, 0.91 s with the system
    # allocator, and about 20 % less peak memory. Set before pyarrow is imported (it reads the
    # variable once); a user's own setting wins.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    # No library warning reaches the user (issue 15): openpyxl's "no default style" or matplotlib's
    # "Glyph missing" name nothing an officer can act on. A developer's -W or PYTHONWARNINGS still wins.
    if not sys.warnoptions:
        warnings.simplefilter("ignore")


def exit_without_teardown(code: object) -> NoReturn:
    """End the process with CODE (as `sys.exit` reads it) once the command is done, skipping teardown.

    Why: after a large folder, the interpreter's orderly shutdown frees every result object and
    array one by one and unloads each module: 70-90 ms of a 1 s `score` of 10,000 units, spent after
    the answer is written. Every output file is already closed and moved into place by then (see
    `output.atomic_write`); only the standard streams may hold buffered text, so they are flushed
    here. atexit handlers do not run: parindex registers none.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): Python prints it and exits 1
        sys.stderr.write(f"{code}\n")
        status = 1
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe (`| head`) or a closed stream: nothing is left to say there
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
