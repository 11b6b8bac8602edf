"""`parindex template`: blank self-assessment sheets that `score` accepts back once filled in."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from openpyxl import Workbook, load_workbook

from conftest import invoke, write_folder
from parindex.framework import load_framework
from parindex.templates import COLUMNS, HEADERS, score_validation_formula, template_csv, template_rows

# The mini framework's appraisal leaves and maxima (survey leaves 1.3 and 2.2 are not self-assessed)
APPRAISAL_LEAVES = [("1.1.1", 2.0), ("1.1.2", 2.0), ("1.2", 3.0), ("2.1", 6.0)]
# The self-scores of MINI_SELF in conftest
SCORES = {"A": {"1.1.1": 2, "1.1.2": 1.5, "1.2": 3, "2.1": 6}, "B": {"1.1.1": 2, "1.1.2": 2, "1.2": 2, "2.1": 5}}


def make(runner, *args: object) -> None:
    result = invoke(runner, "template", *args)
    assert result.exit_code == 0, result.output


def fill(path: Path, scores: dict[str, object]) -> None:
    """Type the scores into the template's score column, as a focal person would in Excel."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    code_col, score_col = header.index("code") + 1, header.index("score") + 1
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row, code_col).value
        if code in scores:
            sheet.cell(row, score_col).value = scores[code]
    book.save(path)


def totals(runner, folder: Path) -> dict[str, tuple[float, float, float]]:
    result = invoke(runner, "score", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    return {r["unit_id"]: (r["self_total"], r["total"], r["index"]) for r in json.loads(result.stdout)["rows"]}


def test_rows_are_the_appraisal_leaves(mini: Path):
    framework = load_framework("framework", mini)
    rows = template_rows(framework, "SO", "A")  # group keys match case-insensitively, as in units.csv
    assert [(r["code"], float(r["max_points"])) for r in rows] == APPRAISAL_LEAVES
    assert {(r["unit_id"], r["score"], r["note"]) for r in rows} == {("A", "", "")}
    text = template_csv(framework, "so", lang="en")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == list(COLUMNS)
    assert parsed[1] == ["", "1.1.1", "Ban hành kế hoạch", "2", "", "", ""]
    assert template_csv(framework, "so").startswith("Mã đơn vị,Mã tiêu chí,")  # no language: Vietnamese


def test_xlsx_layout(runner, mini: Path, tmp_path: Path):
    out = tmp_path / "A.xlsx"
    make(runner, mini / "framework", "--group", "so", "--unit", "A", "--out", out, "--lang", "vi")
    book = load_workbook(out)
    assert book.sheetnames == ["Tự đánh giá", "Hướng dẫn"]  # the loader reads the first sheet only
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [HEADERS["vi"][c] for c in COLUMNS]  # header on row 1, in Vietnamese
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[3], r[5], r[6]) for r in body] == [("A", c, m, None, None) for c, m in APPRAISAL_LEAVES]
    assert sheet["B2"].number_format == "@"  # codes stay text ("1.10" must not become 1.1)
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "custom" and str(validation.sqref) == "F2:F5"
    assert (
        validation.formula1
        == score_validation_formula(2)
        == ('OR(AND(ISNUMBER(F2),F2>=0,F2<=$D2),UPPER(TRIM(F2))="N/A",UPPER(TRIM(F2))="KAD")')
    )
    assert validation.showErrorMessage and validation.errorTitle == "Điểm không hợp lệ"
    assert "KAD" in validation.error and "điểm tối đa" in validation.error
    help_text = "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
    assert "Sở, ban, ngành" in help_text and "self-assessment/" in help_text and "Đơn vị: A" in help_text
    assert "Tổng điểm tối đa các tiêu chí tự chấm: 13" in help_text  # 2 + 2 + 3 + 6


