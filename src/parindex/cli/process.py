"""Settings for the one-command process that `parindex` runs in (never applied to library users).

Most save measurable time on every command (the figures are in `benchmarks/README.md`); the others
decide how the process ends: a stop signal unwinds through the cleanup of any output being written,
and a closed output pipe ends quietly with 141. Each is safe only because the process runs one
command and exits: a notebook importing `parindex` keeps Python's and pyarrow's defaults.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import FrameType, ModuleType
from typing import NoReturn

#: Exit status of a command whose reader closed its output (`| head -1`): 128 + SIGPIPE, as Unix
#: tools killed by SIGPIPE report, and as csvkit does.
EXIT_PIPE_CLOSED = 128 + 13
#: Signals that stop a command the way Ctrl-C does (with cleanup) rather than killing it outright.
STOP_SIGNALS = ("SIGTERM", "SIGHUP")


class Stopped(BaseException):
    """A stop signal (SIGTERM, SIGHUP) raised as an exception, so every cleanup on the way out runs.

    A BaseException, like KeyboardInterrupt, so no `except Exception` swallows it; not a
    KeyboardInterrupt, which click turns into exit 130 before `main` could say what happened.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _stop(signum: int, _frame: FrameType | None) -> None:
    """Turn a stop signal into Stopped; a second one is ignored, so it cannot cut the cleanup short."""
    for name in STOP_SIGNALS:
        with contextlib.suppress(AttributeError, ValueError):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise Stopped(signum)


def install_stop_handlers() -> None:
    """SIGTERM (and SIGHUP: the terminal closed) end a command like Ctrl-C: through its cleanup.

    Why: killed outright, a long `export` left its ``.part`` file and hundreds of MB of openpyxl
    temporary files behind. Raised as an exception, the signal unwinds through
    `writing.atomic_write` and `writing.scratch_folder`, which remove both.
    """
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _stop)


class HidePandas:
    """A finder that tells anyone asking for pandas in a command's process that it is not installed.

    Why: the first time pyarrow converts any Python value (a list, a numpy array, the "" in
    ``pc.equal(column, "")``) it imports pandas, if installed, to check whether the value is a
    pandas object; that import is a large share of a big folder's run (`benchmarks/README.md`), and
    no command needs it: commands hand pyarrow only lists, numpy arrays and Python scalars, and never call a
    ``to_pandas()`` (a test runs every command with this finder in place). Told "not installed",
    pyarrow works on its own types as before. pyarrow's C++ side asks again on every conversion,
    so the finder stays for the life of the process; it answers first, before any file-system look.
    """

    def find_spec(
        self, name: str, _path: Sequence[str] | None = None, _target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("pandas is not used by parindex commands (parindex.cli.process)", name=name)
        return None


def configure_command_process() -> None:
    """Apply the settings of a one-command process: called by `parindex.cli.main` only."""
    # One command per process, and its objects hold no reference cycles worth collecting: the cyclic
    # collector would only rescan the tens of thousands of result objects of a large folder again and
    # again. Reference counting still frees everything.
    gc.disable()
    install_stop_handlers()
    pipe_aware_streams()
    sys.meta_path.insert(0, HidePandas())
    # pyarrow's default allocator (mimalloc) keeps and maps fresh memory for each of the many
    # short-lived columns of a large folder; the C library's malloc reuses it, faster and with less
    # peak memory. Set before pyarrow is imported (it reads the variable once); a user's own setting wins.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    # No library warning reaches the user: openpyxl's "no default style" or matplotlib's
    # "Glyph missing" name nothing an officer can act on. A developer's -W or PYTHONWARNINGS still wins.
    if not sys.warnoptions:
        warnings.simplefilter("ignore")


class PipeClosed(BaseException):
    """The reader of standard output or error went away (`| head -1`): nothing is left to say.

    A BaseException so that neither rich (which turns a BrokenPipeError into exit 1 itself) nor
    click (which does the same) catches it: exit 1 means invalid input.
    """


class PipeAwareText(io.TextIOWrapper):
    """A standard stream whose closed pipe raises PipeClosed instead of BrokenPipeError."""

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except BrokenPipeError:
            self._closed()

    def flush(self) -> None:
        try:
            super().flush()
        except BrokenPipeError:
            self._closed()

    def _closed(self) -> NoReturn:
        """Point the stream at /dev/null (text still buffered must not fail again), then stop."""
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.fileno())
            os.close(devnull)
        raise PipeClosed


#: The standard streams replaced by PipeAwareText, kept alive for the life of the process.
_REPLACED: list[io.TextIOWrapper] = []


class ClosedOutput(io.TextIOBase):
    """Standard output that was closed before the command started (`parindex score F >&-`).

    Writing to it is like writing to a pipe whose reader has gone: PipeClosed, exit 141.
    """

    def write(self, _text: str) -> int:
        raise PipeClosed

    def isatty(self) -> bool:
        return False


def pipe_aware_streams() -> None:
    """Replace sys.stdout and sys.stderr by PipeAwareText over the same files, same settings.

    A stream closed before the start (Python sets it to None): standard output becomes a
    ClosedOutput; standard error goes to /dev/null (messages are lost, the results are not).
    """
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open for the process's life)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, io.TextIOWrapper):
            continue  # not a real file (replaced by a caller, or closed above): leave it
        stream.flush()
        _REPLACED.append(stream)  # freed, the old wrapper would close the file both share
        setattr(
            sys,
            name,
            PipeAwareText(
                stream.buffer,
                encoding=stream.encoding,
                errors=stream.errors,
                line_buffering=stream.line_buffering,
                write_through=stream.write_through,
            ),
        )


def pipe_closed() -> bool:
    """True when click ended the command with exit 1 because an output pipe was closed.

    click (and typer's copy of it) turn a BrokenPipeError raised outside our streams (a write to
    `--out /dev/stdout`) into exit 1 after wrapping the standard streams in `PacifyFlushWrapper`:
    that wrapper is how we know (by name: typer vendors its own click).
    """
    return any(type(stream).__name__ == "PacifyFlushWrapper" for stream in (sys.stdout, sys.stderr))


def exit_without_teardown(code: object) -> NoReturn:
    """End the process with CODE (as `sys.exit` reads it) once the command is done, skipping teardown.

    Why: after a large folder, the interpreter's orderly shutdown frees every result object and
    array one by one and unloads each module, all after the answer is written. Every output file
    is already closed and moved into place by then (see `output.atomic_write`); only the standard
    streams may hold buffered text, so they are flushed here. atexit handlers do not run:
    parindex registers none.
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
        with contextlib.suppress(OSError, ValueError, PipeClosed):
            stream.flush()
    os._exit(status)
