"""The tables of a Word annex (.docx), read as the officer sees them, and refused when hostile.

Why a module of its own: a province's framework is most often published as a Word decision whose
annex is a table. A .docx is a zip of XML parts, so it can attack like a workbook (a zip bomb, an XML
entity bomb); it is checked the way `xlsx_book` checks a workbook, from the zip's directory and the
parts' first bytes, before python-docx (which parses with lxml) sees it. Word never writes a DTD, so
any part that declares one is refused, never expanded.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from .. import limits
from ..numbers import count_text
from ..problems import Problem, Words
from ..refusals import size_words, too_large
from ..xlsx_book import DAMAGED_ZIP, OLE_MAGIC, ZIP_MAGIC

Rows = list[tuple[int, list[str]]]
#: The part that holds the document's body (its tables).
DOCUMENT_PART = "word/document.xml"

_DAMAGED = Words(
    en="the file is damaged or incomplete (cut off while copying or downloading?)",
    vi="tệp bị hỏng hoặc không đầy đủ (bị cắt cụt khi sao chép hoặc tải về?)",
)
_ENTITIES = Words(
    en="it declares a DTD or XML entities, which Word never writes (a hostile file?)",
    vi="tệp khai báo DTD hoặc thực thể XML, điều Word không bao giờ làm (tệp độc hại?)",
)
_LEGACY = Words(
    en="it is an old Word 97-2003 document (.doc) or a password-protected one; in Word use File > Save As > "
    "'Word Document (*.docx)' without a password",
    vi="đây là tệp Word 97-2003 (.doc) cũ hoặc tệp có mật khẩu; trong Word chọn File > Save As > "
    "'Word Document (*.docx)' và bỏ mật khẩu",
)
_NOT_DOCX = Words(
    en="it is not a Word document (.docx)",
    vi="tệp không phải tài liệu Word (.docx)",
)


class Refused(Exception):
    """The document cannot be read: carries the ready-made problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def unreadable(label: str, detail: Words) -> Problem:
    return Problem("unreadable-docx", label, params={"detail": detail})


def read_docx_tables(raw: bytes, label: str) -> tuple[list[Rows], list[Problem]]:
    """The non-empty rows of every top-level table (row number from 1 in its table, cell texts)."""
    try:
        _check_package(raw, label)
        document = _open(raw, label)
    except Refused as exc:
        return [], [exc.problem]
    try:
        return [rows for table in document.tables if (rows := _table_rows(table, label))], []
    except Refused as exc:
        return [], [exc.problem]
    except Exception as exc:  # a table python-docx cannot walk (a span that is not a number…): damaged
        return [], [unreadable(label, _damaged(exc))]


def _check_package(raw: bytes, label: str) -> None:
    """Refuse an OLE file, a non-zip, a zip bomb, a document without a body, and any DTD."""
    if raw.startswith(OLE_MAGIC):
        raise Refused(unreadable(label, _LEGACY))
    if not raw.startswith(ZIP_MAGIC):
        raise Refused(unreadable(label, _NOT_DOCX))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            _check_sizes(infos, label)
            if DOCUMENT_PART not in archive.namelist():
                raise Refused(unreadable(label, _NOT_DOCX))
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _declares_dtd(archive.read(info)):
                    raise Refused(unreadable(label, _ENTITIES))
    except DAMAGED_ZIP:
        raise Refused(unreadable(label, _DAMAGED)) from None


def _check_sizes(infos: list[zipfile.ZipInfo], label: str) -> None:
    """Within the documented limits, judged on the zip's directory before anything is unpacked."""
    if len(infos) > limits.MAX_XLSX_PARTS:
        parts, limit = len(infos), limits.MAX_XLSX_PARTS
        detail = Words(
            f"the document holds {count_text(parts, 'en')} parts", f"tệp chứa {count_text(parts, 'vi')} phần"
        )
        expected = Words(f"{count_text(limit, 'en')} parts", f"{count_text(limit, 'vi')} phần")
        raise Refused(too_large(label, detail, expected))
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.MAX_XLSX_RATIO or total > limits.MAX_DOCX_UNPACKED_BYTES:
            en, vi = size_words(info.file_size)
            limit_en, limit_vi = size_words(limits.MAX_DOCX_UNPACKED_BYTES)
            detail = Words(f"part {info.filename} unpacks to {en}", f"phần {info.filename} giải nén ra {vi}")
            expected = Words(
                f"{limit_en} unpacked, each part at most {limits.MAX_XLSX_RATIO} times its packed size",
                f"{limit_vi} khi giải nén, mỗi phần tối đa gấp {limits.MAX_XLSX_RATIO} lần khi nén",
            )
            raise Refused(too_large(label, detail, expected))


def _declares_dtd(xml: bytes) -> bool:
    """Whether an XML part declares a DTD (and so possibly entities): Word's parts never do."""
    head = xml[:4096].upper()
    return b"<!DOCTYPE" in head or b"<!ENTITY" in xml.upper()


def _open(raw: bytes, label: str) -> Any:
    """The python-docx Document; whatever it raises on a damaged document becomes a problem."""
    import docx

    try:
        return docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises many kinds on a damaged package: all mean the same
        raise Refused(unreadable(label, _damaged(exc))) from None


def _damaged(exc: Exception) -> Words:
    return Words(en=f"{_DAMAGED.en} ({type(exc).__name__})", vi=f"{_DAMAGED.vi} ({type(exc).__name__})")


def _table_rows(table: Any, label: str) -> Rows:
    """A table's non-empty rows; a cell spanning columns gives its text once, then empty cells.

    A vertically merged cell's continuation is empty (its text belongs to the row where it starts),
    as in a sheet, so a domain's number merged over two rows is read once.
    """
    from docx.table import _Cell

    rows: Rows = []
    for number, row in enumerate(table.rows, start=1):
        cells = [""] * int(row.grid_cols_before or 0)
        for tc in row._tr.tc_lst:
            continued = tc.vMerge == "continue"
            text = "" if continued else _Cell(tc, table).text
            cells.append(text.strip())
            cells += [""] * (int(tc.grid_span or 1) - 1)
        _check_row(cells, number, label)
        if any(cells):
            rows.append((number, cells))
    return rows


def _check_row(cells: list[str], number: int, label: str) -> None:
    """A row within the limits every table has (cells per row, characters per cell)."""
    if len(cells) > limits.MAX_COLUMNS:
        detail = Words(f"row {number} has {len(cells)} cells", f"dòng {number} có {len(cells)} ô")
        expected = Words(f"{limits.MAX_COLUMNS} cells per row", f"{limits.MAX_COLUMNS} ô mỗi dòng")
        raise Refused(too_large(label, detail, expected, row=number))
    longest = max((len(cell) for cell in cells), default=0)
    if longest > limits.MAX_CELL_CHARS:
        detail = Words(
            f"a cell of row {number} has {count_text(longest, 'en')} characters",
            f"một ô của dòng {number} có {count_text(longest, 'vi')} ký tự",
        )
        expected = Words(
            f"{count_text(limits.MAX_CELL_CHARS, 'en')} characters per cell",
            f"{count_text(limits.MAX_CELL_CHARS, 'vi')} ký tự mỗi ô",
        )
        raise Refused(too_large(label, detail, expected, row=number))
