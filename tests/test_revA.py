"""The review's mends that a refactor could silently undo."""

from __future__ import annotations

from parindex.framework import ADJUSTMENTS, APPRAISAL, SURVEY, load_framework


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
