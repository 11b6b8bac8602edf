"""A/B: two or more builds of parindex timed in the same interleaved rounds on one dataset.

Why not two runs of ``run.py``: on this shared 2-core machine the same command moves by 15-25 %
from one minute to the next, so builds compared in separate runs measure the hour as much as the
code. Here every round runs ``validate`` and ``score`` of every build, in an order rotated each
round, after one untimed warm-up; medians and min-max are reported with each command's peak
memory, measured as ``run.py`` does (a tiny forked measurer, ``ru_maxrss`` via ``os.wait4``).

Usage (the builds are source trees, e.g. a copy of ``src/`` at an older commit)::

    python benchmarks/ab.py --build threaded=/tmp/a/src --build plain=/tmp/b/src --units 10000 --runs 11
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Sample, checked, dataset, ms, stats_of  # noqa: E402


def commands(builds: dict[str, Path], folder: Path, work: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    """validate and score of every build, each with PYTHONPATH set to that build's source tree."""
    found = {}
    for name, src in builds.items():
        env = {**os.environ, "PYTHONPATH": str(src)}
        parindex = [sys.executable, "-m", "parindex"]
        found[f"{name} validate"] = ([*parindex, "validate", str(folder), "--format", "json"], env)
        out = work / f"{name}.csv"
        found[f"{name} score"] = ([*parindex, "score", str(folder), "--format", "csv", "--out", str(out)], env)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Interleaved A/B of parindex builds on one dataset.")
    parser.add_argument("--build", action="append", required=True, metavar="NAME=SRC", help="a build: name=src dir")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--leaves", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "parindex-bench")
    args = parser.parse_args(argv)
    builds = {name: Path(src) for name, src in (b.split("=", 1) for b in args.build)}
    folder, _ = dataset(args.cache, args.units, args.leaves, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        todo = commands(builds, folder, work)
        stderr = work / "stderr.txt"
        for name, (cmd, env) in todo.items():  # warm-up: page cache, .pyc files; not timed
            checked(name, cmd, env, stderr)
        samples: dict[str, list[Sample]] = {name: [] for name in todo}
        names = list(todo)
        for round_no in range(args.runs):
            shift = round_no % len(names)
            for name in names[shift:] + names[:shift]:
                cmd, env = todo[name]
                samples[name].append(checked(name, cmd, env, stderr))
    report(samples, builds, args.units, args.leaves, args.runs)
    return 0


def report(samples: dict[str, list[Sample]], builds: dict[str, Path], units: int, leaves: int, runs: int) -> None:
    """Median, range and peak memory per command, and each build's median ratio to the first build
    within the same round (paired: a slow minute slows both builds of that round alike)."""
    first = next(iter(builds))
    print(f"{units:,} units × {leaves} leaves, {runs} interleaved rounds")
    print(f"  {'command':<24}{'median':>10}{'min - max':>24}{'peak RSS':>12}{'÷ ' + first:>16}")
    for name, done in samples.items():
        stats = stats_of(done)
        spread = f"{ms(stats.minimum)} - {ms(stats.maximum)}"
        command = name.split(" ", 1)[1]
        paired = [a.seconds / b.seconds for a, b in zip(done, samples[f"{first} {command}"], strict=True)]
        ratio = f"{statistics.median(paired):.3f}"
        print(f"  {name:<24}{ms(stats.median):>10}{spread:>24}{stats.peak_rss_mib:>8.0f} MiB{ratio:>16}")


if __name__ == "__main__":
    raise SystemExit(main())
