"""A whole year from an empty folder: `init`, the sheets for every unit and the survey, filled, read back."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import invoke, write_folder
from parindex import progress as progress_module
from parindex.assessment import validate_folder
from parindex.framework import load_framework
from parindex.inputs.config import read_config
from parindex.inputs.tables import read_single
from parindex.inputs.units import check_units
from parindex.problems import Report
from parindex.year_setup import init_assessment

#: The mini framework's own unit list (conftest's framework has none): init copies it into units.csv.
ROSTER = "# test roster\nunit_id,name,group,ranked,confirmed\nA,Sở An,so,yes,yes\nB,Sở Bình,so,yes,no\n"


def mini_framework(root: Path) -> Path:
    """conftest's mini framework (maximum 20: appraisal 1.1.1=2, 1.1.2=2, 1.2=3, 2.1=6; survey 1.3=3, 2.2=4)."""
    folder = write_folder(root / "src")
    return folder / "framework"


# -- init ---------------------------------------------------------------------------------------
def test_init_writes_a_folder_that_loads(runner, tmp_path: Path):
    folder = tmp_path / "nam" / "2025"  # missing parents are made
    result = invoke(runner, "init", folder, "--year", "2025")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["HUONG-DAN.md", "parindex.toml", "self-assessment", "units.csv"]
    config = (folder / "parindex.toml").read_text(encoding="utf-8")
    assert tomllib.loads(config) == {"year": 2025, "framework": "lai-chau-1726-2022"}
    assert "# year: năm được đánh giá" in config and "# year: the year assessed" in config  # both languages
    assert read_config(folder, Report()) == ((2025, "lai-chau-1726-2022"), [folder / "parindex.toml"])
    # units.csv: Lai Châu's 20 departments and agencies and 8 districts, as the units reader reads them
    report = Report()
    framework = load_framework("lai-chau-1726-2022")
    table, _files = read_single(folder, "units", True, report)
    roster = check_units(table, framework, report)
    assert report.problems == []
    assert [u.group for u in roster.units].count("so") == 20
    assert [(u.unit_id, u.name) for u in roster.units if u.group == "huyen"] == [
        ("105", "Thành phố Lai Châu"),
        ("106", "Huyện Tam Đường"),
        ("107", "Huyện Mường Tè"),
        ("108", "Huyện Sìn Hồ"),
        ("109", "Huyện Phong Thổ"),
        ("110", "Huyện Than Uyên"),
        ("111", "Huyện Tân Uyên"),
        ("112", "Huyện Nậm Nhùn"),
    ]
    assert all(u.ranked for u in roster.units)
    units = (folder / "units.csv").read_text(encoding="utf-8-sig").splitlines()
    assert units[0] == "unit_id,name,group,ranked,note"  # English: conftest runs with PARINDEX_LANG=en
    assert units[1].startswith('SNV,Sở Nội vụ,so,yes,"To check: from the unit list of the framework lai-chau')
    assert units[19].startswith("BDT,Ban Dân tộc,so,yes,Not confirmed: provinces usually assess this unit")


def test_the_guide_has_every_step_with_this_folders_commands(tmp_path: Path):
    folder = tmp_path / "Lai Chau 2025"  # a space: the commands quote the path
    init_assessment(folder, year=2025, lang="vi")
    guide = (folder / "HUONG-DAN.md").read_text(encoding="utf-8")
    vietnamese, english = guide.split("\n---\n")
    assert vietnamese.startswith("# Chỉ số CCHC năm 2025: các bước trong năm\n")
    assert english.strip().startswith("# PAR Index 2025: the steps of the year")
    quoted = f'"{folder.as_posix()}"'
    for part in (vietnamese, english):
        for command in (
            f"parindex validate {quoted}",
            f"parindex template {quoted} --out phieu-tu-danh-gia-2025/",
            f"parindex template {quoted} --survey --out dieu-tra-xhh-2025.xlsx",
            f"parindex template {quoted} --appraisal --out tham-dinh-2025.xlsx",
            f"parindex score {quoted} --round 1",
            f"parindex export {quoted} --xlsx ket-qua-2025.xlsx --docx phu-luc-2025.docx",
        ):
            assert f"\n{command}\n" in part, command
    assert "## 3. Nhận lại phiếu đã điền" in vietnamese and "## 3. Collect the filled-in workbooks" in english


