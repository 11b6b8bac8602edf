"""`parindex verify`: does a result parindex wrote still follow from the assessment folder?

A result (`score` JSON, `score` CSV with its ``.manifest.json`` sidecar, or the `export` workbook)
carries a manifest (`manifest.py`): the SHA-256 of every file it was computed from and the options
that change numbers. Verifying loads the folder again, scores it with the manifest's options and
compares two things: the files (changed, missing or new since, by hash) and the numbers and texts
of the result, value by value, against the recomputed ones (`verify_values.py`). So a result edited
by hand after it was written is caught even when the files are unchanged, and a changed input is
named even when it changed no number.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import N_, both, gettext, resolve_lang
from .limits import MAX_MANIFEST_BYTES
from .manifest import MANIFEST_KEY, digest_of, is_manifest, manifest_of, sidecar_path
from .problems import ParindexError, Words
from .writing import os_words

if TYPE_CHECKING:  # pragma: no cover
    from .inputs.model import Assessment
    from .problems import Report
    from .scoring import Results

#: How a file differs from the manifest's record of it.
CHANGED, MISSING, NEW = "changed", "missing", "new"
#: The kinds of result verify reads.
JSON, CSV, XLSX = "json", "csv", "xlsx"
#: The options of a manifest this version applies again when it recomputes (`scored`). An option that
#: changes numbers adds its key here and its effect in `scored`; any other key cannot be verified.
KNOWN_OPTIONS: frozenset[str] = frozenset({"round"})


class NotAResult(ParindexError):
    """RESULT is not a result parindex wrote with a manifest (or cannot be verified): WORDS says why."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


@dataclass(frozen=True)
class FileChange:
    """One file of the manifest that differs now: KIND "framework" or "input", CHANGE changed/missing/new."""

    kind: str
    path: str
    change: str
    then: str | None
    now: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "change": self.change,
            "sha256_then": self.then,
            "sha256_now": self.now,
        }


@dataclass(frozen=True)
class ValueChange:
    """One value of the result that differs from the recomputed one.

    WHERE locates it in the result (``rows[3].index``, ``row 5``, ``Phụ lục 1 - …!J7``); UNIT_ID and
    FIELD say what it is; DIFFERENCE is now − written, exact, when both are numbers.
    """

    where: str
    unit_id: str | None
    field: str
    written: Any
    now: Any
    difference: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "unit_id": self.unit_id,
            "field": self.field,
            "written": self.written,
            "now": self.now,
            "difference": self.difference,
        }


