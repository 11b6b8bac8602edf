"""`parindex criteria import` (issue 14, items 1 and 6): a province's framework from its annex table.

The annexes are typed as in a provincial decision (tests/annex_tables.py), one per numbering style,
and saved as CSV, xlsx and docx; the expected rows are worked out by hand from them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from pathlib import Path

import pytest

from annex_tables import (
    DOTTED_TEXT,
    DOTTED_TEXT_EXPECTED,
    MINI_ANNEX,
    ROMAN,
    ROMAN_EXPECTED,
    ROMAN_ROWS,
    RUNNING,
    RUNNING_EXPECTED,
    with_entity_bomb,
    write_csv,
    write_docx,
    write_xlsx,
)
from conftest import DATA, MINI_CRITERIA, invoke, write_folder
from parindex.annex import GroupSpec, ImportOptions, UsageProblem, import_annexes, prepare_import
from parindex.cli import app
from parindex.framework import load_framework
from parindex.problems import InvalidInput
from test_i18n import assert_vietnamese, run

GOLDEN = DATA / "import"
FIELDS = ("code", "label", "name", "max_points", "method", "levels", "guidance")
STYLES = {
    "roman": (ROMAN, ROMAN_EXPECTED, None),
    "running": (RUNNING, RUNNING_EXPECTED, None),
    "dotted": (DOTTED_TEXT, DOTTED_TEXT_EXPECTED, "(ĐTXHH)"),
}


def _save(path: Path, rows: list[list[str]]) -> Path:
    if path.suffix == ".csv":
        return write_csv(path, rows)
    if path.suffix == ".xlsx":
        return write_xlsx(path, [("Phụ lục I", rows)])
    return write_docx(path, [rows])


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("kind", ["csv", "xlsx", "docx"])
@pytest.mark.parametrize("style", sorted(STYLES))
def test_each_numbering_style_imports_into_the_annex_tree(tmp_path: Path, style: str, kind: str):
    rows, expected, mark = STYLES[style]
    annex = _save(tmp_path / f"{style}.{kind}", rows)
    imported = prepare_import([annex], ImportOptions((GroupSpec("so"),), survey_mark=mark), lang="vi")
    written = _rows(imported.files["so.csv"])
    assert [tuple(row[name] for name in FIELDS) for row in written] == expected
    assert list(written[0]) == ["code", "label", "name", "max_points", "method", "levels", "guidance", "source"]


@pytest.mark.parametrize(
    ("kind", "place"),
    [
        ("csv", "roman.csv, dòng {row}"),
        ("xlsx", "roman.xlsx, trang tính 1, dòng {row}"),
        ("docx", "roman.docx, bảng 2, dòng {row}"),
    ],
)
def test_every_row_says_where_the_annex_typed_it(tmp_path: Path, kind: str, place: str):
    """The Word annex is the decision's second table: the first is its heading's layout."""
    annex = _save(tmp_path / f"roman.{kind}", ROMAN)
    imported = prepare_import([annex], ImportOptions((GroupSpec("so"),)), lang="vi")
    sources = [row["source"] for row in _rows(imported.files["so.csv"])]
    assert sources == [place.format(row=row) for row in ROMAN_ROWS]
    english = prepare_import([annex], ImportOptions((GroupSpec("so"),)), lang="en")
    assert _rows(english.files["so.csv"])[0]["source"].endswith(", row 6")


def test_golden_import_of_two_annexes_through_the_cli(runner, tmp_path: Path):
    """One annex per group (CSV bytes are fixed, so the SHA-256 in framework.toml is too)."""
    so = write_csv(tmp_path / "PL1-so.csv", ROMAN)
    huyen = write_csv(tmp_path / "PL2-huyen.csv", RUNNING)
    out = tmp_path / "khung-2024"
    result = runner.invoke(
        app,
        [
            "criteria", "import", str(so), str(huyen), "--out", str(out),
            "--group", "so", "--name", "Sở, ban, ngành", "--group", "huyen", "--name", "UBND cấp huyện",
            "--title", "Bộ chỉ số CCHC tỉnh (thử)", "--decision", "99/QĐ-UBND", "--date", "2024-01-15",
        ],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["framework.toml", "huyen.csv", "so.csv"]
    for name in ("framework.toml", "so.csv", "huyen.csv"):
        assert (out / name).read_bytes() == (GOLDEN / name).read_bytes(), name
    assert f"Đã ghi {out / 'so.csv'}" in result.output


def test_framework_toml_records_the_annex_and_its_sha256(tmp_path: Path):
    annex = write_csv(tmp_path / "PL1.csv", MINI_ANNEX)
    import tomllib

    imported = prepare_import([annex], ImportOptions((GroupSpec("so", "Sở"),), "tinh-x"))
    meta = tomllib.loads(imported.files["framework.toml"])
    digest = hashlib.sha256(annex.read_bytes()).hexdigest()
    assert meta["source_file"] == "PL1.csv"
    assert meta["source_sha256"] == digest
    assert f"PL1.csv (SHA-256 {digest})" in meta["provenance"]
    assert f"PL1.csv (SHA-256 {digest})" in meta["provenance_vi"]
    assert "signed decision" in meta["provenance"] and "quyết định đã ký" in meta["provenance_vi"]
    assert (meta["id"], meta["title"], meta["index_cap"], meta["decimals"]) == ("tinh-x", "tinh-x", 100, 2)
    assert meta["groups"] == {"so": {"name": "Sở", "criteria": "so.csv"}}


def test_the_imported_tree_is_the_annex_tree_and_criteria_shows_it(runner, tmp_path: Path):
    annex = write_xlsx(tmp_path / "PL1.xlsx", [("Phụ lục", MINI_ANNEX)])
    out = tmp_path / "imported"
    import_annexes([annex], out, ImportOptions((GroupSpec("so", "Sở, ban, ngành"),), "mini"))
    group = load_framework(out, allow_outside=True).groups["so"]
    tree = [(c.code, c.name, str(c.max_points), c.method) for c in group.nodes.values()]
    original = [tuple(line.split(",")[:4]) for line in MINI_CRITERIA.splitlines()[1:]]
    assert tree == [(code, name, points, method or None) for code, name, points, method in original]
    shown = invoke(runner, "criteria", out)
    assert shown.exit_code == 0, shown.output
    labels = {c.code: c.label for c in group.nodes.values()}
    assert labels["1"] == "I" and labels["1.1"] == "1"  # the annex's own numbering, kept beside the code
    for code, name, points, _method in original:
        assert f"{code} ({labels[code]}) {name} — {points}" in shown.output


def test_an_assessment_on_the_imported_framework_scores_as_on_the_hand_written_one(runner, tmp_path: Path):
    folder = write_folder(tmp_path / "mini")
    before = json.loads(invoke(runner, "score", folder, "--format", "json").stdout)
    annex = write_docx(tmp_path / "PL1.docx", [MINI_ANNEX])
    import_annexes([annex], folder / "imported", ImportOptions((GroupSpec("so", "Sở, ban, ngành"),), "mini"))
    (folder / "parindex.toml").write_text('year = 2024\nframework = "imported"\n', encoding="utf-8")
    assert invoke(runner, "validate", folder).exit_code == 0
    after = json.loads(invoke(runner, "score", folder, "--format", "json").stdout)
    assert after["rows"] == before["rows"]
    assert after["groups"] == before["groups"]


def _broken() -> list[list[str]]:
    """ROMAN with typing slips; the comments give the rows as the saved CSV numbers them."""
    rows = [list(row) for row in ROMAN]
    rows[6][2] = "4"  # row 7, criterion 1 of I: 4, but 1.1 + 1.2 = 3 (and I = 6, but 4 + 1.5 + 1.5 = 7)
    rows[12][2] = "2,5"  # row 14, level b) of 1.2, whose maximum is 2
    rows[14][0] = "3"  # row 16: criterion 2 of I typed 3 (a gap), then row 17 is 3 again (a repeat)
    rows[18][0] = "1"  # row 20: criterion 2 of II typed 1 (a repeat)
    rows[19][2] = ""  # row 21: domain III without points
    rows[21][0] = "VI"  # row 23: IV typed VI (a gap)
    rows.insert(9, ["1.a", "Nội dung lạ", "1", "", "", ""])  # row 10: not a numbering
    rows.append(["", "Ghi chú chung", "", "", "", ""])  # row 26: no numbering
    rows.append(["", "TỔNG CỘNG", "12", "", "", ""])  # row 27: a total that is not I + II = 10
    return rows


def test_every_problem_is_located_in_the_annex_and_nothing_is_written(runner, tmp_path: Path):
    annex = write_csv(tmp_path / "PL1.csv", _broken())
    out = tmp_path / "out"
    with pytest.raises(InvalidInput) as caught:
        import_annexes([annex], out, ImportOptions((GroupSpec("so"),)))
    found = [(p.code, p.row, p.column, p.value) for p in caught.value.report.errors]
    assert found == [
        ("annex-numbering", 10, "STT", "1.a"),
        ("annex-numbering", 26, "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Ghi chú chung"),
        ("annex-numbering-gap", 16, "STT", "3"),
        ("annex-numbering-repeat", 17, "STT", "3"),
        ("annex-numbering-repeat", 20, "STT", "1"),
        ("annex-numbering-gap", 23, "STT", "VI"),
        ("annex-level-too-high", 14, "Điểm tối đa", "b)"),
        ("framework-sum-mismatch", 7, "Điểm tối đa", "1"),
        ("framework-sum-mismatch", 6, "Điểm tối đa", "I"),
        ("annex-no-points", 21, "Điểm tối đa", "III"),
        ("framework-sum-mismatch", 27, "Điểm tối đa", "TỔNG CỘNG"),
    ]
    messages: dict[str, str] = {}
    for problem in caught.value.report.errors:
        messages.setdefault(problem.code, problem.message("vi"))
    assert messages["annex-numbering-gap"] == (
        "Số thứ tự '3' không nối tiếp '1': lẽ ra là 2. Có dòng bị thiếu hoặc gõ nhầm số."
    )
    assert messages["annex-level-too-high"] == (
        "Mức điểm 'b)' cho 2,5 điểm, cao hơn điểm tối đa 2 của tiêu chí; hãy sửa mức điểm hoặc điểm tối đa."
    )
    assert messages["framework-sum-mismatch"] == ("Tiêu chí 1 có điểm tối đa 4 nhưng tổng các tiêu chí con là 3.")
    assert not out.exists()
    shown = invoke(runner, "criteria", "import", annex, "--out", out)
    assert shown.exit_code == 1 and "Traceback" not in shown.output
    assert "Rows 16 and 23, column STT (values: '3', 'VI'). Row 16: Numbering '3' does not follow '1'" in shown.output
    assert not out.exists()


def test_a_negative_maximum_is_only_for_a_penalty_and_a_level_needs_points(tmp_path: Path):
    rows = [list(row) for row in RUNNING]
    rows[2][2] = "-3"  # row 3: criterion 1. of I typed negative
    rows[9][1] = "- Dưới 90% hài lòng"  # row 10: a level without points
    annex = write_csv(tmp_path / "PL2.csv", rows)
    with pytest.raises(InvalidInput) as caught:
        prepare_import([annex], ImportOptions())
    found = [(p.code, p.row, p.value) for p in caught.value.report.errors]
    assert found == [("annex-no-points", 10, "-"), ("annex-invalid-points", 3, "-3")]


def test_numbering_that_does_not_fit_where_it_is(tmp_path: Path):
    rows = [
        ["STT", "Nội dung", "Điểm"],
        ["a)", "Mức trước mọi tiêu chí: 1", ""],
        ["1", "Tiêu chí trước lĩnh vực", "1"],
        ["I", "Lĩnh vực", "2"],
        ["1", "Tiêu chí", "2"],
        ["2.1", "Thuộc tiêu chí 2 chưa có", "1"],
        ["1.1", "Tiêu chí thành phần", "2"],
        ["a)", "Mức: 2", ""],
        ["1.1.1", "Dưới một tiêu chí đã có mức", "2"],
    ]
    with pytest.raises(InvalidInput) as caught:
        prepare_import([write_csv(tmp_path / "x.csv", rows)], ImportOptions())
    found = [(p.code, p.row, p.value) for p in caught.value.report.errors]
    assert found == [
        ("annex-misplaced", 2, "a)"),
        ("annex-misplaced", 3, "1"),
        ("annex-misplaced", 6, "2.1"),
        ("annex-misplaced", 9, "1.1.1"),
    ]


def test_one_workbook_with_a_sheet_per_group(tmp_path: Path):
    annex = write_xlsx(
        tmp_path / "PL.xlsx",
        [("Sở, ban, ngành", ROMAN), ("Hướng dẫn", [["Ghi chú"], ["Không phải bảng"]]), ("UBND cấp huyện", RUNNING)],
    )
    imported = prepare_import([annex], ImportOptions(), lang="vi")
    assert sorted(imported.files) == ["framework.toml", "nhom1.csv", "nhom2.csv"]
    assert _rows(imported.files["nhom2.csv"])[0]["source"] == "PL.xlsx, trang tính 3, dòng 2"
    assert 'name = "Sở, ban, ngành"' in imported.files["framework.toml"]
    assert 'name = "UBND cấp huyện"' in imported.files["framework.toml"]
    rows = [list(row) for row in RUNNING]
    rows[3][0] = "3."
    write_xlsx(annex, [("Sở", ROMAN), ("Huyện", rows)])
    with pytest.raises(InvalidInput) as caught:
        prepare_import([annex], ImportOptions())
    assert [(p.code, p.file, p.row) for p in caught.value.report.errors] == [
        ("annex-numbering-gap", "PL.xlsx [Huyện]", 4)
    ]


def test_options_that_do_not_fit_the_annexes_are_usage_errors(runner, tmp_path: Path):
    annex = write_csv(tmp_path / "PL1.csv", MINI_ANNEX)
    two = ImportOptions((GroupSpec("so"), GroupSpec("huyen")))
    with pytest.raises(UsageProblem, match=r"hold 1 table\(s\) \(PL1.csv\) but 2 --group"):
        prepare_import([annex], two)
    for args, said in (
        (("--group", "Sở"), "is not a group key"),
        (("--group", "so", "--group", "so"), "--group so is given twice"),
        (("--group", "so", "--name", "A", "--name", "B"), "give one --name per --group"),
        (("--date", "15/01/2024"), "--date must be YYYY-MM-DD"),
    ):
        result = invoke(runner, "criteria", "import", annex, "--out", tmp_path / "o", *args)
        assert result.exit_code == 2 and said in result.output, result.output
    for path, said in (
        (tmp_path / "missing.csv", "does not exist"),
        (write_csv(tmp_path / "PL1.ods", MINI_ANNEX), "must be .xlsx, .csv or .docx"),
    ):
        result = invoke(runner, "criteria", "import", path, "--out", tmp_path / "o")
        assert result.exit_code == 2 and said in result.output, result.output
    assert not (tmp_path / "o").exists()


def test_an_existing_framework_is_replaced_only_with_force(runner, tmp_path: Path):
    annex = write_csv(tmp_path / "PL1.csv", MINI_ANNEX)
    out = tmp_path / "khung"
    assert invoke(runner, "criteria", "import", annex, "--out", out, "-g", "so").exit_code == 0
    first = (out / "so.csv").read_bytes()
    (out / "notes.txt").write_text("của người dùng", encoding="utf-8")
    again = invoke(runner, "criteria", "import", annex, "--out", out, "-g", "so")
    assert again.exit_code == 2 and "add --force" in again.output
    replaced = invoke(runner, "criteria", "import", annex, "--out", out, "-g", "so", "--title", "Mới", "--force")
    assert replaced.exit_code == 0, replaced.output
    assert (out / "so.csv").read_bytes() == first
    assert 'title = "Mới"' in (out / "framework.toml").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["framework.toml", "notes.txt", "so.csv"]  # no .part left


def test_an_annex_is_never_overwritten(runner, tmp_path: Path):
    annex = write_csv(tmp_path / "so.csv", MINI_ANNEX)
    before = annex.read_bytes()
    result = invoke(runner, "criteria", "import", annex, "--out", tmp_path, "-g", "so")
    assert result.exit_code == 2 and "is an input file" in result.output
    assert annex.read_bytes() == before and not (tmp_path / "framework.toml").exists()


def test_a_word_annex_with_an_entity_bomb_is_refused_not_expanded(runner, tmp_path: Path):
    annex = with_entity_bomb(write_docx(tmp_path / "PL1.docx", [MINI_ANNEX]))
    started = time.perf_counter()
    result = invoke(runner, "criteria", "import", annex, "--out", tmp_path / "o")
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1, result.output
    assert "declares a DTD or XML entities" in result.output and "(unreadable-docx)" in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old Word 97-2003 document"),
        (b"not a zip at all", "is not a Word document"),
        (b"PK\x03\x04" + b"\0" * 64, "damaged or incomplete"),
    ],
)
def test_a_word_file_that_is_not_a_docx_is_said(runner, tmp_path: Path, content: bytes, said: str):
    annex = tmp_path / "PL1.docx"
    annex.write_bytes(content)
    result = invoke(runner, "criteria", "import", annex, "--out", tmp_path / "o")
    assert result.exit_code == 1 and said in result.output and "Traceback" not in result.output, result.output


def test_a_table_without_the_annex_columns_names_them(tmp_path: Path):
    annex = write_csv(tmp_path / "PL1.csv", [["STT", "Tên đơn vị"], ["1", "Sở Y tế"]])
    with pytest.raises(InvalidInput) as caught:
        prepare_import([annex], ImportOptions())
    assert [(p.code, p.column) for p in caught.value.report.errors] == [
        ("missing-column", "name"),
        ("missing-column", "max_points"),
    ]


def test_criteria_framework_still_shows_a_tree_beside_import(runner, tmp_path: Path):
    shown = invoke(runner, "criteria", "lai-chau-1726-2022", "--group", "so")
    assert shown.exit_code == 0 and "1.1.1 Ban hành kế hoạch CCHC năm" in shown.output
    assert invoke(runner, "criteria", "--group", "huyen", "lai-chau-1726-2022").exit_code == 0
    folder = tmp_path / "import"  # a framework folder named like the subcommand: given as ./import
    import_annexes([write_csv(tmp_path / "PL.csv", MINI_ANNEX)], folder, ImportOptions((GroupSpec("so"),)))
    assert invoke(runner, "criteria", f"{folder}").exit_code == 0
    help_text = invoke(runner, "criteria", "--help").output
    assert "Usage: parindex criteria [OPTIONS] [framework] | import ANNEX... --out DIR" in help_text
    assert "import  Make a framework from a decision's annex table." in help_text
    assert invoke(runner, "criteria", "import", "--help").output.startswith(
        "Usage: parindex criteria import [OPTIONS] {annexes}..."
    )


def test_import_speaks_vietnamese(tmp_path: Path):
    annex = write_csv(tmp_path / "PL1.csv", _broken())
    data = frozenset(cell for row in _broken() for cell in row if cell)
    for args in (
        ("criteria", "--help"),
        ("criteria", "import", "--help"),
        ("criteria", "import", annex, "--out", tmp_path / "o"),
        ("criteria", "import", annex, "--out", tmp_path / "o", "--group", "X"),
        ("criteria", "import", tmp_path / "missing.xlsx", "--out", tmp_path / "o"),
    ):
        code, output = run(*args)
        assert code in (0, 1, 2), (args, output)
        assert_vietnamese(str(args), output, data)
    good = write_csv(tmp_path / "PL2.csv", MINI_ANNEX)
    code, output = run("criteria", "import", good, "--out", tmp_path / "ok", "-g", "so")
    assert code == 0 and "Hãy đối chiếu cây tiêu chí với quyết định đã ký" in output
    assert_vietnamese("import", output)


def test_cells_said_in_other_words(tmp_path: Path):
    """A method in other words, a number repeated at the start of the text, part headings, a dash for no points."""
    rows = [
        ["STT", "Nội dung", "Điểm", "Phương thức đánh giá"],
        ["A", "PHẦN A. CÁC TIÊU CHÍ THẨM ĐỊNH", "-", ""],
        ["1", "1. Kế hoạch", "2", "Thẩm định hồ sơ"],
        ["1.1", "1.1. Ban hành", "2", "Tự đánh giá, thẩm định"],
        ["B", "PHẦN B. ĐIỀU TRA XÃ HỘI HỌC", "", ""],
        ["2", "Hài lòng", "3", "ĐTXHH"],
        ["3", "Hồ sơ đúng hạn (không tính điểm thưởng)", "1", ""],
    ]
    imported = prepare_import([write_csv(tmp_path / "x.csv", rows)], ImportOptions(), lang="vi")
    written = [(r["code"], r["label"], r["name"], r["method"]) for r in _rows(imported.files["nhom1.csv"])]
    assert written == [
        ("1", "1", "Kế hoạch", ""),
        ("1.1", "1.1", "Ban hành", "appraisal"),
        ("2", "2", "Hài lòng", "survey"),
        ("3", "3", "Hồ sơ đúng hạn (không tính điểm thưởng)", "appraisal"),
    ]
    [note] = imported.report.notes
    assert (note.code, note.row) == ("annex-rows-ignored", 2)
    assert note.message("vi").startswith("Dòng 2, 5: không phải tiêu chí (tiêu đề phần")


def test_merged_cells_of_a_word_table(tmp_path: Path):
    """A domain's text merged over the guidance column, a criterion's number merged down over its level row."""
    import docx

    document = docx.Document()
    rows = [
        ["STT", "Nội dung", "Ghi chú", "Điểm tối đa"],
        ["I", "LĨNH VỰC MỘT", "", "3"],
        ["1", "Tiêu chí một", "", "3"],
        ["", "a) Đạt: 3", "", ""],
    ]
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(1, 2))
    table.cell(2, 0).merge(table.cell(3, 0))
    document.save(tmp_path / "PL.docx")
    imported = prepare_import([tmp_path / "PL.docx"], ImportOptions(), lang="vi")
    written = [(r["code"], r["name"], r["max_points"], r["levels"]) for r in _rows(imported.files["nhom1.csv"])]
    assert written == [("1", "LĨNH VỰC MỘT", "3", ""), ("1.1", "Tiêu chí một", "3", "0;3")]


def test_a_column_numbering_row_is_passed_over_and_levels_that_never_reach_the_maximum_are_a_warning(
    runner, tmp_path: Path
):
    rows = [
        ["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa"],
        ["(1)", "(2)", "(3)"],
        ["I", "Chỉ đạo", "2"],
        ["1", "Kế hoạch", "2"],
        ["a)", "Ban hành kế hoạch", "1"],
        ["b)", "Thực hiện kế hoạch", "1"],
    ]
    annex = write_csv(tmp_path / "PL.csv", rows)
    imported = prepare_import([annex], ImportOptions(), lang="vi")
    [warning] = imported.report.warnings
    assert (warning.code, warning.row, warning.value) == ("annex-level-below-maximum", 4, "1")
    assert warning.message("vi").startswith("Không mức điểm nào của '1' đạt điểm tối đa 2 (cao nhất là 1).")
    [note] = imported.report.notes
    assert (note.code, note.row, note.message("en")) == (
        "annex-rows-ignored",
        2,
        "Row 2: not criteria (part headings such as A., B., Phần I, or the row numbering the columns (1), (2)…); "
        "the rows below are read as usual.",
    )
    result = invoke(runner, "criteria", "import", annex, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "(annex-level-below-maximum)" in result.output and (tmp_path / "out" / "nhom1.csv").is_file()


def test_a_number_merged_with_its_text_and_bare_letters_in_stt(tmp_path: Path):
    """Excel keeps a merged cell's text in its first cell: 'I. CÔNG TÁC…' and 'TỔNG CỘNG' land in STT."""
    rows = [
        ["STT", "Nội dung", "Điểm"],
        ["I. CÔNG TÁC CHỈ ĐẠO", "", "2"],
        ["1", "Kế hoạch", "2"],
        ["a", "Đúng hạn", "2"],
        ["b", "Chậm", "1"],
        ["TỔNG CỘNG", "", "3"],
    ]
    annex = write_xlsx(tmp_path / "PL.xlsx", [("Phụ lục", rows)])
    with pytest.raises(InvalidInput) as caught:
        prepare_import([annex], ImportOptions())
    assert [(p.code, p.row, p.value) for p in caught.value.report.errors] == [
        ("framework-sum-mismatch", 6, "TỔNG CỘNG")
    ]
    rows[-1][2] = "2"
    imported = prepare_import([write_xlsx(annex, [("Phụ lục", rows)])], ImportOptions(), lang="vi")
    written = [
        (r["code"], r["label"], r["name"], r["levels"], r["guidance"]) for r in _rows(imported.files["nhom1.csv"])
    ]
    assert written == [
        ("1", "I.", "CÔNG TÁC CHỈ ĐẠO", "", ""),
        ("1.1", "1", "Kế hoạch", "0;1;2", "a) Đúng hạn: 2; b) Chậm: 1"),
    ]


