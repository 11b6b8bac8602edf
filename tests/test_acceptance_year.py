"""Issue 10's acceptance, end to end across the merged parts, as a secretariat runs its year.

`init` → `template FOLDER --out DIR/` → every unit fills its workbook (numbers, "0,5" typed as text,
N/A, evidence) and it is moved into `self-assessment/` → `template --survey`, filled, saved as
survey.xlsx → `template --appraisal`: the council changes scores in round 1 on the worksheet's rows and
two in round 2 in rows added below the table → `validate` → `score` (final) and `score --round 1` →
`explain` → `export --xlsx --docx` and `report --html` carry the manifest → `verify` → `compare --round 1`.
Every command runs in Vietnamese, the workbooks are read and typed by their Vietnamese headers, as an
officer sees them. The framework is small (10 points per group) so every value below is worked by hand.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from parindex.cli import app

FRAMEWORK_TOML = """\
id = "nho"
title = "Bộ chỉ số thử"
decision = "1/QĐ-UBND"
date = "2024-01-01"
decimals = 2
not_applicable = "exclude"
evidence = "required"
provenance = "Bộ chỉ số viết tay cho kiểm thử."

[groups.so]
name = "Sở, ban, ngành"
criteria = "so.csv"

[groups.huyen]
name = "UBND cấp huyện"
criteria = "huyen.csv"
"""
#: so: appraisal 1.1 = 2, 1.2 = 1, 1.3 = 1, 2.1 = 3; survey 1.4 = 2, 2.2 = 1 (10 points)
SO = """\
code,name,max_points,method,guidance
1,Chỉ đạo điều hành,6,,
1.1,Kế hoạch CCHC,2,appraisal,"Đúng hạn, đủ nội dung: 2"
1.2,Báo cáo CCHC,1,appraisal,
1.3,Tuyên truyền CCHC,1,appraisal,
1.4,Hài lòng về chỉ đạo,2,survey,
2,Thủ tục hành chính,4,,
2.1,Công khai TTHC,3,appraisal,
2.2,Hài lòng về TTHC,1,survey,
"""
#: huyen: appraisal 1.1 = 2, 1.2 = 1.5, 2.1 = 4; survey 1.3 = 1.5, 2.2 = 1 (10 points)
HUYEN = """\
code,name,max_points,method,guidance
1,Chỉ đạo điều hành,5,,
1.1,Kế hoạch CCHC,2,appraisal,
1.2,Kiểm tra CCHC,1.5,appraisal,
1.3,Hài lòng về chỉ đạo,1.5,survey,
2,Một cửa,5,,
2.1,Bộ phận một cửa,4,appraisal,
2.2,Hài lòng về một cửa,1,survey,
"""
ROSTER = """\
unit_id,name,group,ranked,confirmed
SYT,Sở Y tế,so,yes,yes
STP,Sở Tư pháp,so,yes,yes
105,Thành phố Lai Châu,huyen,yes,yes
"""
#: What each unit types into its workbook: code -> (score, evidence). SYT's 1.3 has no evidence (the
#: framework requires it: one `no-evidence` warning); STP's 1.3 does not apply to it.
SELF = {
    "SYT": {"1.1": (2, "KH 12/KH-SYT"), "1.2": ("0,5", "BC 3/BC-SYT"), "1.3": (1, None), "2.1": (2.5, "QĐ 45/QĐ-SYT")},
    "STP": {"1.1": ("1,5", "KH 7/KH-STP"), "1.2": (1, "BC 9/BC-STP"), "1.3": ("N/A", None), "2.1": (3, "QĐ 2/QĐ-STP")},
    "105": {"1.1": (2, "KH 1/KH-UBND"), "1.2": ("1,25", "BC 5/BC-UBND"), "2.1": ("3,75", "QĐ 8/QĐ-UBND")},
}
SURVEY = {
    ("SYT", "1.4"): 1.6,
    ("SYT", "2.2"): "0,8",
    ("STP", "1.4"): 1.8,
    ("STP", "2.2"): 0.9,
    ("105", "1.3"): 1.2,
    ("105", "2.2"): 0.75,
}
#: Round 1, typed on the worksheet's own rows: (score, reason). STP 1.2 is typed as the self-score
#: with no reason (a confirmation: no warning); 105 1.1 has a reason and no score (the self-score stands).
ROUND_1 = {
    ("SYT", "1.2"): (1, "Báo cáo đầy đủ, đúng hạn"),
    ("SYT", "2.1"): (2, "Thiếu tài liệu kiểm chứng"),
    ("STP", "1.1"): (1, "Kế hoạch ban hành chậm"),
    ("STP", "1.2"): (1, None),
    ("105", "1.1"): (None, "Đạt"),
    ("105", "2.1"): (3, "Chưa niêm yết đủ TTHC"),
}
#: Round 2, rows added below the table: unit, code, score, reason, the unit's explanation.
ROUND_2 = [
    ("SYT", "2.1", "2,5", "Đã bổ sung tài liệu", "Đơn vị gửi bổ sung QĐ 45/QĐ-SYT"),
    ("105", "2.1", 3.5, "Chấp nhận một phần giải trình", "Đã niêm yết bổ sung 20 TTHC"),
]


def vi(*args: Any) -> Any:
    """Run the CLI in-process as an officer does: Vietnamese, a wide terminal."""
    return CliRunner().invoke(app, [str(a) for a in args], env={"PARINDEX_LANG": "vi", "COLUMNS": "200"})


def ok(*args: Any) -> Any:
    result = vi(*args)
    assert result.exit_code == 0, result.output
    return result


def header(sheet: Any, name: str) -> tuple[int, dict[str, int]]:
    """The header row holding NAME and its columns by header text, found as a person finds it."""
    for row in sheet.iter_rows(min_row=1, max_row=30):
        names = [cell.value for cell in row]
        if name in names:
            return row[0].row, {str(v): i + 1 for i, v in enumerate(names) if v}
    raise AssertionError(f"no header with {name}")


def fill_unit(path: Path, typed: dict[str, tuple[Any, Any]]) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    top, col = header(sheet, "Mã tiêu chí")
    for row in range(top + 1, sheet.max_row + 1):
        score, evidence = typed[sheet.cell(row, col["Mã tiêu chí"]).value]
        sheet.cell(row, col["Điểm tự đánh giá"]).value = score
        sheet.cell(row, col["Tài liệu kiểm chứng"]).value = evidence
    book.save(path)


def fill_survey(path: Path, target: Path, scores: dict[tuple[str, str], Any]) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    top, col = header(sheet, "Mã tiêu chí")
    for row in range(top + 1, sheet.max_row + 1):
        key = (sheet.cell(row, col["Mã đơn vị"]).value, sheet.cell(row, col["Mã tiêu chí"]).value)
        sheet.cell(row, col["Điểm điều tra XHH"]).value = scores[key]
    book.save(target)


def council(path: Path, target: Path, round_1: dict, round_2: list) -> None:
    """The council's two rounds on its worksheet, saved as the folder's appraisal.xlsx."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    top, col = header(sheet, "Mã tiêu chí")
    for row in range(top + 1, sheet.max_row + 1):
        key = (sheet.cell(row, col["Mã đơn vị"]).value, sheet.cell(row, col["Mã tiêu chí"]).value)
        if key in round_1:
            sheet.cell(row, col["Điểm thẩm định"]).value, sheet.cell(row, col["Lý do"]).value = round_1[key]
    for unit, code, score, reason, explanation in round_2:
        row = sheet.max_row + 1
        typed = {"Mã đơn vị": unit, "Mã tiêu chí": code, "Điểm thẩm định": score, "Lý do": reason, "Vòng": 2}
        for name, value in {**typed, "Giải trình": explanation}.items():
            sheet.cell(row, col[name]).value = value
    book.save(target)


