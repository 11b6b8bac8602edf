"""`parindex compare`: each unit's change in index and rank since last year ("tăng 1,36 %, tăng 01 bậc")."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import N_, NP_, Texts, gettext, resolve_lang
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
from .language import command

_ = gettext

if TYPE_CHECKING:  # pragma: no cover
    from decimal import Decimal

    from rich.console import Console
    from rich.table import Table

    from ..compare import Ranking

PreviousOpt = Annotated[
    Path | None,
    typer.Option(
        "--previous",
        "-p",
        help=N_(
            "Last year's assessment folder, or the ranking file 'parindex score --format csv|json' wrote. "
            "Without it, --round N compares the results as of round N with the final ones."
        ),
        show_default=False,
    ),
]

HEADERS = Texts(
    {
        "rank": N_("Rank {year}"),
        "unit": N_("Unit"),
        "index": N_("Index {year} (%)"),
        "change": N_("Change (pp)"),
        "places": N_("Change (places)"),
        "phrase": NP_("compare", "Change"),
        "previous": N_("previous"),
        "tied": N_("= tied"),
    }
)
_MARK = {"up": "[green]▲[/green]", "down": "[red]▼[/red]", "same": "="}


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, in the run's language (see `writing.os_words`)."""
    from ..writing import os_words

    return os_words(exc).text(lang_of(None))


def load_previous_checked(previous: Path, lang: str, as_json: bool) -> tuple[Ranking, list[Path]]:
    """Last year's ranking and the files it came from; a bad folder or file prints every problem and exits 1.

    Shared with `parindex report --previous`.
    """
    from ..compare import load_previous, ranking_from_results
    from ..problems import InvalidInput
    from ..scoring import score_assessment
    from .common import fail_with_report, lookable

    if lookable(previous, "--previous", lang).is_file() and previous.name.lower() == "parindex.toml":
        previous = previous.parent
    if previous.is_dir():
        assessment = load_checked(previous, lang, as_json)
        ranking = ranking_from_results(score_assessment(assessment), str(previous), "folder")
        return ranking, input_files(assessment)
    if not previous.exists():
        usage_error(
            _("--previous '{previous}' does not exist; give last year's folder or ranking file.").format(
                previous=previous
            )
        )
    try:
        return load_previous(previous), [previous]
    except InvalidInput as exc:
        fail_with_report(exc.report, lang, as_json)
    except OSError as exc:
        usage_error(
            _("--previous '{previous}' cannot be read ({reason}).").format(previous=previous, reason=os_reason(exc))
        )


def compare(
    folder: FolderArg,
    previous: PreviousOpt = None,
    format: FormatOpt = Format.table,
    out: OutOpt = None,
    round: RoundOpt = None,
    lang: LangOpt = None,
) -> None:
    """Compare every unit's index and rank with last year's (FOLDER against --previous), or, with --round
    and no --previous, the results as of that appraisal round with the final ones."""
    from ..compare import compare_results, compare_rounds, compare_to_csv
    from ..display import markup
    from ..output import to_json
    from ..scoring import score_assessment
    from .common import stderr

    language = lang_of(lang)
    if format is Format.table and out is not None and str(out) != "-":
        usage_error(_("--out needs --format csv or --format json."))
    if previous is None and round is None:
        usage_error(_("give --previous (last year's folder or ranking file), or --round 1 to compare with round 1."))
    as_json = format is Format.json
    assessment = load_checked(folder, language, as_json, round)
    previous_files: list[Path] = []
    if previous is None:
        assert round is not None
        document = compare_rounds(assessment, round, language, as_json=format is not Format.table)
    else:
        if previous.resolve() == folder.resolve():
            usage_error(_("--previous is the same folder as FOLDER; give last year's folder or ranking file."))
        ranking, previous_files = load_previous_checked(previous, language, as_json)
        document = compare_results(score_assessment(assessment), ranking, language, as_json=format is not Format.table)
    for warning in document["warnings"]:
        stderr().print(f"[yellow]{markup(warning)}[/yellow]")
    if format is Format.table:
        print_comparison(document, language, stdout())
        return
    text = to_json(document) if as_json else compare_to_csv(document)
    emit(text, out, input_files(assessment) + previous_files, language)


