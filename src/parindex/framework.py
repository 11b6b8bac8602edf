"""The criteria framework (Bộ chỉ số): groups, their criteria trees, maxima and scoring methods.

A framework is a folder: ``framework.toml`` plus one criteria table per group. Loading checks
everything a wrong table could silently break (codes, parents, methods, sums) and reports every
violation at once, so that a Sở Nội vụ officer replacing the reconstruction with the signed
tables finds all typing slips in one run.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .columns import CRITERIA, duplicate_columns, method_value, missing_columns
from .numbers import NumberError, format_points, parse_decimal, to_units
from .problems import InvalidInput, Problem, Report
from .readers import ROW, read_table

APPRAISAL = "appraisal"
SURVEY = "survey"
METHODS = (APPRAISAL, SURVEY)
NA_POLICIES = ("exclude", "full")
MAX_DEPTH = 4
_CODE_RE = re.compile(r"^\d+(\.\d+){0,3}$")
CRITERIA_COLUMNS = ("code", "name", "max_points", "method")


@dataclass(frozen=True)
class Band:
    """A classification band: units whose published index is at least ``min`` get ``label``."""

    min: Decimal
    label: str


@dataclass(frozen=True)
class Criterion:
    """One node of the tree: a domain (lĩnh vực), criterion (tiêu chí) or sub-criterion."""

    code: str
    name: str
    max_points: Decimal
    method: str | None
    guidance: str = ""
    source: str = ""
    children: tuple[str, ...] = ()

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1

    @property
    def parent(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def max_units(self) -> int:
        """The maximum in exact integer micro-points."""
        return to_units(self.max_points)


def code_key(code: str) -> tuple[int, ...]:
    """Natural order of dotted codes: 1.2 < 1.10 < 2."""
    return tuple(int(part) for part in code.split("."))


@dataclass
class Group:
    """A group of units ranked together (sở, ban, ngành or UBND huyện) and its criteria tree."""

    key: str
    name: str
    criteria_file: str
    nodes: dict[str, Criterion]
    bands: tuple[Band, ...] = ()

    @cached_property
    def leaves(self) -> list[Criterion]:
        """Leaves in pre-order: the leaves below any node are then one contiguous slice."""
        return [n for n in self.nodes.values() if n.is_leaf]

    @cached_property
    def leaf_position(self) -> dict[str, int]:
        return {leaf.code: i for i, leaf in enumerate(self.leaves)}

    @cached_property
    def domains(self) -> list[Criterion]:
        return [n for n in self.nodes.values() if n.depth == 1]

    @cached_property
    def leaf_slices(self) -> dict[str, slice]:
        """For every node, the slice of ``leaves`` below it (itself, for a leaf)."""
        slices: dict[str, slice] = {}
        for code in self.nodes:
            prefix = code + "."
            positions = [i for i, leaf in enumerate(self.leaves) if leaf.code == code or leaf.code.startswith(prefix)]
            slices[code] = slice(positions[0], positions[-1] + 1) if positions else slice(0, 0)
        return slices

    @cached_property
    def leaf_max_units(self) -> np.ndarray:
        """Leaf maxima in micro-points, aligned with ``leaves``."""
        return np.array([leaf.max_units for leaf in self.leaves], dtype=np.int64)

    @property
    def max_points(self) -> Decimal:
        return sum((d.max_points for d in self.domains), Decimal(0))

    def method_total(self, method: str) -> Decimal:
        return sum((leaf.max_points for leaf in self.leaves if leaf.method == method), Decimal(0))

    def band_for(self, published_index: Decimal | None) -> str | None:
        """The label of the first band (highest first) whose minimum the published index reaches."""
        if published_index is None:
            return None
        for band in self.bands:
            if published_index >= band.min:
                return band.label
        return None


@dataclass
class Framework:
    """A whole framework: metadata from framework.toml and its groups."""

    id: str
    title: str
    decision: str
    date: str
    decimals: int
    not_applicable: str
    provenance: str
    groups: dict[str, Group]
    folder: Path
    extra: dict[str, Any] = field(default_factory=dict)


def bundled_root() -> Path:
    """Where the bundled frameworks live: inside the installed package, or the repo's criteria/."""
    packaged = Path(str(resources.files("parindex"))) / "criteria"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "criteria"


def available_frameworks() -> list[str]:
    """Ids of the bundled frameworks."""
    root = bundled_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "framework.toml").is_file())


