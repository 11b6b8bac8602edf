"""The terminal view of `parindex sensitivity`: per group, how sure each rank is, then what the council's
changes did and the points between places, the unsettled pairs and the decisive changes."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table

from ..display import markup
from ..i18n import N_, Texts
from ..numbers import SCALE_DIGITS, count_text, format_number, format_points, places_text
from ..ranking import rank_text, tie_rule

if TYPE_CHECKING:  # pragma: no cover
    from ..sensitivity import Adjustment, GroupSensitivity, Sensitivity, UnitSensitivity

TEXT = Texts(
    {
        "spread_title": N_("{group} — how sure each rank is ({runs} runs)"),
        "council_title": N_("{group} — the council's changes and the points between places"),
        "rank": N_("Rank"),
        "unit": N_("Unit"),
        "index": N_("Index (%)"),
        "median": N_("Median rank"),
        "interval": N_("Rank, 5–95 %"),
        "same": N_("Runs at this rank"),
        "top3": N_("Runs in top 3"),
        "rev_rank": N_("Rank if reverted"),
        "rev_index": N_("Index if reverted"),
        "to_next": N_("Points to next place"),
        "ahead": N_("Points ahead of next"),
        "unranked": N_("not ranked"),
        "pairs": N_("Pairs whose order is not settled"),
        "pair": N_("{first} ({first_rank}) and {second} ({second_rank}): the second is ahead in {share} % of runs"),
        "no_pairs": N_("Pairs whose order is not settled: none."),
        "decisive": N_("Single changes of the council whose reversal alone changes a rank"),
        "no_decisive": N_("Single changes of the council whose reversal alone changes a rank: none."),
        "criterion": N_("Criterion"),
        "change": N_("Self → appraised"),
        "moved": N_("Other ranks changed"),
        "note": N_("Council"),
        "na": N_("N/A"),
        "footer_reverted": N_(
            "If reverted: the unit's index and rank had every change of the council to its scores been reverted "
            "to its self-scores, the other units unchanged."
        ),
        "footer_points": N_(
            "Points are the unit's own total points (index = total ÷ maximum × 100), rounded up to {step}: to the "
            "next place, the fewest points that publish it at the index of the place above (a tie shares the "
            "better rank); ahead of next, the fewest points whose loss drops it a place."
        ),
    }
)


def print_sensitivity(sensitivity: Sensitivity, lang: str, console: Console) -> None:
    """Each group's two tables, its unsettled pairs and decisive changes; the method and rules below."""
    from ..sensitivity.document import method_text

    decimals = sensitivity.results.framework.decimals
    text = TEXT[lang]
    for group in sensitivity.groups.values():
        console.print(_spread_table(group, sensitivity.options.runs, decimals, lang))
        console.print(_council_table(group, decimals, lang))
        _print_pairs(group, sensitivity.options.runs, lang, console)
        _print_decisive(group, decimals, lang, console)
        console.print()
    step = places_text(1, decimals, lang)
    console.print(f"[dim]{markup(method_text(sensitivity, lang))}[/dim]")
    console.print(f"[dim]{text['footer_reverted']} {text['footer_points'].format(step=step)}[/dim]")
    console.print(f"[dim]{tie_rule(decimals, lang)}[/dim]")


#: The narrowest the unit's name column gets (it wraps below that).
NAME_MIN_WIDTH = 16


def _table(title: str, headers: list[str], rows: list[list[str]], dim: list[bool]) -> Table:
    """A table whose number columns are exactly as wide as their widest cell or header word.

    Why: on an 80-column terminal rich would otherwise shrink every column alike and fold the unit's
    name letter by letter; here the headers wrap between words and the name takes what is left.
    """
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    for i, header in enumerate(headers):
        if i == 1:
            table.add_column(header, ratio=1, min_width=NAME_MIN_WIDTH, overflow="fold")
            continue
        width = max([len(row[i]) for row in rows] + [len(word) for word in header.split()])
        table.add_column(header, justify="right", width=width)
    for row, quiet in zip(rows, dim, strict=True):
        table.add_row(*row, style="dim" if quiet else None)
    return table


def _rank(unit: UnitSensitivity) -> str:
    return rank_text(unit.score.rank, unit.score.tied)


def _name(unit: UnitSensitivity, lang: str) -> str:
    suffix = "" if unit.score.ranked else f" ({TEXT[lang]['unranked']})"
    return markup(unit.score.unit.name) + suffix


