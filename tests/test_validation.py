"""Validation: the broken corpus, oddly-saved files, garbage, and safe outputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import DATA, MINI_APPRAISAL, MINI_SELF, MINI_SURVEY, MINI_UNITS, invoke, write_folder
from parindex.assessment import load_assessment, validate_folder
from parindex.output import results_to_dict
from parindex.scoring import score_assessment

BROKEN = sorted(p for p in (DATA / "broken").iterdir() if p.is_dir())


def results_of(folder: Path) -> dict:
    return results_to_dict(score_assessment(load_assessment(folder)))


@pytest.mark.parametrize("folder", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_corpus_reports_code_file_row(folder: Path, runner, tmp_path: Path):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    result = invoke(runner, "validate", folder, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["valid"] is False
    found = [(e["code"], e["file"], e["row"]) for e in report["errors"]]
    assert (expected["code"], expected["file"], expected["row"]) in found
    for error in report["errors"]:
        assert set(error) == {"code", "file", "row", "column", "value", "message", "severity", "params"}
        assert error["message"]
    # every command validates first: score exits 1 and writes nothing
    out = tmp_path / "out.csv"
    scored = invoke(runner, "score", folder, "--format", "csv", "--out", out)
    assert scored.exit_code == 1
    assert not out.exists()
    assert "Traceback" not in scored.output


def test_all_problems_reported_at_once(tmp_path: Path):
    folder = write_folder(
        tmp_path / "many",
        self_assessment=MINI_SELF.replace("A,1.2,3,", "A,1.2,x,").replace("B,2.1,5,", "B,2.1,7,"),
        survey=MINI_SURVEY.replace("B,2.2,2", "Q,2.2,2"),
    )
    report = validate_folder(folder)
    codes = sorted(p.code for p in report.errors)
    assert codes == ["invalid-number", "missing-score", "out-of-range", "unknown-unit"]


def test_messages_in_both_languages_same_codes(runner):
    folder = DATA / "broken" / "above-maximum"
    en = json.loads(invoke(runner, "validate", folder, "-f", "json", "--lang", "en").stdout)
    vi = json.loads(invoke(runner, "validate", folder, "-f", "json", "--lang", "vi").stdout)
    assert [e["code"] for e in en["errors"]] == [e["code"] for e in vi["errors"]]
    assert "not between 0 and 2" in en["errors"][0]["message"]
    assert "từ 0 đến 2" in vi["errors"][0]["message"]


def test_lang_from_environment(runner):
    from parindex.cli import app

    folder = DATA / "broken" / "above-maximum"
    result = runner.invoke(app, ["validate", str(folder), "-f", "json"], env={"PARINDEX_LANG": "vi"})
    assert "từ 0 đến 2" in json.loads(result.stdout)["errors"][0]["message"]


def test_warnings_do_not_fail(tmp_path: Path, runner):
    # appraisal lowers A 2.1 from 6 to 0 without a note: two warnings, still valid
    folder = write_folder(tmp_path / "w", appraisal="unit_id,code,score,note\nA,2.1,0,\n")
    result = invoke(runner, "validate", folder, "-f", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert sorted(w["code"] for w in report["warnings"]) == ["large-adjustment", "missing-note"]
    assert {w["row"] for w in report["warnings"]} == {2}


def test_no_self_assessment_warning(tmp_path: Path):
    appraisal = "unit_id,code,score,note\n" + "\n".join(
        line.replace(",\n", "") for line in MINI_SELF.splitlines()[1:] if line.startswith("B")
    )
    self_rows = "\n".join(line for line in MINI_SELF.splitlines() if not line.startswith("B")) + "\n"
    folder = write_folder(tmp_path / "n", self_assessment=self_rows, appraisal=appraisal + "\n")
    report = validate_folder(folder)
    assert report.valid
    assert [(w.code, w.value) for w in report.warnings] == [("no-self-assessment", "B")]


def test_table_view_groups_long_lists(tmp_path: Path, runner):
    # 80 units without scores (A and B are gone): one line per code and file in the table, every
    # occurrence in the JSON, and nothing sends the officer to the JSON
    units = "unit_id,name,group\n" + "".join(f"U{i},Sở {i},so\n" for i in range(80))
    folder = write_folder(tmp_path / "cap", units=units)
    result = invoke(runner, "validate", folder, "--lang", "en")
    assert result.exit_code == 1
    assert "--format json" not in result.output
    assert "320 times (values: 'U0', 'U1', 'U2'…). For example: Unit 'U0'" in result.output
    assert "8 rows: 2–9, column unit_id (values: 'A', 'B'). Row 2: Unit id 'A' is not" in result.output
    full = json.loads(invoke(runner, "validate", folder, "-f", "json").stdout)
    assert len(full["errors"]) == 8 + 1 + 4 + 80 * 6
    assert [(g["code"], g["file"], g["count"]) for g in full["groups"] if g["code"] == "missing-score"] == [
        ("missing-score", "self-assessment.csv", 80 * 4),
        ("missing-score", "survey.csv", 80 * 2),
    ]


# -- files as users save them -------------------------------------------------------------------


def excel_vn(text: str) -> bytes:
    """What Excel with Vietnamese regional settings writes: BOM, ';', decimal commas, CRLF."""
    lines = []
    for line in text.splitlines():
        cells = line.split(",")
        if len(cells) > 2 and cells[1] != "code":  # the score column: decimal comma
            cells[2] = cells[2].replace(".", ",")
        lines.append(";".join(cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def to_xlsx(text: str, path: Path, numbers: bool = True) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in text.splitlines():
        row: list[object] = []
        for cell in line.split(","):
            try:
                row.append(float(cell) if numbers and "." in cell else int(cell) if numbers else cell)
            except ValueError:
                row.append(cell or None)
        sheet.append(row)
    workbook.save(path)


def variant_semicolon(folder: Path) -> None:
    for name in ("units.csv", "self-assessment.csv", "appraisal.csv", "survey.csv"):
        path = folder / name
        path.write_bytes(excel_vn(path.read_text(encoding="utf-8")))


def variant_xlsx(folder: Path) -> None:
    for name in ("units", "self-assessment", "survey"):
        csv_path = folder / f"{name}.csv"
        to_xlsx(csv_path.read_text(encoding="utf-8"), folder / f"{name}.xlsx")
        csv_path.unlink()


def variant_headers_and_spaces(folder: Path) -> None:
    path = folder / "self-assessment.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = " Unit_ID , CODE ,Score , Note"
    lines[1:] = [
        ", ".join(f' "{c}" ' if i == 2 else f" {c} " for i, c in enumerate(line.split(","))) for line in lines[1:]
    ]
    path.write_text("\n".join(lines) + "\n\n\n", encoding="utf-8")


def variant_utf16_tabs(folder: Path) -> None:
    path = folder / "survey.csv"
    text = path.read_text(encoding="utf-8").replace(",", "\t")
    path.write_bytes(text.encode("utf-16"))


def variant_case_of_ids(folder: Path) -> None:
    path = folder / "survey.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("A,", "a,"), encoding="utf-8")


def variant_per_unit_folder(folder: Path) -> None:
    split = folder / "self-assessment"
    split.mkdir()
    lines = (folder / "self-assessment.csv").read_text(encoding="utf-8").splitlines()
    for unit in ("A", "B"):
        rows = [line.split(",", 1)[1] for line in lines[1:] if line.startswith(unit + ",")]
        (split / f"{unit}.csv").write_text("code,score,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / "self-assessment.csv").unlink()


def variant_old_mac_line_ends(folder: Path) -> None:
    path = folder / "self-assessment.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))


VARIANTS = {
    "old-mac-cr": variant_old_mac_line_ends,
    "excel-vn-semicolon": variant_semicolon,
    "xlsx": variant_xlsx,
    "headers-and-spaces": variant_headers_and_spaces,
    "utf16-tabs": variant_utf16_tabs,
    "unit-id-case": variant_case_of_ids,
    "per-unit-folder": variant_per_unit_folder,
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_oddly_saved_files_give_identical_results(name: str, tmp_path: Path, mini: Path):
    expected = results_of(mini)
    folder = tmp_path / name
    shutil.copytree(mini, folder)
    VARIANTS[name](folder)
    assert validate_folder(folder).problems == []
    assert results_of(folder) == expected


def test_nfd_and_nfc_ids_match(tmp_path: Path):
    def vietnamese_ids(text: str, form: str) -> str:
        return unicodedata.normalize(form, text.replace("A,", "Sở-Ả,").replace("B,", "Sở-Bế,"))

    nfc = write_folder(
        tmp_path / "nfc",
        units=vietnamese_ids(MINI_UNITS, "NFC"),
        self_assessment=vietnamese_ids(MINI_SELF, "NFC"),
        appraisal=vietnamese_ids(MINI_APPRAISAL, "NFC"),
        survey=vietnamese_ids(MINI_SURVEY, "NFC"),
    )
    nfd = write_folder(
        tmp_path / "nfd",
        units=vietnamese_ids(MINI_UNITS, "NFC"),
        self_assessment=vietnamese_ids(MINI_SELF, "NFD"),
        appraisal=vietnamese_ids(MINI_APPRAISAL, "NFD"),
        survey=vietnamese_ids(MINI_SURVEY, "NFD"),
    )
    assert validate_folder(nfd).problems == []
    assert results_of(nfd) == results_of(nfc)


def test_xlsx_row_numbers_are_sheet_rows(tmp_path: Path):
    folder = write_folder(tmp_path / "x")
    text = (folder / "self-assessment.csv").read_text(encoding="utf-8").replace("B,1.2,2,", "B,1.2,9,")
    (folder / "self-assessment.csv").unlink()
    to_xlsx(text, folder / "self-assessment.xlsx")
    errors = validate_folder(folder).errors
    assert [(e.code, e.file, e.row) for e in errors] == [("out-of-range", "self-assessment.xlsx", 8)]


# -- garbage never reaches the user as a traceback ---------------------------------------------

GARBAGE = [
    b"",
    b"\x00\x01\x02\xff\xfe garbage",
    b"PK\x03\x04not really a zip",
    b'"unterminated,quote\n1,2',
    b"\xff" * 50,
]


def every_command(folder: Path, out: Path) -> list[list[str | Path]]:
    """Every command that reads an assessment folder, with the arguments it needs."""
    return [
        ["validate", folder],
        ["score", folder],
        ["score", folder, "--format", "json"],
        ["score", folder, "--format", "csv", "--out", out / "r.csv"],
        ["explain", folder, "A"],
        ["export", folder, "--xlsx", out / "r.xlsx"],
        ["report", folder, "--html", out / "r.html"],
        ["compare", folder, "--previous", DATA / "binh-duong-2017"],
        ["compare", DATA / "binh-duong-2017", "--previous", folder],
    ]


@pytest.mark.parametrize("payload", GARBAGE, ids=range(len(GARBAGE)))
@pytest.mark.parametrize("target", ["units.csv", "self-assessment.csv", "framework/criteria.csv", "parindex.toml"])
def test_garbage_never_raises(tmp_path: Path, runner, payload: bytes, target: str):
    folder = write_folder(tmp_path / "g")
    (folder / target).write_bytes(payload)
    out = tmp_path / "out"
    out.mkdir()
    for command in every_command(folder, out):
        result = invoke(runner, *command)
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output
    assert list(out.iterdir()) == []  # nothing written, not even a partial file


def test_directory_where_a_file_should_be(tmp_path: Path, runner):
    folder = write_folder(tmp_path / "d")
    (folder / "units.csv").unlink()
    (folder / "units.csv").mkdir()
    result = invoke(runner, "validate", folder, "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"][0]["code"] in {"not-a-file", "missing-file"}


def test_usage_errors_exit_2(tmp_path: Path, runner):
    assert invoke(runner, "score", tmp_path / "nope").exit_code == 2
    assert invoke(runner, "score", DATA / "binh-duong-2017", "--format", "xml").exit_code == 2
    assert invoke(runner, "validate", DATA / "binh-duong-2017" / "units.csv").exit_code == 2


def test_top_level_guard_turns_crash_into_message(tmp_path: Path):
    # a real process: a crash inside a command must print one line, not a traceback
    script = (
        "import parindex.scoring as s\n"
        "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
        "s.score_assessment = boom\n"
        "import sys; sys.argv = ['parindex', 'score', sys.argv[1], '--lang', 'en']\n"
        "from parindex.cli import main; main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(DATA / "binh-duong-2017")], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert "unexpected error (RuntimeError: boom)" in proc.stderr


# -- safe outputs --------------------------------------------------------------------------------


def test_csv_export_neutralises_formulas(tmp_path: Path, runner):
    units = MINI_UNITS.replace("Sở An", "=HYPERLINK(1)").replace("Sở Bình", "@SUM(A1)")
    folder = write_folder(tmp_path / "f", units=units)
    result = invoke(runner, "score", folder, "--format", "csv")
    assert result.exit_code == 0
    assert "'=HYPERLINK(1)" in result.stdout and "'@SUM(A1)" in result.stdout
    assert ",83.00," in result.stdout  # numbers stay numbers


def test_refuses_to_overwrite_an_input(mini: Path, runner):
    before = (mini / "units.csv").read_bytes()
    result = invoke(runner, "score", mini, "--format", "csv", "--out", mini / "units.csv")
    assert result.exit_code == 2
    assert (mini / "units.csv").read_bytes() == before


def test_interrupted_write_keeps_old_file(tmp_path: Path):
    from parindex.output import atomic_write

    target = tmp_path / "ranking.csv"
    target.write_text("old", encoding="utf-8")

    def half_then_fail(temp: Path) -> None:
        temp.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.csv"]


def test_inputs_never_modified(mini: Path, runner, tmp_path: Path):
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    invoke(runner, "score", mini, "--format", "json", "--out", tmp_path / "r.json")
    invoke(runner, "validate", mini)
    assert {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()} == before


def test_blank_lines_above_the_header_count_as_rows(tmp_path: Path):
    folder = write_folder(tmp_path / "b", self_assessment="\n\n" + MINI_SELF.replace("B,1.2,2,", "B,1.2,9,"))
    errors = validate_folder(folder).errors
    # header on row 3, so B 1.2 (7th data row) is on row 10
    assert [(e.code, e.row) for e in errors] == [("out-of-range", 10)]


def test_criteria_table_as_xlsx(tmp_path: Path, mini: Path):
    folder = tmp_path / "x"
    shutil.copytree(mini, folder)
    criteria = folder / "framework" / "criteria.csv"
    to_xlsx(criteria.read_text(encoding="utf-8"), folder / "framework" / "criteria.xlsx")
    criteria.unlink()
    toml = folder / "framework" / "framework.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("criteria.csv", "criteria.xlsx"), encoding="utf-8")
    assert validate_folder(folder).problems == []
    assert results_of(folder) == results_of(mini)


def test_codes_and_scores_excel_turned_into_dates(tmp_path: Path):
    # Excel with Vietnamese settings may turn "1.2" into 1 February; say so instead of "unknown code"
    import datetime

    folder = write_folder(tmp_path / "d")
    (folder / "self-assessment.csv").unlink()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["unit_id", "code", "score"])
    for line in MINI_SELF.splitlines()[1:]:
        unit, code, score, _ = line.split(",")
        sheet.append([unit, code, float(score)])
    sheet["B4"] = datetime.datetime(2024, 2, 1)  # A, 1.2
    sheet["C5"] = datetime.datetime(2024, 5, 1)  # A, 2.1 score
    workbook.save(folder / "self-assessment.xlsx")
    errors = validate_folder(folder).errors
    found = [(e.code, e.row, e.column) for e in errors if e.code == "excel-date"]
    assert found == [("excel-date", 5, "score"), ("excel-date", 4, "code")]
    assert "Excel" in errors[0].message("en") and "ngày" in errors[0].message("vi")
