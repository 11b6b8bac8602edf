"""Evidence, appraisal rounds and the council's worksheet (issue 10, items 3, 4 and 2's --appraisal).

The acceptance path: a self-assessment with evidence → `template --appraisal` → the council changes
three scores in round 1 and three in round 2 (two with a reason, one without: a warning) → validate
→ `score` (final) and `score --round 1` (preliminary), worked out by hand from the mini framework
(conftest: appraisal leaves 1.1.1 = 2, 1.1.2 = 2, 1.2 = 3, 2.1 = 6 points; survey 1.3 = 3, 2.2 = 4).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import MINI_SURVEY, invoke, write_folder
from parindex import explain_unit, load_assessment, score_assessment, validate_folder
from parindex.appraisal_sheet import COLUMNS, HEADERS
from parindex.assessment import RoundError
from parindex.compare import compare_rounds
from parindex.details import leaf_details

SELF_WITH_EVIDENCE = """\
unit_id,code,score,note,Tài liệu kiểm chứng
A,1.1.1,2,,QĐ 12/QĐ-SNV
A,1.1.2,1.5,,KH 3/KH-SNV
A,1.2,3,,
A,2.1,6,,BC 45/BC-SNV
B,1.1.1,2,,QĐ 7
B,1.1.2,2,,KH 8
B,1.2,2,,BC 9
B,2.1,5,,BC 10
"""
# What the council types: (unit, code) -> (score, reason) in round 1, on the worksheet's own rows
ROUND_1 = {
    ("A", "2.1"): (4.5, "Thiếu tài liệu kiểm chứng"),
    ("A", "1.2"): (2, "Báo cáo chậm"),
    ("B", "1.1.2"): (1.5, "Chưa đủ"),
}
# Round 2, rows added below the table: unit, code, score, reason, the unit's explanation
ROUND_2 = [
    ("A", "2.1", 5.5, "Đã bổ sung tài liệu", "Đơn vị đã gửi BC 45"),
    ("A", "1.2", 3, None, "Báo cáo gửi đúng hạn"),  # no reason: round-change-without-reason
    ("B", "1.1.2", 2, "Chấp nhận giải trình", "Kế hoạch đã ban hành"),
]


def _require_evidence(folder: Path, policy: str = "required") -> None:
    toml = folder / "framework" / "framework.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('not_applicable = "exclude"', f'not_applicable = "exclude"\nevidence = "{policy}"'))


def _folder(root: Path, **kwargs: object) -> Path:
    folder = write_folder(root, self_assessment=SELF_WITH_EVIDENCE, appraisal=None, **kwargs)  # type: ignore[arg-type]
    _require_evidence(folder)
    return folder


def _council(sheet_path: Path, target: Path, lang: str = "vi") -> None:
    """The council's work on the worksheet: round 1 on its rows, round 2 in rows added below."""
    book = load_workbook(sheet_path)
    sheet = book.worksheets[0]
    col = {name: COLUMNS.index(name) + 1 for name in COLUMNS}
    for row in range(2, sheet.max_row + 1):
        key = (sheet.cell(row, col["unit_id"]).value, sheet.cell(row, col["code"]).value)
        if key in ROUND_1:
            sheet.cell(row, col["score"]).value, sheet.cell(row, col["reason"]).value = ROUND_1[key]
    for unit, code, score, reason, explanation in ROUND_2:
        row = sheet.max_row + 1
        values = {
            "unit_id": unit,
            "code": code,
            "score": score,
            "reason": reason,
            "round": 2,
            "explanation": explanation,
        }
        for name, value in values.items():
            sheet.cell(row, col[name]).value = value
    book.save(target)


@pytest.fixture
def year(tmp_path: Path, runner) -> Path:
    """The folder after the council's two rounds, its appraisal.xlsx made from the worksheet."""
    folder = _folder(tmp_path / "year")
    result = invoke(runner, "template", folder, "--appraisal", "--out", tmp_path / "hoi-dong.xlsx", "--lang", "vi")
    assert result.exit_code == 0, result.output
    _council(tmp_path / "hoi-dong.xlsx", folder / "appraisal.xlsx")
    return folder


