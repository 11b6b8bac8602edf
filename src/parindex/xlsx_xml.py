"""A workbook part's XML streamed through defusedxml (no DTD, no entity), and the shared strings.

Why streamed: no element tree is built and a run of bytes in which nothing ends (a 500 MB text)
is refused after a few MB, so a hostile part costs bounded time and memory.
"""

from __future__ import annotations

import zipfile
from typing import Any

from defusedxml.ElementTree import DefusedXMLParser

from . import limits
from .numbers import count_text
from .problems import Problem, Words
from .xlsx_book import TooLarge
from .xlsx_values import clean_text

#: Bytes of XML read without one element ending: a cell of Excel's largest text, every character
#: written as a 6-byte entity, fits eight times; only a hostile or broken part goes beyond.
_MAX_XML_BYTES_PER_ELEMENT = 8 * 6 * limits.MAX_CELL_CHARS
#: Bytes of a part handed to the XML parser at a time.
_CHUNK = 64 * 1024


class Stop(Exception):
    """Raised by a parse target to end the parse early (a limit reached; the target holds the problem)."""


class Target:
    """A defusedxml parse target: it sees each element start and end and the text between.

    Why a target and not ``iterparse``: no element tree is built, a text is collected only where a
    value lives (<v>, <t>), and the per-element cost stays at one Python call; a large sheet reads
    in about a quarter of iterparse's time (figures in benchmarks/README.md). ``ends`` counts
    element ends, which lets the feed loop refuse a run of bytes in which nothing ends (a 500 MB
    text) after a few MB.
    """

    def __init__(self) -> None:
        self.ends = 0
        self.names: dict[str, str] = {}

    def local(self, tag: str) -> str:
        """The tag without its namespace (Excel's main namespace, or the strict one)."""
        name = self.names.get(tag)
        if name is None:
            name = self.names[tag] = tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
        return name


def parse_part(archive: zipfile.ZipFile, part: str, target: Any, quiet_limit: Problem) -> None:
    """Feed PART to defusedxml in chunks (no DTD, no entity, no external reference is allowed)."""
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    quiet = 0
    with archive.open(part) as source:
        while chunk := source.read(_CHUNK):
            ends = target.ends
            try:
                parser.feed(chunk)
            except Stop:
                return
            quiet = quiet + len(chunk) if target.ends == ends else 0
            if quiet > _MAX_XML_BYTES_PER_ELEMENT:
                raise TooLarge(quiet_limit)
    parser.close()


class _Strings(Target):
    """The shared strings: each <si>'s text, its own <t> or its runs' (phonetic guides left out)."""

    def __init__(self, too_long: Problem) -> None:
        super().__init__()
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.collect = False
        self.phonetic = 0
        self.length = 0
        self.too_long = too_long

    def start(self, tag: str, _attrib: dict[str, str]) -> None:
        name = self.local(tag)
        if name == "t":
            self.collect = not self.phonetic
        elif name == "rPh":
            self.phonetic += 1
        elif name == "si":
            self.parts, self.length = [], 0

    def data(self, text: str) -> None:
        if self.collect:
            self.parts.append(text)
            self.length += len(text)
            if self.length > limits.MAX_CELL_CHARS:
                raise TooLarge(self.too_long)

    def end(self, tag: str) -> None:
        self.ends += 1
        name = self.local(tag)
        if name == "t":
            self.collect = False
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "si":
            self.strings.append(clean_text("".join(self.parts)))

    def close(self) -> None:
        return None


def shared_strings(archive: zipfile.ZipFile, part: str, label: str) -> list[str]:
    """The workbook's shared texts, streamed; a text longer than a cell holds stops the read at once."""
    detail = Words(
        en="a text in the workbook is longer than a cell holds", vi="một đoạn văn bản trong tệp dài hơn một ô"
    )
    target = _Strings(Problem("too-large", label, params={"detail": detail, "expected": cell_limit()}))
    parse_part(archive, part, target, target.too_long)
    return target.strings


def cell_limit() -> Words:
    count = limits.MAX_CELL_CHARS
    return Words(
        en=f"{count_text(count, 'en')} characters in a cell", vi=f"{count_text(count, 'vi')} ký tự trong một ô"
    )
