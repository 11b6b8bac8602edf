"""Issue 14's acceptance, end to end across the merged parts: a province's annex to scores.

For each numbering style the importer reads (Roman domains with criteria restarting in each; Roman "I."
with criteria numbered on through the table; no STT column, "1." / "1.1." / "a)" at the start of the
text), an annex typed as in a provincial decision, with scoring levels, a bonus and a penalty row and
a survey column → `criteria import` → `criteria DIR` → an assessment folder on the imported framework
(scores on the levels, bonus and penalty in the self-assessment and the appraisal, survey scores) →
`validate` → `score`, worked by hand (the cap at 100 included) → the template's drop-down of levels.
Then survey points from questionnaire answers and an optional survey on an imported framework, and
the Lai Châu example against its output before the merges (golden files made at commit ed6ac25).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from annex_tables import ROMAN, write_csv, write_docx, write_xlsx
from conftest import DATA, EXAMPLE
from parindex.cli import app

#: Roman "I." domains, criteria 1. 2. 3. numbered on through the table, "-" bullet levels, a survey
#: column marked "x", "Điểm cộng", a penalty typed negative, the total row.
RUNNING = [
    ["STT", "Nội dung", "Điểm chuẩn", "Điều tra XHH", "Ghi chú"],
    ["I.", "Cải cách thể chế", "5", "", ""],
    ["1.", "Ban hành văn bản quy phạm pháp luật", "3", "", ""],
    ["", "- Đúng kế hoạch: 3", "", "", ""],
    ["", "- Chậm dưới 30 ngày: 1,5", "", "", ""],
    ["2.", "Theo dõi thi hành pháp luật", "2", "", ""],
    ["II.", "Tác động của cải cách hành chính", "5", "", ""],
    ["3.", "Sự hài lòng của tổ chức, cá nhân", "5", "", ""],
    ["3.1.", "Hài lòng về thủ tục hành chính", "2,5", "x", ""],
    ["3.2.", "Hài lòng về công chức", "2,5", "x", ""],
    ["III.", "Điểm cộng", "2", "", ""],
    ["4.", "Có mô hình mới được nhân rộng", "2", "", ""],
    ["IV.", "Điểm trừ", "1", "", ""],
    ["5.", "Chậm gửi báo cáo CCHC", "-1", "", ""],
    ["", "Tổng số điểm", "10", "", ""],
]
#: No STT column: the numbering starts the text, points "4 điểm" or in a level's text, an "ĐTXHH" column.
DOTTED = [
    ["Tiêu chí", "Điểm tối đa", "ĐTXHH", "Tài liệu kiểm chứng"],
    ["1. Công tác chỉ đạo, điều hành", "4 điểm", "", ""],
    ["1.1. Kế hoạch cải cách hành chính", "2 điểm", "", "Kế hoạch"],
    ["a) Ban hành đúng hạn (2 điểm)", "", "", ""],
    ["b) Ban hành chậm (1 điểm)", "", "", ""],
    ["1.2. Tuyên truyền cải cách hành chính", "2", "", ""],
    ["2. Tác động của cải cách hành chính", "6", "", ""],
    ["2.1. Mức độ hài lòng của người dân", "3,5", "x", ""],
    ["2.2. Mức độ hài lòng của doanh nghiệp", "2,5", "x", ""],
    ["3. Điểm thưởng", "1,5", "", ""],
    ["3.1. Sáng kiến được công nhận", "1,5", "", ""],
    ["4. Điểm trừ", "1", "", ""],
    ["4.1. Chậm gửi báo cáo", "1", "", ""],
    ["Tổng cộng", "10", "", ""],
]


@dataclass(frozen=True)
class Style:
    """One annex, what `criteria DIR` must show of it, a year's scores on it and the results by hand."""

    rows: list[list[str]]
    save: Callable[[Path, list[list[str]]], Path]
    suffix: str
    tree: list[str]
    self_scores: str
    appraisal: str
    survey: str
    expected: dict[str, tuple[float, ...]]  # unit -> appraisal, survey, bonus, penalty, total, index
    not_a_level: tuple[str, str, str]  # (unit, code) typed with a score that is no level; the levels said
    warnings: tuple[tuple[str, str, int], ...] = ()  # (code, file, row) of what validate warns


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    return write_xlsx(path, [("Phụ lục I", rows)])


