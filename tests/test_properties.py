"""Property tests (hypothesis): invariants that must hold for any input, not just the examples."""

from __future__ import annotations

import random
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI_SELF, MINI_SURVEY, write_folder
from parindex.assessment import load_assessment, validate_folder
from parindex.output import results_to_dict
from parindex.ranking import competition_ranks
from parindex.scoring import score_assessment

LEAVES = {"1.1.1": 2, "1.1.2": 2, "1.2": 3, "2.1": 6}
SURVEY = {"1.3": 3, "2.2": 4}


def setup_module() -> None:
    shutil.rmtree(_ROOT, ignore_errors=True)


def teardown_module() -> None:
    shutil.rmtree(_ROOT, ignore_errors=True)


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def score_text(draw_value: int, maximum: int) -> str:
    """A score in hundredths within 0..maximum, or N/A now and then."""
    return "N/A" if draw_value < 0 else str(Decimal(draw_value % (maximum * 100 + 1)) / 100)


@st.composite
def assessments(draw) -> tuple[str, str, str]:
    n_units = draw(st.integers(min_value=1, max_value=6))
    units = "unit_id,name,group\n" + "".join(f"U{i},Sở {chr(65 + i)},so\n" for i in range(n_units))
    values = st.integers(min_value=-3, max_value=10_000)
    self_rows = ["unit_id,code,score"]
    survey_rows = ["unit_id,code,score"]
    for i in range(n_units):
        for code, maximum in LEAVES.items():
            self_rows.append(f"U{i},{code},{score_text(draw(values), maximum)}")
        for code, maximum in SURVEY.items():
            survey_rows.append(f"U{i},{code},{score_text(draw(values), maximum)}")
    return units, "\n".join(self_rows) + "\n", "\n".join(survey_rows) + "\n"


_ROOT = Path(tempfile.gettempdir()) / "parindex-properties"


def build(units: str, self_rows: str, survey_rows: str, policy: str = "exclude") -> Path:
    """A fresh folder per example, under one parent that the next run replaces (no temp-dir litter)."""
    _ROOT.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(dir=_ROOT))
    return write_folder(root, units=units, self_assessment=self_rows, appraisal=None, survey=survey_rows, policy=policy)


@FAST
@given(assessments(), st.sampled_from(["exclude", "full"]))
def test_index_within_0_and_100(data, policy):
    folder = build(*data, policy=policy)
    results = score_assessment(load_assessment(folder))
    for group in results.groups.values():
        for unit in group.units:
            assert unit.total <= unit.max_points
            if unit.index is not None:
                assert Decimal(0) <= unit.index <= Decimal(100)
            for node in unit.domains.values():
                assert node.index is None or Decimal(0) <= node.index <= Decimal(100)
            # the total is the sum of its parts, exactly
            assert unit.total == unit.appraisal_total + unit.survey_total
            assert unit.total == sum(node.points for node in unit.domains.values())


@FAST
@given(assessments(), st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(data, rng: random.Random):
    units, self_rows, survey_rows = data

    def shuffled(text: str) -> str:
        header, *rows = text.splitlines()
        rng.shuffle(rows)
        return "\n".join([header, *rows]) + "\n"

    first = results_to_dict(score_assessment(load_assessment(build(units, self_rows, survey_rows))))
    second = results_to_dict(
        score_assessment(load_assessment(build(shuffled(units), shuffled(self_rows), shuffled(survey_rows))))
    )
    assert first == second


@FAST
@given(assessments())
def test_ranks_are_competition_ranks(data):
    results = score_assessment(load_assessment(build(*data)))
    for group in results.groups.values():
        ranked = [u for u in group.units if u.rank is not None]
        values = [u.published_index for u in ranked]
        assert values == sorted(values, reverse=True)
        assert [u.rank for u in ranked] == competition_ranks(values)
        for unit in ranked:
            # rank = 1 + number of units with a strictly higher published index
            assert unit.rank == 1 + sum(1 for other in ranked if other.published_index > unit.published_index)
            assert unit.tied == any(o is not unit and o.published_index == unit.published_index for o in ranked)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["units.csv", "self-assessment.csv", "survey.csv"]))
def test_garbage_bytes_never_raise(payload: bytes, target: str):
    folder = build("unit_id,name,group\nA,Sở An,so\nB,Sở Bình,so\n", MINI_SELF, MINI_SURVEY)
    (folder / target).write_bytes(payload)
    report = validate_folder(folder)  # must not raise
    for problem in report.problems:
        assert problem.message("en") and problem.message("vi")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_score_text_is_a_score_or_a_located_error(text: str):
    cleaned = text.replace("\n", " ").replace("\r", " ").replace('"', "").replace(",", ".")
    folder = build(
        "unit_id,name,group\nA,Sở An,so\nB,Sở Bình,so\n",
        MINI_SELF.replace("A,1.2,3,", f'A,1.2,"{cleaned}",'),
        MINI_SURVEY,
    )
    report = validate_folder(folder)
    located = [p for p in report.errors if p.file == "self-assessment.csv" and p.row == 4]
    if report.valid:
        assert not located
    else:
        assert located, [p.to_dict() for p in report.errors]
