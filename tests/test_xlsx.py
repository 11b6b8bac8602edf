"""Workbooks read as Excel shows them (issue 15, items 1, 2 and the workbook half of 4).

Each class of failure has its test: a workbook that used to give a silently different score now
scores exactly as its CSV twin; a broken or hostile one gets a located problem with its code, in
both languages, in seconds.
"""

from __future__ import annotations

import json
import random
import re
import time
import warnings
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import MINI_SELF, invoke, write_folder
from hostile.cases_xlsx import (
    APPRAISAL,
    OLD_SELF,
    SHEET,
    STRINGS,
    appraisal_workbook,
    edit_parts,
    folder_with,
    hidden_first_sheet,
    save_workbook,
)
from parindex import limits, xlsx
from parindex.problems import NOTE
from parindex.readers import read_table


def _scores(runner, folder: Path) -> list[dict]:
    result = invoke(runner, "score", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"]


def _report(runner, folder: Path, lang: str = "en") -> dict:
    result = runner.invoke(
        __import__("parindex.cli", fromlist=["app"]).app,
        ["validate", str(folder), "--format", "json"],
        env={"PARINDEX_LANG": lang, "COLUMNS": "200"},
    )
    return json.loads(result.stdout)


def _dimension(ref: str):
    return SHEET, lambda text: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', text)


# -- silent wrong results -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda root: appraisal_workbook(root, _dimension("A1:D2")), id="dimension-says-one-row"),
        pytest.param(lambda root: appraisal_workbook(root, _dimension("A1:XFD1048576")), id="dimension-whole-sheet"),
        pytest.param(lambda root: appraisal_workbook(root, _dimension("B3")), id="dimension-one-cell"),
        pytest.param(
            lambda root: appraisal_workbook(root, (SHEET, lambda text: re.sub(r"<dimension[^>]*/>", "", text))),
            id="no-dimension",
        ),
        pytest.param(hidden_first_sheet, id="hidden-first-sheet"),
        pytest.param(lambda root: hidden_first_sheet(root, "veryHidden"), id="very-hidden-first-sheet"),
        pytest.param(
            lambda root: appraisal_workbook(
                root, (SHEET, lambda t: t.replace("<v>4.5</v>", "<v>4.5000000000000009</v>"))
            ),
            id="float-as-stored",
        ),
    ],
)
def test_a_misleading_workbook_scores_as_its_csv_twin(build, runner, tmp_path: Path):
    twin = write_folder(tmp_path / "twin", appraisal=APPRAISAL)
    expected = _scores(runner, twin)
    assert _scores(runner, build(tmp_path / "xlsx")) == expected
    # and the twin is not a trivial target: the first appraisal row alone, or the hidden sheet, score differently
    assert _scores(runner, write_folder(tmp_path / "short", appraisal=APPRAISAL.split("B,")[0])) != expected
    assert _scores(runner, write_folder(tmp_path / "old", self_assessment=OLD_SELF, appraisal=APPRAISAL)) != expected


def test_the_sheet_read_is_named_in_a_note(runner, tmp_path: Path):
    report = _report(runner, hidden_first_sheet(tmp_path / "case"))
    assert report["valid"] is True
    assert report["notes"] == [
        {
            "code": "sheet-read",
            "file": "self-assessment.xlsx",
            "row": None,
            "column": None,
            "value": "Tự đánh giá",
            "message": "Read the sheet 'Tự đánh giá', the one Excel shows; not read: 'Bản cũ' (hidden).",
            "severity": "note",
            "params": {"detail": "'Bản cũ' (hidden)"},
        }
    ]
    note = _report(runner, tmp_path / "case", "vi")["notes"][0]
    assert note["message"] == "Đã đọc trang tính 'Tự đánh giá', trang Excel hiển thị; không đọc: 'Bản cũ' (ẩn)."


