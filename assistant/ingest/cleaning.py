"""Cleaning with an offset map: every cleaned character remembers its raw offset.

Cleaning never edits the source. It builds the cleaned text piece by piece next to a list of
raw offsets, so any cleaned span maps back to a verbatim raw span for quoting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import BULLET_MARKS

# One alternation, tried left to right at each position of a line.
_INLINE = re.compile(
    r"(?P<link>\[(?P<ltext>[^\]\n]*)\]\((?P<lurl>[^)\s]*)\))"
    r"|(?P<auto><(?P<aurl>(?:https?://|www\.|mailto:)[^>\s]+)>)"
    r"|(?P<tag></?(?:u|b|i|em|strong|span|sup|sub|br)\s*/?>)"
    r"|(?P<latex>\\[a-zA-Z]+\{)"
    r"|(?P<escape>\\+(?=[^\w\s]|_))"
    r"|(?P<stars>\*+)",
    re.IGNORECASE,
)
_MARKS = re.escape(BULLET_MARKS)
_BULLET = re.compile(rf"^(?:[{_MARKS}>]\s+|[{_MARKS}](?=\S))+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_CHAR_MAP = {
    "\u2019": "'",
    "\u2018": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00a0": " ",
    "\t": " ",
    "\u2003": " ",
    "\u2002": " ",
    "\u200b": "",
    "\ufeff": "",
    "\uf0b7": "",
    "\uf0a7": "",
}


@dataclass(frozen=True)
class MappedText:
    """Cleaned text and, for each of its characters, the offset of its raw source character."""

    text: str
    raw: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.raw):
            raise ValueError("text and raw map differ in length")

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The tight raw span (min, max+1) covering cleaned characters start:end."""
        if start >= end:
            raise ValueError("empty span")
        offsets = self.raw[start:end]
        return min(offsets), max(offsets) + 1

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.raw[start:end])

    def strip(self) -> MappedText:
        text = self.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return self.slice(start, max(start, end))


class MappedBuilder:
    """Builds a MappedText piece by piece; whitespace runs collapse to one space."""

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._raw: list[int] = []

    def __len__(self) -> int:
        return len(self._chars)

    def add(self, text: str, raw_start: int) -> None:
        """Append `text`, verbatim raw text starting at `raw_start`, normalising characters."""
        for i, ch in enumerate(text):
            self.add_char(_CHAR_MAP.get(ch, ch), raw_start + i)

    def add_mapped(self, other: MappedText) -> None:
        for ch, pos in zip(other.text, other.raw, strict=True):
            self.add_char(ch, pos)

    def add_char(self, ch: str, raw_pos: int) -> None:
        """Append `ch` (empty to drop) standing for the raw character at `raw_pos`."""
        if not ch:
            return
        if ch.isspace():
            if not self._chars or self._chars[-1] == " ":
                return
            ch = " "
        self._chars.append(ch)
        self._raw.append(raw_pos)

    def add_space(self, raw_pos: int) -> None:
        self.add_char(" ", raw_pos)

    def build(self) -> MappedText:
        while self._chars and self._chars[-1] == " ":
            self._chars.pop()
            self._raw.pop()
        return MappedText("".join(self._chars), tuple(self._raw))


@dataclass(frozen=True)
class LineMarks:
    """What the start of a line says: a bullet, a markdown heading level, or nothing."""

    content_start: int
    bullet: bool = False
    heading_level: int = 0


def line_marks(source: str, start: int, end: int, markdown: bool) -> LineMarks:
    """Find where a line's content starts after indentation, a bullet or `#` markers."""
    pos = start
    while pos < end and source[pos] in " \t\u00a0\u2003\u2002\uf0b7\uf0a7":
        pos += 1
    line = source[pos:end]
    if markdown:
        heading = _MD_HEADING.match(line)
        if heading:
            return LineMarks(pos + heading.end(), heading_level=len(heading.group(1)))
    bullet = _BULLET.match(line)
    if bullet and bullet.end() < len(line):
        return LineMarks(pos + bullet.end(), bullet=True)
    return LineMarks(pos)


def clean_into(out: MappedBuilder, source: str, start: int, end: int) -> None:
    """Append the cleaned form of raw `source[start:end]` (one line or cell) to `out`."""
    pos = start
    open_braces = 0
    while pos < end:
        match = _INLINE.search(source, pos, end)
        stop = match.start() if match else end
        open_braces = _add_plain(out, source, pos, stop, open_braces)
        if not match:
            break
        kind = match.lastgroup
        if kind == "link":
            text_start, text_end = match.span("ltext")
            if source[text_start:text_end].strip():
                clean_into(out, source, text_start, text_end)
            elif match.group("lurl") not in ("", "#"):
                out.add(match.group("lurl"), match.start("lurl"))
        elif kind == "auto":
            out.add(match.group("aurl"), match.start("aurl"))
        elif kind == "latex":
            open_braces += 1
        elif (
            kind == "stars"
            and len(match.group()) == 1
            and _spaced(source, *match.span(), start, end)
        ):
            out.add(match.group(), match.start())
        pos = match.end()


def _add_plain(out: MappedBuilder, source: str, pos: int, stop: int, open_braces: int) -> int:
    """Plain text between markup; drops the closing brace of a LaTeX command."""
    for i in range(pos, stop):
        ch = source[i]
        if ch == "}" and open_braces:
            open_braces -= 1
            continue
        out.add_char(_CHAR_MAP.get(ch, ch), i)
    return open_braces


def _spaced(source: str, a: int, b: int, lo: int, hi: int) -> bool:
    before = source[a - 1] if a > lo else ""
    after = source[b] if b < hi else ""
    return before.isspace() and after.isspace()


def clean_span(source: str, start: int, end: int) -> MappedText:
    """Clean raw `source[start:end]`, joining its lines with single spaces."""
    out = MappedBuilder()
    clean_into(out, source, start, end)
    return out.build()


def normalise_for_compare(text: str) -> str:
    """Lower-case words only: for duplicate detection and loose comparisons."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
