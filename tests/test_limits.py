"""The documented input limits (issue 15, item 4): exact refusals at each limit, and problems kept small.

The real limits are tested where the input stays small (cells, columns, lines); the row limit and the
parse block are lowered with monkeypatch so that the same code paths run on kilobytes.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import parindex.csv_limits as csv_limits
import parindex.csv_reader as csv_reader
import parindex.readers as readers
from conftest import MINI_SELF, invoke, write_folder
from parindex.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_CONFIG_BYTES,
    MAX_CONFIG_LINE_CHARS,
    MAX_DETAIL_CHARS,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    MAX_QUOTED_CHARS,
)
from parindex.problems import Problem, Words
from parindex.readers import TomlRefused, read_bounded, read_table, read_toml

HEADER = "unit_id,code,score,note\n"
TAIL = " (see 'Limits' in the README). Check that this is the right file, or split it."


def _read(tmp_path: Path, text: str) -> readers.TableResult:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return read_table(path, "t.csv")


def _only(result: readers.TableResult) -> Problem:
    assert result.frame is None
    assert len(result.problems) == 1, [p.to_dict() for p in result.problems]
    return result.problems[0]


# -- problems stay small ------------------------------------------------------------------------------


def test_a_long_value_is_cut_when_the_problem_is_made():
    problem = Problem("invalid-number", "s.csv", row=3, column="score", value="9" * 1000)
    assert problem.value == "9" * MAX_QUOTED_CHARS + "…"
    assert problem.value_chars == 1000
    assert problem.message("en").endswith("or N/A. (The value is shown cut to its first 80 of 1,000 characters.)")
    assert problem.message("vi").endswith(
        "hoặc KAD. (Giá trị được rút gọn: chỉ hiển thị 80 ký tự đầu trong tổng số 1.000 ký tự.)"
    )
    assert problem.to_dict()["value_chars"] == 1000
    assert dataclasses.replace(problem) == problem
    assert dataclasses.replace(problem).value_chars == 1000


def test_a_short_value_is_kept_whole():
    problem = Problem("invalid-number", "s.csv", value="x" * MAX_QUOTED_CHARS)
    assert problem.value == "x" * MAX_QUOTED_CHARS
    assert problem.value_chars is None
    assert "value_chars" not in problem.to_dict()
    assert "cut" not in problem.message("en")


def test_long_columns_and_details_are_cut():
    found = ", ".join(f"cot_{i}" for i in range(1000))
    problem = Problem("missing-column", "u.csv", column="c" * 500, params={"detail": found})
    assert problem.column == "c" * MAX_QUOTED_CHARS + "…"
    assert problem.params["detail"] == found[:MAX_DETAIL_CHARS] + "…"
    words = Problem("too-large", "u.csv", params={"detail": Words("e" * 5000, "v"), "expected": 3})
    assert words.params["detail"] == Words("e" * MAX_DETAIL_CHARS + "…", "v")
    assert words.params["expected"] == 3


def test_a_score_near_the_cell_limit_is_quoted_in_80_characters(runner, tmp_path: Path):
    score = "9" * MAX_CELL_CHARS
    folder = write_folder(tmp_path / "f", self_assessment=MINI_SELF.replace("A,1.2,3,", f"A,1.2,{score},"))
    result = invoke(runner, "validate", folder, "--format", "json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["errors"][0]
    assert (error["code"], error["row"], error["value"], error["value_chars"]) == (
        "invalid-number",
        4,
        "9" * 80 + "…",
        MAX_CELL_CHARS,
    )
    assert len(result.stdout) < 5000


# -- file size --------------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a" * 101)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_open)
    raw, problem = read_bounded(path, "big.csv", 100)
    assert raw is None and problem is not None
    assert (
        problem.message("en")
        == "Too large to read: big.csv is 101 bytes; parindex reads at most 100 bytes per file" + TAIL
    )
    assert problem.message("vi").startswith(
        "Tệp quá lớn để đọc: big.csv có dung lượng 101 byte; parindex chỉ đọc tối đa 100 byte mỗi tệp"
    )


def test_a_file_at_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "ok.csv"
    path.write_bytes(b"a" * 100)
    assert read_bounded(path, "ok.csv", 100) == (b"a" * 100, None)


# -- lines, records, columns, cells, rows ---------------------------------------------------------


def _line_of(length: int, cells: int = 40) -> str:
    """A data row of exactly LENGTH bytes in CELLS cells, each within the cell limit."""
    width, extra = divmod(length - (cells - 1), cells)
    return ",".join("x" * (width + (i < extra)) for i in range(cells))


def test_a_line_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path):
    header = ",".join(f"c{i}" for i in range(40)) + "\n"
    result = _read(tmp_path, header + _line_of(MAX_LINE_BYTES) + "\n")
    assert result.problems == [] and result.frame is not None and result.frame.row(0) == 2
    problem = _only(_read(tmp_path, "\n\n" + header + _line_of(MAX_LINE_BYTES + 1) + "\n"))
    assert (problem.code, problem.row) == ("too-large", 4)
    assert problem.message("en") == (
        "Too large to read: row 4 is 1,048,577 bytes long; parindex reads at most 1 MiB per row" + TAIL
    )
    assert problem.message("vi").startswith(
        "Tệp quá lớn để đọc: dòng 4 dài 1.048.577 byte; parindex chỉ đọc tối đa 1 MiB"
    )


def test_a_long_line_is_numbered_as_a_record_after_cells_on_several_lines(tmp_path: Path):
    text = HEADER + 'A,1,2,"một\nhai\nba"\n' + "B,1,2," + "y" * MAX_LINE_BYTES + "\n"
    problem = _only(_read(tmp_path, text))
    assert problem.row == 3
    assert problem.params["detail"] == Words("row 3 is 1,048,582 bytes long", "dòng 3 dài 1.048.582 byte")


def test_a_record_longer_than_a_parse_block_is_named_not_straddling(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(csv_reader, "_BLOCK_BYTES", 4096)
    monkeypatch.setattr(csv_limits, "MAX_LINE_BYTES", 2048)
    text = HEADER + "A,1,2,x\n" + 'A,1,2,"' + ("z" * 1000 + "\n") * 10 + '"\nB,1,2,\n'
    problem = _only(_read(tmp_path, text))
    assert (problem.code, problem.row) == ("too-large", 3)
    assert problem.params["detail"] == Words(
        "row 3 is 10,018 bytes long, a quoted cell over 11 lines (is a closing quote missing?)",
        "dòng 3 dài 10.018 byte, một ô trong ngoặc kép kéo dài 11 dòng (thiếu dấu ngoặc kép đóng?)",
    )


def test_columns_up_to_the_limit_are_read(tmp_path: Path):
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS))
    result = _read(tmp_path, header + "\n" + ",".join(["1"] * MAX_COLUMNS) + "\n")
    assert result.problems == [] and result.frame is not None and len(result.frame.columns) == MAX_COLUMNS


def test_a_header_past_the_column_limit_is_refused(tmp_path: Path):
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1))
    problem = _only(_read(tmp_path, header + "\n1\n"))
    assert (problem.code, problem.row) == ("too-large", 1)
    assert problem.message("en") == "Too large to read: row 1 has 201 cells; parindex reads at most 200 columns" + TAIL


def test_a_row_past_the_column_limit_is_too_large_and_a_short_one_malformed(tmp_path: Path):
    text = HEADER + "A,1,2,\n" + "A,1,2" + "," * MAX_COLUMNS + "\nB,1,2,x,y\n"
    result = _read(tmp_path, text)
    assert [(p.code, p.row, p.params["detail"]) for p in result.problems] == [
        ("too-large", 3, Words("row 3 has 203 cells", "dòng 3 có 203 ô")),
        ("malformed-row", 4, 5),
    ]
    assert result.frame is not None and result.frame.rows.tolist() == [2]


def test_a_cell_at_the_limit_is_read_and_one_character_more_is_refused(tmp_path: Path):
    fine = _read(tmp_path, HEADER + "A,1,2," + "ễ" * MAX_CELL_CHARS + "\n")
    assert fine.problems == [] and fine.frame is not None
    problem = _only(_read(tmp_path, HEADER + "A,1,2,x\nB,1,2," + "ễ" * (MAX_CELL_CHARS + 1) + "\n"))
    assert (problem.code, problem.row, problem.column) == ("too-large", 3, "note")
    assert (problem.value, problem.value_chars) == ("ễ" * 80 + "…", MAX_CELL_CHARS + 1)
    assert problem.message("en") == (
        "Too large to read: the cell has 32,768 characters; parindex reads at most 32,767 characters per cell" + TAIL
    )


def test_a_long_cell_without_a_header_name_is_named_by_its_letter(tmp_path: Path):
    problem = _only(_read(tmp_path, "unit_id,,code\nA," + "x" * (MAX_CELL_CHARS + 1) + ",1\n"))
    assert (problem.row, problem.column) == (2, "B")


def test_rows_past_the_limit_are_refused_counting_records(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(csv_limits, "MAX_ROWS", 5)
    five = HEADER + "".join(f"A,1,{i},\n" for i in range(4)) + 'A,1,9,"a\nb\nc"\n'
    result = _read(tmp_path, five)
    assert result.problems == [] and result.frame is not None and len(result.frame) == 5
    problem = _only(_read(tmp_path, five + "B,1,1,\n"))
    assert (problem.code, problem.row) == ("too-large", 7)
    assert problem.message("en") == (
        "Too large to read: 6 rows below the header; parindex reads at most 5 rows per table" + TAIL
    )


# -- TOML -------------------------------------------------------------------------------------------


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "parindex.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_normal_toml_is_read(tmp_path: Path):
    assert read_toml(_toml(tmp_path, 'year = 2024\nframework = "x"\n'), "parindex.toml") == {
        "year": 2024,
        "framework": "x",
    }


def test_a_toml_past_its_size_is_too_large(tmp_path: Path):
    path = _toml(tmp_path, "#" * (MAX_CONFIG_BYTES + 1))
    with pytest.raises(TomlRefused) as caught:
        read_toml(path, "parindex.toml")
    assert caught.value.too_large is not None
    assert caught.value.too_large.message("en") == (
        "Too large to read: parindex.toml is 65,537 bytes; parindex reads at most 65,536 bytes per file" + TAIL
    )


def test_a_toml_line_past_its_length_is_too_large(tmp_path: Path):
    path = _toml(tmp_path, "year = 2024\na" + ".a" * MAX_CONFIG_LINE_CHARS + " = 1\n")
    with pytest.raises(TomlRefused) as caught:
        read_toml(path, "parindex.toml")
    problem = caught.value.too_large
    assert problem is not None and problem.row == 2
    assert problem.params["detail"] == Words("line 2 has 2,053 characters", "dòng 2 có 2.053 ký tự")
    assert problem.params["expected"] == Words("1,024 characters per line", "1.024 ký tự mỗi dòng")


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        (b"x = " + b"[" * 1000, "brackets or tables nested too deeply"),
        (b"year = \xff\n", "not UTF-8 text (byte 0xFF at offset 7)"),
    ],
)
def test_a_broken_toml_says_why(tmp_path: Path, raw: bytes, detail: str):
    path = tmp_path / "parindex.toml"
    path.write_bytes(raw)
    with pytest.raises(TomlRefused) as caught:
        read_toml(path, "parindex.toml")
    assert caught.value.too_large is None
    assert str(caught.value) == detail


def test_the_template_command_refuses_a_huge_config(runner, tmp_path: Path):
    folder = write_folder(tmp_path / "f")
    (folder / "parindex.toml").write_text('year = 2024\nframework = "framework"\n' + "#" * MAX_CONFIG_BYTES)
    result = invoke(runner, "template", folder, "--out", tmp_path / "t.xlsx")
    assert result.exit_code == 1, result.output
    assert "parindex.toml is 65,572 bytes" in result.output


# -- other input files -------------------------------------------------------------------------------


def test_a_ranking_json_past_the_file_limit_is_refused_unread(runner, tmp_path: Path):
    folder = write_folder(tmp_path / "f")
    ranking = tmp_path / "ranking.json"
    with ranking.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    result = invoke(runner, "compare", folder, "--previous", ranking, "--format", "json")
    assert result.exit_code == 1, result.output
    assert "ranking.json is 256.0 MiB; parindex reads at most 256 MiB per file" in result.output


def test_a_deeply_nested_ranking_json_is_invalid_not_a_crash(runner, tmp_path: Path):
    folder = write_folder(tmp_path / "f")
    ranking = tmp_path / "ranking.json"
    ranking.write_text("[" * 100_000)
    result = invoke(runner, "compare", folder, "--previous", ranking)
    assert result.exit_code == 1, result.output
    assert "not valid JSON (brackets nested too deeply)" in result.output


def test_every_too_large_detail_is_vietnamese_in_a_vietnamese_message(tmp_path: Path, monkeypatch):
    """Details are built in code: none may leak an English word into the Vietnamese message."""
    monkeypatch.setattr(csv_limits, "MAX_ROWS", 2)
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1))
    texts = [
        HEADER + "A,1,2," + "y" * MAX_LINE_BYTES + "\n",
        HEADER + 'A,1,2,"' + ("z" * 400_000 + "\n") * 6 + '"\n',
        header + "\n1\n",
        HEADER + "A,1,2,x" + "," * MAX_COLUMNS + "\n",
        HEADER + "A,1,2," + "x" * (MAX_CELL_CHARS + 1) + "\n",
        HEADER + "A,1,2,\n" * 3,
    ]
    problems = [p for text in texts for p in _read(tmp_path, text).problems]
    problems.append(read_bounded(tmp_path / "t.csv", "t.csv", 10)[1])
    assert [p.code for p in problems if p is not None] == ["too-large"] * 7
    for problem in problems:
        assert problem is not None
        message = problem.message("vi")
        for english in ("row", "byte long", "bytes", "cells", "characters", " per ", " is ", "columns", "quote"):
            assert english not in message, message
