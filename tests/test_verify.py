"""`parindex verify`: a result checked against its folder, with hand-worked differences.

The mini folder (tests/conftest.py): A scores 12.5 self, 11 appraised (the council took 2.1 from 6 to
4.5), 5.6 survey: 16.6 of 20 = 83 %, domain 2 = (4.5 + 3.2) / 10 = 77 %; B 16 of 20 = 80 %; the mean
81.5 %. Raising the council's 2.1 for A to 5.5 adds one point: 17.6 = 88 %, domain 2 87 %, mean 84 %.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from conftest import invoke, write_folder
from parindex.verify import NotAResult, verify_result

EDITED_APPRAISAL = "unit_id,code,score,note\nA,2.1,5.5,Thiếu tài liệu kiểm chứng\n"


@pytest.fixture
def written(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini folder with its three verifiable results written beside it (out/r.json, r.csv, r.xlsx)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder = write_folder(tmp_path / "mini")
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ("score", folder, "--format", "json", "--out", out / "r.json"),
        ("score", folder, "--format", "csv", "--out", out / "r.csv"),
        ("export", folder, "--xlsx", out / "r.xlsx", "--lang", "vi"),
    ):
        assert invoke(runner, *args).exit_code == 0
    return folder


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _verify(runner: CliRunner, folder: Path, name: str, *extra: str):
    return invoke(runner, "verify", folder, folder.parent / "out" / name, *extra)


@pytest.mark.parametrize("name", ["r.json", "r.csv", "r.xlsx"])
def test_an_untouched_result_matches(runner: CliRunner, written: Path, name: str) -> None:
    result = _verify(runner, written, name)
    assert result.exit_code == 0, result.output
    assert f"matches: {name} follows from these files" in result.output
    vi = _verify(runner, written, name, "--lang", "vi")
    assert vi.exit_code == 0 and f"khớp: {name} được tính từ đúng các tệp này" in vi.output
    document = json.loads(_verify(runner, written, name, "--format", "json").stdout)
    kind = name.split(".")[1]
    assert document == {
        "result": name,
        "kind": kind,
        "matches": True,
        "parindex": {"then": "0.1.0", "now": "0.1.0"},
        "files": [],
        "values": [],
        "invalid": None,
    }


def test_an_edited_input_file_is_named_and_every_number_it_moved(runner: CliRunner, written: Path) -> None:
    original = (written / "appraisal.csv").read_text(encoding="utf-8")
    (written / "appraisal.csv").write_text(EDITED_APPRAISAL, encoding="utf-8")
    changed = {
        "kind": "input",
        "path": "appraisal.csv",
        "change": "changed",
        "sha256_then": _sha(original),
        "sha256_now": _sha(EDITED_APPRAISAL),
    }
    found = verify_result(written, written.parent / "out" / "r.json")
    assert not found.matches and [f.to_dict() for f in found.files] == [changed]
    assert [(v.where, v.unit_id, v.written, v.now, v.difference) for v in found.values] == [
        ("groups[0].mean_index", None, 81.5, 84.0, "2.5"),
        ("rows[0].appraisal_total", "A", 11.0, 12.0, "1.0"),
        ("rows[0].index", "A", 83.0, 88.0, "5.0"),
        ("rows[0].index_2", "A", 77.0, 87.0, "10.0"),
        ("rows[0].points_lost", "A", 3.4, 2.4, "-1.0"),
        ("rows[0].total", "A", 16.6, 17.6, "1.0"),
    ]
    csv_found = verify_result(written, written.parent / "out" / "r.csv")
    assert [(v.where, v.field, v.written, v.now, v.difference) for v in csv_found.values] == [
        ("row 2", "appraisal_total", "11.00", "12.00", "1.00"),
        ("row 2", "total", "16.60", "17.60", "1.00"),
        ("row 2", "points_lost", "3.40", "2.40", "-1.00"),
        ("row 2", "index", "83.00", "88.00", "5.00"),
        ("row 2", "index_2", "77.00", "87.00", "10.00"),
    ]
    book = verify_result(written, written.parent / "out" / "r.xlsx")
    annex = [(v.where, v.field, v.written, v.now) for v in book.values if v.where.startswith("Phụ lục")]
    assert annex[3:] == [
        ("Phụ lục 1 - Sở, ban, ngành!I5", "Chỉ số CCHC (%)", 83, 88.0),
        ("Phụ lục 1 - Sở, ban, ngành!M5", "Lĩnh vực 2 (%)", 77, 87.0),
        ("Phụ lục 1 - Sở, ban, ngành!I7", "Chỉ số CCHC (%)", 81.5, 84.0),  # the group mean
    ]
    assert ("Chi tiết!J8", "A", "Điểm thẩm định", 4.5, 5.5) in [
        (v.where, v.unit_id, v.field, v.written, v.now) for v in book.values
    ]
    by_json = _verify(runner, written, "r.json", "--lang", "vi").output  # keys shown as the columns are called
    assert "Lĩnh vực 2 (%)" in by_json and "Chỉ số trung bình của nhóm" in by_json and "10,0" in by_json
    result = _verify(runner, written, "r.xlsx", "--lang", "vi")
    assert result.exit_code == 1
    assert "không khớp: r.xlsx" in result.output and "appraisal.csv" in result.output and "đã thay đổi" in result.output


def test_a_cell_edited_in_the_workbook_is_caught_with_unchanged_inputs(runner: CliRunner, written: Path) -> None:
    path = written.parent / "out" / "r.xlsx"
    book = load_workbook(path)
    sheet = book["Phụ lục 1 - Sở, ban, ngành"]
    assert (sheet["N6"].value, sheet["I6"].value) == ("B", 80)
    sheet["I6"] = 81.25  # B's index, retyped
    book.save(path)
    found = verify_result(written, path)
    assert found.files == [] and [v.to_dict() for v in found.values] == [
        {
            "where": "Phụ lục 1 - Sở, ban, ngành!I6",
            "unit_id": "B",
            "field": "Chỉ số CCHC (%)",
            "written": 81.25,
            "now": 80,
            "difference": "-1.25",
        }
    ]
    result = _verify(runner, written, "r.xlsx")
    assert result.exit_code == 1 and "81.25" in result.output and "-1.25" in result.output


def test_a_number_edited_in_the_json_or_the_csv_is_caught(written: Path) -> None:
    path = written.parent / "out" / "r.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["rows"][1]["total"] = 17.0  # B's 16 points, raised by hand
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    [change] = verify_result(written, path).values
    assert (change.where, change.unit_id, change.written, change.now, change.difference) == (
        "rows[1].total",
        "B",
        17.0,
        16.0,
        "-1.0",
    )
    csv_path = written.parent / "out" / "r.csv"
    text = csv_path.read_text(encoding="utf-8-sig")
    csv_path.write_text(text.replace("Sở Bình", "Sở Bình Dương"), encoding="utf-8")
    [renamed] = verify_result(written, csv_path).values
    assert (renamed.where, renamed.field, renamed.written, renamed.now) == ("row 3", "name", "Sở Bình Dương", "Sở Bình")


def test_missing_and_new_files(written: Path) -> None:
    appraisal = (written / "appraisal.csv").read_text(encoding="utf-8")
    (written / "appraisal.csv").unlink()
    found = verify_result(written, written.parent / "out" / "r.json")
    assert [(f.path, f.change, f.then, f.now) for f in found.files] == [
        ("appraisal.csv", "missing", _sha(appraisal), None)
    ]
    book = Workbook()  # the council's table saved as a workbook instead: the same scores
    for line in appraisal.splitlines():
        book.active.append(line.split(","))
    book.save(written / "appraisal.xlsx")
    later = verify_result(written, written.parent / "out" / "r.json")
    new_sha = hashlib.sha256((written / "appraisal.xlsx").read_bytes()).hexdigest()
    assert [(f.path, f.change, f.now) for f in later.files] == [
        ("appraisal.csv", "missing", None),
        ("appraisal.xlsx", "new", new_sha),
    ]
    assert later.values == [] and not later.matches
    (written / "appraisal.xlsx").write_bytes(b"")  # an empty file: the folder no longer loads
    broken = verify_result(written, written.parent / "out" / "r.json")
    assert broken.invalid is not None and broken.invalid.errors[0].code == "empty-file"
    assert [(f.path, f.change) for f in broken.files] == [("appraisal.csv", "missing")]


def test_a_folder_that_no_longer_validates(runner: CliRunner, written: Path) -> None:
    (written / "units.csv").write_text("unit_id,name\nA,Sở An\n", encoding="utf-8")
    result = _verify(runner, written, "r.json", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["matches"] is False and document["values"] == []
    assert [f["path"] for f in document["files"]] == ["units.csv"]
    assert document["invalid"]["errors"][0]["code"] == "missing-column"
    table = _verify(runner, written, "r.json")
    assert "no longer validates" in table.output and "missing-column" in table.output


def test_what_is_not_a_result_is_said_plainly(runner: CliRunner, written: Path, tmp_path: Path) -> None:
    out = written.parent / "out"
    (out / "r.csv.manifest.json").unlink()
    result = _verify(runner, written, "r.csv")
    assert result.exit_code == 1 and "r.csv has no manifest beside it (r.csv.manifest.json)" in result.output
    vi = _verify(runner, written, "r.csv", "--lang", "vi")
    assert "không có bản kê nguồn đi kèm" in vi.output
    for name, content in (
        ("plain.json", b'{"rows": []}'),
        ("list.json", b"[1, 2]"),
        ("fake.xlsx", b"PK\x03\x04 not a zip at all"),
        ("units.csv", (written / "units.csv").read_bytes()),
    ):
        (out / name).write_bytes(content)
        document = json.loads(_verify(runner, written, name, "--format", "json").stdout)
        assert document["matches"] is False and name in document["error"], name
    assert invoke(runner, "verify", written, out / "absent.json").exit_code == 2
    with pytest.raises(NotAResult):
        verify_result(written, out / "plain.json")


def test_an_option_this_version_does_not_know_cannot_be_verified(runner: CliRunner, written: Path) -> None:
    path = written.parent / "out" / "r.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["manifest"]["options"] = {"weight_spread": 2}
    path.write_text(json.dumps(document), encoding="utf-8")
    result = _verify(runner, written, "r.json")
    assert result.exit_code == 1 and "options this version of parindex does not know (weight_spread)" in result.output


def test_the_vietnamese_table_writes_decimal_commas(runner: CliRunner, written: Path) -> None:
    """The values table is read by an officer: 17,0 and -1,0 in Vietnamese (the JSON twin keeps 17.0)."""
    path = written.parent / "out" / "r.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["rows"][1]["total"] = 17.0
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    vi = _verify(runner, written, "r.json", "--lang", "vi")
    assert vi.exit_code == 1
    (line,) = [line for line in vi.output.splitlines() if "rows[1].total" in line]
    assert "17,0" in line and "16,0" in line and "-1,0" in line
    en = _verify(runner, written, "r.json", "--lang", "en")
    assert "-1.0" in en.output and "-1,0" not in en.output
