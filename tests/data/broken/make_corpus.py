"""Regenerate the broken-folder corpus: one defect per folder, its expectation in expected.json.

Each case starts from the mini folder of tests/conftest.py and breaks exactly one thing. The
expected problem (code, file, row as a spreadsheet shows it) is written beside it, so a reader
can open the folder and see the defect. Run from the repository root:

    python tests/data/broken/make_corpus.py
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))

from conftest import write_folder  # noqa: E402


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write_bytes(name: str, data: bytes) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / name).write_bytes(data)

    return edit


def remove(name: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / name).unlink()

    return edit


# name: (defect, expected code, file, row)
CASES: dict[str, tuple[Callable[[Path], None], str, str, int | None]] = {
    "missing-units": (remove("units.csv"), "missing-file", "units.csv", None),
    "missing-self-assessment": (remove("self-assessment.csv"), "missing-file", "self-assessment.csv", None),
    "empty-self-assessment": (write_bytes("self-assessment.csv", b""), "empty-file", "self-assessment.csv", None),
    "windows-1258-survey": (
        write_bytes(
            "survey.csv", "unit_id,code,score,note\nA,1.3,2.4,Không\nA,2.2,3.2,\nB,1.3,3,\nB,2.2,2,\n".encode("cp1258")
        ),
        "encoding-error",
        "survey.csv",
        2,
    ),
    "no-score-column": (
        replace("appraisal.csv", "unit_id,code,score,note", "unit_id,code,gia_tri,note"),
        "missing-column",
        "appraisal.csv",
        1,
    ),
    "extra-cell": (replace("self-assessment.csv", "A,1.2,3,", "A,1.2,3,,x"), "malformed-row", "self-assessment.csv", 4),
    "duplicate-unit": (replace("units.csv", "B,Sở Bình,so,yes", "A,Sở Bình,so,yes"), "duplicate-unit", "units.csv", 3),
    "unknown-group": (replace("units.csv", "B,Sở Bình,so,yes", "B,Sở Bình,xa,yes"), "unknown-group", "units.csv", 3),
    "every-unit-rejected": (
        write_bytes("units.csv", "unit_id,name,group\nA,Sở An,xa\nB,Sở Bình,xa\n".encode()),
        "unknown-group",
        "units.csv",
        2,
    ),
    "bad-ranked-flag": (
        replace("units.csv", "B,Sở Bình,so,yes", "B,Sở Bình,so,maybe"),
        "invalid-value",
        "units.csv",
        3,
    ),
    "blank-unit-name": (replace("units.csv", "B,Sở Bình,so", "B,,so"), "missing-value", "units.csv", 3),
    "unknown-unit": (replace("survey.csv", "B,2.2,2", "C,2.2,2"), "unknown-unit", "survey.csv", 5),
    "unknown-criterion": (
        replace("self-assessment.csv", "B,2.1,5,", "B,2.1,5,\nB,9.9,1,"),
        "unknown-criterion",
        "self-assessment.csv",
        10,
    ),
    "score-on-parent": (
        replace("appraisal.csv", "A,2.1,4.5", "A,1.1,4.5"),
        "not-a-leaf",
        "appraisal.csv",
        2,
    ),
    "survey-leaf-in-self": (
        replace("self-assessment.csv", "A,1.2,3,", "A,1.2,3,\nA,1.3,2,"),
        "wrong-method",
        "self-assessment.csv",
        5,
    ),
    "not-a-number": (
        replace("self-assessment.csv", "B,1.2,2,", "B,1.2,hai,"),
        "invalid-number",
        "self-assessment.csv",
        8,
    ),
    "too-many-decimals": (
        replace("survey.csv", "A,2.2,3.2", "A,2.2,3.2000001"),
        "invalid-number",
        "survey.csv",
        3,
    ),
    "above-maximum": (
        replace("self-assessment.csv", "A,1.1.1,2,", "A,1.1.1,2.5,"),
        "out-of-range",
        "self-assessment.csv",
        2,
    ),
    "negative": (replace("appraisal.csv", "A,2.1,4.5", "A,2.1,-1"), "out-of-range", "appraisal.csv", 2),
    "duplicate-row": (
        replace("self-assessment.csv", "B,2.1,5,", "B,2.1,5,\nB,2.1,4,"),
        "duplicate-row",
        "self-assessment.csv",
        10,
    ),
    "missing-score": (replace("self-assessment.csv", "B,1.1.2,2,\n", ""), "missing-score", "self-assessment.csv", None),
    "missing-survey-score": (replace("survey.csv", "B,1.3,3\n", ""), "missing-score", "survey.csv", None),
    "framework-sum": (
        replace("framework/criteria.csv", "1.1,Kế hoạch CCHC,4,", "1.1,Kế hoạch CCHC,5,"),
        "framework-sum-mismatch",
        "framework/criteria.csv",
        3,
    ),
    "framework-leaf-without-method": (
        replace("framework/criteria.csv", "1.2,Báo cáo CCHC,3,appraisal", "1.2,Báo cáo CCHC,3,"),
        "framework-invalid",
        "framework/criteria.csv",
        6,
    ),
    "framework-duplicate-code": (
        replace(
            "framework/criteria.csv",
            "2.2,Mức độ hài lòng,4,survey,,test",
            "2.2,Mức độ hài lòng,4,survey,,test\n2.2,Lặp lại,1,survey,,test",
        ),
        "framework-invalid",
        "framework/criteria.csv",
        11,
    ),
    "framework-bad-code": (
        replace("framework/criteria.csv", "2.2,Mức độ hài lòng,4,survey", "2.2a,Mức độ hài lòng,4,survey"),
        "framework-invalid",
        "framework/criteria.csv",
        10,
    ),
    "framework-orphan": (
        replace("framework/criteria.csv", "2.2,Mức độ hài lòng,4,survey", "3.2,Mức độ hài lòng,4,survey"),
        "framework-invalid",
        "framework/criteria.csv",
        10,
    ),
    "config-not-toml": (
        write_bytes("parindex.toml", b"year = 2024\nframework = mini\n"),
        "invalid-config",
        "parindex.toml",
        None,
    ),
    "unit-id-blank": (replace("self-assessment.csv", "B,2.1,5,", ",2.1,5,"), "missing-value", "self-assessment.csv", 9),
}


def main() -> None:
    for name in list(HERE.iterdir()):
        if name.is_dir():
            shutil.rmtree(name)
    for name, (defect, code, file, row) in CASES.items():
        folder = write_folder(HERE / name)
        defect(folder)
        (folder / "expected.json").write_text(
            json.dumps({"code": code, "file": file, "row": row}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
