"""Outputs and the environment (issue 15, items 5, 6, 7, 9): special files, unwritable paths,
cleanup after signals, future inputs, formula safety in every writer, closed pipes, reproducible xlsx.
"""

from __future__ import annotations

import csv
import errno
import gc
import hashlib
import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import MINI_UNITS, invoke, write_folder
from parindex import excel, writing
from parindex.output import FORMULA_START, plain_cell, safe_cell

ENV = {**os.environ, "PARINDEX_LANG": "en"}


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m parindex ARGS` in a real process (so `main()` and its settings run)."""
    command = [sys.executable, "-m", "parindex", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=ENV)


def _run_bytes(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "parindex", *map(str, args)]
    return subprocess.run(command, capture_output=True, env=ENV)


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# -- 1. special files ----------------------------------------------------------------------------
def test_dev_null_stays_a_device(tmp_path: Path):
    folder = write_folder(tmp_path / "mini")
    before = os.stat("/dev/null")
    for args in (("score", folder, "--format", "csv", "--out", "/dev/null"), ("export", folder, "--xlsx", "/dev/null")):
        done = _run(*args)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert not [name for name in os.listdir("/dev") if name.endswith(".part")]


def test_out_dev_stdout_into_a_pipe_is_the_same_as_standard_output(tmp_path: Path):
    folder = write_folder(tmp_path / "mini")
    plain = _run("score", folder, "--format", "csv")
    through = _run("score", folder, "--format", "csv", "--out", "/dev/stdout")
    assert through.returncode == 0, through.stderr
    assert through.stdout == plain.stdout and through.stdout.startswith("year,group,rank,unit_id")
    assert "Wrote" not in through.stderr  # the output is already where the user looks
    workbook = _run_bytes("export", folder, "--xlsx", "/dev/stdout")
    assert workbook.returncode == 0 and workbook.stdout[:2] == b"PK"
    assert load_workbook(io.BytesIO(workbook.stdout)).sheetnames == ["Annex 1 - Sở, ban, ngành", "Details", "Sources"]


def test_a_fifo_is_written_into_not_replaced(runner, tmp_path: Path):
    folder = write_folder(tmp_path / "mini")
    fifo = tmp_path / "results.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke(runner, "score", folder, "--format", "csv", "--out", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received[0].decode("utf-8-sig").startswith("year,group,rank,unit_id,name")


# -- 2. unwritable outputs: exit 2, the path and the cause, in both languages ---------------------
def _deny(path: Path) -> Path:
    raise PermissionError(errno.EACCES, "Permission denied", str(path.parent))


def test_a_read_only_folder_is_a_usage_error(runner, tmp_path: Path, monkeypatch):
    folder = write_folder(tmp_path / "mini")
    out = tmp_path / "out" / "results.csv"
    out.parent.mkdir()
    monkeypatch.setattr(writing, "_new_part", _deny)  # as root a chmod would not stop the write
    result = invoke(runner, "score", folder, "--format", "csv", "--out", out)
    assert result.exit_code == 2
    assert f"cannot write {out}: permission denied (the folder is read-only or belongs to another user)" in (
        " ".join(result.output.split())
    )
    vi = runner.invoke(
        __import__("parindex.cli", fromlist=["app"]).app,
        ["score", str(folder), "--format", "csv", "--out", str(out), "--lang", "vi"],
        env={"COLUMNS": "300"},
    )
    assert vi.exit_code == 2
    assert f"không ghi được {out}: không có quyền ghi" in " ".join(vi.output.split())
    assert not out.exists() and not _parts(out.parent)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_really_read_only_folder(runner, tmp_path: Path):
    folder = write_folder(tmp_path / "mini")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = invoke(runner, "export", folder, "--xlsx", locked / "x.xlsx")
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 2 and "permission denied" in result.output


def test_a_full_disk_during_export_is_a_usage_error_without_traceback(runner, tmp_path: Path, monkeypatch):
    folder = write_folder(tmp_path / "mini")
    out = tmp_path / "results.xlsx"
    out.write_bytes(b"the previous file")
    written: list[str] = []
    original = excel._StampedZip.writestr

    def fill_up(self, name, data, *args, **kwargs):  # the third entry meets a full disk
        written.append(str(name))
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, name, data, *args, **kwargs)

    unraisable: list[object] = []
    monkeypatch.setattr(excel._StampedZip, "writestr", fill_up)
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    result = invoke(runner, "export", folder, "--xlsx", out)
    gc.collect()  # a ZipFile left open would try to write its directory now and fail again
    assert result.exit_code == 2, result.output
    assert f"cannot write {out}: the disk is full. Nothing was written; free some space" in " ".join(
        result.output.split()
    )
    assert "Traceback" not in result.output and not unraisable
    assert out.read_bytes() == b"the previous file" and not _parts(tmp_path)


def test_a_full_disk_writing_text(runner, tmp_path: Path, monkeypatch):
    folder = write_folder(tmp_path / "mini")
    out = tmp_path / "results.json"

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    result = invoke(runner, "score", folder, "--format", "json", "--out", out)
    assert result.exit_code == 2 and "the disk is full" in result.output
    assert not out.exists() and not _parts(tmp_path)


def test_a_name_too_long_a_folder_and_a_missing_folder(runner, tmp_path: Path):
    folder = write_folder(tmp_path / "mini")
    long_name = tmp_path / ("a" * 300 + ".csv")
    cases = {
        long_name: f"cannot write {long_name}: the file name is 304 bytes long, the file system allows 255",
        tmp_path: f"{tmp_path} is a folder; give a file name",
        tmp_path / "nope" / "x.csv": f"folder {tmp_path / 'nope'} does not exist",
        folder / "units.csv" / "x.csv": f"folder {folder / 'units.csv'} is not a folder",
        tmp_path / ("b" * 300) / "x.csv": "the name is too long for the file system",
    }
    for out, message in cases.items():
        result = invoke(runner, "score", folder, "--format", "csv", "--out", out)
        assert result.exit_code == 2, (out, result.output)
        assert re.sub(r"\s", "", message) in re.sub(r"\s", "", result.output), result.output
    assert _parts(tmp_path) == []


def test_temporary_names_of_a_long_output_name_still_fit(tmp_path: Path):
    target = tmp_path / ("ả" * 80 + ".csv")  # 244 bytes: a legal name, too long for ".NAME.<random>.part"
    writing.write_text(target, "x\n")
    assert target.read_text(encoding="utf-8-sig") == "x\n"
    assert len(writing.part_prefix(target).encode()) + len(f"{os.getpid()}.") + 8 + 5 <= 255


# -- 3. cleanup: signals, stale .part files, outputs that would become inputs ----------------------
SLOW_SAVE = """
import sys, time
from pathlib import Path
from openpyxl.worksheet import _writer
original = _writer.WorksheetWriter.write
ready = Path(sys.argv[1])
def slow(self):
    original(self)
    ready.write_text("saving")
    time.sleep(60)
_writer.WorksheetWriter.write = slow
sys.argv = ["parindex", *sys.argv[2:]]
from parindex.cli import main
main()
"""


def test_sigterm_during_export_leaves_no_part_and_no_openpyxl_files(tmp_path: Path):
    folder = write_folder(tmp_path / "mini")
    temp, out, ready = tmp_path / "tmp", tmp_path / "out", tmp_path / "ready"
    temp.mkdir()
    out.mkdir()
    command = [sys.executable, "-c", SLOW_SAVE, ready, "export", folder, "--xlsx", out / "x.xlsx"]
    process = subprocess.Popen(list(map(str, command)), env={**ENV, "TMPDIR": str(temp)}, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists()
    assert _parts(out) and list(temp.rglob("openpyxl.*"))  # mid-save: both exist
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert stderr.decode().endswith("parindex: stopped by SIGTERM\n") and b"Traceback" not in stderr
    assert list(out.iterdir()) == [] and list(temp.iterdir()) == []


def test_stale_part_files_of_the_same_output_are_swept(runner, tmp_path: Path):
    folder = write_folder(tmp_path / "mini")
    out = tmp_path / "results.csv"
    dead = tmp_path / ".results.csv.999999999.abcdefgh.part"  # above any pid_max: that run is gone
    old = tmp_path / ".results.csv.k2j3h4g5.part"  # no pid (older parindex), two days old
    alive = tmp_path / f".results.csv.{os.getppid()}.zyxwvuts.part"  # a run still writing: kept
    other = tmp_path / ".other.csv.999999999.abcdefgh.part"  # another output's: not ours to judge
    for path in (dead, old, alive, other):
        path.write_text("half")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    result = invoke(runner, "score", folder, "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    assert _parts(tmp_path) == sorted([alive.name, other.name])


def test_stale_scratch_folders_are_swept(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(writing.tempfile, "tempdir", str(tmp_path))
    (tmp_path / "parindex-999999999-abc").mkdir()
    (tmp_path / "parindex-999999999-abc" / "openpyxl.x").write_text("x")
    (tmp_path / f"parindex-{os.getppid()}-def").mkdir()
    with writing.scratch_folder() as scratch:
        assert writing.tempfile.gettempdir() == str(scratch)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"parindex-{os.getppid()}-def"]


@pytest.mark.parametrize(
    "name",
    ["appraisal.csv", "Survey.XLSX", "units.txt", "self-assessment.xlsm", "self-assessment/Z.csv", "parindex.toml"],
)
def test_an_output_that_would_become_an_input_is_refused(runner, tmp_path: Path, name: str):
    folder = write_folder(tmp_path / "mini", appraisal=None, survey=None, criteria=_NO_SURVEY)
    (folder / "self-assessment").mkdir()
    (folder / "self-assessment.csv").rename(folder / "self-assessment" / "all.csv")
    assert invoke(runner, "validate", folder).exit_code == 0
    out = folder / name
    result = invoke(runner, "score", folder, "--format", "csv", "--out", out)
    assert result.exit_code == 2, result.output
    assert "would be read as an input of" in result.output or "is an input file" in result.output
    assert not out.exists() or name == "parindex.toml"
    fine = invoke(runner, "score", folder, "--format", "csv", "--out", folder / "ket-qua.csv")
    assert fine.exit_code == 0, fine.output


_NO_SURVEY = """\
code,name,max_points,method,guidance,source
1,Chỉ đạo điều hành,10,,,test
1.1,Kế hoạch CCHC,4,,,test
1.1.1,Ban hành kế hoạch,2,appraisal,,test
1.1.2,Thực hiện kế hoạch,2,appraisal,,test
1.2,Báo cáo CCHC,6,appraisal,,test
2,Thủ tục hành chính,10,,,test
2.1,Công khai TTHC,10,appraisal,,test
"""


# -- 4. formula safety everywhere ---------------------------------------------------------------
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def formula_folder(root: Path) -> Path:
    """A folder whose every text a user controls starts like a formula (see cases_output)."""
    from hostile.cases_output import build_formula_folder

    return build_formula_folder(root)


def _csv_cells(path: Path) -> list[str]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return [cell for row in rows for cell in row]


def _unsafe(cell: object) -> bool:
    return isinstance(cell, str) and cell.startswith(FORMULA_START) and not _NUMBER.match(cell)


def test_every_text_cell_of_every_writer_is_neutralised(runner, tmp_path: Path):
    folder = formula_folder(tmp_path / "now")
    previous = formula_folder(tmp_path / "before")
    (previous / "appraisal.csv").unlink()  # a different index last year: negative changes
    out = tmp_path / "out"
    out.mkdir()
    commands = {
        "score.csv": ("score", folder, "--format", "csv"),
        "explain.csv": ("explain", folder, "A", "--format", "csv"),
        "compare.csv": ("compare", folder, "--previous", previous, "--format", "csv"),
    }
    for name, args in commands.items():
        result = invoke(runner, *args, "--out", out / name)
        assert result.exit_code == 0, result.output
    for lang in ("en", "vi"):
        assert invoke(runner, "export", folder, "--xlsx", out / f"export-{lang}.xlsx", "--lang", lang).exit_code == 0
    for suffix in ("xlsx", "csv"):
        result = invoke(runner, "template", folder, "--unit", "A", "--out", out / f"template.{suffix}")
        assert result.exit_code == 0, result.output
    score = list(csv.DictReader(io.StringIO((out / "score.csv").read_text(encoding="utf-8-sig"))))
    assert score[0]["year"] == "'=1+2" and {r["name"] for r in score} == {'\'=HYPERLINK("http://x","y")', "'+Bình"}
    assert {r["unit_id"] for r in score} == {"A", "'@B"}
    compare = list(csv.DictReader(io.StringIO((out / "compare.csv").read_text(encoding="utf-8-sig"))))
    assert any(_NUMBER.match(v) and v.startswith("-") for r in compare for v in r.values())  # numbers stay numbers
    seen = 0
    assert (out / "score.csv.manifest.json").is_file()  # the CSV's manifest (hashes and paths: no user text)
    for path in sorted(out.iterdir()):
        if path.suffix == ".json":
            continue
        if path.suffix == ".csv":
            cells = _csv_cells(path)
        else:
            workbook = load_workbook(path)
            sheets = [sheet for sheet in workbook.worksheets]
            assert all(c.data_type != "f" for s in sheets for row in s.iter_rows() for c in row), path
            cells = [c.value for s in sheets for row in s.iter_rows() for c in row]
        seen += sum(isinstance(c, str) and c.startswith("'") for c in cells)
        assert [c for c in cells if _unsafe(c)] == [], path
    assert seen >= 20  # the hostile texts did reach every file, neutralised


@pytest.mark.parametrize("text", ["=1+2", "+1", "-x", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_neutralises_text_only(text: str):
    assert safe_cell(text) == "'" + text
    assert safe_cell(-3) == -3 and safe_cell(-0.5) == -0.5 and safe_cell("Sở =") == "Sở ="


# -- 5. pipes -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ("score", "{folder}"),
        ("criteria",),
        ("score", "{folder}", "--format", "csv", "--out", "/dev/stdout"),
        ("validate", "{folder}", "--format", "json"),
    ],
)
def test_a_closed_stdout_ends_quietly_with_141(tmp_path: Path, args: tuple[str, ...]):
    folder = write_folder(tmp_path / "mini")
    command = [sys.executable, "-m", "parindex", *(a.format(folder=folder) for a in args)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    assert process.stdout is not None
    process.stdout.close()  # the reader has gone before the first line (as `| head -0`)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 141
    assert stderr == b""


def test_head_1_reads_the_first_line_and_parindex_ends_with_141(tmp_path: Path):
    ids = [f"U{i:04}" for i in range(1500)]  # a table far larger than a pipe's buffer (64 KiB)
    folder = write_folder(
        tmp_path / "many",
        units="unit_id,name,group,ranked\n" + "".join(f"{u},Sở {u},so,yes\n" for u in ids),
        self_assessment="unit_id,code,score\n"
        + "".join(f"{u},{c},1\n" for u in ids for c in ("1.1.1", "1.1.2", "1.2", "2.1")),
        appraisal=None,
        survey="unit_id,code,score\n" + "".join(f"{u},{c},1\n" for u in ids for c in ("1.3", "2.2")),
    )
    script = f"set -o pipefail; {sys.executable} -m parindex score {folder} | head -1"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=ENV)
    assert done.returncode == 141 and done.stderr == ""
    assert done.stdout.count("\n") == 1 and "Sở, ban, ngành" in done.stdout


# -- 6. reproducible bytes ------------------------------------------------------------------------
def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_xlsx_bytes_are_reproducible_with_source_date_epoch(runner, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    units = MINI_UNITS
    shuffled = units.splitlines()[0] + "\n" + "\n".join(reversed(units.splitlines()[1:])) + "\n"
    assert shuffled != units
    first = write_folder(tmp_path / "first", units=units)
    second = write_folder(tmp_path / "second", units=shuffled)
    outputs = []
    for name, source in (("a", first), ("b", first), ("c", second)):
        outputs.append(tmp_path / f"{name}.xlsx")
        assert invoke(runner, "export", source, "--xlsx", outputs[-1]).exit_code == 0
    assert _sha(outputs[0]) == _sha(outputs[1])
    # the shuffled units.csv gives the same workbook but for its own hash in the "Nguồn dữ liệu" sheet
    books = [load_workbook(path) for path in outputs]
    for name in books[0].sheetnames[:-1]:
        assert list(books[0][name].values) == list(books[2][name].values)
    sources = [list(book.worksheets[-1].values) for book in books]
    changed = [(a[1:], c[1:]) for a, c in zip(sources[0], sources[2], strict=True) if a != c]
    units_sha = [hashlib.sha256(units.encode()).hexdigest(), hashlib.sha256(shuffled.encode()).hexdigest()]
    size = len(units.encode())  # the same bytes in another order
    assert changed == [(("units.csv", size, units_sha[0]), ("units.csv", size, units_sha[1]))]
    with zipfile.ZipFile(outputs[0]) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2023-11-14T22:13:20Z") == 2  # created and modified
    templates = [tmp_path / "t1.xlsx", tmp_path / "t2.xlsx"]
    for path in templates:
        assert invoke(runner, "template", first, "--unit", "A", "--out", path).exit_code == 0
    assert _sha(templates[0]) == _sha(templates[1])


def test_details_sheet_is_in_rank_order_whatever_units_csv_says(runner, tmp_path: Path):
    units = "unit_id,name,group,ranked\nB,Sở Bình,so,yes\nZ,Sở Zeta,so,no\nA,Sở An,so,yes\n"
    folder = write_folder(tmp_path / "mini", units=units, self_assessment=_SELF_ABZ, survey=_SURVEY_ABZ)
    out = tmp_path / "x.xlsx"
    assert invoke(runner, "export", folder, "--xlsx", out).exit_code == 0
    sheet = load_workbook(out)["Details"]
    ids = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]]
    assert list(dict.fromkeys(ids)) == ["A", "B", "Z"]  # rank 1 (83 %), rank 2 (80 %), then the unranked
    assert ids[:6] == ["A"] * 6  # each unit's criteria together, in framework order
    codes = [row[4] for row in sheet.iter_rows(min_row=4, max_row=9, values_only=True)]
    assert codes == ["1.1.1", "1.1.2", "1.2", "1.3", "2.1", "2.2"]


_SELF_ABZ = textwrap.dedent(
    """\
    unit_id,code,score
    A,1.1.1,2
    A,1.1.2,1.5
    A,1.2,3
    A,2.1,6
    B,1.1.1,2
    B,1.1.2,2
    B,1.2,2
    B,2.1,5
    Z,1.1.1,1
    Z,1.1.2,1
    Z,1.2,1
    Z,2.1,1
    """
)
_SURVEY_ABZ = "unit_id,code,score\nA,1.3,2.4\nA,2.2,3.2\nB,1.3,3\nB,2.2,2\nZ,1.3,1\nZ,2.2,1\n"


def test_streams_closed_before_the_start(tmp_path: Path):
    folder = write_folder(tmp_path / "mini")
    python = f"{sys.executable} -m parindex"
    no_stdout = subprocess.run(["bash", "-c", f"{python} score {folder} >&-"], capture_output=True, env=ENV)
    assert no_stdout.returncode == 141 and no_stdout.stderr == b""
    out = tmp_path / "x.csv"
    no_stderr = subprocess.run(["bash", "-c", f"{python} score {folder} -f csv --out {out} 2>&-"], env=ENV)
    assert no_stderr.returncode == 0 and out.read_text(encoding="utf-8-sig").startswith("year,group")


def test_a_neutralised_ranking_reads_back_as_written(runner, tmp_path: Path):
    folder = formula_folder(tmp_path / "now")
    ranking = tmp_path / "ranking.csv"
    assert invoke(runner, "score", folder, "--format", "csv", "--out", ranking).exit_code == 0
    assert "'@B" in ranking.read_text(encoding="utf-8-sig")
    result = invoke(runner, "compare", folder, "--previous", ranking, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert {(r["unit_id"], r["status"]) for r in rows} == {("A", "both"), ("@B", "both")}
    assert plain_cell("'=1+2") == "=1+2" and plain_cell("'tôi") == "'tôi" and plain_cell(5) == 5


@pytest.mark.parametrize(
    ("epoch", "stamp"),
    [("0", (1980, 1, 1, 0, 0, 0)), ("99999999999999999", (2107, 12, 31, 23, 59, 58)), ("soon", None)],
)
def test_source_date_epoch_outside_what_a_zip_holds(runner, tmp_path: Path, monkeypatch, epoch: str, stamp):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = tmp_path / "x.xlsx"
    assert invoke(runner, "export", write_folder(tmp_path / "mini"), "--xlsx", out).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert len(stamps) == 1 and (stamp is None or stamps == {stamp})


@pytest.mark.parametrize(
    ("number", "en", "vi"),
    [
        (errno.ENOSPC, "the disk is full", "ổ đĩa đã hết chỗ trống"),
        (errno.EROFS, "the disk is read-only", "ổ đĩa chỉ cho đọc"),
        (errno.EPERM, "permission denied", "không có quyền ghi"),
        (errno.ENXIO, "there is no such device", "không có thiết bị này"),
        (errno.ELOOP, "Too many levels of symbolic links", "quá nhiều tầng liên kết tượng trưng (symbolic link)"),
    ],
)
def test_every_cause_is_said_in_both_languages(tmp_path: Path, number: int, en: str, vi: str):
    error = writing.cannot_write(tmp_path / "x.csv", OSError(number, os.strerror(number)))
    assert error.text("en").startswith(f"cannot write {tmp_path / 'x.csv'}: {en}")
    assert error.text("vi").startswith(f"không ghi được {tmp_path / 'x.csv'}: {vi}")
    assert str(error) == error.text("en")


def test_the_sweep_keeps_parts_of_an_output_whose_name_only_starts_the_same(tmp_path: Path):
    target = tmp_path / "a.csv"
    other = tmp_path / f".a.csv.123.x.{os.getppid()}.abcdefgh.part"  # the output "a.csv.123.x", still running
    other.write_text("half")
    assert writing.sweep_stale_parts(target) == [] and other.exists()
