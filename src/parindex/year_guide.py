"""HUONG-DAN.md: the steps of an assessment year, with the exact commands for this folder.

Why a file in the folder: the officer who runs the year is rarely the one who set it up, and the
README is not at hand on an office PC. The guide is written in Vietnamese, then the same text in
English, both from the gettext catalogue, with the folder's own path in every command so that each
one can be copied as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from .framework import Framework
from .i18n import N_, gettext

GUIDE_NAME = "HUONG-DAN.md"

_TITLE = N_("PAR Index {year}: the steps of the year")
_INTRO = N_(
    "This folder holds the assessment of {year} under the framework {framework}. Run the commands below from the "
    "folder that contains it; 'parindex <command> --help' explains each one. Keep what the commands write outside "
    "this folder: every file in it is read as an input."
)
_UNITS_LISTED = N_(
    "units.csv has one row per unit: unit id, name, group ({groups}), ranked (yes/no). It was filled from the "
    "framework's list: check every row (its note says what to check), correct names and ids, delete the units not "
    "assessed this year and add the missing ones. Save it as CSV UTF-8."
)
_UNITS_EXAMPLE = N_(
    "units.csv has one example row: replace it with the units assessed, one row each: unit id, name, group "
    "({groups}), ranked (yes/no). Save it as CSV UTF-8."
)
#: (title, text before the commands, commands, text after them); None: no such part.
_STEPS: tuple[tuple[str, str | None, tuple[str, ...], str | None], ...] = (
    (
        N_("Check the list of units"),
        None,
        ("parindex validate {folder}",),
        N_("Until the first scores come in, validate says that there are none yet, and checks the units."),
    ),
    (
        N_("Send each unit its self-assessment workbook"),
        None,
        ("parindex template {folder} --out phieu-tu-danh-gia-{year}/",),
        N_(
            "One workbook per unit, named <unit id>.xlsx: the unit's criteria with their maxima and guidance; only "
            "the score, note and evidence columns can be changed. Send each unit its own file."
        ),
    ),
    (
        N_("Collect the filled-in workbooks"),
        N_("Put each workbook a unit sends back, unchanged and under the name it was sent with, in {folder}/{self}/:"),
        ("parindex validate {folder}",),
        None,
    ),
    (
        N_("Survey scores"),
        None,
        ("parindex template {folder} --survey --out dieu-tra-xhh-{year}.xlsx",),
        N_(
            "One row per unit and survey criterion, with its maximum: fill in the score column from the survey's "
            "results and save the file as {folder}/survey.xlsx."
        ),
    ),
    (
        N_("Appraisal by the council"),
        None,
        ("parindex template {folder} --appraisal --out tham-dinh-{year}.xlsx",),
        N_(
            "The council's worksheet: every unit's self-scores and evidence, a column for the appraised score and "
            "one for the reason; a blank appraised score accepts the self-score. Save the filled worksheet as "
            "{folder}/appraisal.xlsx."
        ),
    ),
    (
        N_("Preliminary results, explanations, final appraisal"),
        None,
        (
            "parindex validate {folder}",
            "parindex score {folder} --round 1",
            "parindex export {folder} --round 1 --xlsx ket-qua-so-bo-{year}.xlsx",
        ),
        N_(
            "Round 1 gives the preliminary results; the workbook written by export is the one to send to the units "
            "(it says it holds the preliminary results). For round 2, add a row below the table of appraisal.xlsx "
            "for each criterion appraised again: the unit id, the criterion code, 2 in the round column, the final "
            "score, the reason and the unit's explanation. The latest round of a criterion counts."
        ),
    ),
    (
        N_("Final results"),
        None,
        (
            "parindex score {folder}",
            "parindex explain {folder} <unit_id>",
            "parindex export {folder} --xlsx ket-qua-{year}.xlsx --docx phu-luc-{year}.docx",
            "parindex report {folder} --html bao-cao-{year}.html",
            "parindex compare {folder} --round 1",
        ),
        N_(
            "explain shows why a unit scored what it did; export writes the annexes of the results decision; "
            "report writes one HTML page with charts; compare --round 1 shows what the explanations changed. With "
            "last year's folder, --previous adds the change since "
            "last year (compare, report, export --docx)."
        ),
    ),
)


def shell_path(folder: Path) -> str:
    """FOLDER as it is typed in a command: quoted when it holds a space or a shell character."""
    text = folder.as_posix()
    return text if re.fullmatch(r"[\w./~:-]+", text) else '"' + text.replace('"', '\\"') + '"'


def guide_section(folder: Path, year: int, framework: Framework, listed: bool, lang: str) -> list[str]:
    """The guide in LANG: a title, what the folder is, then the numbered steps with their commands."""
    from .inputs.model import SELF

    values = {"folder": shell_path(folder), "year": year, "framework": framework.id, "self": SELF}
    groups = ", ".join(f"{key} = {group.name}" for key, group in framework.groups.items())
    units = _UNITS_LISTED if listed else _UNITS_EXAMPLE
    lines = [f"# {gettext(_TITLE, lang).format(**values)}", "", gettext(_INTRO, lang).format(**values), ""]
    for number, (title, before, commands, after) in enumerate(_STEPS, start=1):
        lines += [f"## {number}. {gettext(title, lang)}", ""]
        if number == 1:
            lines += [gettext(units, lang).format(groups=groups), ""]
        if before:
            lines += [gettext(before, lang).format(**values), ""]
        lines += ["```", *(command.format(**values) for command in commands), "```", ""]
        if after:
            lines += [gettext(after, lang).format(**values), ""]
    return lines


def guide_text(folder: Path, year: int, framework: Framework, listed: bool) -> str:
    """HUONG-DAN.md: the Vietnamese guide, then its English twin."""
    lines = guide_section(folder, year, framework, listed, "vi") + ["---", ""]
    lines += guide_section(folder, year, framework, listed, "en")
    return "\n".join(lines).rstrip("\n") + "\n"
