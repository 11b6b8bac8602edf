"""Shared fixtures: a tiny framework written by hand, and a builder for assessment folders.

The mini framework (max 20 points) has a leaf at level 2 (1.2) beside leaves at level 3 (1.1.x)
and survey leaves in both domains, so hand-worked expectations stay small.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parindex.cli import app

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "lai-chau-2023"

MINI_CRITERIA = """\
code,name,max_points,method,guidance,source
1,Chỉ đạo điều hành,10,,,test
1.1,Kế hoạch CCHC,4,,,test
1.1.1,Ban hành kế hoạch,2,appraisal,,test
1.1.2,Thực hiện kế hoạch,2,appraisal,,test
1.2,Báo cáo CCHC,3,appraisal,,test
1.3,Khảo sát chỉ đạo,3,survey,,test
2,Thủ tục hành chính,10,,,test
2.1,Công khai TTHC,6,appraisal,,test
2.2,Mức độ hài lòng,4,survey,,test
"""

MINI_UNITS = """\
unit_id,name,group,ranked
A,Sở An,so,yes
B,Sở Bình,so,yes
"""

# Full self-assessment for A and B (appraisal leaves 1.1.1, 1.1.2, 1.2, 2.1)
MINI_SELF = """\
unit_id,code,score,note
A,1.1.1,2,
A,1.1.2,1.5,
A,1.2,3,
A,2.1,6,
B,1.1.1,2,
B,1.1.2,2,
B,1.2,2,
B,2.1,5,
"""

MINI_APPRAISAL = """\
unit_id,code,score,note
A,2.1,4.5,Thiếu tài liệu kiểm chứng
"""

MINI_SURVEY = """\
unit_id,code,score
A,1.3,2.4
A,2.2,3.2
B,1.3,3
B,2.2,2
"""


def write_folder(
    root: Path,
    *,
    criteria: str = MINI_CRITERIA,
    units: str = MINI_UNITS,
    self_assessment: str | None = MINI_SELF,
    appraisal: str | None = MINI_APPRAISAL,
    survey: str | None = MINI_SURVEY,
    policy: str = "exclude",
    decimals: int = 2,
    bands: str = "",
) -> Path:
    """Write an assessment folder with its own framework; None leaves a file out."""
    framework = root / "framework"
    framework.mkdir(parents=True, exist_ok=True)
    (framework / "framework.toml").write_text(
        textwrap.dedent(
            f"""\
            id = "mini"
            title = "Mini test framework"
            decision = "test"
            date = "2024-01-01"
            decimals = {decimals}
            not_applicable = "{policy}"
            provenance = "Hand-written test fixture."

            [groups.so]
            name = "Sở, ban, ngành"
            criteria = "criteria.csv"
            """
        )
        + bands,
        encoding="utf-8",
    )
    (framework / "criteria.csv").write_text(criteria, encoding="utf-8")
    (root / "parindex.toml").write_text('year = 2024\nframework = "framework"\n', encoding="utf-8")
    (root / "units.csv").write_text(units, encoding="utf-8")
    for name, text in (("self-assessment", self_assessment), ("appraisal", appraisal), ("survey", survey)):
        if text is not None:
            (root / f"{name}.csv").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "mini")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str | Path):
    """Run the CLI in-process with English messages."""
    return runner.invoke(app, [str(a) for a in args], env={"PARINDEX_LANG": "en", "COLUMNS": "200"})
