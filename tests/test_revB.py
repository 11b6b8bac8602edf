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


def test_a_group_of_bonus_criteria_only_gets_its_workbooks_as_template_group_gets_its_sheet(tmp_path: Path) -> None:
    """The per-unit workbooks skip a group by the same rule as `template --group` (bonus leaves are self-assessed)."""
    from conftest import write_folder
    from parindex.framework import load_framework
    from parindex.template_folder import folder_units, without_criteria, write_unit_templates
    from parindex.templates import template_rows

    units = "unit_id,name,group\nA,Sở An,so\nC,Xã Cờ,xa\nD,Xã Dừa,ks\n"
    folder = write_folder(tmp_path / "f", units=units, self_assessment=None, appraisal=None, survey=None)
    with (folder / "framework" / "framework.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[groups.xa]\nname = "Xã"\ncriteria = "xa.csv"\n')
        handle.write('\n[groups.ks]\nname = "Khảo sát"\ncriteria = "ks.csv"\n')
    criteria = "code,name,max_points,method\n1,Khảo sát,10,survey\n2,Sáng kiến,2,bonus\n"
    (folder / "framework" / "xa.csv").write_text(criteria, encoding="utf-8")
    (folder / "framework" / "ks.csv").write_text("code,name,max_points,method\n1,Khảo sát,10,survey\n", "utf-8")
    framework = load_framework(folder / "framework", allow_outside=True)
    found = folder_units(folder, framework)
    assert [row["code"] for row in template_rows(framework, "xa")] == ["2"]
    assert without_criteria(framework, found.units) == ["D"]
    written = write_unit_templates(framework, found, tmp_path / "out")
    assert [p.name for p in written] == ["A.xlsx", "C.xlsx"]


@pytest.mark.parametrize("extra", [("--group", "so"), ("--appraisal",)])
def test_no_sheet_over_an_existing_file_without_force(runner: Any, tmp_path: Path, extra: tuple[str, ...]) -> None:
    from conftest import invoke, write_folder

    folder = write_folder(tmp_path / "f")
    out = tmp_path / "filled.xlsx"
    out.write_bytes(b"filled in")
    result = invoke(runner, "template", folder, *extra, "--out", out, "--lang", "en")
    assert result.exit_code == 2
    assert f"{out} exists; a filled-in sheet would be lost. Choose another name or add --force." in result.output
    assert out.read_bytes() == b"filled in"
    assert invoke(runner, "template", folder, *extra, "--out", out, "--force").exit_code == 0
    assert out.read_bytes() != b"filled in"


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_an_annex_the_system_will_not_read_is_a_problem_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    from parindex.annex import source

    annex = tmp_path / f"PL1{suffix}"
    annex.write_bytes(b"PK")

    def refuse(path: Path, label: str) -> tuple[bytes | None, None]:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(source, "read_bounded", refuse)
    tables, problems = source.read_annex(annex)
    assert tables == [] and [(p.code, p.file) for p in problems] == [("not-a-file", annex.name)]
    assert f"PL1{suffix} (" in problems[0].message("en")