def test_the_bundled_framework_stays_a_reconstruction_and_an_import_says_where_it_came_from(tmp_path: Path):
    bundled = load_framework("lai-chau-1726-2022")
    assert bundled.provenance.startswith("TÁI DỰNG") and "RECONSTRUCTION" in bundled.provenance
    out = tmp_path / "khung"
    import_annexes([write_csv(tmp_path / "PL1.csv", MINI_ANNEX)], out, ImportOptions((GroupSpec("so"),)))
    imported = load_framework(out, allow_outside=True)
    assert "RECONSTRUCTION" not in imported.provenance and "TÁI DỰNG" not in imported.provenance_vi
    assert imported.provenance_in("vi").startswith("Nhập bằng lệnh 'parindex criteria import' từ PL1.csv (SHA-256 ")


NOTES_MARK_ANNEX = """TT,"Lĩnh vực, tiêu chí",Điểm tối đa,Ghi chú
I,Chỉ đạo điều hành,5,
1,Kế hoạch CCHC,2,Thẩm định hồ sơ
2,Mức độ hài lòng về chỉ đạo,3,Điều tra XHH
"""


def test_a_survey_criterion_marked_only_in_the_notes_column(runner, tmp_path: Path):
    """Annexes without a method column write "Điều tra XHH" alone in the notes column: that is the survey
    (a longer note that only mentions it is guidance, not a method); `criteria` then has no empty
    "— ()" after the title of a framework that has no decision yet."""
    annex = tmp_path / "PL.csv"
    annex.write_text(NOTES_MARK_ANNEX, encoding="utf-8")
    out = tmp_path / "fw"
    import_annexes([annex], out, ImportOptions((GroupSpec("so", "Sở"),), "tinh-y"))
    methods = {c.code: c.method for c in load_framework(out, allow_outside=True).groups["so"].leaves}
    assert methods == {"1.1": "appraisal", "1.2": "survey"}
    shown = invoke(runner, "criteria", out)
    assert shown.output.splitlines()[0] == "tinh-y"


