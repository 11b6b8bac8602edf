"""Time `parindex sensitivity` on the example province and on the 10,000-unit benchmark folder.

Why in-process: the issue's target is the analysis itself ("10,000 runs for a province in well under a
second"), so loading and scoring the folder (timed by `run.py`) are measured apart and the analysis is
timed alone, median of several repeats after one untimed warm-up. One whole process
(`parindex sensitivity FOLDER --format json --out /dev/null`) is timed too, as a user runs it.

The 10,000-unit folder is `make_dataset.py --units 10000 --leaves 100 --seed 2023`, cached where
`run.py` caches it (generated on first use, a few seconds).

    python benchmarks/sensitivity.py                   # province: 10,000 runs; national: 1,000 and 10,000
    python benchmarks/sensitivity.py --quick           # province only
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLE = REPO / "examples" / "lai-chau-2023"
sys.path.insert(0, str(HERE))

from run import dataset  # noqa: E402  (the benchmark folder, cached as run.py caches it)

from parindex.assessment import load_assessment  # noqa: E402
from parindex.scoring import score_assessment  # noqa: E402
from parindex.sensitivity import Options, analyse_sensitivity  # noqa: E402


def timed(folder: Path, runs: int, repeats: int) -> dict[str, float]:
    """Load, score and analyse FOLDER; the analysis REPEATS times after a warm-up (seconds)."""
    start = time.perf_counter()
    assessment = load_assessment(folder)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    results = score_assessment(assessment)
    scored = time.perf_counter() - start
    options = Options(runs=runs)
    if repeats > 1:
        analyse_sensitivity(assessment, options, results)  # warm-up: imports, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        analysis = analyse_sensitivity(assessment, options, results)
        times.append(time.perf_counter() - start)
    pairs = sum(len(group.pairs) for group in analysis.groups.values())
    changes = sum(len(group.adjustments) for group in analysis.groups.values())
    return {
        "load": loaded,
        "score": scored,
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "pairs": pairs,
        "changes": changes,
    }


def whole_process(folder: Path, runs: int) -> float:
    """Seconds of `parindex sensitivity FOLDER --runs RUNS --format json --out /dev/null`."""
    command = [sys.executable, "-m", "parindex", "sensitivity", str(folder), "--runs", str(runs)]
    start = time.perf_counter()
    subprocess.run([*command, "--format", "json", "--out", "/dev/null"], check=True, capture_output=True)
    return time.perf_counter() - start


def report(label: str, folder: Path, runs: int, repeats: int, process: bool = True) -> None:
    """Print one line of figures (the whole process only when PROCESS: at national scale it is minutes)."""
    figures = timed(folder, runs, repeats)
    whole = f"whole process {whole_process(folder, runs):.2f} s; " if process else ""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label}, {runs:,} runs: analysis {figures['median'] * 1000:.0f} ms median "
        f"({figures['min'] * 1000:.0f}–{figures['max'] * 1000:.0f} ms, {repeats} repeats); "
        f"load {figures['load'] * 1000:.0f} ms, score {figures['score'] * 1000:.0f} ms; "
        f"{whole}{figures['pairs']:,} unsettled pairs, "
        f"{figures['changes']:,} decisive changes; peak RSS so far {peak:.0f} MiB",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the example province only")
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats of the analysis (default 5)")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "parindex-bench", help="datasets folder"
    )
    args = parser.parse_args(argv)
    report("examples/lai-chau-2023 (28 units)", EXAMPLE, 10_000, args.repeats)
    if not args.quick:
        folder, _ = dataset(args.cache, 10_000, 100, 2023)
        report("10,000 units × 100 leaves", folder, 1_000, max(1, args.repeats // 2))
        report("10,000 units × 100 leaves", folder, 10_000, 1, process=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