@dataclass
class Year:
    root: Path
    folder: Path
    worksheet: Path


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Year:
    root = tmp_path_factory.mktemp("year")
    framework = root / "khung"
    framework.mkdir()
    for name, text in (("framework.toml", FRAMEWORK_TOML), ("so.csv", SO), ("huyen.csv", HUYEN), ("units.csv", ROSTER)):
        (framework / name).write_text(text, encoding="utf-8")
    folder, sheets = root / "2024", root / "phieu"
    ok("init", folder, "--framework", framework, "--year", "2024")
    assert ok("template", folder, "--out", f"{sheets}/").output == f"Đã ghi 3 tệp vào {sheets}\n"
    assert sorted(p.name for p in sheets.iterdir()) == ["105.xlsx", "STP.xlsx", "SYT.xlsx"]
    for unit, typed in SELF.items():
        fill_unit(sheets / f"{unit}.xlsx", typed)
        shutil.move(sheets / f"{unit}.xlsx", folder / "self-assessment" / f"{unit}.xlsx")
    ok("template", folder, "--survey", "--out", root / "dieu-tra-xhh.xlsx")
    fill_survey(root / "dieu-tra-xhh.xlsx", folder / "survey.xlsx", SURVEY)
    worksheet = root / "tham-dinh.xlsx"
    ok("template", folder, "--appraisal", "--out", worksheet)
    council(worksheet, folder / "appraisal.xlsx", ROUND_1, ROUND_2)
    return Year(root, folder, worksheet)