def test_the_active_visible_sheet_is_read_and_a_single_sheet_needs_no_note(tmp_path: Path):
    path = save_workbook(
        tmp_path / "two.xlsx",
        [("Ghi nhớ", "a,b\nx,y\n", "visible"), ("Số liệu", "unit_id,code,score\nA,1.2,3\n", "visible")],
        active=1,
    )
    result = read_table(path, "two.xlsx")
    assert result.frame is not None and result.frame.records() == [
        {"unit_id": "A", "code": "1.2", "score": "3", "row": 2}
    ]
    assert [(p.code, p.severity, p.value) for p in result.problems] == [("sheet-read", NOTE, "Số liệu")]
    assert result.problems[0].message("en").endswith("not read: 'Ghi nhớ'.")
    # beside parindex's own instructions sheet, reading the data sheet is no decision worth a note
    template_like = save_workbook(
        tmp_path / "template.xlsx",
        [("Số liệu", "unit_id,code,score\nA,1.2,3\n", "visible"), ("Hướng dẫn", "a,b\nx,y\n", "visible")],
    )
    assert read_table(template_like, "template.xlsx").problems == []
    single = save_workbook(tmp_path / "one.xlsx", [("Số liệu", "unit_id,code,score\nA,1.2,3\n", "visible")])
    assert read_table(single, "one.xlsx").problems == []


def test_an_active_tab_that_is_hidden_falls_back_to_the_first_visible_sheet(tmp_path: Path):
    path = save_workbook(
        tmp_path / "book.xlsx",
        [
            ("Cũ", "unit_id\nOLD\n", "visible"),
            ("Ẩn", "unit_id\nHIDDEN\n", "hidden"),
            ("Mới", "unit_id\nNEW\n", "visible"),
        ],
    )
    # openpyxl never saves a hidden active tab; another program may
    edit_parts(path, {"xl/workbook.xml": lambda t: re.sub(r'activeTab="\d+"', 'activeTab="1"', t)})
    result = read_table(path, "book.xlsx")
    assert result.frame is not None and result.frame.records() == [{"unit_id": "OLD", "row": 2}]
    assert (
        result.problems[0].message("en") == "Read the sheet 'Cũ', the one Excel shows; not read: 'Ẩn' (hidden), 'Mới'."
    )


def test_rows_and_cells_are_placed_by_their_addresses_or_in_order(tmp_path: Path):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (
        f'<worksheet xmlns="{main}"><dimension ref="A1:B2"/><sheetData>'
        '<row r="1"><c t="inlineStr"><is><t>unit_id</t></is></c><c t="inlineStr"><is><t>score</t></is></c></row>'
        '<row r="4"><c r="B4"><v>7</v></c><c r="A4" t="inlineStr"><is><t>A</t></is></c></row>'
        '<row><c t="inlineStr"><is><r><t>B</t></r><r><t>b</t></r><rPh><t>phonetic</t></rPh></is></c>'
        "<c><v>1.25</v></c></row>"
        "</sheetData></worksheet>"
    )
    path = save_workbook(tmp_path / "book.xlsx", [("S", "x\n", "visible")])
    edit_parts(path, {SHEET: lambda _: sheet})
    result = read_table(path, "book.xlsx")
    assert result.frame is not None
    assert result.frame.records() == [
        {"unit_id": "A", "score": "7", "row": 4},
        {"unit_id": "Bb", "score": "1.25", "row": 5},
    ]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("0.30000000000000004", "0.3"),
        ("4.5000000000000009", "4.5"),
        ("0.1", "0.1"),
        ("2.675", "2.675"),
        ("123456789012.345678", "123456789012.346"),
        ("1E-07", "0.0000001"),
        ("1.5E+20", "150000000000000000000"),
        ("3.0", "3"),
        ("12", "12"),
        ("-0", "0"),
        ("-0.75", "-0.75"),
        ("98765432109876543210", "98765432109876543210"),
        ("", ""),
        ("abc", None),
        ("NaN", None),
        ("inf", None),
    ],
)
def test_numbers_read_as_excel_shows_them(stored: str, shown: str | None):
    assert xlsx.excel_number(stored) == shown


