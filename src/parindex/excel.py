"""The results as an Excel workbook people attach to the results decision (openpyxl).

One sheet per group, named like the decision's annexes ("Phụ lục 1 - Sở, ban, ngành"), laid out
as published annexes are (STT, unit, points, index, rank, one index column per domain, the group
mean), plus a "Chi tiết" sheet with every unit × criterion so the annex can be audited line by
line. Numbers are stored as numbers, rounded half-up at the framework's precision exactly as
``parindex score --format json`` gives them, so a reader can re-sort, sum and compare without
retyping; a tied rank stays a number (shown "14=" by its number format, and marked in "Ghi chú").
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .annex_rows import annex_rows
from .display import visible
from .excel_print import print_setup
from .i18n import DEFAULT_LANG, N_, NP_, Lang, TextList, Texts, current_lang, gettext, resolve_lang
from .labels import SURVEY_MARK, adjustment_rule, label, preliminary_line, survey_footnote
from .numbers import count_text, round_half_up
from .output import OutputError, check_output_path, safe_cell
from .progress import counted
from .ranking import NO_MEAN, tie_rule
from .result_table import ResultTable
from .sheet_names import SHEET_NAME_LIMIT, abbreviate, cut_words
from .sheet_names import clean_sheet_name as clean_sheet_name  # importable from here, as before
from .sheet_names import short_group_name as short_group_name
from .workbook_files import _StampedZip as _StampedZip  # importable from here, as before the module
from .workbook_files import save_workbook as save_workbook
from .workbook_files import source_date as source_date
from .workbook_files import write_xlsx as write_xlsx

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from .assessment import Assessment
    from .details import LeafDetail
    from .framework import Group
    from .publication import Publication
    from .result_table import Column as ResultColumn
    from .scoring import Results

#: Excel refuses sheet names longer than this (openpyxl only warns, and Excel then "repairs" the file).
FONT_NAME = "Times New Roman"  # the font of Vietnamese administrative documents (Decree 30/2020)

TEXT = Texts(
    {
        "annex": N_("Annex"),
        "title": N_("{annex} {n}. PAR Index results {year}: {group}"),
        "subtitle": N_("Framework: {title}"),
        "decision": N_(" — Decision {decision}{date}"),
        "date": N_(" of {date}"),
        "band": N_("Band"),
        "domain": N_("Domain {code} (%)"),
        "unit_id": N_("Unit id"),
        "tied": N_("Tied"),
        "unranked": N_("Not ranked"),
        "mean": N_("Group mean index"),
        "legend": N_("Domain {code}: {name}"),
        "rank_note": N_("A rank with “=” is tied. {rule}"),
        "details": N_("Details"),
        "details_title": N_("Points per criterion of every unit, {year}"),
        "details_progress": N_("Writing the details sheet"),
        "appraisal": NP_("method", "Appraisal"),
        "survey": NP_("method", "Survey"),
        "bonus": NP_("method", "Bonus"),
        "penalty": NP_("method", "Penalty"),
        "na": N_("N/A"),
        "details_note": N_(
            "Score: the appraised score if any, else the self-score; survey criteria take the survey score. "
            "N/A: not applicable ({policy})."
        ),
        "exclude": N_("the criterion's maximum is taken off"),
        "full": N_("full points are awarded"),
    }
)

#: Columns of the details sheet.
DETAILS_HEADERS = TextList(
    [
        N_("Group"),
        N_("Unit id"),
        N_("Unit"),
        N_("Domain"),
        N_("Code"),
        N_("Criterion"),
        N_("Method"),
        N_("Maximum"),
        N_("Self-assessment"),
        N_("Appraisal"),
        N_("Change"),
        N_("Score"),
        N_("Points lost"),
        N_("Council's note"),
        N_("Self-assessment note"),
        N_("Evidence"),
        N_("Explanation"),
    ]
)


def _lang(lang: str) -> str:
    return resolve_lang(lang)


# -- sheet names ---------------------------------------------------------------------------------
def annex_sheet_name(number: int, group_name: str, lang: str = "vi") -> str:
    """The annex sheet name "Phụ lục N - <short group name>", within Excel's 31 characters.

    Shortening goes only as far as needed: the short name, then common abbreviations
    (thành phố → TP, Ủy ban nhân dân → UBND), then a cut at a word boundary. So the bundled
    groups become "Phụ lục 1 - Sở, ban, ngành" and "Phụ lục 2 - UBND huyện, TP" (the full
    "Phụ lục 2 - UBND huyện, thành phố" has 33 characters, which Excel refuses).
    """
    prefix = f"{TEXT[_lang(lang)]['annex']} {number} - "
    name = clean_sheet_name(short_group_name(group_name))
    if len(prefix + name) > SHEET_NAME_LIMIT:
        name = clean_sheet_name(abbreviate(name))
    return cut_words(clean_sheet_name(prefix + name), SHEET_NAME_LIMIT)


def _unique(name: str, taken: set[str]) -> str:
    """Excel compares sheet names case-insensitively; add " (2)" etc. to a clash."""
    candidate, n = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate = cut_words(name, SHEET_NAME_LIMIT - len(suffix)) + suffix
        n += 1
    taken.add(candidate.casefold())
    return candidate


# -- cell writing ---------------------------------------------------------------------------------
def number_format(decimals: int) -> str:
    """'0.00' for 2 decimals, '0' for none: Excel then shows the framework's precision."""
    return "0." + "0" * decimals if decimals > 0 else "0"


