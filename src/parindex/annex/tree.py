"""The criteria tree an annex's numbering states, with every break of its order located.

How the numbering is read: Roman numbers are domains when the table has any (then 1, 2… are the
criteria of the domain above, restarting at 1 in each domain or running on through the table), else
1, 2… are the domains; a dotted number (1.1, 1.1.2) sits under the row whose number is its prefix;
a), b)… (or "-" bullets) are the scoring levels of the row above, not criteria. Codes are given by
position (the second domain is 2, its third criterion 2.3), so a running numbering ("6" as the first
criterion of domain II) becomes 2.1 and keeps "6" as its label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..numbers import MAX_CODE_LEVELS
from ..problems import Problem, Words
from .cells import BONUS, PENALTY, Row, level_points
from .numbering import ARABIC, DOTTED, LETTER, LETTERS, ROMAN


@dataclass
class Level:
    """One scoring level of a leaf: "b) Chậm: 0,5"."""

    row: int
    text: str
    points: Decimal
    label: str
    #: the letter's position (a = 1, b = 2…), 0 for a bullet
    letter: int = 0
    #: the points were in the points column, not in the text (the guidance then says them)
    in_column: bool = False


@dataclass
class Node:
    """One criterion of the annex, as typed, and where it was typed."""

    item: Row
    depth: int
    parent: Node | None
    children: list[Node] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    code: str = ""

    @property
    def number(self) -> int:
        return self.item.label.numbers[-1]

    @property
    def method(self) -> str | None:
        """Bonus or penalty when the row or a row above is ("III. ĐIỂM THƯỞNG" makes its rows bonus), else
        the row's own method, else its nearest ancestor's (a domain marked survey marks its leaves)."""
        chain: list[Node] = []
        node: Node | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        outside = [n.item.method for n in chain if n.item.method in (BONUS, PENALTY)]
        if outside:
            return outside[0]
        return next((n.item.method for n in chain if n.item.method), None)


class TreeBuilder:
    """Builds one table's tree row by row; the problems met are collected in ``problems``."""

    def __init__(self, label: str, rows: list[Row]) -> None:
        self.label = label
        self.roots: list[Node] = []
        self.stack: list[Node] = []
        self.problems: list[Problem] = []
        self.uses_roman = any(item.label.kind == ROMAN for item in rows)
        #: the last criterion number under any domain, and how many there were (a running numbering goes on)
        self.last_arabic = 0
        self.arabic_count = 0
        #: the first row of each numbering, by the path of parent labels (a repeat names it)
        self.seen: dict[tuple[str, ...], int] = {}
        #: the last criterion row could not be placed (its levels are passed over)
        self.orphaned = False

    def add_node(self, item: Row) -> None:
        """A domain or criterion row: placed under the row its numbering names, its order checked.

        When the row fits nowhere, the levels below it are passed over: they belong to it, and giving
        them to the criterion above would add problems that are not there.
        """
        self.orphaned = True
        parent = self._parent(item)
        if parent is False:
            return
        assert parent is None or isinstance(parent, Node)
        depth = 1 if parent is None else parent.depth + 1
        if depth > MAX_CODE_LEVELS:
            self._misplaced(item, _TOO_DEEP)
            return
        if parent is not None and parent.levels:
            self._misplaced(item, _AFTER_LEVELS(parent.item.label.text))
            return
        siblings = self.roots if parent is None else parent.children
        self._check_order(item, parent, siblings)
        node = Node(item, depth, parent)
        self.orphaned = False
        siblings.append(node)
        self.stack = self.stack[: depth - 1] + [node]
        if item.label.kind == ARABIC and self.uses_roman:
            self.last_arabic = item.label.numbers[0]
            self.arabic_count += 1

    def add_level(self, item: Row) -> None:
        """A scoring level (a), b), -) of the criterion above."""
        if self.orphaned:
            return
        target = self.stack[-1] if self.stack else None
        if target is None:
            self._misplaced(item, _NO_CRITERION)
            return
        points = level_points(item)
        if points is None:
            self.problems.append(
                Problem(
                    "annex-no-points",
                    self.label,
                    row=item.row,
                    column=item.label_column,
                    value=item.label.text,
                    params={"detail": _LEVEL_POINTS},
                )
            )
            return
        if item.label.kind == LETTER and not self._letter_in_order(item, target):
            return
        letter = item.label.numbers[0] if item.label.kind == LETTER else 0
        target.levels.append(Level(item.row, item.name, points, item.label.text, letter, item.points is not None))

    def _parent(self, item: Row) -> Node | None | bool:
        """The node ITEM belongs under (None: a domain); False when its numbering fits nowhere."""
        kind = item.label.kind
        if kind == ROMAN or (kind == ARABIC and not self.uses_roman):
            return None
        if kind == ARABIC:
            if not self.stack:
                self._misplaced(item, _BEFORE_DOMAIN)
                return False
            return self.stack[0]
        assert kind == DOTTED
        prefix = ".".join(str(n) for n in item.label.numbers[:-1])
        for node in reversed(self.stack):
            if node.item.label.key == prefix:
                return node
        self._misplaced(item, _NO_PREFIX(prefix))
        return False

    def _check_order(self, item: Row, parent: Node | None, siblings: list[Node]) -> None:
        """Say when ITEM's number does not follow its previous sibling's (or start its parent's children)."""
        number = item.label.numbers[-1]
        path = self._path(parent) + (item.label.key,)
        if path in self.seen:  # said, and kept: the sums above it stay right
            self._order("annex-numbering-repeat", item, self.seen[path], None)
            return
        self.seen[path] = item.row
        if siblings:  # after a mistyped number, the next one may follow either it or its position
            expected = [siblings[-1].number + 1, len(siblings) + 1]
            after = siblings[-1].item.label.text
        else:
            expected = [1]
            if item.label.kind == ARABIC and parent is not None and self.last_arabic:
                expected += [self.last_arabic + 1, self.arabic_count + 1]  # running on through the domains
            after = parent.item.label.text if parent is not None else "—"
        if number not in expected:
            choices = (
                [_shown(item, n) for n in dict.fromkeys(expected)] if not siblings else [_shown(item, expected[0])]
            )
            said = Words(en=" or ".join(choices), vi=" hoặc ".join(choices))  # "1 or 3": restarting or running on
            self._order("annex-numbering-gap", item, after, said)

    def _letter_in_order(self, item: Row, target: Node) -> bool:
        """Whether a level's letter follows the previous one of its criterion (a), b), c)…)."""
        letters = [level for level in target.levels if level.letter]
        number = item.label.numbers[0]
        if number == len(letters) + 1:
            return True
        earlier = next((level.row for level in letters if level.letter == number), None)
        if earlier is not None:
            self._order("annex-numbering-repeat", item, earlier, None)
            return False
        after = letters[-1].label if letters else target.item.label.text
        self._order("annex-numbering-gap", item, after, LETTERS[len(letters)] + ")")
        return True

    def _path(self, node: Node | None) -> tuple[str, ...]:
        path: list[str] = []
        while node is not None:
            path.insert(0, node.item.label.key)
            node = node.parent
        return tuple(path)

    def _order(self, code: str, item: Row, detail: object, expected: str | Words | None) -> None:
        params = {"detail": detail} if expected is None else {"detail": detail, "expected": expected}
        problem = Problem(
            code, self.label, row=item.row, column=item.label_column, value=item.label.text, params=params
        )
        self.problems.append(problem)

    def _misplaced(self, item: Row, detail: Words) -> None:
        column, value = item.label_column, item.label.text
        problem = Problem(
            "annex-misplaced", self.label, row=item.row, column=column, value=value, params={"detail": detail}
        )
        self.problems.append(problem)


