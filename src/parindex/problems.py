"""Validation problems: stable codes, locations as a spreadsheet shows them, messages in vi/en.

Modelled on frictionless' reports: every problem has a code that never changes between releases
or languages, a location (file, row, column), the named parameters its code declares
(``messages.MESSAGES``) and a human message. The messages are rendered at the edge, in the
user's language, from the code's template in the gettext catalogue and the same parameters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .display import shorten
from .i18n import N_, Texts, gettext, resolve_lang
from .limits import MAX_DETAIL_CHARS, MAX_LISTED_PER_CODE, MAX_QUOTED_CHARS
from .messages import MESSAGES, Code

__all__ = ["MESSAGES", "Code"]  # re-exported: the catalogue used to live here

ERROR = "error"
WARNING = "warning"
#: Neither wrong nor doubtful: what parindex decided for the user (the sheet it read, rows it skipped).
NOTE = "note"
#: Worst first: the order problems are shown in.
SEVERITIES = (ERROR, WARNING, NOTE)


class Words(NamedTuple):
    """A detail built in code, in both languages: a problem's params may hold these.

    Why: a message template is translated, but a detail such as "line 3 is 2.0 MiB long" is put
    together where the problem is found; without its own two forms it would leak English into a
    Vietnamese message.
    """

    en: str
    vi: str

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


def toml_error(exc: Exception) -> Words:
    """A TOML syntax error as a detail in both languages.

    Why: tomllib's messages are English ("Invalid value (at line 2, column 13)"); the Vietnamese
    form keeps what an officer can act on, the line and column.
    """
    english = str(exc)
    where = re.search(r"at line (\d+), column (\d+)", english)
    vietnamese = f"lỗi cú pháp ở dòng {where[1]}, cột {where[2]}" if where else "lỗi cú pháp"
    return Words(en=english, vi=vietnamese)


@dataclass(frozen=True)
class Problem:
    """One finding about the input, located as a spreadsheet user would look for it."""

    code: str
    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = ERROR
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: the length of ``value`` before it was cut to MAX_QUOTED_CHARS (None: it was not cut)
    value_chars: int | None = field(default=None, compare=False, hash=False)

    def __post_init__(self) -> None:
        """Refuse a parameter the code does not take; cut user text to a quotable size.

        Cutting here, once, means no report, JSON or page holds megabytes of a hostile cell.
        """
        if self.params and not self.params.keys() <= set(MESSAGES[self.code].params):
            unknown = sorted(set(self.params) - set(MESSAGES[self.code].params))
            raise ValueError(f"problem code {self.code!r} takes no parameter {', '.join(unknown)}")
        self._cut_long_text()

    def _cut_long_text(self) -> None:
        """Cut user text to a quotable size here, once, so no report, JSON or page holds megabytes.

        Why at construction: a cell of millions of characters quoted whole made printing the report
        quadratic; every consumer of a problem is safe if the problem itself is small.
        """
        if self.value is not None and len(self.value) > MAX_QUOTED_CHARS:
            object.__setattr__(self, "value_chars", self.value_chars or len(self.value))
            object.__setattr__(self, "value", shorten(self.value, MAX_QUOTED_CHARS))
        if self.column is not None and len(self.column) > MAX_QUOTED_CHARS:
            object.__setattr__(self, "column", shorten(self.column, MAX_QUOTED_CHARS))
        for item in self.params.values():  # a plain loop: a report may hold a million problems
            if _oversized(item):
                object.__setattr__(self, "params", {k: _cut_param(v) for k, v in self.params.items()})
                break

    def message(self, lang: str | None = None) -> str:
        """The human message in 'en' or 'vi' (None: the documented default, `i18n.resolve_lang`),
        from the code's template in the catalogue."""
        from .numbers import count_text  # numbers' NumberError is a ParindexError: not at the top

        lang = resolve_lang(lang)
        spec = MESSAGES[self.code]
        template = gettext(spec.template, lang)
        values = {"column": self.column or "", "value": self.value or ""}
        values.update(dict.fromkeys(spec.params, ""))
        values.update(self.json_params(lang))
        text = template.format(**values)
        if self.value_chars is not None and "{value}" in template:
            text += gettext(_CUT_NOTE, lang).format(shown=MAX_QUOTED_CHARS, total=count_text(self.value_chars, lang))
        return text

    def json_params(self, lang: str | None = None) -> dict[str, Any]:
        """The parameters as JSON values: a detail built in both languages (Words) in LANG."""
        lang = resolve_lang(lang)
        return {k: v.text(lang) if isinstance(v, Words) else _plain(v) for k, v in self.params.items()}

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON twin of the problem."""
        lang = resolve_lang(lang)
        return {
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
            **({"value_chars": self.value_chars} if self.value_chars is not None else {}),
            "severity": self.severity,
            "params": self.json_params(lang),
        }


def _plain(value: object) -> object:
    """A parameter as JSON can hold it: numbers, text and None as they are, anything else as text."""
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


#: Distinct values quoted in a grouped problem ("giá trị: 'x', 'y', 'z'…").
SHOWN_VALUES = 3
#: Rows named one by one in a grouped problem before "and N other rows".
SHOWN_ROWS = 5
#: Characters of each value quoted in a grouped problem (a cell may hold 32,767).
SHOWN_VALUE_CHARS = 40

#: Words of the grouped view (English msgids; Vietnamese in the catalogue).
WORDS = Texts(
    {
        "row": N_("Row {rows}"),
        "rows": N_("Rows {rows}"),
        "span": N_("{n} rows: {first}–{last}"),
        "more_rows": N_("{rows} and {n} other rows"),
        "times": N_("{n} times"),
        "column": N_("column {column}"),
        "Column": N_("Column {column}"),
        "values": N_("values: {values}"),
        "example_row": N_("Row {row}"),
        "example": N_("For example"),
        "and": N_(" and "),
    }
)


def word(key: str, lang: str, **params: object) -> str:
    """One phrase of WORDS in LANG, filled in."""
    return WORDS[lang][key].format(**params)


def _span(rows: Sequence[int]) -> tuple[int, int]:
    """Smallest and largest row; numpy arrays answer in one vectorised call each."""
    low, high = getattr(rows, "min", None), getattr(rows, "max", None)
    if callable(low) and callable(high):
        return int(low()), int(high())
    return min(rows), max(rows)


@dataclass
class Unlisted:
    """Occurrences of one group that were counted but not built one by one (beyond MAX_LISTED_PER_CODE).

    Why: 100,000 units without scores are ten million ``missing-score`` problems, far too many to
    hold as objects (benchmarks/README.md has the figures). Their number, the rows they span and one
    example are all a report needs.
    """

    sample: Problem
    count: int
    #: how many of them have a row, and the first and last of those rows
    with_rows: int = 0
    first_row: int | None = None
    last_row: int | None = None


@dataclass
class ProblemGroup:
    """Every occurrence of one code in one file and column (same severity): one root cause, said once."""

    code: str
    severity: str
    file: str
    column: str | None
    sample: Problem
    count: int = 0
    #: distinct rows of the listed occurrences, ascending
    rows: list[int] = field(default_factory=list)
    #: distinct values of the listed occurrences, in the order met
    values: list[str] = field(default_factory=list)
    unlisted: int = 0
    unlisted_with_rows: int = 0
    first_row: int | None = None
    last_row: int | None = None

    def _row_count(self) -> int:
        return len(self.rows) + self.unlisted_with_rows

    def _contiguous(self) -> bool:
        """True when the rows are exactly first..last (with unlisted rows, judged from their number)."""
        if self.first_row is None or self.last_row is None:
            return False
        return self._row_count() == self.last_row - self.first_row + 1

    def where(self, lang: str) -> str:
        """'Dòng 17', '53 dòng: 5–57', 'Dòng 5, 9, 12 và 50 dòng khác' or '900 lần' (no rows)."""
        from .numbers import count_text

        total = self._row_count()
        if total == 0:
            return word("times", lang, n=count_text(self.count, lang)) if self.count > 1 else ""
        if total == 1:
            return word("row", lang, rows=self.rows[0] if self.rows else self.first_row)
        if self._contiguous() and total > 2:
            return word("span", lang, n=count_text(total, lang), first=self.first_row, last=self.last_row)
        shown = [str(r) for r in self.rows[:SHOWN_ROWS]]
        rest = total - len(shown)
        if rest:
            return word("rows", lang, rows=word("more_rows", lang, rows=", ".join(shown), n=count_text(rest, lang)))
        return word("rows", lang, rows=", ".join(shown[:-1]) + word("and", lang) + shown[-1])

    def message(self, lang: str | None = None) -> str:
        """The sentence an officer reads: where, then what is wrong and what to do.

        One occurrence: "Dòng 17, cột score: <message>". Several: where they are, the values if
        they differ, then the first one's message as the example ("Dòng 5: …").
        """
        lang = resolve_lang(lang)
        where = self.where(lang)
        named = self.sample.params.get("column", self.column)  # a missing column is named in LANG
        shown = named.text(lang) if isinstance(named, Words) else named
        # a column locates a cell only with its row: a problem of no row (a missing score) says its place itself
        located = shown and self._row_count() > 0
        column = "" if not located else word("column" if where else "Column", lang, column=shown)
        place = ", ".join(part for part in (where, column) if part)
        text = self.sample.message(lang)
        if self.count == 1:
            return f"{place}: {text}" if place else text
        if len(self.values) > 1:
            quoted = ", ".join(f"'{shorten(v, SHOWN_VALUE_CHARS, within=True)}'" for v in self.values[:SHOWN_VALUES])
            more = len(self.values) > SHOWN_VALUES or self.unlisted > 0
            place += f" ({word('values', lang, values=quoted + ('…' if more else ''))})"
        if self.sample.row is not None:
            example = word("example_row", lang, row=self.sample.row)
        else:
            example = word("example", lang)
        return f"{place}. {example}: {text}"

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON twin of the group: its count, the rows of its listed occurrences and the sentence."""
        lang = resolve_lang(lang)
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "column": self.column,
            "count": self.count,
            "rows": self.rows,
            "values": self.values,
            "message": self.message(lang),
        }