def cell_text(value: Any) -> Any:
    """A cell value with formula-looking text neutralised (CSV/Excel injection); numbers untouched.

    openpyxl stores any string starting with "=" as a formula, so this matters beyond CSV. Control
    characters, which a workbook cannot hold (openpyxl refuses them), are written as escapes (``\\x1b``).
    """
    return safe_cell(visible(value)) if isinstance(value, str) else safe_cell(value)


@dataclass
class Column:
    """One column of a table sheet: header, how numbers show, how wide text may get."""

    header: str
    number_format: str = "General"
    max_width: int = 40
    wrap: bool = False


class Styles:
    """The workbook's cell styles, registered once as named styles.

    Setting font, border and alignment cell by cell makes openpyxl hash style objects for every
    cell (slow on a details sheet of a few thousand rows); a named style is one lookup per cell.
    """

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.names: dict[tuple[str, bool, bool, str], str] = {}
        self.arrays: dict[tuple[str, bool, bool, str], Any] = {}

    def apply(
        self, cell: Any, kind: str, bold: bool = False, wrap: bool = False, number_format: str = "General"
    ) -> None:
        """Give CELL a style: by name the first time, then by copying that cell's style.

        Why: assigning a named style searches the workbook's list of style names twice per cell,
        which was most of the time of a large details sheet;
        ``cell._style = copy(other._style)`` is openpyxl's documented way to copy a style.
        """
        key = (kind, bold, wrap, number_format)
        array = self.arrays.get(key)
        if array is None:
            cell.style = self.get(kind, bold, wrap, number_format)
            self.arrays[key] = copy(cell._style)
        else:
            cell._style = copy(array)

    def get(self, kind: str, bold: bool = False, wrap: bool = False, number_format: str = "General") -> str:
        """The name of the style for KIND ("header", "text" or "number"), creating it on first use."""
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        key = (kind, bold, wrap, number_format)
        if key not in self.names:
            parts = ["parindex", kind, *(["bold"] if bold else []), *(["wrap"] if wrap else []), number_format]
            name = " ".join(parts).replace('"', "")
            style = NamedStyle(name=name)
            style.font = Font(name=FONT_NAME, size=11, bold=bold or kind == "header")
            thin = Side(style="thin", color="808080")
            style.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            style.number_format = number_format
            if kind == "header":
                style.fill = PatternFill("solid", fgColor="D9E1F2")
                style.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            else:
                horizontal = "right" if kind == "number" else None
                style.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=wrap)
            self.workbook.add_named_style(style)
            self.names[key] = name
        return self.names[key]


