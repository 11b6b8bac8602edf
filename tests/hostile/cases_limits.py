"""Bounded work (issue 15, item 4, CSV and TOML): inputs past a documented limit answer too-large in seconds.

Each input is built in the test's temporary folder at the real limit (the largest, 50 MB of commas, is the
issue's own case); a file past MAX_FILE_BYTES is a sparse file, so it takes no disk space.
"""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_CRITERIA, MINI_SELF, MINI_UNITS, write_folder
from hostile.case import Case
from parindex.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_CONFIG_BYTES,
    MAX_CONFIG_LINE_CHARS,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    MAX_ROWS,
)

HEADER = "unit_id,code,score,note\n"
BODY = MINI_SELF.split("\n", 1)[1]  # eight data rows: rows 2-9


def _commas_line(root: Path) -> Path:
    """The issue's case: 50 MB of commas on one line (row 10) of self-assessment.csv."""
    return write_folder(root, self_assessment=HEADER + BODY + "," * (50 * 1024 * 1024) + "\n")


def _commas_header(root: Path) -> Path:
    """The same commas as the header of the appraisal: no million columns are built."""
    return write_folder(root, appraisal="," * (50 * 1024 * 1024) + "\n")


def _huge_cell(root: Path) -> Path:
    """A 32-million-character note (the issue's 838 s report)."""
    return write_folder(root, self_assessment=HEADER + BODY + "A,1.1.1,2," + "x" * (32 * 1024 * 1024) + "\n")


def _line_past_limit(root: Path) -> Path:
    """One byte past the line limit, on row 10, after a quoted cell on two lines (a record, not a line)."""
    quoted = 'A,1.1.1,2,"hai\ndòng"\n'
    long_row = "B,1.2,2," + "y" * (MAX_LINE_BYTES - len("B,1.2,2,") + 1) + "\n"
    return write_folder(root, self_assessment=HEADER + BODY.replace("A,1.1.1,2,\n", quoted) + long_row)


def _straddling_record(root: Path) -> Path:
    """A quoted cell of 10 lines of 400 KB: every line is short, the record is not (pyarrow's 'straddling')."""
    cell = '"' + ("z" * 400_000 + "\n") * 10 + '"'
    return write_folder(root, self_assessment=HEADER + BODY + f"A,1.1.1,2,{cell}\n")


def _unclosed_quote(root: Path) -> Path:
    """A quote opened on row 10 and never closed: the rest of the file is one cell of many lines."""
    rest = "".join(f"B,1.2,{i % 3},ghi chú {i}\n" for i in range(200_000))
    return write_folder(root, self_assessment=HEADER + BODY + 'A,1.1.1,2,"Thiếu\n' + rest)


def _wide_header(root: Path) -> Path:
    return write_folder(root, survey="unit_id,code,score" + ",x" * (MAX_COLUMNS - 2) + "\nA,1.3,2\n")


def _wide_row(root: Path) -> Path:
    return write_folder(root, self_assessment=HEADER + BODY + "A,1.1.1,2" + "," * MAX_COLUMNS + "\n")


def _long_cell(root: Path) -> Path:
    """One character past Excel's cell limit, in Vietnamese letters (three bytes each)."""
    return write_folder(root, self_assessment=HEADER + BODY + "A,1.1.1,2," + "ễ" * (MAX_CELL_CHARS + 1) + "\n")


def _many_rows(root: Path) -> Path:
    """One row past MAX_ROWS (short rows: about 20 MB)."""
    return write_folder(root, appraisal=HEADER + "A,2.1,4,\n" * (MAX_ROWS + 1))


def _huge_file(root: Path) -> Path:
    """units.csv one byte past MAX_FILE_BYTES, sparse: nothing may read it into memory."""
    folder = write_folder(root)
    with (folder / "units.csv").open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    return folder


def _long_units_line(root: Path) -> Path:
    return write_folder(root, units=MINI_UNITS + "C,Sở " + "C" * MAX_LINE_BYTES + ",so,yes\n")


