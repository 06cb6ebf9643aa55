"""Split a source text into titled sections of cleaned paragraphs.

Front matter (masthead, contents list) is dropped, sentences broken by page layout are
joined, headings are found (markdown `#` lines, or short title-like lines in plain text),
"7 minute briefing" blocks get their briefing's title, and repeated paragraphs are dropped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from assistant.ingest import headings as hd
from assistant.ingest.blocks import Line, Para, block_paras, read_blocks
from assistant.ingest.cleaning import MappedBuilder, clean_span, normalise_for_compare

log = logging.getLogger(__name__)


@dataclass
class Section:
    title: str
    paras: list[Para] = field(default_factory=list)


def split_sections(source: str, kind: str) -> list[Section]:
    """Sections in document order; paragraphs never leave their section."""
    markdown = kind == "markdown"
    blocks, toc = drop_front_matter(source, read_blocks(source))
    paras = [p for block in blocks for p in block_paras(source, block, markdown)]
    paras = join_broken(paras)
    sections = SectionBuilder(markdown, toc).build(paras)
    drop_repeats(sections)
    return [s for s in sections if s.paras]


def drop_front_matter(source: str, blocks: list[list[Line]]) -> tuple[list[list[Line]], list[str]]:
    """Drop masthead lines and the contents list at the top; return the contents titles."""
    limit = min(len(blocks), 40)
    i = 0
    while i < limit and all(_is_masthead(source, line) for line in blocks[i]):
        i += 1
    marked = [j for j in range(i, limit) if any(hd.is_toc_line(source[s:e]) for s, e in blocks[j])]
    if not marked or marked[0] - i > 1:
        return blocks[i:], []
    last = marked[0]
    for j in marked[1:]:
        if j - last > 3:
            break
        last = j
    toc = [
        hd.toc_entry(clean_span(source, s, e).text)
        for block in blocks[marked[0] : last + 1]
        for s, e in block
    ]
    return blocks[last + 1 :], [t for t in toc if len(t) >= 8]


def _is_masthead(source: str, line: Line) -> bool:
    text = clean_span(source, *line).text.lstrip("# ")
    return hd.is_masthead_line(text)


def join_broken(paras: list[Para]) -> list[Para]:
    """Join a paragraph cut mid-sentence by page layout to its continuation."""
    out: list[Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, para):
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
    if after.startswith(("http", "www.")):
        return False  # a link on its own line is its own paragraph
    if first.islower():
        return True
    if first.isdigit():  # "nearly" + "40% had been threatened", not "7 Minute Briefing"
        return before[-1].islower() and bool(re.match(r"\S+\s+[a-z]", after))
    return before.endswith(",") and first.isalpha()


@dataclass
class _Heading:
    title: str
    body: list[str] = field(default_factory=list)
    used: bool = False

    @property
    def refers_to_briefing(self) -> bool:
        return any(hd.mentions_briefing(t) for t in self.body)


@dataclass
class _Briefing:
    title: str
    seen: set[int] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return len(self.seen) >= 7


class SectionBuilder:
    """Walks paragraphs in order, opening a section at each heading."""

    def __init__(self, markdown: bool, toc: list[str]) -> None:
        self._markdown = markdown
        self._toc = toc
        self._sections: list[Section] = [Section("")]
        self._stack: list[str] = []
        self._headings: list[_Heading] = []
        self._briefing: _Briefing | None = None
        self._briefing_mentioned = False

    def build(self, paras: list[Para]) -> list[Section]:
        for i, para in enumerate(paras):
            self._take(paras, i, para)
        return self._sections

    def _take(self, paras: list[Para], i: int, para: Para) -> None:
        text = para.text
        if para.kind == "heading":
            self._briefing = None
            deeper = para.level > len(self._stack)
            self._stack = self._stack[: para.level - 1] + [""] * (para.level - 1 - len(self._stack))
            self._stack.append(text)
            carried = self._take_tiny() if deeper else []
            self._open(" – ".join([t for t in self._stack if t][-2:]), merge=False)
            self._sections[-1].paras.extend(carried)
        elif para.kind == "text" and hd.is_generic_briefing(text):
            return
        elif para.kind == "text" and self._briefing_mentioned and hd.briefing_number(text):
            self._numbered(paras, i, para)
        elif para.kind == "text" and not self._markdown and self._heading_here(paras, i):
            if self._briefing is not None and self._briefing.complete:
                self._briefing = None
            if self._briefing is None:
                self._open(text, merge=True)
            else:
                self._add(para)
        else:
            self._add(para)

    def _take_tiny(self) -> list[Para]:
        """A parent heading's lone link or line goes down into its first sub-section."""
        current = self._sections[-1]
        if current.paras and sum(len(p.text.split()) for p in current.paras) < 12:
            carried, current.paras = current.paras, []
            return carried
        return []

    def _heading_here(self, paras: list[Para], i: int) -> bool:
        if self._briefing is not None and not self._briefing.complete:
            return False
        prev_heading = bool(self._sections[-1].title) and not self._sections[-1].paras
        return hd.is_heading(paras, i, self._toc, prev_heading=prev_heading)

    def _open(self, title: str, merge: bool) -> None:
        title = title.rstrip(" :.-–") or title
        current = self._sections[-1]
        if merge and not current.paras and current.title and self._headings:
            current.title = " – ".join([*current.title.split(" – ")[-2:], title])
            self._headings[-1].title = current.title
            return
        self._sections.append(Section(title))
        self._headings.append(_Heading(title))
        if hd.mentions_briefing(title):
            self._briefing_mentioned = True

    def _add(self, para: Para) -> None:
        self._sections[-1].paras.append(para)
        if self._headings:
            self._headings[-1].body.append(para.text)
        if hd.mentions_briefing(para.text):
            self._briefing_mentioned = True

    def _numbered(self, paras: list[Para], i: int, para: Para) -> None:
        number, label = hd.briefing_number(para.text) or (0, "")
        if self._briefing is None or number == 1 or number in self._briefing.seen:
            self._briefing = _Briefing(self._briefing_title(paras, i))
        self._briefing.seen.add(number)
        mapped = para.mapped
        label_at = len(mapped.text) - len(label)
        split = hd.split_label(label)
        rest = None
        if split:
            rest = mapped.slice(label_at + split[1], len(mapped.text)).strip()
            label = label[: split[0]]
        title = self._briefing.title
        if not hd.mentions_briefing(title):
            title = f"{title} – 7 minute briefing"
        self._sections.append(Section(f"{title} – {number:02d} {label.strip()}"))
        if rest is not None and rest.text:
            self._sections[-1].paras.append(Para("text", [("", rest)]))

    def _briefing_title(self, paras: list[Para], i: int) -> str:
        """The nearest real heading, or the unused heading whose text best matches the block."""
        last = next((h for h in reversed(self._headings) if not _numbered_title(h.title)), None)
        if last is not None and not last.used:
            last.used = True
            return last.title
        ahead = " ".join(p.text for p in paras[i + 1 : i + 6])
        candidates = [h for h in self._headings if h.refers_to_briefing and not h.used]
        if candidates:
            best = max(candidates, key=lambda h: hd.word_overlap(" ".join(h.body), ahead))
            best.used = True
            return best.title
        return last.title if last is not None else "7 minute briefing"


def _numbered_title(title: str) -> bool:
    return bool(re.search(r"– \d\d ", title))


def drop_repeats(sections: list[Section]) -> None:
    """Index a paragraph once: drop exact or near repeats of earlier text in the file."""
    seen_shingles: set[tuple[str, ...]] = set()
    seen_exact: set[str] = set()
    for section in sections:
        kept: list[Para] = []
        for para in section.paras:
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
