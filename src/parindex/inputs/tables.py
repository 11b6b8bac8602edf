"""Finding one table of the folder (.csv or .xlsx) and reading it, with its column checks."""

from __future__ import annotations

from pathlib import Path

from .. import columns as cols
from ..problems import Problem, Report, Words
from ..readers import Table, find_table, read_table
from .model import SELF


def read_single(folder: Path, stem: str, required: bool, report: Report) -> tuple[Table | None, list[Path]]:
    """The table STEM of FOLDER (one .csv or .xlsx) and the file read; None when absent, doubled or unreadable."""
    candidates = find_table(folder, stem)
    if not candidates:
        if required:
            per_unit = stem == SELF  # the one table that may also be a folder of per-unit files
            en = f", or a folder {stem}/ with a file per unit" if per_unit else ""
            vi = f", hoặc thư mục {stem}/ với mỗi đơn vị một tệp" if per_unit else ""
            detail = Words(
                en=f"{stem}.csv (or {stem}.xlsx{en}) in {folder}",
                vi=f"{stem}.csv (hoặc {stem}.xlsx{vi}) trong {folder}",
            )
            report.add(Problem("missing-file", f"{stem}.csv", params={"detail": detail}))
        return None, []
    if len(candidates) > 1:
        names = ", ".join(p.name for p in candidates)
        report.add(Problem("duplicate-table", candidates[0].name, value=stem, params={"detail": names}))
        return None, []
    path = candidates[0]
    return read_checked(path, path.name, cols.FOLDER_SCHEMAS[stem], report), [path]


def read_checked(path: Path, label: str, schema: cols.Schema, report: Report) -> Table | None:
    """PATH read as LABEL, its problems and row count reported, and any column given twice."""
    result = read_table(path, label, schema)
    report.extend(result.problems)
    report.checked[label] = None if result.frame is None else len(result.frame)
    if result.frame is not None:
        report.extend(cols.duplicate_columns(result.frame))
    return result.frame


def has_columns(table: Table, schema: cols.Schema, report: Report) -> bool:
    """Whether TABLE has every required column of SCHEMA (each missing one reported)."""
    missing = cols.missing_columns(table, schema.required)
    report.extend(missing)
    return not missing
