"""The review's mends that a refactor could silently undo."""

from __future__ import annotations

from pathlib import Path

from conftest import write_folder
from parindex.assessment import load_assessment
from parindex.framework import ADJUSTMENTS, APPRAISAL, SURVEY, load_framework
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
    model = group_model(assessment.groups["so"], assessment.framework, 5.0)
    assert model.varied.tolist() == [[False, False], [True, True], [True, True]]  # A, B, C × 1.3, 2.2
