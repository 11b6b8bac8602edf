"""`parindex sensitivity`: values worked out by hand on folders built here, then the command's outputs.

Two folders:

- SWAP (the mini framework, 20 points): A 16 of 20 (80.00 %) after the council lowered its 2.1 from 6 to 4;
  B 16.5 (82.50 %); C 13 (65.00 %). Reverting A's one change gives A 18 (90.00 %): A and B swap.
- BOUNDARY (200 points, so one step of 0.01 point is half a step of the index, 0.005 %): An 170.00
  (85.00 %), Bình 165.00 (82.50 %), Chi 164.99 (82.495 %, published 82.50: tied with Bình), Dương 164.98
  (82.49 %). Dương needs 0.01 point to reach the next place (164.99 is published 82.50 half-up).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from conftest import EXAMPLE, write_folder
from parindex.assessment import load_assessment
from parindex.scoring import score_assessment
from parindex.sensitivity import ROW_KEYS, Options, analyse_sensitivity, montecarlo, sensitivity_to_dict
from parindex.sensitivity.draws import Stream

SWAP_UNITS = "unit_id,name,group\nA,Sở An,so\nB,Sở Bình,so\nC,Sở Chi,so\n"
SWAP_SELF = """\
unit_id,code,score
A,1.1.1,2
A,1.1.2,2
A,1.2,3
A,2.1,6
B,1.1.1,2
B,1.1.2,2
B,1.2,2
B,2.1,5
C,1.1.1,2
C,1.1.2,1
C,1.2,2
C,2.1,4
"""
SWAP_APPRAISAL = "unit_id,code,score,note\nA,2.1,4,Thiếu tài liệu kiểm chứng\n"
SWAP_SURVEY = "unit_id,code,score\nA,1.3,2\nA,2.2,3\nB,1.3,2.5\nB,2.2,3\nC,1.3,2\nC,2.2,2\n"

BOUNDARY_CRITERIA = """\
code,name,max_points,method
1,Chỉ đạo điều hành,100,
1.1,Kế hoạch,60,appraisal
1.2,Khảo sát,40,survey
2,Thủ tục hành chính,100,
2.1,Công khai,60,appraisal
2.2,Hài lòng,40,survey
"""
BOUNDARY_UNITS = "unit_id,name,group\nU1,Sở An,so\nU2,Sở Bình,so\nU3,Sở Chi,so\nU4,Sở Dương,so\n"
BOUNDARY_SELF = "unit_id,code,score\n" + "".join(f"U{i},1.1,55\nU{i},2.1,50\n" for i in range(1, 5))
BOUNDARY_2_2 = {"U1": "30", "U2": "30", "U3": "29.99", "U4": "29.98"}
NO_VARIATION = Options(runs=200, survey_margin=0.0, weight_spread=0.0)


def swap_folder(root: Path) -> Path:
    return write_folder(root, units=SWAP_UNITS, self_assessment=SWAP_SELF, appraisal=SWAP_APPRAISAL, survey=SWAP_SURVEY)


def boundary_folder(root: Path, survey_2_2: dict[str, str] | None = None) -> Path:
    """The 200-point folder; SURVEY_2_2 overrides units' score of survey leaf 2.2 (to add points)."""
    scores = {**BOUNDARY_2_2, **(survey_2_2 or {})}
    survey = "unit_id,code,score\n" + "".join(
        f"{unit},1.2,{35 if unit == 'U1' else 30}\n{unit},2.2,{score}\n" for unit, score in scores.items()
    )
    return write_folder(
        root,
        criteria=BOUNDARY_CRITERIA,
        units=BOUNDARY_UNITS,
        self_assessment=BOUNDARY_SELF,
        appraisal=None,
        survey=survey,
    )


def rows_by_id(document: dict) -> dict[str, dict]:
    return {row["unit_id"]: row for row in document["rows"]}


def analysed(folder: Path, options: Options = NO_VARIATION) -> dict:
    return sensitivity_to_dict(analyse_sensitivity(load_assessment(folder), options), "en")


