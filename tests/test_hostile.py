"""Every command on every hostile case (issue 15): the exit code, the first problem's code, no traceback.

Cases live in ``tests/hostile/cases_*.py``; each builds its input in a temporary folder.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

import pytest

import hostile
from conftest import invoke, write_folder
from hostile.case import Case


def _cases() -> list[Case]:
    cases: list[Case] = []
    for module in pkgutil.iter_modules(hostile.__path__):
        if module.name.startswith("cases_"):
            cases += importlib.import_module(f"hostile.{module.name}").CASES
    return sorted(cases, key=lambda case: case.name)


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_command_answers_the_hostile_case(case: Case, runner, tmp_path: Path):
    folder = case.build(tmp_path / "case")
    previous = write_folder(tmp_path / "previous")
    for number, command in enumerate(case.commands):
        out = tmp_path / f"out{number}"
        args = [part.format(folder=folder, out=out, previous=previous) for part in command]
        result = invoke(runner, *args)
        shown = f"{' '.join(command)}\n{result.output}"
        assert result.exit_code == case.exit_code, shown
        assert "Traceback" not in result.output, shown
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
        for text in case.says:
            assert text in result.output, shown
        if command[:1] == ("validate",) and "json" in command:
            report = json.loads(result.stdout)
            first = report["errors"][0]["code"] if report["errors"] else None
            assert first == case.first_code, shown
