"""Load and validate one year's assessment folder.

The folder holds ``parindex.toml`` (year, framework), ``units`` and the three score tables
(``self-assessment``, ``appraisal``, ``survey``), each as .csv or .xlsx; self-assessments may also
come as a folder ``self-assessment/`` with one file per unit. Loading checks everything and, when
anything is wrong, raises :class:`InvalidInput` with *all* the problems, never a partial result.

The checks are vectorised over whole columns (pyarrow compute and numpy) so a national-scale
folder (a million score rows) validates in about the time it takes to read it; only failing rows
become Python objects. pandas is deliberately not used here: importing it costs more than the
whole validation of a province.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import columns as cols
from .framework import APPRAISAL, SURVEY, Framework, Group, load_framework
from .limits import MAX_LISTED_PER_CODE
from .numbers import format_points, from_micro
from .problems import ERROR, NOTE, WARNING, InvalidInput, Problem, Report, Words
from .readers import Table, TableResult, TomlRefused, concat_tables, distinct_texts, find_table, read_table, read_toml
from .scores import ParsedScores, parse_score_array

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

CONFIG = "parindex.toml"
UNITS = "units"
SELF = "self-assessment"
APPRAISAL_FILE = "appraisal"
SURVEY_FILE = "survey"
SCORE_FILES = (SELF, APPRAISAL_FILE, SURVEY_FILE)
FILE_METHOD = {SELF: APPRAISAL, APPRAISAL_FILE: APPRAISAL, SURVEY_FILE: SURVEY}
#: How a cell that Excel turned into a date reads (readers write dates and times in ISO form).
_EXCEL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
#: A param of a problem found on many rows: a constant, or a function of the row's position in its table.
Param = Callable[[int], object] | object
YES = ("yes", "y", "có", "co", "x", "1", "true")
NO = ("no", "n", "không", "khong", "0", "false")


@dataclass(frozen=True)
class Unit:
    """An assessed unit (sở, ban, ngành or UBND huyện)."""

    unit_id: str
    name: str
    group: str
    ranked: bool = True


@dataclass
class ScoreMatrix:
    """One score file's values for one group, as [unit, leaf] matrices (columns follow Group.leaves)."""

    units: np.ndarray
    present: np.ndarray
    na: np.ndarray

    @classmethod
    def empty(cls, n_units: int, n_leaves: int) -> ScoreMatrix:
        shape = (n_units, n_leaves)
        return cls(np.zeros(shape, np.int64), np.zeros(shape, bool), np.zeros(shape, bool))


@dataclass
class GroupData:
    """Everything needed to score one group: its units and one matrix per score file."""

    group: Group
    units: list[Unit]
    matrices: dict[str, ScoreMatrix]


def effective_na(data: GroupData) -> np.ndarray:
    """[unit, leaf] True where the effective score is N/A: the appraisal's marking if it has a row, else
    the self-assessment's; a survey leaf's from the survey. Scoring and the checks share this one rule."""
    is_appraisal = np.array([leaf.method == APPRAISAL for leaf in data.group.leaves], dtype=bool)
    m_self, m_appr, m_survey = (data.matrices[k] for k in (SELF, APPRAISAL_FILE, SURVEY_FILE))
    result: np.ndarray = np.where(is_appraisal, np.where(m_appr.present, m_appr.na, m_self.na), m_survey.na)
    return result


@dataclass
class ScoreRows:
    """One score table as read, with what parsing and matching found for every row.

    ``unit_pos`` indexes ``Assessment.units`` and ``leaf`` the unit's ``Group.leaves`` (-1: no match).
    """

    table: Table
    units: np.ndarray
    na: np.ndarray
    bad: np.ndarray
    unit_pos: np.ndarray
    leaf: np.ndarray

    def to_pandas(self) -> pd.DataFrame:
        """Columns unit_id, code, score, note, row, file, units, na, bad, unit_pos, leaf."""
        frame = self.table.to_pandas()
        for name in ("units", "na", "bad", "unit_pos", "leaf"):
            frame[name] = getattr(self, name)
        return frame


@dataclass
class Assessment:
    """A validated assessment folder, ready to score."""

    folder: Path
    year: int | str
    framework: Framework
    units: list[Unit]
    groups: dict[str, GroupData]
    score_rows: dict[str, ScoreRows]
    warnings: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def __repr__(self) -> str:
        """`<Assessment 2023 lai-chau-2023: 28 units in 2 groups, framework …, 22 warnings>`."""
        from .display import counted, visible

        size = f"{counted(len(self.units), 'unit')} in {counted(len(self.groups), 'group')}"
        where = f"{visible(self.year)} {visible(self.folder.name)}: {size}"
        return f"<Assessment {where}, framework {visible(self.framework.id)}, {counted(len(self.warnings), 'warning')}>"

    @cached_property
    def rows(self) -> dict[str, pd.DataFrame]:
        """The score tables as pandas DataFrames (built on first use: pandas is slow to import)."""
        return {stem: rows.to_pandas() for stem, rows in self.score_rows.items()}


#: Called with a short description before each loading step (used for a progress bar).
Progress = Callable[[str], None]
#: How many times a load calls its Progress callback.
LOAD_STEPS = 1 + 1 + len(SCORE_FILES) * 2 + 1


def load_assessment(folder: str | os.PathLike[str], progress: Progress | None = None) -> Assessment:
    """Load FOLDER, or raise InvalidInput carrying every problem found in every file."""
    report = Report()
    loaded = _Loader(Path(folder), report, progress).run()
    if loaded is None or not report.valid:
        raise InvalidInput(report)
    loaded.warnings = report.warnings
    return loaded


def validate_folder(folder: str | os.PathLike[str], progress: Progress | None = None) -> Report:
    """All problems (errors and warnings) of FOLDER, without raising."""
    report = Report()
    _Loader(Path(folder), report, progress).run()
    return report


def _lower(array: pa.Array) -> pa.Array:
    """Case-insensitive keys for ids and group names (both sides are lowered the same way)."""
    return pc.utf8_lower(array)