def _shown(item: Row, number: int) -> str:
    """Number NUMBER written the way ITEM's numbering is written ('II', '3', '1.4')."""
    if item.label.kind == ROMAN:
        return _roman(number)
    return ".".join([*(str(n) for n in item.label.numbers[:-1]), str(number)])


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        while number >= value:
            out, number = out + letters, number - value
    return out + "I" * number


_TOO_DEEP = Words(
    en=f"it would be level {MAX_CODE_LEVELS + 1} of the tree; parindex reads at most {MAX_CODE_LEVELS} levels "
    "(domain, criterion, sub-criterion and one more)",
    vi=f"dòng này sẽ là cấp {MAX_CODE_LEVELS + 1} của cây tiêu chí; parindex đọc tối đa {MAX_CODE_LEVELS} cấp "
    "(lĩnh vực, tiêu chí, tiêu chí thành phần và một cấp nữa)",
)
_BEFORE_DOMAIN = Words(
    en="a criterion numbered 1, 2… comes before the first domain (I, II…); give the domain its row",
    vi="tiêu chí đánh số 1, 2… đứng trước lĩnh vực đầu tiên (I, II…); hãy thêm dòng lĩnh vực",
)
_NO_CRITERION = Words(
    en="a scoring level (a), b)…) comes before any criterion; put it under its criterion",
    vi="mức điểm (a), b)…) đứng trước mọi tiêu chí; hãy đặt nó dưới tiêu chí của nó",
)
_LEVEL_POINTS = Words(
    en="write the level's points in the points column or at the end of its text ('a) Ban hành đúng hạn: 1')",
    vi="hãy ghi điểm của mức ở cột điểm hoặc ở cuối nội dung ('a) Ban hành đúng hạn: 1')",
)


def _NO_PREFIX(prefix: str) -> Words:  # noqa: N802 - a message, named like the constants beside it
    return Words(
        en=f"no row numbered {prefix} above it to belong to; check the numbering",
        vi=f"không có dòng nào đánh số {prefix} ở trên để dòng này thuộc về; hãy kiểm tra số thứ tự",
    )


def _AFTER_LEVELS(label: str) -> Words:  # noqa: N802
    return Words(
        en=f"'{label}' already has scoring levels (a), b)…), so it cannot also have sub-criteria",
        vi=f"'{label}' đã có các mức điểm (a), b)…) nên không thể có thêm tiêu chí thành phần",
    )