def print_comparison(document: dict[str, Any], lang: str, console: Console) -> None:
    """One rich table per group: ranks and indices both years, signed changes, the decision's phrase."""
    from ..display import markup
    from ..ranking import rank_text

    head = HEADERS[resolve_lang(lang)]
    decimals = int(document["decimals"])
    then = markup(document["previous_year"] or head["previous"])
    now = markup(document["year"])
    for group in document["groups"]:
        rows = [
            [
                rank_text(row["rank_previous"], row["tied_previous"]),
                rank_text(row["rank"], row["tied"]),
                markup(row["name"]) + (f" [dim]({markup(row['note'])})[/dim]" if row["note"] else ""),
                _number(row["index_previous"], decimals, lang),
                _number(row["index"], decimals, lang),
                _signed(row["index_change"], decimals, lang, row["index_trend"]),
                _places(row["rank_change"], row["rank_trend"]),
                markup(row["phrase"]) if row["status"] == "both" else f"[yellow]{markup(row['phrase'])}[/yellow]",
            ]
            for row in document["rows"]
            if row["group"] == group["key"]
        ]
        title = f"{markup(group['name'])} — {then} → {now}"
        console.print(_comparison_table(title, rows, head, then, now, console))
        console.print()
    console.print(f"[dim]{markup(document['basis'])}[/dim]")
    console.print(f"[dim]{markup(document['rank_rule'])}[/dim]")
    console.print(f"[dim]{head['tied']}. {markup(document['tie_rule'])}[/dim]")


#: Columns of the comparison: (header key, year to show in it, right-aligned). The name is column 2.
_COLUMNS = (
    ("rank", "then", True),
    ("rank", "now", True),
    ("unit", "", False),
    ("index", "then", True),
    ("index", "now", True),
    ("change", "", True),
    ("places", "", True),
    ("phrase", "", False),
)
#: Without the two signed-change columns (the phrase says both): what a narrow terminal shows.
_NARROW = (0, 1, 2, 3, 4, 7)


def _comparison_table(
    title: str, rows: list[list[str]], head: dict[str, str], then: str, now: str, console: Console
) -> Table:
    """The comparison of one group, as wide as the console allows without cutting any cell.

    Every column but the unit's name is exactly as wide as its widest cell or header word, so a
    number or the phrase ("tăng 5,84 %, tăng 08 bậc") is never wrapped or cut; the name takes what
    is left and wraps. When the eight columns cannot fit (an 80-column terminal), the two signed
    changes are left out: the phrase states both.
    """
    from rich.text import Text

    headers = [head[key].format(year=then if year == "then" else now) for key, year, _right in _COLUMNS]
    widths = [
        max([Text.from_markup(row[i]).cell_len for row in rows] + [len(word) for word in headers[i].split()])
        for i in range(len(_COLUMNS))
    ]
    # the name wraps, but not into a dozen lines while there is room: at least _NAME_MIN when it fits
    longest = max([len(word) for row in rows for word in Text.from_markup(row[2]).plain.split()] + [1])
    widths[2] = max(_NAME_MIN, longest)
    keep: tuple[int, ...] = tuple(range(len(_COLUMNS)))
    if _table_width([widths[i] for i in keep]) > console.width:
        keep = _NARROW
        widths[2] = longest if _table_width([widths[i] for i in keep]) > console.width else widths[2]
    return _build_comparison(title, rows, headers, widths, keep)


#: The least width of the unit's name column, so that a name wraps into a few lines, not a dozen.
_NAME_MIN = 16


def _table_width(widths: list[int]) -> int:
    """Width of a SIMPLE_HEAD table without edge padding: one space at each edge, three between columns."""
    return sum(widths) + 3 * (len(widths) - 1) + 2


def _build_comparison(
    title: str, rows: list[list[str]], headers: list[str], widths: list[int], keep: tuple[int, ...]
) -> Table:

    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for i in keep:
        if i == 2:
            table.add_column(headers[i], min_width=widths[i], ratio=1)
        else:
            table.add_column(headers[i], justify="right" if _COLUMNS[i][2] else "left", width=widths[i])
    for row in rows:
        table.add_row(*(row[i] for i in keep))
    return table


def _number(value: Decimal | None, decimals: int, lang: str) -> str:
    from ..numbers import format_number

    return format_number(value, decimals, lang)


def _signed(value: Decimal | None, decimals: int, lang: str, trend: str | None) -> str:
    """'▲ +1,36' / '▼ −0,52' / '= 0,00': a sign a reader cannot miss, in the language's decimals."""
    if value is None:
        return ""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{_MARK.get(trend or '', '')} {sign}{_number(abs(value), decimals, lang)}"


def _places(value: int | None, trend: str | None) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{_MARK.get(trend or '', '')} {sign}{abs(value)}"


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_(
    "Compare every unit's index and rank with last year's (FOLDER against --previous), or, with --round and no "
    "--previous, the results as of that appraisal round with the final ones."
)


def register(app: typer.Typer) -> None:
    command(app, "compare", help=HELP, short_help=N_("Change in index and rank since last year."))(compare)