@dataclass
class Verification:
    """What `parindex verify` found: MATCHES when no file and no value differs and the folder still loads."""

    result: str
    kind: str
    parindex_then: str
    parindex_now: str
    files: list[FileChange] = field(default_factory=list)
    values: list[ValueChange] = field(default_factory=list)
    #: the folder's validation report when it no longer loads, else None
    invalid: Report | None = None

    @property
    def matches(self) -> bool:
        return not self.files and not self.values and self.invalid is None

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The document `parindex verify --format json` prints (LANG: the validation report's messages)."""
        return {
            "result": self.result,
            "kind": self.kind,
            "matches": self.matches,
            "parindex": {"then": self.parindex_then, "now": self.parindex_now},
            "files": [change.to_dict() for change in self.files],
            "values": [change.to_dict() for change in self.values],
            "invalid": None if self.invalid is None else self.invalid.to_dict(resolve_lang(lang)),
        }


@dataclass
class WrittenResult:
    """A result as read back: its kind, manifest, and the document (JSON dict, CSV rows or workbook)."""

    kind: str
    manifest: dict[str, Any]
    content: Any


def verify_result(folder: str | os.PathLike[str], result: str | os.PathLike[str]) -> Verification:
    """Check RESULT against FOLDER: the files by hash, then every value recomputed with the manifest's options.

    Raises NotAResult when RESULT is not a parindex result with a manifest; never raises on a folder
    that no longer loads (that is a finding: `Verification.invalid`).
    """
    from . import __version__
    from .assessment import load_assessment
    from .problems import InvalidInput

    folder, path = Path(folder), Path(result)
    written = read_result(path)
    options = written.manifest["options"]
    unknown = sorted(set(options) - KNOWN_OPTIONS)
    if unknown:
        raise NotAResult(_unknown_options(unknown))
    _check_round_option(options)
    found = Verification(path.name, written.kind, str(written.manifest["parindex"]), __version__)
    try:
        assessment = load_assessment(folder)
    except InvalidInput as exc:
        found.files = files_on_disk(written.manifest, folder)
        found.invalid = exc.report
        return found
    found.files = file_changes(written.manifest, manifest_of(assessment, options))
    results = scored(assessment, options)
    # the details sheet is rebuilt from the assessment as scored (`--round 1`: round 1's scores and reasons)
    found.values = value_changes(written, results.assessment or assessment, results)
    return found


def _unknown_options(keys: list[str]) -> Words:
    message = N_(
        "the result was computed with options this version of parindex does not know ({names}): "
        "verify it with the version that wrote it"
    )
    return Words(*both(message, names=", ".join(keys)))


def _check_round_option(options: Mapping[str, Any]) -> None:
    """A manifest whose `round` is not 1 or 2 was edited by hand: invalid input, not a bug of parindex."""
    from .inputs.rounds import RoundError, check_round

    try:
        check_round(options.get("round"))
    except (RoundError, TypeError) as exc:
        raise NotAResult(_unknown_options([f"round = {options.get('round')!r}"])) from exc


def scored(assessment: Assessment, options: Mapping[str, Any]) -> Results:
    """ASSESSMENT scored as the run that wrote the result did, with its OPTIONS (keys of KNOWN_OPTIONS)."""
    from .scoring import score_assessment

    return score_assessment(assessment, round=options.get("round"))  # `--round 1`: the preliminary results


# -- the files -------------------------------------------------------------------------------------
def _entries(manifest: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """(kind, path) -> sha256 of every file a manifest lists."""
    entries = {("framework", f["path"]): f["sha256"] for f in manifest["framework"]["files"]}
    entries.update({("input", f["path"]): f["sha256"] for f in manifest["inputs"]})
    return entries


def file_changes(then: Mapping[str, Any], now: Mapping[str, Any]) -> list[FileChange]:
    """The files changed, missing or new in NOW (the manifest of the files read again) against THEN."""
    before, after = _entries(then), _entries(now)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old != new:
            change = MISSING if new is None else NEW if old is None else CHANGED
            changes.append(FileChange(key[0], key[1], change, old, new))
    return changes


def files_on_disk(manifest: Mapping[str, Any], folder: Path) -> list[FileChange]:
    """The manifest's input files hashed as they are now, for a folder that no longer loads.

    The framework's files are not looked for: a folder that does not load may not say where its
    framework is. A path leaving FOLDER (``..``) is not followed: it is reported missing.
    """
    changes = []
    for entry in manifest["inputs"]:
        target = folder / entry["path"]
        inside = ".." not in Path(entry["path"]).parts and not Path(entry["path"]).is_absolute()
        sha = _sha_of(target) if inside else None
        if sha != entry["sha256"]:
            changes.append(
                FileChange("input", entry["path"], MISSING if sha is None else CHANGED, entry["sha256"], sha)
            )
    return changes


def _sha_of(path: Path) -> str | None:
    from .limits import MAX_FILE_BYTES
    from .readers import read_bounded

    try:
        raw, _refused = read_bounded(path, path.name, MAX_FILE_BYTES) if path.is_file() else (None, None)
    except OSError:
        return None
    return None if raw is None else digest_of(raw).sha256


# -- reading the result ----------------------------------------------------------------------------
def read_result(path: Path) -> WrittenResult:
    """RESULT read back with its manifest; NotAResult when it is not a parindex result or has none."""
    from .readers import read_bounded

    name = path.name
    try:
        raw, _refused = read_bounded(path, name)
    except OSError as exc:
        why, unreadable = os_words(exc), N_("{name} cannot be read ({reason})")
        en, vi = gettext(unreadable, "en"), gettext(unreadable, "vi")
        detail = Words(en.format(name=name, reason=why.en), vi.format(name=name, reason=why.vi))
        raise NotAResult(detail) from None
    if raw is None:
        raise NotAResult(Words(*both(N_("{name} is too large to be a result"), name=name)))
    if raw.startswith(b"PK\x03\x04"):
        from .verify_values import read_workbook

        return read_workbook(raw, name)
    text = raw.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith("{"):
        return _read_json(text, name)
    if text.lstrip().startswith("<"):  # the HTML report: it shows its manifest, but is not a result to verify
        raise _not_parindex(name)
    return _read_csv(text, path)


def _not_parindex(name: str) -> NotAResult:
    message = N_(
        "{name} is not a result written by parindex with a manifest (a 'score --format json|csv' file "
        "or an 'export --xlsx' workbook): write the result again with this version"
    )
    return NotAResult(Words(*both(message, name=name)))


def _read_json(text: str, name: str) -> WrittenResult:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: brackets nested beyond Python's stack
        raise _not_parindex(name) from None
    manifest = document.get(MANIFEST_KEY) if isinstance(document, dict) else None
    if not is_manifest(manifest) or not isinstance(document.get("rows"), list):
        raise _not_parindex(name)
    return WrittenResult(JSON, manifest, document)


def _read_csv(text: str, path: Path) -> WrittenResult:
    """A CSV result: its manifest is the sidecar beside it (``x.csv.manifest.json``)."""
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        message = N_(
            "{name} has no manifest beside it ({sidecar}): a CSV is verified with the manifest "
            "'score --out' wrote next to it"
        )
        raise NotAResult(Words(*both(message, name=path.name, sidecar=sidecar.name)))
    from .readers import read_bounded

    try:  # read_bounded never reads more than the limit, however the file grows
        raw, _refused = read_bounded(sidecar, sidecar.name, MAX_MANIFEST_BYTES)
        if raw is None:
            raise ValueError("too large")
        manifest = json.loads(raw.decode("utf-8-sig")).get(MANIFEST_KEY)
    except (ValueError, AttributeError, OSError, RecursionError):
        raise _not_parindex(sidecar.name) from None
    rows = _csv_rows(text) if text.startswith("year,") else None
    if not is_manifest(manifest) or rows is None:
        raise _not_parindex(path.name)
    return WrittenResult(CSV, manifest, rows)


def _csv_rows(text: str) -> list[list[str]] | None:
    """TEXT's rows, read once for both checks and comparison; None when it does not read as CSV (a cell
    beyond the csv module's limit, a NUL: it was not parindex's)."""
    import csv
    import io

    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return None


def value_changes(written: WrittenResult, assessment: Assessment, results: Results) -> list[ValueChange]:
    """Every value of the written result that differs from RESULTS (see `verify_values`)."""
    from . import verify_values

    if written.kind == JSON:
        return verify_values.json_changes(written.content, results)
    if written.kind == CSV:
        return verify_values.csv_changes(written.content, results)
    return verify_values.workbook_changes(written.content, assessment, results)