def _long_criteria_cell(root: Path) -> Path:
    return write_folder(root, criteria=MINI_CRITERIA + "2.3,Khác,0,appraisal," + "g" * (MAX_CELL_CHARS + 1) + ",test\n")


def _huge_config(root: Path) -> Path:
    folder = write_folder(root)
    padding = "# " + "x" * 60 + "\n"
    (folder / "parindex.toml").write_text(
        'year = 2024\nframework = "framework"\n' + padding * (MAX_CONFIG_BYTES // len(padding) + 1)
    )
    return folder


def _deep_dotted_key(root: Path) -> Path:
    """A 16 KB dotted key: 1.8 s and 258 MiB in Python's TOML reader, 64 KB exhaust 4 GB."""
    folder = write_folder(root)
    (folder / "parindex.toml").write_text('year = 2024\nframework = "framework"\na' + ".a" * 8000 + " = 1\n")
    return folder


def _deep_brackets(root: Path) -> Path:
    """Brackets nested past Python's recursion limit, on a line within the limit."""
    folder = write_folder(root)
    (folder / "parindex.toml").write_text(
        'year = 2024\nframework = "framework"\nx = ' + "[" * (MAX_CONFIG_LINE_CHARS - 10) + "\n"
    )
    return folder


def _binary_config(root: Path) -> Path:
    folder = write_folder(root)
    (folder / "parindex.toml").write_bytes(bytes(range(256)) * 16)
    return folder


def _huge_framework_toml(root: Path) -> Path:
    folder = write_folder(root)
    with (folder / "framework" / "framework.toml").open("a", encoding="utf-8") as handle:
        handle.write("# " + "x" * MAX_CONFIG_BYTES + "\n")
    return folder


CASES = [
    Case("limits-50mb-commas-line", _commas_line, 1, "too-large", says=("row 10 is 50 MiB long",)),
    Case("limits-50mb-commas-header", _commas_header, 1, "too-large", says=("row 1 is 50 MiB long",)),
    Case("limits-32m-char-cell", _huge_cell, 1, "too-large", says=("row 10 is 32.0 MiB long",)),
    Case("limits-line-one-byte-past", _line_past_limit, 1, "too-large", says=("row 10 is 1,048,577 bytes long",)),
    Case("limits-straddling-record", _straddling_record, 1, "too-large"),
    Case("limits-unclosed-quote", _unclosed_quote, 1, "too-large", says=("is a closing quote missing?",)),
    Case("limits-wide-header", _wide_header, 1, "too-large", says=(f"row 1 has {MAX_COLUMNS + 1} cells",)),
    Case("limits-wide-row", _wide_row, 1, "too-large", says=(f"row 10 has {MAX_COLUMNS + 3} cells",)),
    Case("limits-long-cell", _long_cell, 1, "too-large", says=("the cell has 32,768 characters",)),
    Case("limits-many-rows", _many_rows, 1, "too-large", says=("5,000,001 rows below the header",)),
    Case("limits-huge-file", _huge_file, 1, "too-large", says=("units.csv is 256.0 MiB",)),
    Case("limits-long-units-line", _long_units_line, 1, "too-large", says=("row 4 is",)),
    Case("limits-long-criteria-cell", _long_criteria_cell, 1, "too-large", says=("the cell has 32,768 characters",)),
    Case("limits-huge-config", _huge_config, 1, "too-large", says=("parindex.toml is 65,",)),
    Case("limits-deep-dotted-key", _deep_dotted_key, 1, "too-large", says=("line 3 has 16,",)),
    Case("limits-deep-brackets", _deep_brackets, 1, "invalid-config", says=("nested too deeply",)),
    Case("limits-binary-config", _binary_config, 1, "invalid-config", says=("not UTF-8 text",)),
    Case("limits-huge-framework-toml", _huge_framework_toml, 1, "too-large", says=("framework.toml is",)),
]