def test_init_copies_the_roster_and_the_worksheet_is_prefilled(year: Year):
    units = list(csv.reader(io.StringIO((year.folder / "units.csv").read_text(encoding="utf-8-sig"))))
    assert [row[:4] for row in units] == [
        ["Mã đơn vị", "Tên đơn vị", "Nhóm", "Xếp hạng"],
        ["SYT", "Sở Y tế", "so", "có"],
        ["STP", "Sở Tư pháp", "so", "có"],
        ["105", "Thành phố Lai Châu", "huyen", "có"],
    ]
    guide = (year.folder / "HUONG-DAN.md").read_text(encoding="utf-8").split("\n---\n")[0]
    assert f"\nparindex export {year.folder} --round 1 --xlsx ket-qua-so-bo-2024.xlsx\n" in guide
    assert "thêm một dòng dưới bảng của appraisal.xlsx" in guide and "số 2 ở cột Vòng" in guide
    sheet = load_workbook(year.worksheet).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=1)]
    assert rows[0] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã tiêu chí",
        "Tên tiêu chí",
        "Điểm tối đa",
        "Điểm tự đánh giá",
        "Tài liệu kiểm chứng",
        "Điểm thẩm định",
        "Lý do",
        "Vòng",
        "Giải trình",
    ]
    # the units' own scores as they typed them: "0,5" read as 0.5, N/A shown as KAD, evidence carried
    assert [r[:3] + r[4:] for r in rows[1:5]] == [
        ["SYT", "Sở Y tế", "1.1", 2, 2, "KH 12/KH-SYT", None, None, 1, None],
        ["SYT", "Sở Y tế", "1.2", 1, 0.5, "BC 3/BC-SYT", None, None, 1, None],
        ["SYT", "Sở Y tế", "1.3", 1, 1, None, None, None, 1, None],
        ["SYT", "Sở Y tế", "2.1", 3, 2.5, "QĐ 45/QĐ-SYT", None, None, 1, None],
    ]
    assert rows[7][2:7] == ["1.3", "Tuyên truyền CCHC", 1, "KAD", None]
    assert [(r[0], r[2], r[5]) for r in rows[9:]] == [("105", "1.1", 2), ("105", "1.2", 1.25), ("105", "2.1", 3.75)]


