"""Load and validate one year's assessment folder.

The folder holds ``parindex.toml`` (year, framework), ``units`` and the three score tables
(``self-assessment``, ``appraisal``, ``survey``), each as .csv or .xlsx; self-assessments may also
come as a folder ``self-assessment/`` with one file per unit. Loading checks everything and, when
anything is wrong, raises :class:`InvalidInput` with *all* the problems, never a partial result.

The checks are vectorised over whole columns so a national-scale folder (a million score rows)
validates in about the time it takes to read it; only failing rows become Python objects.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .framework import APPRAISAL, SURVEY, Framework, Group, load_framework
from .numbers import format_points, from_units
from .problems import WARNING, InvalidInput, Problem, Report
from .readers import ROW, find_table, read_table
from .scores import parse_score_array

CONFIG = "parindex.toml"
UNITS = "units"
SELF = "self-assessment"
APPRAISAL_FILE = "appraisal"
SURVEY_FILE = "survey"
SCORE_FILES = (SELF, APPRAISAL_FILE, SURVEY_FILE)
FILE_METHOD = {SELF: APPRAISAL, APPRAISAL_FILE: APPRAISAL, SURVEY_FILE: SURVEY}
YES = frozenset({"yes", "y", "có", "co", "x", "1", "true"})
NO = frozenset({"no", "n", "không", "khong", "0", "false"})


@dataclass(frozen=True)
class Unit:
    """An assessed unit (sở, ban, ngành or UBND huyện)."""

    unit_id: str
    name: str
    group: str
    ranked: bool = True


@dataclass
class ScoreMatrix:
    """One score file's values for one group, as [unit, leaf] matrices (rows follow Group.leaves)."""

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


@dataclass
class Assessment:
    """A validated assessment folder, ready to score."""

    folder: Path
    year: int | str
    framework: Framework
    units: list[Unit]
    groups: dict[str, GroupData]
    rows: dict[str, pd.DataFrame]
    warnings: list[Problem] = field(default_factory=list)


def load_assessment(folder: Path) -> Assessment:
    """Load FOLDER, or raise InvalidInput carrying every problem found in every file."""
    report = Report()
    loaded = _Loader(folder, report).run()
    if loaded is None or not report.valid:
        raise InvalidInput(report)
    loaded.warnings = report.warnings
    return loaded


def validate_folder(folder: Path) -> Report:
    """All problems (errors and warnings) of FOLDER, without raising."""
    report = Report()
    _Loader(folder, report).run()
    return report


