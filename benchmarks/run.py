"""Time parindex against a DuckDB baseline on synthetic assessment folders.

Why whole processes: a user runs ``parindex validate`` / ``parindex score`` from a shell, so the
figure that matters includes interpreter start-up, imports, reading, checking, scoring and
writing. Each command is forked and reaped with ``os.wait4``, so one call gives both the
wall-clock time (``time.perf_counter`` around fork and reap) and the child's own peak resident
memory (``ru_maxrss``, KiB on Linux), without the deltas of ``RUSAGE_CHILDREN`` that only ever
report the largest child so far.

Why a tiny measuring process (MEASURER) does the fork, not this script: on Linux a child's
``ru_maxrss`` never reports less than the resident size of the address space it was exec'd
from, and ``subprocess.Popen`` uses vfork, so every child would inherit this script's own peak
(about 20-40 MiB once json, statistics or duckdb are imported): ``parindex --help`` and
``import typer`` then both showed the same 59 MiB. MEASURER is started with ``python -S -I``,
imports only os, sys and time, and forks from about 8 MiB, the size of a bare ``python -c pass``;
it reports that floor (its VmRSS) too. Its own start-up is outside the timed interval.

Why a DuckDB baseline: it reads the same three CSV files and sums the scores per unit with a
fast multi-threaded C++ engine, a floor for "read 1.2 million rows and add them up" in a Python
process. The ratio parindex / baseline says how much parindex's exact decimals, per-cell
checks and ranking cost on top of merely reading the data; it is not a like-for-like result
(the baseline neither validates nor applies appraisal over self-assessment).

Why interleaved rounds: running validate, score and baseline in turn within each round (the
order rotated every round) spreads slow drifts of the machine (thermal, other tenants, page
cache) over all three commands instead of biasing one. One untimed warm-up round first puts the
files in the page cache, so every timed run reads from memory. Median and min-max are reported
rather than a mean, which a single hiccup would move.

Start-up is measured separately: ``parindex --help`` against ``python -c "import typer"``, the
least any typer CLI can do, so the ratio shows what parindex's own imports add.

Datasets come from ``make_dataset.py`` and are cached in a temporary folder keyed by the
parameters and a hash of the generator, so re-runs skip generation and a changed generator
never reuses stale data.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = HERE / "make_dataset.py"
SCORE_FILES = ("self-assessment.csv", "appraisal.csv", "survey.csv")

# Runs one command (argv[2:]) with stdout to /dev/null and stderr to argv[1]; prints
# "seconds max_rss_kib exit_code floor_kib". Kept to builtin modules so its own RSS stays minimal.
MEASURER = """
import os, sys, time
err = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
null = os.open(os.devnull, os.O_RDWR)
cmd = sys.argv[2:]
try:  # our current size, not our ru_maxrss: that one inherited the size of the script that started us
    with open("/proc/self/status") as status_file:
        floor = next(int(line.split()[1]) for line in status_file if line.startswith("VmRSS:"))
except (OSError, StopIteration):
    floor = 0
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.dup2(err, 2)
    try:
        os.execvp(cmd[0], cmd)
    except OSError as exc:
        os.write(2, f"cannot run {cmd[0]}: {exc}\\n".encode())
    os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
sys.stdout.write(f"{elapsed!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {floor}\\n")
"""

# The baseline only reads the three score tables and sums scores per unit; N/A becomes NULL.
# DECIMAL(18,6) (not DOUBLE) matches parindex's exact six-decimal scores.
BASELINE = """
import sys
import duckdb

folder = sys.argv[1]
files = ", ".join("'" + (folder + "/" + name).replace("'", "''") + "'"
                  for name in ("self-assessment.csv", "appraisal.csv", "survey.csv"))