def _blank(array: pa.Array) -> np.ndarray:
    return pc.equal(array, "").to_numpy(zero_copy_only=False)


def _encode(values: pa.Array | pa.ChunkedArray) -> tuple[list[str], np.ndarray]:
    """The distinct texts of a column as a list and, per row, the position of its text (-1: null)."""
    distinct, positions = distinct_texts(values)
    return distinct.to_pylist(), positions


def _index_in(values: pa.Array, keys: list[str]) -> np.ndarray:
    """Position of every value in KEYS, -1 when absent (vectorised lookup)."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    found = pc.index_in(values, value_set=pa.array(keys, type=pa.string()))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def _dates(table: Table, column: str, indices: np.ndarray) -> np.ndarray:
    """Which of the cells at INDICES look like a date Excel made (vectorised over the few failing rows)."""
    if not len(indices):
        return np.zeros(0, dtype=bool)
    cells = table.column(column).take(pa.array(indices, type=pa.int64()))
    return np.asarray(pc.match_substring_regex(cells, _EXCEL_DATE.pattern).to_numpy(zero_copy_only=False), bool)


def _first_true(mask: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the first LIMIT true values of a flat MASK, found chunk by chunk.

    Why: a national folder without scores has ten million missing (unit, criterion) pairs; only
    the listed ones need their position, and np.flatnonzero on all of them would cost 80 MB.
    """
    found: list[np.ndarray] = []
    total, chunk = 0, 1 << 20
    for start in range(0, len(mask), chunk):
        positions = np.flatnonzero(mask[start : start + chunk]) + start
        found.append(positions[: limit - total])
        total += len(found[-1])
        if total >= limit:
            break
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _by_file(table: Table, indices: np.ndarray) -> list[np.ndarray]:
    """INDICES split by the file each row came from (per-unit files), in the order first met."""
    if not len(indices):
        return []
    if table.files is None:
        return [indices]
    _, first, inverse = np.unique(table.files[indices], return_index=True, return_inverse=True)
    return [indices[inverse == g] for g in np.argsort(first)]


def _points(value: Decimal) -> Words:
    """Points in a message, with the decimal mark of each language (1.5 / 1,5)."""
    return Words(en=format_points(value), vi=format_points(value, "vi"))


def _param(value: Param, index: int) -> object:
    return value(index) if callable(value) else value


@dataclass
class _Columns:
    """What a score table's rows hold, worked out column by column before any row is reported."""

    parsed: ParsedScores
    blank: dict[str, np.ndarray]
    unit_pos: np.ndarray
    rejected: np.ndarray
    codes: tuple[list[str], np.ndarray]


def _columns(table: Table, unit_keys: list[str], rejected_keys: list[str]) -> _Columns:
    """Parse scores, find each row's unit and encode its code: pure, so files are worked on in parallel.

    Why threads help: these are whole-column pyarrow and numpy operations that release the GIL, and
    they are most of the work per row; while one file is matched and reported, the next is prepared.
    """
    lowered = _lower(table.column("unit_id"))
    rejected = pc.is_in(lowered, value_set=pa.array(rejected_keys, type=pa.string()))
    return _Columns(
        parse_score_array(table.column("score")),
        {column: _blank(table.column(column)) for column in ("unit_id", "code", "score")},
        _index_in(lowered, unit_keys),
        rejected.to_numpy(zero_copy_only=False),
        _encode(table.column("code")),
    )


