"""Workbooks that mislead or crash a reader (issue 15, items 1, 2 and the workbook half of 4).

Each case saves a table of the mini folder as .xlsx the way Excel does (shared strings, numbers as
numbers), then edits the workbook's XML in the zip: a lying <dimension>, a hidden first sheet, a cut
sheet, a missing part, an entity bomb, a zip bomb, … The builders are also used by tests/test_xlsx.py.
"""

from __future__ import annotations

import random
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from conftest import MINI_APPRAISAL, MINI_SELF, write_folder
from hostile.case import Case

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
#: An appraisal with rows for both units (the mini folder's has one): a reader that stops early changes scores.
APPRAISAL = MINI_APPRAISAL + "B,1.2,1,Báo cáo muộn\nB,2.1,4,Thiếu kiểm chứng\n"
#: A self-assessment whose unit A scores differ everywhere: what a hidden 'old' sheet could hold.
OLD_SELF = MINI_SELF.replace("A,1.1.2,1.5,", "A,1.1.2,0,").replace("A,2.1,6,", "A,2.1,1,")


#: Columns whose cells Excel stores as numbers when a number is typed (codes such as 2.1 stay text).
NUMERIC = ("score", "max_points")


def _cell(text: str, numeric: bool) -> str | int | float | None:
    """A CSV cell as Excel stores what was typed."""
    if not text:
        return None
    if numeric and re.fullmatch(r"-?\d+", text):
        return int(text)
    if numeric and re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def _rows(csv_text: str) -> list[list[str | int | float | None]]:
    lines = [line.split(",") for line in csv_text.strip("\n").split("\n")]
    numeric = [name in NUMERIC for name in lines[0]]
    return [list(lines[0])] + [[_cell(t, n) for t, n in zip(line, numeric, strict=False)] for line in lines[1:]]


def save_workbook(path: Path, sheets: list[tuple[str, str, str]], active: int = 0) -> Path:
    """Save SHEETS (name, CSV text, state) as Excel does: every text in the shared strings part."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, csv_text, state in sheets:
        sheet = workbook.create_sheet(name)
        for row in _rows(csv_text):
            sheet.append(row)
        sheet.sheet_state = state
    workbook.active = active
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    _share_strings(path, len(sheets))
    return path


def _share_strings(path: Path, count: int) -> None:
    """Move every inline text of the sheets into xl/sharedStrings.xml, as Excel writes workbooks."""
    strings: list[str] = []

    def share(match: re.Match[str]) -> str:
        text = match.group(2)
        if text not in strings:
            strings.append(text)
        return f'<c r="{match.group(1)}" t="s"><v>{strings.index(text)}</v></c>'

    inline = re.compile(r'<c r="(\w+)" t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>')
    parts = {f"xl/worksheets/sheet{n}.xml": lambda xml: inline.sub(share, xml) for n in range(1, count + 1)}
    edit_parts(path, parts)
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sst = f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    edit_parts(
        path,
        {
            "[Content_Types].xml": lambda xml: xml.replace(
                "</Types>", f'<Override PartName="/{STRINGS}" ContentType="{content_type}"/></Types>'
            ),
            "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
                "</Relationships>",
                f'<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="{rel_type}"/></Relationships>',
            ),
        },
        add={STRINGS: sst.encode("utf-8")},
    )


def edit_parts(
    path: Path,
    edits: dict[str, Callable[[str], str]],
    *,
    add: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    level: int = 6,
) -> Path:
    """Rewrite the zip at PATH with some parts' XML edited, parts added or dropped."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    for name, edit in edits.items():
        parts[name] = edit(parts[name].decode("utf-8")).encode("utf-8")
    parts.update(add or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for name, data in parts.items():
            if name not in drop:
                target.writestr(name, data)
    return path


def ole_file(streams: list[str]) -> bytes:
    """A minimal OLE compound file (the wrapper of .xls and of password-protected workbooks).

    The header and one directory sector name the streams; that is all a reader sees before it
    decides what the file is.
    """
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += bytes(10) + struct.pack("<IIIIIIII", 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header = header.ljust(512, b"\xff")
    entries = b""
    for name in ["Root Entry", *streams]:
        encoded = (name + "\0").encode("utf-16-le")
        entry = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), 5 if name == "Root Entry" else 2, 1)
        entries += entry.ljust(128, b"\0")
    return header + entries.ljust(512, b"\0") + bytes(512)


