"""The column names parindex understands, in English and in Vietnamese: one alias table.

Officers head their sheets the way their office always has ("Mã đơn vị", "Điểm tự đánh giá",
"Lý do"), typed with or without diacritics, in any case, with line breaks or double spaces inside
a merged header cell. Every input table has a :class:`Schema`: the canonical names the loaders use
(``unit_id``, ``score``, …), which of them are required, and the headers that mean each one. A
header is compared by :func:`header_key` (no diacritics, no case, no punctuation), so one alias
covers every way of typing it. The README's folder table lists these names; change both together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .problems import Problem, Words

if TYPE_CHECKING:  # pragma: no cover
    from .readers import Table


def fold(text: str) -> str:
    """Text without case, diacritics or punctuation: 'Mã  Đơn-vị' and 'ma don vi' fold alike.

    Why: the same header is typed with Unikey or without, in NFC or NFD, with line breaks in a
    merged cell; comparing folded forms accepts all of them without a list of spellings.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", bare).strip()


def header_key(header: str) -> str:
    """The folded form of a header cell, as the alias table holds it."""
    return fold(header)


def _without_brackets(header: str) -> str:
    """'Điểm tối đa (điểm)' -> 'Điểm tối đa': a unit or hint in brackets does not change the column."""
    return re.sub(r"\([^)]*\)|\[[^]]*\]", " ", header)


#: canonical name -> (English label, Vietnamese label): how a column is named to the user.
LABELS: dict[str, tuple[str, str]] = {
    "unit_id": ("unit_id", "Mã đơn vị"),
    "name": ("name", "Tên"),
    "group": ("group", "Nhóm"),
    "ranked": ("ranked", "Xếp hạng"),
    "code": ("code", "Mã tiêu chí"),
    "score": ("score", "Điểm"),
    "note": ("note", "Ghi chú"),
    "evidence": ("evidence", "Tài liệu kiểm chứng"),
    "round": ("round", "Vòng"),
    "explanation": ("explanation", "Giải trình"),
    "unit_name": ("unit_name", "Tên đơn vị"),
    "max_points": ("max_points", "Điểm tối đa"),
    "method": ("method", "Phương thức"),
    "guidance": ("guidance", "Hướng dẫn"),
    "source": ("source", "Nguồn"),
    "respondent": ("respondent", "Người trả lời"),
    "answer": ("answer", "Trả lời"),
    "label": ("label", "STT"),
    "survey": ("survey", "Điều tra XHH"),
}

_UNIT_ID = ("unit_id", "unit id", "Mã đơn vị", "Mã ĐV", "Mã cơ quan")
_CODE = ("code", "Mã tiêu chí", "Mã TC", "Mã", "Mã số", "Mã chỉ số", "criterion code")
_SCORE = ("score", "Điểm", "Điểm số", "Điểm đạt được")
_NOTE = ("note", "notes", "Ghi chú", "Giải trình")
#: The appraisal's round (1 = preliminary, 2 = final after the unit's explanation).
_ROUND = ("round", "Vòng", "Vòng thẩm định", "Lần thẩm định", "Lần")
#: The unit's explanation (giải trình) of a score the council changed, in the appraisal table.
_EXPLANATION = ("explanation", "Giải trình", "Giải trình của đơn vị", "Ý kiến giải trình", "Nội dung giải trình")
_EVIDENCE = ("evidence", "Tài liệu kiểm chứng", "TLKC", "Minh chứng", "Tài liệu minh chứng")
#: A score file may name its units instead of giving their ids (the council's sheets often do).
_UNIT_NAME = ("unit_name", "unit name", "Tên đơn vị", "Đơn vị", "Tên cơ quan", "Cơ quan, đơn vị")


@dataclass(frozen=True)
class Schema:
    """One kind of input table: its canonical columns, the required ones, and their aliases.

    ``aliases`` maps a canonical name to the headers that mean it (any spelling: they are folded).
    """

    name: str
    required: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]
    keys: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys: dict[str, str] = {}
        for canonical, headers in self.aliases.items():
            for header in (canonical, *headers):
                keys.setdefault(header_key(header), canonical)
        object.__setattr__(self, "keys", keys)

    def canonical(self, header: str) -> str | None:
        """The canonical name HEADER means in this table, or None for a column parindex does not use."""
        if not header.strip():
            return None
        found = self.keys.get(header_key(header))
        if found is None and ("(" in header or "[" in header):
            found = self.keys.get(header_key(_without_brackets(header)))
        return found

    def holds(self, headers: list[str]) -> int:
        """How many of the required columns a row of header cells holds."""
        found = {self.canonical(h) for h in headers}
        return sum(1 for name in self.required if name in found)

    def with_required(self, *required: str) -> Schema:
        """The same table with other required columns (a per-unit file needs no unit id column)."""
        return Schema(self.name, required, self.aliases)


