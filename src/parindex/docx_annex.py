"""The Word annexes of the results decision: one annex per group, in the layout of Decree 30/2020/NĐ-CP.

Why Word: officers draft the results decision in Word and attach the annexes to it; the xlsx and the
HTML report cannot be attached as they are. Every amount is read from the one result table
(:class:`result_table.ResultTable`), as the JSON, the xlsx and the HTML read it, so the annex and
``score --format json`` cannot disagree.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .annex_rows import AnnexRow, annex_mean, annex_rows
from .i18n import N_, gettext
from .labels import adjustment_rule, preliminary_line, survey_footnote
from .publication import SIGNATURE, Publication
from .ranking import tie_rule
from .result_table import Column, ResultTable
from .workbook_files import restamped, source_date
from .writing import atomic_write, check_output_path

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document
    from docx.table import Table

    from .compare import Ranking
    from .scoring import Results

FONT = "Times New Roman"
#: Body text, table and table header sizes (points): Decree 30/2020 asks 13-14 for text, 12-13 for
#: the national name and the issuing body; a table may be smaller.
TEXT_SIZE, TABLE_SIZE, HEADER_SIZE, NAME_SIZE = 13, 12, 11, 12
#: Above this many columns the annex is printed on landscape A4.
PORTRAIT_COLUMNS = 8
#: Widths (mm) of the rank, unit and change-phrase columns; the amounts share what is left of the line.
RANK_MM, NAME_MM, CHANGE_MM = 14, 48, 40
#: Word's unit of length: English Metric Units per millimetre.
EMU_PER_MM = 36_000
#: The widest an amount column gets (a landscape page gives the spare width to the name and the phrase).
AMOUNT_MM = 20
#: Width (mm) of the issuing body's half of the heading; the motto takes the rest.
BODY_MM = 62
#: The amounts of the published annex, in its order (the result table's annex columns without "points lost").
AMOUNT_KEYS = (
    "self_total",
    "appraisal_total",
    "survey_total",
    "bonus_total",
    "penalty_total",
    "total",
    "max_points",
    "index",
)

WORDS = {
    "motto": N_("SOCIALIST REPUBLIC OF VIET NAM"),
    "motto2": N_("Independence - Freedom - Happiness"),
    "annex": N_("ANNEX {n}"),
    "title": N_("PAR INDEX RESULTS {year}"),
    "rank": N_("Rank"),
    "unit": N_("Unit"),
    "band": N_("Band"),
    "change": N_("Change from last year"),
    "unranked": N_("A unit marked “—” is not ranked."),
    "mean": N_("Group mean index"),
    "rank_note": N_("A rank with “=” is tied. {rule}"),
    "page": N_("Page"),
}


def _w(key: str, lang: str) -> str:
    return gettext(WORDS[key], lang)


def annex_document(
    results: Results,
    publication: Publication,
    lang: str = "vi",
    previous: Ranking | None = None,
    manifest: dict[str, Any] | None = None,
) -> Document:
    """The annexes of RESULTS as a Word document: one per group, each starting on a new page; with
    MANIFEST (`manifest.manifest_of`) a closing page lists the files and settings they come from."""
    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    _base_style(document)
    table = ResultTable(results)
    phrases = _phrases(results, previous, lang)
    for number, key in enumerate(results.groups, start=1):
        section = document.sections[0] if number == 1 else document.add_section(WD_SECTION.NEW_PAGE)
        columns = _columns(table, key, previous is not None, lang)
        _page_setup(section, landscape=len(columns) > PORTRAIT_COLUMNS)
        _heading(document, publication, lang)
        _titles(document, number, results, key, publication, lang)
        _ranking_table(document, table, key, columns, phrases, lang)
        _note(document, _notes(table, key, lang))
        _signature(document, lang)
    if manifest is not None:
        from .manifest_views import add_docx_section

        add_docx_section(document, manifest, results.year, lang)
    _footer(document, lang)
    _stamp(document)
    return document


# -- the columns -----------------------------------------------------------------------------------
def _columns(table: ResultTable, key: str, change: bool, lang: str) -> list[tuple[str, str]]:
    """(key, header) of each column of GROUP KEY's annex: rank, unit, the amounts, band, change."""
    columns = [("rank", _w("rank", lang)), ("name", _w("unit", lang))]
    columns += [(c.key, c.header(lang)) for c in _amounts(table)]
    if table.results.groups[key].group.bands:
        columns.append(("band", _w("band", lang)))
    if change:
        columns.append(("change", _w("change", lang)))
    return columns


def _amounts(table: ResultTable) -> list[Column]:
    """The published amounts, as the result table declares them."""
    return [c for c in table.annex_columns() if c.key in AMOUNT_KEYS]


