"""The manifest every written result carries: which files, which parindex, which options, when.

Why: a published ranking draws the question "are these the numbers from these files?". The
manifest answers it with the SHA-256 of the very bytes loading read (recorded by
`readers.read_bounded` while a load is recording, so every file is read once and a file changed
after it was read cannot make the manifest lie), the framework's files likewise, the options that
change numbers and the time of the run (``SOURCE_DATE_EPOCH`` when set, so that two runs on the
same data write the same bytes). `parindex verify` checks a result against it (`verify.py`).

Paths are relative to the assessment folder (inputs) or the framework folder (framework files),
in POSIX form: a result never carries the absolute folders of the machine that wrote it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:  # pragma: no cover
    from .inputs.model import Assessment

#: The manifest's keys, in the order they are written (the shape `verify` reads back).
KEYS = ("parindex", "framework", "inputs", "options", "created")
#: The key a JSON result and a CSV's sidecar hold the manifest under.
MANIFEST_KEY = "manifest"
#: What a CSV result's manifest file is named: the CSV's own name plus this (``x.csv.manifest.json``).
SIDECAR_SUFFIX = ".manifest.json"


@dataclass(frozen=True)
class FileDigest:
    """A file as loading read it: how many bytes, and their SHA-256 (lowercase hex)."""

    size: int
    sha256: str


#: The files read while a load is recording: absolute path -> digest. None: nobody is recording.
_LEDGER: ContextVar[dict[Path, FileDigest] | None] = ContextVar("parindex_read_ledger", default=None)


def digest_of(raw: bytes) -> FileDigest:
    """RAW's size and SHA-256."""
    return FileDigest(len(raw), hashlib.sha256(raw).hexdigest())


def note_read(path: Path, raw: bytes) -> None:
    """Record that PATH was read as RAW, when a load is recording (else nothing: no hashing cost)."""
    ledger = _LEDGER.get()
    if ledger is not None:
        ledger[_absolute(path)] = digest_of(raw)


def _absolute(path: Path) -> Path:
    """PATH made absolute without following links (``..`` folded as written): a per-unit file linked from
    elsewhere is still named ``self-assessment/A.csv``, as the folder shows it."""
    return Path(os.path.abspath(path))


@contextmanager
def recording() -> Iterator[dict[Path, FileDigest]]:
    """Record every file read inside the block (nested blocks record for themselves only)."""
    ledger: dict[Path, FileDigest] = {}
    token = _LEDGER.set(ledger)
    try:
        yield ledger
    finally:
        _LEDGER.reset(token)


def created_now() -> str:
    """The time of the run as ISO 8601 UTC (``2024-05-15T08:00:00Z``): SOURCE_DATE_EPOCH when set."""
    from .workbook_files import source_date

    moment = source_date() or datetime.now(tz=UTC).replace(tzinfo=None, microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _relative(path: Path, folder: Path) -> str | None:
    """PATH relative to FOLDER in POSIX form, or None when it is not inside it."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return None


def split_digests(
    digests: Mapping[Path, FileDigest], folder: Path, framework_folder: Path
) -> tuple[dict[str, FileDigest], dict[str, FileDigest]]:
    """The files read, as (framework files, input files), each keyed by its relative path, sorted.

    A framework folder inside the assessment folder (``framework = "framework"``) keeps its files
    on the framework's side. A file outside both (not read by a load) is named by its name alone.
    """
    framework_root, input_root = _absolute(framework_folder), _absolute(folder)
    framework: dict[str, FileDigest] = {}
    inputs: dict[str, FileDigest] = {}
    for path, digest in digests.items():
        in_framework = _relative(path, framework_root)
        if in_framework is not None:
            framework[in_framework] = digest
        else:
            inputs[_relative(path, input_root) or path.name] = digest
    return dict(sorted(framework.items())), dict(sorted(inputs.items()))


def manifest_of(assessment: Assessment, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The manifest of a result computed from ASSESSMENT with OPTIONS (those that change numbers).

    OPTIONS (JSON values) default to what the assessment itself was loaded with: its appraisal round
    (``{"round": 1}`` for the preliminary results, nothing for the final ones), so every writer records
    the same options without each command restating them. The hashes are those of the bytes loading
    read (`Assessment.digests`), not of the files as they are now.
    """
    if options is None:
        options = {} if assessment.round is None else {"round": assessment.round}
    framework_files, input_files = split_digests(assessment.digests, assessment.folder, assessment.framework.folder)
    return {
        "parindex": _version(),
        "framework": {
            "id": assessment.framework.id,
            "files": [{"path": path, "sha256": d.sha256} for path, d in framework_files.items()],
        },
        "inputs": [{"path": path, "size": d.size, "sha256": d.sha256} for path, d in input_files.items()],
        "options": dict(options),
        "created": created_now(),
    }


def _version() -> str:
    from . import __version__

    return __version__


def sidecar_path(path: Path) -> Path:
    """Where the manifest of the CSV written to PATH goes: beside it, ``PATH.manifest.json``."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def sidecar_text(manifest: Mapping[str, Any]) -> str:
    """The sidecar's JSON: ``{"manifest": {...}}``, the same key a JSON result holds it under."""
    return json.dumps({MANIFEST_KEY: manifest}, ensure_ascii=False, indent=2) + "\n"


def is_manifest(value: Any) -> TypeGuard[dict[str, Any]]:
    """Whether VALUE has the manifest's shape (the keys and the kinds `verify` relies on)."""
    if not isinstance(value, dict) or set(value) != set(KEYS):
        return False
    framework = value["framework"]
    return (
        isinstance(framework, dict)
        and isinstance(framework.get("files"), list)
        and isinstance(value["inputs"], list)
        and isinstance(value["options"], dict)
        and all(_is_entry(e, ("path", "sha256")) for e in framework["files"])
        and all(_is_entry(e, ("path", "size", "sha256")) for e in value["inputs"])
    )


def _is_entry(entry: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(entry, dict) and all(k in entry for k in keys) and isinstance(entry["path"], str)