def label(canonical: str) -> Words:
    """How to name a canonical column in a message: its English name, or its Vietnamese header."""
    en, vi = LABELS.get(canonical, (canonical, canonical))
    return Words(en=en, vi=vi)


def missing_columns(table: Table, required: tuple[str, ...]) -> list[Problem]:
    """One `missing-column` per required column the header lacks, listing the headers found as written.

    The problem's column is the canonical name (stable for programs); its message names the column
    in the user's language ('Mã đơn vị' in Vietnamese).
    """
    found = ", ".join((table.headers or {}).values()) or Words(en="none", vi="không có")
    return [
        Problem(
            "missing-column",
            table.label,
            row=table.header_row,
            column=name,
            params={"detail": found, "column": label(name)},
        )
        for name in required
        if name not in table.columns
    ]


def duplicate_columns(table: Table) -> list[Problem]:
    """One `duplicate-column` per header cell that names a column again, quoting both cells as written."""
    problems = []
    for name, first, repeated in table.duplicate_columns or []:
        if first == repeated:
            both = Words(en=f"'{first}' twice", vi=f"'{first}' hai lần")
        else:
            both = Words(en=f"'{first}' and '{repeated}'", vi=f"'{first}' và '{repeated}'")
        params = {"detail": both, "column": label(name)}
        problems.append(Problem("duplicate-column", table.label, row=table.header_row, column=repeated, params=params))
    return problems


UNITS = Schema(
    "units",
    ("unit_id", "name", "group"),
    {
        "unit_id": (*_UNIT_ID, "Mã"),
        "name": ("Tên đơn vị", "Tên", "Đơn vị", "Tên cơ quan", "Cơ quan, đơn vị", "unit name"),
        "group": ("Nhóm", "Nhóm đơn vị", "Khối"),
        "ranked": ("Xếp hạng", "Có xếp hạng"),
    },
)

_SCORE_COLUMNS: dict[str, tuple[str, ...]] = {
    "unit_id": _UNIT_ID,
    "unit_name": _UNIT_NAME,
    "code": _CODE,
    "score": _SCORE,
    "note": _NOTE,
}

SELF_ASSESSMENT = Schema(
    "self-assessment",
    ("unit_id", "code", "score"),
    {
        **_SCORE_COLUMNS,
        "score": (*_SCORE, "Điểm tự đánh giá", "Điểm tự chấm", "Tự đánh giá", "Điểm TĐG", "self score"),
        "evidence": _EVIDENCE,
    },
)
APPRAISAL = Schema(
    "appraisal",
    ("unit_id", "code", "score"),
    {
        **_SCORE_COLUMNS,
        "score": (*_SCORE, "Điểm thẩm định", "Thẩm định", "Điểm sau thẩm định", "Điểm TĐ", "appraised score"),
        # "Giải trình" is the unit's explanation here, not the council's reason (the note)
        "note": (
            "note",
            "notes",
            "Ghi chú",
            "Lý do",
            "Lý do điều chỉnh",
            "Lý do thẩm định",
            "Ý kiến thẩm định",
            "reason",
        ),
        "evidence": _EVIDENCE,
        "round": _ROUND,
        "explanation": _EXPLANATION,
    },
)
SURVEY = Schema(
    "survey",
    ("unit_id", "code", "score"),
    {
        **_SCORE_COLUMNS,
        "score": (*_SCORE, "Điểm điều tra XHH", "Điểm điều tra xã hội học", "Điều tra XHH", "Điểm XHH"),
        "evidence": _EVIDENCE,
    },
)
#: The score tables by file stem (self-assessment, appraisal, survey).
SCORE_SCHEMAS: dict[str, Schema] = {s.name: s for s in (SELF_ASSESSMENT, APPRAISAL, SURVEY)}
#: Questionnaire answers, one row per respondent and question, instead of survey.csv's points
#: (survey software exports "Phiếu số" or "Mã phiếu" for the respondent, "Phương án" for the answer).
RESPONSES = Schema(
    "survey-responses",
    ("unit_id", "code", "respondent", "answer"),
    {
        "unit_id": _UNIT_ID,
        "unit_name": _UNIT_NAME,
        "code": (*_CODE, "Mã câu hỏi", "Câu hỏi số", "question"),
        "respondent": (
            "respondent id",
            "Người trả lời",
            "Phiếu số",
            "Số phiếu",
            "Mã phiếu",
            "Phiếu",
            "Mã người trả lời",
        ),
        "answer": ("Trả lời", "Câu trả lời", "Phương án", "Phương án trả lời", "Phương án lựa chọn", "Đáp án"),
        "note": _NOTE,
    },
)
#: Every table of an assessment folder by file stem.
FOLDER_SCHEMAS: dict[str, Schema] = {UNITS.name: UNITS, **SCORE_SCHEMAS, RESPONSES.name: RESPONSES}

