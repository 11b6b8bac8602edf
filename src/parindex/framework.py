"""The criteria framework (Bộ chỉ số): groups, their criteria trees, maxima and scoring methods.

A framework is a folder: ``framework.toml`` plus one criteria table per group. Loading checks
everything a wrong table could silently break (codes, parents, methods, sums) and reports every
violation at once, so that a Sở Nội vụ officer replacing the reconstruction with the signed
tables finds all typing slips in one run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .criteria_table import CRITERIA_COLUMNS as CRITERIA_COLUMNS
from .criteria_table import MAX_DEPTH as MAX_DEPTH
from .criteria_table import file_label as _label
from .criteria_table import load_criteria_table as load_criteria_table
from .criteria_table import os_detail as _os_detail
from .criterion import ADJUSTMENTS as ADJUSTMENTS
from .criterion import APPRAISAL as APPRAISAL
from .criterion import BONUS as BONUS
from .criterion import METHODS as METHODS
from .criterion import PENALTY as PENALTY
from .criterion import SURVEY as SURVEY
from .criterion import Criterion as Criterion
from .criterion import code_key as code_key
from .display import counted, shorten, visible
from .evidence import evidence_policy
from .framework_meta import DEFAULT_INDEX_CAP, parse_index_cap
from .framework_survey import SurveySettings, parse_survey
from .i18n import N_, gettext
from .numbers import NumberError, format_points, parse_decimal
from .problems import InvalidInput, Problem, Report, Words
from .readers import TomlRefused, read_toml

NA_POLICIES = ("exclude", "full")
IMPORTED_FROM = N_("Imported from {file}{sha}")


@dataclass(frozen=True)
class Band:
    """A classification band: units whose published index is at least ``min`` get ``label``."""

    min: Decimal
    label: str


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
        """The top-level nodes holding counted leaves: a block of bonus or penalty points is no domain."""
        return [n for n in self.nodes.values() if n.depth == 1 and self.leaf_counted[self.leaf_slices[n.code]].any()]

    @cached_property
    def leaf_counted(self) -> np.ndarray:
        """Per leaf: whether its maximum counts in the unit's maximum (appraisal and survey leaves)."""
        return np.array([leaf.counted for leaf in self.leaves], dtype=bool)

    @cached_property
    def counted_max_micro(self) -> np.ndarray:
        """Leaf maxima in micro-points as they count in the maximum: 0 for bonus and penalty leaves."""
        return np.where(self.leaf_counted, self.leaf_max_micro, 0)

    @property
    def has_adjustments(self) -> bool:
        """Whether the group has bonus or penalty leaves."""
        return any(leaf.method in ADJUSTMENTS for leaf in self.leaves)

    def leaves_of(self, *methods: str) -> np.ndarray:
        """Per leaf: whether its method is one of METHODS (the mask scoring, checks and sensitivity share)."""
        return np.array([leaf.method in methods for leaf in self.leaves], dtype=bool)

    def scored_in(self, method: str) -> np.ndarray:
        """Per leaf: whether the files of METHOD score it (`Criterion.scored_as`: bonus and penalty leaves
        are in the appraisal files), the mask by which scoring and the checks pick a leaf's score."""
        return np.array([leaf.scored_as == method for leaf in self.leaves], dtype=bool)

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
    def leaf_max_micro(self) -> np.ndarray:
        """Leaf maxima in micro-points, aligned with ``leaves``."""
        return np.array([leaf.max_micro for leaf in self.leaves], dtype=np.int64)

    @property
    def max_points(self) -> Decimal:
        return sum((d.max_points for d in self.domains), Decimal(0))

    def __repr__(self) -> str:
        """`<Group so Sở, ban, ngành: 8 domains, 70 scored criteria, 100 points>`: no tree, no arrays."""
        domains = counted(len(self.domains), "domain")
        size = f"{domains}, {len(self.leaves)} scored criteria, {format_points(self.max_points)} points"
        return f"<Group {visible(self.key)} {visible(self.name)}: {size}>"

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
    #: framework.toml's `provenance_vi`: the provenance in Vietnamese, when the framework has both
    provenance_vi: str = ""
    #: the highest index a unit gets (bonus points may lift it above 100); None: no cap
    index_cap: Decimal | None = DEFAULT_INDEX_CAP
    #: the `[survey]` table: optional, answer weights for survey-responses (`framework_survey`)
    survey: SurveySettings = field(default_factory=SurveySettings)
    #: the annex an imported framework was made from, and its SHA-256 (framework.toml's
    #: `source_file`, `source_sha256`)
    source_file: str = ""
    source_sha256: str = ""

    #: framework.toml's `evidence`: "optional" or "required" (see parindex.evidence)
    evidence: str = "optional"

    @property
    def has_adjustments(self) -> bool:
        """Whether any group has bonus or penalty leaves: only then do outputs show their totals."""
        return any(group.has_adjustments for group in self.groups.values())

    def __repr__(self) -> str:
        """`<Framework lai-chau-1726-2022: so (70 scored criteria), huyen (73 scored criteria); 2 decimals>`."""
        groups = ", ".join(
            f"{visible(key)} ({len(group.leaves)} scored criteria)" for key, group in self.groups.items()
        )
        return f"<Framework {visible(self.id)}: {groups or 'no groups'}; {self.decimals} decimals>"

    def source_in(self, lang: str) -> str:
        """'Imported from ANNEX (SHA-256 …)' for a framework made by `criteria import`; '' otherwise."""
        if not self.source_file:
            return ""
        sha = f" (SHA-256 {self.source_sha256})" if self.source_sha256 else ""
        return gettext(IMPORTED_FROM, lang).format(file=self.source_file, sha=sha)

    def provenance_in(self, lang: str) -> str:
        """The provenance in LANG: `provenance_vi` for Vietnamese where the framework gives one."""
        return self.provenance_vi if lang == "vi" and self.provenance_vi else self.provenance


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


