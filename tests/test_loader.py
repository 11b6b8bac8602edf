"""The loading pipeline's steps on their own (parindex.inputs): each receives what it needs and
returns what it found, so each is checked here with exact values, apart from the whole load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from conftest import write_folder
from parindex.assessment import LOAD_STEPS, load_assessment, validate_folder
from parindex.framework import load_framework
from parindex.inputs.completeness import Sources
from parindex.inputs.config import read_config
from parindex.inputs.matching import prepare_columns
from parindex.inputs.model import ScoreFile, Unit
from parindex.inputs.tables import read_single
from parindex.inputs.units import check_units
from parindex.problems import Report
from parindex.readers import Table


def test_load_accepts_a_str_and_lists_the_files_read_in_order(mini: Path):
    loaded = load_assessment(str(mini))
    names = [p.name for p in loaded.files]
    assert names == ["parindex.toml", "units.csv", "self-assessment.csv", "appraisal.csv", "survey.csv"]
    assert loaded.folder == mini
    assert [u.unit_id for u in loaded.units] == ["A", "B"]


def test_progress_is_called_once_per_step_in_order(mini: Path):
    seen: list[str] = []
    validate_folder(mini, seen.append)
    assert seen == [
        "parindex.toml",
        "units",
        "self-assessment",
        "appraisal",
        "survey",
        "self-assessment ✓",
        "appraisal ✓",
        "survey ✓",
        "✓",
    ]
    assert len(seen) == LOAD_STEPS


def test_read_config_returns_the_year_framework_and_file(mini: Path, tmp_path: Path):
    report = Report()
    assert read_config(mini, report) == ((2024, "framework"), [mini / "parindex.toml"])
    assert report.errors == []
    config, files = read_config(tmp_path / "nowhere", report)
    assert (config, files) == (None, [])
    assert [(p.code, p.file) for p in report.errors] == [("missing-config", "parindex.toml")]


def test_check_units_returns_the_accepted_units_and_the_rejected_ids(tmp_path: Path):
    folder = write_folder(tmp_path / "f", units="unit_id,name,group\nA,Sở An,so\na,Sở Á,so\nC,Sở Cờ,nowhere\nD,,so\n")
    report = Report()
    framework = load_framework("framework", folder, report)
    table, files = read_single(folder, "units", True, report)
    assert files == [folder / "units.csv"]
    roster = check_units(table, framework, report)
    assert roster.units == [Unit("A", "Sở An", "so", True)]
    assert roster.rejected == ["a", "c", "d"]
    found = [(p.code, p.row) for p in report.errors]
    assert found == [("missing-value", 5), ("duplicate-unit", 3), ("unknown-group", 4)]


def test_check_units_of_an_unreadable_table_is_an_empty_roster():
    roster = check_units(None, None, Report())
    assert (roster.units, roster.rejected) == (None, [])


def test_prepare_columns_is_pure_and_finds_each_row_s_unit():
    columns = {
        "unit_id": pa.array(["b", "A", "x", ""]),
        "code": pa.array(["1", "1", "2", ""]),
        "score": pa.array(["1", "N/A", "abc", ""]),
    }
    table = Table("t.csv", columns, np.array([2, 3, 4, 5]))
    prepared = prepare_columns(table, ["a", "b"], ["x"])
    assert prepared.unit_pos.tolist() == [1, 0, -1, -1]
    assert prepared.rejected.tolist() == [False, False, True, False]
    assert prepared.parsed.na.tolist() == [False, True, False, False]
    assert prepared.parsed.invalid.tolist() == [False, False, True, False]
    assert {k: v.tolist() for k, v in prepared.blank.items()} == {
        "unit_id": [False, False, False, True],
        "code": [False, False, False, True],
        "score": [False, False, False, True],
    }
    assert prepared.codes[0] == ["1", "2", ""]


def test_sources_merge_the_score_files_in_reading_order():
    table = Table("x", {}, np.zeros(0, dtype=np.int64))
    files = {
        "self-assessment": ScoreFile(table, "self-assessment/", unit_files={"a": "self-assessment/A.csv"}),
        "appraisal": ScoreFile(None, "", unit_files={"a": "appraisal/A.csv", "b": "appraisal/B.csv"}),
        "survey": ScoreFile(table, "survey.csv", unidentified=["b", None]),
    }
    sources = Sources.of(files)
    assert sources.unreadable == frozenset({"appraisal"})
    assert sources.labels == {"self-assessment": "self-assessment/", "survey": "survey.csv"}
    assert sources.unit_files == {"a": "self-assessment/A.csv", "b": "appraisal/B.csv"}
    assert sources.unidentified == ["b", None]
    assert sources.label("appraisal") == "appraisal.csv"


def test_a_units_folder_is_not_the_units_table(tmp_path: Path):
    """It used to end in an internal error (KeyError): per-unit files are for scores only."""
    folder = write_folder(tmp_path / "f")
    (folder / "units.csv").unlink()
    (folder / "units").mkdir()
    report = validate_folder(folder)
    assert [(p.code, p.file) for p in report.errors] == [("missing-file", "units.csv")]
