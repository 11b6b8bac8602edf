"""`parindex init`: a new assessment folder, ready for the year's first step.

Why: an officer starting a year used to copy last year's folder and edit it, or write parindex.toml
from the README; `validate` on an empty folder then pointed at the very file that was missing. This
writes the three files a year starts with, each meant to be read by a person:

- ``parindex.toml``: the year and the framework, every key explained in Vietnamese and English;
- ``units.csv``: the framework's own list of the province's units when it has one (a ``units.csv``
  beside its ``framework.toml``), each row with a note saying what to check; otherwise a header and
  one example row to replace;
- ``HUONG-DAN.md``: the steps of the year with the exact commands (see :mod:`parindex.year_guide`).

It never touches an assessment that exists (a parindex.toml, a units table or any score file): the
mistake to prevent is starting "a new year" over last year's folder. The files are written all or
nothing: a failure removes what this run wrote, and the folder when this run made it.
"""

from __future__ import annotations

import csv
import datetime
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .framework import Framework, available_frameworks, load_framework
from .i18n import N_, both, gettext, resolve_lang
from .inputs.model import CONFIG, RESPONSES_FILE, SCORE_FILES, SELF, UNITS
from .problems import ParindexError, Words
from .readers import find_table
from .writing import cannot_write, check_output_path, outermost_missing, write_text
from .year_guide import GUIDE_NAME, guide_text

#: The framework a new assessment uses unless told otherwise.
DEFAULT_FRAMEWORK = "lai-chau-1726-2022"
#: The file of a framework folder that lists the province's units (copied into units.csv by init).
ROSTER_FILE = "units.csv"
#: The years init accepts: a typo such as 226 or 20226 is refused rather than written.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class InitError(ParindexError):
    """A folder init must not touch, or a reference it cannot use (the CLI exits 2)."""

    def __init__(self, words: Words) -> None:
        self.words = words
        super().__init__(words.en)

    def text(self, lang: str) -> str:
        return self.words.text(lang)


@dataclass(frozen=True)
class RosterUnit:
    """One row of a framework's unit list; CONFIRMED False: the province probably assesses it."""

    unit_id: str
    name: str
    group: str
    ranked: bool = True
    confirmed: bool = True


def _tr(message: str, lang: str, **values: object) -> str:
    return gettext(message, lang).format(**values)


def existing_assessment(folder: Path) -> list[Path]:
    """The files of FOLDER that make it an assessment already (config, units, any score file or folder)."""
    found = [folder / CONFIG] if (folder / CONFIG).exists() else []
    for stem in (UNITS, *SCORE_FILES, RESPONSES_FILE):
        found += find_table(folder, stem)
    found += [p for p in (folder / SELF,) if p.is_dir() and any(p.iterdir())]
    guide = folder / GUIDE_NAME
    return found + ([guide] if guide.exists() else [])


def framework_reference(ref: str, folder: Path) -> str:
    """What parindex.toml says for REF: a bundled id as is, a framework folder relative to FOLDER.

    An unknown REF is an InitError naming the bundled frameworks.
    """
    path = Path(ref)
    try:
        is_folder = (path / "framework.toml").is_file()
    except (OSError, ValueError):
        is_folder = False
    if is_folder:
        try:
            return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()
        except ValueError:  # another drive (Windows): no relative path
            return path.resolve().as_posix()
    if ref in available_frameworks():
        return ref
    known = ", ".join(available_frameworks())
    message = N_("unknown framework '{ref}': give a bundled one ({known}) or a folder that holds framework.toml.")
    raise InitError(Words(*both(message, ref=ref, known=known)))


def check_year(year: int | str | None) -> int:
    """YEAR as a number (the current year when None); a text or an unlikely year is an InitError."""
    if year is None:
        return datetime.date.today().year
    text = str(year).strip()
    if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    message = N_("--year must be a year from {first} to {last} (got '{year}').")
    raise InitError(Words(*both(message, first=FIRST_YEAR, last=LAST_YEAR, year=text)))


