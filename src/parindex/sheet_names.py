"""Sheet names of the annex workbook: Excel's rules (31 characters, no []:*?/\\) and how annex tabs shorten.

Why a module of its own: the names are a small language of their own (which words an annex tab drops,
which administrative names it abbreviates), used by the annex workbook and the self-assessment template.
"""

from __future__ import annotations

import re
import unicodedata

SHEET_NAME_LIMIT = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Common administrative abbreviations, applied only when a sheet name would not fit otherwise.
ABBREVIATIONS = (
    ("ủy ban nhân dân", "UBND"),
    ("uỷ ban nhân dân", "UBND"),
    ("hội đồng nhân dân", "HĐND"),
    ("cải cách hành chính", "CCHC"),
    ("thành phố", "TP"),
    ("thị xã", "TX"),
)


def short_group_name(name: str) -> str:
    """A group's name as annex titles shorten it: without "các" and a trailing "tỉnh".

    "Sở, ban, ngành tỉnh" → "Sở, ban, ngành"; "UBND các huyện, thành phố" → "UBND huyện, thành phố".
    Inside a provincial decision "tỉnh" is implied and "các" (plural) adds nothing to a tab label.
    "tỉnh" stays after a word that needs it ("thuộc tỉnh", "của tỉnh", "cấp tỉnh").
    """
    text = " ".join(unicodedata.normalize("NFC", name).split())
    shortened = re.sub(r"(?i)\bcác\s+", "", text)
    shortened = re.sub(r"(?i)(?<!thuộc)(?<!của)(?<!cấp)\s+tỉnh$", "", shortened).strip()
    if not shortened:
        return text
    if text[:1].isupper():
        shortened = shortened[:1].upper() + shortened[1:]
    return shortened


def clean_sheet_name(text: str) -> str:
    """TEXT without the characters Excel forbids in sheet names ([]:*?/\\) and edge apostrophes.

    Control characters go too (a tab label has no use for them, and one in the workbook's XML makes
    the file unreadable: a group named with an ESC wrote a workbook Excel could not open).
    """
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    cleaned = " ".join(_FORBIDDEN.sub(" ", printable).split())
    return cleaned.strip("'").strip()


def abbreviate(text: str) -> str:
    for long, short in ABBREVIATIONS:
        text = re.sub(re.escape(long), short, text, flags=re.IGNORECASE)
    return text


def cut_words(text: str, limit: int) -> str:
    """Cut TEXT to LIMIT characters at a word boundary, without a dangling comma or dash."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;-–")
