"""`parindex explain`: one unit's score, domain by domain and criterion by criterion.

The JSON output is exactly :func:`parindex.explain.explain_unit`; CSV has one row per criterion;
the table puts the criteria that lost the most points first. An unknown UNIT_ID is a usage error
(exit 2, like a missing folder) and the message lists the closest unit ids and names; an invalid
folder exits 1 with the validation report, as every command does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import N_, NP_, Texts, gettext
from .common import (
    FolderArg,
    Format,
    FormatOpt,
    LangOpt,
    OutOpt,
    RoundOpt,
    emit,
    input_files,
    lang_of,
    load_checked,
    stdout,
    usage_error,
)
from .explain_answers import answer_lines
from .language import command

_ = gettext

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console
    from rich.table import Table

    from ..details import UnknownUnit

TEXT = Texts(
    {
        "unknown": N_("unit '{unit}' is not in units.csv."),
        "close": N_("Did you mean: {names}?"),
        "known": N_("Unit ids: {ids}."),
        "group": N_("Group"),
        "rank": N_("Rank"),
        "of": N_("of"),
        "tied": N_("tied"),
        "unranked": N_("not ranked"),
        "self": N_("Self-assessment"),
        "appraisal": N_("Appraisal"),
        "survey": N_("Survey"),
        "total": N_("Total"),
        "max": N_("Maximum"),
        "index": NP_("explain", "Index (%)"),
        "lost": N_("Points lost"),
        "mean": N_("group mean"),
        "domains": N_("Domains"),
        "domain": N_("Domain"),
        "name": N_("Name"),
        "points": N_("Points"),
        "leaves": N_("Criteria, biggest losses first"),
        "code": NP_("short", "Code"),
        "criterion": NP_("short", "Criterion"),
        "appraised": N_("Appraised"),
        "short_max": N_("Max"),
        "short_self": N_("Self"),
        "short_lost": N_("Lost"),
        "short_change": NP_("short", "Change"),
        "short_points": NP_("short", "Points"),
        "council": N_("Council"),
        "own": NP_("source", "Unit"),
        "na": N_("N/A"),
        "survey_mark": N_("survey"),
        "bonus_mark": N_("bonus"),
        "penalty_mark": N_("penalty"),
        "bonus": N_("Bonus"),
        "penalty": N_("Penalty"),
        "footer": N_(
            "Points = what counts towards the total (N/A: {policy}). Change = appraised − self. Lost = max − points."
        ),
        "exclude": N_("excluded, its maximum taken off"),
        "full": N_("awarded full points"),
        "round_n": N_("Round {n}"),
        "kept": N_("blank: the earlier score stands"),
        "explanation": N_("Explanation"),
        "evidence": N_("Evidence"),
        "round_counts": N_("Round {n}: {accepted} accepted, {up} raised, {down} lowered."),
        "as_of": N_("Results as of round {n} of the appraisal."),
    }
)
_MAX_LISTED = 30


def unknown_unit_message(error: UnknownUnit, all_ids: list[str], lang: str) -> str:
    """'Unit X is not in units.csv' plus the closest matches (or the ids, when few), to retype."""
    from ..display import shorten

    text = TEXT[lang]
    message = text["unknown"].format(unit=shorten(error.unit_id, 80))
    if error.suggestions:
        names = ", ".join(f"{u.unit_id} ({u.name})" for u in error.suggestions)
        return f"{message} {text['close'].format(names=names)}"
    shown = ", ".join(all_ids[:_MAX_LISTED]) + (", …" if len(all_ids) > _MAX_LISTED else "")
    return f"{message} {text['known'].format(ids=shown)}"


def _points(value: Decimal | str | None, lang: str) -> str:
    """An exact number as typed in frameworks (no trailing zeros), 'N/A' or ''."""
    from ..numbers import format_points

    if value is None:
        return ""
    if isinstance(value, str):
        return TEXT[lang]["na"] if value == "N/A" else value
    return format_points(value, lang)


def _fixed(value: Decimal | None, decimals: int, lang: str) -> str:
    """A published figure at the framework's precision ('86,29' in Vietnamese); '' for None."""
    from ..numbers import format_number

    return format_number(value, decimals, lang)


def _change(value: Decimal | None, lang: str) -> str:
    """'+0.5', '-1.5' or '0': a negative change has the sign every number has (a penalty's points too), which
    a spreadsheet reads when the table is copied into one; '+' only marks a rise."""
    if value is None or value == 0:
        return "" if value is None else "0"
    return ("+" if value > 0 else "") + _points(value, lang)