GroupKey = tuple[str, str, str, str | None]


def _key(problem: Problem) -> GroupKey:
    return (problem.code, problem.severity, problem.file, problem.column)


#: Said after a message whose quoted value was cut.
_CUT_NOTE = N_(" (The value is shown cut to its first {shown} of {total} characters.)")


def _oversized(value: object) -> bool:
    if isinstance(value, str):
        return len(value) > MAX_DETAIL_CHARS
    return isinstance(value, Words) and (len(value.en) > MAX_DETAIL_CHARS or len(value.vi) > MAX_DETAIL_CHARS)


def _cut_param(value: object) -> object:
    """A detail built from user text (header names, a file's line) cut to MAX_DETAIL_CHARS."""
    if isinstance(value, Words):
        return Words(*(shorten(text, MAX_DETAIL_CHARS) for text in value))
    return shorten(value, MAX_DETAIL_CHARS) if isinstance(value, str) else value


@dataclass
class Report:
    """Every problem found in one run, errors and warnings apart.

    ``problems`` lists at most ``limits.MAX_LISTED_PER_CODE`` occurrences of each code (when added
    with :meth:`add` or :meth:`add_many`); the rest are only counted, in ``unlisted``, so a report
    stays small however many rows are wrong. :meth:`groups` joins both into one problem per code,
    file and column: what the terminal shows.
    """

    problems: list[Problem] = field(default_factory=list)
    #: every file looked at, with its number of data rows (None: it could not be read)
    checked: dict[str, int | None] = field(default_factory=dict)
    #: occurrences counted but not listed, by group
    unlisted: dict[GroupKey, Unlisted] = field(default_factory=dict)
    _listed: Counter[str] = field(default_factory=Counter, repr=False)

    def __post_init__(self) -> None:
        self._listed.update(p.code for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == NOTE]

    @property
    def valid(self) -> bool:
        return not self.errors and not any(key[1] == ERROR for key in self.unlisted)

    def counts(self) -> dict[str, int]:
        """Occurrences by severity, listed or not: {"error": n, "warning": n, "note": n}."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for problem in self.problems:
            counts[problem.severity] = counts.get(problem.severity, 0) + 1
        for (_code, severity, _file, _column), unlisted in self.unlisted.items():
            counts[severity] = counts.get(severity, 0) + unlisted.count
        return counts

    def add(self, problem: Problem) -> None:
        """List PROBLEM, or only count it once its code has MAX_LISTED_PER_CODE listed."""
        self.add_many(1, lambda _k: problem)

    def take(self, keep: Callable[[Problem], bool], start: int = 0) -> list[Problem]:
        """Remove and return the listed problems from position START on for which KEEP is true
        (a step that says several of them once, such as one note for a folder of files)."""
        taken = [p for p in self.problems[start:] if keep(p)]
        self.problems[start:] = [p for p in self.problems[start:] if not keep(p)]
        self._listed.subtract(p.code for p in taken)
        return taken

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def add_many(self, count: int, make: Callable[[int], Problem], rows: Sequence[int] | None = None) -> None:
        """COUNT occurrences of one code in one file and column; ``make(k)`` builds the k-th.

        Only the occurrences still listed under the code's cap are built (and one example of the
        rest), so a check that fails on ten million rows costs ten million counts, not objects.
        ROWS, when given, holds every occurrence's row (a numpy array from a vectorised check).
        """
        if count <= 0:
            return
        first = make(0)
        listed = min(count, max(0, MAX_LISTED_PER_CODE - self._listed[first.code]))
        if listed:
            self.problems.append(first)
            self.problems.extend(make(k) for k in range(1, listed))
            self._listed[first.code] += listed
        if listed == count:
            return
        sample = make(listed)
        entry = self.unlisted.setdefault(_key(sample), Unlisted(sample, 0))
        entry.count += count - listed
        rest = rows[listed:] if rows is not None else [p.row for p in (sample,) if p.row is not None]
        if len(rest):
            low, high = _span(rest)
            entry.with_rows += len(rest)
            entry.first_row = low if entry.first_row is None else min(entry.first_row, low)
            entry.last_row = high if entry.last_row is None else max(entry.last_row, high)

    def groups(self) -> list[ProblemGroup]:
        """One problem per code, file, column and severity: by file (in the order met), worst first."""
        groups: dict[GroupKey, ProblemGroup] = {}
        for problem in self.problems:
            group = groups.get(_key(problem))
            if group is None:
                group = groups[_key(problem)] = ProblemGroup(*_key(problem), sample=problem)
            group.count += 1
            if problem.row is not None:
                group.rows.append(problem.row)
            if problem.value is not None:
                group.values.append(problem.value)
        for group in groups.values():
            group.rows = sorted(set(group.rows))
            group.values = list(dict.fromkeys(group.values))
            if group.rows:
                group.first_row, group.last_row = group.rows[0], group.rows[-1]
        for key, unlisted in self.unlisted.items():
            group = groups.get(key)
            if group is None:
                group = groups[key] = ProblemGroup(*key, sample=unlisted.sample)
            group.count += unlisted.count
            group.unlisted += unlisted.count
            group.unlisted_with_rows += unlisted.with_rows
            if unlisted.first_row is not None and unlisted.last_row is not None:
                group.first_row = min(unlisted.first_row, group.first_row or unlisted.first_row)
                group.last_row = max(unlisted.last_row, group.last_row or unlisted.last_row)
        found = list(groups.values())
        files = {file: n for n, file in reversed(list(enumerate(g.file for g in found)))}
        rank = {severity: n for n, severity in enumerate(SEVERITIES)}
        order = {id(g): n for n, g in enumerate(found)}
        return sorted(found, key=lambda g: (files[g.file], rank.get(g.severity, len(rank)), order[id(g)]))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON form `validate --format json` prints (LANG None: the documented default, Vietnamese).

        ``errors``, ``warnings`` and ``notes`` keep one item per occurrence (at most
        MAX_LISTED_PER_CODE per code; ``unlisted`` counts the rest by code); ``counts`` has every
        occurrence by severity; ``groups`` is the grouped view the terminal shows.
        """
        lang = resolve_lang(lang)
        counts = self.counts()
        unlisted: Counter[str] = Counter()
        for (code, *_rest), entry in self.unlisted.items():
            unlisted[code] += entry.count
        return {
            "valid": self.valid,
            "files": [{"file": name, "rows": rows} for name, rows in self.checked.items()],
            "errors": [p.to_dict(lang) for p in self.errors],
            "warnings": [p.to_dict(lang) for p in self.warnings],
            "notes": [p.to_dict(lang) for p in self.notes],
            "counts": {"errors": counts[ERROR], "warnings": counts[WARNING], "notes": counts[NOTE]},
            "unlisted": dict(sorted(unlisted.items())),
            "groups": [g.to_dict(lang) for g in self.groups()],
        }


