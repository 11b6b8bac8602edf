"""Column labels shared by every view of the ranking (terminal, HTML, Excel), in both languages.

One catalogue, so that the terminal table, the HTML report and the Excel annex can never call the
same column by two names.
"""

from __future__ import annotations

#: key -> (English, Vietnamese)
LABELS: dict[str, tuple[str, str]] = {
    "stt": ("No.", "STT"),
    "rank": ("Rank", "Xếp hạng"),
    "unit": ("Unit", "Tên đơn vị"),
    "self_total": ("Self score", "Điểm tự đánh giá"),
    "appraisal_total": ("Appraisal", "Điểm thẩm định"),
    "survey_total": ("Survey", "Điểm điều tra XHH"),
    "total": ("Total", "Tổng điểm"),
    "max_points": ("Maximum", "Điểm tối đa"),
    "index": ("Index (%)", "Chỉ số CCHC (%)"),
    "band": ("Band", "Xếp loại"),
    "note": ("Note", "Ghi chú"),
}

#: The published annex layout (rank first), as in the terminal table and the HTML report.
ANNEX_COLUMNS = ("rank", "unit", "self_total", "appraisal_total", "survey_total", "total", "max_points", "index")
#: The points columns, in annex order.
POINT_COLUMNS = ANNEX_COLUMNS[2:]


def label(key: str, lang: str) -> str:
    """The column label of KEY in LANG ('vi' or 'en')."""
    english, vietnamese = LABELS[key]
    return vietnamese if lang == "vi" else english


def annex_headers(lang: str, bands: bool) -> list[str]:
    """Headers of the published ranking table; the band column only where the framework has bands."""
    return [label(key, lang) for key in ANNEX_COLUMNS + (("band",) if bands else ())]
