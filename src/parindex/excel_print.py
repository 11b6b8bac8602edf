"""How a sheet of the annex workbook prints: landscape A4, one page wide, the header row repeated,
the annex title in the page header and "Trang 1/3" in the footer.

Why a module of its own: an annex is printed and attached to the results decision, and a printed
page must say which annex it belongs to and where it sits, without anyone setting up the page in
Excel first. The sheet's content is written by `excel`; this is only the page around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .display import visible
from .i18n import N_, gettext

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

#: The footer: Excel replaces &P by the page's number and &N by the number of pages.
PAGE_FOOTER = N_("Page &P of &N")
#: Characters of a title in the page header. Excel refuses a header longer than 255 characters,
#: font codes included, so a long group name is cut here (the sheet's first row has it whole).
HEADER_TITLE_CHARS = 200
#: The header's font: the font and size of Vietnamese administrative documents (Decree 30/2020).
HEADER_FONT = "Times New Roman,Bold"
HEADER_SIZE = 11


def header_text(title: str) -> str:
    """TITLE as header text: "&" doubled (a single one starts an Excel code), cut to HEADER_TITLE_CHARS."""
    shown = " ".join(visible(title).split())
    if len(shown.replace("&", "&&")) <= HEADER_TITLE_CHARS:
        return shown.replace("&", "&&")
    cut = shown[: HEADER_TITLE_CHARS - 1]
    while len(cut.replace("&", "&&")) > HEADER_TITLE_CHARS - 1:  # counted as written, "&" twice
        cut = cut[:-1]
    return cut.rstrip().replace("&", "&&") + "…"


def print_setup(sheet: Worksheet, header_row: int, title: str, lang: str) -> None:
    """Landscape A4, one page wide, the header row repeated, TITLE above and the page number below.

    The header and footer are set for odd pages only: without "different odd and even pages",
    Excel prints the odd page's header and footer on every page.
    """
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.page_margins.header = sheet.page_margins.footer = 0.25
    sheet.oddHeader.center.text = header_text(title)
    sheet.oddHeader.center.font = HEADER_FONT
    sheet.oddHeader.center.size = HEADER_SIZE
    sheet.oddFooter.center.text = gettext(PAGE_FOOTER, lang)
    sheet.oddFooter.center.font = "Times New Roman,Regular"
    sheet.oddFooter.center.size = HEADER_SIZE - 1
