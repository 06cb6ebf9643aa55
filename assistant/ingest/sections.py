"""Split a source text into titled sections of cleaned paragraphs.

Front matter (masthead, contents list) is dropped, sentences broken by page layout are
joined, headings are found (assistant.ingest.builder: markdown `#` lines, or short title-like
lines in plain text, each in its place in the outline), and repeated paragraphs are dropped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from assistant.ingest import headings as hd
from assistant.ingest.blocks import Line, Para, block_paras, read_blocks
from assistant.ingest.builder import Section, SectionBuilder
from assistant.ingest.cleaning import MappedBuilder, clean_span, normalise_for_compare
from assistant.ingest.outline import contents_anchors, is_box_opener, split_bylines

log = logging.getLogger(__name__)

__all__ = ["Section", "split_sections"]


@dataclass
class Contents:
    """The contents list: normalised entries (to recognise headings) and the titles that
    stand on their own line (a continuation or description line under an entry does not)."""

    entries: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


def split_sections(source: str, kind: str) -> list[Section]:
    """Sections in document order; paragraphs never leave their section."""
    markdown = kind == "markdown"
    blocks, contents = drop_front_matter(source, read_blocks(source))
    paras = [p for block in blocks for p in block_paras(source, block, markdown)]
    paras = split_bylines(join_broken(paras))
    anchors = {} if markdown else contents_anchors(paras, contents.titles)
    sections = SectionBuilder(markdown, contents.entries, anchors).build(paras)
    drop_repeats(sections)
    return [s for s in sections if s.paras]


def drop_front_matter(source: str, blocks: list[list[Line]]) -> tuple[list[list[Line]], Contents]:
    """Drop masthead lines and the contents list at the top; return the contents."""
    limit = min(len(blocks), 40)
    i = 0
    while i < limit and all(_is_masthead(source, line) for line in blocks[i]):
        i += 1
    marked = [j for j in range(i, limit) if any(hd.is_toc_line(source[s:e]) for s, e in blocks[j])]
    if not marked or marked[0] - i > 1:
        return blocks[i:], Contents()
    last = marked[0]
    for j in marked[1:]:
        if j - last > 3:
            break
        last = j
    contents = Contents()
    for block in blocks[marked[0] : last + 1]:
        for s, e in block:
            text = clean_span(source, s, e).text
            entry = hd.toc_entry(text)
            if len(entry) >= 8:
                contents.entries.append(entry)
            if len(block) == 1 or hd.is_toc_line(source[s:e]):
                contents.titles.append(hd.toc_title(text))
    return blocks[last + 1 :], contents


def _is_masthead(source: str, line: Line) -> bool:
    text = clean_span(source, *line).text.lstrip("# ")
    return hd.is_masthead_line(text)


def join_broken(paras: list[Para]) -> list[Para]:
    """Join a paragraph cut mid-sentence by page layout to its continuation."""
    out: list[Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, para) and not is_box_opener(prev.text):
            merged = MappedBuilder()
            merged.add_mapped(prev.mapped)
            merged.add_space(prev.mapped.raw[-1] + 1)
            merged.add_mapped(para.mapped)
            out[-1] = Para(prev.kind, [("", merged.build())], lines=prev.lines + para.lines)
        else:
            out.append(para)
    return out


def _continues(prev: Para, para: Para) -> bool:
    if prev.kind not in ("text", "item") or para.kind != "text":
        return False
    before, after = prev.text, para.text
    if not before or not after or hd.ends_sentence(before):
        return False
    if hd.briefing_number(before) or hd.briefing_number(after) or hd.mentions_briefing(before):
        return False
    first = after[0]
    if after.split()[0].lower() == before.split()[-1].lower():
        return False  # a word printed twice across the break: layout debris, not a sentence
    if after.startswith(("http", "www.")):
        return False  # a link on its own line is its own paragraph
    if first.islower():
        return True
    if first.isdigit():  # "nearly" + "40% had been threatened", not "7 Minute Briefing"
        return before[-1].islower() and bool(re.match(r"\S+\s+[a-z]", after))
    return before.endswith(",") and first.isalpha()


def drop_repeats(sections: list[Section]) -> None:
    """Index a paragraph once: drop exact or near repeats of earlier text in the file (table
    rows are kept: a table reads whole, every row with its headers)."""
    seen_shingles: set[tuple[str, ...]] = set()
    seen_exact: set[str] = set()
    for section in sections:
        kept: list[Para] = []
        for para in section.paras:
            if para.kind == "table":
                kept.append(para)  # a table row reads with its table, even when repeated
                continue
            words = normalise_for_compare(para.text).split()
            exact = " ".join(words)
            shingles = {tuple(words[k : k + 3]) for k in range(max(0, len(words) - 2))}
            repeated = (len(words) >= 4 and exact in seen_exact) or (
                len(words) >= 8 and len(shingles & seen_shingles) >= 0.9 * len(shingles)
            )
            seen_exact.add(exact)
            seen_shingles |= shingles
            if repeated:
                log.debug("dropped a repeated paragraph of %d words", len(words))
                continue
            kept.append(para)
        section.paras = kept