def print_explanation(document: dict[str, Any], lang: str, console: Console) -> None:
    """Header with the published totals, a domain table, then the criteria, biggest losses first.

    DOCUMENT is :func:`parindex.explain.explain_unit` with ``as_json=False``: exact Decimals.
    """
    from ..display import markup as escape
    from ..ranking import rank_text

    text = TEXT[lang]
    unit, group = document["unit"], document["group"]
    if unit["rank"] is None:
        rank = text["unranked"]
    else:
        rank = f"{rank_text(unit['rank'], unit['tied'])} {text['of']} {group['ranked_units']}"
        rank += f" ({text['tied']})" if unit["tied"] else ""
    title = f"{escape(unit['name'])}[/bold] ({escape(unit['unit_id'])}) — {escape(document['framework_title'])}"
    console.print(f"[bold]{title}, {escape(document['year'])}")
    console.print(f"{text['group']}: {escape(group['name'])}. {text['rank']}: {rank}.")
    console.print(_summary_table(document, lang))
    for line in [*_scoring_lines(document, lang), *_round_lines(document, lang)]:
        console.print(line)
    console.print(_domain_table(document, lang))
    console.print(_leaves_table(document, lang))
    policy = text.get(document["not_applicable"], document["not_applicable"])
    console.print(f"[dim]{text['footer'].format(policy=policy)} {document['tie_rule']}[/dim]")


def _scoring_lines(document: dict[str, Any], lang: str) -> list[str]:
    """What was decided for this unit beyond the criteria: its survey left out, how bonus and penalty count."""
    from ..display import markup as escape
    from ..i18n import gettext
    from ..labels import ADJUSTMENT_RULE, ADJUSTMENT_RULE_UNCAPPED, SURVEY_FOOTNOTE, SURVEY_MARK

    lines = []
    if document["unit"].get("survey_used") is False:
        lines.append(f"[yellow]{escape(gettext(SURVEY_FOOTNOTE, lang).removeprefix(SURVEY_MARK).strip())}[/yellow]")
    if "bonus_total" in document["unit"]:
        cap = document.get("index_cap")
        rule = gettext(ADJUSTMENT_RULE_UNCAPPED if cap is None else ADJUSTMENT_RULE, lang)
        shown = "" if cap is None else _points(Decimal(str(cap)), lang)
        lines.append(f"[dim]{escape(rule.format(cap=shown))}[/dim]")
    return lines


def _summary_table(document: dict[str, Any], lang: str) -> Table:
    """The unit's published totals, its index and its points lost; the group mean below."""
    from rich.table import Table

    text = TEXT[lang]
    unit, decimals = document["unit"], document["decimals"]
    summary = Table(show_header=True, header_style="bold")
    keys = ["self_total", "appraisal_total", "survey_total", "total"]
    headers = [text["self"], text["appraisal"], text["survey"], text["total"], text["max"], text["index"]]
    if "bonus_total" in unit:  # a framework with bonus or penalty points
        keys[3:3] = ["bonus_total", "penalty_total"]
        headers[3:3] = [text["bonus"], text["penalty"]]
    for header in headers:
        summary.add_column(header, justify="right")
    summary.add_column(text["lost"], justify="right")
    summary.add_row(
        *(_fixed(unit[k], decimals, lang) for k in keys),
        _fixed(unit["max_points"], decimals, lang),
        _fixed(unit["index"], decimals, lang),
        _points(document["points_lost"], lang),
    )
    from ..ranking import mean_text

    summary.caption = f"{text['mean']}: {mean_text(document['group']['mean_index'], decimals, lang)}"
    return summary


