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

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import N_, Texts
from .numbers import NumberError, format_number, is_whole, parse_decimal
from .problems import InvalidInput, Problem, Report, Words

if TYPE_CHECKING:  # pragma: no cover
    from .scoring import Results

REQUIRED_KEYS = ("group", "unit_id", "name", "rank", "index")
JSON_SUFFIXES = (".json",)
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
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
_TRUE = frozenset({"yes", "y", "có", "co", "x", "1", "true"})
_FALSE = frozenset({"no", "n", "không", "khong", "0", "false"})

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
    }
)


@dataclass(frozen=True)
class RankingEntry:
    """One unit of a published ranking: what the annex shows, nothing recomputed."""

    group: str
    unit_id: str
    name: str
    rank: int | None
    index: Decimal | None
    tied: bool = False


@dataclass
class Ranking:
    """One year's published ranking, from an assessment folder or a ranking file."""

    year: int | str | None
    source: str
    kind: str
    entries: list[RankingEntry]
    group_names: dict[str, str] = field(default_factory=dict)
    decimals: int = 0


def ranking_from_results(results: Results, source: str = "", kind: str = "folder") -> Ranking:
    """This year's ranking as published: rounded indices, competition ranks, units in published order."""
    entries = [
        RankingEntry(key, score.unit.unit_id, score.unit.name, score.rank, score.published_index, score.tied)
        for key, group_result in results.groups.items()
        for score in group_result.units
    ]
    names = {key: gr.group.name for key, gr in results.groups.items()}
    return Ranking(results.year, source, kind, entries, names, results.framework.decimals)


def load_previous(path: Path) -> Ranking:
    """Last year's ranking from an assessment folder (scored here) or a ranking file written by `score`.

    A folder (or its parindex.toml) is loaded and scored; a .json file is read as `score --format json`;
    a .csv/.xlsx file as `score --format csv`; any other suffix is recognised by its content.
    Raises InvalidInput with every problem found, FileNotFoundError when PATH does not exist.
    """
    if path.is_file() and path.name.lower() == "parindex.toml":
        path = path.parent
    if path.is_dir():
        from .assessment import load_assessment
        from .scoring import score_assessment

        return ranking_from_results(score_assessment(load_assessment(path)), str(path), "folder")
    if not path.exists():
        raise FileNotFoundError(str(path))
    return read_ranking_file(path)


def ranking_kind(path: Path) -> str:
    """'json' or 'table' for a ranking file: by suffix, else by the first character of its content."""
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in TABLE_SUFFIXES:
        return "table"
    with path.open("rb") as handle:  # the head only: the file may be large
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head[:1] in (b"{", b"[") else "table"


def read_ranking_file(path: Path) -> Ranking:
    """Read a ranking written by `score --format csv|json`; raises InvalidInput listing every problem."""
    label = path.name
    if ranking_kind(path) == "json":
        year, records, names, problems = _json_records(path, label)
        kind = "json"
    else:
        year, names = None, {}
        records, problems = _table_records(path, label)
        kind = "xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else "csv"
    entries: list[RankingEntry] = []
    if records is not None:
        entries = _entries(records, label, problems)
    if records is not None and not records and not problems:
        problems.append(Problem("empty-file", label))
    if problems:
        raise InvalidInput(Report(list(problems)))
    decimals = max((_places(e.index) for e in entries if e.index is not None), default=0)
    return Ranking(year, str(path), kind, entries, names, decimals)


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _json_records(
    path: Path, label: str
) -> tuple[int | str | None, list[tuple[int, dict[str, Any]]] | None, dict[str, str], list[Problem]]:
    """Rows of a `score --format json` document (or a bare list of rows), numbered from 1."""

    def invalid(detail: Words) -> tuple[None, None, dict[str, str], list[Problem]]:
        return None, None, {}, [Problem("ranking-invalid", label, params={"detail": detail})]

    from .readers import read_bounded

    raw, refused = read_bounded(path, label)
    if raw is None:
        return None, None, {}, [refused] if refused else []
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        detail = Words(en=str(exc.reason), vi=f"byte không hợp lệ ở vị trí {exc.start}")
        return None, None, {}, [Problem("encoding-error", label, params={"detail": detail})]
    except json.JSONDecodeError as exc:
        return invalid(
            Words(
                en=f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})",
                vi=f"không đúng định dạng JSON (dòng {exc.lineno}, cột {exc.colno})",
            )
        )
    except RecursionError:
        return invalid(
            Words(
                en="not valid JSON (brackets nested too deeply)",
                vi="không đúng định dạng JSON (ngoặc lồng nhau quá sâu)",
            )
        )
    rows: Any = document
    year: int | str | None = None
    names: dict[str, str] = {}
    if isinstance(document, dict):
        rows = document.get("rows")
        raw_year = document.get("year")
        year = raw_year if isinstance(raw_year, int | str) and not isinstance(raw_year, bool) else None
        for group in document.get("groups") or []:
            if isinstance(group, dict) and isinstance(group.get("key"), str):
                names[group["key"]] = str(group.get("name") or group["key"])
    if not isinstance(rows, list):
        return invalid(Words(en='no "rows" list', vi='không có danh sách "rows"'))
    records: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.append(
                Problem(
                    "ranking-invalid",
                    label,
                    row=number,
                    params={
                        "detail": Words(
                            en=f"row {number} is not an object", vi=f"dòng {number} không phải một đối tượng"
                        )
                    },
                )
            )
            continue
        records.append((number, {str(k).strip().lower(): _json_text(v) for k, v in row.items()}))
    return year, records, names, problems


