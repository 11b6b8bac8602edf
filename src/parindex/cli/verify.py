"""`parindex verify`: does a result parindex wrote still follow from the assessment folder's files?"""

from __future__ import annotations

import re
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, Texts, gettext
from .common import EXIT_INVALID, FolderArg, LangOpt, check_folder, lang_of, lookable, stderr, stdout, usage_error
from .language import command

_ = gettext

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from ..verify import Verification

#: How many differing values the table shows, and how much of each (JSON lists them all, whole).
SHOWN_VALUES, SHOWN_CHARS = 50, 80

WORDS = Texts(
    {
        "matches": N_("matches: {result} follows from these files, and every value recomputed is the same."),
        "differs": N_("does not match: {result} is not what {folder} gives now."),
        "version": N_("The result was written by parindex {then}; it was recomputed with parindex {now}."),
        "invalid": N_("{folder} no longer validates, so its values cannot be recomputed:"),
        "files": N_("Files that differ from the result's manifest"),
        "values": N_("Values of the result that differ from the recomputed ones"),
        "more": N_("… and {n} more ('--format json' lists every one)."),
        "kind": N_("Kind"),
        "file": N_("File"),
        "change": N_("What changed"),
        "then": N_("SHA-256 then"),
        "now_sha": N_("SHA-256 now"),
        "unit": N_("Unit id"),
        "field": N_("Value"),
        "where": N_("Where"),
        "written": N_("In the result"),
        "now": N_("Recomputed"),
        "difference": N_("Difference"),
        "mean": N_("Group mean index"),
        "framework": N_("framework file"),
        "input": N_("input file"),
        "changed": N_("changed"),
        "missing": N_("missing"),
        "new": N_("new"),
        "(missing)": N_("(row missing)"),
        "(extra)": N_("(row not in the results)"),
        "(header)": N_("(header)"),
        "(sheet missing)": N_("(sheet missing)"),
        "(extra sheet)": N_("(sheet not in the results)"),
    }
)

ResultArg = Annotated[
    Path,
    typer.Argument(
        help=N_(
            "A result parindex wrote: 'score --format json' or '--format csv' (with its .manifest.json), or "
            "'export --xlsx'."
        ),
        show_default=False,
    ),
]


class VerifyFormat(str, Enum):
    table = "table"
    json = "json"


def verify(
    folder: FolderArg,
    result: ResultArg,
    format: Annotated[
        VerifyFormat, typer.Option("--format", "-f", case_sensitive=False, help=N_("Output format."))
    ] = VerifyFormat.table,
    lang: LangOpt = None,
) -> None:
    """Check that RESULT follows from FOLDER: same files (by SHA-256), same values recomputed; exit 1 if not."""
    from ..output import to_json
    from ..verify import NotAResult, verify_result

    language = lang_of(lang)
    check_folder(folder)
    if not lookable(result, "RESULT", language).is_file():
        usage_error(_("result '{result}' is not a file.").format(result=result))
    try:
        found = verify_result(folder, result)
    except NotAResult as exc:
        _refused(result, exc.words.text(language), format is VerifyFormat.json)
    if format is VerifyFormat.json:
        sys.stdout.write(to_json(found.to_dict(language)))
    else:
        print_verification(found, folder, language, stdout() if found.matches else stderr())
    if not found.matches:
        raise typer.Exit(EXIT_INVALID)


def _refused(result: Path, message: str, as_json: bool) -> None:
    """RESULT is not a parindex result with a manifest: said plainly, exit 1 (it is invalid input)."""
    from rich.markup import escape

    from ..display import markup
    from ..output import to_json

    if as_json:
        sys.stdout.write(to_json({"result": result.name, "matches": False, "error": message}))
    else:
        stderr().print("[red]" + escape(_("Error: {message}").format(message="")).strip() + "[/red] " + markup(message))
    raise typer.Exit(EXIT_INVALID)


def print_verification(found: Verification, folder: Path, lang: str, console: Console) -> None:
    """The verdict, then the files and values that differ (a table each)."""
    from ..display import markup

    words = WORDS[lang]
    if found.matches:
        console.print("[green]✓[/green] " + markup(words["matches"].format(result=found.result)))
    else:
        console.print("[red]✗[/red] " + markup(words["differs"].format(result=found.result, folder=folder)))
    if found.parindex_then != found.parindex_now:
        console.print(markup(words["version"].format(then=found.parindex_then, now=found.parindex_now)))
    if found.files:
        console.print(_files_table(found, lang))
    if found.invalid is not None:
        from .views import print_report

        console.print(markup(words["invalid"].format(folder=folder)))
        print_report(found.invalid, lang, console)
    if found.values:
        console.print(_values_table(found, lang))
        if len(found.values) > SHOWN_VALUES:
            console.print(markup(words["more"].format(n=len(found.values) - SHOWN_VALUES)))


def _files_table(found: Verification, lang: str) -> object:
    from rich.table import Table

    from ..display import markup

    words = WORDS[lang]
    table = Table(title=words["files"], title_justify="left")
    for header in ("kind", "file", "change", "then", "now_sha"):
        table.add_column(words[header])
    for change in found.files:
        shas = ["—" if sha is None else sha[:16] + "…" for sha in (change.then, change.now)]
        table.add_row(words[change.kind], markup(change.path), words[change.change], *shas)
    return table


def _values_table(found: Verification, lang: str) -> object:
    from rich.table import Table

    from ..display import markup, shorten

    words = WORDS[lang]
    table = Table(title=words["values"], title_justify="left")
    for header in ("unit", "field", "where", "written", "now", "difference"):
        table.add_column(words[header], justify="right" if header == "difference" else "left", overflow="fold")
    for change in found.values[:SHOWN_VALUES]:
        cells = (change.unit_id, _field(change.field, lang), change.where, change.written, change.now)
        shown = ("" if cell is None else shorten(cell, SHOWN_CHARS) for cell in cells)
        texts = [markup(text) for text in shown]
        texts[3:] = (_number(text, lang) for text in texts[3:])
        table.add_row(*texts, _number(change.difference or "", lang))
    return table


_PLAIN_NUMBER = re.compile(r"[+-]?\d+\.\d+")


def _number(text: str, lang: str) -> str:
    """A plain decimal ("90.61", "-1.00") as LANG writes it ("90,61"): the table is read, the JSON twin
    keeps the values as the result holds them."""
    return text.replace(".", ",") if lang == "vi" and _PLAIN_NUMBER.fullmatch(text) else text


def _field(field: str, lang: str) -> str:
    """A JSON/CSV key as the result's column is called in LANG ("index" -> "Chỉ số CCHC (%)"); else as it is."""
    from ..result_table import COLUMNS, DOMAIN_LABEL

    words = WORDS[lang]
    labels = {column.key: column.header(lang) for column in COLUMNS} | {"mean_index": words["mean"]}
    if field in labels or field in words:
        return labels.get(field) or words[field]
    if field.startswith("index_"):
        return gettext(DOMAIN_LABEL, lang).format(code=field.removeprefix("index_"))
    return field


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_("Check that RESULT follows from FOLDER: same files (by SHA-256), same values recomputed; exit 1 if not.")


def register(app: typer.Typer) -> None:
    command(app, "verify", help=HELP, short_help=N_("Check a written result against the folder's files."))(verify)
