"""Write a deterministic synthetic PAR Index assessment folder, for benchmarks.

Why synthetic: real assessment files name real officials and units and are not ours to publish,
and a province has only ~30 units, far too few to see how parindex scales. This generator writes
a folder in exactly the layout ``parindex validate`` / ``parindex score`` read (parindex.toml,
framework/, units.csv and the three score tables), shaped like a real year:

* two groups (``so`` and ``huyen``), each with its own tree of exactly L leaves: 8 domains,
  criteria, and sub-criteria under some criteria; about 30 % of each group's points are survey
  (điều tra XHH) leaves, the rest appraisal (thẩm định) leaves;
* maxima with two decimals that sum to exactly 100 per group, because they are allocated as
  integer hundredths (floats would drift and the framework check would rightly refuse them);
* N units, a self-assessment row for every appraisal leaf of every unit, an appraisal row for
  about a third of the (unit, leaf) pairs (half of them changed, always with the council's note),
  a survey row for every survey leaf, about 1 % N/A, and a few pairs of units with identical
  score rows so that ranking has real ties to resolve.

The output is byte-identical for the same arguments (a single ``random.Random(seed)`` drawn in a
fixed order, no set or hash ordering), so cached datasets and figures are reproducible. It is
written with plain string joins rather than csv/pandas so 10,000 units x 100 leaves (about
1.2 million score rows) take a few seconds: generation must never dominate a benchmark run.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

GROUP_TOTAL = 10_000  # hundredths of a point: every group's maximum is exactly 100
MIN_LEAF = 5  # hundredths: no leaf is worth less than 0.05 points
SURVEY_SHARE = 0.30
NA_RATE = 0.01
APPRAISAL_RATE = 1 / 3
CHANGE_RATE = 0.5  # of appraisal rows
LARGE_CHANGE_RATE = 0.002  # of changed rows: a few "large-adjustment" warnings, as in real years
UNRANKED_RATE = 0.01
SURVEY_DECIMALS = 4  # survey scores are averages, so they carry more digits than appraisal scores

DOMAIN_NAMES = (
    "Công tác chỉ đạo, điều hành cải cách hành chính",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
    "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội",
)
GROUPS = (("so", "Sở, ban, ngành", "so.csv"), ("huyen", "UBND cấp huyện", "huyen.csv"))
DOWN_NOTES = ("Điều chỉnh giảm: thiếu tài liệu kiểm chứng", "Điều chỉnh giảm: chậm thời hạn")
UP_NOTES = ("Điều chỉnh tăng: bổ sung tài liệu kiểm chứng", "Điều chỉnh tăng theo giải trình")


@dataclass(frozen=True)
class Leaf:
    """A scored criterion: its code, maximum in hundredths of a point and method."""

    code: str
    max_h: int
    survey: bool


@dataclass
class Tree:
    """One group's criteria table: rows in pre-order and the leaves among them."""

    rows: list[tuple[str, str, int, str]]  # code, name, max in hundredths, method ("" on inner nodes)
    leaves: list[Leaf]


def points(hundredths: int) -> str:
    """Exact two-decimal text from integer hundredths ('0.5', '12', '3.25'), no float involved."""
    whole, frac = divmod(hundredths, 100)
    return f"{whole}" if frac == 0 else f"{whole}.{frac:02d}".rstrip("0")


def decimal_text(value: int, decimals: int) -> str:
    """Exact text of VALUE x 10**-DECIMALS without trailing zeros."""
    whole, frac = divmod(value, 10**decimals)
    return f"{whole}" if frac == 0 else f"{whole}.{frac:0{decimals}d}".rstrip("0")