def _docx(path: Path, rows: list[list[str]]) -> Path:
    return write_docx(path, [rows])


STYLES = {
    # maximum 10: appraisal 1.1.1 = 1 (levels 0; 0,5; 1), 1.1.2 = 2 (0; 1,5; 2), 1.2 = 1.5, 2.1 = 2.5;
    # survey 1.3 = 1.5, 2.2 = 1.5; bonus 3.1 = 1, penalty 4.1 = 2 (neither in the maximum)
    "roman": Style(
        ROMAN,
        _xlsx,
        "xlsx",
        [
            "├── 1 (I) CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC — 6",
            "│   ├── 1.1 (1) Kế hoạch CCHC năm — 3",
            "│   │   ├── 1.1.1 (1.1) Ban hành kế hoạch đúng thời hạn — 1 thẩm định (các mức điểm: 0; 0,5; 1)",
            "│   │   └── 1.1.2 (1.2) Mức độ hoàn thành kế hoạch — 2 thẩm định (các mức điểm: 0; 1,5; 2)",
            "│   ├── 1.2 (2) Báo cáo CCHC định kỳ — 1,5 thẩm định",
            "│   └── 1.3 (3) Mức độ hài lòng về công tác chỉ đạo — 1,5 điều tra XHH",
            "├── 2 (II) CẢI CÁCH THỦ TỤC HÀNH CHÍNH — 4",
            "│   ├── 2.1 (1) Công khai thủ tục hành chính — 2,5 thẩm định",
            "│   └── 2.2 (2) Sự hài lòng của người dân — 1,5 điều tra XHH",
            "├── 3 (III) ĐIỂM THƯỞNG — 1",
            "│   └── 3.1 (1) Sáng kiến CCHC được công nhận — 1 điểm thưởng",
            "└── 4 (IV) ĐIỂM TRỪ — 2",
            "    └── 4.1 (1) Để xảy ra sai phạm trong giải quyết thủ tục hành chính — 2 điểm trừ",
        ],
        "unit_id;code;score\nA;1.1.1;1\nA;1.1.2;2\nA;1.2;1,5\nA;2.1;2,5\nA;3.1;1\n"
        "B;1.1.1;0,5\nB;1.1.2;1,5\nB;1.2;1\nB;2.1;2\nB;4.1;0\n",
        "unit_id;code;score;note\nA;3.1;1;Sáng kiến cấp tỉnh\nB;2.1;1,5;Thiếu tài liệu\nB;4.1;2;Sai phạm TTHC\n",
        "unit_id;code;score\nA;1.3;1,5\nA;2.2;1,5\nB;1.3;1,2\nB;2.2;0,9\n",
        {
            # A: 1 + 2 + 1.5 + 2.5 = 7, survey 3, bonus 1: 11 of 10 = 110 %, capped at 100
            "A": (7.0, 3.0, 1.0, 0.0, 11.0, 100.0),
            # B: 0.5 + 1.5 + 1 + 1.5 (appraised) = 4.5, survey 2.1, penalty 2 (appraised): 4.6 of 10 = 46 %
            "B": (4.5, 2.1, 0.0, 2.0, 4.6, 46.0),
        },
        ("B", "1.1.2", "0; 1,5; 2"),
        # the council's full penalty where B declared none: more than half the maximum (2) moved
        (("large-adjustment", "appraisal.csv", 4),),
    ),
    # maximum 10: appraisal 1.1 = 3 (levels 0; 1,5; 3), 1.2 = 2; survey 2.1.1 = 2.5, 2.1.2 = 2.5;
    # bonus 3.1 = 2, penalty 4.1 = 1 (typed -1 in the annex)
    "running": Style(
        RUNNING,
        _docx,
        "docx",
        [
            "├── 1 (I.) Cải cách thể chế — 5",
            "│   ├── 1.1 (1.) Ban hành văn bản quy phạm pháp luật — 3 thẩm định (các mức điểm: 0; 1,5; 3)",
            "│   └── 1.2 (2.) Theo dõi thi hành pháp luật — 2 thẩm định",
            "├── 2 (II.) Tác động của cải cách hành chính — 5",
            "│   └── 2.1 (3.) Sự hài lòng của tổ chức, cá nhân — 5",
            "│       ├── 2.1.1 (3.1.) Hài lòng về thủ tục hành chính — 2,5 điều tra XHH",
            "│       └── 2.1.2 (3.2.) Hài lòng về công chức — 2,5 điều tra XHH",
            "├── 3 (III.) Điểm cộng — 2",
            "│   └── 3.1 (4.) Có mô hình mới được nhân rộng — 2 điểm thưởng",
            "└── 4 (IV.) Điểm trừ — 1",
            "    └── 4.1 (5.) Chậm gửi báo cáo CCHC — 1 điểm trừ",
        ],
        "unit_id;code;score\nA;1.1;3\nA;1.2;1,5\nA;3.1;2\nB;1.1;1,5\nB;1.2;2\nB;4.1;1\n",
        "unit_id;code;score;note\nA;3.1;1;Mô hình mới cấp huyện\nB;1.1;0;Chưa ban hành\n",
        "unit_id;code;score\nA;2.1.1;2\nA;2.1.2;2,25\nB;2.1.1;2,5\nB;2.1.2;1,75\n",
        {
            # A: 3 + 1.5 = 4.5, survey 4.25, bonus 1 (lowered from 2): 9.75 of 10 = 97.5 %
            "A": (4.5, 4.25, 1.0, 0.0, 9.75, 97.5),
            # B: 0 (appraised) + 2 = 2, survey 4.25, its own penalty 1: 5.25 of 10 = 52.5 %
            "B": (2.0, 4.25, 0.0, 1.0, 5.25, 52.5),
        },
        ("A", "1.1", "0; 1,5; 3"),
    ),
    # maximum 10: appraisal 1.1 = 2 (levels 0; 1; 2), 1.2 = 2; survey 2.1 = 3.5, 2.2 = 2.5;
    # bonus 3.1 = 1.5, penalty 4.1 = 1
    "dotted": Style(
        DOTTED,
        write_csv,
        "csv",
        [
            "├── 1 (1.) Công tác chỉ đạo, điều hành — 4",
            "│   ├── 1.1 (1.1.) Kế hoạch cải cách hành chính — 2 thẩm định (các mức điểm: 0; 1; 2)",
            "│   └── 1.2 (1.2.) Tuyên truyền cải cách hành chính — 2 thẩm định",
            "├── 2 (2.) Tác động của cải cách hành chính — 6",
            "│   ├── 2.1 (2.1.) Mức độ hài lòng của người dân — 3,5 điều tra XHH",
            "│   └── 2.2 (2.2.) Mức độ hài lòng của doanh nghiệp — 2,5 điều tra XHH",
            "├── 3 (3.) Điểm thưởng — 1,5",
            "│   └── 3.1 (3.1.) Sáng kiến được công nhận — 1,5 điểm thưởng",
            "└── 4 (4.) Điểm trừ — 1",
            "    └── 4.1 (4.1.) Chậm gửi báo cáo — 1 điểm trừ",
        ],
        "unit_id;code;score\nA;1.1;2\nA;1.2;2\nA;3.1;1,5\nB;1.1;1\nB;1.2;0,75\n",
        "unit_id;code;score;note\nA;1.1;1;Ban hành chậm\nB;4.1;0,5;Chậm báo cáo quý\n",
        "unit_id;code;score\nA;2.1;3,5\nA;2.2;2,5\nB;2.1;2,8\nB;2.2;2\n",
        {
            # A: 1 (appraised) + 2 = 3, survey 6, bonus 1.5: 10.5 of 10 = 105 %, capped at 100
            "A": (3.0, 6.0, 1.5, 0.0, 10.5, 100.0),
            # B: 1 + 0.75 = 1.75, survey 4.8, penalty 0.5 (appraised, none self-assessed): 6.05 → 60.5 %
            "B": (1.75, 4.8, 0.0, 0.5, 6.05, 60.5),
        },
        ("B", "1.1", "0; 1; 2"),
    ),
}
UNITS = "unit_id,name,group\nA,Sở An,so\nB,Sở Bình,so\n"
RESULT_KEYS = ("appraisal_total", "survey_total", "bonus_total", "penalty_total", "total", "index")