class _Loader:
    """One pass over a folder; collects problems into the shared report as it goes."""

    def __init__(self, folder: Path, report: Report, progress: Progress | None = None) -> None:
        self.folder = folder
        self.report = report
        self.step: Progress = progress or (lambda _description: None)
        #: score tables that could not be read: their leaves are not reported missing one by one
        self.unreadable: set[str] = set()
        #: lowered ids of units rejected in units.csv: their score rows are not reported as unknown
        self.rejected: list[str] = []
        #: the file name each table was read from (self-assessment.xlsx, self-assessment/…)
        self.labels: dict[str, str] = {}
        self.files: list[Path] = []
        self.local = np.zeros(0, dtype=np.int64)
        self.unit_group = np.zeros(0, dtype=np.int64)
        #: score files being read in the background (see `_prefetch`), by path
        self.prefetched: dict[Path, Future[TableResult]] = {}
        #: the units read from units.csv (None until read, or when it is unusable)
        self.units: list[Unit] | None = None
        #: per-unit self-assessment files: each unit's file (by lowered id), and the units a file that
        #: does not say its unit probably belongs to (None: a file whose unit could not be guessed)
        self.unit_files: dict[str, str] = {}
        self.unidentified: list[str | None] = []
        #: lowered ids of units whose per-unit file is missing (reported once, see `_missing_unit_files`)
        self.fileless: set[str] = set()
        #: rows not read as scores (section headings, subtotals), by file, until said in a note
        self.ignored: dict[str, list[int]] = {}

    def run(self) -> Assessment | None:
        self.step(CONFIG)
        config = self._config()
        if config is None:
            return None
        with ThreadPoolExecutor(max_workers=2) as pool:
            return self._run(config, pool)

    def _prefetch(self, pool: ThreadPoolExecutor) -> None:
        """Start reading each score file in the background while the framework and units are read.

        Reading is pure (`read_table` returns the table and its problems); what it adds to the report
        is added later by `_read`, in the usual order, so the report does not depend on timing.
        """
        for stem in SCORE_FILES:
            candidates = [] if (self.folder / stem).is_dir() else find_table(self.folder, stem)
            if len(candidates) == 1:
                schema = cols.SCORE_SCHEMAS[stem]
                self.prefetched[candidates[0]] = pool.submit(read_table, candidates[0], candidates[0].name, schema)

    def _run(self, config: tuple[int | str, str], pool: ThreadPoolExecutor) -> Assessment | None:
        year, framework_ref = config
        self._prefetch(pool)
        try:
            framework: Framework | None = load_framework(framework_ref, self.folder, self.report)
        except InvalidInput:
            framework = None  # its problems are already in self.report
        self.step(UNITS)
        units = self._units(framework)
        tables = {}
        for stem in SCORE_FILES:
            self.step(stem)
            tables[stem] = self._score_table(stem, framework)
        if framework is None or units is None:
            return None
        if not units:  # every unit was rejected (and reported): nothing to match scores against
            return None
        groups = self._groups(framework, units)
        rows = {}
        unit_keys = [u.unit_id.lower() for u in units]
        columns = {
            stem: pool.submit(_columns, table, unit_keys, self.rejected)
            for stem, table in tables.items()
            if table is not None
        }
        for stem, table in tables.items():
            self.step(f"{stem} ✓")
            if table is not None:
                rows[stem] = self._match(stem, table, columns[stem].result(), groups)
        self.step("✓")
        self._check_missing(groups)
        self._warn(units, groups, rows)
        self._no_applicable_criteria(groups, framework.not_applicable)
        return Assessment(self.folder, year, framework, units, groups, rows, files=self.files)

    # -- parindex.toml -------------------------------------------------------------------------
    def _config(self) -> tuple[int | str, str] | None:
        path = self.folder / CONFIG
        if not path.is_file():
            detail = Words(en=f"{CONFIG} in {self.folder}", vi=f"{CONFIG} trong {self.folder}")
            self.report.add(Problem("missing-file", CONFIG, params={"detail": detail}))
            return None
        self.files.append(path)
        self.report.checked[CONFIG] = None
        try:
            data = read_toml(path, CONFIG)
        except TomlRefused as exc:
            self.report.add(exc.too_large or Problem("invalid-config", CONFIG, params={"detail": exc.detail}))
            return None
        framework = data.get("framework")
        year = data.get("year")
        if not isinstance(framework, str) or not framework.strip():
            detail = Words(
                en='framework = "<bundled id or folder>" is required',
                vi='cần có framework = "<mã bộ chỉ số có sẵn hoặc thư mục>"',
            )
            self.report.add(Problem("invalid-config", CONFIG, column="framework", params={"detail": detail}))
            return None
        if not isinstance(year, int | str) or isinstance(year, bool):
            detail = Words(en="year = 2023 (a number) is required", vi="cần có year = 2023 (một số)")
            self.report.add(Problem("invalid-config", CONFIG, column="year", params={"detail": detail}))
            return None
        return year, framework.strip()

    # -- table lookup --------------------------------------------------------------------------
    def _read(self, stem: str, required: bool) -> Table | None:
        """The table STEM from .csv/.xlsx, or from a folder of per-unit files (self-assessment/)."""
        subfolder = self.folder / stem
        if subfolder.is_dir():
            return self._read_folder(subfolder, stem)
        candidates = find_table(self.folder, stem)
        if not candidates:
            if required:
                detail = Words(
                    en=f"{stem}.csv (or {stem}.xlsx) in {self.folder}",
                    vi=f"{stem}.csv (hoặc {stem}.xlsx) trong {self.folder}",
                )
                self.report.add(Problem("missing-file", f"{stem}.csv", params={"detail": detail}))
            return None
        if len(candidates) > 1:
            names = ", ".join(p.name for p in candidates)
            detail = Words(
                en=f"several files for '{stem}' ({names}); keep one",
                vi=f"có nhiều tệp cho '{stem}' ({names}); chỉ giữ một",
            )
            self.report.add(Problem("invalid-config", candidates[0].name, params={"detail": detail}))
            return None
        path = candidates[0]
        self.files.append(path)
        prefetched = self.prefetched.pop(path, None)
        schema = cols.FOLDER_SCHEMAS[stem]
        result = prefetched.result() if prefetched is not None else read_table(path, path.name, schema)
        self.report.extend(result.problems)
        self.report.checked[path.name] = None if result.frame is None else len(result.frame)
        if result.frame is not None:
            self._duplicate_columns(result.frame)
        return result.frame

    def _read_folder(self, subfolder: Path, stem: str) -> Table | None:
        """Merge one file per unit; a file without a unit_id column takes the id from its name."""
        tables = []
        schema = cols.SCORE_SCHEMAS[stem].with_required("code", "score")
        for path in sorted(subfolder.iterdir()):
            if path.name.startswith((".", "~$")) or path.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
                continue
            self.files.append(path)
            result = read_table(path, f"{stem}/{path.name}", schema)
            self.report.extend(result.problems)
            self.report.checked[f"{stem}/{path.name}"] = None if result.frame is None else len(result.frame)
            if result.frame is None:
                continue
            self._duplicate_columns(result.frame)
            if not self._require_columns(result.frame, schema):
                continue
            table = self._without(result.frame, self._headings(result.frame))
            if "unit_id" not in table.columns and "unit_name" in table.columns:
                table = self._ids_from_names(table)
            identified = self._unit_ids(table, path)
            if identified is not None:
                tables.append(identified)
        if not tables:
            if not self.unidentified:
                self.report.add(Problem("empty-file", f"{stem}/"))
            return None
        return concat_tables(f"{stem}/", tables)

    def _unit_ids(self, table: Table, path: Path) -> Table | None:
        """TABLE with its blank unit ids taken from the file name; rows of no known unit are left out.

        A file whose blank ids cannot come from its name (``Sở Y tế - tự đánh giá.xlsx``) is one
        problem naming the file and the fix, not one unknown unit per row.
        """
        ids = table.columns.get("unit_id", pa.array([""] * len(table), type=pa.string()))
        blank = pc.equal(ids, "")
        known = {u.unit_id.lower(): u.unit_id for u in self.units or []}
        named = path.stem.lower() in known or path.stem.lower() in self.rejected
        if not self.units or named or not pc.any(blank).as_py():
            table = table.with_column("unit_id", pc.if_else(blank, path.stem, ids))
        else:
            self._unidentified(table, path)
            keep = pc.invert(blank)
            if not pc.any(keep).as_py():
                return None
            rows = table.rows[keep.to_numpy(zero_copy_only=False)]
            table = replace(table, columns={n: pc.filter(a, keep) for n, a in table.columns.items()}, rows=rows)
        if path.stem.lower() in known:  # the unit's own file, even when it holds no score yet
            self.unit_files.setdefault(path.stem.lower(), table.label)
        for unit_id in pc.unique(pc.utf8_lower(table.column("unit_id"))).to_pylist():
            self.unit_files.setdefault(str(unit_id), table.label)
        return table

    def _unidentified(self, table: Table, path: Path) -> None:
        """The one problem of a per-unit file that does not say its unit, with the unit it probably is."""
        units = self.units or []
        names = {u.unit_id: u.name for u in units}
        guess, source = cols.probable_unit(path.stem, names), "name"
        found = cols.unit_line(table.preamble or [])
        line = found[0] if found else ""
        if guess is None and found is not None:
            guess, source = cols.probable_unit(found[1], names), "line"
        self.unidentified.append(guess.lower() if guess else None)
        suffix = path.suffix.lower()
        if guess is not None:
            name = names[guess]
            if source == "name":
                detail = Words(
                    en=f" By its name it is probably {name} ({guess}).",
                    vi=f" Theo tên tệp, có lẽ đây là tệp của {name} ({guess}).",
                )
            else:
                detail = Words(
                    en=f" By its line “{line}” it is probably {name} ({guess}).",
                    vi=f" Theo dòng “{line}”, có lẽ đây là tệp của {name} ({guess}).",
                )
            expected: str | Words = f"{guess}{suffix}"
        else:
            example = units[0].unit_id if units else "SNV"
            detail = Words(en="", vi="")
            expected = Words(
                en=f"after its unit's id (e.g. {example}{suffix})", vi=f"theo mã đơn vị (ví dụ {example}{suffix})"
            )
        row = table.header_row if "unit_id" in table.columns else None
        column = table.header("unit_id") if "unit_id" in table.columns else None
        self.report.add(
            Problem(
                "unit-not-identified",
                table.label,
                row=row,
                column=column,
                value=path.name,
                params={"detail": detail, "expected": expected},
            )
        )

    def _duplicate_columns(self, table: Table) -> None:
        self.report.extend(cols.duplicate_columns(table))

    def _require_columns(self, table: Table, schema: cols.Schema) -> bool:
        missing = cols.missing_columns(table, schema.required)
        self.report.extend(missing)
        return not missing

    # -- units ---------------------------------------------------------------------------------
    def _units(self, framework: Framework | None) -> list[Unit] | None:
        table = self._read(UNITS, required=True)
        if table is None or not self._require_columns(table, cols.UNITS):
            return None
        if not len(table):
            self.report.add(Problem("empty-file", table.label))
            return None
        ok = np.ones(len(table), dtype=bool)
        for column in ("unit_id", "name", "group"):
            blank = _blank(table.column(column))
            self._problems("missing-value", table, np.flatnonzero(blank), column)
            ok &= ~blank
        keys = _lower(table.column("unit_id")).to_numpy(zero_copy_only=False)
        ok &= self._unique_units(table, keys)
        group_keys = list(framework.groups) if framework else []
        group_pos = _index_in(_lower(table.column("group")), [k.lower() for k in group_keys])
        if framework is not None:
            self._groups_by_name(table, group_pos, framework)
        if framework is not None:
            unknown = (group_pos < 0) & ~_blank(table.column("group"))
            value = self._cell(table, "group")
            self._problems("unknown-group", table, np.flatnonzero(unknown), "group", value, ", ".join(group_keys))
            ok &= ~unknown
        ranked = np.ones(len(table), dtype=bool)
        if "ranked" in table.columns:
            flags = _lower(table.column("ranked"))
            ranked = ~pc.is_in(flags, value_set=pa.array(NO)).to_numpy(zero_copy_only=False)
            wrong = ~pc.is_in(flags, value_set=pa.array((*YES, *NO, ""))).to_numpy(zero_copy_only=False)
            value = self._cell(table, "ranked")
            detail = Words(en="yes or no (có / không)", vi="có / không (hoặc yes / no)")
            self._problems("invalid-value", table, np.flatnonzero(wrong), "ranked", value, detail)
            ok &= ~wrong
        self.rejected = [str(k) for k in keys[~ok]]
        ids, names = table.column("unit_id").to_pylist(), table.column("name").to_pylist()
        self.units = [
            Unit(ids[i], names[i], group_keys[group_pos[i]] if framework else "", bool(ranked[i]))
            for i in np.flatnonzero(ok)
        ]
        return self.units

    @staticmethod
    def _groups_by_name(table: Table, group_pos: np.ndarray, framework: Framework) -> None:
        """Fill GROUP_POS where the group is written as its name ("Sở, ban, ngành") rather than its key."""
        names = {key: group.name for key, group in framework.groups.items()}
        keys = list(framework.groups)
        for i in np.flatnonzero(group_pos < 0):
            key = cols.group_by_name(table.text("group", i), names)
            if key is not None:
                group_pos[i] = keys.index(key)

    def _unique_units(self, table: Table, keys: np.ndarray) -> np.ndarray:
        """False for every repeat of a unit id (compared case-insensitively), reported with the first row."""
        filled = ~_blank(table.column("unit_id"))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        repeat = (first[inverse] != np.arange(len(keys))) & filled
        first_rows = table.rows[first[inverse]]
        value = self._cell(table, "unit_id")
        self._problems("duplicate-unit", table, np.flatnonzero(repeat), "unit_id", value, lambda i: int(first_rows[i]))
        return ~repeat

    # -- score rows ----------------------------------------------------------------------------
    def _score_table(self, stem: str, framework: Framework | None) -> Table | None:
        """Read one score table; appraisal is optional (absent = all accepted)."""
        has_survey = framework is not None and any(
            leaf.method == SURVEY for group in framework.groups.values() for leaf in group.leaves
        )
        required = stem == SELF or (stem == SURVEY_FILE and has_survey)
        table = self._read(stem, required=required)
        if table is not None and "unit_id" not in table.columns and "unit_name" in table.columns:
            table = self._ids_from_names(table)
        if table is None or not self._require_columns(table, cols.SCORE_SCHEMAS[stem]):
            self.unreadable.add(stem)
            return None
        self.labels[stem] = table.label if table.files is None else f"{stem}/"
        if "note" not in table.columns:
            table = table.with_column("note", pa.repeat(pa.scalar("", pa.string()), len(table)))
        table = table.with_column("code", pc.utf8_rtrim(table.column("code"), characters="."))
        table = self._without(table, self._headings(table))
        if framework is not None:
            table = self._without(table, self._tree_rows(table, framework))
        self._say_ignored()
        return table

    def _ids_from_names(self, table: Table) -> Table:
        """A score table that names its units ("Sở Y tế") instead of giving ids: each name that is exactly
        one unit's name (ignoring case, diacritics and spacing) becomes its id; any other text is kept as
        written, so it is reported as an unknown unit."""
        distinct, positions = distinct_texts(table.column("unit_name"))
        by_name: dict[str, list[str]] = {}
        for unit in self.units or []:
            by_name.setdefault(cols.fold(unit.name), []).append(unit.unit_id)
        ids = [
            found[0] if len(found := by_name.get(cols.fold(text), [])) == 1 else text for text in distinct.to_pylist()
        ]
        unit_ids = pa.array(ids + [""], pa.string()).take(pa.array(np.where(positions < 0, len(ids), positions)))
        headers = {**(table.headers or {}), "unit_id": table.header("unit_name")}
        return replace(table.with_column("unit_id", unit_ids), headers=headers)

    @staticmethod
    def _headings(table: Table) -> np.ndarray:
        """Rows with no unit id, no code and no score but text elsewhere: a form's section headings
        ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), not scores. (A per-unit file's ids are filled in later.)"""
        blank = pc.and_(pc.equal(table.column("code"), ""), pc.equal(table.column("score"), ""))
        if "unit_id" in table.columns:
            blank = pc.and_(blank, pc.equal(table.column("unit_id"), ""))
        return np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool)

    def _tree_rows(self, table: Table, framework: Framework) -> np.ndarray:
        """Rows of a parent criterion that a form lists for its tree: without a score, or with the exact
        subtotal of the unit's scores below it in the same file. Other parent rows stay (`not-a-leaf`)."""
        drop = np.zeros(len(table), dtype=bool)
        if not self.units or not len(table):
            return drop
        parents = {
            code for group in framework.groups.values() for code, node in group.nodes.items() if not node.is_leaf
        }
        maybe = np.flatnonzero(pc.is_in(table.column("code"), pa.array(sorted(parents), pa.string())).to_numpy(False))
        if not len(maybe):
            return drop
        # a code may be a parent in one group and a leaf in another: a row counts in its unit's group
        unit_keys = [u.unit_id.lower() for u in self.units]
        taken = pa.array(maybe)
        in_units = _index_in(_lower(pc.take(table.column("unit_id"), taken)), unit_keys)
        keys = list(framework.groups)
        unit_group = np.array([keys.index(u.group) if u.group in keys else -1 for u in self.units] + [-1])
        row_group = unit_group[in_units]  # in_units is -1 for an unknown unit: the appended -1
        codes_maybe = pc.take(table.column("code"), taken)
        is_candidate = np.zeros(len(maybe), dtype=bool)
        for g, group in enumerate(framework.groups.values()):
            group_parents = pa.array([c for c, n in group.nodes.items() if not n.is_leaf], pa.string())
            is_candidate |= (row_group == g) & pc.is_in(codes_maybe, group_parents).to_numpy(zero_copy_only=False)
        candidates = [(int(i), int(u)) for i, u in zip(maybe[is_candidate], in_units[is_candidate], strict=True)]
        if not candidates:
            return drop
        parsed = parse_score_array(table.column("score"))
        files = table.files if table.files is not None else np.full(len(table), table.label, dtype=object)
        ids = pc.utf8_lower(table.column("unit_id")).to_pylist()
        codes = table.column("code").to_pylist()
        position = {(files[i], ids[i], codes[i]): i for i in range(len(table))}
        for i, u in candidates:
            if parsed.blank[i]:
                drop[i] = True  # the tree's own row, left blank: a heading
                continue
            group = framework.groups[self.units[u].group]
            node = group.nodes[codes[i]]
            below = [position.get((files[i], ids[i], leaf.code)) for leaf in group.leaves[group.leaf_slices[node.code]]]
            rows = [r for r in below if r is not None]
            if not rows or parsed.invalid[i] or parsed.na[i] or parsed.invalid[rows].any():
                continue
            drop[i] = int(parsed.units[i]) == int(parsed.units[rows][~parsed.na[rows]].sum())
        return drop

    def _without(self, table: Table, drop: np.ndarray) -> Table:
        """TABLE without the rows in DROP, which are remembered for one note per file."""
        if not drop.any():
            return table
        for i in np.flatnonzero(drop):
            self.ignored.setdefault(table.file(i), []).append(table.row(i))
        keep = pa.array(~drop)
        columns = {name: pc.filter(array, keep) for name, array in table.columns.items()}
        files = None if table.files is None else table.files[~drop]
        return replace(table, columns=columns, rows=table.rows[~drop], files=files)

    def _say_ignored(self) -> None:
        """One note per file listing the heading and subtotal rows that were not read as scores."""
        for label, rows in self.ignored.items():
            shown = ", ".join(str(r) for r in sorted(rows)[:12]) + (", …" if len(rows) > 12 else "")
            detail = Words(en=f"Rows {shown} ({len(rows)} rows)", vi=f"Các dòng {shown} ({len(rows)} dòng)")
            if len(rows) == 1:
                detail = Words(en=f"Row {shown}", vi=f"Dòng {shown}")
            self.report.add(Problem("rows-ignored", label, row=min(rows), severity=NOTE, params={"detail": detail}))
        self.ignored = {}

    def _groups(self, framework: Framework, units: list[Unit]) -> dict[str, GroupData]:
        """Units split by group; also each unit's group number and position within its group."""
        members: dict[str, list[Unit]] = {key: [] for key in framework.groups}
        keys = list(framework.groups)
        self.local = np.zeros(len(units), dtype=np.int64)
        self.unit_group = np.zeros(len(units), dtype=np.int64)
        for position, unit in enumerate(units):
            self.local[position] = len(members[unit.group])
            self.unit_group[position] = keys.index(unit.group)
            members[unit.group].append(unit)
        return {
            key: GroupData(
                group,
                members[key],
                {stem: ScoreMatrix.empty(len(members[key]), len(group.leaves)) for stem in SCORE_FILES},
            )
            for key, group in framework.groups.items()
        }

    def _match(self, stem: str, table: Table, columns: _Columns, groups: dict[str, GroupData]) -> ScoreRows:
        """Match every row to its unit and leaf, report what does not fit, fill the matrices."""
        parsed, blank = columns.parsed, columns.blank
        for column, empty in blank.items():
            self._problems("missing-value", table, np.flatnonzero(empty), column)
        invalid = np.flatnonzero(parsed.invalid)
        dates = _dates(table, "score", invalid)
        self._problems("invalid-number", table, invalid[~dates], "score", self._cell(table, "score"))
        self._problems("excel-date", table, invalid[dates], "score", self._cell(table, "score"))
        unit_pos = columns.unit_pos
        unknown = np.flatnonzero((unit_pos < 0) & ~blank["unit_id"] & ~columns.rejected)
        self._problems("unknown-unit", table, unknown, "unit_id", self._cell(table, "unit_id"))
        rows = ScoreRows(
            table, parsed.units, parsed.na, parsed.invalid | parsed.blank, unit_pos, np.full(len(table), -1, np.int64)
        )
        local, unit_group = self.local, self.unit_group
        for g, (key, data) in enumerate(groups.items()):
            selected = np.flatnonzero((unit_pos >= 0) & (unit_group[np.maximum(unit_pos, 0)] == g))
            if len(selected):
                self._match_group(stem, rows, columns.codes, blank["code"][selected], selected, key, data, local)
        self._duplicates(rows)
        return rows

    def _match_group(
        self,
        stem: str,
        rows: ScoreRows,
        codes: tuple[list[str], np.ndarray],
        blank_code: np.ndarray,
        selected: np.ndarray,
        key: str,
        data: GroupData,
        local: np.ndarray,
    ) -> None:
        group, table = data.group, rows.table
        nodes = list(group.nodes.values())
        position = {node.code: i for i, node in enumerate(nodes)}
        # the few distinct codes of the file, looked up once; rows then index that small table
        distinct, indices = codes
        lookup = np.array([position.get(code, -1) for code in distinct] + [-1], dtype=np.int64)
        node_pos = lookup[indices[selected]]
        known = node_pos >= 0
        safe = np.where(known, node_pos, 0)
        is_leaf = np.array([n.is_leaf for n in nodes])[safe] & known
        right = np.array([n.method == FILE_METHOD[stem] for n in nodes])[safe] & known
        code = self._cell(table, "code")
        unknown = selected[~known & ~blank_code]
        dates = _dates(table, "code", unknown)
        self._problems("unknown-criterion", table, unknown[~dates], "code", code, f"{key} – {group.name}")
        self._problems("excel-date", table, unknown[dates], "code", code)
        children = {node.code: ", ".join(node.children) for node in nodes}
        parents = selected[known & ~is_leaf]
        self._problems("not-a-leaf", table, parents, "code", code, lambda i: children[table.text("code", i)])
        self._wrong_method(stem, table, selected[is_leaf & ~right])
        good = is_leaf & right
        leaf_of = np.array([group.leaf_position.get(n.code, -1) for n in nodes], dtype=np.int64)
        matched, leaves = selected[good], leaf_of[node_pos[good]]
        rows.leaf[matched] = leaves
        self._range(rows, matched, leaves, group)
        target_units = local[rows.unit_pos[matched]]
        matrix = data.matrices[stem]
        matrix.present[target_units, leaves] = True
        usable = ~rows.bad[matched]
        matrix.units[target_units[usable], leaves[usable]] = rows.units[matched][usable]
        matrix.na[target_units[usable], leaves[usable]] = rows.na[matched][usable]

    def _range(self, rows: ScoreRows, matched: np.ndarray, leaves: np.ndarray, group: Group) -> None:
        values = rows.units[matched]
        numeric = ~rows.bad[matched] & ~rows.na[matched]
        out = numeric & ((values < 0) | (values > group.leaf_max_micro[leaves]))
        table, leaf = rows.table, rows.leaf

        def maximum(i: int) -> Words:
            return _points(group.leaves[leaf[i]].max_points)

        def code(i: int) -> str:
            return group.leaves[leaf[i]].code

        self._problems("out-of-range", table, matched[out], "score", self._cell(table, "score"), maximum, code)

    def _wrong_method(self, stem: str, table: Table, indices: np.ndarray) -> None:
        if FILE_METHOD[stem] == SURVEY:
            detail = Words(en="appraisal", vi="thẩm định")
            expected = Words(en="self-assessment or appraisal", vi="tệp tự đánh giá hoặc tệp thẩm định")
        else:
            detail = Words(en="survey", vi="điều tra xã hội học")
            expected = Words(en="the survey file", vi="tệp điều tra xã hội học (survey.csv)")
        self._problems("wrong-method", table, indices, "code", self._cell(table, "code"), detail, expected)

    def _duplicates(self, rows: ScoreRows) -> None:
        """The same unit and leaf twice in one file: every repeat, with the row of the first."""
        matched = np.flatnonzero(rows.leaf >= 0)
        if not len(matched):
            return
        keys = rows.unit_pos[matched] * (int(rows.leaf.max()) + 1) + rows.leaf[matched]
        # counting is linear; sorting (np.unique) is needed only for the few keys seen twice
        repeated = np.bincount(keys)[keys] > 1
        if not repeated.any():
            return
        matched, keys = matched[repeated], keys[repeated]
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        repeat = first[inverse] != np.arange(len(keys))
        table = rows.table
        first_row = np.zeros(len(table), dtype=np.int64)
        first_row[matched[repeat]] = table.rows[matched[first[inverse[repeat]]]]
        unit_id, code = self._cell(table, "unit_id"), self._cell(table, "code")
        self._problems("duplicate-row", table, matched[repeat], "code", unit_id, code, lambda i: int(first_row[i]))

    def _problem(
        self,
        code: str,
        table: Table,
        index: object,
        column: str,
        value: object = None,
        detail: object = "",
        expected: object = "",
        severity: str = ERROR,
    ) -> None:
        """A problem (or, with SEVERITY=WARNING, a warning) located at one row of TABLE."""
        position = int(index)  # type: ignore[call-overload]
        self.report.add(
            Problem(
                code,
                table.file(position),
                row=table.row(position),
                column=table.header(column, position),
                value=None if value is None else str(value),
                severity=severity,
                params={"detail": detail, "expected": expected},
            )
        )

    def _problems(
        self,
        code: str,
        table: Table,
        indices: np.ndarray,
        column: str,
        value: Param = None,
        detail: Param = "",
        expected: Param = "",
        severity: str = ERROR,
    ) -> None:
        """One problem per position in INDICES of TABLE, counted in bulk: only the listed ones are built.

        VALUE, DETAIL and EXPECTED are constants or functions of a row's position (called only for
        the rows that become objects), so a check failing on every row costs a count, not a million
        Problems. Only the parameters given are passed: a code refuses one it does not take.
        """
        given = {name: param for name, param in (("detail", detail), ("expected", expected)) if param != ""}
        for part in _by_file(table, indices):

            def make(k: int, part: np.ndarray = part) -> Problem:
                i = int(part[k])
                found = _param(value, i)
                return Problem(
                    code,
                    table.file(i),
                    row=table.row(i),
                    column=table.header(column, i),
                    value=None if found is None else str(found),
                    severity=severity,
                    params={name: _param(param, i) for name, param in given.items()},
                )

            self.report.add_many(len(part), make, table.rows[part])

    @staticmethod
    def _cell(table: Table, column: str) -> Callable[[int], str]:
        """The text of COLUMN at a row position, for a problem's value."""
        return lambda i: table.text(column, i)

    # -- completeness and warnings -------------------------------------------------------------
    def _check_missing(self, groups: dict[str, GroupData]) -> None:
        for data in groups.values():
            leaves = data.group.leaves
            appraisal_leaf = np.array([leaf.method == APPRAISAL for leaf in leaves])
            m = data.matrices
            has = np.where(appraisal_leaf, m[SELF].present | m[APPRAISAL_FILE].present, m[SURVEY_FILE].present)
            has |= np.where(appraisal_leaf, SELF in self.unreadable, SURVEY_FILE in self.unreadable)
            has |= appraisal_leaf & self._unattributed(data)[:, None]
            has |= appraisal_leaf & self._missing_unit_files(data, has, appraisal_leaf)[:, None]
            for stem, in_file in ((SELF, appraisal_leaf), (SURVEY_FILE, ~appraisal_leaf)):
                self._missing(data, stem, (~has & in_file).ravel())

    def _missing(self, data: GroupData, stem: str, missing: np.ndarray) -> None:
        """One missing-score per (unit, leaf) in the flat MISSING mask: counted, and built only when listed.

        A unit of a self-assessment folder has its problems located in its own file.
        """
        count = int(np.count_nonzero(missing))
        if not count:
            return
        leaves, label = data.group.leaves, self.labels.get(stem, f"{stem}.csv")
        positions = _first_true(missing, MAX_LISTED_PER_CODE + 1)

        def make(k: int) -> Problem:
            u, j = divmod(int(positions[k]), len(leaves))
            leaf, unit_id = leaves[j], data.units[u].unit_id
            file = self.unit_files.get(unit_id.lower(), label) if stem == SELF else label
            params = {"detail": leaf.code, "expected": leaf.name[:60]}
            return Problem("missing-score", file, column="score", value=unit_id, params=params)

        self.report.add_many(count, make)

    def _missing_unit_files(self, data: GroupData, has: np.ndarray, appraisal_leaf: np.ndarray) -> np.ndarray:
        """Units of a self-assessment folder with no rows in any file and criteria left unscored: one
        problem each (their file is missing), instead of one per criterion. Returns them as a mask."""
        if not self.labels.get(SELF, "").endswith("/"):
            return np.zeros(len(data.units), dtype=bool)
        no_rows = np.logical_not(data.matrices[SELF].present.any(axis=1))
        no_file = np.array([u.unit_id.lower() not in self.unit_files for u in data.units], dtype=bool)
        fileless = no_rows & no_file & (~has & appraisal_leaf).any(axis=1)
        for u in np.flatnonzero(fileless):
            unit = data.units[u]
            self.fileless.add(unit.unit_id.lower())
            params = {"detail": unit.name, "expected": f"{unit.unit_id}.xlsx"}
            self.report.add(Problem("missing-unit-file", self.labels[SELF], value=unit.unit_id, params=params))
        return fileless

    def _unattributed(self, data: GroupData) -> np.ndarray:
        """Per unit of the group: True when it has no self-assessment rows and may be the unit of a
        per-unit file that did not say its unit (that file's one problem stands for its rows)."""
        no_rows = np.logical_not(data.matrices[SELF].present.any(axis=1))
        if not self.unidentified:
            return np.zeros(len(data.units), dtype=bool)
        if None in self.unidentified:
            return no_rows
        guessed = np.array([u.unit_id.lower() in self.unidentified for u in data.units], dtype=bool)
        return guessed & no_rows

    def _warn(self, units: list[Unit], groups: dict[str, GroupData], rows: dict[str, ScoreRows]) -> None:
        for data in groups.values():
            # a self-assessment that could not be read is one error already, not a warning per unit
            if SELF in self.unreadable or not any(leaf.method == APPRAISAL for leaf in data.group.leaves):
                continue
            no_rows = ~data.matrices[SELF].present.any(axis=1) & ~self._unattributed(data)
            no_rows &= np.array([u.unit_id.lower() not in self.fileless for u in data.units], dtype=bool)
            self._no_self_assessment(data, np.flatnonzero(no_rows))
        appraisal = rows.get(APPRAISAL_FILE)
        if appraisal is not None and len(appraisal.table):
            self._warn_adjustments(units, groups, appraisal, self._bad_cells(rows.get(SELF), groups))

    def _no_applicable_criteria(self, groups: dict[str, GroupData], policy: str) -> None:
        """Units whose every criterion is N/A under ``exclude``: maximum 0, so no index and no rank.

        Why a warning: the unit is not wrong input, but it silently drops out of the ranking; the
        council should see that and check the unit's N/A marks.
        """
        if policy == "full":  # N/A earns full points: the maximum never shrinks
            return
        label = self.labels.get(SELF, f"{SELF}.csv")
        for data in groups.values():
            applicable_max = np.where(effective_na(data), 0, data.group.leaf_max_micro).sum(axis=1)
            lacking = np.flatnonzero(applicable_max == 0)

            def make(k: int, data: GroupData = data, lacking: np.ndarray = lacking) -> Problem:
                unit_id = data.units[int(lacking[k])].unit_id
                return Problem("no-applicable-criteria", label, value=unit_id, severity=WARNING)

            self.report.add_many(len(lacking), make)

    def _no_self_assessment(self, data: GroupData, lacking: np.ndarray) -> None:
        label = self.labels.get(SELF, f"{SELF}.csv")

        def make(k: int) -> Problem:
            unit_id = data.units[int(lacking[k])].unit_id
            return Problem("no-self-assessment", label, value=unit_id, severity=WARNING)

        self.report.add_many(len(lacking), make)

    def _bad_cells(self, rows: ScoreRows | None, groups: dict[str, GroupData]) -> list[np.ndarray]:
        """Per group, a [unit, leaf] mask of the cells whose score row is an error (not a number, out of range)."""
        masks = [np.zeros(data.matrices[SELF].present.shape, dtype=bool) for data in groups.values()]
        if rows is None:
            return masks
        matched = np.flatnonzero(rows.leaf >= 0)  # a matched leaf implies a known unit
        owner = self.unit_group[rows.unit_pos[matched]]
        for g, (mask, data) in enumerate(zip(masks, groups.values(), strict=True)):
            mine = matched[owner == g]
            leaves, values = rows.leaf[mine], rows.units[mine]
            numeric = ~rows.bad[mine] & ~rows.na[mine]
            wrong = rows.bad[mine] | (numeric & ((values < 0) | (values > data.group.leaf_max_micro[leaves])))
            mask[self.local[rows.unit_pos[mine[wrong]]], leaves[wrong]] = True
        return masks

    def _warn_adjustments(
        self, units: list[Unit], groups: dict[str, GroupData], appraisal: ScoreRows, self_bad: list[np.ndarray]
    ) -> None:
        """Appraisal rows that change a self-score a lot, or without the council's reason (vectorised).

        A self-score that is itself an error (SELF_BAD, per group) is not compared: "changed from 0"
        warnings on top of the error would say one mistake many times.
        """
        usable = (appraisal.leaf >= 0) & ~appraisal.bad
        local = self.local
        unit_pos = np.maximum(appraisal.unit_pos, 0)
        no_note = _blank(appraisal.table.column("note"))
        for g, data in enumerate(groups.values()):
            selected = np.flatnonzero(usable & (self.unit_group[unit_pos] == g))
            if not len(selected):
                continue
            u, j = local[unit_pos[selected]], appraisal.leaf[selected]
            self_m = data.matrices[SELF]
            new_units, new_na = appraisal.units[selected], appraisal.na[selected]
            old_units, old_na = self_m.units[u, j], self_m.na[u, j]
            changed = self_m.present[u, j] & ~self_bad[g][u, j] & ((new_units != old_units) | (new_na != old_na))
            large = changed & ~new_na & ~old_na & (np.abs(new_units - old_units) * 2 > data.group.leaf_max_micro[j])
            self._warn_rows(appraisal, selected, changed & no_note[selected], large, data)

    def _warn_rows(
        self, appraisal: ScoreRows, selected: np.ndarray, no_note: np.ndarray, large: np.ndarray, data: GroupData
    ) -> None:
        """The missing-note and large-adjustment warnings of one group's appraisal rows (SELECTED)."""
        table, leaf, local, old = appraisal.table, appraisal.leaf, self.local, data.matrices[SELF]
        unit_pos = np.maximum(appraisal.unit_pos, 0)

        def unit_id(i: int) -> str:
            return data.units[local[unit_pos[i]]].unit_id

        def code(i: int) -> str:
            return data.group.leaves[leaf[i]].code

        def before(i: int) -> Words:
            return _points(from_micro(int(old.units[local[unit_pos[i]], leaf[i]])))

        def both(i: int) -> Words:
            unit, leaf_code = unit_id(i), code(i)
            return Words(
                en=f"criterion {leaf_code} of unit '{unit}'", vi=f"điểm tiêu chí {leaf_code} của đơn vị '{unit}'"
            )

        self._problems("missing-note", table, selected[no_note], "note", unit_id, code, severity=WARNING)
        score = self._cell(table, "score")
        self._problems("large-adjustment", table, selected[large], "score", score, both, before, severity=WARNING)
