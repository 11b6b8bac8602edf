"""Property tests (hypothesis): invariants that must hold for any input, not just the examples."""

from __future__ import annotations

import random
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from conftest import MINI_SELF, MINI_SURVEY, write_folder
from parindex.assessment import load_assessment, validate_folder
from parindex.numbers import NA_MARKERS
from parindex.output import results_to_dict
from parindex.ranking import competition_ranks
from parindex.scoring import score_assessment

LEAVES = {"1.1.1": 2, "1.1.2": 2, "1.2": 3, "2.1": 6}
SURVEY = {"1.3": 3, "2.2": 4}


FAST = settings(max_examples=25, deadline=None)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's own folder for the examples (pytest's per-run temp dir: concurrent runs never share it)."""
    return tmp_path_factory.mktemp("properties")


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


def build(root: Path, units: str, self_rows: str, survey_rows: str, policy: str = "exclude") -> Path:
    """A fresh folder per example under ROOT (a module fixture: hypothesis reruns a test, not its fixtures)."""
    folder = Path(tempfile.mkdtemp(dir=root))
    return write_folder(
        folder, units=units, self_assessment=self_rows, appraisal=None, survey=survey_rows, policy=policy
    )


@FAST
@given(assessments(), st.sampled_from(["exclude", "full"]))
def test_index_within_0_and_100(root, data, policy):
    folder = build(root, *data, policy=policy)
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
def test_shuffling_rows_changes_nothing(root, data, rng: random.Random):
    units, self_rows, survey_rows = data

    def shuffled(text: str) -> str:
        header, *rows = text.splitlines()
        rng.shuffle(rows)
        return "\n".join([header, *rows]) + "\n"

    first = results_to_dict(score_assessment(load_assessment(build(root, units, self_rows, survey_rows))))
    second = results_to_dict(
        score_assessment(load_assessment(build(root, shuffled(units), shuffled(self_rows), shuffled(survey_rows))))
    )
    assert first == second


@FAST
@given(assessments())
def test_ranks_are_competition_ranks(root, data):
    results = score_assessment(load_assessment(build(root, *data)))
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
def test_garbage_bytes_never_raise(root, payload: bytes, target: str):
    folder = build(root, "unit_id,name,group\nA,Sở An,so\nB,Sở Bình,so\n", MINI_SELF, MINI_SURVEY)
    (folder / target).write_bytes(payload)
    report = validate_folder(folder)  # must not raise
    for problem in report.problems:
        assert problem.message("en") and problem.message("vi")


#: Score cells as officers type them, so the valid branch below is taken, not only garbage.
TYPED_SCORES = st.one_of(
    st.sampled_from(["N/A", "kad", " KAD ", "không áp dụng", "3", " 2,5 ", "0.000001", "+1", ".5", "3.", "0"]),
    st.decimals(min_value=0, max_value=3, places=6).map(str),
    st.from_regex(r"\A[+-]?[0-9]{0,2}([.,][0-9]{0,7})?\Z"),
)


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=40), TYPED_SCORES))
def test_any_score_text_is_a_score_or_a_located_error(root, text: str):
    cleaned = text.replace("\n", " ").replace("\r", " ").replace('"', "").replace(",", ".")
    folder = build(
        root,
        "unit_id,name,group\nA,Sở An,so\nB,Sở Bình,so\n",
        MINI_SELF.replace("A,1.2,3,", f'A,1.2,"{cleaned}",'),
        MINI_SURVEY,
    )
    report = validate_folder(folder)
    located = [p for p in report.errors if p.file == "self-assessment.csv" and p.row == 4]
    if not report.valid:
        event("refused")
        assert located, [p.to_dict() for p in report.errors]
        return
    # valid: the cell was read as exactly the score (or the N/A) it says, not skipped or guessed
    unit = next(u for u in score_assessment(load_assessment(folder)).groups["so"].units if u.unit.unit_id == "A")
    typed = cleaned.strip()
    event("read as N/A" if unit.not_applicable else "read as a number")
    if unit.not_applicable:
        assert typed.upper() in NA_MARKERS
        assert (unit.self_total, unit.max_points) == (Decimal("9.5"), Decimal(17))  # 20 less the 3 of 1.2
    else:
        assert unit.self_total - Decimal("9.5") == Decimal(typed)
        assert Decimal(0) <= Decimal(typed) <= Decimal(3)
