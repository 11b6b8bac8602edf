"""The review's mends that a refactor could silently undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI_CRITERIA, write_folder
from parindex.assessment import load_assessment
from parindex.framework import ADJUSTMENTS, APPRAISAL, SURVEY, load_framework
from parindex.inputs.load import load
from parindex.problems import Report
from parindex.scoring import leaf_matrices
from parindex.sensitivity.montecarlo import group_model
from test_sensitivity import SWAP_APPRAISAL, SWAP_SELF, SWAP_SURVEY, SWAP_UNITS, analysed, published, rows_by_id


def test_leaves_of_is_the_per_leaf_method_mask() -> None:
    """Scoring, the checks and sensitivity share Group.leaves_of: aligned with leaves, one bool per leaf."""
    group = load_framework("lai-chau-1726-2022").groups["so"]
    survey = group.leaves_of(SURVEY)
    assert survey.dtype == bool and survey.shape == (70,)
    assert int(survey.sum()) == 18
    assert int(group.leaves_of(APPRAISAL).sum()) == 52
    assert not group.leaves_of(*ADJUSTMENTS).any()
    assert [leaf.code for leaf, is_survey in zip(group.leaves, survey, strict=True) if is_survey] == [
        leaf.code for leaf in group.leaves if leaf.method == SURVEY
    ]


def test_sensitivity_indexes_a_unit_without_survey_as_the_published_results_do(tmp_path: Path) -> None:
    """Survey optional, A has no survey score: published 11 of 13 appraisal points = 84.62 (rank 1), not
    11 of 20. The runs and the council's reversal must use the same maximum (they once used 20: rank 3
    in every run, 65.00 reverted), and A's absent survey cells are not varied."""
    folder = write_folder(
        tmp_path,
        units=SWAP_UNITS,
        self_assessment=SWAP_SELF,
        appraisal=SWAP_APPRAISAL,
        survey=SWAP_SURVEY.replace("A,1.3,2\nA,2.2,3\n", ""),
    )
    toml = folder / "framework" / "framework.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[survey]\noptional = true\n", encoding="utf-8")
    assert published(folder)["A"] == (1, False, 84.62)
    row = rows_by_id(analysed(folder))["A"]
    assert (row["rank_median"], row["rank_p05"], row["rank_p95"], row["same_rank_share"]) == (1, 1, 1, 1.0)
    assert (row["index_if_reverted"], row["rank_if_reverted"]) == (100.0, 1)  # 13 of 13
    assessment = load_assessment(folder)
    data, framework = assessment.groups["so"], assessment.framework
    model = group_model(data, leaf_matrices(data, framework.not_applicable, framework.survey.optional), 5.0)
    assert model.varied.tolist() == [[False, False], [True, True], [True, True]]  # A, B, C × 1.3, 2.2


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("ghi-chu.txt", ("no-scores", "self-assessment/")),
        ("~$A.xlsx", ("no-scores", "self-assessment/")),
        ("A.csv", ("missing-file", "survey.csv")),  # a unit's file: read, so the folder has scores
    ],
)
def test_a_note_in_the_per_unit_folder_is_no_score_file(tmp_path: Path, name: str, first: tuple[str, str]) -> None:
    """`fresh` and the per-unit reader share one test of a unit's file: a note left in self-assessment/
    is 'no scores yet', not 'self-assessment/ is empty' (as when .txt counted for one and not the other)."""
    folder = write_folder(tmp_path, self_assessment=None, appraisal=None, survey=None)
    (folder / "self-assessment").mkdir()
    (folder / "self-assessment" / name).write_text("unit_id,code,score\n", encoding="utf-8")
    report = Report()
    load(folder, report)
    assert (report.errors[0].code, report.errors[0].file) == first


def test_scored_in_puts_bonus_and_penalty_leaves_in_the_appraisal_files(tmp_path: Path) -> None:
    """Group.scored_in (which file scores a leaf) differs from leaves_of (its method) only for bonus and penalty."""
    criteria = MINI_CRITERIA + "3,Điểm thưởng,2,,,test\n3.1,Sáng kiến,2,bonus,,test\n"
    folder = write_folder(tmp_path, criteria=criteria)
    group = load_framework(folder / "framework").groups["so"]
    assert [leaf.code for leaf in group.leaves] == ["1.1.1", "1.1.2", "1.2", "1.3", "2.1", "2.2", "3.1"]
    assert group.scored_in(APPRAISAL).tolist() == [True, True, True, False, True, False, True]
    assert group.leaves_of(APPRAISAL).tolist() == [True, True, True, False, True, False, False]
    assert group.scored_in(SURVEY).tolist() == group.leaves_of(SURVEY).tolist()
