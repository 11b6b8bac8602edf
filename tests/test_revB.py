"""The shared helpers the review moved writers onto (writing.outermost_missing, writing.current_umask)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

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


def test_an_annex_is_read_once_and_hashed_as_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib
    import tomllib

    from annex_tables import MINI_ANNEX, write_xlsx
    from parindex.annex import GroupSpec, ImportOptions, prepare_import

    annex = write_xlsx(tmp_path / "PL1.xlsx", [("Phụ lục", MINI_ANNEX)])
    opened: list[Path] = []
    real_open = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == annex:
            opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting_open)
    imported = prepare_import([annex], ImportOptions((GroupSpec("so", "Sở"),), "tinh-x"))
    meta = tomllib.loads(imported.files["framework.toml"])
    assert len(opened) == 1
    assert meta["source_sha256"] == hashlib.sha256(annex.read_bytes()).hexdigest()