def test_validate_exits_0_with_exactly_these_warnings_and_notes(year: Year):
    result = vi("validate", year.folder, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"] == {"errors": 0, "warnings": 1, "notes": 1}
    [warning] = report["warnings"]
    # SYT typed 1 for 1.3 without evidence, on the workbook's row 10 (header on row 7, 1.3 the third criterion)
    assert (warning["code"], warning["file"], warning["row"], warning["column"]) == (
        "no-evidence",
        "self-assessment/SYT.xlsx",
        10,
        "Tài liệu kiểm chứng",
    )
    assert warning["message"] == (
        "Đơn vị 'SYT' tự chấm điểm tiêu chí 1.3 mà không có tài liệu kiểm chứng, trong khi bộ chỉ số yêu cầu; "
        "ghi tài liệu kiểm chứng (số văn bản, đường dẫn) vào cột Tài liệu kiểm chứng."
    )
    # the title block above each unit's header, said once for the three workbooks; nothing else was decided
    assert [(n["code"], n["file"], n["row"], n["params"]) for n in report["notes"]] == [
        (
            "rows-skipped",
            "self-assessment/105.xlsx",
            None,
            {"detail": "dòng 1–5 của tệp này và của 2 tệp khác trong self-assessment/", "expected": 7},
        )
    ]
    files = {f["file"]: f["rows"] for f in report["files"]}
    assert (files["appraisal.xlsx"], files["survey.xlsx"], files["self-assessment/STP.xlsx"]) == (13, 6, 4)


KEYS = ("unit_id", "rank", "self_total", "appraisal_total", "survey_total", "total", "max_points", "index")
COUNTS = ("accepted", "adjusted_up", "adjusted_down", "not_applicable")


def _rows(*args: Any) -> dict[str, dict[str, Any]]:
    document = json.loads(ok("score", *args, "--format", "json").stdout)
    return {row["unit_id"]: row for row in document["rows"]}


def test_score_final_by_hand(year: Year):
    rows = _rows(year.folder)
    # SYT: self 2 + 0.5 + 1 + 2.5 = 6; appraised 2 + 1 (raised in round 1) + 1 + 2.5 (round 2 back to the
    #   self-score) = 6.5; survey 1.6 + 0.8 = 2.4; total 8.9 of 10 → 89.00
    # STP: self 1.5 + 1 + 3 = 5.5 (1.3 N/A: maximum 10 − 1 = 9); appraised 1 + 1 + 3 = 5;
    #   survey 1.8 + 0.9 = 2.7; total 7.7 of 9 = 85.555… → 85.56
    # 105: self 2 + 1.25 + 3.75 = 7; appraised 2 + 1.25 + 3.5 (round 2) = 6.75; survey 1.2 + 0.75 = 1.95;
    #   total 8.7 of 10 → 87.00
    assert [tuple(rows[u][k] for k in KEYS) for u in ("SYT", "STP", "105")] == [
        ("SYT", 1, 6.0, 6.5, 2.4, 8.9, 10.0, 89.0),
        ("STP", 2, 5.5, 5.0, 2.7, 7.7, 9.0, 85.56),
        ("105", 1, 7.0, 6.75, 1.95, 8.7, 10.0, 87.0),
    ]
    # domains: SYT 1 = (2 + 1 + 1 + 1.6) / 6 = 93.33…; 2 = (2.5 + 0.8) / 4 = 82.5
    assert (rows["SYT"]["index_1"], rows["SYT"]["index_2"]) == (93.33, 82.5)
    # final counts against the self-scores: SYT 1.2 raised, 2.1 back to its self-score (accepted)
    assert [tuple(rows[u][k] for k in COUNTS) for u in ("SYT", "STP", "105")] == [
        (3, 1, 0, 0),
        (3, 0, 1, 1),  # STP: 1.1 lowered; its N/A leaf kept as typed counts as accepted
        (2, 0, 1, 0),
    ]


def test_score_round_1_gives_the_preliminary_results(year: Year):
    rows = _rows(year.folder, "--round", "1")
    # SYT: appraised 2 + 1 + 1 + 2 = 6, + 2.4 = 8.4 → 84.00 (second: STP's 85.56 is unchanged by round 2)
    # 105: appraised 2 + 1.25 + 3 = 6.25, + 1.95 = 8.2 → 82.00
    assert [tuple(rows[u][k] for k in KEYS) for u in ("STP", "SYT", "105")] == [
        ("STP", 1, 5.5, 5.0, 2.7, 7.7, 9.0, 85.56),
        ("SYT", 2, 6.0, 6.0, 2.4, 8.4, 10.0, 84.0),
        ("105", 1, 7.0, 6.25, 1.95, 8.2, 10.0, 82.0),
    ]
    assert tuple(rows["SYT"][k] for k in COUNTS) == (2, 1, 1, 0)
    text = ok("score", year.folder, "--round", "1").output
    assert "Kết quả theo thẩm định vòng 1." in text
    assert "Chỉ số trung bình của nhóm: 84,78 %" in text  # (85.56 + 84.00) / 2 of the published indices


def test_explain_shows_the_rounds_the_explanation_and_the_evidence(year: Year):
    text = ok("explain", year.folder, "SYT").output
    for line in (
        "Vòng 1: 2 tiêu chí giữ nguyên, 1 điều chỉnh tăng, 1 điều chỉnh giảm.",
        "Vòng 2: 3 tiêu chí giữ nguyên, 1 điều chỉnh tăng, 0 điều chỉnh giảm.",
        "Vòng 1: 2 — Thiếu tài liệu kiểm chứng",
        "Vòng 2: 2,5 — Đã bổ sung tài liệu",
        "Giải trình: Đơn vị gửi bổ sung QĐ 45/QĐ-SYT",
        "Tài liệu kiểm chứng: QĐ 45/QĐ-SYT",
        "Hội đồng: Báo cáo đầy đủ, đúng hạn",
    ):
        assert line in text, line
    document = json.loads(ok("explain", year.folder, "105", "--format", "json").stdout)
    leaf = {leaf["code"]: leaf for leaf in document["leaves"]}["2.1"]
    assert leaf["rounds"] == [
        {"round": 1, "score": 3.0, "reason": "Chưa niêm yết đủ TTHC", "explanation": ""},
        {
            "round": 2,
            "score": 3.5,
            "reason": "Chấp nhận một phần giải trình",
            "explanation": "Đã niêm yết bổ sung 20 TTHC",
        },
    ]
    assert (leaf["self_score"], leaf["appraised_score"], leaf["evidence"]) == (3.75, 3.5, "QĐ 8/QĐ-UBND")
    preliminary = ok("explain", year.folder, "105", "--round", "1").output
    assert "Kết quả theo thẩm định vòng 1." in preliminary and "Vòng 2" not in preliminary


PRELIMINARY = "Kết quả sơ bộ (thẩm định vòng 1), gửi các đơn vị để giải trình: chưa phải kết quả chính thức."


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("round_args", [(), ("--round", "1")], ids=["final", "round-1"])
def test_every_result_carries_the_manifest_and_verifies(year: Year, round_args: tuple[str, ...]):
    out = year.root / ("out" + "".join(round_args).replace("-", ""))
    out.mkdir()
    ok("export", year.folder, *round_args, "--xlsx", out / "ket-qua.xlsx", "--docx", out / "phu-luc.docx")
    ok("report", year.folder, *round_args, "--html", out / "ket-qua.html")
    ok("score", year.folder, *round_args, "--format", "json", "--out", out / "ket-qua.json")
    ok("score", year.folder, *round_args, "--format", "csv", "--out", out / "ket-qua.csv")
    manifest = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))["manifest"]
    assert manifest["options"] == ({"round": 1} if round_args else {})
    assert [f["path"] for f in manifest["inputs"]] == [
        "appraisal.xlsx",
        "parindex.toml",
        "self-assessment/105.xlsx",
        "self-assessment/STP.xlsx",
        "self-assessment/SYT.xlsx",
        "survey.xlsx",
        "units.csv",
    ]
    appraisal = _sha(year.folder / "appraisal.xlsx")
    assert {f["path"]: f["sha256"] for f in manifest["inputs"]}["appraisal.xlsx"] == appraisal
    book = load_workbook(out / "ket-qua.xlsx")
    assert book.sheetnames[-1] == "Nguồn dữ liệu"
    assert appraisal in [c.value for row in book["Nguồn dữ liệu"].iter_rows() for c in row]
    assert appraisal in _docx_text(out / "phu-luc.docx")
    assert appraisal in (out / "ket-qua.html").read_text(encoding="utf-8")
    # the preliminary annexes and report are mailed to the units: each says so under its title
    said = {
        "xlsx": [book[name].cell(2, 1).value for name in book.sheetnames[:2]],
        "docx": _docx_text(out / "phu-luc.docx").count(PRELIMINARY),
        "html": (out / "ket-qua.html").read_text(encoding="utf-8").count(PRELIMINARY),
    }
    framework = "Bộ chỉ số thử — Quyết định số 1/QĐ-UBND ngày 01/01/2024"
    if round_args:
        assert said == {"xlsx": [f"{framework} — {PRELIMINARY}"] * 2, "docx": 2, "html": 1}
    else:
        assert said == {"xlsx": [framework] * 2, "docx": 0, "html": 0}
    for name in ("ket-qua.xlsx", "ket-qua.json", "ket-qua.csv"):
        result = vi("verify", year.folder, out / name)
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"✓ khớp: {name} được tính từ đúng các tệp này"), result.output


