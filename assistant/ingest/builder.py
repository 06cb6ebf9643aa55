"""Walking a newsletter's paragraphs in order and opening a titled section at each heading.

Headings come from markdown `#` lines or, in plain text, from short title-like lines; each
takes its role in the outline (assistant.ingest.outline): an article, a sub-heading labelled
with its article, or a box that leaves the article around it open. Contents titles that the
body never prints open their article where it starts; a profile table ("Name", "Job title")
opens its own section; "7 minute briefing" blocks get their briefing's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest import headings as hd
from assistant.ingest.blocks import Para
from assistant.ingest.outline import ARTICLE, BOX, SUB, heading_role, nest


@dataclass
class Section:
    title: str
    paras: list[Para] = field(default_factory=list)
    role: str = ARTICLE


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

    def __init__(self, markdown: bool, toc: list[str], anchors: dict[int, str]) -> None:
        self._markdown = markdown
        self._toc = toc
        self._anchors = anchors  # paragraph index -> a contents title the body never prints
        self._sections: list[Section] = [Section("")]
        self._stack: list[str] = []
        self._headings: list[_Heading] = []
        self._briefing: _Briefing | None = None
        self._briefing_mentioned = False
        self._article = ""  # the current article's title: sub-headings are labelled with it
        self._article_section: Section | None = None  # its latest section, resumed after a box

    def build(self, paras: list[Para]) -> list[Section]:
        for i, para in enumerate(paras):
            self._take(paras, i, para)
        return self._sections

    def _take(self, paras: list[Para], i: int, para: Para) -> None:
        text = para.text
        if para.kind == "heading":
            self._markdown_heading(para)
            return
        if para.kind == "text" and hd.is_generic_briefing(text):
            return
        if para.kind == "text" and self._briefing_mentioned and hd.briefing_number(text):
            self._numbered(paras, i, para)
            return
        if self._free() and not self._markdown:
            if i in self._anchors:
                self._briefing = None
                self._open(self._anchors[i], ARTICLE)
            elif para.kind == "text" and self._heading_here(paras, i):
                self._briefing = None
                self._open_heading(text)
                return
            elif para.kind == "table" and _profile_row(para, "name") and i + 1 < len(paras):
                self._open_profile(para, paras[i + 1])
            elif para.kind == "item" and self._resumes_article():
                assert self._article_section is not None
                self._sections.append(Section(self._article_section.title))
        self._add(para)

    def _free(self) -> bool:
        """Not inside an unfinished briefing (where no other heading is recognised)."""
        return self._briefing is None or self._briefing.complete

    def _markdown_heading(self, para: Para) -> None:
        self._briefing = None
        deeper = para.level > len(self._stack)
        self._stack = self._stack[: para.level - 1] + [""] * (para.level - 1 - len(self._stack))
        self._stack.append(para.text)
        carried = self._take_tiny() if deeper else []
        self._open(" – ".join([t for t in self._stack if t][-2:]), ARTICLE)
        self._sections[-1].paras.extend(carried)

    def _take_tiny(self) -> list[Para]:
        """A parent heading's lone link or line goes down into its first sub-section."""
        current = self._sections[-1]
        if current.paras and sum(len(p.text.split()) for p in current.paras) < 12:
            carried, current.paras = current.paras, []
            return carried
        return []

    def _heading_here(self, paras: list[Para], i: int) -> bool:
        prev_heading = bool(self._sections[-1].title) and not self._sections[-1].paras
        return hd.is_heading(paras, i, self._toc, prev_heading=prev_heading)

    def _open_heading(self, text: str) -> None:
        """A plain-text heading: merged into an empty heading just before, else its role's
        section (an article, a sub-heading of the current article, or a box)."""
        text = text.rstrip(" :.-–") or text
        current = self._sections[-1]
        role = heading_role(text, self._toc, after_sub=current.role == SUB)
        if not current.paras and current.title and self._headings:
            current.title = " – ".join([*current.title.split(" – ")[-2:], text])
            self._headings[-1].title = current.title
            if role == ARTICLE and current.role != BOX:
                current.role = ARTICLE
                self._article, self._article_section = current.title, current
            return
        self._open(nest(self._article, text) if role == SUB else text, role)

    def _open(self, title: str, role: str) -> None:
        section = Section(title.rstrip(" :.-–") or title, role=role)
        self._sections.append(section)
        self._headings.append(_Heading(section.title))
        if role == ARTICLE:
            self._article = section.title
        if role != BOX:
            self._article_section = section
        if hd.mentions_briefing(title):
            self._briefing_mentioned = True

    def _open_profile(self, name_row: Para, next_row: Para) -> None:
        """A profile table ("Name: Jude Atkinson", "Job title: ...") starts its own section,
        or names the profile heading just before it ("My Role – Drew Jagger")."""
        name = name_row.segments[-1][1].text
        current = self._sections[-1]
        if current.title and not current.paras:
            current.title = f"{current.title} – {name}"
            self._headings[-1].title = current.title
            self._article = current.title
            return
        job = next_row.segments[-1][1].text if _profile_row(next_row, "job title") else ""
        self._open(f"{name} – {job}" if job else name, ARTICLE)

    def _resumes_article(self) -> bool:
        """A list after a box's text, where the article before the box ended with a list:
        the article goes on after the box."""
        current, article = self._sections[-1], self._article_section
        if current.role != BOX or article is None or not article.paras:
            return False
        return article.paras[-1].kind == "item" and all(p.kind != "item" for p in current.paras)

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


def _profile_row(para: Para, key: str) -> bool:
    """A two-cell table row whose first cell is `key` ("Name", "Job title")."""
    cells = [m.text for _, m in para.segments]
    return para.kind == "table" and len(cells) == 2 and cells[0].lower().rstrip(":") == key