def published(folder: Path) -> dict[str, tuple[int | None, bool, float | None]]:
    """(rank, tied, published index) of every unit, as `score` publishes them."""
    results = score_assessment(load_assessment(folder))
    return {
        u.unit.unit_id: (u.rank, u.tied, None if u.published_index is None else float(u.published_index))
        for group in results.groups.values()
        for u in group.units
    }


def test_reverting_one_adjustment_swaps_two_ranks(tmp_path: Path):
    document = analysed(swap_folder(tmp_path / "swap"))
    rows = rows_by_id(document)
    # published: B 16.5/20 = 82.50 % first, A 16/20 = 80.00 %, C 13/20 = 65.00 %
    assert [(r["unit_id"], r["rank"]) for r in document["rows"]] == [("B", 1), ("A", 2), ("C", 3)]
    # A with its change reverted: 2.1 back to 6, 18/20 = 90.00 %, first; B and C had no change
    assert (rows["A"]["index_if_reverted"], rows["A"]["rank_if_reverted"]) == (90.0, 1)
    assert (rows["B"]["index_if_reverted"], rows["B"]["rank_if_reverted"]) == (82.5, 1)
    assert (rows["C"]["index_if_reverted"], rows["C"]["rank_if_reverted"]) == (65.0, 3)
    [group] = document["groups"]
    assert group["decisive_adjustments"] == [
        {
            "unit_id": "A",
            "name": "Sở An",
            "code": "2.1",
            "criterion": "Công khai TTHC",
            "self_score": 6.0,
            "appraised_score": 4.0,
            "note": "Thiếu tài liệu kiểm chứng",
            "rank": 2,
            "index": 80.0,
            "rank_if_reverted": 1,
            "index_if_reverted": 90.0,
            "ranks_changed": ["B"],
        }
    ]


def test_a_change_that_moves_no_rank_is_not_listed(tmp_path: Path):
    # the council lowers A's 2.1 only from 4.5 to 4: reverted, A has 16.5 of 20, 82.50 %, tied with B:
    # A's rank changes (2 -> 1=) but B's does not. C's 1.1.2 lowered from 1 to 0.5 (C: 12.5, 62.50 %):
    # reverted, C has 13 (65.00 %) and is third all the same, so that change is not listed
    self_rows = SWAP_SELF.replace("A,2.1,6", "A,2.1,4.5")
    appraisal = SWAP_APPRAISAL + "C,1.1.2,0.5,Chậm\n"
    folder = write_folder(
        tmp_path / "f", units=SWAP_UNITS, self_assessment=self_rows, appraisal=appraisal, survey=SWAP_SURVEY
    )
    document = analysed(folder)
    [group] = document["groups"]
    assert [
        (a["unit_id"], a["code"], a["rank_if_reverted"], a["ranks_changed"]) for a in group["decisive_adjustments"]
    ] == [("A", "2.1", 1, [])]
    rows = rows_by_id(document)
    assert (rows["A"]["index_if_reverted"], rows["A"]["rank_if_reverted"]) == (82.5, 1)
    assert (rows["C"]["index_if_reverted"], rows["C"]["rank_if_reverted"]) == (65.0, 3)


def test_points_to_the_next_place_by_hand(tmp_path: Path):
    rows = rows_by_id(analysed(swap_folder(tmp_path / "swap")))
    # A (16 of 20) reaches B's 82.50 at 16.5: 0.49 gives 82.45; C (13) reaches A's 80.00 at 16
    assert [rows[u]["points_to_next_place"] for u in "BAC"] == [None, 0.5, 3.0]
    # B drops below A's 80.00 at 15.99 (16.00 only ties: a shared rank is kept): 0.51;
    # A drops below C's 65.00 at 12.99: 3.01; C has no place below
    assert [rows[u]["points_ahead_of_next"] for u in "BAC"] == [0.51, 3.01, None]