class TableWriter:
    """Writes a bordered table with a wrapped header, and sizes its columns to the content."""

    def __init__(self, sheet: Worksheet, columns: Sequence[Column], header_row: int, styles: Styles) -> None:
        self.sheet = sheet
        self.columns = list(columns)
        self.header_row = header_row
        self.row = header_row
        self.styles = styles
        self.widths = [0] * len(self.columns)
        header = styles.get("header")
        for i, column in enumerate(self.columns, start=1):
            cell = sheet.cell(row=header_row, column=i, value=cell_text(column.header))
            cell.style = header
            longest_word = max((len(w) for w in column.header.split()), default=4)
            self.widths[i - 1] = max(longest_word, 5)

    def add(self, values: Sequence[Any], bold: bool = False, formats: dict[int, str] | None = None) -> int:
        """Append one row; returns its row number. FORMATS overrides a column's number format."""
        self.row += 1
        for i, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            cell = self.sheet.cell(row=self.row, column=i + 1, value=cell_text(value))
            if isinstance(value, int | float) and not isinstance(value, bool):
                fmt = (formats or {}).get(i, column.number_format)
                self.styles.apply(cell, "number", bold, number_format=fmt)
                shown = _shown_number(value, fmt)
            else:
                self.styles.apply(cell, "text", bold, column.wrap)
                shown = "" if value is None else str(value)
            self.widths[i] = max(self.widths[i], min(len(shown), column.max_width))
        return self.row

    def finish(self) -> None:
        """Set column widths and the header row's height.

        A column is as wide as its widest value, and at least wide enough for its header to wrap
        onto two lines (a one-word-per-line header is unreadable); the header row is then as tall
        as its most wrapped header.
        """
        from openpyxl.utils import get_column_letter

        lines = 1
        for i, column in enumerate(self.columns):
            width = self.widths[i]
            while width < column.max_width and len(textwrap.wrap(column.header, width)) > 2:
                width += 1
            self.sheet.column_dimensions[get_column_letter(i + 1)].width = width + 2
            lines = max(lines, len(textwrap.wrap(column.header, width)) or 1)
        self.sheet.row_dimensions[self.header_row].height = 15 * lines + 4

    def width(self) -> float:
        """The table's total width in characters (to estimate how notes below it wrap)."""
        return sum(self.widths) + 2 * len(self.widths)

    @property
    def last_column(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(len(self.columns))


def _shown_number(value: float, fmt: str) -> str:
    if fmt.startswith("0.") or fmt == "0":
        places = len(fmt.split(".", 1)[1].split('"')[0]) if "." in fmt else 0
        return f"{value:.{places}f}" + ("=" if '"="' in fmt else "")
    return repr(value) if isinstance(value, float) else str(value)


def _title(sheet: Worksheet, row: int, text: str, last_column: str, size: int = 13, bold: bool = True) -> None:
    from openpyxl.styles import Alignment, Font

    cell = sheet.cell(row=row, column=1, value=cell_text(text))
    cell.font = Font(name=FONT_NAME, size=size, bold=bold, italic=not bold)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(f"A{row}:{last_column}{row}")
    sheet.row_dimensions[row].height = 20 if bold else 18


def _note(sheet: Worksheet, row: int, text: str, last_column: str, width: float) -> None:
    """A footnote merged across the table and wrapped, so it prints within the page width."""
    from openpyxl.styles import Alignment, Font

    cell = sheet.cell(row=row, column=1, value=cell_text(text))
    cell.font = Font(name=FONT_NAME, size=10, italic=True)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"A{row}:{last_column}{row}")
    lines = len(textwrap.wrap(text, max(int(width * 1.1), 20))) or 1
    sheet.row_dimensions[row].height = 14 * lines + 2