# -- the cases -------------------------------------------------------------------------------------


def folder_with(root: Path, stem: str, make: Callable[[Path], object]) -> Path:
    """The mini folder (appraisal with rows for both units) with STEM.csv replaced by STEM.xlsx."""
    folder = write_folder(root, appraisal=APPRAISAL)
    (folder / f"{stem}.csv").unlink()
    make(folder / f"{stem}.xlsx")
    return folder


def appraisal_workbook(root: Path, *edits: tuple[str, Callable[[str], str]], **options: object) -> Path:
    """The folder with appraisal.xlsx, its parts edited by EDITS (part, function)."""

    def make(path: Path) -> None:
        save_workbook(path, [("Thẩm định", APPRAISAL, "visible")])
        if edits or options:
            edit_parts(path, dict(edits), **options)  # type: ignore[arg-type]

    return folder_with(root, "appraisal", make)


def _dimension(ref: str) -> tuple[str, Callable[[str], str]]:
    return SHEET, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)


def hidden_first_sheet(root: Path, state: str = "hidden") -> Path:
    """The self-assessment on the second sheet; the first, hidden, holds old scores."""
    sheets = [("Bản cũ", OLD_SELF, state), ("Tự đánh giá", MINI_SELF, "visible")]
    return folder_with(root, "self-assessment", lambda path: save_workbook(path, sheets, active=1))


def _bomb(xml: str, root: str = "worksheet") -> str:
    """A billion laughs: nine levels of ten references, a few GB once expanded."""
    laughs = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    return xml.replace(f"<{root}", f"<!DOCTYPE {root} [{laughs}]><{root}", 1).replace(
        "<sheetData>", "<sheetData><row r='99'><c r='A99' t='inlineStr'><is><t>&a9;</t></is></c></row>", 1
    )


def _external(xml: str) -> str:
    doctype = '<!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    return xml.replace("<sst", doctype + "<sst", 1).replace("<t>A</t>", "<t>&e;</t>", 1)


def _long_shared_string(xml: str) -> str:
    noise = "".join(random.Random(15).choices("abcdefghijklmnopqrstuvwxyz ", k=3_000_000))
    return xml.replace("</sst>", f"<si><t>{noise}</t></si></sst>")


def _spaces(xml: str) -> str:
    return xml.replace("</sheetData>", "</sheetData>" + " " * 30_000_000)


def not_a_workbook(root: Path) -> Path:
    return folder_with(root, "appraisal", lambda path: path.write_bytes(bytes(range(256)) * 8))


def truncated_zip(root: Path) -> Path:
    def make(path: Path) -> None:
        save_workbook(path, [("Thẩm định", APPRAISAL, "visible")])
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    return folder_with(root, "appraisal", make)


def lying_size(root: Path) -> Path:
    """The sheet part declares 100 bytes in the central directory but unpacks to more."""

    def make(path: Path) -> None:
        save_workbook(path, [("Thẩm định", APPRAISAL, "visible")])
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(SHEET)
        name = SHEET.encode()
        central = data.index(b"PK\x01\x02")
        while data[central + 46 : central + 46 + len(name)] != name:
            central = data.index(b"PK\x01\x02", central + 4)
        struct.pack_into("<I", data, central + 24, 100)
        struct.pack_into("<I", data, info.header_offset + 22, 100)
        path.write_bytes(bytes(data))

    return folder_with(root, "appraisal", make)


def ole(root: Path, streams: list[str]) -> Path:
    return folder_with(root, "appraisal", lambda path: path.write_bytes(ole_file(streams)))


