"""A published ranking, and reading one from the file `parindex score --format csv|json` wrote.

Why a module of its own: `compare` reads last year's ranking from an assessment folder or from
such a file (also after a round trip through Excel: ';' separators and decimal commas); checking a
file row by row, with every problem reported at once, is a concern apart from the comparison.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .numbers import NumberError, is_whole, parse_decimal
from .problems import InvalidInput, Problem, Report, Words

REQUIRED_KEYS = ("group", "unit_id", "name", "rank", "index")
JSON_SUFFIXES = (".json",)
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
_TRUE = frozenset({"yes", "y", "có", "co", "x", "1", "true"})
_FALSE = frozenset({"no", "n", "không", "khong", "0", "false"})


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


def ranking_kind(path: str | os.PathLike[str]) -> str:
    """'json' or 'table' for a ranking file: by suffix, else by the first character of its content."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in TABLE_SUFFIXES:
        return "table"
    with path.open("rb") as handle:  # the head only: the file may be large
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head[:1] in (b"{", b"[") else "table"


def read_ranking_file(path: str | os.PathLike[str]) -> Ranking:
    """Read a ranking written by `score --format csv|json`; raises InvalidInput listing every problem."""
    path = Path(path)
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
    from .readers import read_bounded

    raw, refused = read_bounded(path, label)
    if raw is None:
        return None, None, {}, [refused] if refused else []
    document, problem = _parse_json(raw, label)
    if problem is not None:
        return None, None, {}, [problem]
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
        detail = Words(en='no "rows" list', vi='không có danh sách "rows"')
        return None, None, {}, [Problem("ranking-invalid", label, params={"detail": detail})]
    records, problems = _json_rows(rows, label)
    return year, records, names, problems


def _parse_json(raw: bytes, label: str) -> tuple[Any, Problem | None]:
    """The JSON document in RAW, or the problem that says why it cannot be read."""
    try:
        return json.loads(raw.decode("utf-8-sig")), None
    except UnicodeDecodeError as exc:
        detail = Words(en=str(exc.reason), vi=f"byte không hợp lệ ở vị trí {exc.start}")
        return None, Problem("encoding-error", label, params={"detail": detail})
    except json.JSONDecodeError as exc:
        detail = Words(
            en=f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})",
            vi=f"không đúng định dạng JSON (dòng {exc.lineno}, cột {exc.colno})",
        )
    except RecursionError:
        detail = Words(
            en="not valid JSON (brackets nested too deeply)", vi="không đúng định dạng JSON (ngoặc lồng nhau quá sâu)"
        )
    return None, Problem("ranking-invalid", label, params={"detail": detail})


def _json_rows(rows: list[Any], label: str) -> tuple[list[tuple[int, dict[str, Any]]], list[Problem]]:
    """Each row object as its cells' texts, numbered from 1; a row that is not an object is a problem."""
    records: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=1):
        if isinstance(row, dict):
            records.append((number, {str(k).strip().lower(): _json_text(v) for k, v in row.items()}))
            continue
        detail = Words(en=f"row {number} is not an object", vi=f"dòng {number} không phải một đối tượng")
        problems.append(Problem("ranking-invalid", label, row=number, params={"detail": detail}))
    return records, problems


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
