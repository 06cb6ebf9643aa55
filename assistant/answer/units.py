"""Candidate answer units: connected runs of a passage's sentences that can be quoted whole.

A unit is a run of consecutive sentences of one passage, so its quote is one verbatim span:
- a statement on its own (three words or more, not a heading or a question);
- a list: its lead-in ("The priorities are:") with its items, up to a budget, or the items a
  passage opens with, under the section title that leads in to them;
- a contact line with the line before it ("Telephone:" + the number) when it is short;
- a statement with the short line it leads on to;
- two consecutive statements (the asked detail often sits in the sentence after the one that
  names the subject: "...a full youth proof of the webpages. This included both desktop and
  mobile sites.").
Never a heading, a lead-in alone, a line of a few words on its own, or a garbled line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.sentences import Sentence, sentences_of
from assistant.terms import content_set
from assistant.text import BULLET_MARKS
from assistant.types import Passage

_CONTACT = re.compile(
    r"(\b0\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}\b|\b\d{5}\b|@[\w-]+\.|https?://|www\.|\.org\b|"
    r"\.gov\b|\.uk\b|\.com\b)"
)
_LETTERS = re.compile(r"[A-Za-z]")
_WORDLIKE = re.compile(r"^[A-Za-z][a-z'’-]*$|^[A-Z]{2,}s?$|^\d")


@dataclass(frozen=True)
class Unit:
    """Consecutive sentences of one passage; `rank` is the passage's retrieval rank."""

    sentences: tuple[Sentence, ...]
    passage: Passage
    kind: str  # "statement" | "list" | "contact" | "pair" | "window"

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def rank(self) -> int:
        return self.passage.rank

    @property
    def key(self) -> tuple[str, int, int]:
        """Identity of the quoted span: file, first and last sentence start."""
        return (
            self.sentences[0].chunk.doc.source,
            self.sentences[0].raw_start,
            self.sentences[-1].raw_start,
        )

    @property
    def words(self) -> frozenset[str]:
        return content_set(self.text)


def units_of(passages: Sequence[Passage], max_passages: int, list_items: int) -> list[Unit]:
    """Every candidate unit of the first `max_passages` passages."""
    out: list[Unit] = []
    for p in passages[:max_passages]:
        out.extend(_units(p, sentences_of(p.chunk), list_items))
    return out


def _units(passage: Passage, sents: list[Sentence], list_items: int) -> list[Unit]:
    units: list[Unit] = []
    opening = _opening_items(sents, list_items)
    if opening:
        # a passage that opens with a list: its section title is the lead-in
        units.append(Unit(tuple(opening), passage, "list"))
    for i, s in enumerate(sents):
        if garbled(s.text) or s.text.rstrip().endswith("?"):
            continue
        following = sents[i + 1] if i + 1 < len(sents) else None
        if (
            is_fragment(s.text) and following is not None and is_fragment(following.text)
            and _CONTACT.search(following.text) and not garbled(following.text)
        ):
            units.append(Unit((s, following), passage, "contact"))  # "Telephone:" + number
            continue
        items = _items_after(sents, i, list_items) if s.text.rstrip().endswith(":") else []
        if items:
            units.append(Unit((s, *items), passage, "list"))
            continue
        if is_fragment(s.text):
            if _CONTACT.search(s.text) and i > 0 and not garbled(sents[i - 1].text):
                units.append(Unit((sents[i - 1], s), passage, "contact"))
            continue
        units.append(Unit((s,), passage, "statement"))
        if (
            following is not None and not is_fragment(following.text)
            and not garbled(following.text) and not following.text.rstrip().endswith(("?", ":"))
        ):
            units.append(Unit((s, following), passage, "window"))  # a statement and the next
        if following is not None and is_fragment(following.text) and not garbled(following.text):
            units.append(Unit((s, following), passage, "pair"))
    return units


def _items_after(sents: list[Sentence], i: int, budget: int) -> list[Sentence]:
    """The list items after a lead-in: following lines until a long statement, the next
    lead-in (a line ending in ':' starts a list of its own) or the budget."""
    items: list[Sentence] = []
    for s in sents[i + 1 : i + 1 + budget]:
        if garbled(s.text) or s.text.rstrip().endswith(":") or (items and len(s.text.split()) > 40):
            break
        items.append(s)
    return items if len(items) >= 1 else []


def _opening_items(sents: list[Sentence], budget: int) -> list[Sentence]:
    """The bulleted lines a passage opens with (two or more), up to the budget. A passage
    cut at its first item starts after that item's mark, so its first line counts when the
    next line is bulleted."""
    items: list[Sentence] = []
    for n, s in enumerate(sents[:budget]):
        first = n == 0 and s.raw_start == s.chunk.start and len(sents) > 1 and bulleted(sents[1])
        if not (first or bulleted(s)) or garbled(s.text) or s.text.rstrip().endswith(":"):
            break
        items.append(s)
    return items if len(items) >= 2 else []


def bulleted(s: Sentence) -> bool:
    """The sentence starts a source line after a list mark ("- ", "• ")."""
    chunk = s.chunk
    before = chunk.source_text[: max(0, s.raw_start - chunk.start)]
    prefix = before.rsplit("\n", 1)[-1].strip()
    return bool(prefix) and all(c in BULLET_MARKS for c in prefix)


def is_fragment(text: str) -> bool:
    """A line too short to stand on its own: under four words, or a label ending in ':'."""
    words = text.split()
    return len(words) < 4 or (len(words) < 8 and text.rstrip().endswith(":"))


def garbled(text: str) -> bool:
    """Mostly not words (an OCR or layout fault): under half the tokens look like words."""
    tokens = [t.strip(".,;:()[]\"'“”‘’!?*") for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return True
    if not _LETTERS.search(text):
        return not _CONTACT.search(text)  # a bare phone number is not garbled
    wordlike = sum(bool(_WORDLIKE.match(t)) for t in tokens)
    return len(tokens) >= 3 and wordlike / len(tokens) < 0.5
