"""Time parindex on the hostile sizes of issue 15 (item 4) and show a national folder's margin to each limit.

Why: the limits in ``parindex.limits`` exist so that no file makes parindex hang; this script shows that
each hostile input is refused in about the time it takes to start and look at the file, and that a
national folder (10,000 units x 100 leaves) stays well inside every limit. Each command is a whole
process (``parindex validate FOLDER --format json``), timed and measured like ``run.py`` does (fork from
a tiny process, ``os.wait4`` for the peak memory).

    python benchmarks/limits.py                       # builds the inputs in a temporary folder
    python benchmarks/limits.py --national /tmp/national --runs 3

Cases (each planted in a copy of a small valid folder made by ``make_dataset.py``, 30 units, which is
also timed as it is, for reference):

* 50 MB of commas on one line of self-assessment.csv (issue: no answer in 240 s);
* a 32-million-character cell (issue: 838 s to print the report);
* a line one byte past MAX_LINE_BYTES (issue: pyarrow's "straddling object" message);
* MAX_ROWS + 1 rows in appraisal.csv;
* units.csv one byte past MAX_FILE_BYTES (a sparse file: no disk space, never read);
* the national folder itself, validate and score (must pass).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from run import REPO, child_env, dataset, run_once

sys.path.insert(0, str(REPO / "src"))
from parindex.limits import (  # noqa: E402  (after the path: the working tree's limits)
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    MAX_ROWS,
)

TABLES = ("units.csv", "self-assessment.csv", "appraisal.csv", "survey.csv")


def _append(name: str, text: str) -> Callable[[Path], None]:
    def plant(folder: Path) -> None:
        with (folder / name).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return plant


def _sparse_units(folder: Path) -> None:
    with (folder / "units.csv").open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)


def _many_rows(folder: Path) -> None:
    (folder / "appraisal.csv").write_text("unit_id,code,score,note\n" + "SO00001,1.1,1,\n" * (MAX_ROWS + 1))


CASES: list[tuple[str, Callable[[Path], None]]] = [
    ("small valid folder (for reference)", lambda _folder: None),
    ("50 MB of commas on one line", _append("self-assessment.csv", "," * (50 * 1024 * 1024) + "\n")),
    ("32 M-character cell", _append("self-assessment.csv", "SO00001,1.1,1," + "x" * (32 * 1024 * 1024) + "\n")),
    ("line of MAX_LINE_BYTES + 1", _append("self-assessment.csv", "SO00001,1.1,1," + "y" * MAX_LINE_BYTES + "\n")),
    (f"{MAX_ROWS + 1:,} rows", _many_rows),
    ("units.csv of MAX_FILE_BYTES + 1", _sparse_units),
]


def margins(folder: Path) -> list[tuple[str, int, int]]:
    """(limit, the folder's largest value, the limit) for every table of FOLDER and its framework."""
    paths = [folder / name for name in TABLES] + sorted((folder / "framework").glob("*.csv"))
    size = rows = line = columns = cell = 0
    for path in paths:
        data = path.read_bytes()
        size = max(size, len(data))
        line = max(line, max(len(part) for part in data.split(b"\n")))
        table = list(csv.reader(data.decode("utf-8-sig").splitlines()))
        rows = max(rows, len(table) - 1)
        columns = max(columns, max(len(record) for record in table))
        cell = max(cell, max(len(text) for record in table for text in record))
    return [
        ("file size (bytes)", size, MAX_FILE_BYTES),
        ("rows in one table", rows, MAX_ROWS),
        ("line length (bytes)", line, MAX_LINE_BYTES),
        ("columns", columns, MAX_COLUMNS),
        ("cell length (characters)", cell, MAX_CELL_CHARS),
    ]


def measure(cmd: list[str], runs: int, work: Path) -> tuple[float, float, int]:
    """Median seconds, peak MiB and exit code of CMD over RUNS whole-process runs."""
    samples = [run_once(cmd, child_env(True), work / "stderr.txt") for _ in range(runs)]
    return (
        statistics.median(s.seconds for s in samples),
        max(s.max_rss_kib for s in samples) / 1024,
        samples[-1].returncode,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--national", type=Path, help="a national folder (default: generated, 10,000 x 100)")
    parser.add_argument("--runs", type=int, default=1, help="runs per command (median reported)")
    args = parser.parse_args(argv)
    parindex = [sys.executable, "-m", "parindex"]
    with tempfile.TemporaryDirectory(prefix="parindex-limits-") as scratch:
        work = Path(scratch)
        national = args.national or dataset(Path(tempfile.gettempdir()) / "parindex-bench", 10_000, 100, 2023)[0]
        small = dataset(Path(tempfile.gettempdir()) / "parindex-bench", 30, 100, 2023)[0]
        print(f"{'case':<34} {'input':>10} {'time':>8} {'peak RSS':>9} exit")
        for name, plant in CASES:
            folder = work / "case"
            shutil.copytree(small, folder)
            plant(folder)
            size = max((folder / t).stat().st_size for t in TABLES) / 1e6
            seconds, peak, code = measure([*parindex, "validate", str(folder), "--format", "json"], args.runs, work)
            print(f"{name:<34} {size:>8.1f}MB {seconds:>7.2f}s {peak:>6.0f}MiB {code}")
            shutil.rmtree(folder)
        size = sum((national / t).stat().st_size for t in TABLES) / 1e6
        for command in ("validate", "score"):
            extra = ["--format", "json"] if command == "validate" else ["--format", "csv", "--out", str(work / "o.csv")]
            seconds, peak, code = measure([*parindex, command, str(national), *extra], args.runs, work)
            print(f"{'national 10,000 x 100: ' + command:<34} {size:>8.1f}MB {seconds:>7.2f}s {peak:>6.0f}MiB {code}")
        print(f"\nnational folder {national}: its largest value against each limit")
        for limit, value, bound in margins(national):
            print(f"  {limit:<26} {value:>12,} of {bound:>12,}  ({bound / max(value, 1):,.0f}x room)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
