"""Year-on-year comparison: each unit's index and rank now against last year ("tăng 1,36 %, tăng 01 bậc").

Results decisions describe every unit's change from the previous year in index and in rank. This
module builds that comparison as a JSON-ready dict (what ``parindex compare --format json`` prints)
from this year's results and last year's *published* ranking, which can come from last year's
assessment folder or from the ranking file ``parindex score --format csv|json`` wrote then (also
after a round trip through Excel: ';' separators and decimal commas are read).

Rules, stated in every output (``basis`` and ``rank_rule``):

* Changes are computed exactly with :class:`~decimal.Decimal` from the indices *as published*
  (rounded) in both years, so they equal the difference a reader gets from the two printed
  tables; unrounded digits never leak into a published change.
* Ranks are compared as published (competition ranks: tied units share a rank). A positive place
  change means the unit moved up. A unit not ranked in either year gets no place change; its index
  change is still given.
* Units are matched by unit id (case-insensitive) within the same group. Units new this year or
  gone since last year are listed with that status, never dropped.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import DEFAULT_LANG, N_, Lang, Texts, resolve_lang
from .numbers import format_number
from .ranking_file import Ranking, RankingEntry, read_ranking_file
from .ranking_file import ranking_kind as ranking_kind  # importable from here, as before the module

if TYPE_CHECKING:  # pragma: no cover
    from .assessment import Assessment
    from .scoring import Results

UP, DOWN, SAME = "up", "down", "same"
BOTH, NEW, GONE = "both", "new", "gone"
CSV_COLUMNS = (
    "group",
    "unit_id",
    "name",
    "status",
    "rank_previous",
    "tied_previous",
    "rank",
    "tied",
    "index_previous",
    "index",
    "index_change",
    "rank_change",
    "index_trend",
    "rank_trend",
    "phrase",
    "note",
)
TEXT = Texts(
    {
        "basis": N_(
            "Changes are computed exactly (decimal arithmetic) from the indices as published in both years "
            "(rounded half-up to the published decimals), so they equal the difference between the two "
            "published tables; 'pp' = percentage points."
        ),
        "rank_rule": N_(
            "Ranks are compared as published (tied units share a rank); a positive place change means the unit "
            "moved up. A unit not ranked in either year gets no place change, only its index change. Units are "
            "matched by unit id within the same group; units new this year or gone since last year are listed."
        ),
        "up": N_("up {value} pp"),
        "down": N_("down {value} pp"),
        "index_same": N_("index unchanged"),
        "places_up": N_("up {n} place{s}"),
        "places_down": N_("down {n} place{s}"),
        "places_same": N_("same rank"),
        "unchanged": N_("unchanged"),
        "no_index": N_("no index to compare"),
        "unranked": N_("not ranked in {year}"),
        "unranked_both": N_("not ranked"),
        "new": N_("new: no result in {year}"),
        "gone": N_("no result in {year}"),
        "moved": N_("listed in group '{group}' in {year}"),
        "last_year": N_("the previous year"),
        "this_year": N_("this year"),
        "later": N_("the previous ranking is for {previous}, not a year before {year}"),
        "round_label": N_("{year}, round {round}"),
        "final_label": N_("{year}, final"),
        "round_basis": N_(
            "The results as of round {round} of the appraisal (each criterion's latest round up to {round}) "
            "against the final results (each criterion's latest round): the change the units' explanations "
            "and the final appraisal made."
        ),
    }
)


def ranking_from_results(results: Results, source: str = "", kind: str = "folder") -> Ranking:
    """This year's ranking as published: rounded indices, competition ranks, units in published order."""
    entries = [
        RankingEntry(key, score.unit.unit_id, score.unit.name, score.rank, score.published_index, score.tied)
        for key, group_result in results.groups.items()
        for score in group_result.units
    ]
    names = {key: gr.group.name for key, gr in results.groups.items()}
    return Ranking(results.year, source, kind, entries, names, results.framework.decimals)


def load_previous(path: str | os.PathLike[str]) -> Ranking:
    """Last year's ranking from an assessment folder (scored here) or a ranking file written by `score`.

    A folder (or its parindex.toml) is loaded and scored; a .json file is read as `score --format json`;
    a .csv/.xlsx file as `score --format csv`; any other suffix is recognised by its content.
    Raises InvalidInput with every problem found, FileNotFoundError when PATH does not exist.
    """
    path = Path(path)
    if path.is_file() and path.name.lower() == "parindex.toml":
        path = path.parent
    if path.is_dir():
        from .assessment import load_assessment
        from .scoring import score_assessment

        return ranking_from_results(score_assessment(load_assessment(path)), str(path), "folder")
    if not path.exists():
        raise FileNotFoundError(str(path))
    return read_ranking_file(path)