class _Loader:
    """One pass over a folder; collects problems into the shared report as it goes."""

    def __init__(self, folder: Path, report: Report) -> None:
        self.folder = folder
        self.report = report
        #: score tables that could not be read: their leaves are not reported missing one by one
        self.unreadable: set[str] = set()
        #: ids of units rejected in units.csv: their score rows are not reported as unknown
        self.rejected: set[str] = set()
        #: the file name each table was read from (self-assessment.xlsx, self-assessment/…)
        self.labels: dict[str, str] = {}

    def run(self) -> Assessment | None:
        config = self._config()
        if config is None:
            return None
        year, framework_ref = config
        try:
            framework = load_framework(framework_ref, self.folder)
        except InvalidInput as exc:
            self.report.extend(exc.report.problems)
            framework = None
        units = self._units(framework)
        score_frames = {stem: self._score_rows(stem, framework) for stem in SCORE_FILES}
        if framework is None or units is None:
            return None
        groups = self._check_scores(framework, units, score_frames)
        self._check_missing(groups)
        self._warn(framework, units, groups, score_frames)
        rows = {stem: frame for stem, frame in score_frames.items() if frame is not None}
        return Assessment(self.folder, year, framework, units, groups, rows)

    # -- parindex.toml -------------------------------------------------------------------------
    def _config(self) -> tuple[int | str, str] | None:
        path = self.folder / CONFIG
        if not path.is_file():
            self.report.add(Problem("missing-file", CONFIG, params={"detail": f"{CONFIG} in {self.folder}"}))
            return None
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            self.report.add(Problem("invalid-config", CONFIG, params={"detail": str(exc)}))
            return None
        framework = data.get("framework")
        year = data.get("year")
        if not isinstance(framework, str) or not framework.strip():
            self.report.add(
                Problem(
                    "invalid-config",
                    CONFIG,
                    column="framework",
                    params={"detail": 'framework = "<bundled id or folder>" is required'},
                )
            )
            return None
        if not isinstance(year, int | str) or isinstance(year, bool):
            self.report.add(
                Problem(
                    "invalid-config", CONFIG, column="year", params={"detail": "year = 2023 (a number) is required"}
                )
            )
            return None
        return year, framework.strip()

    # -- table lookup --------------------------------------------------------------------------
    def _read(self, stem: str, required: bool) -> pd.DataFrame | None:
        """The table STEM from .csv/.xlsx, or from a folder of per-unit files (self-assessment/)."""
        candidates = find_table(self.folder, stem)
        subfolder = self.folder / stem
        if subfolder.is_dir():
            return self._read_folder(subfolder, stem)
        if not candidates:
            if required:
                self.report.add(
                    Problem(
                        "missing-file",
                        f"{stem}.csv",
                        params={"detail": f"{stem}.csv (or {stem}.xlsx) in {self.folder}"},
                    )
                )
            return None
        if len(candidates) > 1:
            names = ", ".join(p.name for p in candidates)
            self.report.add(
                Problem(
                    "invalid-config",
                    candidates[0].name,
                    params={"detail": f"several files for '{stem}' ({names}); keep one"},
                )
            )
            return None
        path = candidates[0]
        result = read_table(path, path.name)
        self.report.extend(result.problems)
        if result.frame is not None:
            self._duplicate_columns(result.frame, path.name)
            result.frame["file"] = path.name
        return result.frame

    def _read_folder(self, subfolder: Path, stem: str) -> pd.DataFrame | None:
        """Merge one file per unit; a file without a unit_id column takes the id from its name."""
        frames = []
        for path in sorted(subfolder.iterdir()):
            if path.name.startswith((".", "~$")) or path.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
                continue
            label = f"{stem}/{path.name}"
            result = read_table(path, label)
            self.report.extend(result.problems)
            if result.frame is None:
                continue
            frame = result.frame
            self._duplicate_columns(frame, label)
            if "unit_id" not in frame.columns:
                frame["unit_id"] = path.stem
            frame.loc[frame["unit_id"] == "", "unit_id"] = path.stem
            frame["file"] = label
            frames.append(frame)
        if not frames:
            self.report.add(Problem("empty-file", f"{stem}/"))
            return None
        return pd.concat(frames, ignore_index=True)

    def _duplicate_columns(self, frame: pd.DataFrame, label: str) -> None:
        for name in frame.attrs.get("duplicate_columns", []):
            self.report.add(Problem("duplicate-column", label, row=1, column=name))

    def _require_columns(self, frame: pd.DataFrame, columns: tuple[str, ...], label: str) -> bool:
        missing = [c for c in columns if c not in frame.columns]
        found = ", ".join(c for c in frame.columns if c not in (ROW, "file")) or "none"
        for column in missing:
            self.report.add(Problem("missing-column", label, row=1, column=column, params={"detail": found}))
        return not missing

    # -- units ---------------------------------------------------------------------------------
    def _units(self, framework: Framework | None) -> list[Unit] | None:
        frame = self._read(UNITS, required=True)
        if frame is None:
            return None
        label = str(frame["file"].iloc[0]) if len(frame) else f"{UNITS}.csv"
        if not self._require_columns(frame, ("unit_id", "name", "group"), label):
            return None
        if not len(frame):
            self.report.add(Problem("empty-file", label))
            return None
        units: list[Unit] = []
        seen: dict[str, int] = {}
        groups = framework.groups if framework else {}
        group_keys = {k.casefold(): k for k in groups}
        has_ranked = "ranked" in frame.columns
        for record in frame.to_dict("records"):
            unit = self._unit(record, label, seen, group_keys, has_ranked, framework is not None)
            if unit is not None:
                units.append(unit)
        return units

    def _unit(
        self,
        record: dict,
        label: str,
        seen: dict[str, int],
        group_keys: dict[str, str],
        has_ranked: bool,
        check_groups: bool,
    ) -> Unit | None:
        row = int(record[ROW])
        ok = True
        for column in ("unit_id", "name", "group"):
            if not record[column]:
                self.report.add(Problem("missing-value", label, row=row, column=column))
                ok = False
        unit_id, group = str(record["unit_id"]), str(record["group"])
        key = unit_id.casefold()
        if unit_id and key in seen:
            self.report.add(
                Problem("duplicate-unit", label, row=row, column="unit_id", value=unit_id, params={"detail": seen[key]})
            )
            ok = False
        elif unit_id:
            seen[key] = row
        if group and check_groups and group.casefold() not in group_keys:
            self.report.add(
                Problem(
                    "unknown-group",
                    label,
                    row=row,
                    column="group",
                    value=group,
                    params={"detail": ", ".join(group_keys.values())},
                )
            )
            ok = False
        ranked = True
        if has_ranked and record["ranked"]:
            flag = str(record["ranked"]).casefold()
            if flag in YES | NO:
                ranked = flag in YES
            else:
                self.report.add(
                    Problem(
                        "invalid-value",
                        label,
                        row=row,
                        column="ranked",
                        value=record["ranked"],
                        params={"detail": "yes or no (có / không)"},
                    )
                )
                ok = False
        if not ok:
            self.rejected.add(key)
            return None
        return Unit(unit_id, str(record["name"]), group_keys.get(group.casefold(), group), ranked)

    # -- score rows ----------------------------------------------------------------------------
    def _score_rows(self, stem: str, framework: Framework | None) -> pd.DataFrame | None:
        """Read one score table and parse its scores; appraisal is optional (absent = all accepted)."""
        has_survey = framework is not None and any(
            leaf.method == SURVEY for group in framework.groups.values() for leaf in group.leaves
        )
        required = stem == SELF or (stem == SURVEY_FILE and has_survey)
        frame = self._read(stem, required=required)
        if frame is None:
            self.unreadable.add(stem)
            return None
        label = str(frame["file"].iloc[0]) if len(frame) else f"{stem}.csv"
        self.labels[stem] = label
        if not self._require_columns(frame, ("unit_id", "code", "score"), label):
            self.unreadable.add(stem)
            return None
        if "note" not in frame.columns:
            frame["note"] = ""
        frame["code"] = frame["code"].str.rstrip(".")
        parsed = parse_score_array(pa.array(frame["score"], type=pa.string()))
        frame["units"] = parsed.units
        frame["na"] = parsed.na
        frame["bad"] = parsed.invalid | parsed.blank
        for column in ("unit_id", "code", "score"):
            self._report_blank(frame, column, stem)
        for idx in np.flatnonzero(parsed.invalid):
            self.report.add(
                Problem(
                    "invalid-number",
                    _at(frame, "file", idx),
                    row=_row_at(frame, idx),
                    column="score",
                    value=_at(frame, "score", idx),
                )
            )
        return frame

    def _report_blank(self, frame: pd.DataFrame, column: str, stem: str) -> None:
        for idx in np.flatnonzero((frame[column] == "").to_numpy()):
            self.report.add(Problem("missing-value", _at(frame, "file", idx), row=_row_at(frame, idx), column=column))

    def _check_scores(
        self, framework: Framework, units: list[Unit], frames: dict[str, pd.DataFrame | None]
    ) -> dict[str, GroupData]:
        """Match every row to its unit and leaf, report what does not fit, fill the matrices."""
        unit_index = pd.Index([u.unit_id.casefold() for u in units])
        by_group: dict[str, list[int]] = {key: [] for key in framework.groups}
        for i, unit in enumerate(units):
            by_group[unit.group].append(i)
        local = np.zeros(len(units), dtype=np.int64)
        for members in by_group.values():
            local[members] = np.arange(len(members))
        unit_group = np.array([list(framework.groups).index(u.group) for u in units], dtype=np.int64)
        groups = {
            key: GroupData(
                group,
                [units[i] for i in by_group[key]],
                {stem: ScoreMatrix.empty(len(by_group[key]), len(group.leaves)) for stem in SCORE_FILES},
            )
            for key, group in framework.groups.items()
        }
        for stem, frame in frames.items():
            if frame is not None and len(frame):
                self._match_file(stem, frame, framework, unit_index, unit_group, local, groups)
        return groups

    def _match_file(
        self,
        stem: str,
        frame: pd.DataFrame,
        framework: Framework,
        unit_index: pd.Index,
        unit_group: np.ndarray,
        local: np.ndarray,
        groups: dict[str, GroupData],
    ) -> None:
        codes, uniques = pd.factorize(frame["unit_id"])
        lookup = unit_index.get_indexer(pd.Index(uniques).str.casefold()) if len(uniques) else np.array([], int)
        unit_pos = np.where(codes >= 0, lookup[np.maximum(codes, 0)], -1) if len(codes) else codes
        frame["unit_pos"] = unit_pos
        rejected = pd.Index(uniques).str.casefold().isin(list(self.rejected)) if len(uniques) else np.array([], bool)
        is_rejected = rejected[np.maximum(codes, 0)] if len(codes) else np.zeros(0, bool)
        unknown = (unit_pos < 0) & (frame["unit_id"] != "").to_numpy() & ~is_rejected
        for idx in np.flatnonzero(unknown):
            self._row_problem("unknown-unit", frame, idx, "unit_id", _at(frame, "unit_id", idx))
        frame["leaf"] = -1
        for g, (key, data) in enumerate(groups.items()):
            rows = np.flatnonzero((unit_pos >= 0) & (unit_group[np.maximum(unit_pos, 0)] == g))
            if len(rows):
                self._match_group(stem, frame, rows, data.group, key, local, data.matrices[stem])
        self._duplicates(frame)

    def _match_group(
        self,
        stem: str,
        frame: pd.DataFrame,
        rows: np.ndarray,
        group: Group,
        key: str,
        local: np.ndarray,
        matrix: ScoreMatrix,
    ) -> None:
        node_codes = list(group.nodes)
        node_pos = pd.Index(node_codes).get_indexer(frame["code"].to_numpy()[rows])
        is_leaf = np.array([n.is_leaf for n in group.nodes.values()] + [False])
        right = np.array([n.method == FILE_METHOD[stem] for n in group.nodes.values()] + [False])
        leaf_of = np.array([group.leaf_position.get(c, -1) for c in node_codes] + [-1])
        max_units = np.array([leaf.max_units for leaf in group.leaves] + [0], dtype=np.int64)
        node_pos = np.where(node_pos >= 0, node_pos, len(node_codes))
        known = node_pos < len(node_codes)
        code_blank = frame["code"].to_numpy()[rows] == ""
        for i in np.flatnonzero(~known & ~code_blank):
            self._row_problem(
                "unknown-criterion", frame, rows[i], "code", _at(frame, "code", rows[i]), detail=f"{key} – {group.name}"
            )
        for i in np.flatnonzero(known & ~is_leaf[node_pos]):
            node = group.nodes[node_codes[node_pos[i]]]
            self._row_problem("not-a-leaf", frame, rows[i], "code", node.code, detail=", ".join(node.children))
        wrong = known & is_leaf[node_pos] & ~right[node_pos]
        for i in np.flatnonzero(wrong):
            self._wrong_method(stem, frame, rows[i])
        good = known & is_leaf[node_pos] & right[node_pos]
        leaf = leaf_of[node_pos]
        frame_leaf = frame["leaf"].to_numpy().copy()
        frame_leaf[rows[good]] = leaf[good]
        frame["leaf"] = frame_leaf
        self._range(frame, rows[good], leaf[good], max_units, group)
        target_rows, target_leaves = local[frame["unit_pos"].to_numpy()[rows[good]]], leaf[good]
        matrix.present[target_rows, target_leaves] = True
        usable = ~frame["bad"].to_numpy()[rows[good]]
        matrix.units[target_rows[usable], target_leaves[usable]] = frame["units"].to_numpy()[rows[good]][usable]
        matrix.na[target_rows[usable], target_leaves[usable]] = frame["na"].to_numpy()[rows[good]][usable]

    def _range(
        self, frame: pd.DataFrame, rows: np.ndarray, leaves: np.ndarray, max_units: np.ndarray, group: Group
    ) -> None:
        values = frame["units"].to_numpy()[rows]
        numeric = ~frame["bad"].to_numpy()[rows] & ~frame["na"].to_numpy()[rows]
        out = numeric & ((values < 0) | (values > max_units[leaves]))
        for i in np.flatnonzero(out):
            leaf = group.leaves[leaves[i]]
            self._row_problem(
                "out-of-range",
                frame,
                rows[i],
                "score",
                _at(frame, "score", rows[i]),
                detail=format_points(leaf.max_points),
                expected=leaf.code,
            )

    def _wrong_method(self, stem: str, frame: pd.DataFrame, idx: int) -> None:
        if FILE_METHOD[stem] == SURVEY:
            detail, expected = "appraisal (thẩm định)", "self-assessment/appraisal"
        else:
            detail, expected = "survey (điều tra XHH)", "survey"
        self._row_problem("wrong-method", frame, idx, "code", _at(frame, "code", idx), detail=detail, expected=expected)

    def _duplicates(self, frame: pd.DataFrame) -> None:
        matched = frame["leaf"].to_numpy() >= 0
        keys = pd.DataFrame({"u": frame["unit_pos"].to_numpy(), "l": frame["leaf"].to_numpy()})
        dup = keys.duplicated(keep="first").to_numpy() & matched
        if not dup.any():
            return
        first = keys.assign(row=frame[ROW].to_numpy()).groupby(["u", "l"])["row"].transform("first").to_numpy()
        for idx in np.flatnonzero(dup):
            self._row_problem(
                "duplicate-row",
                frame,
                idx,
                "code",
                _at(frame, "unit_id", idx),
                detail=_at(frame, "code", idx),
                expected=int(first[idx]),
            )

    def _row_problem(
        self,
        code: str,
        frame: pd.DataFrame,
        idx: object,
        column: str,
        value: object,
        detail: object = "",
        expected: object = "",
    ) -> None:
        self.report.add(
            Problem(
                code,
                _at(frame, "file", idx),
                row=_row_at(frame, idx),
                column=column,
                value=str(value),
                params={"detail": detail, "expected": expected},
            )
        )

    # -- completeness and warnings -------------------------------------------------------------
    def _check_missing(self, groups: dict[str, GroupData]) -> None:
        for data in groups.values():
            leaves = data.group.leaves
            appraisal_leaf = np.array([leaf.method == APPRAISAL for leaf in leaves])
            m = data.matrices
            has = np.where(appraisal_leaf, m[SELF].present | m[APPRAISAL_FILE].present, m[SURVEY_FILE].present)
            has |= np.where(appraisal_leaf, SELF in self.unreadable, SURVEY_FILE in self.unreadable)
            for u, j in zip(*np.nonzero(~has), strict=True):
                leaf = leaves[j]
                stem = SELF if leaf.method == APPRAISAL else SURVEY_FILE
                target = self.labels.get(stem, f"{stem}.csv")
                self.report.add(
                    Problem(
                        "missing-score",
                        target,
                        column="score",
                        value=data.units[u].unit_id,
                        params={"detail": leaf.code, "expected": leaf.name[:60]},
                    )
                )

    def _warn(
        self,
        framework: Framework,
        units: list[Unit],
        groups: dict[str, GroupData],
        frames: dict[str, pd.DataFrame | None],
    ) -> None:
        for data in groups.values():
            self_m = data.matrices[SELF]
            appraisal_leaf = np.array([leaf.method == APPRAISAL for leaf in data.group.leaves])
            for u, unit in enumerate(data.units):
                if appraisal_leaf.any() and not self_m.present[u].any():
                    self.report.add(Problem("no-self-assessment", f"{SELF}.csv", value=unit.unit_id, severity=WARNING))
        appraisal = frames.get(APPRAISAL_FILE)
        if appraisal is not None and len(appraisal):
            self._warn_adjustments(framework, units, groups, appraisal)

    def _warn_adjustments(
        self, framework: Framework, units: list[Unit], groups: dict[str, GroupData], appraisal: pd.DataFrame
    ) -> None:
        """Appraisal rows that change a self-score a lot, or without the council's reason (vectorised)."""
        unit_pos = appraisal["unit_pos"].to_numpy()
        leaf = appraisal["leaf"].to_numpy()
        usable = (leaf >= 0) & ~appraisal["bad"].to_numpy()
        group_of = np.array([u.group for u in units], dtype=object)
        position = {id(u): i for data in groups.values() for i, u in enumerate(data.units)}
        local = np.array([position[id(u)] for u in units], dtype=np.int64)
        for key, data in groups.items():
            rows = np.flatnonzero(usable & (group_of[np.maximum(unit_pos, 0)] == key))
            if not len(rows):
                continue
            u, j = local[unit_pos[rows]], leaf[rows]
            self_m = data.matrices[SELF]
            new_units, new_na = appraisal["units"].to_numpy()[rows], appraisal["na"].to_numpy()[rows]
            old_units, old_na = self_m.units[u, j], self_m.na[u, j]
            changed = self_m.present[u, j] & ((new_units != old_units) | (new_na != old_na))
            no_note = appraisal["note"].to_numpy()[rows] == ""
            max_units = data.group.leaf_max_units[j]
            large = changed & ~new_na & ~old_na & (np.abs(new_units - old_units) * 2 > max_units)
            for i in np.flatnonzero(changed & no_note):
                self.report.add(
                    Problem(
                        "missing-note",
                        (_at(appraisal, "file", rows[i])),
                        row=_row_at(appraisal, rows[i]),
                        column="note",
                        value=data.units[u[i]].unit_id,
                        severity=WARNING,
                        params={"detail": data.group.leaves[j[i]].code},
                    )
                )
            for i in np.flatnonzero(large):
                self.report.add(
                    Problem(
                        "large-adjustment",
                        (_at(appraisal, "file", rows[i])),
                        row=_row_at(appraisal, rows[i]),
                        column="score",
                        value=(_at(appraisal, "score", rows[i])),
                        severity=WARNING,
                        params={
                            "detail": f"{data.units[u[i]].unit_id} {data.group.leaves[j[i]].code}",
                            "expected": format_points(from_units(int(old_units[i]))),
                        },
                    )
                )


def _at(frame: pd.DataFrame, column: str, idx: object) -> str:
    """The text of one cell, by position (problems are built only for failing rows)."""
    return str(frame[column].iloc[int(idx)])  # type: ignore[call-overload]


def _row_at(frame: pd.DataFrame, idx: object) -> int:
    """The spreadsheet row number of the frame's row at position IDX."""
    return int(frame[ROW].iloc[int(idx)])  # type: ignore[call-overload]
