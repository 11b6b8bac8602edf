"""The two reference points of the harness: a clean folder and one with a plain data error."""

from __future__ import annotations

from conftest import MINI_SELF, write_folder
from hostile.case import Case

CASES = [
    Case("clean-folder", lambda root: write_folder(root), exit_code=0, first_code=None),
    Case(
        "score-not-a-number",
        lambda root: write_folder(root, self_assessment=MINI_SELF.replace("A,1.2,3,", "A,1.2,ba,")),
        exit_code=1,
        first_code="invalid-number",
    ),
]
