"""`parindex verify` on hostile results (issue 13): every one is answered with a message, never a traceback.

Each case writes the mini folder (valid) and, beside it, a RESULT file made to break the reader:
brackets nested beyond Python's stack, values typed by hand that are no numbers Decimal can subtract,
a zip bomb, a forged "Nguồn dữ liệu" sheet, a CSV cell beyond the csv module's limit, a manifest that
names files outside the folder.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from conftest import write_folder
from hostile.case import Case
from parindex.assessment import load_assessment
from parindex.manifest import manifest_of, sidecar_text
from parindex.output import results_to_csv, results_to_dict
from parindex.scoring import score_assessment


def _verify(name: str) -> tuple[tuple[str, ...], ...]:
    """verify FOLDER RESULT, as a table and as JSON (RESULT beside the folder)."""
    result = "{folder}/../" + name
    return (("verify", "{folder}", result), ("verify", "{folder}", result, "--format", "json"))


def _genuine(folder: Path) -> dict[str, Any]:
    assessment = load_assessment(folder)
    return results_to_dict(score_assessment(assessment), "en", manifest_of(assessment))


def build_deep_json(root: Path) -> Path:
    folder = write_folder(root / "mini")
    (root / "result.json").write_text("[" * 200_000, encoding="utf-8")
    return folder


def build_hand_typed_values(root: Path) -> Path:
    """A genuine result whose values were replaced by texts no Decimal can subtract, and an id by a list."""
    folder = write_folder(root / "mini")
    document = _genuine(folder)
    document["rows"][0]["index"] = "1e999999999"
    document["rows"][1]["total"] = "sNaN"
    document["rows"][1]["group"] = [1]
    document["groups"][0]["mean_index"] = {"x": 1}
    (root / "result.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def build_zip_bomb(root: Path) -> Path:
    folder = write_folder(root / "mini")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"\0" * 20_000_000)  # packs about 1,000 times
    (root / "result.xlsx").write_bytes(buffer.getvalue())
    return folder


def build_forged_sources_sheet(root: Path) -> Path:
    """A workbook with a "Nguồn dữ liệu" sheet whose options cell holds 30,000 nested brackets."""
    folder = write_folder(root / "mini")
    book = Workbook()
    sheet = book.active
    sheet.title = "Nguồn dữ liệu"
    sheet["B7"] = "[" * 30_000
    sheet["A10"] = "tệp đầu vào"
    book.save(root / "result.xlsx")
    return folder


def build_huge_csv_cell(root: Path) -> Path:
    folder = write_folder(root / "mini")
    assessment = load_assessment(folder)
    text = results_to_csv(score_assessment(assessment)).replace("Sở An", "x" * 200_000)
    (root / "result.csv").write_text(text, encoding="utf-8")
    (root / "result.csv.manifest.json").write_text(sidecar_text(manifest_of(assessment)), encoding="utf-8")
    return folder


def _outside_paths(document: dict[str, Any]) -> None:
    inputs = document["manifest"]["inputs"]
    inputs[0]["path"] = "../../../../../../etc/passwd"
    inputs[1]["path"] = "/etc/hostname"


def build_paths_outside(root: Path) -> Path:
    """A manifest naming files outside the folder, the folder still valid: they are missing, not read."""
    folder = write_folder(root / "mini")
    document = _genuine(folder)
    _outside_paths(document)
    (root / "result.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def build_paths_outside_invalid_folder(root: Path) -> Path:
    """The same, the folder no longer valid: verify hashes the manifest's files itself, never outside it."""
    folder = build_paths_outside(root)
    (folder / "units.csv").write_text("unit_id\n", encoding="utf-8")
    return folder


def build_result_is_a_folder(root: Path) -> Path:
    folder = write_folder(root / "mini")
    (root / "result.json").mkdir()
    return folder


def build_binary_garbage(root: Path) -> Path:
    folder = write_folder(root / "mini")
    (root / "result.bin").write_bytes(bytes(range(256)) * 64)
    return folder


CASES = [
    Case("verify-deep-json", build_deep_json, 1, None, commands=_verify("result.json")),
    Case("verify-hand-typed-values", build_hand_typed_values, 1, None, commands=_verify("result.json")),
    Case("verify-zip-bomb", build_zip_bomb, 1, None, commands=_verify("result.xlsx")),
    Case("verify-forged-sources-sheet", build_forged_sources_sheet, 1, None, commands=_verify("result.xlsx")),
    Case("verify-huge-csv-cell", build_huge_csv_cell, 1, None, commands=_verify("result.csv")),
    Case("verify-paths-outside", build_paths_outside, 1, None, commands=_verify("result.json")),
    Case(
        "verify-paths-outside-invalid-folder",
        build_paths_outside_invalid_folder,
        1,
        None,
        commands=_verify("result.json"),
    ),
    Case("verify-result-is-a-folder", build_result_is_a_folder, 2, None, commands=_verify("result.json")),
    Case("verify-binary-garbage", build_binary_garbage, 1, None, commands=_verify("result.bin")),
]
