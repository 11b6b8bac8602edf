"""The manifest every written result carries: exact hashes of a tiny folder, every format, reproducible bytes."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import EXAMPLE, MINI_SELF, invoke, write_folder
from parindex import __version__
from parindex.assessment import load_assessment
from parindex.excel import results_workbook
from parindex.manifest import manifest_of
from parindex.manifest_views import manifest_from_sheet
from parindex.scoring import score_assessment

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
CREATED = "2023-11-14T22:13:20Z"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expected(folder: Path) -> dict:
    """The mini folder's manifest worked out file by file with hashlib (framework/ sits inside the folder)."""
    framework = folder / "framework"
    inputs = ["appraisal.csv", "parindex.toml", "self-assessment.csv", "survey.csv", "units.csv"]
    return {
        "parindex": __version__,
        "framework": {
            "id": "mini",
            "files": [{"path": name, "sha256": _sha(framework / name)} for name in ("criteria.csv", "framework.toml")],
        },
        "inputs": [
            {"path": name, "size": (folder / name).stat().st_size, "sha256": _sha(folder / name)} for name in inputs
        ],
        "options": {},
        "created": CREATED,
    }


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_manifest_of_a_tiny_folder_has_the_hashes_of_its_files(tmp_path: Path, epoch: None) -> None:
    folder = write_folder(tmp_path / "mini")
    manifest = manifest_of(load_assessment(folder))
    assert manifest == _expected(folder)
    assert manifest["inputs"][3] == {
        "path": "survey.csv",
        "size": 55,
        "sha256": hashlib.sha256(b"unit_id,code,score\nA,1.3,2.4\nA,2.2,3.2\nB,1.3,3\nB,2.2,2\n").hexdigest(),
    }
    assert list(manifest) == ["parindex", "framework", "inputs", "options", "created"]
    assert manifest_of(load_assessment(folder), {"round": 2})["options"] == {"round": 2}


def test_the_hash_is_of_the_bytes_loading_read(tmp_path: Path, epoch: None) -> None:
    """A file changed after it was read does not change the manifest: it describes what was scored."""
    folder = write_folder(tmp_path / "mini")
    before = _sha(folder / "units.csv")
    assessment = load_assessment(folder)
    (folder / "units.csv").write_text("changed after loading\n", encoding="utf-8")
    (entry,) = [e for e in manifest_of(assessment)["inputs"] if e["path"] == "units.csv"]
    assert entry["sha256"] == before


def test_per_unit_files_and_a_bundled_framework_are_named_relative_to_their_folders(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "mini", self_assessment=None)
    (folder / "self-assessment").mkdir()
    lines = MINI_SELF.splitlines()
    for unit in ("A", "B"):
        text = "\n".join([lines[0], *(line for line in lines[1:] if line.startswith(unit + ","))]) + "\n"
        (folder / "self-assessment" / f"{unit}.csv").write_text(text, encoding="utf-8")
    paths = [entry["path"] for entry in manifest_of(load_assessment(folder))["inputs"]]
    assert paths == [
        "appraisal.csv",
        "parindex.toml",
        "self-assessment/A.csv",
        "self-assessment/B.csv",
        "survey.csv",
        "units.csv",
    ]
    bundled = manifest_of(load_assessment(EXAMPLE))["framework"]
    assert bundled["id"] == "lai-chau-1726-2022"
    assert [f["path"] for f in bundled["files"]] == ["framework.toml", "huyen.csv", "so.csv"]