def test_the_worksheet_is_prefilled_and_protected(tmp_path: Path, runner):
    folder = _folder(tmp_path / "f")
    out = tmp_path / "ws.xlsx"
    assert invoke(runner, "template", folder, "--appraisal", "--out", out, "--lang", "vi").exit_code == 0
    sheet = load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[1]] == [HEADERS["vi"][name] for name in COLUMNS]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    # one row per unit and appraisal leaf (survey leaves 1.3 and 2.2 are not appraised), units.csv order
    assert [(r[0], r[2]) for r in rows] == [(u, c) for u in "AB" for c in ("1.1.1", "1.1.2", "1.2", "2.1")]
    assert rows[0] == ["A", "Sở An", "1.1.1", "Ban hành kế hoạch", 2, 2, "QĐ 12/QĐ-SNV", None, None, 1, None]
    assert rows[2][5:7] == [3, None] and rows[5][5:7] == [2, "KH 8"]
    assert sheet.protection.sheet
    first = {name: sheet.cell(2, COLUMNS.index(name) + 1) for name in COLUMNS}
    assert [name for name, c in first.items() if not c.protection.locked] == ["score", "reason", "round", "explanation"]
    assert sheet.cell(1, 1).protection.locked
    # the columns' own style is open: rows typed below the table (round 2) can be filled in
    assert all(sheet.column_dimensions[letter].protection.locked is False for letter in "AK")


