"""Rich renderings for the terminal: ranking tables, validation reports, criteria trees."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..annex_rows import annex_rows
from ..display import markup
from ..i18n import N_, NP_, Texts, gettext
from ..labels import adjustment_rule, annex_headers, survey_footnote
from ..numbers import count_text, format_points
from ..problems import ERROR, NOTE, SEVERITIES, WARNING
from ..ranking import mean_text, tie_rule
from ..result_table import ResultTable

if TYPE_CHECKING:  # pragma: no cover
    from ..framework import Criterion, Group
    from ..problems import ProblemGroup, Report
    from ..scoring import GroupResult, Results

#: How a leaf is scored, as `criteria` prints it (the framework files say "appraisal" / "survey").
METHODS = {"appraisal": N_("appraisal"), "survey": N_("survey"), "bonus": N_("bonus"), "penalty": N_("penalty")}

TEXT = Texts(
    {
        "mean": N_("Group mean index"),
        "appraisal": N_("Appraisal: {a} criteria accepted unchanged, {u} adjusted up, {d} adjusted down"),
        "unranked": N_("not ranked"),
        "tied": N_("= tied"),
        "year": N_("year"),
        "reconstruction": N_("Framework provenance"),
        "valid": N_("valid"),
        "invalid": N_("invalid"),
        "summary": N_("{e} error(s), {w} warning(s)"),
        "summary_notes": N_(", {n} note(s)"),
        "file": N_("File"),
        "rows": N_("Rows"),
        "status": N_("Status"),
        "errors": N_("Errors"),
        "warnings": N_("Warnings"),
        "notes": N_("Notes"),
        "total": NP_("report summary", "Total"),
        "severity": N_("Severity"),
        "problem": N_("Where, what is wrong, what to do"),
        "error": N_("Error"),
        "warning": N_("Warning"),
        "note": N_("Note"),
    }
)


def print_results(results: Results, lang: str, console: Console) -> None:
    """One table per group in the published layout, its mean below, the tie rule in the footer."""
    framework = results.framework
    text = TEXT[lang]
    table = ResultTable(results)
    subtitle = f"{markup(framework.title or framework.id)} ({text['year']} {markup(results.year)})"
    for key, result in results.groups.items():
        rows = _annex_rows(table, key, lang, bool(result.group.bands))
        headers = annex_headers(lang, bool(result.group.bands), table.annex_columns())
        console.print(_ranking_table(result, rows, headers, framework.decimals, lang, subtitle, console.width))
        console.print()
    console.print(f"[dim]{text['tied']}. {tie_rule(framework.decimals, lang)}[/dim]")
    adjustments = adjustment_rule(framework, lang)
    if adjustments:
        console.print(f"[dim]{markup(adjustments)}[/dim]")
    if framework.provenance:
        first = framework.provenance_in(lang).splitlines()[0]
        console.print(f"[dim]{text['reconstruction']}: {markup(first)}[/dim]")


def _annex_rows(table: ResultTable, group: str, lang: str, has_bands: bool) -> list[list[str]]:
    """The cells of GROUP's annex rows: rank, name, the table's annex amounts, and the band if any."""
    text = TEXT[lang]
    amounts = table.annex_columns()
    rows = []
    for row in annex_rows(table, group):
        name = markup(row.name) + ("" if row.score.ranked else f" ({text['unranked']})")
        cells = [row.rank, name, *row.texts(amounts, lang)]
        rows.append([*cells, markup(row.band)] if has_bands else cells)
    return rows


#: The narrowest the unit's name column gets in the terminal (it wraps below that).
NAME_MIN_WIDTH = 16


def _ranking_table(
    result: GroupResult,
    rows: list[list[str]],
    headers: list[str],
    decimals: int,
    lang: str,
    subtitle: str,
    width: int = 80,
) -> Table:
    """The annex table of one group, sized to fit the terminal's WIDTH (80 columns at least).

    Every column but the unit's name is exactly as wide as its widest number or header word, so
    the index column is never the one cut off; the name takes what is left and wraps. Between two
    columns are the box's divider and a space each side, and the box has an edge each side; when
    that would not fit, the space on the right goes.
    """
    text = TEXT[lang]
    widths = [
        max([len(row[i]) for row in rows] + [len(word) for word in header.split()]) for i, header in enumerate(headers)
    ]
    widths[1] = NAME_MIN_WIDTH
    table = Table(
        title=f"{markup(result.group.name)} — {subtitle}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1) if sum(widths) + 3 * (len(widths) - 1) + 2 > width else (0, 1),
    )
    _add_columns(table, headers, widths, bool(result.group.bands))
    for row in rows:
        table.add_row(*row)
    counts = text["appraisal"].format(
        a=sum(u.accepted for u in result.units),
        u=sum(u.adjusted_up for u in result.units),
        d=sum(u.adjusted_down for u in result.units),
    )
    table.caption = f"{text['mean']}: {mean_text(result.mean_index, decimals, lang)}\n{counts}"
    footnote = survey_footnote(result.units, lang)
    if footnote:
        table.caption += f"\n{markup(footnote)}"
    return table


def _add_columns(table: Table, headers: list[str], widths: list[int], has_bands: bool) -> None:
    """The ranking's columns: the name left and growing, the numbers right at their widths, the band left."""
    for i, header in enumerate(headers):
        if i == 1:
            table.add_column(header, justify="left", min_width=NAME_MIN_WIDTH)
            continue
        table.add_column(header, justify="left" if has_bands and i == len(headers) - 1 else "right", width=widths[i])