rows = duckdb.connect().sql(
    f"SELECT unit_id, sum(CAST(score AS DECIMAL(18, 6))) AS total, count(*) AS n "
    f"FROM read_csv([{files}], header = true, all_varchar = true, union_by_name = true, nullstr = 'N/A') "
    f"GROUP BY unit_id"
).fetchall()
print(len(rows))
"""


class BenchmarkError(RuntimeError):
    """A timed command failed: the benchmark stops and says exactly what failed."""


@dataclass
class Sample:
    """One finished process: wall time, peak resident memory, exit status, and the RSS floor."""

    seconds: float
    max_rss_kib: int
    returncode: int
    floor_kib: int


@dataclass
class Stats:
    """The figures reported for one command: every run, and their median and range."""

    runs: list[float]
    rss_kib: list[int]
    floor_kib: list[int]
    median: float = 0.0
    minimum: float = 0.0
    maximum: float = 0.0
    peak_rss_mib: float = 0.0

    def __post_init__(self) -> None:
        self.median = statistics.median(self.runs)
        self.minimum, self.maximum = min(self.runs), max(self.runs)
        self.peak_rss_mib = max(self.rss_kib) / 1024


@dataclass
class SizeResult:
    """Everything measured on one dataset size."""

    units: int
    leaves: int
    rows: dict[str, int]
    megabytes: float
    generate_seconds: float | None
    commands: dict[str, Stats] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)


@dataclass
class StartupResult:
    """Start-up of parindex against the floor of any typer CLI."""

    commands: dict[str, Stats]
    ratio: float


def stats_of(samples: list[Sample]) -> Stats:
    """Collect the samples of one command into its reported figures."""
    return Stats([s.seconds for s in samples], [s.max_rss_kib for s in samples], [s.floor_kib for s in samples])


def run_once(cmd: list[str], env: dict[str, str], stderr_path: Path) -> Sample:
    """Run CMD under MEASURER; return its wall time, ru_maxrss (from os.wait4) and exit code.

    stdout goes to /dev/null (printing is not what is measured); stderr goes to a file so a
    failure can be shown without a pipe that could fill up and stall the child.
    """
    measurer = [sys.executable, "-S", "-I", "-c", MEASURER, str(stderr_path), *cmd]
    done = subprocess.run(measurer, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    try:
        seconds, rss, code, floor = done.stdout.split()
    except ValueError as exc:
        raise BenchmarkError(f"the measuring process failed ({done.returncode}): {done.stderr.strip()}") from exc
    return Sample(float(seconds), int(rss), int(code), int(floor))


def checked(name: str, cmd: list[str], env: dict[str, str], stderr_path: Path) -> Sample:
    """run_once, raising BenchmarkError with the command and its error output on a non-zero exit."""
    sample = run_once(cmd, env, stderr_path)
    if sample.returncode != 0:
        detail = stderr_path.read_text(encoding="utf-8", errors="replace").strip()
        raise BenchmarkError(
            f"{name} failed with exit code {sample.returncode}\n  command: {shlex.join(cmd)}\n"
            f"  stderr (last 3000 chars):\n{detail[-3000:]}"
        )
    return sample


def generator_hash() -> str:
    """Short hash of make_dataset.py: part of the cache key, so edits regenerate the data."""
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:12]


def dataset(cache: Path, units: int, leaves: int, seed: int) -> tuple[Path, float | None]:
    """The cached dataset folder for these parameters, generated (and timed) when missing.

    Generation writes into a scratch folder that is renamed into place only when complete, so an
    interrupted run never leaves a half-written folder that a later run would trust.
    """
    folder = cache / f"n{units}-l{leaves}-s{seed}-{generator_hash()}"
    if (folder / "parindex.toml").is_file():
        return folder, None
    cache.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=folder.name + ".", suffix=".part", dir=cache))
    cmd = [
        sys.executable,
        str(GENERATOR),
        "--units",
        str(units),
        "--leaves",
        str(leaves),
        "--seed",
        str(seed),
        "--out",
        str(scratch),
    ]
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        raise BenchmarkError(
            f"dataset generation failed ({done.returncode})\n  command: {shlex.join(cmd)}\n"
            f"  stderr:\n{done.stderr.strip()}"
        )
    os.replace(scratch, folder)
    return folder, elapsed


def count_rows(folder: Path) -> tuple[dict[str, int], float]:
    """Data rows per score file and total megabytes of the three files (for the table header)."""
    rows: dict[str, int] = {}
    size = 0
    for name in SCORE_FILES:
        data = (folder / name).read_bytes()
        rows[name.removesuffix(".csv")] = data.count(b"\n") - 1
        size += len(data)
    return rows, size / 1e6


def child_env(use_repo_src: bool) -> dict[str, str]:
    """Environment for the children: the repo's src/ first on PYTHONPATH when running the default
    ``python -m parindex``, so the working tree is measured even if parindex is not installed."""
    env = dict(os.environ)
    if use_repo_src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH", "")) if p)
    return env


def bench_size(
    parindex: list[str],
    env: dict[str, str],
    cache: Path,
    work: Path,
    units: int,
    leaves: int,
    seed: int,
    runs: int,
) -> SizeResult:
    """Warm up once, then RUNS interleaved rounds of validate, score and baseline on one dataset."""
    folder, generated = dataset(cache, units, leaves, seed)
    rows, megabytes = count_rows(folder)
    out_csv = work / f"scores-{units}.csv"
    commands = {
        "validate": [*parindex, "validate", str(folder), "--format", "json"],
        "score": [*parindex, "score", str(folder), "--format", "csv", "--out", str(out_csv)],
        "duckdb baseline": [sys.executable, "-c", BASELINE, str(folder)],
    }
    stderr_path = work / "stderr.txt"
    for name, cmd in commands.items():  # warm-up: page cache, .pyc files; not timed
        checked(name, cmd, env, stderr_path)
    scored = out_csv.read_text(encoding="utf-8-sig").count("\n") - 1
    if scored != units:
        raise BenchmarkError(f"score wrote {scored} unit rows to {out_csv}, expected {units}")
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    names = list(commands)
    for round_no in range(runs):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(checked(name, commands[name], env, stderr_path))
    result = SizeResult(units, leaves, rows, megabytes, generated)
    for name, done in samples.items():
        result.commands[name] = stats_of(done)
    base = result.commands["duckdb baseline"].median
    for name in ("validate", "score"):
        result.ratios[name] = result.commands[name].median / base
    return result


def bench_startup(parindex: list[str], env: dict[str, str], work: Path, runs: int) -> StartupResult:
    """Median wall time of ``parindex --help`` vs ``python -c "import typer"``, interleaved."""
    commands = {"parindex --help": [*parindex, "--help"], "import typer": [sys.executable, "-c", "import typer"]}
    stderr_path = work / "stderr.txt"
    for name, cmd in commands.items():
        checked(name, cmd, env, stderr_path)
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(checked(name, cmd, env, stderr_path))
    stats = {name: stats_of(done) for name, done in samples.items()}
    return StartupResult(stats, stats["parindex --help"].median / stats["import typer"].median)


def machine() -> dict[str, object]:
    """What the figures depend on: cores, Python, platform, and the versions of the engines compared."""
    try:  # metadata only: importing duckdb here would only make this script bigger
        duckdb_version = importlib.metadata.version("duckdb")
    except importlib.metadata.PackageNotFoundError:  # the baseline itself will then fail with a clear message
        duckdb_version = "not installed"
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "duckdb": duckdb_version,
    }


def ms(seconds: float) -> str:
    """Seconds as milliseconds for short times, seconds otherwise, so columns stay readable."""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def report(
    info: dict[str, object],
    sizes: list[SizeResult],
    startup: StartupResult,
    runs: int,
    startup_runs: int,
    parindex: list[str],
) -> str:
    """The human-readable table printed at the end."""
    lines = [
        "parindex benchmark",
        f"  machine : {info['cpu_count']} cores (os.cpu_count), {info['platform']}",
        f"  python  : {info['implementation']} {info['python']}; duckdb {info['duckdb']}",
        f"  parindex: {shlex.join(parindex)}",
        "  method  : wall clock per whole process (perf_counter), peak RSS = ru_maxrss via os.wait4;",
        f"            1 warm-up round, then {runs} interleaved rounds (order rotated); median and min-max",
        "",
    ]
    header = f"  {'command':<18}{'median':>10}{'min - max':>22}{'÷ baseline':>12}{'peak RSS':>11}"
    for size in sizes:
        rows = ", ".join(f"{name} {count:,}" for name, count in size.rows.items())
        lines.append(f"{size.units:,} units × {size.leaves} leaves per group ({rows}; {size.megabytes:.2f} MB)")
        if size.generate_seconds is not None:
            lines.append(f"  (dataset generated in {size.generate_seconds:.2f} s)")
        lines.append(header)
        for name, stats in size.commands.items():
            ratio = f"{size.ratios[name]:.2f}×" if name in size.ratios else ""
            spread = f"{ms(stats.minimum)} - {ms(stats.maximum)}"
            lines.append(f"  {name:<18}{ms(stats.median):>10}{spread:>22}{ratio:>12}{stats.peak_rss_mib:>7.0f} MiB")
        lines.append("")
    lines.extend(growth_lines(sizes))
    lines.append(f"Start-up ({startup_runs} interleaved runs each)")
    lines.append(f"  {'command':<18}{'median':>10}{'min - max':>22}{'÷ typer':>12}{'peak RSS':>11}")
    for name, stats in startup.commands.items():
        ratio = f"{startup.ratio:.2f}×" if name == "parindex --help" else ""
        spread = f"{ms(stats.minimum)} - {ms(stats.maximum)}"
        lines.append(f"  {name:<18}{ms(stats.median):>10}{spread:>22}{ratio:>12}{stats.peak_rss_mib:>7.0f} MiB")
    floor = max(max(stats.floor_kib) for stats in startup.commands.values()) / 1024
    lines.append("")
    lines.append(
        f"peak RSS = max over runs; the measuring process forks from {floor:.1f} MiB, so no figure is below about that"
    )
    verdicts = targets(sizes, startup)
    lines += ["", "Targets of issue 5 (this run)"]
    lines += [f"  {'met    ' if met else 'NOT met'}  {text}" for text, met in verdicts]
    return "\n".join(lines)


#: Limits of issue 5 for a 10,000-unit folder on a 2-core machine
SCORE_RATIO_LIMIT = 4.0
PEAK_RSS_LIMIT_MIB = 1536.0
STARTUP_RATIO_LIMIT = 1.5


def growth(sizes: list[SizeResult]) -> list[dict[str, object]]:
    """What each extra 1,000 units costs between consecutive sizes (from medians), per command.

    Why: cost that grows linearly has the same cost per extra unit at every size; the baseline's
    own line tells how far a command's slope is from the floor's.
    """
    steps: list[dict[str, object]] = []
    for small, large in zip(sizes, sizes[1:], strict=False):
        extra = (large.units - small.units) / 1000
        per_1000 = {
            name: (large.commands[name].median - small.commands[name].median) / extra for name in small.commands
        }
        steps.append({"from": small.units, "to": large.units, "seconds_per_1000_units": per_1000})
    return steps


def targets(sizes: list[SizeResult], startup: StartupResult) -> list[tuple[str, bool]]:
    """Each target of issue 5 that this run's sizes can judge, and whether it is met."""
    by_units = {size.units: size for size in sizes}
    verdicts = [(f"parindex --help within {STARTUP_RATIO_LIMIT}× import typer", startup.ratio <= STARTUP_RATIO_LIMIT)]
    large, small = by_units.get(10_000), by_units.get(1_000)
    if large is not None:
        ratio, peak = large.ratios["score"], large.commands["score"].peak_rss_mib
        verdicts.append((f"10,000 units: score {ratio:.2f}× the baseline (limit 4×)", ratio <= SCORE_RATIO_LIMIT))
        verdicts.append((f"10,000 units: score peak memory {peak:.0f} MiB (limit 1.5 GB)", peak < PEAK_RSS_LIMIT_MIB))
    if large is not None and small is not None:
        ratio, before = large.ratios["score"], small.ratios["score"]
        text = f"score ratio at 10,000 units ({ratio:.2f}×) no worse than at 1,000 ({before:.2f}×)"
        verdicts.append((text, ratio <= before))
    return verdicts


