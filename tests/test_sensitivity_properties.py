"""Properties of the sensitivity analysis on random folders (hypothesis), checked against the scoring code.

- the runs: 1 ≤ p05 ≤ median ≤ p95 ≤ ranked units, shares within 0..1, whatever the margins;
- the council's changes: the single changes listed are exactly those whose reversal, re-scored and
  re-ranked by `scoring`/`ranking` themselves, changes some rank, with that rank and index;
- the points: adding the points to the next place publishes the unit at the next index up (one step less
  does not); losing the points ahead drops it below the place under it (one step less does not).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_folder
from parindex.assessment import APPRAISAL_FILE, SELF, GroupData, ScoreMatrix, load_assessment
from parindex.numbers import percent_half_up
from parindex.ranking import rank_group
from parindex.scoring import score_assessment, score_group
from parindex.sensitivity import Options, analyse_sensitivity
from parindex.sensitivity.council import changed_cells

LEAVES = {"1.1.1": 2, "1.1.2": 2, "1.2": 3, "2.1": 6}
SURVEY = {"1.3": 3, "2.2": 4}
STEP = 10_000  # one hundredth of a point, in micro-points: the mini framework publishes 2 decimals


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sensitivity-properties")


def score(value: int, maximum: int) -> str:
    """A score in quarters of a point (ties and near-ties are common), or N/A now and then."""
    return "N/A" if value < 0 else str(Decimal(value % (maximum * 4 + 1)) / 4)


@st.composite
def folders(draw) -> tuple[str, str, str, str]:
    """units, self-assessment, appraisal and survey of 1 to 6 units, some scores changed by the council."""
    n = draw(st.integers(min_value=1, max_value=6))
    units = "unit_id,name,group,ranked\n" + "".join(
        f"U{i},Sở {chr(65 + i)},so,{draw(st.sampled_from(['yes', 'yes', 'yes', 'no']))}\n" for i in range(n)
    )
    values = st.integers(min_value=-2, max_value=200)
    own, council, survey = ["unit_id,code,score"], ["unit_id,code,score,note"], ["unit_id,code,score"]
    for i in range(n):
        for code, maximum in LEAVES.items():
            own.append(f"U{i},{code},{score(draw(values), maximum)}")
            if draw(st.booleans()):
                council.append(f"U{i},{code},{score(draw(values), maximum)},lý do")
        survey += [f"U{i},{code},{score(draw(st.integers(0, 200)), maximum)}" for code, maximum in SURVEY.items()]
    return units, *("\n".join(rows) + "\n" for rows in (own, council, survey))


def build(root: Path, drawn: tuple[str, str, str, str]) -> Path:
    units, own, council, survey = drawn
    folder = Path(tempfile.mkdtemp(dir=root))
    return write_folder(folder, units=units, self_assessment=own, appraisal=council, survey=survey)


@settings(max_examples=25, deadline=None)
@given(
    drawn=folders(),
    margin=st.floats(min_value=0, max_value=40),
    spread=st.floats(min_value=0, max_value=60),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_rank_intervals_are_ordered_and_shares_are_shares(root: Path, drawn, margin, spread, seed):
    analysis = analyse_sensitivity(load_assessment(build(root, drawn)), Options(80, seed, margin, spread))
    for group in analysis.groups.values():
        ranked = sum(1 for u in group.units if u.score.ranked)
        for unit in group.units:
            spread_ = unit.spread
            if not unit.score.ranked:
                assert spread_ is None and unit.rank_if_reverted is None
                continue
            assert spread_ is not None
            assert 1 <= spread_.p05 <= spread_.median <= spread_.p95 <= ranked
            assert 0 <= spread_.same_rank <= 80 and 0 <= spread_.top3 <= 80
        for pair in group.pairs:
            assert pair.flips * 100 > 5 * 80 and pair.first.ranked and pair.second.ranked


def _reranked(data: GroupData, framework, keep: np.ndarray) -> dict[str, tuple[int | None, int | None]]:
    """(rank, published index) of every unit with the appraisal rows where KEEP is False dropped."""
    appraisal = data.matrices[APPRAISAL_FILE]
    kept = ScoreMatrix(appraisal.micro, appraisal.present & keep, appraisal.na)
    changed = GroupData(data.group, data.units, {**data.matrices, APPRAISAL_FILE: kept})
    result = rank_group(data.group, score_group(changed, framework))
    return {u.unit.unit_id: (u.rank, u.published_int) for u in result.units}


@settings(max_examples=25, deadline=None)
@given(drawn=folders())
def test_decisive_changes_are_exactly_those_that_move_a_rank(root: Path, drawn):
    assessment = load_assessment(build(root, drawn))
    analysis = analyse_sensitivity(assessment, Options(runs=1, survey_margin=0))
    data, framework = assessment.groups["so"], assessment.framework
    before = _reranked(data, framework, np.ones_like(data.matrices[SELF].present))
    expected = []
    for u, leaf in zip(*np.nonzero(changed_cells(data)), strict=True):
        keep = np.ones_like(data.matrices[SELF].present)
        keep[u, leaf] = False
        after = _reranked(data, framework, keep)
        unit_id = data.units[u].unit_id
        moved = sorted(k for k in after if k != unit_id and after[k][0] != before[k][0])
        if before[unit_id][0] is not None and (moved or after[unit_id][0] != before[unit_id][0]):
            expected.append((unit_id, data.group.leaves[leaf].code, after[unit_id][0], after[unit_id][1], moved))
    found = [
        (a.unit.unit.unit_id, a.code, a.rank_if_reverted, a.index_if_reverted, sorted(m.unit.unit_id for m in a.moved))
        for a in analysis.groups["so"].adjustments
    ]
    assert sorted(found) == sorted(expected)
    # all of a unit's changes at once
    everything = _reranked(data, framework, ~data.matrices[SELF].present)
    for unit in analysis.groups["so"].units:
        alone = _reranked(
            data,
            framework,
            ~(data.matrices[SELF].present & (np.arange(len(data.units)) == unit.score.position)[:, None]),
        )
        unit_id = unit.score.unit.unit_id
        assert unit.index_if_reverted == alone[unit_id][1] == everything[unit_id][1]
        assert unit.rank_if_reverted == (alone[unit_id][0] if unit.score.ranked else None)


def _published(total: int, maximum: int) -> int:
    [value] = percent_half_up(np.array([total]), np.array([maximum]), 2)
    assert value is not None
    return value


@settings(max_examples=40, deadline=None)
@given(drawn=folders())
def test_the_points_are_exactly_enough(root: Path, drawn):
    assessment = load_assessment(build(root, drawn))
    results = score_assessment(assessment)
    analysis = analyse_sensitivity(assessment, Options(runs=1, survey_margin=0), results)
    for unit in analysis.groups["so"].units:
        score = unit.score
        if not score.ranked:
            assert unit.to_next_place is None and unit.ahead_of_next is None
            continue
        others = [u.published_int for u in results.groups["so"].units if u.ranked and u is not score]
        above = [p for p in others if p > score.published_int]
        below = [p for p in others if p <= score.published_int]
        total, maximum = score.total_micro, score.max_micro
        if not above:
            assert unit.to_next_place is None
        else:
            x = unit.to_next_place
            assert x is not None and x % STEP == 0 or x == maximum - total
            assert _published(total + x, maximum) >= min(above)
            if x >= STEP:
                assert _published(total + x - STEP, maximum) < min(above)
        if not below or max(below) == 0:
            assert unit.ahead_of_next is None
        else:
            y = unit.ahead_of_next
            assert y is not None and (y % STEP == 0 or y == total)
            assert _published(total - y, maximum) < max(below)
            if y >= STEP:
                assert _published(total - y + STEP, maximum) >= max(below)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 6), min_size=1, max_size=8), min_size=1, max_size=5).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_each_run_is_ranked_by_the_published_rule(rows: list[list[int]]):
    """competition_ranks_rows (every run at once) gives what competition_ranks gives each run alone."""
    from parindex.ranking import competition_ranks, competition_ranks_rows

    values = np.array(rows, dtype=np.int64)
    for row, ranks in zip(values.tolist(), competition_ranks_rows(values).tolist(), strict=True):
        order = sorted(range(len(row)), key=lambda i: -row[i])
        expected = dict(zip(order, competition_ranks([row[i] for i in order]), strict=True))
        assert ranks == [expected[i] for i in range(len(row))]


def test_options_out_of_range_are_refused():
    for bad in ({"runs": 0}, {"runs": 100_001}, {"seed": -1}, {"survey_margin": 101}, {"weight_spread": 91}):
        with pytest.raises(ValueError):
            Options(**bad)