def vi(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env={"PARINDEX_LANG": "vi", "COLUMNS": "200"})


def ok(*args: Any) -> Any:
    result = vi(*args)
    assert result.exit_code == 0, result.output
    return result


def imported(root: Path, style: Style, name: str) -> Path:
    """The annex saved as the office saves it, imported through the CLI into root/khung."""
    annex = style.save(root / f"phu-luc-{name}.{style.suffix}", style.rows)
    out = root / "khung"
    result = ok("criteria", "import", annex, "--out", out, "--group", "so", "--name", "Sở, ban, ngành")
    assert f"Đã ghi {out / 'so.csv'}" in result.output
    return out


def assessment(root: Path, style: Style, **files: str) -> Path:
    """A year on the imported framework (root/khung), its tables as Vietnamese Excel saves CSV."""
    folder = root / "2024"
    folder.mkdir()
    (folder / "parindex.toml").write_text('year = 2024\nframework = "../khung"\n', encoding="utf-8")
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    tables = {"self-assessment": style.self_scores, "appraisal": style.appraisal, "survey": style.survey, **files}
    for name, text in tables.items():
        if text:
            (folder / f"{name}.csv").write_bytes(text.replace("\n", "\r\n").encode("utf-8-sig"))
    return folder


def scored(folder: Path) -> dict[str, dict[str, Any]]:
    document = json.loads(ok("score", folder, "--format", "json").stdout)
    return {row["unit_id"]: row for row in document["rows"]}