CRITERIA = Schema(
    "criteria",
    ("code", "name", "max_points", "method"),
    {
        "code": ("Mã", "Mã tiêu chí", "Mã số", "Mã chỉ số"),
        "name": ("Tên tiêu chí", "Nội dung", "Tiêu chí", "Lĩnh vực, tiêu chí", "Tên"),
        "max_points": ("max points", "Điểm tối đa", "Điểm chuẩn", "Tối đa", "Điểm"),
        "method": ("Phương thức", "Cách đánh giá", "Phương thức đánh giá", "Phương pháp đánh giá"),
        "guidance": ("Hướng dẫn", "Hướng dẫn chấm điểm", "Cách chấm"),
        "source": ("Nguồn", "Căn cứ", "Nguồn tài liệu"),
        "label": ("Số thứ tự", "Ký hiệu", "Số hiệu"),
        "levels": ("Mức điểm", "Các mức điểm", "Thang điểm"),
    },
)

#: A province's annex table as published in its decision (``parindex criteria import``): numbering in STT
#: (or at the start of the text), the text, the points; a survey column or a method column; guidance.
ANNEX = Schema(
    "annex",
    ("name", "max_points"),
    {
        "label": ("STT", "TT", "Số TT", "Số thứ tự", "Thứ tự", "Ký hiệu", "Mục"),
        "name": (
            "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
            "Lĩnh vực, tiêu chí, tiêu chí thành phần",
            "Lĩnh vực/Tiêu chí",
            "Lĩnh vực, tiêu chí",
            "Nội dung",
            "Nội dung tiêu chí",
            "Nội dung đánh giá",
            "Tiêu chí",
            "Tên tiêu chí",
            "Lĩnh vực, tiêu chí, tiêu chí thành phần, nội dung đánh giá",
            "Lĩnh vực/Tiêu chí/Tiêu chí thành phần/Nội dung đánh giá",
            "Lĩnh vực, tiêu chí và tiêu chí thành phần",
            "Tiêu chí, tiêu chí thành phần",
            "Lĩnh vực/Chỉ số/Chỉ số thành phần",
            "Lĩnh vực, chỉ số và chỉ số thành phần",
            "Chỉ số, chỉ số thành phần",
            "Nội dung chỉ số",
            "Tên chỉ số",
            "Chỉ số",
        ),
        "max_points": (
            "Điểm tối đa",
            "Điểm chuẩn",
            "Điểm",
            "Thang điểm",
            "Tối đa",
            "Điểm tối đa đạt được",
            "Số điểm tối đa",
            "Điểm số tối đa",
        ),
        "method": (
            "Phương thức",
            "Phương thức đánh giá",
            "Hình thức đánh giá",
            "Phương pháp đánh giá",
            "Cách đánh giá",
        ),
        "survey": ("Điều tra XHH", "Điều tra xã hội học", "ĐTXHH", "Đánh giá qua điều tra XHH", "XHH"),
        "guidance": (
            "Hướng dẫn",
            "Ghi chú",
            "Hướng dẫn/Ghi chú",
            "Hướng dẫn chấm điểm",
            "Cách chấm điểm",
            "Cách chấm",
            "Cách tính điểm",
            "Hướng dẫn đánh giá",
            "Hướng dẫn chấm",
        ),
        "evidence": _EVIDENCE,
    },
)

