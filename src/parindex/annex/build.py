"""One annex table to one group's criteria rows: read, build the tree, check it, lay it out.

What is checked (every problem located in the annex, all at once): a criterion without points, a
parent whose children do not add up, a scoring level above its criterion's maximum, the total row
against the domains, and what the reading of the numbering found (`tree`, `cells`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..columns import ANNEX, duplicate_columns, missing_columns
from ..numbers import format_points
from ..problems import ERROR, NOTE, WARNING, Problem, Words
from ..readers import ROW
from .cells import APPRAISAL, BONUS, PENALTY, Row, RowReader
from .numbering import LEVEL_KINDS, NODE_KINDS, NONE, PART, is_total
from .source import AnnexTable
from .tree import Level, Node, TreeBuilder

#: The criteria columns an imported framework writes, in this order (see README, "Frameworks").
COLUMNS = ("code", "label", "name", "max_points", "method", "levels", "guidance", "source")
#: Methods whose points are added or deducted after the index's points (not part of the maximum).
OUTSIDE_MAXIMUM = (BONUS, PENALTY)


@dataclass
class Built:
    """One table's criteria rows (code order) and the problems met; no rows when the table is unusable."""

    rows: list[dict[str, str]]
    problems: list[Problem]
    #: the sum of the domains that count in the maximum (the group's maximum)
    max_points: Decimal = Decimal(0)


def build_group(annex: AnnexTable, survey_mark: str | None, lang: str) -> Built:
    """The criteria rows of ANNEX's table, with every problem of the annex located in it."""
    table = annex.table
    problems = duplicate_columns(table)
    missing = missing_columns(table, ANNEX.required)
    if missing:
        return Built([], problems + missing)
    reader = RowReader(table, survey_mark)
    records = table.records()
    skipped = [records.pop(0)] if records and _numbers_columns(records[0]) else []
    items = [item for record in records if (item := reader.read(record)) is not None]
    builder = TreeBuilder(annex.label, items)
    totals, parts = _walk(items, builder, reader, annex.label)
    checker = _Checker(annex.label, reader.column("max_points"))
    for node in builder.roots:
        checker.check(node)
    _number(builder.roots)
    maximum = sum((n.item.points or Decimal(0) for n in builder.roots if n.method not in OUTSIDE_MAXIMUM), Decimal(0))
    for total in totals:
        checker.total(total, maximum)
    ignored = sorted([int(record[ROW]) for record in skipped] + [item.row for item in parts])
    problems += reader.problems + builder.problems + checker.problems + _ignored_note(ignored, annex.label)
    rows = [_layout(node, annex, lang) for node in _preorder(builder.roots)]
    return Built(rows, problems, maximum)


def _walk(items: list[Row], builder: TreeBuilder, reader: RowReader, label: str) -> tuple[list[Row], list[Row]]:
    """Give each row to the builder by its kind; returns the total rows and the part headings."""
    totals: list[Row] = []
    parts: list[Row] = []
    for item in items:
        kind = item.label.kind
        if kind in NODE_KINDS:
            if not item.name:
                reader.problems.append(Problem("missing-value", label, row=item.row, column=reader.column("name")))
            builder.add_node(item)
        elif kind in LEVEL_KINDS:
            builder.add_level(item)
        elif kind == PART:
            parts.append(item)
        elif kind == NONE and is_total(item.name):
            totals.append(item)
        else:
            detail = _NO_NUMBERING if kind == NONE else _UNKNOWN
            value = item.label.text or item.name
            problem = Problem(
                "annex-numbering", label, row=item.row, column=item.label_column, value=value, params={"detail": detail}
            )
            reader.problems.append(problem)
    return totals, parts


class _Checker:
    """The points of the tree: every criterion has them, parents add up, levels stay within the maximum."""

    def __init__(self, label: str, column: str) -> None:
        self.label = label
        self.column = column
        self.problems: list[Problem] = []

    def check(self, node: Node) -> None:
        for child in node.children:
            self.check(child)
        if node.item.points is None:
            if not node.item.points_text:  # a points cell that is not a number is already said
                self._add("annex-no-points", node.item.row, node.item.label.text, {"detail": _NODE_POINTS})
            return
        if node.item.negative and node.method != PENALTY:
            self._add("annex-invalid-points", node.item.row, node.item.points_text, {"detail": _NEGATIVE})
        if node.children:
            self._sum(node)
        for level in node.levels:
            if level.points > node.item.points:
                params = {"detail": _points(level.points), "expected": _points(node.item.points)}
                self._add("annex-level-too-high", level.row, level.label, params)
        highest = max((level.points for level in node.levels), default=node.item.points)
        if highest < node.item.points:
            params = {"detail": _points(node.item.points), "expected": _points(highest)}
            self._add("annex-level-below-maximum", node.item.row, node.item.label.text, params, WARNING)

    def total(self, item: Row, maximum: Decimal) -> None:
        """The annex's total row against the sum of its domains (bonus and penalty apart)."""
        if item.points is not None and item.points != maximum:
            params = {"detail": _points(item.points), "expected": _points(maximum)}
            self._add("framework-sum-mismatch", item.row, item.name, params)

    def _sum(self, node: Node) -> None:
        children = node.children
        if node.method not in OUTSIDE_MAXIMUM:  # a bonus row under a domain is not part of its maximum
            children = [c for c in children if c.method not in OUTSIDE_MAXIMUM]
        if any(c.item.points is None for c in children):
            return
        total = sum((c.item.points or Decimal(0) for c in children), Decimal(0))
        assert node.item.points is not None
        if total != node.item.points:
            params = {"detail": _points(node.item.points), "expected": _points(total)}
            self._add("framework-sum-mismatch", node.item.row, node.item.label.text, params)

    def _add(self, code: str, row: int, value: str, params: dict[str, Any], severity: str = ERROR) -> None:
        problem = Problem(code, self.label, row=row, column=self.column, value=value, severity=severity, params=params)
        self.problems.append(problem)