def test_acceptance_two_rounds_by_hand(year: Path, runner):
    result = invoke(runner, "validate", year, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    warnings = [(w["code"], w["file"], w["row"], w["value"]) for w in report["warnings"]]
    # A's 1.2 has a self-score of 3 and no evidence; round 2's row 11 (the second added below 8 rows) has no reason
    assert warnings == [
        ("no-evidence", "self-assessment.csv", 4, "A"),
        ("round-change-without-reason", "appraisal.xlsx", 11, "A"),
    ]
    assert report["warnings"][1]["params"] == {"detail": "1.2", "expected": "2"}
    final = json.loads(invoke(runner, "score", year, "--format", "json").stdout)["rows"]
    preliminary = json.loads(invoke(runner, "score", year, "--format", "json", "--round", "1").stdout)["rows"]
    # final: A appraisal 2 + 1.5 + 3 + 5.5 = 12 (+ survey 5.6) = 17.6; B 2 + 2 + 2 + 5 = 11 (+ 5) = 16
    # round 1: A 2 + 1.5 + 2 + 4.5 = 10 -> 15.6; B 2 + 1.5 + 2 + 5 = 10.5 -> 15.5
    keys = (
        "unit_id",
        "rank",
        "self_total",
        "appraisal_total",
        "total",
        "index",
        "accepted",
        "adjusted_up",
        "adjusted_down",
    )
    assert [tuple(r[k] for k in keys) for r in final] == [
        ("A", 1, 12.5, 12.0, 17.6, 88.0, 3, 0, 1),
        ("B", 2, 11.0, 11.0, 16.0, 80.0, 4, 0, 0),
    ]
    assert [tuple(r[k] for k in keys) for r in preliminary] == [
        ("A", 1, 12.5, 10.0, 15.6, 78.0, 2, 0, 2),
        ("B", 2, 11.0, 10.5, 15.5, 77.5, 3, 0, 1),
    ]


def test_explain_shows_rounds_explanation_and_evidence(year: Path, runner):
    document = explain_unit(load_assessment(year), "A")
    assert document["round"] is None
    assert document["rounds"] == [
        {"round": 1, "accepted": 2, "adjusted_up": 0, "adjusted_down": 2},
        {"round": 2, "accepted": 3, "adjusted_up": 0, "adjusted_down": 1},
    ]
    leaves = {leaf["code"]: leaf for leaf in document["leaves"]}
    assert leaves["2.1"]["rounds"] == [
        {"round": 1, "score": 4.5, "reason": "Thiếu tài liệu kiểm chứng", "explanation": ""},
        {"round": 2, "score": 5.5, "reason": "Đã bổ sung tài liệu", "explanation": "Đơn vị đã gửi BC 45"},
    ]
    assert (leaves["2.1"]["appraised_score"], leaves["2.1"]["note"], leaves["2.1"]["evidence"]) == (
        5.5,
        "Đã bổ sung tài liệu",
        "BC 45/BC-SNV",
    )
    # round 2 changed 1.2 without a reason: the reason that counts is none, the explanation is the unit's
    assert (leaves["1.2"]["note"], leaves["1.2"]["explanation"]) == ("", "Báo cáo gửi đúng hạn")
    assert leaves["1.1.1"]["rounds"] == [] and leaves["1.1.1"]["evidence"] == "QĐ 12/QĐ-SNV"
    preliminary = explain_unit(load_assessment(year, round=1), "A")
    assert preliminary["round"] == 1 and [r["round"] for r in preliminary["rounds"]] == [1]
    assert {leaf["code"]: leaf["appraised_score"] for leaf in preliminary["leaves"]}["2.1"] == 4.5
    text = invoke(runner, "explain", year, "A", "--lang", "vi").stdout
    for line in (
        "Vòng 1: 4,5 — Thiếu tài liệu kiểm chứng",
        "Vòng 2: 5,5 — Đã bổ sung tài liệu",
        "Giải trình: Đơn vị đã gửi BC 45",
        "Tài liệu kiểm chứng: BC 45/BC-SNV",
        "Vòng 1: 2 tiêu chí giữ nguyên, 0 điều chỉnh tăng, 2 điều chỉnh giảm.",
    ):
        assert line in text, line
    assert (
        "Kết quả theo thẩm định vòng 1." in invoke(runner, "explain", year, "A", "--round", "1", "--lang", "vi").stdout
    )


def test_compare_round_1_with_the_final_results(year: Path, runner):
    result = invoke(runner, "compare", year, "--round", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["round"], document["previous_year"], document["year"], document["warnings"]) == (
        1,
        "2024, round 1",
        "2024, final",
        [],
    )
    rows = [
        (r["unit_id"], r["index_previous"], r["index"], r["index_change"], r["rank_change"]) for r in document["rows"]
    ]
    assert rows == [("A", 78.0, 88.0, 10.0, 0), ("B", 77.5, 80.0, 2.5, 0)]
    assert document == compare_rounds(load_assessment(year), 1, "en")
    table = invoke(runner, "compare", year, "--round", "1", "--lang", "vi").stdout
    assert "2024, vòng 1 → 2024, chính thức" in table and "tăng 10,00 %" in table
    missing = invoke(runner, "compare", year)
    assert missing.exit_code == 2 and "--round 1" in missing.output


def test_round_options(mini: Path, runner):
    """The mini folder has round-1 rows only: --round 2 scores round 1 and says so; 0 and 3 are usage errors."""
    once = json.loads(invoke(runner, "score", mini, "--format", "json", "--round", "1").stdout)
    twice = invoke(runner, "score", mini, "--format", "json", "--round", "2")
    assert twice.exit_code == 0
    # the same numbers; the manifest records the round asked for (verify asks for it again)
    assert json.loads(twice.stdout)["manifest"]["options"] == {"round": 2}
    assert {k: v for k, v in json.loads(twice.stdout).items() if k != "manifest"} == {
        k: v for k, v in once.items() if k != "manifest"
    }
    assert "The appraisal has no rows of round 2: the results asked for are those of round 1" in twice.stderr
    for wrong in ("0", "3"):
        result = invoke(runner, "score", mini, "--round", wrong)
        assert result.exit_code == 2 and f"round {wrong} does not exist" in result.output
    with pytest.raises(RoundError):
        load_assessment(mini, round=3)
    assessment = load_assessment(mini, round=2)
    assert (assessment.round, assessment.rounds, [n.code for n in assessment.notes]) == (2, (1,), ["round-not-held"])
    assert (
        score_assessment(load_assessment(mini), round=1).groups["so"].units[0].total
        == score_assessment(assessment).groups["so"].units[0].total
    )


def test_a_blank_appraised_score_accepts_the_self_score(tmp_path: Path):
    """In any appraisal table (not only the worksheet): a row without a score leaves the self-score."""
    appraisal = "unit_id,code,score,note\nA,2.1,,\nA,1.2,2,Chậm\nB,1.2,,Đồng ý\n"
    folder = write_folder(tmp_path / "blank", appraisal=appraisal)
    report = validate_folder(folder)
    assert report.valid and [p.code for p in report.problems] == []
    a = score_assessment(load_assessment(folder)).groups["so"]
    totals = {u.unit.unit_id: (u.appraisal_total, u.accepted, u.adjusted_down) for u in a.units}
    # A: 2 + 1.5 + 2 + 6 = 11.5 (1.2 lowered); B keeps every self-score
    assert totals == {"A": (11.5, 3, 1), "B": (11, 4, 0)}


def test_english_worksheet_and_per_unit_files(tmp_path: Path, runner):
    folder = _folder(tmp_path / "en")
    per_unit = folder / "self-assessment"
    per_unit.mkdir()
    for unit in "AB":
        lines = [line.split(",", 1)[1] for line in SELF_WITH_EVIDENCE.splitlines()[1:] if line.startswith(f"{unit},")]
        (per_unit / f"{unit}.csv").write_text("code,score,note,evidence\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (folder / "self-assessment.csv").unlink()
    out = tmp_path / "council.xlsx"
    assert invoke(runner, "template", folder, "--appraisal", "--out", out, "--lang", "en").exit_code == 0
    assert [c.value for c in load_workbook(out).worksheets[0][1]][7:] == [
        "appraised score",
        "reason",
        "round",
        "explanation",
    ]
    _council(out, folder / "appraisal.xlsx")
    report = validate_folder(folder)
    assert report.valid and [p.code for p in report.warnings] == ["no-evidence", "round-change-without-reason"]
    assert report.warnings[0].file == "self-assessment/A.csv"
    totals = [u.total for u in score_assessment(load_assessment(folder)).groups["so"].units]
    assert [str(t) for t in totals] == ["17.6", "16"]


def test_round_problems(tmp_path: Path):
    appraisal = (
        "Mã đơn vị,Mã tiêu chí,Điểm thẩm định,Lý do,Vòng,Giải trình\n"
        "A,2.1,4,x,3,\nA,1.2,2,y,Lần 2,z\nA,1.2,1,y,2,\nB,2.1,4,r,1,\nB,1.2,1,r,vòng 2,\n"
    )
    report = validate_folder(write_folder(tmp_path / "bad", appraisal=appraisal))
    errors = [(p.code, p.file, p.row, p.column, p.value) for p in report.errors]
    # "Lần 2" and "vòng 2" are round 2; a leaf twice in one round is the usual duplicate
    assert errors == [
        ("invalid-round", "appraisal.csv", 2, "Vòng", "3"),
        ("duplicate-row", "appraisal.csv", 4, "Mã tiêu chí", "A"),
    ]
    assert report.errors[0].message("en").startswith("'3' is not a round of the appraisal: write 1")
    assert "không phải vòng thẩm định" in report.errors[0].message("vi")


@pytest.mark.parametrize(
    ("text", "round"),
    [("1", 1), ("2", 2), ("Vòng 2", 2), ("LẦN THẨM ĐỊNH 2", 2), ("vòng II", 2), ("Lần I", 1), ("2.0", 2), ("2,00", 2)]
    + [("Sơ bộ", 1), ("Thẩm định chính thức", 2), ("", 1), ("3", 0), ("0", 0), ("-1", 0), ("=1+2", 0), ("iii", 0)]
    + [("vòng ba", 0), ("2" * 5000, 0)],
)
def test_how_a_round_may_be_written(text: str, round: int):
    from parindex.inputs.rounds import _round_of

    assert _round_of(text) == round


def test_evidence_policy_is_checked(tmp_path: Path):
    folder = write_folder(tmp_path / "policy")
    _require_evidence(folder, "maybe")
    errors = [(p.code, p.file, p.column, p.value) for p in validate_folder(folder).errors]
    assert errors == [("framework-invalid", "framework/framework.toml", "evidence", "maybe")]


def test_evidence_is_kept_and_optional_by_default(tmp_path: Path):
    folder = write_folder(tmp_path / "opt", self_assessment=SELF_WITH_EVIDENCE, survey=MINI_SURVEY)
    assert "no-evidence" not in [p.code for p in validate_folder(folder).warnings]
    evidence = {(d.unit_id, d.code): d.evidence for d in leaf_details(load_assessment(folder))}
    assert (evidence[("A", "1.1.1")], evidence[("A", "1.2")], evidence[("B", "2.1")]) == ("QĐ 12/QĐ-SNV", "", "BC 10")


def test_a_missing_survey_does_not_stop_the_worksheet(tmp_path: Path, runner):
    folder = _folder(tmp_path / "early", survey=None)
    (folder / "self-assessment.csv").write_text(SELF_WITH_EVIDENCE.replace("B,2.1,5,,BC 10\n", ""), encoding="utf-8")
    out = tmp_path / "ws.xlsx"
    result = invoke(runner, "template", folder, "--appraisal", "--out", out)
    assert result.exit_code == 0, result.output
    # B still owes its 2.1: the row is there, its self-score blank
    assert [c.value for c in load_workbook(out).worksheets[0][9]][:7] == [
        "B",
        "Sở Bình",
        "2.1",
        "Công khai TTHC",
        6,
        None,
        None,
    ]
    broken = write_folder(tmp_path / "broken", self_assessment="unit_id,code,score\nA,9.9,1\n", appraisal=None)
    result = invoke(runner, "template", broken, "--appraisal", "--out", tmp_path / "no.xlsx")
    assert result.exit_code == 1 and "unknown-criterion" in result.output and not (tmp_path / "no.xlsx").exists()
    assert invoke(runner, "template", folder, "--appraisal", "--out", tmp_path / "ws.csv").exit_code == 2
    narrowed = invoke(runner, "template", folder, "--appraisal", "--unit", "A", "--out", tmp_path / "a.xlsx")
    assert narrowed.exit_code == 2 and "leave out --group and --unit" in narrowed.output
    assert re.search(r"exists", invoke(runner, "template", folder, "--appraisal", "--out", out).output)


def test_the_vietnamese_worksheet_and_round_views_have_no_english(year: Path, tmp_path: Path, runner):
    from test_i18n import assert_vietnamese, workbook_text

    out = tmp_path / "vi.xlsx"
    assert invoke(runner, "template", year, "--appraisal", "--out", out, "--lang", "vi").exit_code == 0
    text = workbook_text(out)
    assert "Phiếu thẩm định" in text and "Để trống điểm thẩm định" in text
    # the fixture's own English: its framework's title and provenance, typed by the user
    user = frozenset(("QĐ 12/QĐ-SNV", "KH 8", "BC 45/BC-SNV", "Mini test framework", "Hand-written test fixture"))
    assert_vietnamese("template --appraisal", text, user)
    for args in (
        ("score", year, "--round", "1"),
        ("explain", year, "A", "--round", "1"),
        ("compare", year, "--round", "1"),
    ):
        result = invoke(runner, *args, "--lang", "vi")
        assert result.exit_code == 0, result.output
        assert_vietnamese(" ".join(str(a) for a in args), result.stdout, user)
    assert "Kết quả theo thẩm định vòng 1." in invoke(runner, "score", year, "--round", "1", "--lang", "vi").stdout


def test_a_later_round_stays_out_of_the_preliminary_details(tmp_path: Path):
    """Round 1 asked for: a leaf appraised in round 2 only shows no reason, score or explanation of round 2."""
    appraisal = "unit_id,code,score,note,round,explanation\nA,2.1,5,Bổ sung,2,Đã gửi\n"
    folder = write_folder(tmp_path / "late", appraisal=appraisal)
    early = {d.code: d for d in leaf_details(load_assessment(folder, round=1)) if d.unit_id == "A"}["2.1"]
    late = {d.code: d for d in leaf_details(load_assessment(folder)) if d.unit_id == "A"}["2.1"]
    assert (early.appraised, early.note, early.explanation, early.rounds, early.source) == (
        None,
        "",
        "",
        (),
        "self-assessment",
    )
    assert (str(late.appraised), late.note, late.explanation, [r.round for r in late.rounds]) == (
        "5",
        "Bổ sung",
        "Đã gửi",
        [2],
    )


def test_export_and_report_take_the_round(year: Path, tmp_path: Path, runner):
    """The annex and the HTML report of round 1 hold the preliminary totals (A: 15.6, B: 15.5)."""

    def annex_totals(args: tuple[str, ...]) -> dict[str, float]:
        out = tmp_path / f"annex{len(args)}.xlsx"
        assert invoke(runner, "export", year, "--xlsx", out, "--no-details", *args).exit_code == 0
        sheet = load_workbook(out).worksheets[0]
        header = next(r for r in sheet.iter_rows(values_only=True) if "Tổng điểm" in r or "Total" in r)
        total = header.index("Tổng điểm" if "Tổng điểm" in header else "Total")
        rows = [r for r in sheet.iter_rows(values_only=True) if r[1] in ("Sở An", "Sở Bình")]
        return {r[1]: r[total] for r in rows}

    assert annex_totals(("--round", "1", "--lang", "vi")) == {"Sở An": 15.6, "Sở Bình": 15.5}
    assert annex_totals(("--lang", "vi")) == {"Sở An": 17.6, "Sở Bình": 16}
    html = tmp_path / "r1.html"
    assert invoke(runner, "report", year, "--html", html, "--round", "1", "--lang", "vi").exit_code == 0
    assert "78,00" in html.read_text(encoding="utf-8") and "88,00" not in html.read_text(encoding="utf-8")


def test_the_round_is_in_the_manifest_and_verify_applies_it(year: Path, tmp_path: Path, runner):
    """`score --round 1` records the round; verify recomputes the preliminary results (and a result whose
    manifest lost the round no longer matches: the final results differ from round 1's)."""
    out = tmp_path / "r1.json"
    assert invoke(runner, "score", year, "--format", "json", "--round", "1", "--out", out).exit_code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["manifest"]["options"] == {"round": 1}
    assert invoke(runner, "verify", year, out).exit_code == 0
    final = tmp_path / "final.json"
    assert invoke(runner, "score", year, "--format", "json", "--out", final).exit_code == 0
    assert json.loads(final.read_text(encoding="utf-8"))["manifest"]["options"] == {}
    document["manifest"]["options"] = {}
    out.write_text(json.dumps(document), encoding="utf-8")
    result = invoke(runner, "verify", year, out, "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    changed = {(v["unit_id"], v["field"]) for v in json.loads(result.stdout)["values"]}
    assert ("A", "appraisal_total") in changed and ("B", "index") in changed


def test_sensitivity_takes_the_round(year: Path, runner):
    """`sensitivity --round 1` analyses the preliminary results. B (20-point maximum) trails A by
    78.00 − 77.50 = 0.5 % in round 1, 0.1 points (reaching A's published index shares its rank), and by
    88.00 − 80.00 = 8 % in the final results, 1.6 points."""
    args = ("sensitivity", year, "--format", "json", "--survey-margin", "0", "--runs", "10")
    rows = {
        label: {r["unit_id"]: r for r in json.loads(invoke(runner, *args, *extra).stdout)["rows"]}
        for label, extra in (("final", ()), ("preliminary", ("--round", "1")))
    }
    assert rows["preliminary"]["B"]["points_to_next_place"] == 0.1
    assert rows["final"]["B"]["points_to_next_place"] == 1.6
    assert invoke(runner, "sensitivity", year, "--round", "3").exit_code == 2
