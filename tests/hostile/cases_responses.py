"""Survey points from questionnaire answers (issue 14, item 5): folders whose survey is survey-responses.

The builder is shared with tests/test_responses.py, which checks the exact values and problems; the
harness runs every command on a valid responses folder and on hostile ones.
"""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_CRITERIA, write_folder
from hostile.case import Case

#: The mini framework with the survey leaf 2.2 worth 2 points (2.1 takes the rest of domain 2).
CRITERIA = MINI_CRITERIA.replace("2.1,Công khai TTHC,6", "2.1,Công khai TTHC,8").replace(
    "2.2,Mức độ hài lòng,4", "2.2,Mức độ hài lòng,2"
)
#: survey.csv of that framework (for a folder that has both).
SURVEY_TABLE = "unit_id,code,score\nA,1.3,2.4\nA,2.2,1.2\nB,1.3,3\nB,2.2,2\n"
ANSWERS = "answers = { A = 1, B = 0.6, C = 0.2, D = 0 }\n"


def responses_folder(root: Path, responses: str | None, survey: str | None = "", raw: str | None = None) -> Path:
    """A mini assessment whose survey is survey-responses.csv (RESPONSES; None: no file written).

    SURVEY is added to the framework's [survey] table below its answer weights (None: no [survey]
    table at all); RAW, when given, is written instead as the framework.toml's last lines.
    """
    table = raw if raw is not None else "" if survey is None else f"\n[survey]\n{ANSWERS}{survey}"
    folder = write_folder(root, criteria=CRITERIA, survey=None, bands=table)
    if responses is not None:
        (folder / "survey-responses.csv").write_text(responses, encoding="utf-8")
    return folder


def _valid(root: Path) -> Path:
    pairs = [(unit, code) for unit in "AB" for code in ("1.3", "2.2")]
    rows = "".join(f"{u},{c},{r},{'ABCD'[(r * (1 + k)) % 4]}\n" for k, (u, c) in enumerate(pairs) for r in range(1, 31))
    return responses_folder(root, "unit_id,code,respondent,answer\n" + rows, survey="min_respondents = 30\n")


def _both(root: Path) -> Path:
    folder = _valid(root)
    (folder / "survey.csv").write_text(SURVEY_TABLE, encoding="utf-8")
    return folder


def _garbage(root: Path) -> Path:
    """Twenty thousand answers that are no answer: formulas, escapes, a long cell, a lone surrogate's stand-in."""
    junk = ("=cmd|' /C calc'!A0", "\x1b[31mA", "A" * 5000, "[bold]B[/bold]", "Ｂ", "0.6")
    rows = "".join(f'{"AB"[i % 2]},{("1.3", "2.2")[i // 2 % 2]},{i},"{junk[i % len(junk)]}"\n' for i in range(20_000))
    return responses_folder(root, "unit_id,code,respondent,answer\n" + rows)


def _weights_not_a_table(root: Path) -> Path:
    return responses_folder(root, "unit_id,code,respondent,answer\nA,1.3,1,A\n", raw='\n[survey]\nanswers = "A"\n')


CASES = [
    Case("responses-valid", _valid, 0, None),
    Case("responses-and-survey", _both, 1, "survey-and-responses"),
    Case("responses-garbage-answers", _garbage, 1, "unknown-answer"),
    Case("responses-weights-not-a-table", _weights_not_a_table, 1, "framework-invalid"),
]