@pytest.mark.parametrize("name", sorted(STYLES))
def test_an_annex_of_each_numbering_style_imports_validates_and_scores_by_hand(tmp_path: Path, name: str):
    style = STYLES[name]
    framework = imported(tmp_path, style, name)
    shown = ok("criteria", framework).output.splitlines()
    assert shown[:2] == ["khung", "Sở, ban, ngành (so) — tối đa 10"]  # no decision typed yet: none shown
    assert shown[2 : 2 + len(style.tree)] == style.tree
    folder = assessment(tmp_path, style)
    report = json.loads(ok("validate", folder, "--format", "json").stdout)
    assert report["counts"]["errors"] == report["counts"]["notes"] == 0
    assert tuple((w["code"], w["file"], w["row"]) for w in report["warnings"]) == style.warnings
    rows = scored(folder)
    assert {unit: tuple(rows[unit][k] for k in RESULT_KEYS) for unit in rows} == style.expected
    assert [(unit, rows[unit]["max_points"]) for unit in ("A", "B")] == [("A", 10.0), ("B", 10.0)]


@pytest.mark.parametrize("name", sorted(STYLES))
def test_a_score_that_is_no_level_is_an_error_naming_the_levels(tmp_path: Path, name: str):
    style = STYLES[name]
    imported(tmp_path, style, name)
    unit, code, levels = style.not_a_level
    lines = style.self_scores.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(f"{unit};{code};"))
    lines[row] = f"{unit};{code};0,25"
    folder = assessment(tmp_path, style, **{"self-assessment": "\n".join(lines) + "\n"})
    result = vi("validate", folder, "--format", "json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["code"], error["file"], error["row"], error["column"], error["value"]) == (
        "not-a-level",
        "self-assessment.csv",
        row + 1,
        "score",
        "0,25",
    )
    assert levels in error["message"]