def test_created_is_the_time_of_the_run_without_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    created = manifest_of(load_assessment(write_folder(tmp_path / "mini")))["created"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", created)


def _write_everything(runner: CliRunner, folder: Path, out: Path) -> None:
    out.mkdir()
    commands = [
        ("score", folder, "--format", "json", "--out", out / "score.json"),
        ("score", folder, "--format", "csv", "--out", out / "score.csv"),
        ("export", folder, "--xlsx", out / "export.xlsx", "--docx", out / "export.docx"),
        ("report", folder, "--html", out / "report.html"),
    ]
    for args in commands:
        result = invoke(runner, *args, "--lang", "vi")
        assert result.exit_code == 0, result.output


def test_every_result_carries_the_manifest(runner: CliRunner, tmp_path: Path, epoch: None) -> None:
    folder = write_folder(tmp_path / "mini")
    expected = _expected(folder)
    out = tmp_path / "out"
    _write_everything(runner, folder, out)
    assert json.loads((out / "score.json").read_text(encoding="utf-8"))["manifest"] == expected
    assert json.loads((out / "score.csv.manifest.json").read_text(encoding="utf-8")) == {"manifest": expected}
    book = load_workbook(out / "export.xlsx")
    assert book.sheetnames[-1] == "Nguồn dữ liệu"
    assert manifest_from_sheet(book["Nguồn dữ liệu"]) == expected
    rows = list(book["Nguồn dữ liệu"].iter_rows(min_row=9, max_row=11, values_only=True))
    assert rows[0] == ("Loại", "Tệp", "Dung lượng (byte)", "SHA-256")
    assert rows[2] == ("tệp bộ chỉ số", "framework.toml", None, expected["framework"]["files"][1]["sha256"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<h2>Nguồn dữ liệu của kết quả này</h2>" in html and CREATED in html
    assert all(entry["sha256"] in html for entry in expected["inputs"])
    document = docx.Document(str(out / "export.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "Nguồn dữ liệu của kết quả này" in texts and f"Thời điểm tạo: {CREATED}" in texts
    last = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert last[-1] == ["tệp đầu vào", "units.csv", str(expected["inputs"][4]["size"]), expected["inputs"][4]["sha256"]]
    for path in out.iterdir():  # no absolute folder of this machine in any output
        raw = path.read_bytes()
        assert str(tmp_path).encode() not in raw, path.name


def test_two_runs_write_the_same_bytes_in_every_format(runner: CliRunner, tmp_path: Path, epoch: None) -> None:
    folder = write_folder(tmp_path / "mini")
    _write_everything(runner, folder, tmp_path / "first")
    _write_everything(runner, folder, tmp_path / "second")
    names = sorted(p.name for p in (tmp_path / "first").iterdir())
    assert names == ["export.docx", "export.xlsx", "report.html", "score.csv", "score.csv.manifest.json", "score.json"]
    for name in names:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


def test_csv_to_standard_output_has_no_manifest(runner: CliRunner, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "mini")
    result = invoke(runner, "score", folder, "--format", "csv")
    assert result.exit_code == 0 and result.stdout.startswith("year,group,rank")
    assert not list(tmp_path.rglob("*.manifest.json")) and not list(Path.cwd().glob("*.manifest.json"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_sources_sheet_reads_back_with_options(tmp_path: Path, lang: str, epoch: None) -> None:
    assessment = load_assessment(write_folder(tmp_path / "mini"))
    manifest = manifest_of(assessment, {"round": 2, "rounds": ["1", "2"]})
    book = results_workbook(assessment, score_assessment(assessment), lang, details=False, manifest=manifest)
    sheet = book.worksheets[-1]
    assert sheet.title == {"vi": "Nguồn dữ liệu", "en": "Sources"}[lang]
    assert sheet["B7"].value == '{"round": 2, "rounds": ["1", "2"]}'
    assert manifest_from_sheet(sheet) == manifest


def test_the_manifest_records_only_the_options_given(tmp_path: Path) -> None:
    """An option at its default is not recorded (a result written before it existed stays verifiable);
    the round an assessment was loaded at is (``score --round 1``), and options given win."""
    folder = write_folder(tmp_path / "mini")
    assert manifest_of(load_assessment(folder))["options"] == {}
    assert manifest_of(load_assessment(folder, round=1))["options"] == {"round": 1}
    assert manifest_of(load_assessment(folder, round=1), {"round": 2})["options"] == {"round": 2}


def test_a_linked_file_is_named_where_the_folder_shows_it(tmp_path: Path) -> None:
    """units.csv linked from another folder is still "units.csv", with the hash of the bytes behind the link."""
    folder = write_folder(tmp_path / "mini")
    elsewhere = tmp_path / "shared" / "units.csv"
    elsewhere.parent.mkdir()
    (folder / "units.csv").rename(elsewhere)
    (folder / "units.csv").symlink_to(elsewhere)
    inputs = manifest_of(load_assessment(tmp_path / "mini" / ".." / "mini"))["inputs"]
    assert [e["path"] for e in inputs][-1] == "units.csv"
    assert inputs[-1]["sha256"] == _sha(elsewhere)
