"""Time `parindex validate` on a folder where every unit lacks every score (issue 15, item 4).

Why this case: a national folder whose score files hold only their header makes one
``missing-score`` problem per unit and criterion: 10,000,000 at 100,000 units x 100 leaves. Before
problems were counted in bulk, ``validate --format json`` built every one of them as a Python
object and printed it (129 s, 22.9 GB, JSON cut at 2 GiB at 100,000 units). Now the checks count
with numpy and only the first ``limits.MAX_LISTED_PER_CODE`` of each code become objects, so cost
stays linear in the input and small. This script prints the figures for both report formats.

    python benchmarks/many_problems.py --sizes 10000,100000

Each command is a whole process (as a user runs it), reaped with ``os.wait4`` for its peak resident
memory; its standard output goes to a file whose size is reported (the JSON document's size).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCORE_FILES = ("self-assessment.csv", "appraisal.csv", "survey.csv")


def build(folder: Path, units: int, leaves: int) -> None:
    """A make_dataset folder (its framework) with UNITS units and score files that keep only their header.

    The units are written here rather than by make_dataset, so 100,000 units cost no score rows
    that would be thrown away; they are split 2:1 between the groups, as make_dataset does.
    """
    generator = [sys.executable, str(HERE / "make_dataset.py")]
    subprocess.run(
        [*generator, "--units", "3", "--leaves", str(leaves), "--out", str(folder)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    lines = ["unit_id,name,group,ranked"]
    lines += [f"U{i:06d},Đơn vị {i},{'huyen' if i % 3 == 2 else 'so'},yes" for i in range(units)]
    (folder / "units.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in SCORE_FILES:
        path = folder / name
        header = path.read_text(encoding="utf-8").splitlines()[0]
        path.write_text(header + "\n", encoding="utf-8")


def measure(cmd: list[str], out: Path) -> tuple[float, int, int, int]:
    """Wall seconds, peak RSS in KiB, exit code and bytes CMD printed (stdout and stderr, into OUT)."""
    with out.open("wb") as sink:
        start = time.perf_counter()
        env = {**os.environ, "COLUMNS": "80"}
        process = subprocess.Popen(cmd, stdout=sink, stderr=sink, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, process.returncode, out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time validate on folders where every score is missing.")
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated unit counts")
    parser.add_argument("--leaves", type=int, default=100, help="leaves per group (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command; the median is printed")
    args = parser.parse_args(argv)
    parindex = [sys.executable, "-m", "parindex"]
    heads = ("units", "problems", "format", "median s", "min-max s", "peak MiB", "printed")
    print(" ".join(f"{head:>{width}}" for head, width in zip(heads, (8, 11, 6, 9, 11, 9, 12), strict=True)))
    with tempfile.TemporaryDirectory(prefix="parindex-many-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(tmp) / f"u{size}"
            build(folder, size, args.leaves)
            for fmt in ("json", "table"):
                out = Path(tmp) / f"out-{size}-{fmt}"
                runs = [measure([*parindex, "validate", str(folder), "-f", fmt], out) for _ in range(args.runs)]
                times = sorted(r[0] for r in runs)
                rss, code, printed = max(r[1] for r in runs), runs[-1][2], runs[-1][3]
                assert code == 1, f"validate exited {code}"
                spread = f"{times[0]:.2f}-{times[-1]:.2f}"
                problems = f"{size * args.leaves:,}"
                print(
                    f"{size:>8} {problems:>11} {fmt:>6} {statistics.median(times):>9.2f} {spread:>11} "
                    f"{rss / 1024:>9.0f} {printed:>10,} B",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