def _trend(change: Decimal | int | None) -> str | None:
    if change is None:
        return None
    return UP if change > 0 else DOWN if change < 0 else SAME


def _json_number(value: Decimal | None) -> float | None:
    """A JSON number for a short exact decimal (its float repr prints the same digits)."""
    return None if value is None else float(value)


def _year_text(year: int | str | None, lang: str, which: str) -> str:
    return str(year) if year not in (None, "") else TEXT[lang][which]


def phrase(
    index_change: Decimal | None,
    rank_change: int | None,
    decimals: int,
    lang: str = "vi",
    unranked: str | None = None,
) -> str:
    """The sentence of a results decision: 'tăng 1,36 %, tăng 01 bậc', 'giảm 0,52 %, giảm 02 bậc', 'giữ nguyên'.

    Place counts have two digits as Vietnamese decisions write them ('01 bậc'). UNRANKED, for a unit not
    ranked in one of the years, says so in place of the rank part: only the index change is described.
    """
    text = TEXT[resolve_lang(lang)]
    if index_change is None:
        index_part = text["no_index"]
    elif index_change > 0:
        index_part = text["up"].format(value=format_number(index_change, decimals, lang))
    elif index_change < 0:
        index_part = text["down"].format(value=format_number(-index_change, decimals, lang))
    else:
        index_part = text["index_same"]
    if unranked is not None or rank_change is None:
        return index_part if unranked is None else f"{index_part}, {unranked}"
    if index_change == 0 and rank_change == 0:
        return text["unchanged"]
    n = abs(rank_change)
    places = f"{n:02d}" if lang == "vi" else str(n)
    suffix = "" if n == 1 else "s"
    if rank_change > 0:
        rank_part = text["places_up"].format(n=places, s=suffix)
    elif rank_change < 0:
        rank_part = text["places_down"].format(n=places, s=suffix)
    else:
        rank_part = text["places_same"]
    return f"{index_part}, {rank_part}"


#: The keys of a comparison row that hold an index (exact Decimals until written as JSON numbers).
INDEX_KEYS = ("index_previous", "index", "index_change")


def compare_rankings(
    current: Ranking, previous: Ranking, lang: Lang = DEFAULT_LANG, *, as_json: bool = True
) -> dict[str, Any]:
    """The comparison document: per group, every unit of either year with its change (JSON-ready).

    With AS_JSON false the indices stay exact Decimals, for the views that format them.
    """
    lang = resolve_lang(lang)
    text = TEXT[lang]
    decimals = max(current.decimals, previous.decimals)
    year_now = _year_text(current.year, lang, "this_year")
    year_then = _year_text(previous.year, lang, "last_year")
    before: dict[tuple[str, str], RankingEntry] = {
        (e.group.casefold(), e.unit_id.casefold()): e for e in previous.entries
    }
    group_of_then = {e.unit_id.casefold(): e.group for e in previous.entries}
    group_of_now = {e.unit_id.casefold(): e.group for e in current.entries}
    matched: set[tuple[str, str]] = set()
    rows: list[dict[str, Any]] = []
    for entry in current.entries:
        key = (entry.group.casefold(), entry.unit_id.casefold())
        old = before.get(key)
        if old is None:
            moved = group_of_then.get(entry.unit_id.casefold())
            note = None if moved is None else text["moved"].format(group=moved, year=year_then)
            rows.append(_row(entry.group, None, entry, NEW, text["new"].format(year=year_then), note))
            continue
        matched.add(key)
        rows.append(_changed_row(entry, old, decimals, lang, year_now, year_then))
    for entry in previous.entries:
        key = (entry.group.casefold(), entry.unit_id.casefold())
        if key in matched:
            continue
        moved = group_of_now.get(entry.unit_id.casefold())
        note = None if moved is None else text["moved"].format(group=moved, year=year_now)
        rows.append(_row(_group_key(entry.group, current), entry, None, GONE, text["gone"].format(year=year_now), note))
    groups = _groups(current, previous, rows)
    rows.sort(key=lambda r: [g["key"] for g in groups].index(r["group"]))
    if as_json:
        for row in rows:
            row.update({key: _json_number(row[key]) for key in INDEX_KEYS})
    warnings = []
    if isinstance(current.year, int) and isinstance(previous.year, int) and previous.year >= current.year:
        warnings.append(text["later"].format(previous=previous.year, year=current.year))
    return {
        "year": current.year,
        "previous_year": previous.year,
        "previous_source": previous.source,
        "previous_kind": previous.kind,
        "decimals": decimals,
        "basis": text["basis"],
        "rank_rule": text["rank_rule"],
        "warnings": warnings,
        "groups": groups,
        "rows": rows,
    }


