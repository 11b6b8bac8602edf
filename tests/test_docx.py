"""`parindex export --docx`: the Word annexes, read back with python-docx and compared with `score`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from typer.testing import CliRunner

from conftest import EXAMPLE, write_folder
from parindex.cli import app
from parindex.publication import Publication, parse_date

PREVIOUS = EXAMPLE.parent / "lai-chau-2022"
OPTIONS = ("--decision", "694", "--date", "2024-05-15", "--issuer", "UBND tỉnh Lai Châu")
HEADER_VI = [
    "Xếp hạng",
    "Tên đơn vị",
    "Điểm tự đánh giá",
    "Điểm thẩm định",
    "Điểm điều tra XHH",
    "Tổng điểm",
    "Điểm tối đa",
    "Chỉ số CCHC (%)",
]
AMOUNTS = ("self_total", "appraisal_total", "survey_total", "total", "max_points", "index")


def run(runner: CliRunner, *args: str | Path, lang: str = "vi"):
    return runner.invoke(app, [str(a) for a in args], env={"PARINDEX_LANG": lang, "COLUMNS": "200"})


def export(runner: CliRunner, out: Path, *extra: str | Path, folder: Path = EXAMPLE, lang: str = "vi") -> Document:
    result = run(runner, "export", folder, "--docx", out, *extra, lang=lang)
    assert result.exit_code == 0, result.output
    return docx.Document(str(out))


def ranking_tables(document: Document) -> list[list[list[str]]]:
    """The ranking tables (the bordered ones), as rows of cell texts."""
    tables = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
    grids = [[[cell.text for cell in row.cells] for row in table.rows] for table in tables]
    return [grid for grid in grids if grid[0][0] not in ("Loại", "Kind")]  # not the closing "Nguồn dữ liệu" table


def paragraphs(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


@pytest.fixture(scope="module")
def score_json() -> dict:
    result = CliRunner().invoke(app, ["score", str(EXAMPLE), "--format", "json"], env={"PARINDEX_LANG": "en"})
    assert result.exit_code == 0
    return json.loads(result.stdout)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_every_cell_equals_score_json(runner: CliRunner, tmp_path: Path, score_json: dict) -> None:
    document = export(runner, tmp_path / "phu-luc.docx", *OPTIONS)
    tables = ranking_tables(document)
    assert len(tables) == len(score_json["groups"]) == 2
    for table, group in zip(tables, score_json["groups"], strict=True):
        rows = [r for r in score_json["rows"] if r["group"] == group["key"]]
        assert table[0] == HEADER_VI
        assert len(table) == len(rows) + 2  # header, units, mean
        for cells, row in zip(table[1:-1], rows, strict=True):
            rank = "—" if row["rank"] is None else f"{row['rank']}{'=' if row['tied'] else ''}"
            assert cells == [rank, row["name"], *(comma(row[key]) for key in AMOUNTS)]
        assert table[-1] == ["", "Chỉ số trung bình của nhóm", "", "", "", "", "", comma(group["mean_index"])]
    so = tables[0]
    assert [r[0] for r in so[1:-1]].count("14=") == 2  # the tie as the published annex shows it
    assert so[-1][-1] == "83,55" and tables[1][-1][-1] == "86,92"


def test_publication_lines_from_options(runner: CliRunner, tmp_path: Path) -> None:
    document = export(runner, tmp_path / "a.docx", *OPTIONS)
    heading = document.tables[0].rows[0].cells
    assert heading[0].text == "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU"
    motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert heading[1].text == motto + "\nLai Châu, ngày 15 tháng 5 năm 2024"
    texts = paragraphs(document)
    line = "(Kèm theo Quyết định số 694/QĐ-UBND ngày 15/5/2024 của UBND tỉnh Lai Châu)"
    assert texts[:4] == ["PHỤ LỤC 1", "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023", "SỞ, BAN, NGÀNH TỈNH", line]
    assert texts.count(line) == 2
    assert "PHỤ LỤC 2" in texts and "UBND CÁC HUYỆN, THÀNH PHỐ" in texts


def test_publication_lines_left_dotted(runner: CliRunner, tmp_path: Path) -> None:
    document = export(runner, tmp_path / "a.docx")
    heading = document.tables[0].rows[0].cells
    assert heading[0].text == "ỦY BAN NHÂN DÂN\n…"
    assert heading[1].text.endswith("\nngày … tháng … năm …")
    assert "(Kèm theo Quyết định số …/QĐ-UBND ngày … của …)" in paragraphs(document)


def test_publication_from_parindex_toml_options_win(runner: CliRunner, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLE, tmp_path / "lai-chau")
    with (folder / "parindex.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[publication]\ndecision = "694/QĐ-UBND"\ndate = 2024-05-15\nissuer = "UBND tỉnh Lai Châu"\n')
    document = export(runner, tmp_path / "a.docx", folder=folder)
    assert "(Kèm theo Quyết định số 694/QĐ-UBND ngày 15/5/2024 của UBND tỉnh Lai Châu)" in paragraphs(document)
    document = export(runner, tmp_path / "b.docx", "--decision", "700", "--date", "2024-06-01", folder=folder)
    assert "(Kèm theo Quyết định số 700/QĐ-UBND ngày 1/6/2024 của UBND tỉnh Lai Châu)" in paragraphs(document)


def test_signature_block(runner: CliRunner, tmp_path: Path) -> None:
    document = export(runner, tmp_path / "a.docx")
    signatures = [t for t in document.tables if t.style is None or t.style.name != "Table Grid"][1::2]
    assert len(signatures) == 2
    for table in signatures:
        left, right = table.rows[0].cells
        assert right.text == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"  # the name is left blank
        assert left.text == ""


def test_english(runner: CliRunner, tmp_path: Path) -> None:
    document = export(runner, tmp_path / "a.docx", *OPTIONS, "--lang", "en", lang="en")
    texts = paragraphs(document)
    assert "ANNEX 1" in texts and "PAR INDEX RESULTS 2023" in texts
    assert "(Attached to Decision No. 694/QĐ-UBND dated 15/5/2024 of UBND tỉnh Lai Châu)" in texts
    assert document.tables[0].rows[0].cells[1].text.endswith("Lai Châu, 15 May 2024")
    table = ranking_tables(document)[0]
    assert table[0][0] == "Rank" and table[1][2] == "68.00"


def test_landscape_only_when_wide_and_change_phrase(runner: CliRunner, tmp_path: Path) -> None:
    narrow = export(runner, tmp_path / "a.docx")
    assert {s.orientation for s in narrow.sections} == {WD_ORIENT.PORTRAIT}
    wide = export(runner, tmp_path / "b.docx", "--previous", PREVIOUS)
    assert [s.orientation for s in wide.sections] == [WD_ORIENT.LANDSCAPE] * 2
    assert wide.sections[0].page_width > wide.sections[0].page_height
    table = ranking_tables(wide)[0]
    assert table[0][-1] == "So với năm trước"
    assert table[1][-1] == "tăng 5,84 %, tăng 08 bậc"


def test_rows_repeat_and_do_not_split(runner: CliRunner, tmp_path: Path) -> None:
    document = export(runner, tmp_path / "a.docx")
    for table in [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]:
        rows = [row._tr for row in table.rows]
        assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        assert all(tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for tr in rows)
        assert all(tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is None for tr in rows[1:])


def test_page_numbers_in_footer(runner: CliRunner, tmp_path: Path) -> None:
    document = export(runner, tmp_path / "a.docx")
    footer = document.sections[0].footer.paragraphs[0]
    instructions = [e.text.strip() for e in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text == "Trang 1/1"  # the fields' placeholders; Word and LibreOffice fill in the numbers
    assert all(section.footer.is_linked_to_previous for section in document.sections[1:])


def test_times_new_roman(runner: CliRunner, tmp_path: Path) -> None:
    document = export(runner, tmp_path / "a.docx")
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13


def test_reproducible_bytes(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    export(runner, tmp_path / "a.docx", *OPTIONS)
    export(runner, tmp_path / "b.docx", *OPTIONS)
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    assert docx.Document(str(tmp_path / "a.docx")).core_properties.created.year == 2023


def test_xlsx_and_docx_together(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "export", EXAMPLE, "--xlsx", tmp_path / "a.xlsx", "--docx", tmp_path / "a.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.xlsx").stat().st_size > 0 and (tmp_path / "a.docx").stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "lang", "message"),
    [
        ((), "en", "Give --xlsx PATH.xlsx, --docx PATH.docx, or both."),
        ((), "vi", "Hãy cho --xlsx TỆP.xlsx, --docx TỆP.docx, hoặc cả hai."),
        (("--docx", "a.doc"), "en", "--docx needs a file name ending in .docx (got 'a.doc')."),
        (
            ("--docx", "a.docx", "--date", "15/5/2024"),
            "en",
            "--date needs a date written YYYY-MM-DD, such as 2024-05-15 (got '15/5/2024').",
        ),
        (
            ("--docx", "a.docx", "--date", "2024-02-30"),
            "vi",
            "--date cần một ngày viết YYYY-MM-DD, ví dụ 2024-05-15 (nhận được '2024-02-30').",
        ),
    ],
)
def test_usage_errors(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], lang: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, "export", EXAMPLE, *args, lang=lang)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "a.docx").exists()


def test_bad_date_in_parindex_toml_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLE, tmp_path / "lai-chau")
    with (folder / "parindex.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[publication]\ndate = "15/5/2024"\n')
    result = run(runner, "export", folder, "--docx", tmp_path / "a.docx", lang="en")
    assert result.exit_code == 2
    assert "parindex.toml [publication] date needs a date written YYYY-MM-DD" in " ".join(result.output.split())
    assert run(runner, "export", folder, "--docx", tmp_path / "a.docx", "--date", "2024-05-15").exit_code == 0


def test_refused_over_an_input(runner: CliRunner, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLE, tmp_path / "lai-chau")
    notes = folder / "ghi-chu.docx"  # any file of the folder is an input
    notes.write_bytes(b"not to be overwritten")
    result = run(runner, "export", folder, "--docx", notes, lang="en")
    assert result.exit_code == 2
    assert notes.read_bytes() == b"not to be overwritten"


def test_invalid_folder_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLE, tmp_path / "lai-chau")
    (folder / "units.csv").write_text("unit_id,name\n", encoding="utf-8")
    result = run(runner, "export", folder, "--docx", tmp_path / "a.docx", lang="en")
    assert result.exit_code == 1
    assert not (tmp_path / "a.docx").exists()


@pytest.mark.parametrize(
    ("issuer", "body", "place"),
    [
        ("UBND tỉnh Lai Châu", ("ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"), "Lai Châu"),
        ("Ủy ban nhân dân thành phố Hà Nội", ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"), "Hà Nội"),
        ("Sở Nội vụ tỉnh Lai Châu", ("SỞ NỘI VỤ TỈNH LAI CHÂU", ""), ""),
        (None, ("ỦY BAN NHÂN DÂN", "…"), ""),
    ],
)
def test_issuing_body(issuer: str | None, body: tuple[str, str], place: str) -> None:
    publication = Publication(issuer=issuer)
    assert publication.body_lines() == body
    assert publication.place() == place


def test_decision_number_and_dates() -> None:
    assert Publication(decision="694").number() == "694/QĐ-UBND"
    assert Publication(decision="12/QĐ-CT").number() == "12/QĐ-CT"
    date = parse_date("2024-05-15", "--date")
    assert Publication(date=date).long_date("vi") == "ngày 15 tháng 5 năm 2024"
    assert Publication(date=date).short_date() == "15/5/2024"


def test_pdf_shows_every_unit(runner: CliRunner, tmp_path: Path, score_json: dict) -> None:
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are not installed: the PDF rendering is not checked")
    export(runner, tmp_path / "phu-luc.docx", *OPTIONS)
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(tmp_path / "phu-luc.docx")], check=True, capture_output=True, timeout=180)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "phu-luc.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    for row in score_json["rows"]:
        assert comma(row["index"]) in flat
        assert row["name"].split()[-1] in flat  # a long name may wrap inside its cell
    assert "PHỤ LỤC 2" in flat and "TM. ỦY BAN NHÂN DÂN" in flat and "Trang 1/" in flat


def test_band_column_and_hand_worked_values(runner: CliRunner, tmp_path: Path) -> None:
    units = "unit_id,name,group,ranked\nA,Sở An,so,yes\nB,Sở Bình,so,yes\n"
    bands = '\nbands = [{min = 82, label = "Tốt"}, {min = 0, label = "Khá"}]\n'
    folder = write_folder(tmp_path / "m", units=units, decimals=3, bands=bands)
    document = export(runner, tmp_path / "m.docx", folder=folder)
    (table,) = ranking_tables(document)
    assert table[0] == [*HEADER_VI, "Xếp loại"]  # 9 columns: landscape
    # A: 12.5 self, 11 appraisal, 5.6 survey, 16.6 of 20 = 83 %, band Tốt; B: 16 of 20 = 80 %, Khá
    assert table[1] == ["1", "Sở An", "12,500", "11,000", "5,600", "16,600", "20,000", "83,000", "Tốt"]
    assert table[2][0:2] == ["2", "Sở Bình"] and table[2][5:] == ["16,000", "20,000", "80,000", "Khá"]
    assert table[3][1] == "Chỉ số trung bình của nhóm" and table[3][7] == "81,500"
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE


def test_the_xlsx_annexes_carry_the_decisions_line_when_it_is_given(runner: CliRunner, tmp_path: Path) -> None:
    """The same "Kèm theo Quyết định" line as the Word annex, in row 3 of every annex sheet; none without it."""
    from openpyxl import load_workbook

    given = run(runner, "export", EXAMPLE, "--xlsx", tmp_path / "given.xlsx", *OPTIONS)
    assert given.exit_code == 0, given.output
    book = load_workbook(tmp_path / "given.xlsx")
    annexes = [sheet for sheet in book.worksheets if sheet.title.startswith("Phụ lục")]
    assert len(annexes) == 2
    line = "(Kèm theo Quyết định số 694/QĐ-UBND ngày 15/5/2024 của UBND tỉnh Lai Châu)"
    assert [sheet["A3"].value for sheet in annexes] == [line, line]
    plain = run(runner, "export", EXAMPLE, "--xlsx", tmp_path / "plain.xlsx")
    assert plain.exit_code == 0, plain.output
    assert [s["A3"].value for s in load_workbook(tmp_path / "plain.xlsx").worksheets[:2]] == [None, None]


def test_the_html_report_carries_the_decisions_line_and_signature_when_given(runner: CliRunner, tmp_path: Path) -> None:
    given = run(runner, "report", EXAMPLE, "--html", tmp_path / "given.html", *OPTIONS)
    assert given.exit_code == 0, given.output
    page = (tmp_path / "given.html").read_text(encoding="utf-8")
    assert '<p class="attached">(Kèm theo Quyết định số 694/QĐ-UBND ngày 15/5/2024 của UBND tỉnh Lai Châu)</p>' in page
    assert '<section class="signature"><p>TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</p></section>' in page
    plain = run(runner, "report", EXAMPLE, "--html", tmp_path / "plain.html")
    assert plain.exit_code == 0, plain.output
    page = (tmp_path / "plain.html").read_text(encoding="utf-8")
    assert 'class="attached"' not in page and 'class="signature"' not in page
    bad = run(runner, "report", EXAMPLE, "--html", tmp_path / "bad.html", "--date", "15/5/2024", lang="en")
    assert bad.exit_code == 2 and not (tmp_path / "bad.html").exists()