def test_filled_templates_score_in_a_folder_and_merged(runner, mini: Path, tmp_path: Path):
    (mini / "self-assessment.csv").unlink()
    per_unit = mini / "self-assessment"
    per_unit.mkdir()
    # A's sheet made from the assessment folder (group inferred from units.csv); B's without --unit:
    # a blank unit_id takes the id from the file name
    make(runner, mini, "--unit", "a", "--out", per_unit / "A.xlsx")
    make(runner, mini / "framework", "--group", "so", "--out", per_unit / "B.xlsx")
    assert load_workbook(per_unit / "A.xlsx").worksheets[0]["A2"].value == "A"  # spelled as in units.csv
    for unit in ("A", "B"):
        fill(per_unit / f"{unit}.xlsx", SCORES[unit])
    assert invoke(runner, "validate", mini).exit_code == 0
    # by hand (test_mini_by_hand): A self 2 + 1.5 + 3 + 6 = 12.5, total 16.6 of 20 = 83 %; B 11, 16, 80 %
    expected = {"A": (12.5, 16.6, 83.0), "B": (11.0, 16.0, 80.0)}
    assert totals(runner, mini) == expected

    # the same rows merged into one self-assessment.xlsx (unit_id filled on every row)
    merged = load_workbook(per_unit / "A.xlsx")
    sheet = merged.worksheets[0]
    for row in load_workbook(per_unit / "B.xlsx").worksheets[0].iter_rows(min_row=2, values_only=True):
        sheet.append(["B", *row[1:]])
    shutil.rmtree(per_unit)
    merged.save(mini / "self-assessment.xlsx")
    assert totals(runner, mini) == expected


def test_csv_template_and_not_applicable(runner, mini: Path, tmp_path: Path):
    (mini / "self-assessment.csv").unlink()
    per_unit = mini / "self-assessment"
    per_unit.mkdir()
    for unit in ("A", "B"):
        out = per_unit / f"{unit}.csv"
        make(runner, mini / "framework", "--group", "so", "--out", out)
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        for row in rows:
            row["score"] = str(SCORES[unit][row["code"]]).replace(".", ",")  # decimal comma, as typed in Vietnam
        if unit == "A":
            rows[2]["score"], rows[2]["note"] = "KAD", "Không áp dụng"  # 1.2 (max 3) not applicable
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
    # A without 1.2 (exclude policy): 13.6 of 17 = 80 %; self-total 9.5
    assert totals(runner, mini) == {"A": (9.5, 13.6, 80.0), "B": (11.0, 16.0, 80.0)}


def test_a_score_above_the_maximum_is_still_caught(runner, mini: Path):
    (mini / "self-assessment.csv").unlink()
    out = mini / "self-assessment.xlsx"
    make(runner, mini, "--unit", "A", "--out", out)
    book = load_workbook(out)
    sheet = book.worksheets[0]
    for row, value in zip(range(2, 6), (2, 1.5, 4, 6), strict=True):  # 4 > 3, the maximum of 1.2
        sheet.cell(row, 6).value = value
    for code, value in SCORES["B"].items():
        sheet.append(["B", code, None, None, None, value, None])
    book.save(out)
    result = invoke(runner, "validate", mini, "--format", "json")
    assert result.exit_code == 1
    assert [e["code"] for e in json.loads(result.stdout)["errors"]] == ["out-of-range"]


def test_cli_errors(runner, mini: Path, tmp_path: Path):
    assert (
        invoke(runner, "template", mini / "framework", "--group", "nope", "--out", tmp_path / "x.xlsx").exit_code == 2
    )
    assert invoke(runner, "template", mini / "framework", "--group", "so", "--out", tmp_path / "x.txt").exit_code == 2
    assert invoke(runner, "template", mini / "framework", "--out", tmp_path / "x.xlsx").exit_code == 2  # no group
    assert invoke(runner, "template", mini, "--unit", "Z", "--out", tmp_path / "z.xlsx").exit_code == 2
    assert invoke(runner, "template", "--group", "so").exit_code == 2  # --out is required
    # a template never replaces an input, nor (without --force) an existing sheet that may be filled in
    units = mini / "units.csv"
    before = units.read_bytes()
    assert invoke(runner, "template", mini, "--group", "so", "--out", units, "--force").exit_code == 2
    assert units.read_bytes() == before
    filled = tmp_path / "filled.xlsx"
    Workbook().save(filled)
    refused = invoke(runner, "template", mini, "--group", "so", "--out", filled)
    assert refused.exit_code == 2 and "--force" in refused.output
    make(runner, mini, "--group", "so", "--out", filled, "--force")
    assert load_workbook(filled).sheetnames[0] == "Self-assessment"  # English, from PARINDEX_LANG=en
    # survey-only groups have nothing to self-assess
    criteria = "code,name,max_points,method\n1,Khảo sát,10,survey\n"
    survey_only = write_folder(tmp_path / "s", criteria=criteria, self_assessment=None, appraisal=None)
    result = invoke(runner, "template", survey_only / "framework", "--group", "so", "--out", tmp_path / "s.csv")
    assert result.exit_code == 2 and "no appraisal criteria" in result.output
