"""The shared helpers the review moved writers onto (writing.outermost_missing, writing.current_umask)."""

from __future__ import annotations

import os
from pathlib import Path

from parindex.writing import current_umask, outermost_missing


def test_outermost_missing_is_the_first_folder_a_run_makes(tmp_path: Path) -> None:
    assert outermost_missing(tmp_path) is None
    assert outermost_missing(tmp_path / "a") == tmp_path / "a"
    assert outermost_missing(tmp_path / "a" / "b" / "c") == tmp_path / "a"
    (tmp_path / "a").mkdir()
    assert outermost_missing(tmp_path / "a" / "b" / "c") == tmp_path / "a" / "b"


def test_current_umask_reads_without_changing_it() -> None:
    before = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        assert current_umask() == 0o027
    finally:
        os.umask(before)
