"""A workbook as a whole: the zip checked before any part is unpacked, then its structure read.

Why before: a zip bomb or a workbook of countless parts is refused from its declared sizes, never
by unpacking it; openpyxl then reads only the sheet list, visibility, styles and date system.
"""

from __future__ import annotations

import io
import threading
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from . import limits
from .numbers import count_text
from .problems import Problem, Words

#: The first bytes of an .xlsx (a zip) and of an OLE compound file (an old .xls, or any
#: password-protected Office file, which Office wraps in OLE whatever its name).
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TooLarge(Exception):
    """A part of the workbook is bigger than a limit: carries the ready-made problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


class NotAWorkbook(Exception):
    """A zip archive that is not an Excel workbook (an OpenDocument .ods, a Word file, a zipped folder)."""


#: What unpacking a damaged zip part raises (a cut file, a bad CRC, an unsupported or encrypted entry).
DAMAGED_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    zlib.error,
    OSError,
    NotImplementedError,
    RuntimeError,
)


def ole_problem(raw: bytes, label: str) -> Problem:
    """A password-protected workbook (OLE with EncryptedPackage) or an Excel 97-2003 .xls."""
    if "EncryptedPackage".encode("utf-16-le") in raw or "EncryptionInfo".encode("utf-16-le") in raw:
        return Problem("encrypted-file", label)
    return Problem("legacy-xls", label)


def check_file(raw: bytes, label: str) -> None:
    """Refuse, before the zip is even listed, a file too large or holding countless parts."""
    if len(raw) > limits.MAX_FILE_BYTES:
        detail = _size_words(len(raw), "the workbook is", "tệp nặng")
        raise TooLarge(_too_large(label, detail, limits.MAX_FILE_BYTES))
    parts = raw.count(b"PK\x01\x02")  # central directory entries (never fewer than the zip lists)
    if parts > limits.MAX_XLSX_PARTS:
        detail = Words(
            en=f"the workbook holds {count_text(parts, 'en')} parts", vi=f"tệp chứa {count_text(parts, 'vi')} phần"
        )
        limit = limits.MAX_XLSX_PARTS
        expected = Words(en=f"{count_text(limit, 'en')} parts", vi=f"{count_text(limit, 'vi')} phần")
        raise TooLarge(Problem("too-large", label, params={"detail": detail, "expected": expected}))


def check_archive(archive: zipfile.ZipFile, label: str) -> None:
    """Refuse, before unpacking anything, a workbook whose parts would unpack beyond the limits.

    zipfile never yields more bytes than a part's declared size (more fails its CRC check), so the
    declared sizes bound the work; a part declared small that unpacks larger is refused while read.
    """
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.MAX_XLSX_RATIO:
            detail = Words(
                en=f"part {info.filename} unpacks {count_text(round(ratio), 'en')} times its packed size (a zip bomb?)",
                vi=f"phần {info.filename} giải nén lớn gấp {count_text(round(ratio), 'vi')} lần khi nén (zip bomb?)",
            )
            expected = Words(en=f"{limits.MAX_XLSX_RATIO} times", vi=f"gấp {limits.MAX_XLSX_RATIO} lần")
            raise TooLarge(Problem("too-large", label, params={"detail": detail, "expected": expected}))
    if total > limits.MAX_XLSX_UNCOMPRESSED_BYTES:
        detail = _size_words(total, "the workbook's parts unpack to", "các phần của tệp giải nén ra")
        raise TooLarge(_too_large(label, detail, limits.MAX_XLSX_UNCOMPRESSED_BYTES, unpacked=True))


def _too_large(label: str, detail: Words, limit: int, unpacked: bool = False) -> Problem:
    expected = _size_words(limit, "", "")
    if unpacked:
        expected = Words(en=f"{expected.en} unpacked", vi=f"{expected.vi} khi giải nén")
    return Problem("too-large", label, params={"detail": detail, "expected": expected})


def _size_words(size: int, en: str, vi: str) -> Words:
    """A byte size as people say it (MiB/GiB), in both languages (Vietnamese uses a decimal comma)."""
    number, unit = (size / 2**30, "GiB") if size >= 2**30 else (size / 2**20, "MiB")
    text = f"{number:.1f} {unit}"
    return Words(en=f"{en} {text}".strip(), vi=f"{vi} {text.replace('.', ',')}".strip())


@dataclass
class Sheet:
    name: str
    state: str
    part: str | None
    worksheet: bool


@dataclass
class Book:
    """What is needed of the workbook to read one sheet's cells as Excel shows them."""

    archive: zipfile.ZipFile
    sheets: list[Sheet]
    active: int
    strings_part: str | None
    #: style ids (as written in a cell's s="…") whose number format shows a date, or a duration
    date_styles: set[str]
    timedelta_styles: set[str]
    epoch: Any


#: openpyxl's warnings are silenced while it reads a workbook's structure; warning filters are
#: process-wide, so workbooks read in parallel threads (a program using the library) take turns here.
_QUIET = threading.Lock()


def open_book(raw: bytes, label: str) -> Book:
    """The workbook's structure, with openpyxl's warnings ("contains invalid dependency definitions",
    "no default style", …) kept from the user's terminal: parindex says what matters in its own words."""
    with _QUIET, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_structure(raw, label)


def _read_structure(raw: bytes, label: str) -> Book:
    """The workbook's sheets, active tab, styles and date system, read by openpyxl (no cells)."""
    from openpyxl.reader.excel import ExcelReader, apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    check_file(raw, label)
    reader = ExcelReader(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
    check_archive(reader.archive, label)
    names = set(reader.archive.namelist())
    if "[Content_Types].xml" not in names or not any(name.lower().startswith("xl/") for name in names):
        raise NotAWorkbook
    reader.read_manifest()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    sheets = []
    for sheet in reader.parser.sheets:
        rel = reader.parser.rels.get(sheet.id) if sheet.id else None
        part = rel.target if rel is not None else None
        kind = rel.Type.rsplit("/", 1)[-1] if rel is not None else "worksheet"
        sheets.append(Sheet(sheet.name, sheet.state or "visible", part if part in names else None, kind == "worksheet"))
    views = reader.wb.views or []
    active = next((view.activeTab for view in views if view.activeTab is not None), 0)
    strings = reader.package.find(SHARED_STRINGS)
    return Book(
        archive=reader.archive,
        sheets=sheets,
        active=int(active),
        strings_part=strings.PartName.lstrip("/") if strings is not None else None,
        date_styles={str(style) for style in getattr(reader.wb, "_date_formats", ())},
        timedelta_styles={str(style) for style in getattr(reader.wb, "_timedelta_formats", ())},
        epoch=reader.wb.epoch,
    )
