"""The result table: the one list of columns between scoring and every writer.

JSON, CSV, the terminal ranking, the HTML report and the Excel annex all read a unit's values from
here, so a column is declared once: its key (the JSON/CSV name), its label (a gettext msgid, so
Vietnamese and English), its kind, and a getter of its exact value (an int, a str, a bool, or for
amounts the exact micro-points / a ratio of them; never a float). Rounding half-up to the
framework's precision happens in one vectorised place (:mod:`numbers`), whole columns at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from .i18n import N_, gettext
from .numbers import from_micro, half_up_places, index_of, percent_half_up, places_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .framework import Framework
    from .scoring import Results, UnitScore

# The kinds of column: how a writer shows a value.
TEXT = "text"  #: words (a name, an id, a band); JSON as written, CSV neutralised against formulas
RANK = "rank"  #: a competition rank, or None for an unranked unit
FLAG = "flag"  #: true/false
COUNT = "count"  #: a whole number of criteria
POINTS = "points"  #: an amount of points: exact micro-points, published rounded half-up
INDEX = "index"  #: a percentage: an exact Ratio of micro-points, published rounded half-up
AMOUNTS = (POINTS, INDEX)


class Ratio(NamedTuple):
    """An index before rounding: points ÷ maximum × 100, both in micro-points (exact)."""

    points: int
    maximum: int


Value = str | int | bool | Ratio | None


@dataclass(frozen=True, slots=True)
class Entry:
    """One unit of the table: its group, its score and the assessment's year."""

    group: str
    score: UnitScore
    year: int | str


@dataclass(frozen=True)
class Column:
    """One column of every output: KEY (JSON/CSV), LABEL (msgid), KIND, GET (the exact value).

    ANNEX marks the amounts the published annex shows (terminal, HTML, Excel), in table order;
    CODE is the domain of a per-domain index column.
    """

    key: str
    label: str
    kind: str
    get: Callable[[Entry], Value]
    annex: bool = False
    code: str | None = None

    def header(self, lang: str) -> str:
        """The column's label in LANG."""
        text = gettext(self.label, lang)
        return text if self.code is None else text.format(code=self.code)

    def exact(self, entry: Entry) -> Decimal | int | str | bool | None:
        """The exact value of ENTRY in this column (points and indices as Decimal, unrounded)."""
        value = self.get(entry)
        if isinstance(value, Ratio):
            return index_of(value.points, value.maximum)
        if self.kind == POINTS and isinstance(value, int):
            return from_micro(value)
        return value


def _score(name: str) -> Callable[[Entry], Value]:
    """A getter of the score's attribute NAME."""
    return lambda entry: getattr(entry.score, name)  # type: ignore[no-any-return]


def _index(entry: Entry) -> Ratio:
    """The index's exact terms: the total over the maximum, within 0 and the framework's cap."""
    return Ratio(*entry.score.index_terms())


def _lost(entry: Entry) -> int:
    """The points the unit lost on the criteria and to penalties (a bonus does not reduce them)."""
    score = entry.score
    return score.max_micro - score.total_micro + score.bonus_micro


#: Every unit column of `score`, in the order of the JSON rows and the CSV header.
COLUMNS: tuple[Column, ...] = (
    Column("year", N_("Year"), TEXT, lambda entry: entry.year),
    Column("group", N_("Group"), TEXT, lambda entry: entry.group),
    Column("rank", N_("Rank"), RANK, _score("rank")),
    Column("unit_id", N_("Unit id"), TEXT, lambda entry: entry.score.unit.unit_id),
    Column("name", N_("Unit"), TEXT, lambda entry: entry.score.unit.name),
    Column("ranked", N_("Ranked"), FLAG, lambda entry: entry.score.ranked),
    Column("self_total", N_("Self score"), POINTS, _score("self_micro"), annex=True),
    Column("appraisal_total", N_("Appraisal"), POINTS, _score("appraisal_micro"), annex=True),
    Column("survey_total", N_("Survey"), POINTS, _score("survey_micro"), annex=True),
    Column("total", N_("Total"), POINTS, _score("total_micro"), annex=True),
    Column("max_points", N_("Maximum"), POINTS, _score("max_micro"), annex=True),
    Column("points_lost", N_("Points lost"), POINTS, _lost, annex=True),
    Column("index", N_("Index (%)"), INDEX, _index, annex=True),
    Column("tied", N_("Tied"), FLAG, _score("tied")),
    Column("band", N_("Band"), TEXT, _score("band")),
    Column("accepted", N_("Accepted"), COUNT, _score("accepted")),
    Column("adjusted_up", N_("Adjusted up"), COUNT, _score("adjusted_up")),
    Column("adjusted_down", N_("Adjusted down"), COUNT, _score("adjusted_down")),
    Column("not_applicable", N_("Not applicable"), COUNT, _score("not_applicable")),
)