#: Folded method values of a criteria table -> the framework's method names.
_METHODS: dict[str, str] = {
    **{fold(v): "appraisal" for v in ("appraisal", "thẩm định", "tự đánh giá", "tự đánh giá, thẩm định", "TĐG", "TĐ")},
    **{
        fold(v): "survey"
        for v in (
            "survey",
            "điều tra XHH",
            "điều tra xã hội học",
            "điều tra",
            "XHH",
            "ĐTXHH",
            "khảo sát",
            "đo lường sự hài lòng",
        )
    },
    **{fold(v): "bonus" for v in ("bonus", "điểm thưởng", "điểm cộng", "thưởng", "cộng điểm")},
    **{fold(v): "penalty" for v in ("penalty", "điểm trừ", "trừ điểm", "trừ")},
}


def method_value(text: str) -> str | None:
    """A criteria table's method cell as 'appraisal', 'survey', 'bonus' or 'penalty'; other text comes back lowered (the
    framework check reports it); blank is None (a parent criterion)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    return _METHODS.get(fold(cleaned), cleaned.lower())


#: Words people add to a per-unit file's name or unit line that are not part of the unit's name.
_NOISE = re.compile(
    r"\b(phieu tu danh gia|tu danh gia|tu cham diem|phieu|bang diem|cham diem|ket qua|chi so cai cach hanh chinh"
    r"|chi so cchc|cchc|self assessment|nam \d+|\d+)\b"
)
#: The label of a unit line above the header: "Đơn vị: Sở Y tế", "Tên đơn vị: …", "Cơ quan: …"
#: (folded; "Đơn vị tính: điểm" is not one).
_UNIT_LABELS = frozenset(("don vi", "ten don vi", "co quan", "ten co quan", "co quan don vi", "unit"))


def name_key(text: str) -> str:
    """A unit's name, or a file name or unit line naming it, folded and without the usual extra words.

    'Sở Y tế - tự đánh giá 2023' and 'SỞ Y TẾ' both give 'so y te'.
    """
    return " ".join(_NOISE.sub(" ", fold(text)).split())


def unit_line(preamble: list[tuple[int, list[str]]]) -> tuple[str, str] | None:
    """The unit line of a title block and the name it gives: ("Đơn vị: Sở Y tế", "Sở Y tế"); the name
    may also be in the cell after "Đơn vị:"."""
    for _, cells in preamble:
        for position, cell in enumerate(cells):
            if ":" not in cell or fold(cell.split(":", 1)[0]) not in _UNIT_LABELS:
                continue
            rest = cell.split(":", 1)[1].strip()
            if not rest:
                rest = next((c for c in cells[position + 1 :] if c.strip()), "").strip()
            if rest:
                return " ".join(c for c in cells[position:] if c.strip()), rest
    return None


def probable_unit(text: str, names: dict[str, str]) -> str | None:
    """The one unit (id) whose name TEXT names, from NAMES (id -> name); None when none or several.

    Exact after folding first ('Sở Y tế - tự đánh giá' -> Sở Y tế); else the one unit whose id or whole
    name appears in TEXT as words ('SYT - tự đánh giá', 'Phiếu chấm Sở Y tế tỉnh Lai Châu').
    """
    folded = f" {fold(text)} "
    by_id = [unit_id for unit_id in names if fold(unit_id) and f" {fold(unit_id)} " in folded]
    if len(by_id) == 1:
        return by_id[0]
    key = name_key(text)
    if not key:
        return None
    keys = {unit_id: name_key(name) for unit_id, name in names.items()}
    exact = [unit_id for unit_id, name in keys.items() if name and name == key]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    padded = f" {key} "
    within = [unit_id for unit_id, name in keys.items() if name and f" {name} " in padded]
    return within[0] if len(within) == 1 else None


def group_by_name(value: str, groups: dict[str, str]) -> str | None:
    """The group key a units table names by the group's name instead of its key, from GROUPS (key -> name).

    Officers write "Sở, ban, ngành" or "UBND huyện" where the framework's key is ``so`` or ``huyen``:
    the value names a group when its words are all words of exactly one group's name.
    """
    words = set(fold(value).split())
    if not words:
        return None
    matches = [key for key, name in groups.items() if words <= set(fold(name).split())]
    return matches[0] if len(matches) == 1 else None