def test_excel_escapes_in_texts_are_undone(tmp_path: Path):
    path = save_workbook(
        tmp_path / "book.xlsx", [("S", "unit_id,name\nA,Sở An_x000D_\nB,a_x005F_x000D_b\n", "visible")]
    )
    result = read_table(path, "book.xlsx")
    assert result.frame is not None and [r["name"] for r in result.frame.records()] == ["Sở An", "a_x000D_b"]


def test_dates_booleans_and_error_values_keep_their_meaning(runner, tmp_path: Path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["unit_id", "code", "score", "note"])
    sheet.append(["A", datetime(2024, 1, 2), 2, None])  # a code Excel turned into a date
    sheet.append(["A", "1.1.2", True, None])
    sheet.append(["A", "1.2", 3, None])
    sheet.append(["A", "2.1", "=1/0", None])
    sheet.cell(5, 3).number_format = "0"
    folder = write_folder(tmp_path / "case")
    (folder / "self-assessment.csv").unlink()
    workbook.save(folder / "self-assessment.xlsx")
    edit_parts(
        folder / "self-assessment.xlsx", {SHEET: lambda t: t.replace("<f>1/0</f><v />", "<f>1/0</f><v>#DIV/0!</v>")}
    )
    edit_parts(folder / "self-assessment.xlsx", {SHEET: lambda t: t.replace('<c r="C5"', '<c r="C5" t="e"', 1)})
    errors = [(e["code"], e["row"], e["value"]) for e in _report(runner, folder)["errors"]]
    assert ("excel-date", 2, "2024-01-02T00:00:00") in errors
    assert ("invalid-number", 3, "TRUE") in errors
    assert ("invalid-number", 5, "#DIV/0!") in errors


def test_a_date_beyond_excels_calendar_stays_a_number_without_a_warning(tmp_path: Path):
    workbook = Workbook()
    workbook.active.append(["unit_id", "score"])
    workbook.active.append(["A", 1])
    workbook.active.cell(2, 2).number_format = "dd/mm/yyyy"
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    edit_parts(path, {SHEET: lambda t: t.replace("<v>1</v>", "<v>99999999999</v>")})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = read_table(path, "book.xlsx")
    assert result.frame is not None and result.frame.records() == [{"unit_id": "A", "score": "99999999999", "row": 2}]


# -- located errors instead of exit 3 --------------------------------------------------------------------


def _problems(folder: Path, name: str = "appraisal.xlsx") -> list[tuple[str, int | None, str | None, str]]:
    result = read_table(folder / name, name)
    assert result.frame is None
    return [(p.code, p.row, p.column, p.message("en")) for p in result.problems]


def test_cells_that_cannot_be_read_are_located_and_grouped_by_column(tmp_path: Path):
    def damage(text: str) -> str:
        for cell, stored in (("C2", "abc"), ("C3", "NaN"), ("C4", "x")):
            text = re.sub(f'(<c r="{cell}" t="n">)<v>[^<]*</v>', rf"\1<v>{stored}</v>", text)
        return text.replace('<c r="A3" t="s"><v>7</v>', '<c r="A3" t="s"><v>70</v>')

    folder = appraisal_workbook(tmp_path / "case", (SHEET, damage))
    fix = "Open it in Excel, check it and save it again as 'Excel Workbook (*.xlsx)'"
    assert [(code, row, column) for code, row, column, _ in _problems(folder)] == [
        ("unreadable-xlsx", 2, "C"),
        ("unreadable-xlsx", 3, "A"),
    ]
    messages = [message for *_, message in _problems(folder)]
    assert messages[0].startswith(
        "The Excel workbook cannot be read: cell C2 ('abc'), C3 ('NaN'), C4 ('x') of sheet 'Thẩm định' is marked as a "
        "number but holds no number. " + fix
    )
    assert messages[1].startswith(
        "The Excel workbook cannot be read: cell A3 (#70) of sheet 'Thẩm định' refers to a shared"
    )