def _points(value: Decimal) -> Words:
    """Points as a message says them: 0.5 in English, 0,5 in Vietnamese."""
    return Words(en=format_points(value), vi=format_points(value, "vi"))


def _number(nodes: list[Node], prefix: str = "") -> None:
    """Codes by position: the second domain is 2, its third criterion 2.3."""
    for position, node in enumerate(nodes, start=1):
        node.code = f"{prefix}{position}"
        _number(node.children, node.code + ".")


def _preorder(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        out.append(node)
        out += _preorder(node.children)
    return out


def _layout(node: Node, annex: AnnexTable, lang: str) -> dict[str, str]:
    """A node as a row of the criteria CSV: method and levels on leaves only."""
    leaf = not node.children
    levels = ""
    if leaf and node.levels:
        allowed = sorted({Decimal(0), *(level.points for level in node.levels)})
        levels = ";".join(format_points(points) for points in allowed)
    guidance = [node.item.guidance] if node.item.guidance else []
    guidance += [_level_text(level, lang) for level in node.levels]
    return {
        "code": node.code,
        "label": node.item.label.text,
        "name": node.item.name,
        "max_points": format_points(node.item.points) if node.item.points is not None else "",
        "method": (node.method or APPRAISAL) if leaf else "",
        "levels": levels,
        "guidance": " ".join("; ".join(guidance).split()),
        "source": annex.source(node.item.row, lang),
    }


#: The bullets a level may be typed with instead of a), b).
_BULLETS = frozenset(("-", "–", "—", "+", "•", "*"))


def _level_text(level: Level, lang: str) -> str:
    """A level as the guidance says it: "b) Chậm: 0,5" (its points added when they were in their own column)."""
    label = f"{level.label})" if level.letter and level.label[-1:] not in ").:" else level.label  # "a" -> "a)"
    if not level.letter and label in _BULLETS:  # "- Đúng hạn": the dash is layout, and a cell starting with
        label = ""  # "-" would be written formula-safe, shown to units as "'- Đúng hạn"
    text = f"{label} {level.text}".strip()
    if level.in_column:
        text = f"{text.rstrip(' :')}: {format_points(level.points, lang)}"
    return text


def _ignored_note(rows: list[int], label: str) -> list[Problem]:
    """One note naming the rows not read as criteria: part headings, the row numbering the columns."""
    if not rows:
        return []
    listed = ", ".join(str(row) for row in rows)
    detail = Words(en=f"Row {listed}" if len(rows) == 1 else f"Rows {listed}", vi=f"Dòng {listed}")
    return [Problem("annex-rows-ignored", label, row=rows[0], severity=NOTE, params={"detail": detail})]


def _numbers_columns(record: dict[str, Any]) -> bool:
    """Whether a row only numbers the columns, as tables in decisions do under their header: 1, 2, 3… or (1), (2)…"""
    cells = [str(value).strip() for key, value in record.items() if key != ROW and str(value or "").strip()]
    numbers = [cell.strip("()") for cell in cells]
    return len(cells) >= 3 and numbers == [str(n) for n in range(1, len(cells) + 1)]


_NO_NUMBERING = Words(
    en="the row has no numbering (in STT or at the start of its text)",
    vi="dòng không có số thứ tự (ở cột STT hoặc ở đầu nội dung)",
)
_UNKNOWN = Words(en="it is not a numbering parindex reads", vi="đây không phải cách đánh số parindex đọc được")
_NODE_POINTS = Words(
    en="write its maximum in the points column (a decimal such as 1 or 0,5)",
    vi="hãy ghi điểm tối đa ở cột điểm (số thập phân như 1 hoặc 0,5)",
)

_NEGATIVE = Words(
    en="points cannot be negative, except in a penalty row (Điểm trừ)",
    vi="số điểm không được âm, trừ dòng điểm trừ",
)