def read_roster(framework: Framework) -> list[RosterUnit] | None:
    """The framework's list of units (None when it has none); a row of an unknown group is an InitError.

    The list is parindex's own data shipped beside a framework, so it is read plainly: comment
    lines start with ``#``; columns unit_id, name, group, ranked (yes/no), confirmed (yes/no).
    """
    path = framework.folder / ROSTER_FILE
    if not path.is_file():
        return None
    lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if not line.startswith("#")]
    units = []
    for row in csv.DictReader(lines):
        group = (row.get("group") or "").strip()
        if group not in framework.groups:
            message = N_("{path}: group '{group}' is not a group of the framework ({groups}).")
            raise InitError(Words(*both(message, path=path, group=group, groups=", ".join(framework.groups))))
        units.append(
            RosterUnit(
                (row.get("unit_id") or "").strip(),
                (row.get("name") or "").strip(),
                group,
                (row.get("ranked") or "yes").strip().lower() != "no",
                (row.get("confirmed") or "yes").strip().lower() != "no",
            )
        )
    return units


@dataclass(frozen=True)
class Setup:
    """What init writes: the folder, the year, the framework and how parindex.toml names it."""

    folder: Path
    year: int
    framework: Framework
    reference: str
    roster: list[RosterUnit] | None


def prepare(folder: str | os.PathLike[str], framework: str = DEFAULT_FRAMEWORK, year: int | str | None = None) -> Setup:
    """Every check init makes before writing anything (InitError, or InvalidInput for a broken framework)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InitError(Words(*both(N_("{folder} is a file; give a folder for the new assessment."), folder=folder)))
    taken = existing_assessment(folder) if folder.is_dir() else []
    if taken:
        message = N_(
            "{folder} already holds an assessment ({files}); nothing was changed. Start the new year in a new folder."
        )
        raise InitError(Words(*both(message, folder=folder, files=", ".join(p.name for p in taken))))
    checked_year = check_year(year)
    reference = framework_reference(framework, folder)
    # a folder as validate will load it (its files inside it), from where it is: FOLDER may not exist yet
    loaded = load_framework(reference if reference == framework else Path(framework).resolve())
    return Setup(folder, checked_year, loaded, reference, read_roster(loaded))


def init_assessment(
    folder: str | os.PathLike[str],
    framework: str = DEFAULT_FRAMEWORK,
    year: int | str | None = None,
    lang: str = "vi",
) -> list[Path]:
    """Write a new assessment folder (parindex.toml, units.csv, HUONG-DAN.md, self-assessment/).

    Returns the paths written. Raises InitError (a folder that holds an assessment, an unknown
    framework, a bad year), InvalidInput (a framework that does not load) or OutputError (a path
    that cannot be written). On any failure nothing this call wrote is left behind.
    """
    setup = prepare(folder, framework, year)
    files = {
        setup.folder / CONFIG: config_text(setup),
        setup.folder / f"{UNITS}.csv": units_text(setup, lang),
        setup.folder / GUIDE_NAME: guide_text(setup.folder, setup.year, setup.framework, setup.roster is not None),
    }
    return _write_all(setup.folder, files)


def _write_all(folder: Path, files: dict[Path, str]) -> list[Path]:
    """Write FILES (path: text) into FOLDER, made if missing; on failure remove what was written."""
    made = outermost_missing(folder)
    written: list[Path] = []
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / SELF).mkdir(exist_ok=True)
        except OSError as exc:
            raise cannot_write(folder, exc) from exc
        written.append(folder / SELF)
        for path, text in files.items():
            check_output_path(path, [], future_inputs=False)
            write_text(path, text)
            written.append(path)
    except BaseException:
        for path in reversed(written):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        if made is not None:  # the outermost folder made holds the others
            shutil.rmtree(made, ignore_errors=True)
        raise
    return [p for p in written if p.is_file()] + [folder / SELF]


# -- parindex.toml ------------------------------------------------------------------------------
_CONFIG_HEAD = (
    N_("PAR Index assessment {year}: the settings of this folder (see HUONG-DAN.md for the steps)."),
    N_("Written by 'parindex init'; a line starting with # is a comment."),
)
_CONFIG_YEAR = N_("year: the year assessed (the results are published the year after).")
_CONFIG_FRAMEWORK = (
    N_("framework: the criteria framework; a bundled id (see 'parindex criteria') or a framework folder,"),
    N_("relative to this file, e.g. \"../my-1726\" for the signed tables (README, 'Replacing the framework')."),
)
_CONFIG_PUBLICATION = (
    N_("The results decision, for 'parindex export' and 'parindex report' (optional): remove the # once"),
    N_("it is numbered and signed."),
)


def _comment(*messages: str, **values: object) -> list[str]:
    """Comment lines: each message in Vietnamese, then each in English."""
    return [f"# {_tr(m, lang, **values)}" for lang in ("vi", "en") for m in messages]


def config_text(setup: Setup) -> str:
    """parindex.toml: year and framework, commented in both languages; loads as config.py reads it."""
    reference = setup.reference.replace("\\", "\\\\").replace('"', '\\"')
    lines = [
        *_comment(*_CONFIG_HEAD, year=setup.year),
        "",
        *_comment(_CONFIG_YEAR),
        f"year = {setup.year}",
        "",
        *_comment(*_CONFIG_FRAMEWORK),
        f'framework = "{reference}"',
        "",
        *_comment(*_CONFIG_PUBLICATION),
        "# [publication]",
        '# decision = "…/QĐ-UBND"',
        f"# date = {setup.year + 1}-05-15",
        '# issuer = "UBND tỉnh …"',
        "",
    ]
    return "\n".join(lines)


# -- units.csv ------------------------------------------------------------------------------------
#: The header units.csv is written with: Vietnamese names officers use, or the English ones (both read back).
UNIT_HEADERS = {
    "vi": ("Mã đơn vị", "Tên đơn vị", "Nhóm", "Xếp hạng", "Ghi chú"),
    "en": ("unit_id", "name", "group", "ranked", "note"),
}
_YES_NO = {"vi": ("có", "không"), "en": ("yes", "no")}
_CHECK = N_(
    "To check: from the unit list of {source}; correct the name or id if it changed, delete the row if the unit "
    "is not assessed this year."
)
_UNCONFIRMED = N_("Not confirmed: provinces usually assess this unit; delete the row if it is not assessed this year.")
_EXAMPLE_NAME = N_("Example unit (replace this row)")
_EXAMPLE_NOTE = N_("Example: replace it with the units assessed, one row each; group is one of: {groups}.")
_SOURCE = N_("the framework {framework}")


def units_text(setup: Setup, lang: str) -> str:
    """units.csv: the framework's units marked for checking, or a header and one example row."""
    import io

    from .output import safe_cell

    lang = resolve_lang(lang)
    yes, no = _YES_NO[lang]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(UNIT_HEADERS[lang])
    if setup.roster is None:
        groups = ", ".join(setup.framework.groups)
        first = next(iter(setup.framework.groups))
        note = _tr(_EXAMPLE_NOTE, lang, groups=groups)
        writer.writerow(["DV1", _tr(_EXAMPLE_NAME, lang), first, yes, note])
        return buffer.getvalue()
    source = _tr(_SOURCE, lang, framework=setup.framework.id)
    for unit in setup.roster:
        note = _tr(_CHECK, lang, source=source) if unit.confirmed else _tr(_UNCONFIRMED, lang)
        cells = [unit.unit_id, unit.name, unit.group, yes if unit.ranked else no, note]
        writer.writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()
