"""The results decision an annex is attached to: its number, date and issuing body.

Why a module of its own: the Word annex prints these lines ("Kèm theo Quyết định số …/QĐ-UBND ngày …
của …") and the signature block, and they come from two places, the command's options and a
``[publication]`` table in parindex.toml, the options winning. A detail not given stays a dotted
line, as an officer leaves it in a draft to fill in by hand once the decision is numbered.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .i18n import N_, both
from .problems import Words

#: What a blank reads in the printed lines (the dotted line of a draft).
BLANK = "…"
#: The suffix of a provincial People's Committee decision number ("694/QĐ-UBND").
DECISION_SUFFIX = "/QĐ-UBND"
#: The table of parindex.toml holding the publication details.
TABLE = "publication"

_COMMITTEE = re.compile(r"^\s*(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)
_LOCALITY = re.compile(r"^(?:tỉnh|thành phố|TP\.?)\s+", re.IGNORECASE)
_MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June")
_MONTHS += ("July", "August", "September", "October", "November", "December")


#: The signature block of a decision signed for the People's Committee by a vice chair (name left blank).
SIGNATURE = (
    N_("ON BEHALF OF THE PEOPLE'S COMMITTEE"),
    N_("FOR THE CHAIRMAN"),
    N_("VICE CHAIRMAN"),
)
#: The line under an annex's title that ties it to the results decision.
ATTACHED = N_("(Attached to Decision No. {number} dated {date} of {issuer})")


class PublicationError(ValueError):
    """A publication detail that cannot be used (a date that is not a date): a usage error, in both languages."""

    def __init__(self, words: Words) -> None:
        self.words = words
        super().__init__(words.en)


@dataclass(frozen=True)
class Publication:
    """The decision's number (as given), date and issuing body ("UBND tỉnh Lai Châu"); None is not given."""

    decision: str | None = None
    date: dt.date | None = None
    issuer: str | None = None

    def number(self) -> str:
        """The decision number as printed: "694/QĐ-UBND", or "…/QĐ-UBND" when not given."""
        if not self.decision:
            return BLANK + DECISION_SUFFIX
        return self.decision if "/" in self.decision else self.decision + DECISION_SUFFIX

    def short_date(self) -> str:
        """The date in the annex line: "15/5/2024" (no leading zeros, as decisions write it), else "…"."""
        return BLANK if self.date is None else f"{self.date.day}/{self.date.month}/{self.date.year}"

    def long_date(self, lang: str) -> str:
        """The date in text: "ngày 15 tháng 5 năm 2024" / "15 May 2024"; dotted when not given."""
        if self.date is None:
            return f"ngày {BLANK} tháng {BLANK} năm {BLANK}" if lang == "vi" else f"{BLANK} {BLANK} {BLANK}"
        d = self.date
        if lang == "vi":
            return f"ngày {d.day} tháng {d.month} năm {d.year}"
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"

    def given(self) -> bool:
        """Whether any detail of the decision is known (else writers leave the line out)."""
        return any(value is not None for value in (self.decision, self.date, self.issuer))

    def attached_line(self, lang: str) -> str:
        """ "(Kèm theo Quyết định số 694/QĐ-UBND ngày 15/5/2024 của UBND tỉnh Lai Châu)", dotted where unknown."""
        from .i18n import gettext

        template = gettext(ATTACHED, lang)
        return template.format(number=self.number(), date=self.short_date(), issuer=self.issuer_text())

    def issuer_text(self) -> str:
        """The issuing body as written in the annex line ("UBND tỉnh Lai Châu"), else "…"."""
        return self.issuer or BLANK

    def body_lines(self) -> tuple[str, str]:
        """The issuing body block, upper case: ("ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU").

        A People's Committee ("UBND …", "Ủy ban nhân dân …") is split as Decree 30/2020 prints it; any
        other body is its own first line; the locality is dotted when no issuer is given.
        """
        if not self.issuer:
            return "ỦY BAN NHÂN DÂN", BLANK
        rest = _COMMITTEE.sub("", self.issuer, count=1)
        if rest == self.issuer:
            return self.issuer.upper(), ""
        return "ỦY BAN NHÂN DÂN", rest.upper()

    def place(self) -> str:
        """The place before the date ("Lai Châu"): the issuer's locality without "tỉnh"/"thành phố"."""
        if not self.issuer:
            return ""
        rest = _COMMITTEE.sub("", self.issuer, count=1)
        return "" if rest == self.issuer else _LOCALITY.sub("", rest, count=1)


def parse_date(text: str, where: str) -> dt.date:
    """TEXT as a YYYY-MM-DD date; raises PublicationError naming WHERE (the option or the file)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    message = N_("{where} needs a date written YYYY-MM-DD, such as 2024-05-15 (got '{text}').")
    raise PublicationError(Words(*both(message, where=where, text=text)))


def config_table(path: Path) -> dict[str, object]:
    """The ``[publication]`` table of the parindex.toml at PATH (already validated), or an empty one."""
    from .readers import TomlRefused, read_toml

    try:
        data = read_toml(path, path.name)
    except (TomlRefused, OSError):  # the assessment was read from it: nothing new to say here
        return {}
    table = data.get(TABLE)
    return table if isinstance(table, dict) else {}


def _config_date(value: object, path: Path) -> dt.date | None:
    """The table's date: a TOML date (2024-05-15) or a YYYY-MM-DD string; raises PublicationError otherwise."""
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return parse_date(str(value), f"{path.name} [{TABLE}] date")


def _text(value: object) -> str | None:
    """A string or number from the TOML table as text; blank is not given."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text or None


def resolve(config: Path, decision: str | None, date: str | None, issuer: str | None) -> Publication:
    """The publication details: each option, else the ``[publication]`` table of CONFIG (parindex.toml).

    The table's date is read only when --date is not given: a wrong date there does not stop a run
    that gives the right one.
    """
    table = config_table(config)
    return Publication(
        decision=(decision or "").strip() or _text(table.get("decision")),
        date=parse_date(date, "--date") if date else _config_date(table.get("date"), config),
        issuer=(issuer or "").strip() or _text(table.get("issuer")),
    )
