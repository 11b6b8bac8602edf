"""How parindex writes a file: all or nothing, never over an input, never a traceback.

Every output (CSV, JSON, HTML, xlsx) goes through :func:`atomic_write`:

- a regular file is written to a temporary ``.NAME.<pid>.<random>.part`` beside it and moved into
  place, so an interrupted run leaves the previous file intact; the temporary file is removed on any
  error or signal, and ``.part`` files left by a killed run (its process is gone) are swept the next
  time the same output is written;
- a special file (``/dev/null``, a FIFO, a terminal, ``/dev/stdout``) is written to directly: renaming
  over it would replace a device with a regular file (as root, ``/dev/null`` itself);
- a path that cannot be written (read-only folder, full disk, name too long, missing folder) raises
  :class:`OutputError` naming the path and the cause in both languages: the CLI exits 2.

Temporary files of libraries (openpyxl writes each sheet to ``openpyxl.*`` in the system temp
folder) go to a private :func:`scratch_folder` that is removed whatever happens.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .i18n import N_, both, gettext
from .problems import ParindexError, Words

#: A .part file whose process is still alive is swept anyway once it is this old (a reused pid).
STALE_PART_SECONDS = 24 * 3600
#: Paths that name the standard streams: written through the stream, never reopened or renamed.
STREAM_PATHS = {
    "/dev/stdout": 1,
    "/dev/fd/1": 1,
    "/proc/self/fd/1": 1,
    "/dev/stderr": 2,
    "/dev/fd/2": 2,
    "/proc/self/fd/2": 2,
}
#: Longest file name (bytes) when the file system does not say (Linux, macOS, NTFS: 255).
DEFAULT_NAME_MAX = 255
_PART_SUFFIX = ".part"
#: Between a .part name's prefix and suffix: "<pid>.<8 random>" (before pids were recorded: the 8 only).
_PART_MIDDLE = re.compile(r"(?:(?P<pid>\d+)\.)?[A-Za-z0-9_]{8}")
_SCRATCH_PREFIX = "parindex-"


class OutputError(ParindexError):
    """An output path that must not or cannot be written (an input file, a folder, a full disk).

    Carries its message in both languages; ``str()`` is the English one (library users, logs).
    """

    def __init__(self, message: str | Words) -> None:
        self.words = message if isinstance(message, Words) else Words(message, message)
        super().__init__(self.words.en)

    def text(self, lang: str) -> str:
        """The message in LANG ("vi" or "en")."""
        return self.words.text(lang)


# -- what is wrong, in both languages -----------------------------------------------------------
_CAUSES: dict[int, tuple[str, str]] = {
    # errno: (the cause, what to do), both in the catalogue
    errno.ENOSPC: (N_("the disk is full"), N_("free some space or write to another disk")),
    errno.EDQUOT: (N_("the disk quota is used up"), N_("free some space or write to another disk")),
    errno.EACCES: (
        N_("permission denied (the folder is read-only or belongs to another user)"),
        N_("write to a folder of your own"),
    ),
    errno.EROFS: (N_("the disk is read-only"), N_("write to another disk")),
    errno.ENAMETOOLONG: (N_("the name is too long for the file system"), N_("choose a shorter name")),
    errno.ENOENT: (N_("the folder does not exist"), N_("create the folder first or choose another path")),
    errno.ENOTDIR: (N_("part of the path is a file, not a folder"), N_("choose another path")),
    errno.EISDIR: (N_("it is a folder"), N_("give a file name")),
    errno.EFBIG: (N_("the file is too large for the file system"), N_("write to another disk")),
    errno.EIO: (N_("the disk reported an input/output error"), N_("check the disk or network drive and run again")),
    errno.ENXIO: (
        N_("there is no such device (no terminal, or a socket that cannot be opened)"),
        N_("write to a file"),
    ),
}
_CAUSES[errno.EPERM] = _CAUSES[errno.EACCES]
_CAUSES[errno.ENODEV] = _CAUSES[errno.ENXIO]
_CANNOT_WRITE = N_("cannot write {path}{where}: {cause}. Nothing was written; {fix}.")


def cannot_write(path: Path | str, exc: OSError) -> OutputError:
    """The OutputError for an OSError met while writing PATH: the path, the cause, what to do."""
    known = _CAUSES.get(exc.errno or 0)
    if known is None:
        cause, fix = os_words(exc), Words(*both(N_("choose another path")))
    else:
        cause, fix = Words(*both(known[0])), Words(*both(known[1]))
    elsewhere = _elsewhere(Path(path), exc)
    where = f" ({elsewhere})" if elsewhere else ""
    english = gettext(_CANNOT_WRITE, "en").format(path=path, where=where, cause=cause.en, fix=fix.en)
    return OutputError(
        Words(english, gettext(_CANNOT_WRITE, "vi").format(path=path, where=where, cause=cause.vi, fix=fix.vi))
    )


#: Why the system refused a path (to read or to look it up), by errno: the Vietnamese form of its words.
_OS_REASONS: dict[int, str] = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENAMETOOLONG: N_("name too long"),
    errno.ENOTDIR: N_("part of the path is a file, not a folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.ELOOP: N_("too many levels of symbolic links"),
    errno.EIO: N_("input/output error"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENXIO: N_("no such device"),
}


def os_words(exc: BaseException) -> Words:
    """Why the system refused a path, in both languages: the one place an OSError becomes words.

    The English form is the system's own text (``exc.strerror``), as users and logs know it; the
    Vietnamese form comes from the catalogue by errno, else names the error code (EXDEV). A
    ValueError here is a NUL character in the name, which the system cannot even be asked about.
    """
    if not isinstance(exc, OSError):
        return Words(en=str(exc), vi=gettext("the name holds a character the system refuses", "vi"))
    english = exc.strerror or str(exc) or type(exc).__name__
    reason = _OS_REASONS.get(exc.errno or 0)
    if reason is not None:
        return Words(en=english, vi=gettext(reason, "vi"))
    code = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
    return Words(en=english, vi=gettext("system error {code}", "vi").format(code=code))


def _elsewhere(path: Path, exc: OSError) -> str | None:
    """The place the error happened when it is not PATH's own folder (the system temp folder).

    A write error names no file: a full disk is blamed on the temp folder when that is on
    another disk with almost no space left (openpyxl writes each sheet there first).
    """
    if isinstance(exc.filename, str):
        other = Path(exc.filename)
        if other != path and other not in path.parents and other.parent != path.parent:
            return str(other)
        return None
    if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return None
    temp = Path(tempfile.gettempdir())
    if temp.name.startswith(_SCRATCH_PREFIX):
        temp = temp.parent
    with contextlib.suppress(OSError):
        other_disk = os.stat(temp).st_dev != os.stat(path.resolve().parent).st_dev
        if other_disk and shutil.disk_usage(temp).free < 16 * 1024 * 1024:
            return str(temp)
    return None


@contextlib.contextmanager
def os_errors(path: Path | str) -> Iterator[None]:
    """Turn an OSError while writing PATH into an OutputError; a closed pipe stays a BrokenPipeError.

    Why a closed pipe is left alone: `| head` closing our output is not a bad path but the reader
    having read enough; the CLI ends quietly on it (see `cli.main`).
    """
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise cannot_write(path, exc) from exc


# -- kinds of output path -----------------------------------------------------------------------
def stream_of(path: Path | str) -> int | None:
    """1 or 2 when PATH names standard output or error (/dev/stdout, /dev/fd/2, …), else None."""
    return STREAM_PATHS.get(os.path.normpath(str(path)))


def is_special(path: Path | str) -> bool:
    """True for an existing path that is neither a regular file nor a folder (device, FIFO, socket)."""
    if stream_of(path) is not None:
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) FOLDER's file system allows."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return DEFAULT_NAME_MAX


# -- the .part files -----------------------------------------------------------------------------
def part_prefix(target: Path, limit: int = DEFAULT_NAME_MAX) -> str:
    """The start of every temporary name of TARGET: ".NAME." cut so that a whole .part name fits.

    A whole name is PREFIX + pid + "." + 8 random characters + ".part"; a long (Vietnamese,
    multi-byte) output name is cut by characters until that fits in LIMIT bytes.
    """
    room = limit - len(f"{os.getpid()}.") - 8 - len(_PART_SUFFIX) - 2
    name = target.name
    while len(name.encode("utf-8", "surrogateescape")) > room:
        name = name[:-1]
    return f".{name}."


def _alive(pid: int) -> bool:
    """Whether process PID exists (signal 0 only checks); on Windows always True.

    Why not on Windows: there `os.kill` with any other signal than Ctrl-C/Ctrl-Break terminates the
    process. Stale files are then swept by age only.
    """
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def sweep_stale_parts(target: Path) -> list[Path]:
    """Remove the .part files of TARGET left by runs that were killed; returns what was removed.

    A .part file is stale when the process in its name is gone, or when it is older than
    STALE_PART_SECONDS (a reused pid, or a name from before pids were recorded). A concurrent
    run's file is left alone: its process is alive.
    """
    prefix = part_prefix(target, name_max(target.parent))
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(_PART_SUFFIX)):
            continue
        middle = _PART_MIDDLE.fullmatch(entry.name[len(prefix) : -len(_PART_SUFFIX)])
        if middle is None:  # another output whose name starts like this one's
            continue
        pid = int(middle["pid"]) if middle["pid"] else None
        dead = pid is not None and pid != os.getpid() and not _alive(pid)
        with contextlib.suppress(OSError):
            if dead or now - entry.stat(follow_symlinks=False).st_mtime > STALE_PART_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


# -- the scratch folder ---------------------------------------------------------------------------
def sweep_stale_scratch(root: Path | None = None) -> None:
    """Remove scratch folders of parindex runs that were killed (their pid is in the name)."""
    base = Path(root or tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for entry in os.scandir(base):
            if not entry.name.startswith(_SCRATCH_PREFIX):
                continue
            pid_text = entry.name[len(_SCRATCH_PREFIX) :].split("-", 1)[0]
            if pid_text.isdigit() and int(pid_text) != os.getpid() and not _alive(int(pid_text)):
                shutil.rmtree(entry.path, ignore_errors=True)


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A private folder for temporary files, removed on exit whatever happens (error, signal).

    While it is open, Python's `tempfile` module creates its files there, so the ``openpyxl.*``
    files openpyxl writes each sheet to (hundreds of MB for a national details sheet) go with it.
    """
    sweep_stale_scratch()
    folder = Path(tempfile.mkdtemp(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-"))
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(folder, ignore_errors=True)


# -- checking and writing ------------------------------------------------------------------------
def check_output_path(path: Path, inputs: Iterable[Path], *, future_inputs: bool = True) -> None:
    """Refuse, before any work, a path that must not or cannot be written (raises OutputError).

    Refused: an input file; with FUTURE_INPUTS, a name the loader would read as an input of one of
    the inputs' assessment folders (``appraisal.csv`` there, even if it does not exist yet: a
    result read back as scores); a folder; a missing folder; a name too long; a folder where no
    file can be created (probed, so a read-only disk is said before minutes of work, not after).
    A self-assessment template passes FUTURE_INPUTS=False: becoming an input is its purpose.
    """
    if is_special(path):
        return
    with os_errors(path):  # a path the system cannot even look at (a folder name too long)
        _check_regular(path, inputs, future_inputs)


def _check_regular(path: Path, inputs: Iterable[Path], future_inputs: bool) -> None:
    """check_output_path for a path that is not a special file; an OSError is left to the caller."""
    target = path.resolve()
    limit = name_max(target.parent if target.parent.is_dir() else Path(tempfile.gettempdir()))
    size = len(target.name.encode("utf-8", "surrogateescape"))
    if size > limit:
        message = N_(
            "cannot write {path}: the file name is {size} bytes long, the file system allows {limit}; "
            "choose a shorter name"
        )
        raise OutputError(Words(*both(message, path=path, size=size, limit=limit)))
    sources = [Path(source).resolve() for source in inputs]
    if target in sources:
        raise OutputError(Words(*both(N_("{path} is an input file; choose another output path"), path=path)))
    if future_inputs:
        _refuse_future_input(path, target, sources)
    else:
        _refuse_second_table(path, target)
    if target.is_dir():
        raise OutputError(Words(*both(N_("{path} is a folder; give a file name"), path=path)))
    if not target.parent.is_dir():
        what = N_("folder {folder} is not a folder") if target.parent.exists() else N_("folder {folder} does not exist")
        raise OutputError(Words(*both(what, folder=target.parent)))
    os.unlink(_new_part(target))  # a probe: can a file be created there at all (read-only, full)?


def _refuse_future_input(path: Path, target: Path, sources: list[Path]) -> None:
    """Refuse TARGET when the next run would read it as an input of an assessment folder."""
    from .assessment import CONFIG, SELF
    from .inputs.model import INPUT_TABLES
    from .inputs.per_unit import is_unit_file
    from .readers import TABLE_SUFFIXES

    folders: set[Path] = set()
    for source in sources:
        folder = source.parent
        if folder.name.lower() == SELF and (folder.parent / CONFIG).is_file():
            folder = folder.parent
        if (folder / CONFIG).is_file():
            folders.add(folder)
    name = target.name.lower()
    stem, suffix = Path(name).stem, Path(name).suffix
    for folder in folders:
        table = target.parent == folder and stem in INPUT_TABLES and suffix in TABLE_SUFFIXES
        config = target.parent == folder and name == CONFIG
        per_unit = target.parent == folder / SELF and is_unit_file(target)
        if table or config or per_unit:
            message = N_(
                "{path} would be read as an input of {folder} on the next run; choose another name or another folder"
            )
            raise OutputError(Words(*both(message, path=path, folder=folder)))


def _refuse_second_table(path: Path, target: Path) -> None:
    """Refuse a sheet written straight into an assessment folder beside another file of its table
    (survey.xlsx where survey.csv is): the folder would hold two survey tables, and `validate` fails."""
    from .assessment import CONFIG
    from .inputs.model import INPUT_TABLES
    from .readers import find_table

    stem = target.stem.lower()
    if stem not in INPUT_TABLES or not (target.parent / CONFIG).is_file():
        return
    others = [p.name for p in find_table(target.parent, stem) if p.resolve() != target]
    if others:
        message = N_(
            "{path} would be a second {stem} table beside {other} in {folder}; write the sheet elsewhere and, once "
            "filled in, replace that file with it"
        )
        raise OutputError(Words(*both(message, path=path, stem=stem, other=others[0], folder=target.parent)))


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call WRITE on a temporary file, then put it in place: all or nothing (raises OutputError).

    A regular file: the temporary file is beside PATH and renamed over it. A special file or a
    standard stream: WRITE fills a temporary file in the scratch folder, which is then copied in.
    """
    if is_special(path):
        _write_special(path, write)
        return
    target = path.resolve()
    sweep_stale_parts(target)
    with os_errors(path):
        temp = _new_part(target)
    try:
        with os_errors(path):
            write(temp)
            # mkstemp makes the file private (0600); a report must be readable like any file the user saves
            os.chmod(temp, 0o666 & ~current_umask())
            os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process's umask: what a file made private by mkstemp is opened up to once in place.

    Read by setting it and setting it back: the only portable way to read it.
    """
    mask = os.umask(0)
    os.umask(mask)
    return mask


def outermost_missing(folder: Path) -> Path | None:
    """The outermost of FOLDER and its parents that does not exist yet (None when FOLDER exists).

    Why: making FOLDER makes it and every folder under it; a failed run removes just that one again.
    """
    outermost = None
    for path in (folder, *folder.parents):
        if path.exists():
            break
        outermost = path
    return outermost


def _new_part(target: Path) -> Path:
    """A new empty .part file beside TARGET, named after it and this process (see sweep_stale_parts)."""
    prefix = part_prefix(target, name_max(target.parent)) + f"{os.getpid()}."
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=_PART_SUFFIX, dir=target.parent)
    os.close(fd)
    return Path(name)


def _write_special(path: Path, write: Callable[[Path], None]) -> None:
    """Fill a scratch file, then copy it into PATH (a device, a FIFO or a standard stream)."""
    with scratch_folder() as scratch:
        temp = scratch / (Path(path).name or "output")
        with os_errors(path):
            write(temp)
        fd = stream_of(path)
        with os_errors(path), temp.open("rb") as source:
            if fd is not None:
                stream = sys.stdout if fd == 1 else sys.stderr
                if getattr(stream, "buffer", None) is None:  # started with the stream closed (`>&-`)
                    raise BrokenPipeError(errno.EPIPE, "the stream is closed", str(path))
                stream.flush()
                shutil.copyfileobj(source, stream.buffer)
                stream.buffer.flush()
            else:
                with open(path, "wb") as destination:
                    shutil.copyfileobj(source, destination)


def write_text(path: Path, text: str) -> None:
    """Atomically write TEXT as UTF-8 (with a BOM for .csv, so Excel shows Vietnamese correctly)."""
    encoding = "utf-8-sig" if path.suffix.lower() == ".csv" else "utf-8"

    def write(temp: Path) -> None:
        temp.write_text(text, encoding=encoding, newline="")

    atomic_write(path, write)
