"""Maintain the message catalogue with Babel (a development tool, in the ``test`` extra).

    python -m parindex.i18n_tools extract   # the marked strings of the source -> locale/parindex.pot
    python -m parindex.i18n_tools update    # merge them into locale/vi/LC_MESSAGES/parindex.po
    python -m parindex.i18n_tools compile   # parindex.po -> parindex.mo (shipped in the wheel)
    python -m parindex.i18n_tools check     # exit 1 if a string has no Vietnamese or the .mo is stale

After editing a message in the source: ``update``, translate the new or fuzzy entries in the .po,
then ``compile``. tests/test_i18n.py runs the same checks, so a forgotten step fails the tests.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import DOMAIN, LOCALE_DIR

if TYPE_CHECKING:  # pragma: no cover
    from babel.messages.catalog import Catalog

SOURCE_DIR = Path(__file__).parent
POT = LOCALE_DIR / f"{DOMAIN}.pot"
LANGS = ("vi",)
#: Babel keyword specs: _(msg, lang), ngettext(singular, plural, n, lang), pgettext(context, msg, lang)
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def extract() -> Catalog:
    """Every marked string of the package's Python source, with where it is used."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="parindex", domain=DOMAIN, charset="utf-8")
    found = extract_from_dir(
        str(SOURCE_DIR), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    )
    for filename, lineno, message, comments, context in found:
        if filename.startswith("i18n"):  # the definitions of _(), N_(), … themselves
            continue
        catalog.add(message, None, [(f"src/parindex/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def read_po(path: Path) -> Catalog:
    from babel.messages.pofile import read_po as _read_po

    with path.open("rb") as handle:
        return _read_po(handle)


def write_po(catalog: Catalog, path: Path) -> None:
    from babel.messages.pofile import write_po as _write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        _write_po(handle, catalog, width=120, include_lineno=False)  # no line numbers: no churn on every edit


def compiled(catalog: Catalog) -> bytes:
    """The .mo bytes of CATALOG (fuzzy entries left out, as gettext wants)."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def untranslated(template: Catalog, catalog: Catalog) -> list[str]:
    """The msgids of TEMPLATE with no (or only a fuzzy) translation in CATALOG."""
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        strings = found.string if found is not None else None
        forms = strings if isinstance(strings, tuple) else (strings,)
        if found is None or found.fuzzy or not all(forms):
            missing.append(str(message.id))
    return missing


def mo_is_current(lang: str) -> bool:
    """Whether the shipped .mo holds exactly the translations of the .po."""
    from babel.messages.mofile import read_mo

    with mo_path(lang).open("rb") as handle:
        shipped = read_mo(handle)
    source = read_po(po_path(lang))

    def frozen(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    def pairs(catalog: Catalog) -> set[tuple[object, object, object]]:
        return {(frozen(m.id), m.context, frozen(m.string)) for m in catalog if m.id and m.string and not m.fuzzy}

    return pairs(shipped) == pairs(source)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    template = extract()
    if command == "extract":
        write_po(template, POT)
    elif command == "update":
        write_po(template, POT)
        for lang in LANGS:
            catalog = read_po(po_path(lang))
            created = catalog.creation_date  # unchanged: no merge conflict from the header alone
            catalog.update(template, no_fuzzy_matching=True)
            catalog.creation_date = created
            write_po(catalog, po_path(lang))
    elif command == "compile":
        for lang in LANGS:
            mo_path(lang).write_bytes(compiled(read_po(po_path(lang))))
    elif command == "check":
        failed = False
        for lang in LANGS:
            for msgid in untranslated(template, read_po(po_path(lang))):
                print(f"{lang}: no translation: {msgid!r}")
                failed = True
            if not mo_is_current(lang):
                print(f"{lang}: {mo_path(lang)} is not the compiled .po: run 'compile'")
                failed = True
        return 1 if failed else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
