"""The imported framework's files: framework.toml and one criteria CSV per group, all or nothing.

Why all or nothing: a framework folder with a new so.csv beside an old framework.toml (or the
reverse) would load and score with half of each. Every file is prepared in memory first; a new
folder is written whole under a temporary name and renamed into place, and an existing folder
(with --force) gets every file as a `.part` first, renamed only once all are written.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..output import safe_cell
from ..problems import Words
from ..writing import OutputError, check_output_path, current_umask, os_errors, part_prefix
from .build import COLUMNS


def criteria_csv(rows: list[dict[str, str]]) -> str:
    """The criteria table as CSV text (comma, quoted where needed; texts formula-safe)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(row[name]) for name in COLUMNS])
    return buffer.getvalue()


def toml_string(text: str) -> str:
    """TEXT as a TOML basic string (JSON's escapes are TOML's: quotes, backslashes, control characters)."""
    return json.dumps(text, ensure_ascii=False)


def write_folder(out: Path, files: dict[str, str], inputs: list[Path]) -> list[Path]:
    """Write FILES (name -> text) into OUT, all or nothing; returns the paths written.

    Raises OutputError for a path that must not or cannot be written (an input, a read-only folder).
    """
    with os_errors(out):
        exists = out.exists()
    if exists and not out.is_dir():
        raise OutputError(_not_a_folder(out))
    targets = [out / name for name in files]
    for target in targets:
        if target.exists() or exists:
            check_output_path(target, inputs)
    if exists:
        _write_into(out, files)
    else:
        _write_new(out, files)
    return targets


def _write_new(out: Path, files: dict[str, str]) -> None:
    """A new folder: written whole under a hidden temporary name beside it, then renamed."""
    parent = out.absolute().parent
    with os_errors(out):
        if not parent.is_dir():
            raise FileNotFoundError(2, "No such file or directory", str(parent))
        temp = Path(tempfile.mkdtemp(prefix=part_prefix(out) + f"{os.getpid()}.", suffix=".part", dir=parent))
    try:
        with os_errors(out):
            for name, text in files.items():
                _write_file(temp / name, text, csv_file=name.endswith(".csv"))
            os.chmod(temp, 0o777 & ~current_umask())
            os.rename(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _write_into(out: Path, files: dict[str, str]) -> None:
    """An existing folder: every file to a .part beside it first, then all renamed into place."""
    parts: dict[Path, Path] = {}
    try:
        with os_errors(out):
            for name, text in files.items():
                fd, made = tempfile.mkstemp(prefix=part_prefix(out / name) + f"{os.getpid()}.", suffix=".part", dir=out)
                os.close(fd)
                parts[Path(made)] = out / name
                _write_file(Path(made), text, csv_file=name.endswith(".csv"))
                os.chmod(made, 0o666 & ~current_umask())
            for part, target in parts.items():
                os.replace(part, target)
    except BaseException:
        for part in parts:
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
        raise


def _write_file(path: Path, text: str, *, csv_file: bool) -> None:
    """UTF-8; a CSV with a BOM, so that Excel shows its Vietnamese correctly when it is opened."""
    encoding = "utf-8-sig" if csv_file else "utf-8"
    with path.open("w", encoding=encoding, newline="") as handle:
        handle.write(text)


def _not_a_folder(out: Path) -> Words:
    return Words(f"{out} is a file; give a folder for the framework", f"{out} là một tệp; hãy ghi một thư mục")
