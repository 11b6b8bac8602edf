"""A group's annex rows, built once for every writer that lays the annex out.

The terminal ranking, the HTML report, the Excel annex and the Word annex show the same row of a
unit: its rank as text ("14=" for a tie, "—" for a unit not ranked), its name with the survey mark,
the published amounts of the result table, its band; and under the index, the group's mean. Each
writer only formats these (numbers for Excel, text for the others), so the four cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .i18n import gettext
from .labels import survey_mark
from .numbers import format_number
from .ranking import NO_MEAN, rank_text

if TYPE_CHECKING:  # pragma: no cover
    from .result_table import Column, ResultTable
    from .results import UnitScore


@dataclass(frozen=True, slots=True)
class AnnexRow:
    """One unit of a group's annex: row ROW of TABLE, the NUMBER-th of its group (the "STT")."""

    table: ResultTable
    row: int
    number: int

    @property
    def score(self) -> UnitScore:
        """The unit's score, for what a writer adds of its own (a note, the unit id)."""
        return self.table.entries[self.row].score

    @property
    def group(self) -> str:
        """The key of the unit's group."""
        return self.table.entries[self.row].group

    @property
    def rank(self) -> str:
        """The rank as the annex prints it: "14=" for a tie, "—" for a unit not ranked."""
        return rank_text(self.score.rank, self.score.tied)

    @property
    def name(self) -> str:
        """The unit's name with " (*)" when it was indexed without its survey."""
        return self.score.unit.name + survey_mark(self.score)

    @property
    def band(self) -> str:
        """The unit's band, blank when its group has none."""
        return self.score.band or ""

    def text(self, column: Column, lang: str) -> str:
        """The published amount of COLUMN as text ("86,29" in Vietnamese; blank for none)."""
        return self.table.text(column, self.row, lang)

    def texts(self, columns: Sequence[Column], lang: str) -> list[str]:
        """The published amounts of COLUMNS as text."""
        return [self.table.text(column, self.row, lang) for column in columns]

    def numbers(self, columns: Sequence[Column]) -> list[float | None]:
        """The published amounts of COLUMNS as spreadsheet numbers (the digits are the published ones)."""
        return [self.table.number(column, self.row) for column in columns]


def annex_rows(table: ResultTable, group: str) -> list[AnnexRow]:
    """The rows of GROUP's annex, in published order."""
    return [AnnexRow(table, row, number) for number, row in enumerate(table.group_rows(group), start=1)]


def annex_mean(table: ResultTable, group: str, lang: str) -> str:
    """The group's mean index as the annex's mean row prints it under the index, or in words when it has none."""
    mean = table.results.groups[group].mean_index
    return gettext(NO_MEAN, lang) if mean is None else format_number(mean, table.decimals, lang)