def resolve_framework(ref: str, base: str | os.PathLike[str] | None = None) -> Path:
    """A framework reference (bundled id, or a folder path relative to BASE) to its folder."""
    candidate = Path(ref)
    if not candidate.is_absolute() and base is not None:
        candidate = Path(base) / candidate
    if _is(candidate, "dir") or "/" in ref or "\\" in ref:
        return candidate
    return bundled_root() / ref


def _is(path: Path, kind: str) -> bool:
    """Whether PATH is a folder ("dir") or a file; False, not an error, for a name the system refuses.

    Why: a 5,000-character framework name in parindex.toml made ``Path.is_dir`` raise "File name too
    long" and the command exit 3; such a name is simply no framework, reported as a missing file.
    """
    try:
        return path.is_dir() if kind == "dir" else path.is_file()
    except (OSError, ValueError):  # ENAMETOOLONG, ELOOP, EACCES; ValueError: a NUL in the name
        return False


def load_framework(
    ref: str | os.PathLike[str],
    base: str | os.PathLike[str] | None = None,
    report: Report | None = None,
    *,
    allow_outside: bool = False,
) -> Framework:
    """Load and check a framework; raises InvalidInput listing every problem found.

    REPORT, when given, collects the problems and the files checked (the assessment loader passes
    its own so that one report covers the framework and the scores). ALLOW_OUTSIDE lets a criteria
    file lie outside the framework folder (an absolute path, or ``..``): only for a framework the
    user named on the command line, never for one an assessment's parindex.toml points to, which
    could otherwise make parindex read (and quote) any file on the machine.
    """
    folder = resolve_framework(os.fspath(ref), base)
    report = Report() if report is None else report
    framework = _load(folder, report, allow_outside)
    if framework is None or not report.valid:
        raise InvalidInput(report)
    return framework