def growth_lines(sizes: list[SizeResult]) -> list[str]:
    """The growth table: milliseconds per extra 1,000 units, and each command's slope ÷ the baseline's."""
    steps = growth(sizes)
    if not steps:
        return []
    lines = ["Growth: cost of each extra 1,000 units (from medians; the same at every step = linear)"]
    names = list(sizes[0].commands)
    lines.append("  " + f"{'units':<18}" + "".join(f"{name:>18}" for name in names) + f"{'score ÷ baseline':>18}")
    for step in steps:
        per = step["seconds_per_1000_units"]
        assert isinstance(per, dict)
        base = per["duckdb baseline"]
        # between close sizes the noise can exceed the baseline's small extra cost: no slope then
        slope = f"{per['score'] / base:.1f}×" if base > 0 else "–"
        label = f"{step['from']:,} → {step['to']:,}"
        lines.append("  " + f"{label:<18}" + "".join(f"{ms(per[name]):>18}" for name in names) + f"{slope:>18}")
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    """Parse options, run every size and the start-up comparison, print (and optionally save) figures."""
    parser = argparse.ArgumentParser(description="Benchmark parindex validate/score against a DuckDB baseline.")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated unit counts (default 1000,10000)")
    parser.add_argument("--leaves", type=int, default=100, help="leaves per group (default 100)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds per size (default 5)")
    parser.add_argument("--startup-runs", type=int, default=10, help="runs of each start-up command (default 10)")
    parser.add_argument("--seed", type=int, default=2023, help="dataset seed (default 2023)")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 50 units, 16 leaves, 2 rounds, 3 start-up runs"
    )
    parser.add_argument(
        "--parindex",
        metavar="CMD",
        help="command that runs parindex (default: this Python with -m parindex and the repo's src/ on PYTHONPATH)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "parindex-bench",
        help="folder for cached datasets (default: %(default)s)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also save every figure as JSON here")
    args = parser.parse_args(argv)
    if args.quick:
        sizes, leaves, runs, startup_runs = [50], 16, 2, 3
    else:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        leaves, runs, startup_runs = args.leaves, args.runs, args.startup_runs
    if runs < 1 or startup_runs < 1:
        parser.error("--runs and --startup-runs must be at least 1")
    parindex = shlex.split(args.parindex) if args.parindex else [sys.executable, "-m", "parindex"]
    env = child_env(use_repo_src=not args.parindex)
    info = machine()
    results: list[SizeResult] = []
    try:
        with tempfile.TemporaryDirectory(prefix="parindex-bench-run.") as tmp:
            work = Path(tmp)
            for units in sizes:
                print(f"… {units:,} units × {leaves} leaves, {runs} rounds", file=sys.stderr, flush=True)
                results.append(bench_size(parindex, env, args.cache, work, units, leaves, args.seed, runs))
            print(f"… start-up, {startup_runs} runs each", file=sys.stderr, flush=True)
            startup = bench_startup(parindex, env, work, startup_runs)
    except BenchmarkError as exc:
        print(f"benchmark stopped: {exc}", file=sys.stderr)
        return 1
    print(report(info, results, startup, runs, startup_runs, parindex))
    if args.json:
        document = {
            "machine": info,
            "parindex": parindex,
            "runs": runs,
            "startup_runs": startup_runs,
            "seed": args.seed,
            "sizes": [asdict(r) for r in results],
            "startup": asdict(startup),
            "growth": growth(results),
            "targets": [{"target": text, "met": met} for text, met in targets(results, startup)],
        }
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