CASES = [
    Case("xlsx-dimension-lie", lambda root: appraisal_workbook(root, _dimension("A1:D2")), 0, None),
    Case("xlsx-dimension-whole-sheet", lambda root: appraisal_workbook(root, _dimension("A1:XFD1048576")), 0, None),
    Case("xlsx-hidden-first-sheet", hidden_first_sheet, 0, None),
    Case("xlsx-very-hidden-first-sheet", lambda root: hidden_first_sheet(root, "veryHidden"), 0, None),
    Case(
        "xlsx-float-as-stored",
        lambda root: appraisal_workbook(
            root, (SHEET, lambda xml: xml.replace("<v>4.5</v>", "<v>4.5000000000000009</v>"))
        ),
        0,
        None,
    ),
    Case(
        "xlsx-truncated-sheet",
        lambda root: appraisal_workbook(root, (SHEET, lambda xml: xml[: len(xml) // 2])),
        1,
        "unreadable-xlsx",
    ),
    Case("xlsx-missing-sheet-part", lambda root: appraisal_workbook(root, drop=(SHEET,)), 1, "unreadable-xlsx"),
    Case("xlsx-missing-shared-strings", lambda root: appraisal_workbook(root, drop=(STRINGS,)), 1, "unreadable-xlsx"),
    Case(
        "xlsx-shared-string-out-of-range",
        lambda root: appraisal_workbook(root, (SHEET, lambda xml: xml.replace('t="s"><v>0</v>', 't="s"><v>999</v>'))),
        1,
        "unreadable-xlsx",
    ),
    Case(
        "xlsx-text-in-number-cell",
        lambda root: appraisal_workbook(root, (SHEET, lambda xml: xml.replace("<v>4.5</v>", "<v>abc</v>"))),
        1,
        "unreadable-xlsx",
    ),
    Case(
        "xlsx-nan-in-number-cell",
        lambda root: appraisal_workbook(root, (SHEET, lambda xml: xml.replace("<v>4.5</v>", "<v>NaN</v>"))),
        1,
        "unreadable-xlsx",
    ),
    Case("xlsx-entity-bomb", lambda root: appraisal_workbook(root, (SHEET, _bomb)), 1, "unreadable-xlsx"),
    Case("xlsx-external-entity", lambda root: appraisal_workbook(root, (STRINGS, _external)), 1, "unreadable-xlsx"),
    Case(
        "xlsx-entity-in-workbook-part",
        lambda root: appraisal_workbook(root, ("xl/workbook.xml", lambda xml: _bomb(xml, "workbook"))),
        1,
        "unreadable-xlsx",
    ),
    Case("xlsx-encrypted", lambda root: ole(root, ["EncryptionInfo", "EncryptedPackage"]), 1, "encrypted-file"),
    Case("xlsx-legacy-xls", lambda root: ole(root, ["Workbook", "\x05SummaryInformation"]), 1, "legacy-xls"),
    Case(
        "xlsx-formula-without-value",
        lambda root: appraisal_workbook(root, (SHEET, lambda xml: xml.replace("<v>4.5</v>", "<f>4+0.5</f><v/>"))),
        1,
        "formula-without-value",
    ),
    Case("xlsx-not-a-workbook", not_a_workbook, 1, "unreadable-xlsx"),
    Case("xlsx-truncated-zip", truncated_zip, 1, "unreadable-xlsx"),
    Case("xlsx-lying-declared-size", lying_size, 1, "unreadable-xlsx"),
    Case(
        "xlsx-countless-parts",
        lambda root: appraisal_workbook(root, add={f"customXml/item{n}.xml": b"" for n in range(10_001)}),
        1,
        "too-large",
    ),
    Case("xlsx-zip-bomb", lambda root: appraisal_workbook(root, (SHEET, _spaces), level=9), 1, "too-large"),
    Case(
        "xlsx-huge-shared-string", lambda root: appraisal_workbook(root, (STRINGS, _long_shared_string)), 1, "too-large"
    ),
    Case(
        "xlsx-cell-beyond-column-limit",
        lambda root: appraisal_workbook(
            root,
            (
                SHEET,
                lambda xml: xml.replace('<row r="2">', '<row r="2"><c r="ZZ2" t="inlineStr"><is><t>x</t></is></c>'),
            ),
        ),
        1,
        "too-large",
    ),
]