def compare_results(
    results: Results, previous: Ranking, lang: Lang = DEFAULT_LANG, *, as_json: bool = True
) -> dict[str, Any]:
    """Compare this year's RESULTS with last year's published ranking; adds the framework and tie rule."""
    from .ranking import tie_rule

    document = compare_rankings(ranking_from_results(results, kind="folder"), previous, lang, as_json=as_json)
    return {
        "framework": results.framework.id,
        "framework_title": results.framework.title,
        **document,
        "tie_rule": tie_rule(results.framework.decimals, lang),
    }


def compare_rounds(
    assessment: Assessment, round: int, lang: Lang = DEFAULT_LANG, *, as_json: bool = True
) -> dict[str, Any]:
    """The effect of the units' explanations: ASSESSMENT's results as of appraisal ROUND (1: the
    preliminary results sent to the units) as the "previous" ranking, the final results (each
    criterion's latest round) as the current one; the document of `compare_results`, with ``round``.

    Raises RoundError for a round the appraisal cannot have.
    """
    from .ranking import tie_rule
    from .scoring import score_assessment

    text = TEXT[resolve_lang(lang)]
    final = score_assessment(assessment.at_round(None))
    earlier = ranking_from_results(score_assessment(assessment.at_round(round)), str(assessment.folder), "round")
    earlier.year = text["round_label"].format(year=final.year, round=round)
    current = ranking_from_results(final, str(assessment.folder), "folder")
    current.year = text["final_label"].format(year=final.year)
    document = compare_rankings(current, earlier, lang, as_json=as_json)
    return {
        "framework": final.framework.id,
        "framework_title": final.framework.title,
        **document,
        "basis": f"{text['round_basis'].format(round=round)} {document['basis']}",
        "round": round,
        "tie_rule": tie_rule(final.framework.decimals, lang),
    }


def _group_key(group: str, current: Ranking) -> str:
    """A previous group key spelled as this year spells it (keys match case-insensitively)."""
    for entry in current.entries:
        if entry.group.casefold() == group.casefold():
            return entry.group
    return group


def _groups(current: Ranking, previous: Ranking, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Groups in this year's order, then any group only last year had, with counts by status."""
    present = {row["group"] for row in rows}
    keys = [key for key in current.group_names if key in present]
    for row in rows:
        if row["group"] not in keys:
            keys.append(row["group"])
    groups = []
    for key in keys:
        statuses = [r["status"] for r in rows if r["group"] == key]
        name = current.group_names.get(key) or previous.group_names.get(key) or key
        groups.append(
            {
                "key": key,
                "name": name,
                "compared": statuses.count(BOTH),
                "new": statuses.count(NEW),
                "gone": statuses.count(GONE),
            }
        )
    return groups


def _row(
    group: str,
    old: RankingEntry | None,
    new: RankingEntry | None,
    status: str,
    text: str,
    note: str | None,
) -> dict[str, Any]:
    """A row with the values each year has; the change fields are empty (nothing to compare)."""
    shown = new or old
    assert shown is not None
    return {
        "group": group,
        "unit_id": shown.unit_id,
        "name": shown.name,
        "status": status,
        "rank_previous": old.rank if old else None,
        "tied_previous": old.tied if old else False,
        "rank": new.rank if new else None,
        "tied": new.tied if new else False,
        "index_previous": old.index if old else None,
        "index": new.index if new else None,
        "index_change": None,
        "rank_change": None,
        "index_trend": None,
        "rank_trend": None,
        "phrase": text,
        "note": note,
    }


def _changed_row(
    new: RankingEntry, old: RankingEntry, decimals: int, lang: str, year_now: str, year_then: str
) -> dict[str, Any]:
    """A unit present in both years: exact index change (pp) and place change (positive = moved up)."""
    index_change = None if new.index is None or old.index is None else new.index - old.index
    rank_change = None if new.rank is None or old.rank is None else old.rank - new.rank
    text = TEXT[lang]
    unranked = None
    if old.rank is None and new.rank is None:
        unranked = text["unranked_both"]
    elif old.rank is None or new.rank is None:
        unranked = text["unranked"].format(year=year_then if old.rank is None else year_now)
    row = _row(new.group, old, new, BOTH, "", None)
    if old.name and old.name != new.name:
        row["note"] = f"{year_then}: {old.name}"
    row.update(
        {
            "index_change": index_change,
            "rank_change": rank_change,
            "index_trend": _trend(index_change),
            "rank_trend": _trend(rank_change),
            "phrase": phrase(index_change, rank_change, decimals, lang, unranked),
        }
    )
    return row


def compare_to_csv(document: dict[str, Any]) -> str:
    """CSV of the comparison rows (dot decimals, fixed precision, formula-safe), as `--format csv` writes."""
    from .output import rows_to_csv

    return rows_to_csv(document["rows"], list(CSV_COLUMNS), int(document["decimals"]))