def test_the_templates_offer_the_imported_levels_as_a_drop_down(tmp_path: Path):
    imported(tmp_path, STYLES["roman"], "roman")
    folder = assessment(tmp_path, STYLES["roman"])
    ok("template", folder, "--out", f"{tmp_path / 'phieu'}/")
    sheet = load_workbook(tmp_path / "phieu" / "A.xlsx").worksheets[0]
    # header on row 7: 1.1.1 and 1.1.2 (the leaves with levels) on rows 8 and 9, then 1.2, 2.1, 3.1, 4.1
    assert [sheet.cell(r, 2).value for r in range(8, 14)] == ["1.1.1", "1.1.2", "1.2", "2.1", "3.1", "4.1"]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert lists == {"F8": '"0,0.5,1,KAD"', "F9": '"0,1.5,2,KAD"'}
    ok("template", tmp_path / "khung", "--group", "so", "--out", tmp_path / "so.xlsx")
    sheet = load_workbook(tmp_path / "so.xlsx").worksheets[0]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert lists == {"F2": '"0,0.5,1,KAD"', "F3": '"0,1.5,2,KAD"'}


def test_units_leave_the_bonus_and_penalty_cells_of_their_workbook_blank(tmp_path: Path):
    """A unit with no bonus and no penalty leaves their cells empty: 0, as a missing row is, not an error."""
    style = STYLES["roman"]
    imported(tmp_path, style, "roman")
    folder = assessment(tmp_path, style, **{"self-assessment": "", "appraisal": ""})
    ok("template", folder, "--out", f"{tmp_path / 'phieu'}/")
    (folder / "self-assessment").mkdir()
    typed = {"A": ["1", "2", "1,5", "2,5", None, None], "B": ["0,5", "1,5", "1", "2", None, "1"]}
    for unit, scores in typed.items():
        book = load_workbook(tmp_path / "phieu" / f"{unit}.xlsx")
        sheet = book.worksheets[0]
        for row, score in zip(range(8, 14), scores, strict=True):  # 1.1.1, 1.1.2, 1.2, 2.1, bonus 3.1, penalty 4.1
            sheet.cell(row, 6).value = score
        book.save(folder / "self-assessment" / f"{unit}.xlsx")
    report = json.loads(ok("validate", folder, "--format", "json").stdout)
    assert (report["counts"]["errors"], report["counts"]["warnings"]) == (0, 0)
    rows = scored(folder)
    # A: 7 + survey 3 = 10, no bonus: 100 %; B: 5 + survey 2.1 − its own penalty 1 = 6.1 → 61 %
    assert {u: tuple(rows[u][k] for k in RESULT_KEYS) for u in rows} == {
        "A": (7.0, 3.0, 0.0, 0.0, 10.0, 100.0),
        "B": (5.0, 2.1, 0.0, 1.0, 6.1, 61.0),
    }
    # an appraisal criterion left blank is still an error: only bonus and penalty may be
    book = load_workbook(folder / "self-assessment" / "A.xlsx")
    book.worksheets[0].cell(9, 6).value = None
    book.save(folder / "self-assessment" / "A.xlsx")
    errors = json.loads(vi("validate", folder, "--format", "json").stdout)["errors"]
    assert [(e["code"], e["file"], e["row"]) for e in errors] == [("missing-value", "self-assessment/A.xlsx", 9)]


def _add_to_framework(framework: Path, table: str) -> None:
    toml = framework / "framework.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n" + table, encoding="utf-8")