def test_abbreviated_methods_of_annexes():
    """'TĐ' (thẩm định) and 'ĐTXHH' (điều tra XHH) as typed in the method column of many annexes."""
    from parindex.columns import method_value

    assert [method_value(text) for text in ("TĐ", "tđ", "ĐTXHH", "Đtxhh")] == ["appraisal"] * 2 + ["survey"] * 2


def test_dash_bullet_levels_are_written_without_their_dash(tmp_path: Path):
    """Levels typed as "- Đúng kế hoạch" keep their text in the guidance, not the dash: a cell starting
    with "-" is written formula-safe, and units would read "'- Đúng kế hoạch" in their workbooks."""
    annex = tmp_path / "PL.csv"
    rows = ["TT,Tiêu chí,Điểm tối đa", "I,Chỉ đạo,2", "1,Kế hoạch CCHC,2", "-,Đúng kế hoạch,2", "-,Chậm,1"]
    annex.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "fw"
    import_annexes([annex], out, ImportOptions((GroupSpec("so", "Sở"),), "tinh-z"))
    (leaf,) = load_framework(out, allow_outside=True).groups["so"].leaves
    assert (leaf.guidance, [str(level) for level in leaf.levels]) == ("Đúng kế hoạch: 2; Chậm: 1", ["0", "1", "2"])