def test_formulas_without_values_are_named_with_the_fix(tmp_path: Path):
    def formulas(text: str) -> str:
        for cell in ("C2", "C3", "C4"):
            text = re.sub(f'(<c r="{cell}" t="n">)<v>[^<]*</v>', r"\1<f>2+2</f><v/>", text)
        return text.replace("</row></sheetData>", '<c r="E4" t="str"><f>""</f><v></v></c></row></sheetData>')

    folder = appraisal_workbook(tmp_path / "case", (SHEET, formulas))
    assert _problems(folder) == [
        (
            "formula-without-value",
            2,
            "C",
            "Formulas were saved without their values (cell C2, C3, C4 of sheet 'Thẩm định'). Open the file in Excel "
            "and save it again, so the values are stored.",
        )
    ]


def test_a_cut_sheet_says_after_which_row(tmp_path: Path):
    folder = appraisal_workbook(tmp_path / "case", (SHEET, lambda t: t[: t.index('<row r="4"') + 30]))
    assert _problems(folder)[0][:2] == ("unreadable-xlsx", 3)
    assert "sheet 'Thẩm định' is damaged or cut off after row 3" in _problems(folder)[0][3]


def test_cut_shared_texts_and_unsupported_zip_entries_are_damaged_workbooks(tmp_path: Path):
    folder = appraisal_workbook(tmp_path / "cut", (STRINGS, lambda t: t[: len(t) // 2]))
    assert _problems(folder)[0][3].startswith(
        "The Excel workbook cannot be read: its table of shared texts is damaged, cut off or missing."
    )
    folder = appraisal_workbook(tmp_path / "method")
    data = bytearray((folder / "appraisal.xlsx").read_bytes())
    with zipfile.ZipFile(folder / "appraisal.xlsx") as archive:
        offset = archive.getinfo(SHEET).header_offset
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(SHEET)] != SHEET.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    for position in (offset + 8, central + 10):  # compression method 99: AES encryption (WinZip)
        data[position : position + 2] = (99).to_bytes(2, "little")
    (folder / "appraisal.xlsx").write_bytes(bytes(data))
    assert _problems(folder)[0][:2] == ("unreadable-xlsx", None)
    assert "sheet 'Thẩm định' is damaged or cut off before its first row" in _problems(folder)[0][3]


def test_no_library_warning_reaches_the_user(tmp_path: Path):
    def no_type(text: str) -> str:
        return re.sub(r' Type="[^"]*worksheet"', "", text)

    folder = appraisal_workbook(tmp_path / "case", ("xl/_rels/workbook.xml.rels", no_type), drop=("xl/styles.xml",))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        problems = _problems(folder)
    assert problems[0][3].startswith(
        "The Excel workbook cannot be read: the contents of sheet 'Thẩm định' are missing from the file."
    )


def test_openpyxl_parses_workbook_xml_with_defusedxml():
    from openpyxl.xml import functions

    assert functions.fromstring.__module__.startswith("defusedxml")
    assert functions.iterparse.__module__.startswith("defusedxml")


@pytest.mark.parametrize("part", [SHEET, STRINGS, "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"])
def test_an_entity_bomb_in_any_part_is_refused_at_once(part: str, tmp_path: Path):
    laughs = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10))

    def bomb(text: str) -> str:
        start = text.index("<", text.index("?>") + 2 if text.startswith("<?xml") else 0)
        root = re.match(r"<([\w:]+)", text[start:]).group(1)  # type: ignore[union-attr]
        return text[:start] + f"<!DOCTYPE {root} [{laughs}]>" + text[start:]

    folder = appraisal_workbook(tmp_path / "case", (part, bomb))
    started = time.perf_counter()
    problems = _problems(folder)
    assert time.perf_counter() - started < 2
    assert problems[0][0] == "unreadable-xlsx"
    assert "declares a DTD or XML entities" in problems[0][3]