def print_report(report: Report, lang: str, console: Console) -> None:
    """Every file checked with its counts, then every problem, grouped, by file, worst first.

    Repeats of one code in one file and column are one line ("53 dòng: 5–57, cột score …"), so
    the table shows everything an officer must fix and never sends them to the JSON. All user
    text goes in as rich ``Text`` (never markup): a file or value like ``[cũ]`` prints as written.
    """
    text = TEXT[lang]
    groups = report.groups()
    files = list(dict.fromkeys([*report.checked, *(g.file for g in groups)]))
    counts: dict[tuple[str, str], int] = Counter()
    for group in groups:
        counts[group.file, group.severity] += group.count
    if files:
        console.print(_summary_table(report, files, counts, lang))
        console.print()
    totals = report.counts()
    colour = "red" if totals[ERROR] else "green"
    line = text["summary"].format(e=count_text(totals[ERROR], lang), w=count_text(totals[WARNING], lang))
    if totals[NOTE]:
        line += text["summary_notes"].format(n=count_text(totals[NOTE], lang))
    console.print(Text(line, style=colour))
    for file in files:
        mine = [g for g in groups if g.file == file]
        if mine:
            console.print()
            console.print(_problem_table(file, mine, lang))


_SEVERITY_STYLE = {ERROR: "red", WARNING: "yellow", NOTE: "cyan"}


def _summary_table(report: Report, files: list[str], counts: dict[tuple[str, str], int], lang: str) -> Table:
    """File, rows, status and its errors, warnings and notes; a total row that they add up to."""
    text = TEXT[lang]
    summary = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    summary.add_column(text["file"], overflow="fold", ratio=1)
    for column in (text["rows"], text["status"], text["errors"], text["warnings"], text["notes"]):
        summary.add_column(column, no_wrap=True, justify="left" if column == text["status"] else "right")
    for file in files:
        errors = counts[file, ERROR]
        status = Text(text["invalid"], style="red") if errors else Text(text["valid"], style="green")
        rows = report.checked.get(file)
        summary.add_row(
            Text(file),
            "" if rows is None else count_text(rows, lang),
            status,
            *(count_text(counts[file, s], lang) for s in SEVERITIES),
        )
    if len(files) > 1:
        summary.add_section()
        totals = [sum(counts[f, s] for f in files) for s in SEVERITIES]
        summary.add_row(Text(text["total"], style="bold"), "", "", *(count_text(t, lang) for t in totals))
    return summary


def _problem_table(file: str, groups: list[ProblemGroup], lang: str) -> Table:
    """One file's problems: severity in words, then where, what and the fix; the code, dim, last."""
    text = TEXT[lang]
    table = Table(
        title=Text(file, style="bold"), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )
    table.add_column(text["severity"], no_wrap=True)
    table.add_column(text["problem"], overflow="fold", ratio=1)
    for group in groups:
        style = _SEVERITY_STYLE.get(group.severity, "")
        message = Text(group.message(lang))
        message.append(f" ({group.code})", style="dim")
        table.add_row(Text(text.get(group.severity, group.severity), style=style), message)
    return table


def _levels(node: Criterion, lang: str) -> str:
    """' (levels: 0; 0,5; 1)' for a leaf with allowed scores; '' for any other node."""
    if not node.levels:
        return ""
    levels = "; ".join(format_points(level, lang) for level in node.levels)
    return f" [dim]({gettext(LEVELS, lang).format(levels=levels)})[/dim]"


LEVELS = N_("levels: {levels}")


def criteria_tree(group: Group, lang: str) -> Tree:
    """The framework tree of one group with maxima and methods."""
    label = gettext("max", lang)
    maximum = format_points(group.max_points, lang)
    tree = Tree(f"[bold]{markup(group.name)}[/bold] ({markup(group.key)}) — {label} {maximum}")
    branches: dict[str, Tree] = {}
    for code, node in group.nodes.items():
        method = f" [cyan]{markup(gettext(METHODS.get(node.method, node.method), lang))}[/cyan]" if node.method else ""
        label = f" [dim]({markup(node.label)})[/dim]" if node.label else ""
        line = (
            f"[bold]{markup(code)}[/bold]{label} {markup(node.name)} — {format_points(node.max_points, lang)}{method}"
        )
        line += _levels(node, lang)
        parent = branches.get(node.parent) if node.parent else tree
        branches[code] = (parent or tree).add(line)
    return tree