class ParindexError(Exception):
    """The base of every exception parindex raises on purpose: catch this one to catch them all.

    Why one base: a notebook or a script calling the library tells "parindex refused this input or
    output" (with a message for the user) from a bug in parindex or in its own code.
    """


#: How an InvalidInput says its errors (English msgids).
_ONE_ERROR = N_("1 error in the input: {first}")
_ERRORS = N_("{n} errors in the input; the first: {first}")
_AT_ROW = N_("{file} row {row}")


class InvalidInput(ParindexError):
    """Raised by loaders when the input has errors; carries the full report (all problems at once)."""

    def __init__(self, report: Report, lang: str | None = None) -> None:
        super().__init__(invalid_input_text(report, resolve_lang(lang)))
        self.report = report


def invalid_input_text(report: Report, lang: str) -> str:
    """What is wrong, said at once: "3 lỗi trong dữ liệu đầu vào; lỗi đầu tiên: units.csv dòng 4: …".

    Why: the exception's text is all a library user sees in a traceback or a notebook; a count alone
    ("1 error(s) in the input") sent them to the CLI to find out which file and row.
    """
    from .numbers import count_text

    n = report.counts()[ERROR]
    first = next((p for p in report.problems if p.severity == ERROR), None)
    if first is None:
        first = next((u.sample for key, u in report.unlisted.items() if key[1] == ERROR), None)
    if first is None:
        return gettext(_ERRORS, lang).format(n=count_text(n, lang), first="—")
    where = first.file if first.row is None else gettext(_AT_ROW, lang).format(file=first.file, row=first.row)
    if first.column:
        where += ", " + word("column", lang, column=first.column)
    text = f"{where}: {first.message(lang)}"
    if n == 1:
        return gettext(_ONE_ERROR, lang).format(first=text)
    return gettext(_ERRORS, lang).format(n=count_text(n, lang), first=text)