def _leaves_table(document: dict[str, Any], lang: str) -> Table:
    """Every criterion, biggest losses first, its notes under its name.

    Notes go under the criterion's name, not in a column of their own: with eight columns a note
    column would be cut off on an 80-column terminal, and the reason is what people read first.
    """
    from rich import box
    from rich.table import Table

    from ..display import markup as escape

    text = TEXT[lang]
    leaves = Table(
        title=text["leaves"],
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    leaves.add_column(text["code"], no_wrap=True)
    leaves.add_column(text["criterion"], min_width=14, overflow="fold")
    for key in ("short_max", "short_self", "appraised", "short_change", "short_points", "short_lost"):
        leaves.add_column(text[key], justify="right")
    for leaf in document["leaves"]:
        cell = _leaf_cell(leaf, lang)
        quiet = not leaf["points_lost"] and not leaf["change"]
        leaves.add_row(
            escape(leaf["code"]),
            cell,
            _points(leaf["max_points"], lang),
            _points(leaf["self_score"], lang),
            _points(leaf["appraised_score"], lang),
            _change(leaf["change"], lang),
            _points(leaf["points"] if leaf["applicable"] else "N/A", lang),
            _points(leaf["points_lost"], lang),
            style="dim" if quiet else None,
        )
    return leaves


def _leaf_cell(leaf: dict[str, Any], lang: str) -> str:
    """A criterion's name with, below it, the council's reason, each round when there were two, the
    unit's explanation, its note and its evidence."""
    from ..display import markup as escape

    text = TEXT[lang]
    cell = escape(leaf["name"])
    if leaf["method"] in ("survey", "bonus", "penalty"):
        cell += f" [cyan]({text[leaf['method'] + '_mark']})[/cyan]"
    if leaf.get("responses"):
        cell += answer_lines(leaf, lang)
    rounds = leaf.get("rounds", [])
    if any(r["round"] > 1 for r in rounds):
        for r in rounds:
            score = text["kept"] if r["score"] is None else _points(r["score"], lang)
            reason = f" — {escape(r['reason'])}" if r["reason"] else ""
            cell += f"\n[cyan]{text['round_n'].format(n=r['round'])}: {score}{reason}[/cyan]"
    elif leaf["note"]:
        cell += f"\n[yellow]{text['council']}: {escape(leaf['note'])}[/yellow]"
    for key, style in (("explanation", "cyan"), ("self_note", "dim"), ("evidence", "dim")):
        if leaf.get(key):
            label = text["own"] if key == "self_note" else text[key]
            cell += f"\n[{style}]{label}: {escape(leaf[key])}[/{style}]"
    return cell


def _round_lines(document: dict[str, Any], lang: str) -> list[str]:
    """The round scored and each round's counts, when the appraisal had two rounds or one was asked for."""
    text = TEXT[lang]
    rounds = document.get("rounds", [])
    if document.get("round") is None and not any(r["round"] > 1 for r in rounds):
        return []
    lines = [] if document.get("round") is None else [text["as_of"].format(n=document["round"])]
    for r in rounds:
        counts = {"accepted": r["accepted"], "up": r["adjusted_up"], "down": r["adjusted_down"]}
        lines.append(text["round_counts"].format(n=r["round"], **counts))
    return lines


def _domain_table(document: dict[str, Any], lang: str) -> Table:
    """The domains, each number column exactly as wide as its widest cell or header word.

    Why: on an 80-column terminal rich would otherwise shrink every column alike and cut the
    last one ("Điểm bị mất"); here only the domain's name wraps.
    """
    from rich import box
    from rich.table import Table

    from ..display import markup as escape

    text, decimals = TEXT[lang], document["decimals"]
    rows = [
        [
            escape(d["code"]),
            _points(d["points"], lang),
            _points(d["max_points"], lang),
            _fixed(d["index"], decimals, lang),
            _points(d["points_lost"], lang),
        ]
        for d in document["domains"]
    ]
    headers = [text["domain"], text["points"], text["max"], text["index"], text["lost"]]
    widths = [max([len(r[i]) for r in rows] + [len(w) for w in headers[i].split()]) for i in range(len(headers))]
    domains = Table(
        title=text["domains"], title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False
    )
    domains.add_column(headers[0], justify="right", width=widths[0])
    domains.add_column(text["name"], ratio=1, min_width=14)
    for header, width in zip(headers[1:], widths[1:], strict=True):
        domains.add_column(header, justify="right", width=width)
    for d, row in zip(document["domains"], rows, strict=True):
        domains.add_row(row[0], escape(d["name"]), *row[1:], style=None if d["points_lost"] else "dim")
    return domains


def explanation_csv(document: dict[str, Any]) -> str:
    """One row per criterion (the JSON's leaves, in the same order), exact numbers with a dot.

    DOCUMENT is :func:`parindex.explain.explain_unit` with ``as_json=False``: exact Decimals.
    """
    import csv
    import io

    from ..explain import LEAF_COLUMNS
    from ..numbers import format_points
    from ..output import safe_cell

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, Decimal):
            return format_points(value)
        return str(safe_cell(value))

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit_id", *LEAF_COLUMNS])
    for leaf in document["leaves"]:
        writer.writerow([cell(document["unit"]["unit_id"]), *(cell(leaf[c]) for c in LEAF_COLUMNS)])
    return buffer.getvalue()


def explain(
    folder: FolderArg,
    unit_id: Annotated[str, typer.Argument(help=N_("The unit's id in units.csv (e.g. SNV)."), show_default=False)],
    format: FormatOpt = Format.table,
    out: OutOpt = None,
    round: RoundOpt = None,
    lang: LangOpt = None,
) -> None:
    """Explain one unit's score: each domain's index and every criterion's points, biggest losses first.

    An unknown UNIT_ID exits 2 and names the closest units; an invalid folder exits 1 with the
    validation report, as every command does.
    """
    from ..details import UnknownUnit
    from ..explain import explain_unit
    from ..output import to_json

    language = lang_of(lang)
    if format is Format.table and out is not None and str(out) != "-":
        usage_error(_("--out needs --format csv or --format json."))
    assessment = load_checked(folder, language, as_json=format is Format.json, round=round)
    try:
        document = explain_unit(assessment, unit_id, language, as_json=format is Format.json)
    except UnknownUnit as exc:
        usage_error(unknown_unit_message(exc, [u.unit_id for u in assessment.units], language))
    if format is Format.table:
        print_explanation(document, language, stdout())
        return
    text = to_json(document) if format is Format.json else explanation_csv(document)
    emit(text, out, input_files(assessment), language)


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_(
    "Explain one unit's score: each domain's index and every criterion's points, biggest losses first."
    "\n\n"
    "An unknown UNIT_ID exits 2 and names the closest units; an invalid folder exits 1 with the validation "
    "report, as every command does."
)


def register(app: typer.Typer) -> None:
    command(app, "explain", help=HELP, short_help=N_("One unit's score, criterion by criterion."))(explain)
