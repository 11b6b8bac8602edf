"""Column labels shared by every view of the ranking (terminal, HTML, Excel), in both languages.

One catalogue, so that the terminal table, the HTML report and the Excel annex can never call the
same column by two names.
"""

from __future__ import annotations

from .i18n import N_, gettext
from .result_table import COLUMNS

#: key -> (English, Vietnamese): the English is the catalogue's msgid, the Vietnamese its translation
#: (kept here as well so that code reading LABELS directly still gets both forms).
LABELS: dict[str, tuple[str, str]] = {
    key: (english, gettext(english, "vi"))
    for key, english in {
        "stt": N_("No."),
        "rank": N_("Rank"),
        "unit": N_("Unit"),
        **{column.key: column.label for column in COLUMNS if column.annex},
        "band": N_("Band"),
        "note": N_("Note"),
    }.items()
}

#: The amounts of the published annex: the result table's annex columns, in its order.
POINT_COLUMNS = tuple(column.key for column in COLUMNS if column.annex)
#: The published annex layout (rank first), as in the terminal table and the HTML report.
ANNEX_COLUMNS = ("rank", "unit", *POINT_COLUMNS)


def label(key: str, lang: str) -> str:
    """The column label of KEY in LANG ('vi' or 'en')."""
    return gettext(LABELS[key][0], lang)


def annex_headers(lang: str, bands: bool) -> list[str]:
    """Headers of the published ranking table; the band column only where the framework has bands."""
    return [label(key, lang) for key in ANNEX_COLUMNS + (("band",) if bands else ())]
