"""Put in a province's framework from the annex table of its decision (`parindex criteria import`).

A province publishes its framework as an annex table ("STT | Lĩnh vực/Tiêu chí/Tiêu chí thành phần |
Điểm tối đa | …", numbered I, II / 1, 2 / 1.1 / a), b)). Typing it again as dotted criteria CSVs is
where slips come in; this package reads the table as typed (CSV, every sheet of a workbook, every
table of a Word file), builds the tree its numbering states, reports every break of numbering or
sum at its row in the annex, and writes ``framework.toml`` and one criteria CSV per group, recording
the annex file and its SHA-256. The modules: `source` (which tables), `docx_tables` (Word),
`numbering` and `cells` (what a row says), `tree` (where it belongs), `build` (the checks and the
rows), `framework_file` (framework.toml), `writing` (the files, all or nothing).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import resolve_lang
from ..manifest import recording
from ..problems import InvalidInput, Report
from .build import Built, build_group
from .framework_file import FRAMEWORK_FILE, GroupSpec, ImportOptions, UsageProblem, framework_toml, group_specs
from .source import ANNEX_SUFFIXES, AnnexTable, read_annex
from .writing import criteria_csv, write_folder

__all__ = [
    "ANNEX_SUFFIXES",
    "FRAMEWORK_FILE",
    "GroupSpec",
    "ImportOptions",
    "ImportedFramework",
    "UsageProblem",
    "import_annexes",
    "prepare_import",
]


@dataclass
class ImportedFramework:
    """What an import makes: the files (name -> text), each group's rows, and the notes met."""

    files: dict[str, str]
    groups: dict[str, Built]
    report: Report
    written: list[Path] = field(default_factory=list)


def prepare_import(
    paths: list[str | os.PathLike[str]], options: ImportOptions, lang: str | None = None
) -> ImportedFramework:
    """Read and check the annexes and prepare the framework's files, writing nothing.

    Raises InvalidInput (every problem of every annex, located) or UsageProblem (options that do
    not fit the annexes: as many --group as annex tables, a bad key or date).
    """
    language = resolve_lang(lang)
    files = [Path(p) for p in paths]
    options.check()
    report = Report()
    tables, hashes = _read_annexes(files, report)
    specs = group_specs(options, tables, language)
    groups: dict[str, Built] = {}
    for spec, table in zip(specs, tables, strict=True):
        groups[spec.key] = built = build_group(table, options.survey_mark, language)
        report.extend(built.problems)
    if not report.valid:
        raise InvalidInput(report)
    texts = {FRAMEWORK_FILE: framework_toml(options, specs, files, hashes)}
    texts.update({f"{spec.key}.csv": criteria_csv(groups[spec.key].rows) for spec in specs})
    return ImportedFramework(texts, groups, report)


def _read_annexes(files: list[Path], report: Report) -> tuple[list[AnnexTable], list[str]]:
    """Every annex table of FILES and each file's SHA-256; InvalidInput with REPORT when one cannot be read.

    Why the hashes come from the read: framework.toml records the bytes the tables were parsed from,
    without reading each annex a second time (readers.read_bounded notes what it reads).
    """
    tables: list[AnnexTable] = []
    with recording() as read:
        for path in files:
            found, problems = read_annex(path)
            report.extend(problems)
            report.checked[path.name] = sum(len(t.table) for t in found) if found else None
            tables += found
    if not report.valid:
        raise InvalidInput(report)
    return tables, [read[Path(os.path.abspath(path))].sha256 for path in files]  # keyed as note_read keys them


def import_annexes(
    paths: list[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    options: ImportOptions,
    *,
    force: bool = False,
    lang: str | None = None,
) -> ImportedFramework:
    """Import the annexes PATHS into the framework folder OUT (see `prepare_import`), all or nothing.

    An existing OUT/framework.toml is replaced only with FORCE (UsageProblem otherwise); an
    unwritable OUT raises OutputError.
    """
    folder = Path(out)
    refuse_existing(folder, force)
    imported = prepare_import(paths, options, lang)
    imported.written = write_folder(folder, imported.files, [Path(p) for p in paths])
    return imported


def refuse_existing(folder: Path, force: bool) -> None:
    """An existing framework is replaced only when asked (UsageProblem)."""
    from ..problems import Words

    try:
        exists = (folder / FRAMEWORK_FILE).exists()
    except (OSError, ValueError):  # a name the system refuses: the writer says why
        return
    if exists and not force:
        raise UsageProblem(
            Words(
                f"{folder / FRAMEWORK_FILE} exists; add --force to replace that framework, or choose another folder",
                f"{folder / FRAMEWORK_FILE} đã có; thêm --force để thay bộ chỉ số đó, hoặc chọn thư mục khác",
            )
        )
