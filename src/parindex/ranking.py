"""Ranking within a group: competition ranking on the published (rounded) index.

No published tie rule was found for Lai Châu, so parindex ranks on the index *as published*
(rounded half-up to the framework's decimals): two units shown as 86,29 % share a rank, whatever
their unrounded digits. Ranks are competition ranks (1, 2, 2, 4). Within a tie, and among
unranked units, units are listed by name in Vietnamese alphabetical order, and two units with the
same name by unit id, so the order never depends on the order of the input rows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from .framework import Group
from .i18n import DEFAULT_LANG, N_, gettext
from .numbers import format_number
from .results import GroupResult, UnitScore

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

TIE_RULE = N_(
    "Ranked on the index rounded half-up to {decimals} decimals; equal published indices share a rank "
    "(competition ranking 1, 2, 2, 4) and are marked tied; tied units are listed by name, then by unit id."
)
#: What a group's mean reads when no unit of the group is ranked (it has no mean: README).
NO_MEAN = N_("none (no unit of the group is ranked)")
#: The rank of a unit that is not ranked, in every output (a note or a column says why).
UNRANKED = "—"

# Vietnamese alphabet order; tone marks order a word only after the letters do.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def tie_rule(decimals: int, lang: str = DEFAULT_LANG) -> str:
    """The tie rule printed in every output's footer, so a reader knows how ranks were made."""
    return gettext(TIE_RULE, lang).format(decimals=decimals)


def rank_text(rank: int | None, tied: bool, untied: str = "") -> str:
    """A rank as every output prints it: "14=" for a tie, "—" for a unit not ranked, else "14" + UNTIED.

    One place, so the terminal, the annexes and the report cannot mark a tie differently; UNTIED is
    what a chart label puts after a rank that is not tied ("3. Sở Y tế").
    """
    return UNRANKED if rank is None else f"{rank}{'=' if tied else untied}"


def mean_text(mean: Decimal | None, decimals: int, lang: str = "en") -> str:
    """The group mean as shown ('86,29 %'), or in words when no unit is ranked, never an empty ' %'."""
    if mean is None:
        return gettext(NO_MEAN, lang)
    return f"{format_number(mean, decimals, lang)} %"


def vietnamese_key(name: str) -> tuple[str, str, str]:
    """Sort key for Vietnamese names: base letters in alphabet order (đ after d), then tones.

    Two translations (C speed, for 10,000 names) turn the name into its letters, each mapped to a
    code point in alphabet order, and its tones; other characters stay as they are, before letters.
    """
    folded = unicodedata.normalize("NFC", name).casefold()
    letters, tones = _tables()
    return folded.translate(letters), folded.translate(tones), name


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], dict[int, str]]:
    """Translation tables for every Latin letter a Vietnamese name can hold (built once)."""
    letters: dict[int, str] = {}
    tones: dict[int, str] = {}
    for code in [*range(ord("a"), ord("z") + 1), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if char.casefold() != char or len(unicodedata.normalize("NFC", char)) != 1:
            continue
        base, tone = _split(char)
        if base in _ALPHABET:
            letters[code] = chr(0x100 + _ALPHABET.index(base))
            tones[code] = str(tone)
    return letters, tones


def _split(char: str) -> tuple[str, int]:
    """A letter's base in the Vietnamese alphabet and its tone (0 = none)."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark == "\u031b" or mark in ("\u0306", "\u0302"):  # horn: ơ, ư
            base = unicodedata.normalize("NFC", base + mark)
    return base, tone


def competition_ranks(values: Sequence[Decimal | int]) -> list[int]:
    """Ranks for VALUES sorted descending: equal values share the better rank (1, 2, 2, 4)."""
    ranks: list[int] = []
    for position, value in enumerate(values, start=1):
        ranks.append(ranks[-1] if ranks and value == values[position - 2] else position)
    return ranks


def competition_ranks_rows(values: np.ndarray) -> np.ndarray:
    """Competition ranks within each row of VALUES (runs × units), highest first: 1 + how many are higher.

    The rule of :func:`competition_ranks` (equal values share the better rank: 1, 2, 2, 4) for many
    rows at once, without sorting the units of each row in Python: the sensitivity analysis ranks
    every run of thousands. VALUES are non-negative integers (published indices as counts).
    """
    import numpy as np

    runs, n = values.shape
    if n == 0:
        return np.zeros((runs, 0), dtype=np.int64)
    values = values.astype(np.int64)
    # each row shifted above the previous one, so one sorted array answers every row's search
    step = int(values.max()) + 1
    row = np.arange(runs, dtype=np.int64)
    shifted = values + (row * step)[:, None]
    ordered = np.sort(shifted, axis=1).ravel()
    at_most = np.searchsorted(ordered, shifted.ravel(), side="right").reshape(runs, n) - (row * n)[:, None]
    return n - at_most + 1


def rank_group(group: Group, units: list[UnitScore]) -> GroupResult:
    """Rank, flag ties, apply bands and order a group's units for publication."""
    ranked = [u for u in units if u.ranked]
    unranked = [u for u in units if not u.ranked]
    ranked.sort(key=lambda u: (-(u.published_int or 0), *_name_order(u)))
    ranks = competition_ranks([u.published_int or 0 for u in ranked])
    for i, (unit, rank) in enumerate(zip(ranked, ranks, strict=True)):
        unit.rank = rank
        unit.tied = rank in ranks[max(i - 1, 0) : i] + ranks[i + 1 : i + 2]
    unranked.sort(key=_name_order)
    if group.bands:
        for unit in units:
            unit.band = group.band_for(unit.published_index)
    # the mean is over ranked units only (README): a group with none has no mean, not the mean of all
    indices = [index for u in ranked if (index := u.index) is not None]
    mean = sum(indices, Decimal(0)) / len(indices) if indices else None
    return GroupResult(group, ranked + unranked, mean)


def _name_order(unit: UnitScore) -> tuple[str, str, str, str]:
    """Vietnamese name order, then the unit id: two units of the same name keep one order whatever the input's."""
    return (*vietnamese_key(unit.unit.name), unit.unit.unit_id)