def test_an_external_entity_is_never_resolved(runner, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")

    def external(text: str) -> str:
        doctype = f'<!DOCTYPE sst [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'
        return text.replace("<sst", doctype + "<sst", 1).replace("<t>A</t>", "<t>&e;</t>", 1)

    folder = appraisal_workbook(tmp_path / "case", (STRINGS, external))
    for command in (("validate", folder), ("score", folder)):
        result = invoke(runner, *command)
        assert result.exit_code == 1 and "TOP-SECRET" not in result.output


def test_password_protected_and_legacy_workbooks_say_what_to_do(runner, tmp_path: Path):
    from hostile.cases_xlsx import ole

    encrypted = _report(runner, ole(tmp_path / "enc", ["EncryptionInfo", "EncryptedPackage"]), "vi")["errors"][0]
    assert (encrypted["code"], encrypted["file"]) == ("encrypted-file", "appraisal.xlsx")
    assert "Tệp > Thông tin > Bảo vệ Sổ làm việc" in encrypted["message"]
    legacy = _report(runner, ole(tmp_path / "xls", ["Workbook"]))["errors"][0]
    assert legacy["code"] == "legacy-xls"
    assert legacy["message"].endswith("In Excel use File > Save As > 'Excel Workbook (*.xlsx)'.")


def test_messages_in_vietnamese_carry_no_english_detail(runner, tmp_path: Path):
    folder = appraisal_workbook(tmp_path / "case", (SHEET, lambda t: t.replace("<v>4.5</v>", "<v>abc</v>")))
    message = _report(runner, folder, "vi")["errors"][0]["message"]
    assert message.startswith(
        "Không đọc được tệp Excel: ô C2 ('abc') của trang tính 'Thẩm định' được đánh dấu là số nhưng không chứa số."
    )
    assert not re.search(r"\b(the|sheet|cell|marked|damaged)\b", message)


# -- bounded work ---------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path):
    folder = appraisal_workbook(tmp_path / "case", (SHEET, lambda t: t + " " * 50_000_000), level=9)
    started = time.perf_counter()
    problems = _problems(folder)
    assert time.perf_counter() - started < 1
    assert problems[0][0] == "too-large"
    assert "part xl/worksheets/sheet1.xml unpacks" in problems[0][3] and "at most 200 times" in problems[0][3]


def test_the_total_unpacked_size_and_file_size_are_bounded(monkeypatch, tmp_path: Path):
    folder = appraisal_workbook(tmp_path / "case")
    monkeypatch.setattr(limits, "MAX_XLSX_UNCOMPRESSED_BYTES", 10_000)
    message = _problems(folder)[0][3]
    assert re.match(
        r"Too large to read: the workbook's parts unpack to 0\.0 MiB; parindex reads at most 0\.0 MiB unpacked", message
    )
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    assert _problems(folder)[0][3].startswith("Too large to read: the workbook is 0.0 MiB")


def test_a_zip_of_countless_parts_is_refused_before_it_is_listed(tmp_path: Path):
    extra = {f"customXml/item{n}.xml": b"" for n in range(limits.MAX_XLSX_PARTS)}
    folder = appraisal_workbook(tmp_path / "case", add=extra)
    started = time.perf_counter()
    problems = _problems(folder)
    assert time.perf_counter() - started < 1
    assert problems[0][3].startswith(
        "Too large to read: the workbook holds 10,010 parts; parindex reads at most 10,000 parts"
    )


def test_rows_columns_and_cell_length_are_bounded(monkeypatch, tmp_path: Path):
    long_text = "".join(random.Random(1).choices("ăâêôơưđ abc", k=limits.MAX_CELL_CHARS + 1))
    folder = appraisal_workbook(
        tmp_path / "long",
        (
            SHEET,
            lambda t: t.replace('<row r="3">', f'<row r="3"><c r="D3" t="inlineStr"><is><t>{long_text}</t></is></c>'),
        ),
    )
    assert _problems(folder)[0][:3] == ("too-large", 3, "D")
    assert (
        "cell D3 of sheet 'Thẩm định' holds more characters; parindex reads at most 32,767 characters"
        in _problems(folder)[0][3]
    )
    shared = appraisal_workbook(tmp_path / "shared", (STRINGS, lambda t: t.replace("<t>A</t>", f"<t>{long_text}</t>")))
    assert _problems(shared)[0][3].startswith("Too large to read: a text in the workbook is longer than a cell holds")
    clean = appraisal_workbook(tmp_path / "clean")
    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    assert _problems(clean)[0][3].startswith(
        "Too large to read: sheet 'Thẩm định' has more rows; parindex reads at most 2 rows"
    )
    monkeypatch.setattr(limits, "MAX_ROWS", 5_000_000)
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    assert _problems(clean)[0][:3] == ("too-large", 1, "D")  # the header's fourth column


def test_a_huge_text_is_refused_after_a_few_megabytes(tmp_path: Path):
    # text that compresses like real text (a repeated one would be refused as a zip bomb first)
    noise = "".join(random.Random(15).choices("abcdefghijklmnopqrstuvwxyz ", k=2_500_000))
    folder = appraisal_workbook(
        tmp_path / "case", (STRINGS, lambda t: t.replace("</sst>", "<si><t>" + noise + "</t></si></sst>"))
    )
    started = time.perf_counter()
    problems = _problems(folder)
    assert time.perf_counter() - started < 1
    assert problems[0][0] == "too-large"


def test_a_sheet_claiming_every_cell_of_excel_reads_in_its_own_time(tmp_path: Path):
    folder = appraisal_workbook(tmp_path / "case", _dimension("A1:XFD1048576"))
    started = time.perf_counter()
    result = read_table(folder / "appraisal.xlsx", "appraisal.xlsx")
    assert time.perf_counter() - started < 1
    assert (
        result.frame is not None
        and len(result.frame) == 3
        and list(result.frame.columns) == ["unit_id", "code", "score", "note"]
    )


def test_a_file_named_xlsx_that_is_not_a_workbook_is_not_called_an_encoding_error(tmp_path: Path):
    folder = folder_with(tmp_path / "case", "appraisal", lambda path: path.write_text("unit_id,code\nA,1\n"))
    assert _problems(folder)[0][0] == "unreadable-xlsx"
    assert "if it is CSV text, rename it to .csv" in _problems(folder)[0][3]


def test_a_zip_that_is_not_a_workbook_says_so(tmp_path: Path):
    def make(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr("content.xml", "<office:document-content/>")

    folder = folder_with(tmp_path / "case", "appraisal", make)
    assert _problems(folder)[0][3].startswith(
        "The Excel workbook cannot be read: it is a zip archive but not an Excel workbook (an OpenDocument .ods"
    )


def test_the_strict_open_xml_namespace_reads_the_same(tmp_path: Path):
    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    edits = [(part, lambda t: t.replace(main, strict)) for part in ("xl/workbook.xml", SHEET, STRINGS)]
    folder = appraisal_workbook(tmp_path / "case", *edits)
    result = read_table(folder / "appraisal.xlsx", "appraisal.xlsx")
    assert result.frame is not None and [r["score"] for r in result.frame.records()] == ["4.5", "1", "4"]


def test_a_workbook_under_a_csv_name_is_read_as_a_workbook(tmp_path: Path):
    folder = folder_with(
        tmp_path / "case", "appraisal", lambda path: save_workbook(path, [("S", APPRAISAL, "visible")])
    )
    (folder / "appraisal.xlsx").rename(folder / "appraisal.csv")
    result = read_table(folder / "appraisal.csv", "appraisal.csv")
    assert result.frame is not None and len(result.frame) == 3


def test_the_mini_self_assessment_survives_the_round_trip(tmp_path: Path):
    path = save_workbook(tmp_path / "self.xlsx", [("S", MINI_SELF, "visible")])
    result = read_table(path, "self.xlsx")
    assert result.problems == [] and result.frame is not None
    assert [r["score"] for r in result.frame.records()] == ["2", "1.5", "3", "6", "2", "2", "2", "5"]