def _date_text(date: str, lang: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date.strip())
    if not match:
        return date
    year, month, day = match.groups()
    return f"{day}/{month}/{year}" if lang == "vi" else date


# -- the results workbook ------------------------------------------------------------------------
#: Layout of a group sheet: titles on rows 1-2, the header on row 4.
HEADER_ROW = 4


def results_workbook(
    assessment: Assessment,
    results: Results,
    lang: str = "vi",
    details: bool = True,
    publication: Publication | None = None,
    manifest: dict[str, Any] | None = None,
) -> Workbook:
    """The annex workbook: a sheet per group in rank order, then (with DETAILS) the "Chi tiết" sheet,
    then (with MANIFEST, `manifest.manifest_of`) the "Nguồn dữ liệu" sheet.

    With PUBLICATION (any detail of the results decision known) each annex carries the decision's
    "Kèm theo Quyết định …" line under its titles, as the Word annex does.
    """
    from openpyxl import Workbook

    from .details import leaf_details

    if details:  # before any work: a national folder's details may not fit in a sheet
        check_details_fit(results)
    lang = _lang(lang)
    text = TEXT[lang]
    table = ResultTable(results)
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    styles = Styles(workbook)
    taken: set[str] = set()
    framework = results.framework
    date = text["date"].format(date=_date_text(framework.date, lang)) if framework.date else ""
    subtitle = text["subtitle"].format(title=framework.title or framework.id)
    if framework.decision:
        subtitle += text["decision"].format(decision=framework.decision, date=date)
    preliminary = preliminary_line(results, lang)
    subtitle += f" — {preliminary}" if preliminary else ""
    for number, key in enumerate(results.groups, start=1):
        group = results.groups[key].group
        sheet = workbook.create_sheet(_unique(annex_sheet_name(number, group.name, lang), taken))
        writer = _annex_table(sheet, table, key, lang, styles)
        title = text["title"].format(annex=text["annex"], n=number, year=results.year, group=group.name)
        _title(sheet, 1, title, writer.last_column)
        _title(sheet, 2, subtitle, writer.last_column, size=11, bold=False)
        if publication is not None and publication.given():
            _title(sheet, 3, publication.attached_line(lang), writer.last_column, size=11, bold=False)
        _annex_notes(sheet, writer, results, group, lang)
        sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
        print_setup(sheet, HEADER_ROW, title, lang)
    if details:
        details_sheet(workbook, leaf_details(assessment), results, lang, taken, styles)
    if manifest is not None:
        from .manifest_views import sources_sheet

        sources_sheet(workbook, manifest, results.year, lang, styles)
    return workbook


def _annex_columns(group: Group, lang: str, decimals: int, amounts: list[ResultColumn]) -> list[Column]:
    """The annex sheet's columns: No., unit, the table's AMOUNTS, rank, note, band, domains, unit id."""
    text = TEXT[lang]
    fmt = number_format(decimals)
    columns = [Column(label("stt", lang), "0", 5), Column(label("unit", lang), max_width=45, wrap=True)]
    columns += [Column(amount.header(lang), fmt) for amount in amounts]
    columns += [Column(label("rank", lang), "0"), Column(label("note", lang), max_width=16)]
    if group.bands:
        columns.append(Column(text["band"], max_width=16))
    columns += [Column(text["domain"].format(code=d.code), fmt) for d in group.domains]
    columns.append(Column(text["unit_id"], max_width=20))
    return columns