def csv_field(text: str) -> str:
    """Quote a CSV field only when needed (names and notes contain commas)."""
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def allocate(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split TOTAL into integers proportional to WEIGHTS (largest remainder), each >= MINIMUM.

    Integers make the parent = sum(children) rule hold exactly, which is what the framework
    loader checks.
    """
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError(f"cannot give {len(weights)} leaves at least {minimum} hundredths of {total}")
    weight_sum = sum(weights)
    exact = [spare * w / weight_sum for w in weights]
    shares = [int(x) for x in exact]
    left = spare - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return [minimum + s for s in shares]


def make_tree(rng: random.Random, n_leaves: int) -> Tree:
    """A tree of 8 domains holding exactly N_LEAVES leaves, maxima summing to GROUP_TOTAL."""
    n_domains = len(DOMAIN_NAMES)
    per_domain = [n_leaves // n_domains] * n_domains
    for d in rng.sample(range(n_domains), n_leaves % n_domains):
        per_domain[d] += 1
    # shape first: which criteria are leaves and which have sub-criteria
    shape: list[list[int]] = []  # per domain, the number of sub-criteria of each criterion (0 = leaf)
    for count in per_domain:
        criteria: list[int] = []
        remaining = count
        while remaining > 0:
            size = 0 if remaining == 1 or rng.random() < 0.35 else min(rng.randint(2, 4), remaining)
            criteria.append(size)
            remaining -= max(size, 1)
        shape.append(criteria)
    leaf_codes: list[str] = []
    for d, criteria in enumerate(shape, start=1):
        for c, size in enumerate(criteria, start=1):
            if size == 0:
                leaf_codes.append(f"{d}.{c}")
            else:
                leaf_codes.extend(f"{d}.{c}.{s}" for s in range(1, size + 1))
    maxima = allocate(GROUP_TOTAL, [rng.uniform(0.5, 2.0) for _ in leaf_codes], MIN_LEAF)
    survey = choose_survey(rng, maxima)
    leaves = [Leaf(code, m, i in survey) for i, (code, m) in enumerate(zip(leaf_codes, maxima, strict=True))]
    return Tree(tree_rows(shape, leaves), leaves)


def choose_survey(rng: random.Random, maxima: list[int]) -> set[int]:
    """Leaf positions marked survey: random leaves until about SURVEY_SHARE of the points.

    At least one leaf of each method when there are two or more leaves, so both score files matter.
    """
    target = round(GROUP_TOTAL * SURVEY_SHARE)
    order = list(range(len(maxima)))
    rng.shuffle(order)
    chosen: set[int] = set()
    total = 0
    for i in order:
        if total + maxima[i] <= target:
            chosen.add(i)
            total += maxima[i]
    if not chosen and len(maxima) > 1:
        chosen.add(min(order, key=lambda i: maxima[i]))
    if len(chosen) == len(maxima) and len(maxima) > 1:
        chosen.discard(order[0])
    return chosen


def tree_rows(shape: list[list[int]], leaves: list[Leaf]) -> list[tuple[str, str, int, str]]:
    """Criteria-table rows in pre-order; inner maxima are sums of their leaves (exact integers)."""
    rows: list[tuple[str, str, int, str]] = []
    position = 0
    for d, criteria in enumerate(shape, start=1):
        domain_row = len(rows)
        rows.append((f"{d}", DOMAIN_NAMES[d - 1], 0, ""))
        domain_total = 0
        for c, size in enumerate(criteria, start=1):
            if size == 0:
                leaf = leaves[position]
                position += 1
                rows.append((leaf.code, f"Tiêu chí {leaf.code}", leaf.max_h, method(leaf)))
                domain_total += leaf.max_h
                continue
            children = leaves[position : position + size]
            position += size
            subtotal = sum(leaf.max_h for leaf in children)
            rows.append((f"{d}.{c}", f"Tiêu chí {d}.{c}, gồm {size} tiêu chí thành phần", subtotal, ""))
            rows.extend((leaf.code, f"Tiêu chí thành phần {leaf.code}", leaf.max_h, method(leaf)) for leaf in children)
            domain_total += subtotal
        code, name, _, _ = rows[domain_row]
        rows[domain_row] = (code, name, domain_total, "")
    return rows


def method(leaf: Leaf) -> str:
    """The criteria table's method column for a leaf."""
    return "survey" if leaf.survey else "appraisal"


@dataclass
class UnitScores:
    """The score-file lines of one unit, without the unit_id (tied units share one instance)."""

    self_rows: list[str]  # "code,score"
    appraisal_rows: list[str]  # "code,score,note"
    survey_rows: list[str]  # "code,score"


def clamp(value: float) -> float:
    """Clamp to [0, 1]: a score is a share of the leaf's maximum."""
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


def make_unit_scores(rng: random.Random, leaves: list[Leaf]) -> UnitScores:
    """One unit's rows: a unit-level quality plus per-leaf noise, so totals spread like real indices."""
    quality = rng.betavariate(6, 2)
    scores = UnitScores([], [], [])
    survey_scale = 10 ** (SURVEY_DECIMALS - 2)
    for leaf in leaves:
        na = rng.random() < NA_RATE
        share = clamp(quality + rng.gauss(0.0, 0.15))
        if leaf.survey:
            text = "N/A" if na else decimal_text(round(share * leaf.max_h * survey_scale), SURVEY_DECIMALS)
            scores.survey_rows.append(f"{leaf.code},{text}")
            continue
        self_h = round(share * leaf.max_h)
        scores.self_rows.append(f"{leaf.code},{'N/A' if na else points(self_h)}")
        if rng.random() >= APPRAISAL_RATE:
            continue
        if na or rng.random() >= CHANGE_RATE:  # the council confirms the self-score
            scores.appraisal_rows.append(f"{leaf.code},{'N/A' if na else points(self_h)},")
            continue
        if rng.random() < LARGE_CHANGE_RATE:
            new_h = 0 if self_h * 2 > leaf.max_h else leaf.max_h
        else:
            step = max(1, round(leaf.max_h * rng.uniform(0.05, 0.4)))
            can_lower, can_raise = self_h - step >= 0, self_h + step <= leaf.max_h
            if can_lower and (not can_raise or rng.random() < 0.7):  # councils mostly lower scores
                new_h = self_h - step
            else:
                new_h = self_h + step if can_raise else 0
        if new_h == self_h:
            scores.appraisal_rows.append(f"{leaf.code},{points(self_h)},")
            continue
        note = rng.choice(DOWN_NOTES if new_h < self_h else UP_NOTES)
        scores.appraisal_rows.append(f"{leaf.code},{points(new_h)},{csv_field(note)}")
    return scores


def tie_partners(rng: random.Random, members: list[int]) -> dict[int, int]:
    """A few pairs of units within one group: later unit -> earlier unit whose rows it copies."""
    n_pairs = min(len(members) // 2, max(1, len(members) // 200)) if len(members) >= 4 else 0
    picked = rng.sample(members, 2 * n_pairs)
    pairs = {}
    for a, b in zip(picked[0::2], picked[1::2], strict=True):
        first, second = sorted((a, b))
        pairs[second] = first
    return pairs


def write(path: Path, header: str, lines: list[str]) -> None:
    """Write a CSV file in one go (UTF-8, LF line ends, no BOM)."""
    path.write_text(header + "\n" + "".join(line + "\n" for line in lines), encoding="utf-8", newline="")


def generate(out: Path, n_units: int, n_leaves: int, seed: int) -> dict[str, int]:
    """Write the whole folder; returns row counts per file (for the caller's report)."""
    if n_units < 2:
        raise ValueError("--units must be at least 2 (one unit per group)")
    if n_leaves < len(DOMAIN_NAMES):
        raise ValueError(f"--leaves must be at least {len(DOMAIN_NAMES)} (one leaf per domain)")
    rng = random.Random(seed)
    trees = {key: make_tree(rng, n_leaves) for key, _, _ in GROUPS}
    n_huyen = max(1, n_units // 3)
    sizes = {"so": n_units - n_huyen, "huyen": n_huyen}
    width = len(str(n_units))
    units: list[tuple[str, str, str, str]] = []  # unit_id, name, group, ranked
    for key, _, _ in GROUPS:
        label = "Sở" if key == "so" else "UBND huyện"
        prefix = "SO" if key == "so" else "HU"
        for i in range(1, sizes[key] + 1):
            ranked = "không" if rng.random() < UNRANKED_RATE else "có"
            units.append((f"{prefix}{i:0{width}d}", f"{label} số {i}", key, ranked))
    members: dict[str, list[int]] = {key: [] for key, _, _ in GROUPS}
    for i, unit in enumerate(units):
        members[unit[2]].append(i)
    partners: dict[int, int] = {}
    for key, _, _ in GROUPS:
        partners.update(tie_partners(rng, members[key]))

    self_lines: list[str] = []
    appraisal_lines: list[str] = []
    survey_lines: list[str] = []
    made: dict[int, UnitScores] = {}
    for i, (unit_id, _, group, _) in enumerate(units):
        scores = made[partners[i]] if i in partners else make_unit_scores(rng, trees[group].leaves)
        made[i] = scores
        self_lines.extend(f"{unit_id},{row}" for row in scores.self_rows)
        appraisal_lines.extend(f"{unit_id},{row}" for row in scores.appraisal_rows)
        survey_lines.extend(f"{unit_id},{row}" for row in scores.survey_rows)

    framework = out / "framework"
    framework.mkdir(parents=True, exist_ok=True)
    (out / "parindex.toml").write_text('year = 2023\nframework = "framework"\n', encoding="utf-8")
    group_tables = "".join(f'\n[groups.{key}]\nname = "{name}"\ncriteria = "{file}"\n' for key, name, file in GROUPS)
    (framework / "framework.toml").write_text(
        'id = "synthetic-benchmark"\n'
        f'title = "Synthetic benchmark framework ({n_leaves} leaves per group)"\n'
        'decision = "none (synthetic)"\n'
        'date = "2023"\n'
        "decimals = 2\n"
        'not_applicable = "exclude"\n'
        f'provenance = "benchmarks/make_dataset.py --units {n_units} --leaves {n_leaves} --seed {seed}"\n'
        + group_tables,
        encoding="utf-8",
    )
    for key, _, file in GROUPS:
        write(
            framework / file,
            "code,name,max_points,method",
            [f"{code},{csv_field(name)},{points(max_h)},{meth}" for code, name, max_h, meth in trees[key].rows],
        )
    write(out / "units.csv", "unit_id,name,group,ranked", [",".join(unit) for unit in units])
    write(out / "self-assessment.csv", "unit_id,code,score", self_lines)
    write(out / "appraisal.csv", "unit_id,code,score,note", appraisal_lines)
    write(out / "survey.csv", "unit_id,code,score", survey_lines)
    return {
        "units": len(units),
        "self-assessment": len(self_lines),
        "appraisal": len(appraisal_lines),
        "survey": len(survey_lines),
        "tied_pairs": len(partners),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: parse arguments, generate, print one summary line."""
    parser = argparse.ArgumentParser(
        description="Write a deterministic synthetic PAR Index assessment folder (for benchmarks).",
    )
    parser.add_argument("--units", type=int, required=True, help="number of units, split 2:1 between so and huyen")
    parser.add_argument("--leaves", type=int, default=100, help="leaves per group (default 100)")
    parser.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created if missing)")
    args = parser.parse_args(argv)
    try:
        counts = generate(args.out, args.units, args.leaves, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    summary = ", ".join(f"{name} {count}" for name, count in counts.items())
    print(f"wrote {args.out}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
