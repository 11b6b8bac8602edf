"""The numbering of a published annex: I, II (domains); 1, 2 (criteria); 1.1, 1.1.1; a), b) (levels).

Why a module of its own: the numbering is the annex's only statement of its tree, and it is typed by
hand ("1." or "1)" or "1", "I." or "I"), sometimes in its own STT column and sometimes at the start of
the text ("a) Ban hành đúng hạn: 1"). Reading it is kept apart from building the tree from it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..columns import fold

ROMAN, ARABIC, DOTTED, LETTER, BULLET, PART, NONE, UNKNOWN = (
    "roman",
    "arabic",
    "dotted",
    "letter",
    "bullet",
    "part",
    "none",
    "unknown",
)
#: The kinds that make a criterion (a node of the tree); letters and bullets are a leaf's scoring levels.
NODE_KINDS = (ROMAN, ARABIC, DOTTED)
LEVEL_KINDS = (LETTER, BULLET)
#: The letters of Vietnamese enumerations, in order (legal texts skip f, j, w, z and put đ after d).
LETTERS = "abcdđeghiklmnopqrstuvxy"

_ROMAN_RE = re.compile(r"^C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
#: A single capital that is not I, V or X is a part heading ("A.", "B."), not a Roman number.
_PART_RE = re.compile(r"^(phan\s+\S+|[A-Z])$")
_BULLETS = ("-", "+", "•", "–", "*")


class Label(NamedTuple):
    """A numbering as typed: its kind, its numbers (a letter's position from 1), and the text."""

    kind: str
    numbers: tuple[int, ...]
    text: str

    @property
    def key(self) -> str:
        """What a dotted child's prefix names: '1' for I and for 1, '1.2' for 1.2."""
        return ".".join(str(n) for n in self.numbers)


def roman_value(text: str) -> int | None:
    """I..CXC as a number; None for anything else."""
    if not text or not _ROMAN_RE.fullmatch(text):
        return None
    total = 0
    for i, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def parse_label(text: str) -> Label:
    """A label cell as a numbering: 'I', 'II.', '1', '1.', '1)', '1.1', '1.1.2.', 'a)', 'đ.', '-'."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return Label(NONE, (), "")
    if cleaned in _BULLETS:
        return Label(BULLET, (), cleaned)
    bare = cleaned[:-1] if cleaned[-1] in ".)" else cleaned
    bare = bare[1:] if cleaned[-1] == ")" and bare.startswith("(") else bare
    return _numbered(bare, cleaned)


def _numbered(bare: str, cleaned: str) -> Label:
    if re.fullmatch(r"[0-9]+", bare):
        return Label(ARABIC, (int(bare),), cleaned)
    if re.fullmatch(r"[0-9]+(\.[0-9]+)+", bare):
        return Label(DOTTED, tuple(int(part) for part in bare.split(".")), cleaned)
    value = roman_value(bare)
    if value is not None and (len(bare) > 1 or bare in "IVX"):
        return Label(ROMAN, (value,), cleaned)
    if len(bare) == 1 and bare in LETTERS:  # "a)", "a.", or "a" alone in the STT column
        return Label(LETTER, (LETTERS.index(bare) + 1,), cleaned)
    if _PART_RE.fullmatch(fold(bare)) or _PART_RE.fullmatch(bare):
        return Label(PART, (), cleaned)
    return Label(UNKNOWN, (), cleaned)


#: A numbering at the start of a text: "I. CÔNG TÁC…", "1. Kế hoạch…", "1.1 …", "a) …", "- …".
_LEADING = re.compile(
    r"^\s*(?P<label>[IVXLC]+[.)]|[0-9]+(?:\.[0-9]+)*[.)]?|\(?[a-zđ]\)|[a-zđ]\.|[-+•–*])(?=\s)\s*(?P<rest>.*)$",
    re.DOTALL,
)


def split_leading(text: str) -> tuple[Label, str]:
    """The numbering a text starts with, and the text without it; (NONE, text) when there is none."""
    found = _LEADING.match(text)
    if found is None:
        return Label(NONE, (), ""), text
    label = parse_label(found["label"])
    if label.kind in (UNKNOWN, PART):
        return Label(NONE, (), ""), text
    return label, found["rest"].strip()


#: Folded texts of a total row ("TỔNG CỘNG", "Tổng điểm"): the annex's sum of its domains, not a criterion.
_TOTALS = frozenset({"tong", "tong cong", "tong diem", "tong so", "tong so diem", "tong diem toi da", "cong", "total"})


def is_total(text: str) -> bool:
    """Whether TEXT names the annex's total row."""
    folded = fold(text)
    return folded in _TOTALS or folded.startswith(("tong cong ", "tong diem "))