def _annex_table(sheet: Worksheet, table: ResultTable, key: str, lang: str, styles: Styles) -> TableWriter:
    """One group's annex rows, read from the result table, and its mean row below them."""
    text = TEXT[lang]
    group_result = table.results.groups[key]
    group = group_result.group
    amounts = table.annex_columns()
    columns = _annex_columns(group, lang, table.decimals, amounts)
    writer = TableWriter(sheet, columns, HEADER_ROW, styles)
    rank_column = 2 + len(amounts)
    domains = [table.column(f"index_{d.code}") for d in group.domains]
    for row in annex_rows(table, key):
        score = row.score
        note = text["unranked"] if score.rank is None else (text["tied"] if score.tied else None)
        if not score.survey_used:
            note = f"{note} {SURVEY_MARK}" if note else SURVEY_MARK
        values: list[Any] = [row.number, score.unit.name, *row.numbers(amounts), score.rank, note]
        if group.bands:
            values.append(score.band)
        values += row.numbers(domains)
        values.append(score.unit.unit_id)
        writer.add(values, formats={rank_column: '0"="'} if score.tied else None)
    mean_values: list[Any] = [None] * len(columns)
    mean_values[1] = text["mean"]
    mean = group_result.mean_index
    mean_values[2 + [c.key for c in amounts].index("index")] = (
        gettext(NO_MEAN, lang) if mean is None else float(round_half_up(mean, table.decimals))
    )
    writer.add(mean_values, bold=True)
    writer.finish()
    return writer


def _annex_notes(sheet: Worksheet, writer: TableWriter, results: Results, group: Group, lang: str) -> None:
    """Below the annex: the tie rule, the domains' names, the framework's provenance."""
    text = TEXT[lang]
    framework = results.framework
    notes = [text["rank_note"].format(rule=tie_rule(framework.decimals, lang))]
    footnote = survey_footnote(results.groups[group.key].units, lang)
    adjustments = adjustment_rule(framework, lang)
    notes += [line for line in (footnote, adjustments) if line]
    notes += [text["legend"].format(code=d.code, name=d.name) for d in group.domains]
    if framework.provenance:
        notes.append(framework.provenance_in(lang).splitlines()[0])
    for offset, line in enumerate(notes, start=2):
        _note(sheet, writer.row + offset, line, writer.last_column, writer.width())


#: Rows one Excel sheet holds (Excel 2007 and later)
EXCEL_MAX_ROWS = 1_048_576
#: Rows of the details sheet besides its data: title, blank, header above; blank and note below
DETAILS_EXTRA_ROWS = 5


class TooLargeForExcel(OutputError):
    """The details sheet would have more rows than an Excel sheet holds."""


def detail_row_count(results: Results) -> int:
    """Rows of the "Chi tiết" sheet: one per unit and criterion (leaf)."""
    return sum(len(group.units) * len(group.group.leaves) for group in results.groups.values())


def check_details_fit(results: Results) -> None:
    """Refuse, before any work, a details sheet that Excel could not open (raises TooLargeForExcel).

    A national folder (10,000 units × 100 criteria) is at Excel's limit; the annex sheets still fit.
    """
    rows = detail_row_count(results)
    if rows + DETAILS_EXTRA_ROWS > EXCEL_MAX_ROWS:
        message = gettext(
            "the Details sheet would need {rows} rows (one per unit and criterion), more than the "
            "{limit} an Excel sheet holds; add --no-details to write the annex sheets only"
        )
        lang = current_lang()
        raise TooLargeForExcel(message.format(rows=count_text(rows, lang), limit=count_text(EXCEL_MAX_ROWS, lang)))


def _points(value: Any) -> float | None:
    """Exact points as an Excel number (scores have at most 6 decimals: the float is exact enough)."""
    return None if value is None else float(value)


def details_in_rank_order(details: Iterable[LeafDetail], results: Results) -> list[LeafDetail]:
    """DETAILS ordered as the annexes: by group, then rank (unranked last), then name, then unit id.

    Why: the sheet is audited beside the annexes, and two runs on the same data must give the
    same file whatever the order of units.csv. A unit's criteria keep their framework order (the
    sort is stable).
    """
    from .ranking import vietnamese_key

    order: dict[tuple[str, str], tuple[Any, ...]] = {}
    for number, (key, group) in enumerate(results.groups.items()):
        for score in group.units:
            rank = (0, score.rank) if score.rank is not None else (1, 0)
            order[(key, score.unit.unit_id)] = (number, *rank, vietnamese_key(score.unit.name), score.unit.unit_id)
    last = (len(order), 1, 0, (), "")
    return sorted(details, key=lambda d: order.get((d.group, d.unit_id), last))


