"""Scoring and ranking, with expectations worked out by hand (see the comments)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from conftest import DATA, MINI_SELF, MINI_UNITS, write_folder
from parindex.assessment import load_assessment
from parindex.ranking import competition_ranks, vietnamese_key
from parindex.scores import parse_score_array
from parindex.scoring import score_assessment


def scores(folder: Path):
    results = score_assessment(load_assessment(folder))
    return {u.unit.unit_id: u for g in results.groups.values() for u in g.units}, results


def test_binh_duong_2017_worked_example():
    # domain.md: appraisal 51.75 + survey 32.83 = 84.58 of 100 -> index 84.58 %
    by_id, _ = scores(DATA / "binh-duong-2017")
    unit = by_id["A"]
    assert unit.appraisal_total == Decimal("51.75")
    assert unit.survey_total == Decimal("32.83")
    assert unit.total == Decimal("84.58")
    assert unit.max_points == Decimal(100)
    assert unit.published_index == Decimal("84.58")
    assert unit.self_total == Decimal(55)
    assert (unit.accepted, unit.adjusted_up, unit.adjusted_down) == (0, 0, 1)


def test_mini_by_hand(mini: Path):
    by_id, results = scores(mini)
    a, b = by_id["A"], by_id["B"]
    # A: 1.1.1=2, 1.1.2=1.5, 1.2=3 (level-2 leaf), 2.1 appraised 4.5 (self 6); survey 2.4 + 3.2
    assert a.self_total == Decimal("12.5")
    assert a.appraisal_total == Decimal(11)
    assert a.survey_total == Decimal("5.6")
    assert a.total == Decimal("16.6")
    assert a.max_points == Decimal(20)
    assert a.index == Decimal(83)
    assert a.domains["1"].points == Decimal("8.9") and a.domains["1"].index == Decimal(89)
    assert a.domains["2"].points == Decimal("7.7") and a.domains["2"].index == Decimal(77)
    assert (a.accepted, a.adjusted_up, a.adjusted_down) == (3, 0, 1)
    # B: 2+2+2+5 = 11 appraisal, 3+2 survey -> 16 / 20 = 80 %
    assert b.total == Decimal(16) and b.index == Decimal(80)
    assert [(u.unit.unit_id, u.rank) for u in results.groups["so"].units] == [("A", 1), ("B", 2)]
    # group mean = mean of the indices (83 + 80) / 2
    assert results.groups["so"].mean_index == Decimal("81.5")


@pytest.mark.parametrize(
    ("policy", "total", "maximum", "index"),
    [
        # A marks 1.2 (max 3) N/A: exclude -> 13.6 / 17 = 80 %; full -> 16.6 / 20 = 83 %
        ("exclude", "13.6", "17", Decimal(80)),
        ("full", "16.6", "20", Decimal(83)),
    ],
)
def test_not_applicable_policies(tmp_path: Path, policy: str, total: str, maximum: str, index: Decimal):
    folder = write_folder(tmp_path / policy, self_assessment=MINI_SELF.replace("A,1.2,3,", "A,1.2,N/A,"), policy=policy)
    by_id, _ = scores(folder)
    a = by_id["A"]
    assert a.total == Decimal(total)
    assert a.max_points == Decimal(maximum)
    assert a.index == index
    assert a.not_applicable == 1
    if policy == "exclude":
        # domain 1 loses the 3 points of 1.2: 5.9 / 7
        assert a.domains["1"].max_points == Decimal(7)
        assert a.domains["1"].points == Decimal("5.9")


def test_appraisal_na_overrides_self_score(tmp_path: Path):
    folder = write_folder(tmp_path / "f", appraisal="unit_id,code,score,note\nA,1.2,KAD,Không áp dụng\n")
    by_id, _ = scores(folder)
    assert by_id["A"].max_points == Decimal(17)  # 1.2 excluded by the council's N/A


def test_tie_only_at_published_precision(tmp_path: Path):
    # One appraisal leaf of max 3 and survey of max 0... use a one-domain framework of 300 points:
    criteria = "code,name,max_points,method\n1,Một,300,appraisal\n"
    units = "unit_id,name,group\nX,Sở Xây dựng,so\nY,Sở Y tế,so\nZ,Sở Công Thương,so\nW,Sở Đ,so\n"
    # X: 258.873/300 = 86.291 %; Y: 258.882/300 = 86.294 %; both publish 86.29 -> tied rank 1
    # Z: 258.855/300 = 86.285 % -> half-up 86.29 too (banker's rounding would give 86.28)
    # W: 258.84/300 = 86.28 % -> rank 4 (competition ranking 1, 1, 1, 4)
    self_rows = 'unit_id,code,score\nX,1,258.873\nY,1,"258,882"\nZ,1,258.855\nW,1,258.84\n'
    folder = write_folder(
        tmp_path / "tie", criteria=criteria, units=units, self_assessment=self_rows, appraisal=None, survey=None
    )
    by_id, results = scores(folder)
    assert by_id["X"].index == Decimal("86.291")
    assert by_id["Z"].published_index == Decimal("86.29")
    order = [(u.unit.unit_id, u.rank, u.tied) for u in results.groups["so"].units]
    # within the tie: by Vietnamese name order (Công Thương, Xây dựng, Y tế)
    assert order == [("Z", 1, True), ("X", 1, True), ("Y", 1, True), ("W", 4, False)]


def test_exactness_where_floats_fail(tmp_path: Path):
    # 0.1 + 0.2 + ... in binary floats drifts; ten leaves of 0.1 must total exactly 1 and 50.00 %
    rows = "\n".join(f"1.{i},L{i},0.2,appraisal" for i in range(1, 11))
    criteria = f"code,name,max_points,method\n1,D,2,\n{rows}\n"
    self_rows = "unit_id,code,score\n" + "\n".join(f"A,1.{i},0.1" for i in range(1, 11)) + "\n"
    units = "unit_id,name,group\nA,Sở An,so\n"
    folder = write_folder(
        tmp_path / "exact", criteria=criteria, units=units, self_assessment=self_rows, appraisal=None, survey=None
    )
    by_id, _ = scores(folder)
    assert by_id["A"].total == Decimal(1)
    assert by_id["A"].index == Decimal(50)


def test_unranked_unit_listed_last_without_rank(tmp_path: Path):
    units = MINI_UNITS.replace("A,Sở An,so,yes", "A,Sở An,so,no")
    folder = write_folder(tmp_path / "u", units=units)
    _, results = scores(folder)
    order = [(u.unit.unit_id, u.rank) for u in results.groups["so"].units]
    assert order == [("B", 1), ("A", None)]
    # the mean is over ranked units only
    assert results.groups["so"].mean_index == Decimal(80)


def test_bands_applied_on_published_index(tmp_path: Path):
    bands = '\nbands = [{min = 82, label = "Tốt"}, {min = 0, label = "Khá"}]\n'
    folder = write_folder(tmp_path / "b", bands=bands)
    by_id, _ = scores(folder)
    assert by_id["A"].band == "Tốt"  # 83 %
    assert by_id["B"].band == "Khá"  # 80 %


def test_competition_ranks():
    values = [Decimal(x) for x in ("90", "85", "85", "80", "80", "80", "70")]
    assert competition_ranks(values) == [1, 2, 2, 4, 4, 4, 7]


def test_vietnamese_name_order():
    names = ["Sở Y tế", "Sở Đ", "Sở D", "Sở Ăn", "Sở An", "Sở Âm", "Sở Ba", "Sở Bà"]
    assert sorted(names, key=vietnamese_key) == ["Sở An", "Sở Ăn", "Sở Âm", "Sở Ba", "Sở Bà", "Sở D", "Sở Đ", "Sở Y tế"]


def test_score_rows_as_pandas_for_notebooks(mini: Path):
    # library users get each score table as a DataFrame, with what matching found per row
    frame = load_assessment(mini).rows["appraisal"]
    assert list(frame.columns) == [
        "unit_id",
        "code",
        "score",
        "note",
        "row",
        "file",
        "micro",
        "na",
        "bad",
        "unit_pos",
        "leaf",
        "round",
    ]
    record = frame.iloc[0]
    assert (record["unit_id"], record["code"], record["row"], record["file"]) == ("A", "2.1", 2, "appraisal.csv")
    assert record["micro"] == 4_500_000 and record["leaf"] == 4 and record["note"] == "Thiếu tài liệu kiểm chứng"


def test_score_texts_are_parsed_once_each_and_mapped_back_to_their_rows():
    """parse_score_array parses each distinct text once: every row, in every chunk, must get its own result."""
    column = pa.chunked_array(
        [["0,5", "1", "n/a", ""], ["abc", "0,5", "1.1234567", "1.1000000"], [], ["1", None, "-0.25", "1"]],
        type=pa.string(),
    )
    parsed = parse_score_array(column)
    assert parsed.micro.tolist() == [500000, 1000000, 0, 0, 0, 500000, 0, 1100000, 1000000, 0, -250000, 1000000]
    assert np.flatnonzero(parsed.na).tolist() == [2]
    assert np.flatnonzero(parsed.blank).tolist() == [3, 9]
    assert np.flatnonzero(parsed.invalid).tolist() == [4, 6]
    assert parse_score_array(pa.chunked_array([], type=pa.string())).micro.tolist() == []
