"""User text is text: how a name, note or file name from the input is shown safely by each renderer.

Why: a unit called ``Sở Tài chính [cũ]`` lost its ``[cũ]`` in rich tables, ``[/x]`` in a score made
a command exit 3, ``:x:`` became an emoji, ``$x^$`` crashed the HTML report's charts (matplotlib
math text) and an ESC byte in a note reached the terminal raw, where it recolours or rewrites what
the officer reads. Each renderer gets one function here, and every view passes user text through
it: :func:`markup` for rich, :func:`visible` for charts, HTML and workbooks (charts are drawn with
math parsing off, see ``html_report``), :func:`shorten` where a long text would swamp a message.
"""

from __future__ import annotations

#: Control characters that move the cursor, recolour the terminal or reorder what is shown: C0 (but
#: tab and line feed, which tables lay out), DEL, C1, and the bidirectional overrides and isolates
#: ("Trojan source"). Each is shown as its escape (``\x1b``), so the text stays readable and exact.
_KEEP = {"\t", "\n"}
_CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))]
_VISIBLE = str.maketrans(
    {c: (f"\\x{ord(c):02x}" if ord(c) <= 0xFF else f"\\u{ord(c):04x}") for c in _CONTROLS if c not in _KEEP}
)

#: Characters of a long text kept by :func:`shorten` (a 5,000-character title or path stays readable).
SHORT_LIMIT = 200


def visible(value: object) -> str:
    """VALUE as text with every control character written as its escape (``\\x1b``), never raw."""
    return ("" if value is None else str(value)).translate(_VISIBLE)


def markup(value: object) -> str:
    """VALUE for a rich markup string: control characters made visible, ``[`` tags escaped.

    Emoji codes (``:x:``) are left to the console: parindex's consoles are built with
    ``emoji=False`` (``cli.common``), so they print as typed.
    """
    from rich.markup import escape

    return escape(visible(value))


def shorten(value: object, limit: int = SHORT_LIMIT, *, within: bool = False) -> str:
    """VALUE cut to LIMIT characters, with '…' when it was longer (no words: it goes into either language).

    WITHIN counts the '…' in LIMIT, for a list of values that must line up at LIMIT characters. The one
    way parindex cuts a user's text, so every message and view cuts alike.
    """
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - within] + "…"


def counted(n: int, noun: str) -> str:
    """``1 group``, ``2 groups``: a count in the English of the library's ``repr``s (read by programmers)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
