"""From raw text to paragraphs: blank-line blocks, list items, tables, markdown headings.

Every paragraph keeps its cleaned text with the raw offsets of each character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest.cleaning import MappedBuilder, MappedText, clean_into, line_marks

_NEW_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[a-z]\))\s")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
Line = tuple[int, int]  # (start, end) of a line without its newline


@dataclass
class Para:
    """A paragraph. `segments` are (joiner, text) pieces; most paragraphs have one."""

    kind: str  # "text" | "item" | "heading" | "table"
    segments: list[tuple[str, MappedText]]
    level: int = 0  # markdown heading level
    atomic: bool = False  # keep all its sentences in one chunk
    joiner: str = "\n\n"  # what goes before it inside a chunk
    lines: int = 1
    tags: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return "".join(j + m.text for j, m in self.segments).strip()

    @property
    def mapped(self) -> MappedText:
        out = MappedBuilder()
        for i, (joiner, part) in enumerate(self.segments):
            if i and part.raw:
                for ch in joiner:
                    out.add_char(ch, part.raw[0])
            out.add_mapped(part)
        return out.build()


def read_blocks(source: str) -> list[list[Line]]:
    """Runs of non-blank lines. The last line counts even without a final newline."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    pos = 0
    length = len(source)
    while pos <= length:
        nl = source.find("\n", pos)
        end = length if nl < 0 else nl
        stop = end - 1 if end > pos and source[end - 1] == "\r" else end
        if source[pos:stop].strip():
            current.append((pos, stop))
        elif current:
            blocks.append(current)
            current = []
        if nl < 0:
            break
        pos = nl + 1
    if current:
        blocks.append(current)
    return blocks


def block_paras(source: str, lines: list[Line], markdown: bool) -> list[Para]:
    """Split one block into paragraphs: a table, or list items, headings and text."""
    if markdown and _is_pipe_table(source, lines):
        return pipe_table_paras(source, lines)
    if _is_table(source, lines):
        return table_paras(source, lines)
    paras: list[Para] = []
    current: MappedBuilder | None = None
    kind = "text"
    count = 0
    for start, end in lines:
        marks = line_marks(source, start, end, markdown)
        if marks.heading_level:
            _flush(paras, current, kind, count)
            out = MappedBuilder()
            clean_into(out, source, marks.content_start, end)
            paras.append(Para("heading", [("", out.build())], level=marks.heading_level))
            current = None
            continue
        fresh = marks.bullet or _NEW_ITEM.match(source[marks.content_start : end])
        if current is None or fresh:
            _flush(paras, current, kind, count)
            current = MappedBuilder()
            kind = "item" if marks.bullet else "text"
            count = 0
        else:
            current.add_space(start)
        clean_into(current, source, marks.content_start, end)
        count += 1
    _flush(paras, current, kind, count)
    return paras


def _flush(paras: list[Para], current: MappedBuilder | None, kind: str, count: int) -> None:
    if current is None:
        return
    text = current.build()
    if text.text:
        paras.append(Para(kind, [("", text)], lines=count))


def _is_table(source: str, lines: list[Line]) -> bool:
    tabbed = sum(1 for s, e in lines if "\t" in source[s:e].strip(" \u00a0"))
    return tabbed >= 2 and tabbed * 2 >= len(lines)


def _cells(source: str, start: int, end: int) -> list[MappedText]:
    cells: list[MappedText] = []
    pos = start
    while pos <= end:
        tab = source.find("\t", pos, end)
        stop = end if tab < 0 else tab
        out = MappedBuilder()
        clean_into(out, source, pos, stop)
        cells.append(out.build())
        if tab < 0:
            break
        pos = tab + 1
    return cells


def table_paras(source: str, lines: list[Line]) -> list[Para]:
    """Rows become paragraphs kept whole; a "includes / does not include" table goes by column."""
    rows = [_cells(source, s, e) for s, e in lines]
    header = [c for c in rows[0] if c.text]
    if len(header) >= 2 and all(c.text.endswith(":") for c in header):
        return _column_paras(rows)
    paras: list[Para] = []
    for row in rows:
        cells = [c for c in row if c.text]
        if not cells:
            continue
        segments: list[tuple[str, MappedText]] = [("", cells[0])]
        for cell in cells[1:]:
            segments.append((_cell_joiner(segments[-1][1].text, len(cells)), cell))
        paras.append(Para("table", segments, atomic=True, joiner="\n" if paras else "\n\n"))
    return paras


def _cell_joiner(previous: str, width: int) -> str:
    if previous.isdigit() or previous[-1:] in ":?":
        return " "
    return ": " if width == 2 else " | "


def _column_paras(rows: list[list[MappedText]]) -> list[Para]:
    """One paragraph: all of column 1 as a list, then all of column 2."""
    width = max(len(r) for r in rows)
    segments: list[tuple[str, MappedText]] = []
    for col in range(width):
        cells = [r[col] for r in rows if col < len(r) and r[col].text]
        for i, cell in enumerate(cells):
            segments.append(("\n" if i == 0 else " " if i == 1 else "; ", cell))
    return [Para("table", segments, atomic=True, tags={"column"})] if segments else []


def _is_pipe_table(source: str, lines: list[Line]) -> bool:
    """A markdown table: a header row, a `|---|---|` rule, then rows."""
    return len(lines) >= 3 and bool(_PIPE_RULE.match(source[lines[1][0] : lines[1][1]]))


def _pipe_cells(source: str, start: int, end: int) -> list[MappedText]:
    """The cells of one `| a | b |` row (an escaped `\\|` stays in its cell)."""
    line = source[start:end]
    bars = [start + i for i, ch in enumerate(line) if ch == "|" and line[i - 1 : i] != "\\"]
    if bars and not source[start : bars[0]].strip():
        start, bars = bars[0] + 1, bars[1:]  # the leading bar opens the first cell
    cells = []
    for a, b in zip([start] + [bar + 1 for bar in bars], [*bars, end], strict=True):
        out = MappedBuilder()
        clean_into(out, source, a, b)
        cells.append(out.build())
    while cells and not cells[-1].text:
        cells.pop()
    return cells


def pipe_table_paras(source: str, lines: list[Line]) -> list[Para]:
    """Each row one paragraph, every cell after its column header: "Aspect: Referrals;
    What we need to do: ...". Header and cell keep their own raw spans."""
    header = _pipe_cells(source, *lines[0])
    paras: list[Para] = []
    for start, end in lines[2:]:
        segments: list[tuple[str, MappedText]] = []
        for col, cell in enumerate(_pipe_cells(source, start, end)):
            if not cell.text:
                continue
            if col < len(header) and header[col].text:
                segments.append(("; " if segments else "", header[col]))
                segments.append((": ", cell))
            else:
                segments.append(("; " if segments else "", cell))
        if segments:
            paras.append(Para("table", segments, atomic=True, joiner="\n" if paras else "\n\n"))
    return paras