def _phrases(results: Results, previous: Ranking | None, lang: str) -> dict[tuple[str, str], str]:
    """The decision's change phrase ("tăng 1,36 %, tăng 01 bậc") of each (group, unit id), with PREVIOUS."""
    if previous is None:
        return {}
    from .compare import compare_results

    document = compare_results(results, previous, lang, as_json=False)  # type: ignore[arg-type]
    return {(row["group"], row["unit_id"]): row["phrase"] or "" for row in document["rows"]}


def _cells(row: AnnexRow, columns: Sequence[tuple[str, str]], phrases: dict[Any, str], lang: str) -> list[str]:
    """One unit's row as the annex prints it: "14=" for a tie, decimal commas in Vietnamese."""
    words = {"rank": row.rank, "name": row.name, "band": row.band}
    words["change"] = phrases.get((row.group, row.score.unit.unit_id), "")
    return [words[key] if key in words else row.text(row.table.column(key), lang) for key, _h in columns]


# -- the page --------------------------------------------------------------------------------------
def _base_style(document: Document) -> None:
    """Times New Roman 13 for every paragraph, Vietnamese letters included (the East Asian font slot too)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(TEXT_SIZE)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(0)


def _page_setup(section: Any, landscape: bool) -> None:
    """A4 with the decree's margins (top/bottom 2 cm, left 3 cm, right 1.5 cm), landscape when LANDSCAPE."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Mm

    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)


def _paragraph(
    container: Any, text: str, *, bold: bool = False, italic: bool = False, size: int | None = None, center: bool = True
) -> Any:
    """A paragraph of one run in CONTAINER (the document or a cell), centred unless told."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def _borderless(document: Document, rows: int, columns: int) -> Table:
    """A table without borders (the default "Normal Table" style) whose cells start empty."""
    grid = document.add_table(rows=rows, cols=columns)
    for cell in grid._cells:
        cell._element.remove(cell.paragraphs[0]._p)
    return grid


def _heading(document: Document, publication: Publication, lang: str) -> None:
    """The issuing body beside the national motto, and the place and date under the motto."""
    grid = _borderless(document, 1, 2)
    line = _line_mm(document)
    _widths(grid, [BODY_MM, line - BODY_MM])
    left, right = grid.rows[0].cells
    body, locality = publication.body_lines()
    _paragraph(left, body, size=NAME_SIZE)
    if locality:
        _paragraph(left, locality, bold=True, size=NAME_SIZE)
    _paragraph(right, _w("motto", lang), bold=True, size=NAME_SIZE)
    _paragraph(right, _w("motto2", lang), bold=True, size=TEXT_SIZE + 1)
    place = publication.place()
    when = publication.long_date(lang)
    _paragraph(right, f"{place}, {when}" if place else when, italic=True, size=TEXT_SIZE + 1)


def _titles(document: Document, number: int, results: Results, key: str, publication: Publication, lang: str) -> None:
    """The annex number ("PHỤ LỤC n"), the annex title with the group and year, and the "Kèm theo Quyết định" line."""
    document.add_paragraph()
    _paragraph(document, _w("annex", lang).format(n=number), bold=True, size=TEXT_SIZE + 1)
    _paragraph(document, _w("title", lang).format(year=results.year), bold=True, size=TEXT_SIZE + 1)
    _paragraph(document, results.groups[key].group.name.upper(), bold=True, size=TEXT_SIZE + 1)
    preliminary = preliminary_line(results, lang)
    if preliminary:
        _paragraph(document, preliminary, bold=True)
    _paragraph(document, publication.attached_line(lang), italic=True)
    document.add_paragraph()


def _ranking_table(
    document: Document,
    table: ResultTable,
    key: str,
    columns: Sequence[tuple[str, str]],
    phrases: dict[Any, str],
    lang: str,
) -> None:
    """The group's ranking with its header repeated on every page, then the group mean row."""
    grid = document.add_table(rows=0, cols=len(columns))
    grid.style = document.styles["Table Grid"]
    _row(grid, [header for _key, header in columns], bold=True, header=True, size=HEADER_SIZE)
    for row in annex_rows(table, key):
        _row(grid, _cells(row, columns, phrases, lang), name_column=1)
    mean_row = [""] * len(columns)
    mean_row[1] = _w("mean", lang)
    mean_row[[k for k, _h in columns].index("index")] = annex_mean(table, key, lang)
    _row(grid, mean_row, bold=True, name_column=1)
    _widths(grid, _column_mm([k for k, _h in columns], _line_mm(document)))


def _line_mm(document: Document) -> float:
    """The width of the current section's text line in millimetres."""
    section = document.sections[-1]
    lengths = (section.page_width, section.left_margin, section.right_margin)  # EMU; set by _page_setup
    width, left, right = (int(length or 0) for length in lengths)
    return (width - left - right) / EMU_PER_MM