def test_survey_points_from_answers_on_an_imported_framework(tmp_path: Path):
    style = STYLES["roman"]
    framework = imported(tmp_path, style, "roman")
    _add_to_framework(framework, "[survey]\nanswers = { A = 1, B = 0.6, C = 0.2, D = 0 }\nmin_respondents = 3\n")
    responses = (
        "Mã đơn vị;Mã câu hỏi;Phiếu số;Phương án\n"
        "A;1.3;1;A\nA;1.3;2;a)\nA;1.3;3;A\n"
        "A;2.2;1;A\nA;2.2;2;A\nA;2.2;3;B\n"
        "B;1.3;1;B\nB;1.3;2;C\nB;1.3;3;D\n"
        "B;2.2;1;A\nB;2.2;2;B\nB;2.2;3;\nB;2.2;4;C\n"
    )
    folder = assessment(tmp_path, style, survey="", **{"survey-responses": responses})
    assert json.loads(ok("validate", folder, "--format", "json").stdout)["counts"]["errors"] == 0
    rows = scored(folder)
    # A: 1.3 = 1.5 × (1 + 1 + 1) / 3 = 1.5; 2.2 = 1.5 × (1 + 1 + 0.6) / 3 = 1.3; 7 + 2.8 + bonus 1 = 10.8 → 100
    # B: 1.3 = 1.5 × (0.6 + 0.2 + 0) / 3 = 0.4; 2.2 = 1.5 × (1 + 0.6 + 0.2) / 3 = 0.9 (the blank answer is
    #   not counted); 4.5 + 1.3 − penalty 2 = 3.8 → 38 %
    assert {u: tuple(rows[u][k] for k in RESULT_KEYS) for u in rows} == {
        "A": (7.0, 2.8, 1.0, 0.0, 10.8, 100.0),
        "B": (4.5, 1.3, 0.0, 2.0, 3.8, 38.0),
    }
    leaf = {x["code"]: x for x in json.loads(ok("explain", folder, "B", "--format", "json").stdout)["leaves"]}["2.2"]
    assert (leaf["responses"]["respondents"], leaf["responses"]["blank"]) == (3, 1)
    assert [(a["answer"], a["count"]) for a in leaf["responses"]["answers"]] == [("A", 1), ("B", 1), ("C", 1), ("D", 0)]


def test_an_optional_survey_on_an_imported_framework(tmp_path: Path):
    style = STYLES["roman"]
    framework = imported(tmp_path, style, "roman")
    _add_to_framework(framework, "[survey]\noptional = true\n")
    self_scores = style.self_scores + "C;1.1.1;1\nC;1.1.2;1,5\nC;1.2;1,5\nC;2.1;2,5\n"
    folder = assessment(tmp_path, style, **{"self-assessment": self_scores})
    (folder / "units.csv").write_text(UNITS + "C,Sở Cường,so\n", encoding="utf-8")
    assert json.loads(ok("validate", folder, "--format", "json").stdout)["counts"]["errors"] == 0
    rows = scored(folder)
    # C has no survey score: indexed on its appraisal points over the appraisal maximum,
    # (1 + 1.5 + 1.5 + 2.5) / (1 + 2 + 1.5 + 2.5) = 6.5 / 7 = 92.857… → 92.86; A and B as before
    keys = ("appraisal_total", "survey_total", "total", "max_points", "index", "survey_used", "rank")
    assert {u: tuple(rows[u][k] for k in keys) for u in rows} == {
        "A": (7.0, 3.0, 11.0, 10.0, 100.0, True, 1),
        "C": (6.5, 0.0, 6.5, 7.0, 92.86, False, 2),
        "B": (4.5, 2.1, 4.6, 10.0, 46.0, True, 3),
    }


# -- the Lai Châu example, byte for byte as before the merges --------------------------------------------
GOLDEN = DATA / "golden"


def test_the_lai_chau_example_scores_byte_identically_to_before_the_merges():
    """Golden files written by commit ed6ac25 (`python -m parindex score examples/lai-chau-2023 --format
    csv|json`, Vietnamese): the JSON now ends with the manifest, everything before it is unchanged."""
    csv_text = ok("score", EXAMPLE, "--format", "csv").stdout
    assert csv_text.encode("utf-8") == (GOLDEN / "lai-chau-2023.score.csv").read_bytes()
    json_text = ok("score", EXAMPLE, "--format", "json").stdout
    assert list(json.loads(json_text))[-1] == "manifest"
    head, _manifest = json_text.split(',\n  "manifest": ', 1)
    assert (head + "\n}\n").encode("utf-8") == (GOLDEN / "lai-chau-2023.score.json").read_bytes()