def resolve_framework(ref: str, base: Path | None = None) -> Path:
    """A framework reference (bundled id, or a folder path relative to BASE) to its folder."""
    candidate = Path(ref)
    if not candidate.is_absolute() and base is not None:
        candidate = base / candidate
    if candidate.is_dir() or "/" in ref or "\\" in ref:
        return candidate
    return bundled_root() / ref


def load_framework(ref: str | Path, base: Path | None = None, report: Report | None = None) -> Framework:
    """Load and check a framework; raises InvalidInput listing every problem found.

    REPORT, when given, collects the problems and the files checked (the assessment loader passes
    its own so that one report covers the framework and the scores).
    """
    folder = resolve_framework(str(ref), base)
    report = Report() if report is None else report
    framework = _load(folder, report)
    if framework is None or not report.valid:
        raise InvalidInput(report)
    return framework


def _load(folder: Path, report: Report) -> Framework | None:
    toml_path = folder / "framework.toml"
    label = _label(toml_path)
    if not toml_path.is_file():
        known = ", ".join(available_frameworks()) or "none"
        report.add(Problem("missing-file", label, params={"detail": f"{label} (bundled frameworks: {known})"}))
        return None
    report.checked[label] = None
    try:
        meta = tomllib.loads(toml_path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        report.add(Problem("framework-invalid", label, params={"detail": f"not valid TOML: {exc}"}))
        return None
    decimals = _check_meta(meta, label, report)
    groups: dict[str, Group] = {}
    raw_groups = meta.get("groups")
    if not isinstance(raw_groups, dict) or not raw_groups:
        report.add(Problem("framework-invalid", label, column="groups", params={"detail": "no [groups.<key>] table"}))
        raw_groups = {}
    tables: dict[str, dict[str, Criterion] | None] = {}
    for key, spec in raw_groups.items():
        group = _load_group(folder, label, str(key), spec, tables, report)
        if group is not None:
            groups[str(key)] = group
    return Framework(
        id=str(meta.get("id", folder.name)),
        title=str(meta.get("title", "")),
        decision=str(meta.get("decision", "")),
        date=str(meta.get("date", "")),
        decimals=decimals,
        not_applicable=str(meta.get("not_applicable", "exclude")),
        provenance=str(meta.get("provenance", "")).strip(),
        groups=groups,
        folder=folder,
    )


def _label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _check_meta(meta: dict[str, Any], label: str, report: Report) -> int:
    decimals = meta.get("decimals", 2)
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
        report.add(
            Problem(
                "framework-invalid",
                label,
                column="decimals",
                value=str(decimals),
                params={"detail": "decimals must be a whole number from 0 to 6"},
            )
        )
        decimals = 2
    policy = meta.get("not_applicable", "exclude")
    if policy not in NA_POLICIES:
        report.add(
            Problem(
                "framework-invalid",
                label,
                column="not_applicable",
                value=str(policy),
                params={"detail": 'not_applicable must be "exclude" or "full"'},
            )
        )
    return decimals


def _load_group(
    folder: Path,
    label: str,
    key: str,
    spec: Any,
    tables: dict[str, dict[str, Criterion] | None],
    report: Report,
) -> Group | None:
    if not isinstance(spec, dict) or not isinstance(spec.get("criteria"), str):
        report.add(
            Problem(
                "framework-invalid",
                label,
                column=f"groups.{key}",
                params={"detail": f"group '{key}' needs name and criteria (a file name)"},
            )
        )
        return None
    criteria_file = spec["criteria"]
    if criteria_file not in tables:  # several groups may share one criteria file
        tables[criteria_file] = load_criteria_table(folder / criteria_file, report)
    nodes = tables[criteria_file]
    if nodes is None:
        return None
    bands = _parse_bands(spec.get("bands", []), label, key, report)
    return Group(key=key, name=str(spec.get("name", key)), criteria_file=criteria_file, nodes=nodes, bands=bands)


def _parse_bands(raw: Any, label: str, key: str, report: Report) -> tuple[Band, ...]:
    bands: list[Band] = []
    if not isinstance(raw, list):
        raw = [raw]
    for item in raw:
        try:
            bands.append(Band(min=parse_decimal(str(item["min"])), label=str(item["label"])))
        except (KeyError, TypeError, NumberError):
            report.add(
                Problem(
                    "framework-invalid",
                    label,
                    column=f"groups.{key}.bands",
                    value=str(item),
                    params={"detail": 'each band is {min = <number>, label = "..."}'},
                )
            )
    if [b.min for b in bands] != sorted((b.min for b in bands), reverse=True):
        report.add(
            Problem(
                "framework-invalid",
                label,
                column=f"groups.{key}.bands",
                params={"detail": "bands must be listed highest minimum first"},
            )
        )
    return tuple(bands)


def load_criteria_table(path: Path, report: Report) -> dict[str, Criterion] | None:
    """Read and check one criteria table; returns nodes in pre-order, or None when unusable."""
    label = _label(path)
    result = read_table(path, label, CRITERIA)
    report.extend(result.problems)
    frame = result.frame
    report.checked[label] = None if frame is None else len(frame)
    if frame is None:
        return None
    report.extend(duplicate_columns(frame))
    missing = missing_columns(frame, CRITERIA_COLUMNS)
    report.extend(missing)
    if missing:
        return None
    raw: dict[str, Criterion] = {}
    first_row: dict[str, int] = {}
    for record in frame.records():
        node = _parse_criterion(record, label, report, first_row)
        if node is not None:
            raw[node.code] = node
            first_row[node.code] = int(record[ROW])
    return _build_tree(raw, first_row, label, report)


def _parse_criterion(record: dict[Any, Any], label: str, report: Report, first_row: dict[str, int]) -> Criterion | None:
    row = int(record[ROW])
    code = str(record["code"]).rstrip(".")
    if not code:
        report.add(Problem("missing-value", label, row=row, column="code"))
        return None
    if not _CODE_RE.match(code) or code in first_row:
        if code in first_row:
            detail = f"code {code} appears twice (first at row {first_row[code]})"
        else:
            detail = f"code '{code}' must be dotted numbers such as 3, 3.2 or 3.2.1 (at most {MAX_DEPTH} levels)"
        report.add(Problem("framework-invalid", label, row=row, column="code", value=code, params={"detail": detail}))
        return None
    text = str(record["max_points"])
    try:
        max_points = parse_decimal(text)
        to_units(max_points)
    except NumberError:
        report.add(Problem("invalid-number", label, row=row, column="max_points", value=text))
        return None
    if max_points < 0:
        report.add(
            Problem(
                "framework-invalid",
                label,
                row=row,
                column="max_points",
                value=text,
                params={"detail": "a maximum cannot be negative"},
            )
        )
    method = method_value(str(record["method"]))
    return Criterion(
        code=code,
        name=str(record["name"]),
        max_points=max_points,
        method=method,
        guidance=str(record.get("guidance") or ""),
        source=str(record.get("source") or ""),
    )


def _build_tree(
    raw: dict[str, Criterion], first_row: dict[str, int], label: str, report: Report
) -> dict[str, Criterion] | None:
    """Link children, then check parents, methods and sums."""
    children: dict[str, list[str]] = {code: [] for code in raw}
    for code, node in raw.items():
        parent = node.parent
        if parent is None:
            continue
        if parent not in raw:
            report.add(
                Problem(
                    "framework-invalid",
                    label,
                    row=first_row[code],
                    column="code",
                    value=code,
                    params={"detail": f"criterion {code} has no parent row {parent}"},
                )
            )
            continue
        children[parent].append(code)
    nodes: dict[str, Criterion] = {}
    for code in sorted(raw, key=code_key):
        kids = tuple(sorted(children[code], key=code_key))
        node = raw[code]
        nodes[code] = Criterion(node.code, node.name, node.max_points, node.method, node.guidance, node.source, kids)
    if not nodes:
        report.add(Problem("empty-file", label))
        return None
    for code, node in nodes.items():
        _check_node(node, nodes, first_row[code], label, report)
    return nodes


def _check_node(node: Criterion, nodes: dict[str, Criterion], row: int, label: str, report: Report) -> None:
    if node.is_leaf and node.method not in METHODS:
        detail = f"leaf {node.code} needs method 'appraisal' or 'survey'"
        report.add(
            Problem(
                "framework-invalid", label, row=row, column="method", value=node.method or "", params={"detail": detail}
            )
        )
    if not node.is_leaf:
        if node.method:
            detail = f"{node.code} has sub-criteria, so its method must be empty (methods go on leaves)"
            report.add(
                Problem(
                    "framework-invalid", label, row=row, column="method", value=node.method, params={"detail": detail}
                )
            )
        total = sum((nodes[c].max_points for c in node.children), Decimal(0))
        if total != node.max_points:
            report.add(
                Problem(
                    "framework-sum-mismatch",
                    label,
                    row=row,
                    column="max_points",
                    value=node.code,
                    params={"detail": format_points(node.max_points), "expected": format_points(total)},
                )
            )