def test_compare_round_1_is_what_the_explanations_changed(year: Year):
    document = json.loads(ok("compare", year.folder, "--round", "1", "--format", "json").stdout)
    assert (document["previous_year"], document["year"]) == ("2024, vòng 1", "2024, chính thức")
    rows = [
        (r["unit_id"], r["index_previous"], r["index"], r["index_change"], r["rank_change"]) for r in document["rows"]
    ]
    # SYT rose 84.00 → 89.00 and passed STP; STP is unchanged and one place down; 105 alone in its group
    assert rows == [("SYT", 84.0, 89.0, 5.0, 1), ("STP", 85.56, 85.56, 0.0, -1), ("105", 82.0, 87.0, 5.0, 0)]
    text = ok("compare", year.folder, "--round", "1").output
    assert "tăng 5,00 %, tăng 01 bậc" in text and "giữ nguyên chỉ số, giảm 01 bậc" in text


# -- the bundled framework with the 28 units `init` writes ---------------------------------------------
def test_a_year_on_the_bundled_framework_with_its_28_units(tmp_path: Path):
    folder, sheets = tmp_path / "2025", tmp_path / "phieu"
    ok("init", folder, "--year", "2025")
    assert ok("template", folder, "--out", f"{sheets}/").output == f"Đã ghi 28 tệp vào {sheets}\n"
    lowered = {("SNV", "1.1.1"): "0,5", ("105", "1.1.1"): "KAD"}  # every other criterion at its maximum
    for path in sorted(sheets.iterdir()):
        book = load_workbook(path)
        sheet = book.worksheets[0]
        top, col = header(sheet, "Mã tiêu chí")
        for row in range(top + 1, sheet.max_row + 1):
            key = (path.stem, sheet.cell(row, col["Mã tiêu chí"]).value)
            sheet.cell(row, col["Điểm tự đánh giá"]).value = lowered.get(key, sheet.cell(row, col["Điểm tối đa"]).value)
            sheet.cell(row, col["Tài liệu kiểm chứng"]).value = "Báo cáo CCHC năm 2025"
        book.save(folder / "self-assessment" / path.name)
    ok("template", folder, "--survey", "--out", tmp_path / "xhh.xlsx")
    book = load_workbook(tmp_path / "xhh.xlsx")
    sheet = book.worksheets[0]
    top, col = header(sheet, "Mã tiêu chí")
    survey_rows = sheet.max_row - top
    # as a CSV saved from Vietnamese Excel: ';', a BOM, the decimal comma
    lines = ["Mã đơn vị;Mã tiêu chí;Điểm điều tra XHH"]
    for row in range(top + 1, sheet.max_row + 1):
        maximum = str(sheet.cell(row, col["Điểm tối đa"]).value).replace(".", ",")
        lines.append(f"{sheet.cell(row, col['Mã đơn vị']).value};{sheet.cell(row, col['Mã tiêu chí']).value};{maximum}")
    (folder / "survey.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    ok("template", folder, "--appraisal", "--out", tmp_path / "hd.xlsx")
    round_2 = [("SNV", "1.1.2", "1,25", "Chấp nhận một phần", "Đã hoàn thành 90% kế hoạch")]
    council(
        tmp_path / "hd.xlsx", folder / "appraisal.xlsx", {("SNV", "1.1.2"): (1, "Chưa hoàn thành kế hoạch")}, round_2
    )
    report = json.loads(ok("validate", folder, "--format", "json").stdout)
    assert report["counts"] == {"errors": 0, "warnings": 0, "notes": 1}  # the title block, said once for 28
    assert {f["file"]: f["rows"] for f in report["files"]}["survey.csv"] == survey_rows
    final, preliminary = _rows(folder), _rows(folder, "--round", "1")
    assert len(final) == 28 and [r["group"] for r in final.values()].count("so") == 20
    # SNV: 100 − 0.5 (1.1.1 typed 0,5 of 1) − 0.25 (1.1.2 appraised 1.25 of 1.5 in round 2) = 99.25;
    #   round 1: 100 − 0.5 − 0.5 = 99; the 19 other departments 100, tied first, SNV 20th
    # 105: its 1.1.1 (0.5 points in the districts' table) does not apply: 99.5 of 99.5 → 100
    assert tuple(final["SNV"][k] for k in ("total", "max_points", "index", "rank")) == (99.25, 100.0, 99.25, 20)
    assert tuple(preliminary["SNV"][k] for k in ("total", "index", "rank")) == (99.0, 99.0, 20)
    assert tuple(final["105"][k] for k in ("total", "max_points", "index", "rank", "not_applicable")) == (
        99.5,
        99.5,
        100.0,
        1,
        1,
    )
    assert sum(1 for r in final.values() if r["index"] == 100.0 and r["rank"] == 1 and r["tied"]) == 27


# -- what an officer with a deadline tries -----------------------------------------------------------------
def test_two_sheets_at_once_and_a_single_file_out_are_said_in_vietnamese(year: Year):
    both = vi("template", year.folder, "--appraisal", "--survey", "--out", year.root / "ca-hai.xlsx")
    assert both.exit_code == 2
    assert "--appraisal và --survey ghi hai bảng khác nhau: chỉ dùng một trong hai." in both.output
    assert not (year.root / "ca-hai.xlsx").exists()
    one = vi("template", year.folder, "--out", year.root / "tat-ca.xlsx")
    assert one.exit_code == 2
    assert "--out TỆP.xlsx ghi một phiếu" in one.output and "--out THƯ_MỤC/ (mỗi đơn vị" in one.output


def test_verify_refuses_what_it_cannot_check_as_invalid_input(year: Year):
    out = year.root / "verify"
    out.mkdir()
    ok("report", year.folder, "--html", out / "ket-qua.html")
    html = vi("verify", year.folder, out / "ket-qua.html")
    assert html.exit_code == 1
    assert "ket-qua.html không phải kết quả do parindex ghi kèm bản kê nguồn" in html.output
    ok("score", year.folder, "--round", "1", "--format", "json", "--out", out / "so-bo.json")
    document = json.loads((out / "so-bo.json").read_text(encoding="utf-8"))
    document["manifest"]["options"]["round"] = 3  # edited by hand: no such round
    (out / "sua.json").write_text(json.dumps(document), encoding="utf-8")
    edited = vi("verify", year.folder, out / "sua.json")
    assert edited.exit_code == 1  # invalid input, not "an internal error, please report" (3)
    assert "(round = 3)" in edited.output


def test_a_round_2_row_typed_without_its_round_says_which_round_it_repeats(year: Year, tmp_path: Path):
    folder = tmp_path / "2024"
    shutil.copytree(year.folder, folder)
    shutil.copytree(year.root / "khung", tmp_path / "khung")  # parindex.toml says framework = "../khung"
    book = load_workbook(folder / "appraisal.xlsx")
    sheet = book.worksheets[0]
    top, col = header(sheet, "Vòng")
    sheet.cell(sheet.max_row, col["Vòng"]).value = None  # 105's 2.1 added below the table, "2" forgotten
    book.save(folder / "appraisal.xlsx")
    result = vi("validate", folder, "--format", "json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["code"], error["file"], error["row"]) == ("duplicate-row", "appraisal.xlsx", 14)
    assert error["message"] == (
        "Đơn vị '105' có tiêu chí 2.1 của vòng 1 hai lần trong tệp (lần đầu ở dòng 12); giữ một dòng."
    )


def test_the_units_workbooks_in_a_folder_of_another_name_are_said_missing_with_the_names_it_takes(
    year: Year, tmp_path: Path
):
    folder = tmp_path / "2024"
    shutil.copytree(year.folder, folder)
    shutil.copytree(year.root / "khung", tmp_path / "khung")
    (folder / "self-assessment").rename(folder / "phieu-da-nop")
    result = vi("validate", folder, "--format", "json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["errors"][0]
    assert (error["code"], error["file"]) == ("missing-file", "self-assessment.csv")
    # parindex.toml names no file but the framework: the message no longer sends the officer there
    assert error["message"] == (
        f"Không tìm thấy tệp: self-assessment.csv (hoặc self-assessment.xlsx, hoặc thư mục self-assessment/ với mỗi "
        f"đơn vị một tệp) trong {folder}. Hãy tạo tệp, hoặc kiểm tra lại tên và vị trí của tệp."
    )
