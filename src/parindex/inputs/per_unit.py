"""A self-assessment given as a folder of one file per unit (``self-assessment/SNV.xlsx``).

Each file's blank unit ids come from its name; a file that does not say its unit is one problem
naming the file, the unit it probably is, and the fix, never one unknown unit per row.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .. import columns as cols
from ..problems import Problem, Report, Words
from ..readers import Table, concat_tables
from .model import Roster, ScoreFile, Unit
from .score_files import Ignored, headings, ids_from_names, without
from .tables import has_columns, read_checked

#: File endings read in a folder of per-unit files (others, and Excel's lock files, are skipped).
_READ = (".csv", ".xlsx", ".xlsm")


def is_unit_file(path: Path) -> bool:
    """Whether PATH, in a folder of per-unit files, is one that is read (not hidden, not a lock file).

    One test for the reader and for `fresh` (is there any score yet?), so a note left in the folder
    (``ghi-chu.txt``) is neither read nor taken for a score file.
    """
    return not path.name.startswith((".", "~$")) and path.suffix.lower() in _READ


def read_folder(subfolder: Path, stem: str, roster: Roster, report: Report, ignored: Ignored) -> ScoreFile:
    """The per-unit files of SUBFOLDER merged into one table labelled ``STEM/``."""
    found = ScoreFile(None, f"{stem}/")
    tables = []
    schema = cols.SCORE_SCHEMAS[stem].with_required("code", "score")
    start = len(report.problems)
    for path in sorted(subfolder.iterdir()):
        if not is_unit_file(path):
            continue
        found.files.append(path)
        table = read_checked(path, f"{stem}/{path.name}", schema, report)
        if table is None or not has_columns(table, schema, report):
            _unusable(path, roster, found)
            continue
        table = without(table, headings(table), ignored)
        if "unit_id" not in table.columns and "unit_name" in table.columns:
            table = ids_from_names(table, roster.units)
        identified = _unit_ids(table, path, roster, found, report)
        if identified is not None:
            tables.append(identified)
    _skipped_once(report, start, f"{stem}/")
    if not tables:
        if not found.unidentified:
            report.add(Problem("empty-file", f"{stem}/"))
        return found
    found.table = concat_tables(f"{stem}/", tables)
    return found


def _skipped_once(report: Report, start: int, label: str) -> None:
    """The same title rows skipped in several unit files (parindex's own workbooks all have a title
    block) said once for the folder, not once per file: 28 identical notes hide what matters."""
    notes = report.take(lambda p: p.code == "rows-skipped", start)
    alike: dict[tuple[object, ...], list[Problem]] = {}
    for note in notes:
        alike.setdefault((note.row, note.params.get("expected"), *note.params["detail"]), []).append(note)
    for group in alike.values():
        if len(group) == 1:
            report.add(group[0])
            continue
        first, others = group[0], len(group) - 1
        rows = first.params["detail"]
        detail = Words(
            en=f"{rows.en} of this file and of {others} other file{'s' if others > 1 else ''} in {label}",
            vi=f"{rows.vi} của tệp này và của {others} tệp khác trong {label}",
        )
        params = {"detail": detail, "expected": first.params["expected"]}
        report.add(replace(first, row=None, value=None, params=params))


def _unusable(path: Path, roster: Roster, found: ScoreFile) -> None:
    """A unit's own file that could not be used: its problems stand for the unit's rows.

    Why: `SNV.xlsx` saved on a sheet without the table is one or two problems in that file; without
    this the unit would also be reported as having no file and no scores, three problems for one.
    """
    known = {u.unit_id.lower() for u in roster.units or []}
    if path.stem.lower() in known:
        found.unidentified.append(path.stem.lower())


def _unit_ids(table: Table, path: Path, roster: Roster, found: ScoreFile, report: Report) -> Table | None:
    """TABLE with its blank unit ids taken from the file name; rows of no known unit are left out.

    The unit's own file is recorded in FOUND.unit_files, and a file whose blank ids cannot come
    from its name (``Sở Y tế - tự đánh giá.xlsx``) in FOUND.unidentified.
    """
    ids = table.columns.get("unit_id", pa.array([""] * len(table), type=pa.string()))
    blank = pc.equal(ids, "")
    known = {u.unit_id.lower(): u.unit_id for u in roster.units or []}
    named = path.stem.lower() in known or path.stem.lower() in roster.rejected
    if not roster.units or named or not pc.any(blank).as_py():
        table = table.with_column("unit_id", pc.if_else(blank, path.stem, ids))
    else:
        found.unidentified.append(_unidentified(table, path, roster.units, report))
        keep = pc.invert(blank)
        if not pc.any(keep).as_py():
            return None
        rows = table.rows[keep.to_numpy(zero_copy_only=False)]
        table = replace(table, columns={n: pc.filter(a, keep) for n, a in table.columns.items()}, rows=rows)
    if path.stem.lower() in known:  # the unit's own file, even when it holds no score yet
        found.unit_files.setdefault(path.stem.lower(), table.label)
    for unit_id in pc.unique(pc.utf8_lower(table.column("unit_id"))).to_pylist():
        found.unit_files.setdefault(str(unit_id), table.label)
    return table


def _unidentified(table: Table, path: Path, units: list[Unit], report: Report) -> str | None:
    """The one problem of a per-unit file that does not say its unit; returns the lowered id it probably is."""
    names = {u.unit_id: u.name for u in units}
    guess, source = cols.probable_unit(path.stem, names), "name"
    found = cols.unit_line(table.preamble or [])
    if guess is None and found is not None:
        guess, source = cols.probable_unit(found[1], names), "line"
    suffix = path.suffix.lower()
    if guess is not None:
        detail = _guessed(names[guess], guess, source, found[0] if found else "")
        expected: str | Words = f"{guess}{suffix}"
    else:
        example = units[0].unit_id if units else "SNV"
        detail = Words(en="", vi="")
        expected = Words(
            en=f"after its unit's id (e.g. {example}{suffix})", vi=f"theo mã đơn vị (ví dụ {example}{suffix})"
        )
    has_ids = "unit_id" in table.columns
    report.add(
        Problem(
            "unit-not-identified",
            table.label,
            row=table.header_row if has_ids else None,
            column=table.header("unit_id") if has_ids else None,
            value=path.name,
            params={"detail": detail, "expected": expected},
        )
    )
    return guess.lower() if guess else None


def _guessed(name: str, guess: str, source: str, line: str) -> Words:
    """Why the file is probably unit GUESS: by its file name, or by a line above its header."""
    if source == "name":
        return Words(
            en=f" By its name it is probably {name} ({guess}).",
            vi=f" Theo tên tệp, có lẽ đây là tệp của {name} ({guess}).",
        )
    return Words(
        en=f" By its line “{line}” it is probably {name} ({guess}).",
        vi=f" Theo dòng “{line}”, có lẽ đây là tệp của {name} ({guess}).",
    )