def _share(count: int, runs: int, lang: str) -> str:
    return format_number(Decimal(count * 100) / Decimal(runs), 1, lang) if runs else ""


def _spread_table(group: GroupSensitivity, runs: int, decimals: int, lang: str) -> Table:
    text = TEXT[lang]
    title = text["spread_title"].format(group=markup(group.result.group.name), runs=count_text(runs, lang))
    headers = [text[k] for k in ("rank", "unit", "index", "median", "interval", "same", "top3")]
    rows = []
    for unit in group.units:
        spread = unit.spread
        cells = [_rank(unit), _name(unit, lang), places_text(unit.score.published_int, decimals, lang)]
        if spread is None:
            rows.append([*cells, "", "", "", ""])
            continue
        interval = str(spread.p05) if spread.p05 == spread.p95 else f"{spread.p05}–{spread.p95}"
        same, top3 = _share(spread.same_rank, runs, lang), _share(spread.top3, runs, lang)
        rows.append([*cells, str(spread.median), interval, f"{same} %", f"{top3} %"])
    return _table(title, headers, rows, [u.spread is None for u in group.units])


def _points(micro: int | None, decimals: int, lang: str) -> str:
    return "" if micro is None else places_text(micro // 10 ** (SCALE_DIGITS - decimals), decimals, lang)


def _council_table(group: GroupSensitivity, decimals: int, lang: str) -> Table:
    text = TEXT[lang]
    title = text["council_title"].format(group=markup(group.result.group.name))
    headers = [text[k] for k in ("rank", "unit", "index", "rev_rank", "rev_index", "to_next", "ahead")]
    rows = [
        [
            _rank(unit),
            _name(unit, lang),
            places_text(unit.score.published_int, decimals, lang),
            "" if unit.rank_if_reverted is None else str(unit.rank_if_reverted),
            places_text(unit.index_if_reverted, decimals, lang),
            _points(unit.to_next_place, decimals, lang),
            _points(unit.ahead_of_next, decimals, lang),
        ]
        for unit in group.units
    ]
    return _table(title, headers, rows, [not u.score.ranked for u in group.units])


def _print_pairs(group: GroupSensitivity, runs: int, lang: str, console: Console) -> None:
    text = TEXT[lang]
    if not group.pairs:
        console.print(text["no_pairs"])
        return
    console.print(f"[bold]{text['pairs']}[/bold]")
    for pair in group.pairs:
        line = text["pair"].format(
            first=markup(pair.first.unit.name),
            first_rank=rank_text(pair.first.rank, pair.first.tied),
            second=markup(pair.second.unit.name),
            second_rank=rank_text(pair.second.rank, pair.second.tied),
            share=_share(pair.flips, runs, lang),
        )
        console.print(f"  • {line}")


def _score(value: Decimal | None, na: bool, lang: str) -> str:
    return TEXT[lang]["na"] if na else "" if value is None else format_points(value, lang)


def _print_decisive(group: GroupSensitivity, decimals: int, lang: str, console: Console) -> None:
    text = TEXT[lang]
    if not group.adjustments:
        console.print(text["no_decisive"])
        return
    headers = [text[k] for k in ("unit", "criterion", "change", "rev_index", "rev_rank", "moved")]
    table = Table(title=text["decisive"], title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for adjustment in group.adjustments:
        table.add_row(*_decisive_cells(adjustment, decimals, lang))
    console.print(table)


def _decisive_cells(adjustment: Adjustment, decimals: int, lang: str) -> list[str]:
    text = TEXT[lang]
    unit = adjustment.unit
    criterion = f"{markup(adjustment.code)} {markup(adjustment.name)}"
    if adjustment.note:
        criterion += f"\n[yellow]{text['note']}: {markup(adjustment.note)}[/yellow]"
    change = f"{_score(adjustment.self_score, adjustment.self_na, lang)} → "
    change += _score(adjustment.appraised, adjustment.appraised_na, lang)
    rank = rank_text(unit.rank, unit.tied)
    after = rank_text(adjustment.rank_if_reverted, tied=False)
    index = places_text(adjustment.index_if_reverted, decimals, lang) or "—"
    before = places_text(unit.published_int, decimals, lang)
    moved = ", ".join(markup(m.unit.name) for m in adjustment.moved)
    return [markup(unit.unit.name), criterion, change, f"{before} → {index}", f"{rank} → {after}", moved]