#: A details sheet of fewer rows is written in about two seconds or less: no progress bar.
DETAILS_BAR_ROWS = 10_000


def details_sheet(
    workbook: Workbook,
    details: Iterable[LeafDetail],
    results: Results,
    lang: str,
    taken: set[str],
    styles: Styles | None = None,
) -> Worksheet:
    """Every unit × criterion: maximum, self-score, appraised score, the score that counts, notes."""
    lang = _lang(lang)
    text = TEXT[lang]
    sheet = workbook.create_sheet(_unique(text["details"], taken))
    styles = styles or Styles(workbook)
    # criterion name, the two notes, evidence and explanation are long free text: wrap them in wide columns
    wide, wrapped = {5, 13, 14, 15, 16}, {2, 5, 13, 14, 15, 16}
    # points in the framework's decimals, like the annexes (General would show 0.333333 or 5)
    points, fmt = range(7, 13), number_format(results.framework.decimals)
    columns = [
        Column(h, fmt if i in points else "General", max_width=50 if i in wide else 30, wrap=i in wrapped)
        for i, h in enumerate(DETAILS_HEADERS[lang])
    ]
    table = TableWriter(sheet, columns, 3, styles)
    groups = {key: short_group_name(gr.group.name) for key, gr in results.groups.items()}
    methods = {method: text[method] for method in ("appraisal", "survey", "bonus", "penalty")}
    for d in counted(details_in_rank_order(details, results), text["details_progress"], minimum=DETAILS_BAR_ROWS):
        table.add(
            [
                groups.get(d.group, d.group),
                d.unit_id,
                d.unit_name,
                d.domain_code,
                d.code,
                d.name,
                methods.get(d.method, d.method),
                _points(d.max_points),
                text["na"] if d.self_na else _points(d.self_score),
                text["na"] if d.appraised_na else _points(d.appraised),
                _points(d.change),
                text["na"] if not d.applicable else _points(d.effective),
                _points(d.lost),
                d.note or None,
                d.self_note or None,
                d.evidence or None,
                d.explanation or None,
            ]
        )
    table.finish()
    title = text["details_title"].format(year=results.year)
    _title(sheet, 1, title, table.last_column)
    policy = text.get(results.framework.not_applicable, results.framework.not_applicable)
    _note(sheet, table.row + 2, text["details_note"].format(policy=policy), table.last_column, table.width())
    sheet.freeze_panes = sheet.cell(row=4, column=1)
    sheet.auto_filter.ref = f"A3:{table.last_column}{table.row}"
    print_setup(sheet, 3, title, lang)
    return sheet


def export_xlsx(
    assessment: Assessment,
    path: str | os.PathLike[str],
    lang: Lang = DEFAULT_LANG,
    results: Results | None = None,
    inputs: Iterable[Path] = (),
    details: bool = True,
    publication: Publication | None = None,
    manifest: dict[str, Any] | None = None,
) -> None:
    """Score ASSESSMENT (unless RESULTS is given) and write the annex workbook to PATH.

    Its last sheet is MANIFEST ("Nguồn dữ liệu"); by default the manifest of ASSESSMENT with no options.

    The path and (in `results_workbook`) the size of the details sheet are checked before any
    sheet is built (OutputError), so a refusal comes before minutes of work on a large folder.
    """
    path = Path(path)
    from .scoring import score_assessment

    if results is None:
        results = score_assessment(assessment)
    check_output_path(path, inputs)
    if manifest is None:
        from .manifest import manifest_of

        manifest = manifest_of(assessment)
    save_workbook(results_workbook(assessment, results, lang, details, publication, manifest), path, inputs)
