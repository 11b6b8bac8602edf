"""Folders that are valid but leave the sensitivity analysis little to work with, or odd shapes to handle:
no ranked unit, one unit, no survey criterion, a unit whose every criterion is N/A, a council that turned
N/A into scores (reverting them takes the unit's maximum to 0). Every command must answer them (exit 0)."""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_APPRAISAL, MINI_CRITERIA, MINI_SELF, MINI_SURVEY, write_folder
from hostile.case import DEFAULT_COMMANDS, Case

COMMANDS = (
    *DEFAULT_COMMANDS,
    ("sensitivity", "{folder}", "--runs", "300", "--weight-spread", "40", "--format", "json"),
    ("sensitivity", "{folder}", "--runs", "50", "--survey-margin", "100", "--format", "csv", "--out", "{out}.csv"),
    ("report", "{folder}", "--html", "{out}-s.html", "--sensitivity"),
)

NO_SURVEY_CRITERIA = """\
code,name,max_points,method
1,Chỉ đạo điều hành,10,
1.1,Kế hoạch,4,appraisal
1.2,Báo cáo,6,appraisal
"""
# C says N/A to everything; the council gave it a score for 1.2 alone; its survey leaves are N/A too: its
# maximum is 1.2's 3 points, and reverting that one change takes it to 0 (C then leaves the ranking)
ALL_NA_SELF = MINI_SELF + "".join(f"C,{code},N/A,\n" for code in ("1.1.1", "1.1.2", "1.2", "2.1"))
ALL_NA_APPRAISAL = MINI_APPRAISAL + "C,1.2,2.7,Có tài liệu kiểm chứng\n"
ALL_NA_SURVEY = MINI_SURVEY + "C,1.3,N/A\nC,2.2,N/A\n"
THREE_UNITS = "unit_id,name,group\nA,Sở An,so\nB,Sở Bình,so\nC,Sở Chi,so\n"


def _no_ranked(root: Path) -> Path:
    return write_folder(root, units="unit_id,name,group,ranked\nA,Sở An,so,no\nB,Sở Bình,so,no\n")


def _one_unit(root: Path) -> Path:
    self_rows = "".join(line + "\n" for line in MINI_SELF.splitlines() if not line.startswith("B,"))
    survey = "".join(line + "\n" for line in MINI_SURVEY.splitlines() if not line.startswith("B,"))
    return write_folder(root, units="unit_id,name,group\nA,Sở An,so\n", self_assessment=self_rows, survey=survey)


def _no_survey(root: Path) -> Path:
    own = "unit_id,code,score\nA,1.1,4\nA,1.2,5\nB,1.1,3\nB,1.2,6\n"
    council = "unit_id,code,score,note\nA,1.2,3,Chậm\n"
    return write_folder(root, criteria=NO_SURVEY_CRITERIA, self_assessment=own, appraisal=council, survey=None)


def _appraised_from_na(root: Path) -> Path:
    return write_folder(
        root,
        criteria=MINI_CRITERIA,
        units=THREE_UNITS,
        self_assessment=ALL_NA_SELF,
        appraisal=ALL_NA_APPRAISAL,
        survey=ALL_NA_SURVEY,
    )


CASES = [
    Case("sensitivity-no-ranked-unit", _no_ranked, exit_code=0, first_code=None, commands=COMMANDS),
    Case("sensitivity-one-unit", _one_unit, exit_code=0, first_code=None, commands=COMMANDS),
    Case("sensitivity-no-survey-criterion", _no_survey, exit_code=0, first_code=None, commands=COMMANDS),
    Case("sensitivity-council-scored-na", _appraised_from_na, exit_code=0, first_code=None, commands=COMMANDS),
]
