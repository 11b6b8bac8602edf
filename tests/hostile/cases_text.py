"""Hostile text (issue 15, items 2, 3 and 8): names that look like markup, math or terminal codes; digits of
other scripts; criteria files outside the framework folder; 5,000-character framework names and titles."""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_APPRAISAL, MINI_CRITERIA, MINI_SELF, MINI_UNITS, write_folder
from hostile.case import Case

#: Every renderer's special text at once: rich markup ([cũ], [/x]), an emoji code, matplotlib math,
#: a full-width letter, an ANSI colour code and a bidirectional override.
HOSTILE_NAME = "Sở Tài chính [cũ] [/x] :x: $x^$ Ｓở \x1b[31mđỏ \u202eRLO"
HOSTILE_NOTE = "[/x] lý do :x: $x^$ \x1b[31m"
LONG = "Bộ chỉ số " * 500  # 5,000 characters


def hostile_text(root: Path) -> Path:
    """A valid folder whose unit names, criterion names, notes and framework texts are all hostile."""
    folder = write_folder(
        root,
        units=MINI_UNITS.replace("Sở An", HOSTILE_NAME).replace("Sở Bình", "[bold]Sở Bình[/bold] $\\frac{1}{2}$"),
        criteria=MINI_CRITERIA.replace("Chỉ đạo điều hành", "Chỉ đạo [cũ] $x^$ \x1b[2J"),
        appraisal=MINI_APPRAISAL.replace("Thiếu tài liệu kiểm chứng", HOSTILE_NOTE),
        bands='bands = [{min = 50, label = "[/x] :x: $x^$"}]\n',
    )
    toml = folder / "framework" / "framework.toml"
    text = toml.read_text(encoding="utf-8").replace("Mini test framework", "Bộ [cũ] [/x] :x: $x^$")
    text = text.replace('name = "Sở, ban, ngành"', 'name = "Sở [cũ] \\u001b[31m:x:"')
    toml.write_text(text.replace("Hand-written test fixture.", "[/x] \\u001b[31m"), encoding="utf-8")
    return folder


def _framework_edit(old: str, new: str):
    """A builder for a folder whose framework.toml has OLD replaced by NEW."""

    def build(root: Path) -> Path:
        folder = write_folder(root)
        toml = folder / "framework" / "framework.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        return folder

    return build


def _set_ref(folder: Path, ref: str) -> Path:
    """parindex.toml naming the framework REF (a name the file system refuses when it is 5,000 characters)."""
    (folder / "parindex.toml").write_text(f'year = 2024\nframework = "{ref}"\n', encoding="utf-8")
    return folder


def criteria_outside(root: Path) -> Path:
    """criteria = "../../secret.csv": a file outside the framework folder (the folder's own criteria, moved)."""
    (root / "secret.csv").parent.mkdir(parents=True, exist_ok=True)
    (root / "secret.csv").write_text(MINI_CRITERIA, encoding="utf-8")
    return _framework_edit('"criteria.csv"', '"../../secret.csv"')(root / "folder")


def criteria_not_a_table(root: Path) -> Path:
    """A criteria file in the framework folder that is no criteria table (a password file's lines)."""
    folder = write_folder(root, criteria="root:x:0:0:root:/root:/bin/bash\nsecret:x:1:1:SECRET-LINE,,,:/s:/bin/sh\n")
    return folder


CASES = [
    Case("text-markup-math-and-terminal-codes", hostile_text, exit_code=0, first_code=None),
    # A framework text as long as a settings line may be (1,000 characters) is shown, cut where it must be.
    Case(
        "text-framework-title-1000", _framework_edit("Mini test framework", LONG[:1000]), exit_code=0, first_code=None
    ),
    Case(
        "text-framework-group-name-and-id-1000",
        _framework_edit(
            'id = "mini"', f'id = "{"x" * 1000}"\n[groups.g]\nname = "{LONG[:1000]}"\ncriteria = "criteria.csv"'
        ),
        exit_code=0,
        first_code=None,
    ),
    # 5,000 characters on one line of framework.toml is past the settings-file limit (limits.py): refused.
    Case(
        "text-framework-title-5000", _framework_edit("Mini test framework", LONG), exit_code=1, first_code="too-large"
    ),
    Case(
        "text-framework-ref-1000",
        lambda root: _set_ref(write_folder(root), "x" * 1000),
        exit_code=1,
        first_code="missing-file",
    ),
    Case(
        "text-maximum-arabic-indic-digits",
        lambda root: write_folder(root, criteria=MINI_CRITERIA.replace("1.2,Báo cáo CCHC,3,", "1.2,Báo cáo CCHC,٣,")),
        exit_code=1,
        first_code="invalid-number",
    ),
    Case(
        "text-code-full-width-digit",
        lambda root: write_folder(root, criteria=MINI_CRITERIA.replace("1.1.2,", "1.1.２,")),
        exit_code=1,
        first_code="framework-invalid",
    ),
    Case(
        "text-score-full-width-digits",
        lambda root: write_folder(root, self_assessment=MINI_SELF.replace("A,1.2,3,", "A,1.2,３,")),
        exit_code=1,
        first_code="invalid-number",
    ),
    Case("text-criteria-outside-framework", criteria_outside, exit_code=1, first_code="framework-invalid"),
    Case("text-criteria-not-a-table", criteria_not_a_table, exit_code=1, first_code="missing-column"),
]
