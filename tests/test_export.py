"""`parindex export --xlsx`: the annex workbook, read back with openpyxl and compared with `score`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from conftest import EXAMPLE, MINI_SELF, invoke, write_folder
from parindex import excel
from parindex.assessment import load_assessment
from parindex.details import leaf_details
from parindex.excel import SHEET_NAME_LIMIT, annex_sheet_name, clean_sheet_name, short_group_name
from parindex.scoring import score_assessment

HEADERS_VI = [
    "STT",
    "Tên đơn vị",
    "Điểm tự đánh giá",
    "Điểm thẩm định",
    "Điểm điều tra XHH",
    "Tổng điểm",
    "Điểm tối đa",
    "Điểm bị mất",
    "Chỉ số CCHC (%)",
    "Xếp hạng",
    "Ghi chú",
]
HEADER_ROW = 4


def export(runner, folder: Path, out: Path, *extra: str):
    result = invoke(runner, "export", folder, "--xlsx", out, *extra)
    assert result.exit_code == 0, result.output
    return load_workbook(out)


def table(sheet) -> tuple[list[str], list[dict[str, object]], dict[str, object]]:
    """Header, unit rows (as dicts) and the group-mean row of an annex sheet."""
    header = [c.value for c in sheet[HEADER_ROW]]
    rows: list[dict[str, object]] = []
    for cells in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        record = dict(zip(header, cells, strict=True))
        if record["STT"] is None:
            return header, rows, record
        rows.append(record)
    raise AssertionError("no mean row")


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Sở, ban, ngành tỉnh", "Sở, ban, ngành"),
        ("UBND các huyện, thành phố", "UBND huyện, thành phố"),
        ("Các sở, ban, ngành", "Sở, ban, ngành"),
        ("Cơ quan chuyên môn thuộc tỉnh", "Cơ quan chuyên môn thuộc tỉnh"),  # "tỉnh" needed after "thuộc"
        ("Tỉnh đoàn tỉnh", "Tỉnh đoàn"),  # only a trailing "tỉnh" goes
    ],
)
def test_short_group_names(name: str, short: str):
    assert short_group_name(name) == short


def test_annex_sheet_names_fit_excel():
    assert annex_sheet_name(1, "Sở, ban, ngành tỉnh") == "Phụ lục 1 - Sở, ban, ngành"
    # "Phụ lục 2 - UBND huyện, thành phố" has 33 characters; Excel allows 31 -> common abbreviation
    assert annex_sheet_name(2, "UBND các huyện, thành phố") == "Phụ lục 2 - UBND huyện, TP"
    assert annex_sheet_name(2, "UBND các huyện, thành phố", "en") == "Annex 2 - UBND huyện, thành phố"
    long = annex_sheet_name(3, "Các đơn vị sự nghiệp công lập trực thuộc Ủy ban nhân dân tỉnh")
    assert long == "Phụ lục 3 - Đơn vị sự nghiệp" and len(long) <= SHEET_NAME_LIMIT  # cut at a word
    odd = annex_sheet_name(4, "Ban/Sở [mới]: *loại?* \\ khác")
    assert not set("[]:*?/\\") & set(odd) and odd.startswith("Phụ lục 4 - Ban Sở mới")
    assert clean_sheet_name("'Sở'") == "Sở"


@pytest.fixture(scope="module")
def example_book(tmp_path_factory: pytest.TempPathFactory):
    """The example exported once for the tests that only read it (an export takes about a second)."""
    return export(CliRunner(), EXAMPLE, tmp_path_factory.mktemp("export") / "ket-qua.xlsx", "--lang", "vi")


def test_example_round_trip(runner, example_book):
    workbook = example_book
    assert workbook.sheetnames == [
        "Phụ lục 1 - Sở, ban, ngành",
        "Phụ lục 2 - UBND huyện, TP",
        "Chi tiết",
        "Nguồn dữ liệu",
    ]
    score = json.loads(invoke(runner, "score", EXAMPLE, "--format", "json", "--lang", "vi").stdout)
    rows = {(r["group"], r["unit_id"]): r for r in score["rows"]}
    for key, sheet in zip(("so", "huyen"), workbook.worksheets[:2], strict=True):
        group = next(g for g in score["groups"] if g["key"] == key)
        assert sheet.cell(1, 1).value.startswith(f"Phụ lục {1 if key == 'so' else 2}. ")
        assert "năm 2023" in sheet.cell(1, 1).value and group["name"] in sheet.cell(1, 1).value
        assert "1726/QĐ-UBND" in sheet.cell(2, 1).value and "29/12/2022" in sheet.cell(2, 1).value
        header, units, mean = table(sheet)
        domains = [f"Lĩnh vực {code} (%)" for code in group["domains"]]
        assert header == HEADERS_VI + domains + ["Mã đơn vị"]  # no bands in this framework: no Xếp loại
        expected = [r for r in score["rows"] if r["group"] == key]
        assert [u["Mã đơn vị"] for u in units] == [r["unit_id"] for r in expected]  # rank order
        assert [u["STT"] for u in units] == list(range(1, len(units) + 1))
        for unit in units:
            row = rows[(key, unit["Mã đơn vị"])]
            assert unit["Tên đơn vị"] == row["name"]
            assert unit["Điểm tự đánh giá"] == row["self_total"]
            assert unit["Điểm thẩm định"] == row["appraisal_total"]
            assert unit["Điểm điều tra XHH"] == row["survey_total"]
            assert unit["Tổng điểm"] == row["total"]
            assert unit["Điểm tối đa"] == row["max_points"]
            assert unit["Điểm bị mất"] == row["points_lost"]
            assert unit["Chỉ số CCHC (%)"] == row["index"]
            assert unit["Xếp hạng"] == row["rank"]
            for code in group["domains"]:
                assert unit[f"Lĩnh vực {code} (%)"] == row[f"index_{code}"]
            marker = "Không xếp hạng" if row["rank"] is None else ("Đồng hạng" if row["tied"] else None)
            assert unit["Ghi chú"] == marker
        assert mean["Tên đơn vị"] == "Chỉ số trung bình của nhóm"
        assert mean["Chỉ số CCHC (%)"] == group["mean_index"]
        # numbers are numbers, shown at the framework's precision; a tied rank shows "14=" but stays 14
        first = sheet.cell(HEADER_ROW + 1, 9)
        assert first.data_type == "n" and first.number_format == "0.00"
        tied = [c for c in sheet["J"] if c.number_format == '0"="']
        assert all(isinstance(c.value, int) for c in tied)
        assert len(tied) == sum(1 for r in expected if r["tied"])
        assert sheet.freeze_panes == "C5"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.column_dimensions["B"].width >= max(len(u["Tên đơn vị"]) for u in units)  # names fit
    # the example's ties: Sở Công Thương and Sở Tư pháp share rank 14 (examples/generate_illustrative.py)
    _, units, _ = table(workbook.worksheets[0])
    assert [(u["Mã đơn vị"], u["Xếp hạng"]) for u in units if u["Ghi chú"] == "Đồng hạng"] == [
        ("SCT", 14),
        ("STP", 14),
    ]


def test_example_details_sheet(example_book):
    sheet = example_book["Chi tiết"]
    header = [c.value for c in sheet[3]]
    assert header[:8] == [
        "Nhóm",
        "Mã đơn vị",
        "Tên đơn vị",
        "Lĩnh vực",
        "Mã tiêu chí",
        "Tên tiêu chí",
        "Phương pháp",
        "Điểm tối đa",
    ]
    assert header[8:] == [
        "Điểm tự đánh giá",
        "Điểm thẩm định",
        "Chênh lệch",
        "Điểm đạt",
        "Điểm bị mất",
        "Ý kiến thẩm định",
        "Ghi chú tự đánh giá",
        "Tài liệu kiểm chứng",
        "Giải trình",
    ]
    details = leaf_details(load_assessment(EXAMPLE))
    body = [
        dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=4, max_row=3 + len(details), values_only=True)
    ]
    # in the annexes' order (group, then rank, then name), each unit's criteria in framework order
    ranked = [s.unit.unit_id for g in score_assessment(load_assessment(EXAMPLE)).groups.values() for s in g.units]
    expected = [(uid, d.code) for uid in ranked for d in details if d.unit_id == uid]
    assert [(r["Mã đơn vị"], r["Mã tiêu chí"]) for r in body] == expected
    assert sheet.cell(4 + len(details), 1).value is None  # nothing else in the table
    by_key = {(r["Mã đơn vị"], r["Mã tiêu chí"]): r for r in body}
    sngv = by_key[("SNGV", "2.1.1")]
    assert (sngv["Điểm tự đánh giá"], sngv["Điểm đạt"]) == ("KAD", "KAD")
    assert sngv["Ghi chú tự đánh giá"] == "Sở không chủ trì xây dựng VBQPPL trong năm"
    for d in details:
        r = by_key[(d.unit_id, d.code)]
        assert r["Điểm tối đa"] == float(d.max_points) and r["Điểm bị mất"] == float(d.lost)
        if d.appraised is not None:
            assert r["Điểm thẩm định"] == float(d.appraised) and r["Ý kiến thẩm định"] == (d.note or None)
    assert sheet.auto_filter.ref == f"A3:Q{3 + len(details)}"


def test_mini_values_by_hand_and_formula_neutralised(runner, tmp_path: Path):
    units = 'unit_id,name,group,ranked\nA,Sở An,so,yes\nB,"=HYPERLINK(""http://x"",""B"")",so,yes\n'
    bands = '\nbands = [{min = 82, label = "Tốt"}, {min = 0, label = "Khá"}]\n'
    folder = write_folder(tmp_path / "m", units=units, decimals=3, bands=bands)
    workbook = export(runner, folder, tmp_path / "m.xlsx", "--lang", "vi")
    assert workbook.sheetnames == ["Phụ lục 1 - Sở, ban, ngành", "Chi tiết", "Nguồn dữ liệu"]
    header, rows, mean = table(workbook.worksheets[0])
    assert header == HEADERS_VI + ["Xếp loại", "Lĩnh vực 1 (%)", "Lĩnh vực 2 (%)", "Mã đơn vị"]
    a, b = rows
    # A: 12.5 self, 11 appraisal, 5.6 survey, 16.6 of 20 = 83 %; domains 89 % and 77 %; band Tốt (>= 82)
    assert [a[h] for h in header[2:]] == [12.5, 11, 5.6, 16.6, 20, 3.4, 83, 1, None, "Tốt", 89, 77, "A"]
    # B: 16 of 20 = 80 %, rank 2, band Khá; the mean is (83 + 80) / 2 = 81.5
    assert (b["Tổng điểm"], b["Chỉ số CCHC (%)"], b["Xếp hạng"], b["Xếp loại"]) == (16, 80, 2, "Khá")
    assert mean["Chỉ số CCHC (%)"] == 81.5
    assert workbook.worksheets[0].cell(HEADER_ROW + 1, 9).number_format == "0.000"  # decimals = 3
    # a name a spreadsheet would run as a formula is stored as text, neutralised
    name_cell = workbook.worksheets[0].cell(HEADER_ROW + 2, 2)
    assert name_cell.data_type == "s" and name_cell.value.startswith("'=")
    english = export(runner, folder, tmp_path / "en.xlsx", "--lang", "en")
    assert english.sheetnames == ["Annex 1 - Sở, ban, ngành", "Details", "Sources"]
    assert [c.value for c in english.worksheets[0][HEADER_ROW]][:3] == ["No.", "Unit", "Self score"]


def test_refuses_inputs_and_bad_names(runner, tmp_path: Path):
    folder = write_folder(tmp_path / "m", self_assessment=None)
    # a self-assessment given as .xlsx is an input the export must never overwrite
    book = Workbook()
    sheet = book.active
    for line in MINI_SELF.splitlines():
        sheet.append(line.split(",")[:3])
    target = folder / "self-assessment.xlsx"
    book.save(target)
    before = target.read_bytes()
    result = invoke(runner, "export", folder, "--xlsx", target)
    assert result.exit_code == 2 and "input file" in result.output
    assert target.read_bytes() == before
    assert invoke(runner, "export", folder, "--xlsx", tmp_path / "x.csv").exit_code == 2
    assert invoke(runner, "export", folder, "--xlsx", tmp_path / "nowhere" / "x.xlsx").exit_code == 2
    assert invoke(runner, "export", folder).exit_code == 2  # --xlsx is required
    ok = invoke(runner, "export", folder, "--xlsx", tmp_path / "ok.xlsx")
    assert ok.exit_code == 0, ok.output


def test_no_details_writes_the_same_annexes_only(runner, example_book, tmp_path: Path):
    book = export(runner, EXAMPLE, tmp_path / "annexes.xlsx", "--no-details", "--lang", "vi")
    assert book.sheetnames == [name for name in example_book.sheetnames if name != "Chi tiết"]
    for name in book.sheetnames[:-1]:  # the last, "Nguồn dữ liệu", has the time of each run
        assert list(book[name].values) == list(example_book[name].values)


def test_details_beyond_excel_rows_are_refused_before_any_work(runner, tmp_path: Path, monkeypatch):
    """The example has 20 sở × 70 criteria + 8 huyện × 73 = 1,984 detail rows (counted in units.csv)."""
    results = score_assessment(load_assessment(EXAMPLE))
    rows = excel.detail_row_count(results)
    assert rows == 1984
    assert rows == len(leaf_details(load_assessment(EXAMPLE)))
    monkeypatch.setattr(excel, "EXCEL_MAX_ROWS", rows + excel.DETAILS_EXTRA_ROWS - 1)
    out = tmp_path / "too-big.xlsx"
    refused = invoke(runner, "export", EXAMPLE, "--xlsx", out)
    assert refused.exit_code == 2
    assert f"{rows:,} rows" in refused.output and "--no-details" in refused.output
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert invoke(runner, "export", EXAMPLE, "--xlsx", out, "--no-details").exit_code == 0
    monkeypatch.setattr(excel, "EXCEL_MAX_ROWS", rows + excel.DETAILS_EXTRA_ROWS)
    assert invoke(runner, "export", EXAMPLE, "--xlsx", tmp_path / "fits.xlsx").exit_code == 0


def test_a_large_details_sheet_is_announced(runner, tmp_path: Path, monkeypatch):
    from parindex.cli import export as export_command

    monkeypatch.setattr(export_command, "SLOW_DETAIL_ROWS", 1000)
    result = invoke(runner, "export", EXAMPLE, "--xlsx", tmp_path / "x.xlsx")
    assert result.exit_code == 0
    assert "The Details sheet has 1,984 rows" in result.output and "--no-details" in result.output
    quiet = invoke(runner, "export", EXAMPLE, "--xlsx", tmp_path / "y.xlsx", "--no-details")
    assert "Details sheet has" not in quiet.output
