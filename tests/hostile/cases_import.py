"""Annexes that attack or mislead `parindex criteria import` (issue 14): refused with a located problem.

Each case is a clean assessment folder (its own commands still pass) with an annex file beside it;
the command run is the import of that annex, which must exit 1 with no traceback and write nothing.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from annex_tables import MINI_ANNEX, ROMAN, with_entity_bomb, write_csv, write_docx, write_xlsx
from conftest import write_folder
from hostile.case import Case


def _import(name: str) -> tuple[tuple[str, ...], ...]:
    return (("criteria", "import", f"{{folder}}/{name}", "--out", "{out}"),)


def _with(name: str, make: Callable[[Path], object]) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        folder = write_folder(root)
        make(folder / name)
        return folder

    return build


def _zip_bomb(path: Path) -> None:
    """A .docx whose body unpacks to 20 MB of one repeated byte (thousands of times its packed size)."""
    write_docx(path, [MINI_ANNEX])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.xml", b"<a>" + b"0" * 20_000_000 + b"</a>")


def _bad_span(path: Path) -> None:
    """A .docx whose first cell spans 'x' columns: python-docx cannot walk its table."""
    write_docx(path, [MINI_ANNEX])
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    body = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = body.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="x"/>', 1).encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _cut(path: Path) -> None:
    write_xlsx(path, [("Phụ lục", ROMAN)])
    path.write_bytes(path.read_bytes()[:1500])


def _slips(path: Path) -> None:
    rows = [list(row) for row in ROMAN]
    rows[6][2] = "4"
    write_csv(path, rows)


CASES = [
    Case(
        "import-docx-entity-bomb",
        _with("PL1.docx", lambda p: with_entity_bomb(write_docx(p, [MINI_ANNEX]))),
        1,
        None,
        commands=_import("PL1.docx"),
        says=("unreadable-docx",),
    ),
    Case(
        "import-docx-zip-bomb", _with("PL1.docx", _zip_bomb), 1, None, commands=_import("PL1.docx"), says=("too-large",)
    ),
    Case(
        "import-docx-legacy-doc",
        _with("PL1.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)),
        1,
        None,
        commands=_import("PL1.docx"),
        says=("unreadable-docx",),
    ),
    Case(
        "import-docx-bad-span",
        _with("PL1.docx", _bad_span),
        1,
        None,
        commands=_import("PL1.docx"),
        says=("(ValueError)",),
    ),
    Case(
        "import-xlsx-cut-off", _with("PL1.xlsx", _cut), 1, None, commands=_import("PL1.xlsx"), says=("unreadable-xlsx",)
    ),
    Case(
        "import-sum-mismatch",
        _with("PL1.csv", _slips),
        1,
        None,
        commands=_import("PL1.csv"),
        says=("framework-sum-mismatch",),
    ),
]
