"""The loader's folder layout: a folder where a table file is expected."""

from __future__ import annotations

from pathlib import Path

from conftest import write_folder
from hostile.case import Case


def _units_folder(root: Path) -> Path:
    """units/ as a folder (as self-assessment/ may be): it is not the units table, which is then missing."""
    folder = write_folder(root)
    (folder / "units.csv").unlink()
    (folder / "units").mkdir()
    (folder / "units" / "A.csv").write_text("unit_id,name,group\nA,Sở An,so\n", encoding="utf-8")
    return folder


CASES = [
    Case("loader-units-folder", _units_folder, exit_code=1, first_code="missing-file"),
]