DOMAIN_LABEL = N_("Domain {code} (%)")

#: Bonus and penalty points, after the survey's: only for a framework with bonus or penalty leaves.
ADJUSTMENT_COLUMNS = (
    Column("bonus_total", N_("Bonus points"), POINTS, _score("bonus_micro"), annex=True),
    Column("penalty_total", N_("Penalty points"), POINTS, _score("penalty_micro"), annex=True),
)
#: Whether the unit's survey was counted: only for a framework whose survey is optional.
SURVEY_USED_COLUMN = Column("survey_used", N_("Survey used"), FLAG, _score("survey_used"))


def unit_columns(framework: Framework) -> tuple[Column, ...]:
    """The unit columns of FRAMEWORK's results: COLUMNS, with the bonus and penalty totals after the
    survey's where it has such leaves, and `survey_used` where its survey is optional.

    Why only then: a framework without them keeps its outputs exactly as they were.
    """
    keys = [column.key for column in COLUMNS]
    after = keys.index("survey_total") + 1
    extra: tuple[Column, ...] = ADJUSTMENT_COLUMNS if framework.has_adjustments else ()
    extra += (SURVEY_USED_COLUMN,) if framework.survey.optional else ()
    return COLUMNS[:after] + extra + COLUMNS[after:]


def domain_codes(results: Results) -> list[str]:
    """Domain codes across all groups, in framework order, for the per-domain index columns."""
    codes: list[str] = []
    for group_result in results.groups.values():
        for domain in group_result.group.domains:
            if domain.code not in codes:
                codes.append(domain.code)
    return codes


def domain_column(code: str) -> Column:
    """The index of domain CODE (key ``index_<code>``); None for a unit whose group lacks it."""

    def ratio(entry: Entry) -> Ratio | None:
        pair = entry.score.domain_micro.get(code)
        return None if pair is None else Ratio(*pair)

    return Column(f"index_{code}", DOMAIN_LABEL, INDEX, ratio, code=code)


def _domain_ratios(column: Column, entries: Sequence[Entry]) -> tuple[np.ndarray, np.ndarray]:
    """Points and maxima of a domain for every entry, read from the groups' domain tables a column at a time.

    Why not the getter: a national file has 10,000 units × 8 domains, and a unit's domain dict is
    built on each access.
    """
    import numpy as np

    points: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    maxima: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for start, stop in _runs(entries):
        run = entries[start:stop]
        table = run[0].score.domain_table
        if all(entry.score.domain_table is table for entry in run):
            p, m = table.column(str(column.code), [entry.score.position for entry in run])
        else:  # units not scored together: their own rows, one at a time
            pairs = [column.get(entry) or Ratio(0, 0) for entry in run]
            p = np.array([r.points for r in pairs], dtype=np.int64)  # type: ignore[union-attr]
            m = np.array([r.maximum for r in pairs], dtype=np.int64)  # type: ignore[union-attr]
        points.append(p)
        maxima.append(m)
    return np.concatenate(points), np.concatenate(maxima)


def _runs(entries: Sequence[Entry]) -> Iterator[tuple[int, int]]:
    """(start, stop) of each run of consecutive entries of one group."""
    start = 0
    for i in range(1, len(entries) + 1):
        if i == len(entries) or entries[i].group != entries[start].group:
            yield start, i
            start = i


