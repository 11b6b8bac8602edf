"""The manifest as people see it: the workbook's "Nguồn dữ liệu" sheet, the report's and the annex's closing section.

Why one module: the three views show the same lines in the same words, and the sheet is also
read back by `parindex verify` (`manifest_from_sheet`), so its layout is written and read here
and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .i18n import N_, Texts, resolve_lang

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TEXT = Texts(
    {
        "sheet": N_("Sources"),
        "title": N_("Sources of these results"),
        "version": N_("parindex version"),
        "framework": N_("Framework"),
        "year": N_("Year"),
        "created": N_("Created"),
        "options": N_("Options that change numbers"),
        "none": N_("none"),
        "kind": N_("Kind"),
        "file": N_("File"),
        "size": N_("Size (bytes)"),
        "framework_file": N_("framework file"),
        "input_file": N_("input file"),
        "check": N_(
            "SHA-256 of each file as it was read. To check these results against the files: "
            "parindex verify FOLDER RESULT."
        ),
    }
)
SHA = "SHA-256"
#: The sheet's layout (1-based rows): the facts in column B beside their labels, then the files' table.
FACT_ROWS = {"version": 3, "framework": 4, "year": 5, "created": 6, "options": 7}
FILES_HEADER_ROW = 9


def _lang(lang: str) -> str:
    return resolve_lang(lang)


def sheet_names() -> tuple[str, ...]:
    """The sheet's name in every language (verify looks for any of them)."""
    return tuple(TEXT[lang]["sheet"] for lang in ("vi", "en"))


def options_text(options: Mapping[str, Any], lang: str) -> str:
    """The options as JSON (``{"round": 2}``), or "none" in LANG: the one form verify reads back."""
    return json.dumps(options, ensure_ascii=False, sort_keys=True) if options else TEXT[_lang(lang)]["none"]


def facts(manifest: Mapping[str, Any], year: Any, lang: str) -> list[tuple[str, str]]:
    """(label, value) of the run: version, framework, year, time, options, in LANG."""
    text = TEXT[_lang(lang)]
    return [
        (text["version"], str(manifest["parindex"])),
        (text["framework"], str(manifest["framework"]["id"])),
        (text["year"], str(year)),
        (text["created"], str(manifest["created"])),
        (text["options"], options_text(manifest["options"], lang)),
    ]


def file_rows(manifest: Mapping[str, Any], lang: str) -> list[tuple[str, str, int | None, str]]:
    """(kind, path, size, sha256) of every file: the framework's (no size), then the inputs."""
    text = TEXT[_lang(lang)]
    rows: list[tuple[str, str, int | None, str]] = [
        (text["framework_file"], f["path"], None, f["sha256"]) for f in manifest["framework"]["files"]
    ]
    rows += [(text["input_file"], f["path"], f["size"], f["sha256"]) for f in manifest["inputs"]]
    return rows


# -- the workbook sheet ---------------------------------------------------------------------------
def sources_sheet(workbook: Workbook, manifest: Mapping[str, Any], year: Any, lang: str, styles: Any) -> Worksheet:
    """The last sheet of the annex workbook: the run's facts, then one row per file read.

    STYLES is the workbook's `excel.Styles`, so the sheet looks like the annexes.
    """
    from .excel import Column, TableWriter, _title, cell_text
    from .excel_print import print_setup

    text = TEXT[_lang(lang)]
    sheet = workbook.create_sheet(text["sheet"])
    _title(sheet, 1, text["title"], "D")
    for (label, value), row in zip(facts(manifest, year, lang), FACT_ROWS.values(), strict=True):
        styles.apply(sheet.cell(row=row, column=1, value=cell_text(label)), "text", bold=True)
        styles.apply(sheet.cell(row=row, column=2, value=cell_text(value)), "text")
    columns = [Column(text["kind"], max_width=24), Column(text["file"]), Column(text["size"], "#,##0"), Column(SHA)]
    writer = TableWriter(sheet, columns, FILES_HEADER_ROW, styles)
    for entry in file_rows(manifest, lang):
        writer.add(entry)
    writer.finish()
    sheet.column_dimensions["D"].width = 68  # a SHA-256 is 64 characters
    note = sheet.cell(row=writer.row + 2, column=1, value=cell_text(text["check"]))
    styles.apply(note, "text")
    print_setup(sheet, FILES_HEADER_ROW, text["title"], lang)
    return sheet


