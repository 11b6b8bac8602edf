"""Per unit × criterion details, checked against values worked out by hand on the mini fixture."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import EXAMPLE, MINI_SELF, write_folder
from parindex.assessment import load_assessment
from parindex.details import UnknownUnit, close_units, find_unit, leaf_details
from parindex.scoring import score_assessment

D = Decimal


def by_code(details, unit_id: str):
    return {d.code: d for d in details if d.unit_id == unit_id}


def test_mini_unit_a_by_hand(mini: Path):
    details = leaf_details(load_assessment(mini))
    # units.csv order (A, B), then framework pre-order; 6 leaves each
    assert [(d.unit_id, d.code) for d in details] == [
        (u, c) for u in ("A", "B") for c in ("1.1.1", "1.1.2", "1.2", "1.3", "2.1", "2.2")
    ]
    a = by_code(details, "A")
    # 2.1: self 6, council 4.5 with its reason -> change -1.5, 1.5 points lost
    d = a["2.1"]
    assert (d.max_points, d.self_score, d.appraised, d.effective, d.change) == (
        D(6),
        D(6),
        D("4.5"),
        D("4.5"),
        D("-1.5"),
    )
    assert (d.points, d.max_counted, d.lost) == (D("4.5"), D(6), D("1.5"))
    assert d.note == "Thiếu tài liệu kiểm chứng" and d.source == "appraisal"
    assert (d.domain_code, d.domain_name, d.group, d.unit_name) == ("2", "Thủ tục hành chính", "so", "Sở An")
    # 1.1.2: self 1.5 of 2, no appraisal row -> the self-score counts, 0.5 lost, no change
    d = a["1.1.2"]
    assert (d.self_score, d.appraised, d.change, d.effective, d.lost, d.source) == (
        D("1.5"),
        None,
        None,
        D("1.5"),
        D("0.5"),
        "self-assessment",
    )
    assert not d.appraised_present and d.self_present
    # survey leaves: no self or appraised score; 1.3 = 2.4 of 3, 2.2 = 3.2 of 4
    assert (a["1.3"].self_score, a["1.3"].appraised, a["1.3"].effective) == (None, None, D("2.4"))
    assert (a["1.3"].lost, a["2.2"].lost, a["1.3"].source, a["1.3"].method) == (D("0.6"), D("0.8"), "survey", "survey")
    # totals: 2 + 1.5 + 3 + 2.4 + 4.5 + 3.2 = 16.6 of 20 (test_mini_by_hand), 3.4 lost
    assert sum(d.points for d in a.values()) == D("16.6")
    assert sum(d.max_counted for d in a.values()) == D(20)
    assert sum(d.lost for d in a.values()) == D("3.4")
    # B: 2 + 2 + 2 + 5 + 3 + 2 = 16
    assert sum(d.points for d in by_code(details, "B").values()) == D(16)


@pytest.mark.parametrize(("policy", "points", "counted"), [("exclude", D(0), D(0)), ("full", D(3), D(3))])
def test_not_applicable_follows_the_framework_policy(tmp_path: Path, policy: str, points: Decimal, counted: Decimal):
    folder = write_folder(tmp_path / policy, self_assessment=MINI_SELF.replace("A,1.2,3,", "A,1.2,N/A,"), policy=policy)
    a = by_code(leaf_details(load_assessment(folder), ["A"]), "A")
    d = a["1.2"]
    assert d.self_na and d.self_score is None and d.self_present
    assert not d.applicable and d.effective is None
    assert (d.points, d.max_counted, d.lost) == (points, counted, D(0))
    # exclude: 13.6 of 17; full: 16.6 of 20 (test_not_applicable_policies)
    total = sum(x.points for x in a.values())
    assert total == (D("13.6") if policy == "exclude" else D("16.6"))


def test_council_na_overrides_the_self_score(tmp_path: Path):
    folder = write_folder(tmp_path / "f", appraisal="unit_id,code,score,note\nA,1.2,KAD,Không áp dụng\n")
    d = by_code(leaf_details(load_assessment(folder)), "A")["1.2"]
    assert d.self_score == D(3) and d.appraised is None and d.appraised_na
    assert d.change is None and not d.applicable and d.max_counted == 0
    assert d.note == "Không áp dụng" and d.source == "appraisal"


def test_unit_filter_and_unknown_units(mini: Path):
    assessment = load_assessment(mini)
    assert {d.unit_id for d in leaf_details(assessment, ["b"])} == {"B"}  # ids match case-insensitively
    assert find_unit(assessment, " a ").unit_id == "A"
    with pytest.raises(UnknownUnit) as error:
        leaf_details(assessment, ["A", "Sở Bìnhh"])
    assert [u.unit_id for u in error.value.suggestions] == ["B"]  # close to the name "Sở Bình"
    assert [u.unit_id for u in close_units(assessment, "an")] == ["A"]  # part of "Sở An"


def test_example_details_add_up_to_the_published_totals():
    assessment = load_assessment(EXAMPLE)
    details = leaf_details(assessment)
    results = score_assessment(assessment)
    n_leaves = {key: len(data.group.leaves) for key, data in assessment.groups.items()}
    assert len(details) == sum(n_leaves[u.group] for u in assessment.units)
    for group_result in results.groups.values():
        for score in group_result.units:
            mine = [d for d in details if d.unit_id == score.unit.unit_id]
            assert sum(d.points for d in mine) == score.total
            assert sum(d.max_counted for d in mine) == score.max_points
            for code, node in score.domains.items():
                assert sum(d.points for d in mine if d.domain_code == code) == node.points
    sngv = by_code(details, "SNGV")
    # the example's only N/A rows, with the unit's own explanation
    assert sngv["2.1.1"].self_na and sngv["2.1.1"].self_note == "Sở không chủ trì xây dựng VBQPPL trong năm"
    assert sum(1 for d in details if not d.applicable) == 2
    # every appraisal row of the example becomes exactly one appraised leaf, none is dropped
    appraised = sum(1 for d in details if d.appraised_present)
    assert appraised == len(assessment.score_rows["appraisal"].table)