def test_points_at_a_rounding_boundary_and_a_tie(tmp_path: Path):
    folder = boundary_folder(tmp_path / "b")
    assert published(folder) == {
        "U1": (1, False, 85.0),
        "U2": (2, True, 82.5),
        "U3": (2, True, 82.5),  # 164.99 / 200 = 82.495 %, published 82.50 (half-up): tied with Bình
        "U4": (4, False, 82.49),
    }
    rows = rows_by_id(analysed(folder))
    # U4 needs one step: 164.99 is published 82.50. U2 and U3 need 169.99 (84.995 -> 85.00).
    assert [rows[u]["points_to_next_place"] for u in ("U1", "U2", "U3", "U4")] == [None, 4.99, 5.0, 0.01]
    # U1 keeps its place down to 164.99 (82.50 shares it): 5.02. The tied U2 drops at 164.98 (82.49): 0.02,
    # U3 at 164.98 already: 0.01. U4 is last.
    assert [rows[u]["points_ahead_of_next"] for u in ("U1", "U2", "U3", "U4")] == [5.02, 0.02, 0.01, None]


@pytest.mark.parametrize(
    ("unit", "score", "expected"),
    [
        ("U4", "29.99", (2, True, 82.5)),  # + 0.01: tied with Bình and Chi, the better rank shared
        ("U4", "29.98", (4, False, 82.49)),  # + 0: as published
        ("U2", "34.99", (1, True, 85.0)),  # + 4.99: 169.99 -> 85.00, tied with An
        ("U2", "34.98", (2, False, 84.99)),  # + 4.98: not enough (and Chi drops to 3)
        ("U2", "29.99", (2, True, 82.5)),  # - 0.01: 164.99, still tied with Chi
        ("U2", "29.98", (3, True, 82.49)),  # - 0.02: 164.98, behind Chi, tied with Dương
    ],
)
def test_the_points_found_are_exactly_enough_on_both_sides(tmp_path: Path, unit: str, score: str, expected: tuple):
    """Re-scoring with the points added (or lost) shows the boundary: one step less is not enough."""
    ranks = published(boundary_folder(tmp_path / "b", {unit: score}))
    assert ranks[unit] == expected


def test_no_variation_gives_exactly_the_published_ranks(tmp_path: Path):
    for folder in (boundary_folder(tmp_path / "b"), swap_folder(tmp_path / "s"), EXAMPLE):
        document = analysed(folder)
        for row in document["rows"]:
            if row["rank"] is None:
                assert all(row[k] is None for k in ("rank_median", "rank_p05", "rank_p95", "same_rank_share"))
                continue
            assert row["rank_p05"] == row["rank_median"] == row["rank_p95"] == row["rank"], row
            assert row["same_rank_share"] == 1.0
            assert row["top3_share"] == (1.0 if row["rank"] <= 3 else 0.0)
        assert all(group["unsettled_pairs"] == [] for group in document["groups"])


# -- the runs: reproducible, documented, independent of how they are chunked -------------------------------
def test_the_random_numbers_follow_the_documented_rule():
    """uniform = (w >> 11) · 2⁻⁵³ of PCG64's raw words; normals by Box–Muller on pairs of them."""
    words = np.random.PCG64(np.random.SeedSequence([7, 1, 0])).random_raw(4).tolist()
    uniform = [(w >> 11) * 2.0**-53 for w in words]
    assert Stream(7, 1, 0).uniforms(4).tolist() == uniform
    radius = [math.sqrt(-2.0 * math.log1p(-uniform[k])) for k in (0, 2)]
    angle = [2.0 * math.pi * uniform[k] for k in (1, 3)]
    expected = [
        radius[0] * math.cos(angle[0]),
        radius[0] * math.sin(angle[0]),
        radius[1] * math.cos(angle[1]),
        radius[1] * math.sin(angle[1]),
    ]
    assert Stream(7, 1, 0).normals(4).tolist() == pytest.approx(expected, rel=1e-15, abs=1e-15)
    # the first words of seed 0, pinned: a numpy that changed PCG64 or SeedSequence would fail here
    assert np.random.PCG64(np.random.SeedSequence([0, 0, 0])).random_raw(2).tolist() == [
        11749869230777074271,
        4976686463289251617,
    ]