def test_init_refuses_an_assessment_and_touches_nothing(runner, mini: Path, tmp_path: Path):
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    result = invoke(runner, "init", mini)
    assert result.exit_code == 2
    assert "already holds an assessment (parindex.toml, units.csv, self-assessment.csv, appraisal.csv, survey.csv)" in (
        result.output
    )
    assert {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()} == before
    # a score file alone is an assessment too; so is a folder of per-unit files
    other = tmp_path / "other"
    (other / "self-assessment").mkdir(parents=True)
    (other / "self-assessment" / "SNV.xlsx").write_bytes(b"x")
    result = invoke(runner, "init", other)
    assert result.exit_code == 2 and "(self-assessment)" in result.output
    assert sorted(p.name for p in other.iterdir()) == ["self-assessment"]


def test_init_usage_errors(runner, tmp_path: Path):
    result = invoke(runner, "init", tmp_path / "a", "--framework", "dien-bien")
    assert result.exit_code == 2
    assert "unknown framework 'dien-bien': give a bundled one (lai-chau-1726-2022)" in result.output
    result = invoke(runner, "init", tmp_path / "a", "--year", "20255")
    assert result.exit_code == 2 and "--year must be a year from 2000 to 2100 (got '20255')" in result.output
    afile = tmp_path / "f.txt"
    afile.write_text("x")
    assert invoke(runner, "init", afile).exit_code == 2
    assert not (tmp_path / "a").exists()  # nothing made for a refused run


def test_init_with_a_framework_folder_and_no_unit_list(runner, tmp_path: Path):
    framework = mini_framework(tmp_path)
    folder = tmp_path / "year"
    assert invoke(runner, "init", folder, "--framework", framework, "--year", "2024").exit_code == 0
    assert tomllib.loads((folder / "parindex.toml").read_text(encoding="utf-8"))["framework"] == "../src/framework"
    lines = (folder / "units.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines == [
        "unit_id,name,group,ranked,note",
        "DV1,Example unit (replace this row),so,yes,"
        '"Example: replace it with the units assessed, one row each; group is one of: so."',
    ]
    assert "units.csv has one example row" in (folder / "HUONG-DAN.md").read_text(encoding="utf-8")


def test_a_failed_init_leaves_nothing(monkeypatch, tmp_path: Path):
    import parindex.year_setup as year_setup
    from parindex.writing import OutputError

    written = []

    def failing(path: Path, text: str) -> None:
        if written:
            raise OutputError("disk full")
        path.write_text(text, encoding="utf-8")
        written.append(path)

    monkeypatch.setattr(year_setup, "write_text", failing)
    with pytest.raises(OutputError):
        init_assessment(tmp_path / "new" / "2025", year=2025)
    assert written == [tmp_path / "new" / "2025" / "parindex.toml"]
    assert list(tmp_path.iterdir()) == []  # the folders it made are gone too