def _load(folder: Path, report: Report, allow_outside: bool = False) -> Framework | None:
    toml_path = folder / "framework.toml"
    label = _label(toml_path)
    if not _is(toml_path, "file"):
        known = ", ".join(available_frameworks()) or "none"
        detail = Words(
            en=f"{label} (bundled frameworks: {known})",
            vi=f"{label} (các bộ chỉ số có sẵn: {known.replace('none', 'không có')})",
        )
        report.add(Problem("missing-file", label, params={"detail": detail}))
        return None
    report.checked[label] = None
    try:
        meta = read_toml(toml_path, label)
    except OSError as exc:
        report.add(Problem("not-a-file", label, params={"detail": _os_detail(label, exc)}))
        return None
    except TomlRefused as exc:
        words = exc.detail if isinstance(exc.detail, Words) else Words(exc.detail, exc.detail)
        detail = Words(en=f"not valid TOML: {words.en}", vi=f"không đúng định dạng TOML: {words.vi}")
        report.add(exc.too_large or Problem("framework-invalid", label, params={"detail": detail}))
        return None
    decimals = _check_meta(meta, label, report)
    groups: dict[str, Group] = {}
    raw_groups = meta.get("groups")
    if not isinstance(raw_groups, dict) or not raw_groups:
        detail = Words(en="no [groups.<key>] table", vi="thiếu bảng [groups.<key>]")
        report.add(Problem("framework-invalid", label, column="groups", params={"detail": detail}))
        raw_groups = {}
    tables: dict[str, dict[str, Criterion] | None] = {}
    for key, spec in raw_groups.items():
        group = _load_group(folder, label, str(key), spec, tables, report, allow_outside)
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
        provenance_vi=str(meta.get("provenance_vi", "")).strip(),
        index_cap=parse_index_cap(meta, label, report),
        survey=parse_survey(meta, label, decimals, report),
        source_file=str(meta.get("source_file", "")),
        source_sha256=str(meta.get("source_sha256", "")),
        evidence=evidence_policy(meta, label, report),
    )


def _check_meta(meta: dict[str, Any], label: str, report: Report) -> int:
    decimals = meta.get("decimals", 2)
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
        report.add(
            Problem(
                "framework-invalid",
                label,
                column="decimals",
                value=str(decimals),
                params={
                    "detail": Words(
                        en="decimals must be a whole number from 0 to 6", vi="decimals phải là số nguyên từ 0 đến 6"
                    )
                },
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
                params={
                    "detail": Words(
                        en='not_applicable must be "exclude" or "full"',
                        vi='not_applicable phải là "exclude" hoặc "full"',
                    )
                },
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
    allow_outside: bool = False,
) -> Group | None:
    if not isinstance(spec, dict) or not isinstance(spec.get("criteria"), str):
        report.add(
            Problem(
                "framework-invalid",
                label,
                column=f"groups.{key}",
                params={
                    "detail": Words(
                        en=f"group '{key}' needs name and criteria (a file name)",
                        vi=f"nhóm '{key}' cần có name và criteria (tên tệp)",
                    )
                },
            )
        )
        return None
    criteria_file = spec["criteria"]
    if not allow_outside and not _inside(folder, criteria_file):
        report.add(
            Problem(
                "framework-invalid",
                label,
                column=f"groups.{key}.criteria",
                value=shorten(criteria_file),
                params={"detail": _OUTSIDE},
            )
        )
        return None
    if criteria_file not in tables:  # several groups may share one criteria file
        tables[criteria_file] = load_criteria_table(folder / criteria_file, report)
    nodes = tables[criteria_file]
    if nodes is None:
        return None
    bands = _parse_bands(spec.get("bands", []), label, key, report)
    return Group(key=key, name=str(spec.get("name", key)), criteria_file=criteria_file, nodes=nodes, bands=bands)


_OUTSIDE = Words(
    en="a criteria file must be in the framework folder, named without a folder ('so.csv', not an absolute "
    "path or '..'); copy the file into the framework folder",
    vi="tệp tiêu chí phải nằm trong thư mục bộ chỉ số và chỉ ghi tên tệp ('so.csv', không ghi đường dẫn tuyệt đối "
    "hay '..'); hãy chép tệp vào thư mục bộ chỉ số",
)


def _inside(folder: Path, name: str) -> bool:
    """Whether the criteria file NAME, resolved (links followed), lies inside the framework FOLDER."""
    try:
        return (folder / name).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):  # a name the system refuses, a NUL, a link loop
        return False


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
                    params={
                        "detail": Words(
                            en='each band is {min = <number>, label = "..."}',
                            vi='mỗi mức xếp loại có dạng {min = <số>, label = "..."}',
                        )
                    },
                )
            )
    if [b.min for b in bands] != sorted((b.min for b in bands), reverse=True):
        report.add(
            Problem(
                "framework-invalid",
                label,
                column=f"groups.{key}.bands",
                params={
                    "detail": Words(
                        en="bands must be listed highest minimum first",
                        vi="các mức xếp loại (bands) phải ghi từ ngưỡng cao nhất trở xuống",
                    )
                },
            )
        )
    return tuple(bands)
