"""Every word a user sees, in Vietnamese (the default) and English, from one gettext catalogue.

The source holds the English text (the msgid), wrapped in ``_()``/``ngettext()``/``pgettext()``
where it is used, or in ``N_()``/``NP_()`` where it is only declared (a table of labels, a help
text) and translated later. The Vietnamese forms live in ``locale/vi/LC_MESSAGES/parindex.po``,
compiled to ``parindex.mo`` and shipped in the wheel. Why gettext: translators edit one ``.po``
file with ordinary tools, a test (tests/test_i18n.py) checks with Babel that every marked string
has its Vietnamese form and that the shipped ``.mo`` is the compiled ``.po``, and the runtime
needs only the standard library (loading a ``.mo`` is cheap, so ``parindex --help`` stays
instant). Babel is a development tool: see ``python -m parindex.i18n_tools``.

One rule decides the language, :func:`resolve_lang`: the ``lang`` argument of a call (library
functions take one), else the language the CLI set from ``--lang`` (:func:`set_lang`), else
``$PARINDEX_LANG``, else ``vi`` (:data:`DEFAULT_LANG`). A value that is not a language (``fr``, in
the argument or in ``$PARINDEX_LANG``) is :class:`UnknownLang`, a ValueError, in the library; the CLI
reports it as a usage error (exit 2) before running anything. Why not fall back silently: a typo
such as ``PARINDEX_LANG=eng`` gave Vietnamese tables to a user who asked for English.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Literal

DOMAIN = "parindex"
LOCALE_DIR = Path(__file__).parent / "locale"
#: A language parindex speaks: every word a user sees exists in both.
Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
#: Vietnamese first: the users' working language, wherever no language was asked for.
DEFAULT_LANG: Lang = "vi"

_current: Lang | None = None


def normalize_lang(lang: str | None) -> Lang | None:
    """'vi'/'en' from any case and spacing ('EN', ' vi '); None for anything else."""
    if lang is None:
        return None
    folded = lang.strip().lower()
    return "vi" if folded == "vi" else "en" if folded == "en" else None


class UnknownLang(ValueError):
    """A language parindex does not speak, asked for by a caller or by $PARINDEX_LANG.

    ``str()`` is English (library users, logs); the CLI words it from the catalogue (cli/language.py).
    """

    def __init__(self, value: str, source: str = "lang") -> None:
        self.value = value
        self.source = source
        super().__init__(f"{source}={value!r} is not a language parindex speaks: use 'vi' or 'en'")


def env_lang() -> Lang:
    """The language of $PARINDEX_LANG, else Vietnamese; UnknownLang when it names another language."""
    value = os.environ.get("PARINDEX_LANG")
    if value is None or not value.strip():
        return DEFAULT_LANG
    lang = normalize_lang(value)
    if lang is None:
        raise UnknownLang(value, "PARINDEX_LANG")
    return lang


def current_lang() -> Lang:
    """The language the CLI chose for this run, else $PARINDEX_LANG, else 'vi'."""
    return _current or env_lang()


def resolve_lang(value: str | None = None) -> Lang:
    """The one language rule: VALUE ('vi'/'en', any case), else the run's language, else $PARINDEX_LANG, else 'vi'.

    Every function that takes a ``lang`` resolves it here, so ``lang=None`` means the same
    everywhere: the documented default, Vietnamese, unless the user chose English.
    Raises UnknownLang (a ValueError) for any other value.
    """
    if value is None:
        return current_lang()
    lang = normalize_lang(value)
    if lang is None:
        raise UnknownLang(value)
    return lang


def set_lang(lang: str | None) -> str | None:
    """Make LANG the language of this run (None: back to $PARINDEX_LANG); returns the previous setting."""
    global _current
    previous, _current = _current, normalize_lang(lang)
    return previous


def lang_from_args(args: Sequence[str]) -> Lang | None:
    """The value of ``--lang X`` or ``--lang=X`` anywhere in ARGS (before ``--``), if it is a language.

    Why: the CLI's help texts are built before click parses anything, and ``--lang`` may come
    before or after the command name; an invalid value is left for click to report.
    """
    found: Lang | None = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = normalize_lang(args[i + 1]) or found
        elif arg.startswith("--lang="):
            found = normalize_lang(arg.partition("=")[2]) or found
    return found


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalogue of LANG (English is the source text: no catalogue needed)."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _lang(lang: str | None) -> str:
    return resolve_lang(lang)


def gettext(message: str, lang: str | None = None) -> str:
    """MESSAGE (English) in LANG (default: the current language)."""
    return translations(_lang(lang)).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The singular or plural form for N, in LANG."""
    return translations(_lang(lang)).ngettext(singular, plural, n)


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    """MESSAGE in LANG where the same English word needs another translation in CONTEXT."""
    return translations(_lang(lang)).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention, known to Babel
    """Mark MESSAGE for the catalogue without translating it yet (it is translated where shown)."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:  # noqa: N802 - the gettext convention
    """Mark MESSAGE in CONTEXT for the catalogue; translate later with :func:`translate`."""
    return (context, message)


Msg = str | tuple[str, str]


def translate(message: Msg, lang: str | None = None) -> str:
    """A message marked with N_ (a string) or NP_ (context, string), in LANG."""
    if isinstance(message, tuple):
        return pgettext(message[0], message[1], lang)
    return gettext(message, lang)


def both(message: Msg, **params: object) -> tuple[str, str]:
    """MESSAGE (marked with N_/NP_) in English and in Vietnamese, each formatted with PARAMS.

    Why: an error raised before the language is known (an OutputError, a detail of a problem)
    carries both forms (``problems.Words(*both(...))``); the words still come from the catalogue.
    """
    english = translate(message, "en").format(**params)
    return english, translate(message, "vi").format(**params)


class Texts(Mapping[str, dict[str, str]]):
    """A table of marked messages read as ``TEXT[lang][key]``: the shape the views always used.

    Why: the views, the HTML report and the workbooks look their words up as ``TEXT[lang]["mean"]``;
    keeping that shape keeps their code unchanged while the words come from the catalogue.
    """

    def __init__(self, messages: Mapping[str, Msg]) -> None:
        self.messages = dict(messages)
        self._cache: dict[str, dict[str, str]] = {}

    def __getitem__(self, lang: str) -> dict[str, str]:
        """The table in LANG, translated once (views look it up per row of national-scale tables)."""
        lang = resolve_lang(lang)
        if lang not in self._cache:
            self._cache[lang] = {key: translate(message, lang) for key, message in self.messages.items()}
        return self._cache[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)


class TextList(Mapping[str, list[str]]):
    """A list of marked messages read as ``LIST[lang]`` (headers, numbered steps)."""

    def __init__(self, messages: Sequence[Msg]) -> None:
        self.messages = list(messages)

    def __getitem__(self, lang: str) -> list[str]:
        lang = resolve_lang(lang)
        return [translate(message, lang) for message in self.messages]

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)


def template_regex(template: str) -> re.Pattern[str]:
    """A regex matching TEMPLATE's output ('No such option: {name}' → 'No such option: (?P<name>.+)')."""
    parts = re.split(r"\{(\w+)(?:![rs])?\}", template)
    pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(pattern + r"\Z", re.DOTALL)


def retranslate(text: str, templates: Sequence[str], lang: str | None = None) -> str:
    """TEXT, produced in English by another library from one of TEMPLATES, put in LANG.

    Why: click (vendored by typer) writes its usage errors in English f-strings, without gettext;
    the templates are in the catalogue, so the same words are matched back and translated.
    """
    if _lang(lang) == "en":
        return text
    for template in templates:
        match = template_regex(template).match(text)
        if match:  # the parts may be English click text themselves ("'x' is not one of …")
            parts = {key: retranslate(value, templates, lang) for key, value in match.groupdict().items()}
            return gettext(template, lang).format(**parts)
    return text