# -- validate before the year's files are there ---------------------------------------------------------
def test_validate_without_parindex_toml_says_what_it_holds(runner, tmp_path: Path):
    result = invoke(runner, "validate", tmp_path, "--format", "json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["code"], error["file"]) == ("missing-config", "parindex.toml")
    assert error["message"] == (
        f"parindex.toml not found in {tmp_path}. It names the year and the framework, two lines such as year=2024 "
        "and framework=\"lai-chau-1726-2022\"; write it, or start a new folder with 'parindex init FOLDER', which "
        "writes it with units.csv and the steps of the year."
    )


def test_a_fresh_folder_has_no_scores_yet_not_a_cascade(runner, tmp_path: Path):
    folder = tmp_path / "y"
    init_assessment(folder, year=2025)
    result = invoke(runner, "validate", folder, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["counts"] == {"errors": 1, "warnings": 0, "notes": 0}
    [error] = report["errors"]
    assert (error["code"], error["file"]) == ("no-scores", "self-assessment/")
    assert error["message"].startswith(f"No scores yet: {folder} has no self-assessment, appraisal or survey file.")
    assert f"'parindex template {folder} --out DIR/'" in error["message"]
    assert {"file": "units.csv", "rows": 28} in report["files"]  # the units were checked all the same


# -- the sheets of every unit ----------------------------------------------------------------------
def fill_unit(path: Path, scores: dict[str, object], evidence: str) -> None:
    """Type scores and evidence into a unit's workbook, found by the header's names as a person reads it."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header_row = next(r for r in range(1, 20) if sheet.cell(r, 2).value == "code")
    header = [c.value for c in sheet[header_row]]
    code_col, score_col, evidence_col = (header.index(n) + 1 for n in ("code", "score", "evidence"))
    for row in range(header_row + 1, sheet.max_row + 1):
        code = sheet.cell(row, code_col).value
        sheet.cell(row, score_col).value = scores[code]
        sheet.cell(row, evidence_col).value = evidence
    book.save(path)


def fill_survey(path: Path, scores: dict[tuple[str, str], float]) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for row in range(2, sheet.max_row + 1):
        unit, code = sheet.cell(row, 1).value, sheet.cell(row, 3).value
        sheet.cell(row, 6).value = scores[(unit, code)]
    book.save(path)


def test_a_year_from_init_to_score(runner, tmp_path: Path):
    framework = mini_framework(tmp_path)
    (framework / "units.csv").write_text(ROSTER, encoding="utf-8")
    folder, sheets = tmp_path / "2024", tmp_path / "phieu"
    assert invoke(runner, "init", folder, "--framework", framework, "--year", "2024").exit_code == 0
    result = invoke(runner, "template", folder, "--out", f"{sheets}/")
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 2 workbooks in {sheets}\n"
    assert sorted(p.name for p in sheets.iterdir()) == ["A.xlsx", "B.xlsx"]
    # as units type them: numbers, a decimal comma in text, N/A
    fill_unit(sheets / "A.xlsx", {"1.1.1": 2, "1.1.2": "0,5", "1.2": "N/A", "2.1": 5.25}, "QĐ 12/QĐ-SAN")
    fill_unit(sheets / "B.xlsx", {"1.1.1": "1,5", "1.1.2": 2, "1.2": 3, "2.1": 6}, "KH 3/KH-SBI")
    for name in ("A.xlsx", "B.xlsx"):
        shutil.copy(sheets / name, folder / "self-assessment" / name)
    survey = tmp_path / "dieu-tra.xlsx"
    assert invoke(runner, "template", folder, "--survey", "--out", survey).exit_code == 0
    fill_survey(survey, {("A", "1.3"): 2.4, ("A", "2.2"): 3.2, ("B", "1.3"): 3, ("B", "2.2"): 2})
    shutil.copy(survey, folder / "survey.xlsx")
    report = validate_folder(folder)
    assert report.valid and report.warnings == []
    # the same title block above the header of both workbooks, said once for the folder
    assert [(p.code, p.file, p.message("en")) for p in report.notes] == [
        (
            "rows-skipped",
            "self-assessment/A.xlsx",
            "Skipped rows 1–5 of this file and of 1 other file in self-assessment/ above the header (the form's "
            "title, not data); the header is row 7.",
        )
    ]
    assert invoke(runner, "validate", folder).exit_code == 0
    result = invoke(runner, "score", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["unit_id"]: r for r in json.loads(result.stdout)["rows"]}
    # by hand. A: self 2 + 0.5 + 5.25 = 7.75 (1.2 N/A, taken off: maximum 20 - 3 = 17); survey 2.4 + 3.2 = 5.6;
    # total 13.35; index 13.35 / 17 = 78.5294… → 78.53. B: self 1.5 + 2 + 3 + 6 = 12.5, survey 5, 17.5 of 20 = 87.5
    got = {
        u: (r["self_total"], r["survey_total"], r["total"], r["max_points"], r["index"], r["rank"])
        for u, r in rows.items()
    }
    assert got == {"A": (7.75, 5.6, 13.35, 17.0, 78.53, 2), "B": (12.5, 5.0, 17.5, 20.0, 87.5, 1)}
    assert (rows["A"]["not_applicable"], rows["B"]["accepted"]) == (1, 4)


def test_a_units_workbook(runner, tmp_path: Path):
    framework = mini_framework(tmp_path)
    (framework / "units.csv").write_text(ROSTER, encoding="utf-8")
    folder = tmp_path / "2024"
    init_assessment(folder, framework=str(framework), year=2024)
    assert invoke(runner, "template", folder, "--out", tmp_path / "out", "--lang", "vi").exit_code == 0
    book = load_workbook(tmp_path / "out" / "B.xlsx")
    assert book.sheetnames == ["Tự đánh giá", "Hướng dẫn"]
    sheet = book.worksheets[0]
    assert [sheet.cell(r, 1).value for r in range(1, 6)] == [
        "PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM 2024",
        "Đơn vị: Sở Bình (mã đơn vị B)",
        "Nhóm: Sở, ban, ngành",
        "Bộ chỉ số: Mini test framework (test)",
        "Chỉ điền vào các ô màu vàng; các ô khác đã được khoá. Xem trang “Hướng dẫn”.",
    ]
    assert [c.value for c in sheet[7]] == [
        "Mã đơn vị", "Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa", "Hướng dẫn", "Điểm tự đánh giá", "Ghi chú",
        "Tài liệu kiểm chứng",
    ]  # fmt: skip
    body = [r[:4] for r in sheet.iter_rows(min_row=8, values_only=True)]
    assert body == [("B", "1.1.1", "Ban hành kế hoạch", 2), ("B", "1.1.2", "Thực hiện kế hoạch", 2),
                    ("B", "1.2", "Báo cáo CCHC", 3), ("B", "2.1", "Công khai TTHC", 6)]  # fmt: skip
    # protected without a password: only score, note and evidence of the criteria rows can change
    assert sheet.protection.sheet and not sheet.protection.password
    unlocked = {c.coordinate for row in sheet.iter_rows(min_row=1, max_row=12) for c in row if not c.protection.locked}
    assert unlocked == {f"{col}{row}" for col in "FGH" for row in range(8, 12)}
    (validation,) = sheet.data_validations.dataValidation
    assert str(validation.sqref) == "F8:F11"
    assert validation.formula1 == (
        'OR(OR(AND(ISNUMBER(F8),F8>=0,F8<=$D8),UPPER(TRIM(F8))="N/A",UPPER(TRIM(F8))="KAD"),'
        'IFERROR(AND(ISTEXT(F8),VALUE(SUBSTITUTE(SUBSTITUTE(TRIM(F8),",","."),".",MID(1/2,2,1)))>=0,'
        'VALUE(SUBSTITUTE(SUBSTITUTE(TRIM(F8),",","."),".",MID(1/2,2,1)))<=$D8),FALSE))'
    )  # "0,5" or "0.5" typed as text passes too, whatever Excel's decimal mark
    guide = "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
    assert "Phiếu này dành cho Sở Bình (mã đơn vị B), nhóm Sở, ban, ngành, năm đánh giá 2024." in guide
    assert "(0,5 hoặc 0.5)" in guide and "KAD (hoặc N/A)" in guide and "giữ nguyên tên tệp B.xlsx" in guide
    assert "parindex" not in guide.lower()  # a unit has no parindex


def test_unit_workbooks_are_never_written_over_and_all_or_nothing(runner, monkeypatch, tmp_path: Path):
    framework = mini_framework(tmp_path)
    (framework / "units.csv").write_text(ROSTER, encoding="utf-8")
    folder, out = tmp_path / "2024", tmp_path / "out"
    init_assessment(folder, framework=str(framework), year=2024)
    out.mkdir()
    for name in ("A.xlsx", "B.xlsx"):
        (out / name).write_bytes(b"filled in")
    result = invoke(runner, "template", folder, "--out", out)
    assert result.exit_code == 2
    assert f"{out} already holds A.xlsx, B.xlsx: filled-in sheets would be lost" in result.output
    assert (out / "A.xlsx").read_bytes() == b"filled in"
    assert invoke(runner, "template", folder, "--out", out, "--force").exit_code == 0
    assert load_workbook(out / "A.xlsx").worksheets[0]["A2"].value == "Unit: Sở An (unit id A)"
    # a failure on the second workbook: nothing is written, the folder it made is removed, no staging left
    import parindex.template_folder as template_folder

    calls = []

    def failing(workbook, path: Path) -> None:
        calls.append(path)
        if len(calls) % 2 == 0:  # the second workbook of each run
            raise OSError(28, "No space left on device")
        path.write_bytes(b"x")

    monkeypatch.setattr(template_folder, "write_xlsx", failing)
    result = invoke(runner, "template", folder, "--out", tmp_path / "new" / "sheets/")
    assert result.exit_code == 2 and "the disk is full" in result.output
    assert not (tmp_path / "new").exists()
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = invoke(runner, "template", folder, "--out", out, "--force")
    assert result.exit_code == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the previous ones, untouched


def test_template_forms_and_their_usage_errors(runner, mini: Path, tmp_path: Path):
    result = invoke(runner, "template", mini, "--out", tmp_path / "all.xlsx")
    assert result.exit_code == 2
    assert " ".join(result.output.split()) + "\n" == (
        "Usage error: --out PATH.xlsx writes one sheet: add --group KEY (groups of mini: so) or, for an assessment "
        "folder, --unit ID. The other forms: --out DIR/ (a workbook per unit of units.csv), --survey (the survey "
        "scores sheet), --appraisal (the council's worksheet).\n"
    )
    result = invoke(runner, "template", mini, "--out", f"{tmp_path}/d/", "--unit", "A")
    assert result.exit_code == 2 and "--out DIR/ writes the sheets of every unit" in result.output
    result = invoke(runner, "template", mini / "framework", "--out", f"{tmp_path}/d/")
    assert result.exit_code == 2 and "a workbook per unit needs the assessment folder" in result.output
    config = (mini / "parindex.toml").read_bytes()
    (mini / "parindex.toml").unlink()
    result = invoke(runner, "template", mini, "--out", f"{tmp_path}/d/")
    assert result.exit_code == 1 and "parindex.toml not found in" in result.output
    (mini / "parindex.toml").write_bytes(config)
    result = invoke(runner, "template", mini, "--survey", "--out", tmp_path / "s.csv")
    assert result.exit_code == 2 and "s.csv: the survey sheet is written as .xlsx" in result.output
    assert not (tmp_path / "d").exists()
    # units.csv with an error: the validation report, exit 1, nothing written
    (mini / "units.csv").write_text("unit_id,name,group\nA,Sở An,xa\n", encoding="utf-8")
    result = invoke(runner, "template", mini, "--out", f"{tmp_path}/d/")
    assert result.exit_code == 1 and "(unknown-group)" in result.output
    assert not (tmp_path / "d").exists()


def test_the_survey_sheet(runner, mini: Path, tmp_path: Path):
    out = tmp_path / "survey.xlsx"
    assert invoke(runner, "template", mini, "--survey", "--out", out, "--lang", "vi").exit_code == 0
    sheet = load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "Mã đơn vị", "Tên đơn vị", "Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa", "Điểm điều tra XHH", "Ghi chú",
    ]  # fmt: skip
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [
        ("A", "Sở An", "1.3", "Khảo sát chỉ đạo", 3, None, None),
        ("A", "Sở An", "2.2", "Mức độ hài lòng", 4, None, None),
        ("B", "Sở Bình", "1.3", "Khảo sát chỉ đạo", 3, None, None),
        ("B", "Sở Bình", "2.2", "Mức độ hài lòng", 4, None, None),
    ]
    assert invoke(runner, "template", mini, "--survey", "--out", out).exit_code == 2  # exists: --force
    # read back as the folder's survey: the same scores as conftest's survey.csv give the same results
    before = json.loads(invoke(runner, "score", mini, "--format", "json").stdout)
    fill_survey(out, {("A", "1.3"): 2.4, ("A", "2.2"): 3.2, ("B", "1.3"): 3, ("B", "2.2"): 2})
    (mini / "survey.csv").unlink()
    shutil.copy(out, mini / "survey.xlsx")
    after = json.loads(invoke(runner, "score", mini, "--format", "json").stdout)
    # the manifest names the file read (survey.xlsx instead of survey.csv): every number is the same
    assert {k: v for k, v in after.items() if k != "manifest"} == {k: v for k, v in before.items() if k != "manifest"}


# -- progress -------------------------------------------------------------------------------------
def test_the_progress_bar_is_a_no_op_off_the_terminal(capsys):
    with progress_module.progress(50, "Writing") as step:
        for _ in range(50):
            step("x")
    assert capsys.readouterr() == ("", "")


def test_the_progress_bar_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(progress_module, "on_terminal", lambda: True)
    with progress_module.progress(3, "Đang ghi [x]") as step:
        step("A.xlsx")
    assert capsys.readouterr().out == ""  # never on standard output
    # a loop's items pass through unchanged, the bar advancing after each
    assert list(progress_module.counted([3, 1, 2], "Chi tiết")) == [3, 1, 2]
    assert capsys.readouterr().out == ""
    with progress_module.progress(3, "few", minimum=10) as step:
        step()
    assert capsys.readouterr() == ("", "")


# -- Vietnamese first ---------------------------------------------------------------------------------
def test_the_year_speaks_vietnamese(tmp_path: Path):
    from test_i18n import assert_vietnamese, folder_data, run, workbook_text

    folder = tmp_path / "nam-2025"
    code, output = run("init", folder, "--year", "2025")
    assert (code, output.splitlines()[0]) == (
        0,
        f"Đã ghi {folder}: parindex.toml, units.csv, HUONG-DAN.md, self-assessment/",
    )
    data = folder_data(folder)
    guide = (folder / "HUONG-DAN.md").read_text(encoding="utf-8").split("\n---\n")[0]
    config = "\n".join(line for line in (folder / "parindex.toml").read_text(encoding="utf-8").splitlines()[:2])
    assert_vietnamese("init", output + guide + config, data)
    code, output = run("validate", folder)
    assert code == 1
    assert_vietnamese("validate", output, data)
    code, output = run("template", folder, "--out", tmp_path / "phieu/")
    assert (code, output) == (0, f"Đã ghi 28 tệp vào {tmp_path / 'phieu'}\n")
    assert_vietnamese("template DIR", workbook_text(tmp_path / "phieu" / "SYT.xlsx"), data)
    code, output = run("template", folder, "--survey", "--out", tmp_path / "s.xlsx")
    assert code == 0
    assert_vietnamese("template --survey", output + workbook_text(tmp_path / "s.xlsx"), data)
    code, output = run("validate", tmp_path)
    assert code == 1 and "Không tìm thấy tệp parindex.toml trong" in output
    assert_vietnamese("validate without parindex.toml", output, data)


def test_a_unit_with_nothing_to_self_assess_gets_no_workbook_and_is_named(runner, tmp_path: Path):
    units = "unit_id,name,group\nA,Sở An,so\nC,Xã Cờ,xa\n"
    folder = write_folder(tmp_path / "f", units=units, self_assessment=None, appraisal=None, survey=None)
    with (folder / "framework" / "framework.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[groups.xa]\nname = "Xã"\ncriteria = "xa.csv"\n')
    (folder / "framework" / "xa.csv").write_text(
        "code,name,max_points,method\n1,Khảo sát,10,survey\n", encoding="utf-8"
    )
    result = invoke(runner, "template", folder, "--out", tmp_path / "out/")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Wrote 1 workbook in {tmp_path / 'out'}",
        "No workbook for C: their group has no criteria to self-assess.",
    ]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["A.xlsx"]


def test_a_unit_list_naming_an_unknown_group_is_refused(runner, tmp_path: Path):
    framework = mini_framework(tmp_path)
    (framework / "units.csv").write_text("unit_id,name,group,ranked\nA,Sở An,so,yes\nX,Xã X,xa,no\n", encoding="utf-8")
    result = invoke(runner, "init", tmp_path / "y", "--framework", framework)
    assert result.exit_code == 2
    assert f"{framework / 'units.csv'}: group 'xa' is not a group of the framework (so)." in " ".join(
        result.output.split()
    )
    assert not (tmp_path / "y").exists()
    # a guide left in a folder is not overwritten either
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "HUONG-DAN.md").write_text("notes", encoding="utf-8")
    result = invoke(runner, "init", tmp_path / "z")
    assert result.exit_code == 2 and "already holds an assessment (HUONG-DAN.md)" in result.output


def test_a_sheet_written_into_the_folder_beside_its_table_is_refused(runner, mini: Path, tmp_path: Path):
    """survey.xlsx written straight into a folder that has survey.csv would be a second survey table
    (and the next `validate` fails): refused, exit 2, nothing written; a name of its own is fine."""
    result = invoke(runner, "template", mini, "--survey", "--out", mini / "survey.xlsx", "--lang", "en")
    assert result.exit_code == 2
    assert "would be a second survey table beside survey.csv" in result.output
    assert not (mini / "survey.xlsx").exists()
    assert invoke(runner, "template", mini, "--survey", "--out", mini / "phieu-xhh.xlsx").exit_code == 0


def test_two_files_of_one_table_are_named_as_such(mini: Path):
    """survey.csv and survey.xlsx side by side: `duplicate-table`, naming both (not "parindex.toml is not valid")."""
    shutil.copy(mini / "survey.csv", mini / "Survey.CSV.bak")  # not a table file: no problem
    (mini / "survey.xlsx").write_bytes(b"")
    report = validate_folder(mini)
    (problem,) = [p for p in report.errors if p.code == "duplicate-table"]
    assert (problem.file, problem.value) == ("survey.csv", "survey")
    assert problem.message("vi") == (
        "Thư mục có nhiều tệp của bảng 'survey' (survey.csv, survey.xlsx); hãy giữ một tệp, chuyển đi hoặc đổi tên "
        "các tệp còn lại."
    )
