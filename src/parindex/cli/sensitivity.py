"""`parindex sensitivity`: how sure each rank is, what the council's changes did, points to the next place.

The JSON output is exactly :func:`parindex.sensitivity.sensitivity_to_dict`; CSV has one row per unit
(its ``rows``). The numeric options are read here, not by click, so a wrong value is a usage error
(exit 2) said in the user's language.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import N_, gettext
from ..limits import MAX_SENSITIVITY_RUNS
from ..numbers import NumberError, is_whole, parse_decimal
from ..sensitivity.options import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    DEFAULT_SURVEY_MARGIN,
    DEFAULT_WEIGHT_SPREAD,
    MAX_WEIGHT_SPREAD,
    Options,
)
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
)
from .language import command

_ = gettext

RunsOpt = Annotated[
    str,
    typer.Option("--runs", "-n", metavar="N", help=N_("Number of runs (1 to 100,000).")),
]
SeedOpt = Annotated[
    str,
    typer.Option("--seed", "-s", metavar="S", help=N_("Seed of the random numbers: the same seed, the same output.")),
]
MarginOpt = Annotated[
    str,
    typer.Option(
        "--survey-margin",
        "-m",
        metavar="M",
        help=N_("± margin of each survey criterion's score, in % of its maximum (a 95 % bound; 0 to 100)."),
    ),
]
SpreadOpt = Annotated[
    str,
    typer.Option(
        "--weight-spread",
        "-w",
        metavar="W",
        help=N_("± spread of each domain's weight, in % (0 to 90; 0 keeps the framework's weights, which are law)."),
    ),
]


def _whole(text: str, option: str, low: int, high: int) -> int:
    """TEXT as a whole number from LOW to HIGH, else a usage error naming OPTION."""
    from .common import usage_error

    cleaned = text.strip()
    if is_whole(cleaned) and low <= int(cleaned) <= high:
        return int(cleaned)
    usage_error(
        _("{option} takes a whole number from {low} to {high}, not '{value}'.").format(
            option=option, low=low, high=high, value=text
        )
    )


def _percent(text: str, option: str, high: float) -> float:
    """TEXT as a number of % from 0 to HIGH (a decimal comma is fine), else a usage error."""
    from .common import usage_error

    try:
        value = parse_decimal(text)
    except NumberError:
        value = None
    if value is not None and 0 <= value <= high:
        return float(value)
    usage_error(
        _("{option} takes a number from 0 to {high} (%), not '{value}'.").format(
            option=option, high=f"{high:g}", value=text
        )
    )


def read_options(runs: str, seed: str, survey_margin: str, weight_spread: str) -> Options:
    """The analysis options from the command line's texts (usage errors, exit 2, when out of range)."""
    return Options(
        runs=_whole(runs, "--runs", 1, MAX_SENSITIVITY_RUNS),
        seed=_whole(seed, "--seed", 0, 2**63 - 1),
        survey_margin=_percent(survey_margin, "--survey-margin", 100.0),
        weight_spread=_percent(weight_spread, "--weight-spread", MAX_WEIGHT_SPREAD),
    )


def sensitivity(
    folder: FolderArg,
    runs: RunsOpt = str(DEFAULT_RUNS),
    seed: SeedOpt = str(DEFAULT_SEED),
    survey_margin: MarginOpt = f"{DEFAULT_SURVEY_MARGIN:g}",
    weight_spread: SpreadOpt = f"{DEFAULT_WEIGHT_SPREAD:g}",
    format: FormatOpt = Format.table,
    out: OutOpt = None,
    round: RoundOpt = None,
    lang: LangOpt = None,
) -> None:
    """How sure each rank is, what the council's changes did, and the points to the next place."""
    from ..output import to_json
    from ..sensitivity import analyse_sensitivity, sensitivity_to_csv, sensitivity_to_dict
    from .common import usage_error
    from .sensitivity_view import print_sensitivity

    language = lang_of(lang)
    options = read_options(runs, seed, survey_margin, weight_spread)
    if format is Format.table and out is not None and str(out) != "-":
        usage_error(_("--out needs --format csv or --format json."))
    # with --round 1, the preliminary results: the council's changes are those of round 1
    assessment = load_checked(folder, language, as_json=format is Format.json, round=round)
    analysis = analyse_sensitivity(assessment, options)
    if format is Format.table:
        print_sensitivity(analysis, language, stdout())
        return
    as_json = format is Format.json
    text = to_json(sensitivity_to_dict(analysis, language)) if as_json else sensitivity_to_csv(analysis)
    emit(text, out, input_files(assessment), language)


#: The command's --help text (English msgid; the Vietnamese is in the catalogue).
HELP = N_(
    "How sure each rank is, what the council's changes did, and the points to the next place."
    "\n\n"
    "Runs the ranking many times with every survey criterion's score varied within its sampling margin "
    "(and each domain's weight, if asked); gives each unit's median rank and 5–95 % rank interval, the "
    "pairs whose order is not settled, its index and rank had the council's changes been reverted, the "
    "single changes that alone change a rank, and the points to the next place. The same seed gives the "
    "same output."
)


def register(app: typer.Typer) -> None:
    short = N_("How sure each rank is; the council's changes; points to the next place.")
    command(app, "sensitivity", help=HELP, short_help=short)(sensitivity)
