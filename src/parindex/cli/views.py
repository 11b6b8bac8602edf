"""Rich renderings for the terminal: ranking tables, validation reports, criteria trees."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from ..labels import annex_headers
from ..numbers import format_number, format_points
from ..ranking import tie_rule

if TYPE_CHECKING:  # pragma: no cover
    from ..framework import Framework, Group
    from ..problems import Report
    from ..scoring import GroupResult, Results

MAX_PROBLEM_ROWS = 50

TEXT = {
    "en": {
        "mean": "Group mean index",
        "appraisal": "Appraisal: {a} criteria accepted unchanged, {u} adjusted up, {d} adjusted down",
        "unranked": "not ranked",
        "tied": "= tied",
        "year": "year",
        "reconstruction": "Framework provenance",
        "valid": "valid",
        "invalid": "invalid",
        "problems": "Problems",
        "more": "and {n} more (use --format json for all)",
        "summary": "{e} error(s), {w} warning(s)",
        "file": "File",
        "rows": "Rows",
        "status": "Status",
        "errors": "Errors",
        "warnings": "Warnings",
    },
    "vi": {
        "mean": "Chỉ số trung bình của nhóm",
        "appraisal": "Thẩm định: {a} tiêu chí giữ nguyên, {u} điều chỉnh tăng, {d} điều chỉnh giảm",
        "unranked": "không xếp hạng",
        "tied": "= đồng hạng",
        "year": "năm",
        "reconstruction": "Nguồn gốc bộ chỉ số",
        "valid": "hợp lệ",
        "invalid": "không hợp lệ",
        "problems": "Các lỗi",
        "more": "và {n} mục khác (dùng --format json để xem tất cả)",
        "summary": "{e} lỗi, {w} cảnh báo",
        "file": "Tệp",
        "rows": "Số dòng",
        "status": "Trạng thái",
        "errors": "Lỗi",
        "warnings": "Cảnh báo",
    },
}


def print_results(results: Results, lang: str, console: Console) -> None:
    """One table per group in the published layout, its mean below, the tie rule in the footer."""
    framework = results.framework
    text = TEXT[lang]
    for result in results.groups.values():
        console.print(
            _ranking_table(
                result, framework.decimals, lang, f"{framework.title or framework.id} ({text['year']} {results.year})"
            )
        )
        console.print()
    console.print(f"[dim]{text['tied']}. {tie_rule(framework.decimals, lang)}[/dim]")
    if framework.provenance:
        first = framework.provenance.splitlines()[0]
        console.print(f"[dim]{text['reconstruction']}: {first}[/dim]")


def _ranking_table(result: GroupResult, decimals: int, lang: str, subtitle: str) -> Table:
    """The annex table of one group, sized to fit an 80-column terminal.

    Every column but the unit's name is exactly as wide as its widest number or header word, so
    the index column is never the one cut off; the name takes what is left and wraps.
    """
    text = TEXT[lang]
    has_bands = bool(result.group.bands)
    rows = []
    for score in result.units:
        rank = "—" if score.rank is None else f"{score.rank}{'=' if score.tied else ''}"
        name = score.unit.name + ("" if score.unit.ranked else f" ({text['unranked']})")
        amounts = (score.self_total, score.appraisal_total, score.survey_total, score.total, score.max_points)
        cells = [rank, name, *(format_number(v, decimals, lang) for v in (*amounts, score.index))]
        rows.append([*cells, score.band or ""] if has_bands else cells)
    table = Table(
        title=f"{result.group.name} — {subtitle}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for i, header in enumerate(annex_headers(lang, has_bands)):
        if i == 1:
            table.add_column(header, justify="left", min_width=16)
            continue
        widest = max([len(row[i]) for row in rows] + [len(word) for word in header.split()])
        table.add_column(header, justify="left" if has_bands and i == len(rows[0]) - 1 else "right", width=widest)
    for row in rows:
        table.add_row(*row)
    counts = text["appraisal"].format(
        a=sum(u.accepted for u in result.units),
        u=sum(u.adjusted_up for u in result.units),
        d=sum(u.adjusted_down for u in result.units),
    )
    table.caption = f"{text['mean']}: {format_number(result.mean_index, decimals, lang)} %\n{counts}"
    return table


def print_report(report: Report, lang: str, console: Console) -> None:
    """Summary per file (every file checked), then a capped table of problems (JSON holds them all)."""
    text = TEXT[lang]
    errors = Counter(p.file for p in report.errors)
    warnings = Counter(p.file for p in report.warnings)
    summary = Table(show_header=True, header_style="bold")
    for column in (text["file"], text["rows"], text["status"], text["errors"], text["warnings"]):
        summary.add_column(column)
    files = list(report.checked) + sorted((set(errors) | set(warnings)) - set(report.checked))
    for file in files:
        status = f"[red]{text['invalid']}[/red]" if errors[file] else f"[green]{text['valid']}[/green]"
        rows = report.checked.get(file)
        summary.add_row(file, "" if rows is None else str(rows), status, str(errors[file]), str(warnings[file]))
    if files:
        console.print(summary)
    colour = "red" if report.errors else "green"
    console.print(f"[{colour}]{text['summary'].format(e=len(report.errors), w=len(report.warnings))}[/{colour}]")
    if not report.problems:
        return
    table = Table(title=text["problems"], title_justify="left", show_lines=False)
    for column in ("severity", "code", "file", "row", "column", "message"):
        table.add_column(column, overflow="fold")
    for problem in report.problems[:MAX_PROBLEM_ROWS]:
        style = "red" if problem.severity == "error" else "yellow"
        table.add_row(
            f"[{style}]{problem.severity}[/{style}]",
            problem.code,
            problem.file,
            "" if problem.row is None else str(problem.row),
            problem.column or "",
            problem.message(lang),
        )
    console.print(table)
    hidden = len(report.problems) - MAX_PROBLEM_ROWS
    if hidden > 0:
        console.print(text["more"].format(n=hidden))


def criteria_tree(framework: Framework, group: Group, lang: str) -> Tree:
    """The framework tree of one group with maxima and methods."""
    label = "tối đa" if lang == "vi" else "max"
    tree = Tree(f"[bold]{group.name}[/bold] ({group.key}) — {label} {format_points(group.max_points, lang)}")
    branches: dict[str, Tree] = {}
    for code, node in group.nodes.items():
        method = f" [cyan]{node.method}[/cyan]" if node.method else ""
        line = f"[bold]{code}[/bold] {node.name} — {format_points(node.max_points, lang)}{method}"
        parent = branches.get(node.parent) if node.parent else tree
        branches[code] = (parent or tree).add(line)
    return tree