def manifest_from_sheet(sheet: Worksheet) -> dict[str, Any] | None:
    """The manifest a "Nguồn dữ liệu" sheet shows, or None when the sheet is not laid out as parindex writes it."""
    from .output import plain_cell

    def value(row: int, column: int) -> Any:
        return plain_cell(sheet.cell(row=row, column=column).value)

    options = _options_back(value(FACT_ROWS["options"], 2))
    if options is None:
        return None
    kinds = {TEXT[lang][kind]: kind for lang in ("vi", "en") for kind in ("framework_file", "input_file")}
    framework: list[dict[str, Any]] = []
    inputs: list[dict[str, Any]] = []
    row = FILES_HEADER_ROW + 1
    while value(row, 1) in kinds:
        path, size, sha = value(row, 2), value(row, 3), value(row, 4)
        if kinds[value(row, 1)] == "framework_file":
            framework.append({"path": str(path), "sha256": str(sha)})
        else:
            inputs.append({"path": str(path), "size": size, "sha256": str(sha)})
        row += 1
    return {
        "parindex": str(value(FACT_ROWS["version"], 2)),
        "framework": {"id": str(value(FACT_ROWS["framework"], 2)), "files": framework},
        "inputs": inputs,
        "options": options,
        "created": str(value(FACT_ROWS["created"], 2)),
    }


def _options_back(text: Any) -> dict[str, Any] | None:
    """The options from their cell: "none" in either language is {}, else a JSON object; None when neither."""
    if not isinstance(text, str):
        return None
    if text in (TEXT["vi"]["none"], TEXT["en"]["none"]):
        return {}
    try:
        options = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return options if isinstance(options, dict) else None


# -- the HTML report and the Word annex -----------------------------------------------------------
def manifest_view(manifest: Mapping[str, Any], year: Any, lang: str) -> dict[str, Any]:
    """What the report's closing section shows: the run's facts and the files read (``parts.html.j2`` lays it out)."""
    text = TEXT[_lang(lang)]
    return {
        "title": text["title"],
        "facts": facts(manifest, year, lang),
        "headers": (text["kind"], text["file"], text["size"], SHA),
        "files": file_rows(manifest, lang),
        "check": text["check"],
    }


def add_docx_section(document: Any, manifest: Mapping[str, Any], year: Any, lang: str) -> None:
    """The Word annexes' closing section, on a page of its own: the run's facts and the files read."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    text = TEXT[_lang(lang)]
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    heading = document.add_paragraph().add_run(text["title"])
    heading.bold = True
    for label, value in facts(manifest, year, lang):
        document.add_paragraph().add_run(f"{label}: {value}").font.size = Pt(10)
    rows = file_rows(manifest, lang)
    grid = document.add_table(rows=1 + len(rows), cols=4)
    grid.style = "Table Grid"
    lines: list[tuple[str, str, str | int | None, str]] = [(text["kind"], text["file"], text["size"], SHA), *rows]
    from .docx_annex import _row_flag

    for r, cells in enumerate(lines):
        _row_flag(grid.rows[r], "w:cantSplit")  # printed as the annexes' tables are: no row split,
        if r == 0:
            _row_flag(grid.rows[r], "w:tblHeader")  # the header repeated on every page
        for c, shown in enumerate(cells):
            run = grid.cell(r, c).paragraphs[0].add_run("" if shown is None else str(shown))
            run.font.size = Pt(8)
            run.bold = r == 0
    document.add_paragraph().add_run(text["check"]).font.size = Pt(10)