def _column_mm(keys: Sequence[str], line: float) -> list[float]:
    """Column widths: the amounts share the line up to AMOUNT_MM each; the name and change phrase get the rest."""
    fixed = {"rank": RANK_MM, "name": NAME_MM, "change": CHANGE_MM}
    amounts = [k for k in keys if k not in fixed]
    share = min(AMOUNT_MM, (line - sum(fixed.get(k, 0) for k in keys)) / max(1, len(amounts)))
    spare = line - share * len(amounts) - sum(fixed.get(k, 0) for k in keys)
    wide = [k for k in keys if k in ("name", "change")]
    widths = {k: fixed[k] + spare / len(wide) if k in wide else fixed[k] for k in fixed}
    return [widths.get(k, share) for k in keys]


def _widths(grid: Table, millimetres: Sequence[float]) -> None:
    """Fixed column widths (Word and LibreOffice both honour the cells' widths, not only the grid's)."""
    from docx.shared import Mm

    grid.autofit = False
    for column, width in zip(grid.columns, millimetres, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _row(
    grid: Table,
    values: Iterable[str],
    *,
    bold: bool = False,
    header: bool = False,
    name_column: int = -1,
    size: int = TABLE_SIZE,
) -> None:
    """A row that never splits across pages (w:cantSplit); HEADER repeats it on every page (w:tblHeader)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    row = grid.add_row()
    _row_flag(row, "w:cantSplit")
    if header:
        _row_flag(row, "w:tblHeader")
    for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if index == name_column else WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(value)
        run.bold = bold
        run.font.size = Pt(size)


def _row_flag(row: Any, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _note(document: Document, text: str) -> None:
    """A note under the table (the tie rule), italic and left-aligned."""
    document.add_paragraph()
    _paragraph(document, text, italic=True, size=TABLE_SIZE, center=False)


def _notes(table: ResultTable, key: str, lang: str) -> str:
    """The tie rule, and what "—" means when the group has a unit that is not ranked."""
    text = _w("rank_note", lang).format(rule=tie_rule(table.decimals, lang))
    if any(score.rank is None for score in table.results.groups[key].units):
        text += " " + _w("unranked", lang)
    extra = (survey_footnote(table.results.groups[key].units, lang), adjustment_rule(table.results.framework, lang))
    text += "".join(f" {line}" for line in extra if line)
    return text


def _signature(document: Document, lang: str) -> None:
    """The signature block on the right: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", the name blank."""
    document.add_paragraph()
    grid = _borderless(document, 1, 2)
    _row_flag(grid.rows[0], "w:cantSplit")  # the three lines stay together on one page
    left, right = grid.rows[0].cells
    _paragraph(left, "")
    for line in SIGNATURE:
        _paragraph(right, gettext(line, lang), bold=True)


def _footer(document: Document, lang: str) -> None:
    """The page number ("Trang X/Y") centred in every footer, with PAGE and NUMPAGES fields Word fills in.

    The later sections' footers are linked to the first (python-docx's default), so one footer serves all.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(_w("page", lang) + " ")
    _field(paragraph, "PAGE")
    paragraph.add_run("/")
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as its begin/instruction/separate/result/end runs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
            run._r.append(element)
        elif kind == "result":
            run.text = "1"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


# -- saving ----------------------------------------------------------------------------------------
def _stamp(document: Document) -> None:
    """The core properties dated SOURCE_DATE_EPOCH when set (reproducible), else now; no author."""
    date = source_date() or datetime.now(tz=UTC).replace(tzinfo=None)
    properties = document.core_properties
    properties.created = properties.modified = date
    properties.author = properties.last_modified_by = "parindex"
    properties.revision = 1


def docx_bytes(document: Document) -> bytes:
    """The document's bytes, every zip entry dated SOURCE_DATE_EPOCH when set (same bytes on every run)."""
    raw = io.BytesIO()
    document.save(raw)
    date = source_date()
    return raw.getvalue() if date is None else restamped(raw.getvalue(), date)


def export_docx(
    results: Results,
    path: Path,
    publication: Publication,
    lang: str = "vi",
    *,
    previous: Ranking | None = None,
    inputs: Iterable[Path] = (),
    manifest: dict[str, Any] | None = None,
) -> None:
    """Write the annexes to PATH atomically; refuses an input file or a folder (raises OutputError).

    The closing section shows MANIFEST; by default the manifest of the results' assessment, no options.
    """
    check_output_path(path, inputs)
    if manifest is None and results.assessment is not None:
        from .manifest import manifest_of

        manifest = manifest_of(results.assessment)
    data = docx_bytes(annex_document(results, publication, lang, previous, manifest))

    def write(temp: Path) -> None:
        temp.write_bytes(data)

    atomic_write(path, write)