def test_same_seed_same_output_and_chunks_change_nothing(monkeypatch: pytest.MonkeyPatch):
    assessment = load_assessment(EXAMPLE)
    options = Options(runs=600, seed=11, survey_margin=8.0, weight_spread=20.0)
    first = sensitivity_to_dict(analyse_sensitivity(assessment, options), "en")
    assert sensitivity_to_dict(analyse_sensitivity(assessment, options), "en") == first
    monkeypatch.setattr(montecarlo, "CHUNK_CELLS", 1000)  # a run or two per chunk instead of all 600
    assert sensitivity_to_dict(analyse_sensitivity(assessment, options), "en") == first
    other = sensitivity_to_dict(analyse_sensitivity(assessment, Options(600, 12, 8.0, 20.0)), "en")
    assert [r["same_rank_share"] for r in other["rows"]] != [r["same_rank_share"] for r in first["rows"]]


def test_the_order_of_units_csv_changes_nothing(tmp_path: Path):
    """Draws go to units in the order of their ids, not of their rows."""
    units = (EXAMPLE / "units.csv").read_text(encoding="utf-8").splitlines()
    folder = tmp_path / "reordered"
    folder.mkdir()
    for path in EXAMPLE.iterdir():
        if path.is_file():
            (folder / path.name).write_bytes(path.read_bytes())
    (folder / "units.csv").write_text("\n".join([units[0], *reversed(units[1:])]) + "\n", encoding="utf-8")
    options = Options(runs=300, seed=3)
    assert analysed(folder, options)["rows"] == analysed(EXAMPLE, options)["rows"]


def test_runs_on_the_example_with_the_defaults():
    """Survey error ± 5 %: the example's tied pair (14=) and its close pairs are unsettled, the rest is not."""
    document = analysed(EXAMPLE, Options())
    assert (document["runs"], document["seed"], document["survey_margin"], document["weight_spread"]) == (
        10_000,
        0,
        5.0,
        0.0,
    )
    pairs = {(p["first"], p["second"]) for group in document["groups"] for p in group["unsettled_pairs"]}
    assert ("SCT", "STP") in pairs  # published 14= both: each is ahead of the other about half the time
    assert ("108", "111") in pairs
    assert ("SNV", "SGDDT") not in pairs  # 83.74 and 83.20: half a point apart
    for row in document["rows"]:
        if row["rank"] is not None:
            assert row["rank_p05"] <= row["rank_median"] <= row["rank_p95"]
            assert 0 <= row["same_rank_share"] <= 1 and 0 <= row["top3_share"] <= 1
    assert list(document["rows"][0]) == list(ROW_KEYS)


def test_a_reversal_that_leaves_no_applicable_criterion_takes_the_unit_out_of_the_ranking(tmp_path: Path):
    """C said N/A to everything; the council scored its 1.2 at 2.7 of 3 (90.00 %, first). Reverted, C has
    maximum 0 and no index: it leaves the ranking, and A (83.00 %) and B (80.00 %) move up."""
    from hostile.cases_sensitivity import _appraised_from_na

    document = analysed(_appraised_from_na(tmp_path / "c"))
    rows = rows_by_id(document)
    assert [(r["unit_id"], r["rank"]) for r in document["rows"]] == [("C", 1), ("A", 2), ("B", 3)]
    assert (rows["C"]["index_if_reverted"], rows["C"]["rank_if_reverted"]) == (None, None)
    # A's own change (2.1: 6 -> 4.5) reverted gives A 18.1 of 20, 90.50 %: above C, decisive too
    change, first = document["groups"][0]["decisive_adjustments"]  # in published order: C, then A
    assert (first["unit_id"], first["code"], first["index_if_reverted"], first["ranks_changed"]) == (
        "A",
        "2.1",
        90.5,
        ["C"],
    )
    assert (change["unit_id"], change["code"], change["self_score"], change["appraised_score"]) == (
        "C",
        "1.2",
        "N/A",
        2.7,
    )
    assert (change["index_if_reverted"], change["rank_if_reverted"], change["ranks_changed"]) == (
        None,
        None,
        ["A", "B"],
    )