def _json_text(value: Any) -> str:
    """A JSON value as the text a table cell would hold (numbers written exactly as in the file)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def _table_records(path: Path, label: str) -> tuple[list[tuple[int, dict[str, Any]]] | None, list[Problem]]:
    """Rows of a CSV/xlsx ranking, read like every other table (BOM, ';', decimal commas, row numbers)."""
    from .output import plain_cell
    from .readers import ROW, read_table

    result = read_table(path, label)
    problems: list[Problem] = list(result.problems)
    if result.frame is None:
        return None, problems
    records = [{key: plain_cell(value) for key, value in record.items()} for record in result.frame.records()]
    return [(int(record[ROW]), record) for record in records], problems


def _entries(records: list[tuple[int, dict[str, Any]]], label: str, problems: list[Problem]) -> list[RankingEntry]:
    """Check required keys and values of every row; collect every problem rather than stop at the first."""
    present = set().union(*(r.keys() for _, r in records)) if records else set()
    missing = [k for k in REQUIRED_KEYS if k not in present]
    if "index_change" in present and "status" in present:
        detail = Words(
            en="it is the output of 'parindex compare' (it has index_change), not a ranking",
            vi="đây là kết quả của 'parindex compare' (có cột index_change), không phải bảng xếp hạng",
        )
        problems.append(Problem("ranking-invalid", label, row=1, params={"detail": detail}))
        return []
    if records and missing:
        found = ", ".join(sorted(k for k in present if k != "row")) or Words(en="none", vi="không có")
        for key in missing:
            problems.append(Problem("missing-column", label, row=1, column=key, params={"detail": found}))
        return []
    entries: list[RankingEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for number, record in records:
        entry = _entry(number, record, label, problems, seen)
        if entry is not None:
            entries.append(entry)
    _mark_ties(entries)
    return entries


#: What a rank cell and an index cell of a ranking file must hold.
_RANK_RULE = Words(
    en="a whole number from 1 (digits 0–9), or empty for a unit not ranked",
    vi="số nguyên từ 1 (chữ số 0–9), hoặc để trống nếu đơn vị không xếp hạng",
)
_INDEX_RULE = Words(
    en="the published index in the digits 0–9, such as 86.29 or 86,29",
    vi="chỉ số đã công bố, viết bằng chữ số 0–9, ví dụ 86,29 hoặc 86.29",
)


def _entry(
    number: int, record: dict[str, Any], label: str, problems: list[Problem], seen: dict[tuple[str, str], int]
) -> RankingEntry | None:
    """One row of a ranking file as an entry, or None with its problems added to PROBLEMS."""
    cells = {key: str(record.get(key) or "").strip() for key in (*REQUIRED_KEYS, "ranked")}
    before = len(problems)

    def invalid(column: str, detail: Words) -> None:
        problem = Problem(
            "invalid-value", label, row=number, column=column, value=cells[column], params={"detail": detail}
        )
        problems.append(problem)

    for key in ("group", "unit_id"):
        if not cells[key]:
            problems.append(Problem("missing-value", label, row=number, column=key))
    ranked = _ranked_cell(cells["ranked"], invalid)
    rank = _rank_cell(cells["rank"], ranked, invalid)
    index = _index_cell(cells["index"], invalid)
    if not cells["index"] and rank is not None:
        problems.append(Problem("missing-value", label, row=number, column="index"))
    _check_unique(cells, number, label, problems, seen)
    if len(problems) > before:
        return None
    return RankingEntry(cells["group"], cells["unit_id"], cells["name"], rank, index)


def _ranked_cell(text: str, invalid: Callable[[str, Words], None]) -> bool:
    """The "ranked" flag (true when empty); a text that is neither true nor false is reported."""
    if not text:
        return True
    flag = text.casefold()
    if flag not in _TRUE | _FALSE:
        invalid("ranked", Words(en="true or false", vi="true hoặc false"))
    return flag not in _FALSE


def _rank_cell(text: str, ranked: bool, invalid: Callable[[str, Words], None]) -> int | None:
    """A rank from 1, None when empty or the unit is not ranked; anything else is reported."""
    if not text:
        return None
    if is_whole(text) and int(text) > 0:
        return int(text) if ranked else None
    invalid("rank", _RANK_RULE)
    return None


def _index_cell(text: str, invalid: Callable[[str, Words], None]) -> Decimal | None:
    """The published index, exact ("86,29", "86.29 %"); None when empty; anything else is reported."""
    if not text:
        return None
    try:
        return parse_decimal(text.removesuffix("%").strip())
    except NumberError:
        invalid("index", _INDEX_RULE)
        return None


def _check_unique(
    cells: dict[str, str], number: int, label: str, problems: list[Problem], seen: dict[tuple[str, str], int]
) -> None:
    """Report a unit listed twice in one group (ids compared without case), naming the first row."""
    if not (cells["group"] and cells["unit_id"]):
        return
    slot = (cells["group"].casefold(), cells["unit_id"].casefold())
    if slot in seen:
        params = {"detail": seen[slot]}
        problems.append(
            Problem("duplicate-unit", label, row=number, column="unit_id", value=cells["unit_id"], params=params)
        )
    else:
        seen[slot] = number


def _mark_ties(entries: list[RankingEntry]) -> None:
    """Flag units that share their rank with another unit of the same group (ranking files hold no flag we trust)."""
    counts: dict[tuple[str, int], int] = {}
    for entry in entries:
        if entry.rank is not None:
            slot = (entry.group.casefold(), entry.rank)
            counts[slot] = counts.get(slot, 0) + 1
    for i, entry in enumerate(entries):
        if entry.rank is not None and counts[(entry.group.casefold(), entry.rank)] > 1:
            entries[i] = RankingEntry(entry.group, entry.unit_id, entry.name, entry.rank, entry.index, True)


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
    text = TEXT["vi" if lang == "vi" else "en"]
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


def compare_rankings(current: Ranking, previous: Ranking, lang: str = "vi", *, as_json: bool = True) -> dict[str, Any]:
    """The comparison document: per group, every unit of either year with its change (JSON-ready).

    With AS_JSON false the indices stay exact Decimals, for the views that format them.
    """
    lang = "vi" if lang == "vi" else "en"
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


def compare_results(results: Results, previous: Ranking, lang: str = "vi", *, as_json: bool = True) -> dict[str, Any]:
    """Compare this year's RESULTS with last year's published ranking; adds the framework and tie rule."""
    from .ranking import tie_rule

    document = compare_rankings(ranking_from_results(results, kind="folder"), previous, lang, as_json=as_json)
    return {
        "framework": results.framework.id,
        "framework_title": results.framework.title,
        **document,
        "tie_rule": tie_rule(results.framework.decimals, lang),
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
