"""Appraisal rounds and evidence, typed the way nobody expects (issue 10): every command must answer.

The exact problems are checked in tests/test_rounds.py; here, that no command fails with a
traceback, with and without --round.
"""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_SELF, write_folder
from hostile.case import DEFAULT_COMMANDS, Case

#: The default commands, and those that take --round.
ROUND_COMMANDS = (
    *DEFAULT_COMMANDS,
    ("score", "{folder}", "--round", "1"),
    ("explain", "{folder}", "A", "--round", "2", "--format", "json"),
    ("compare", "{folder}", "--round", "1"),
    ("export", "{folder}", "--xlsx", "{out}.xlsx", "--round", "1"),
)
#: For valid folders, also the council's worksheet (an invalid appraisal does not stop it: another exit code).
VALID_COMMANDS = (*ROUND_COMMANDS, ("template", "{folder}", "--appraisal", "--out", "{out}.xlsx"))


def _framework_line(folder: Path, line: str) -> Path:
    toml = folder / "framework" / "framework.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('not_applicable = "exclude"', f'not_applicable = "exclude"\n{line}'), encoding="utf-8")
    return folder


def wrong_rounds(root: Path) -> Path:
    """Rounds written as formulas, words, negative, huge and very long."""
    rows = ["=1+2", "vòng ba", "-1", "1e9", "2" * 5000]
    codes = ("1.1.1", "1.1.2", "1.2", "2.1", "1.1.1")
    units = ("A", "A", "A", "A", "B")
    lines = [f"{u},{c},1,x,{r}" for u, c, r in zip(units, codes, rows, strict=True)]
    return write_folder(root / "f", appraisal="unit_id,code,score,note,round\n" + "\n".join(lines) + "\n")


def round_two_text(root: Path) -> Path:
    """Round 2 only, blank scores beside explanations in markup and terminal codes, and a reason-less change."""
    appraisal = (
        "unit_id,code,score,note,round,explanation\n"
        'A,2.1,,,2,"[bold]giải trình[/bold] \x1b[31m"\n'
        "A,1.2,1,,2,$x^$\n"
        "B,2.1,N/A,=cmd,2,\n"
    )
    return write_folder(root / "f", appraisal=appraisal)


def evidence_required(root: Path) -> Path:
    """Evidence required; the evidence cells hold markup, a control character, or nothing."""
    self_assessment = MINI_SELF.replace("unit_id,code,score,note", "unit_id,code,score,note,Minh chứng")
    lines = self_assessment.splitlines()
    lines = [lines[0]] + [f"{line}{',[red]x' if i % 2 else ',' + chr(7)}" for i, line in enumerate(lines[1:])]
    folder = write_folder(root / "f", self_assessment="\n".join(lines) + "\n")
    return _framework_line(folder, 'evidence = "required"')


def evidence_not_a_word(root: Path) -> Path:
    return _framework_line(write_folder(root / "f"), "evidence = 5")


CASES = [
    Case("rounds-wrong-values", wrong_rounds, exit_code=1, first_code="invalid-round", commands=ROUND_COMMANDS),
    Case("rounds-round-two-text", round_two_text, exit_code=0, first_code=None, commands=VALID_COMMANDS),
    Case("rounds-evidence-required", evidence_required, exit_code=0, first_code=None, commands=VALID_COMMANDS),
    Case("rounds-evidence-not-a-word", evidence_not_a_word, exit_code=1, first_code="framework-invalid"),
]