class ResultTable:
    """Every unit of RESULTS (groups in order, units in published order) against every column.

    Amount columns are rounded once, whole columns at a time, and kept: every writer asks
    :meth:`places` for the published integer counts of 10^-decimals.
    """

    def __init__(self, results: Results) -> None:
        self.results = results
        self.decimals = results.framework.decimals
        self.entries = [
            Entry(key, score, results.year) for key, group in results.groups.items() for score in group.units
        ]
        self.columns: tuple[Column, ...] = unit_columns(results.framework) + tuple(
            domain_column(code) for code in domain_codes(results)
        )
        self._places: dict[str, list[int | None]] = {}
        self._rows: dict[tuple[str, str], int] | None = None

    def column(self, key: str) -> Column:
        """The column called KEY."""
        return next(column for column in self.columns if column.key == key)

    def values(self, column: Column) -> list[Value]:
        """The exact value of COLUMN for every entry, in table order."""
        get = column.get
        return [get(entry) for entry in self.entries]

    def places(self, column: Column) -> list[int | None]:
        """An amount column rounded half-up to the framework's decimals, as integer counts; None is blank."""
        if column.key not in self._places:
            self._places[column.key] = self._round(column)
        return self._places[column.key]

    def _round(self, column: Column) -> list[int | None]:
        import numpy as np

        if column.code is not None:
            return percent_half_up(*_domain_ratios(column, self.entries), self.decimals)
        values = self.values(column)
        if column.kind == INDEX:  # the index: the very integers the units were ranked on
            return [entry.score.published_int for entry in self.entries]
        units = np.array([0 if v is None else v for v in values], dtype=np.int64)
        rounded = half_up_places(units, self.decimals).tolist()
        return [None if v is None else int(r) for v, r in zip(values, rounded, strict=True)]

    def published(self, column: Column) -> list[Value]:
        """COLUMN as written in JSON: amounts as their rounded counts, anything else as it is."""
        return self.places(column) if column.kind in AMOUNTS else self.values(column)  # type: ignore[return-value]

    def json_rows(self) -> list[dict[str, object]]:
        """Every entry as a JSON record: amounts as numbers at the published precision."""
        scale = 10**self.decimals
        columns = []
        for column in self.columns:
            values = self.published(column)
            if column.kind in AMOUNTS:
                values = [None if v is None else v / scale for v in values]  # type: ignore[operator]
            columns.append(values)
        keys = [column.key for column in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]

    def json_row(self, row: int) -> dict[str, object]:
        """The JSON record of one entry: the same values as its row of :meth:`json_rows`."""
        return self._record(row, self.number)

    def decimal(self, column: Column, row: int) -> Decimal | None:
        """One amount as published, as an exact Decimal (8629 at 2 decimals -> Decimal('86.29'))."""
        count = self.places(column)[row]
        return None if count is None else Decimal(count).scaleb(-self.decimals)

    def decimal_row(self, row: int) -> dict[str, object]:
        """One entry with its amounts as published Decimals, for views that format them (no float)."""
        return self._record(row, self.decimal)

    def _record(self, row: int, amount: Callable[[Column, int], object]) -> dict[str, object]:
        """One entry as a record: each amount as AMOUNT gives it, anything else as it is."""
        entry = self.entries[row]
        return {c.key: amount(c, row) if c.kind in AMOUNTS else c.get(entry) for c in self.columns}

    def position(self, group: str, unit_id: str) -> int:
        """The row of UNIT_ID of GROUP in the table."""
        if self._rows is None:
            self._rows = {(e.group, e.score.unit.unit_id): i for i, e in enumerate(self.entries)}
        return self._rows[group, unit_id]

    def text(self, column: Column, row: int, lang: str) -> str:
        """One amount of COLUMN as the annex prints it ('86,29' in Vietnamese); blank for None."""
        return places_text(self.places(column)[row], self.decimals, lang)

    def number(self, column: Column, row: int) -> float | None:
        """One amount as a spreadsheet number (a float is what a cell holds; the digits are the published ones)."""
        count = self.places(column)[row]
        return None if count is None else count / 10**self.decimals

    def annex_columns(self) -> list[Column]:
        """The amounts the published annex shows, in table order."""
        return [column for column in self.columns if column.annex]

    def group_rows(self, group: str) -> list[int]:
        """The table rows of GROUP, in published order."""
        return [i for i, entry in enumerate(self.entries) if entry.group == group]
