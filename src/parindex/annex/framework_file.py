"""framework.toml of an imported framework: its details, its groups, and the annex it came from.

Why the annex's SHA-256: an imported framework is exactly as good as the annex typed; the hash lets
anyone check, years later, that the framework was made from the file the council approved (and the
bundled framework stays marked as a reconstruction, which an imported one is not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from ..i18n import N_, gettext
from ..limits import MAX_CONFIG_LINE_CHARS
from ..problems import ParindexError, Words
from .source import SHEET, AnnexTable
from .writing import toml_string

FRAMEWORK_FILE = "framework.toml"
#: A group key: what units.csv's group column and `--group` name (so, huyen, xa_1).
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
#: The provenance an import writes (English msgid; the Vietnamese, in the catalogue, goes in provenance_vi).
PROVENANCE = N_(
    "Imported with 'parindex criteria import' from {files}. The framework is exactly the annex as typed: check "
    "its tree ('parindex criteria') against the signed decision before publishing results."
)
DEFAULT_GROUP_NAME = N_("Group {n}")


class UsageProblem(ParindexError):
    """Options that do not fit the annexes (the CLI exits 2); the message is in both languages."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


@dataclass(frozen=True)
class GroupSpec:
    """A group to import: its key (the criteria file's name) and its name (None: from the annex)."""

    key: str
    name: str | None = None


@dataclass(frozen=True)
class ImportOptions:
    """The framework's details: each annex table's group, in order, and framework.toml's fields."""

    groups: tuple[GroupSpec, ...] = ()
    id: str = "imported"
    title: str = ""
    decision: str = ""
    date: str = ""
    survey_mark: str | None = None

    def check(self) -> None:
        """Refuse a bad group key, a key given twice, or a date that is not YYYY-MM-DD (UsageProblem)."""
        keys = [spec.key for spec in self.groups]
        for key in keys:
            if not _KEY.fullmatch(key):
                raise UsageProblem(_BAD_KEY(key))
        if len(set(keys)) != len(keys):
            twice = next(key for key in keys if keys.count(key) > 1)
            raise UsageProblem(Words(f"--group {twice} is given twice", f"--group {twice} được ghi hai lần"))
        if self.date and not _is_date(self.date):
            raise UsageProblem(
                Words(
                    f"--date must be YYYY-MM-DD (got '{self.date}')",
                    f"--date phải có dạng YYYY-MM-DD (đã ghi '{self.date}')",
                )
            )
        if self.survey_mark is not None and not self.survey_mark.strip():
            raise UsageProblem(Words("--survey-mark is empty", "--survey-mark đang để trống"))


def _is_date(text: str) -> bool:
    try:
        Date.fromisoformat(text)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None


def group_specs(options: ImportOptions, tables: list[AnnexTable], lang: str) -> list[GroupSpec]:
    """Each annex table's group, in order: the --group options, else nhom1, nhom2… named after the sheet."""
    if options.groups and len(options.groups) != len(tables):
        found = ", ".join(table.label for table in tables)
        raise UsageProblem(
            Words(
                f"the annexes hold {len(tables)} table(s) ({found}) but {len(options.groups)} --group were given; "
                "give one --group per table, in this order",
                f"các phụ lục có {len(tables)} bảng ({found}) nhưng có {len(options.groups)} --group; "
                "hãy ghi một --group cho mỗi bảng, theo đúng thứ tự này",
            )
        )
    specs = list(options.groups) or [GroupSpec(f"nhom{n}") for n in range(1, len(tables) + 1)]
    named = []
    for n, (spec, table) in enumerate(zip(specs, tables, strict=True), start=1):
        name = spec.name or (table.sheet if table.kind == SHEET and len(tables) > 1 and table.sheet else None)
        named.append(GroupSpec(spec.key, name or gettext(DEFAULT_GROUP_NAME, lang).format(n=n)))
    return named


def framework_toml(options: ImportOptions, specs: list[GroupSpec], files: list[Path], hashes: list[str]) -> str:
    """framework.toml's text, with the provenance in both languages (FILES and the SHA-256 HASHES of their
    bytes as read); every line within the TOML limits parindex reads (UsageProblem otherwise)."""
    listed = ", ".join(f"{path.name} (SHA-256 {digest})" for path, digest in zip(files, hashes, strict=True))
    fields = {
        "id": options.id,
        "title": options.title or options.id,
        "decision": options.decision,
        "date": options.date,
    }
    lines = [f"{key} = {toml_string(value)}" for key, value in fields.items()]
    lines += ["decimals = 2", 'not_applicable = "exclude"', "index_cap = 100"]
    lines.append(f"source_file = {toml_string('; '.join(path.name for path in files))}")
    lines.append(f"source_sha256 = {toml_string('; '.join(hashes))}")
    lines.append(f"provenance = {toml_string(gettext(PROVENANCE, 'en').format(files=listed))}")
    lines.append(f"provenance_vi = {toml_string(gettext(PROVENANCE, 'vi').format(files=listed))}")
    for spec in specs:
        lines += ["", f"[groups.{spec.key}]", f"name = {toml_string(spec.name or spec.key)}"]
        lines.append(f"criteria = {toml_string(spec.key + '.csv')}")
    too_long = [line.split(" = ", 1)[0] for line in lines if len(line) > MAX_CONFIG_LINE_CHARS]
    if too_long:
        raise UsageProblem(
            Words(
                f"{', '.join(too_long)} would be longer than the {MAX_CONFIG_LINE_CHARS} characters a line of "
                "framework.toml may have; shorten the text or the file names",
                f"{', '.join(too_long)} sẽ dài quá {MAX_CONFIG_LINE_CHARS} ký tự mà một dòng của framework.toml "
                "được phép; hãy rút ngắn nội dung hoặc tên tệp",
            )
        )
    return "\n".join(lines) + "\n"


def _BAD_KEY(key: str) -> Words:  # noqa: N802 - a message, named like a constant
    return Words(
        f"--group '{key}' is not a group key: use lower-case letters a–z, digits, '-' or '_' (so, huyen), at most 40",
        f"--group '{key}' không phải mã nhóm hợp lệ: dùng chữ thường a–z, chữ số, '-' hoặc '_' (so, huyen), "
        "tối đa 40 ký tự",
    )
