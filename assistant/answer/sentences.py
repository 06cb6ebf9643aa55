"""The sentences of a passage, each with its verbatim source span (the only quotable text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.terms import content_set
from assistant.types import Chunk

_SPACE = re.compile(r"\s+")
_RAW_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+|$)", re.MULTILINE)
_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a chunk: `text` is cleaned for reading, `quote` is the verbatim source
    text at raw_start:raw_end of the chunk's file."""

    chunk: Chunk
    index: int  # position among the chunk's sentences
    text: str
    quote: str
    raw_start: int
    raw_end: int

    @property
    def words(self) -> frozenset[str]:
        return content_set(self.text)


def sentences_of(chunk: Chunk) -> list[Sentence]:
    """The chunk's sentences from its spans (never one marked garbled at ingest); chunks
    without spans are split on their raw text."""
    out: list[Sentence] = []
    if chunk.spans:
        for i, (cs, ce, rs, re_) in enumerate(chunk.spans):
            if i in chunk.garbled:
                continue
            quote = chunk.source_text[rs - chunk.start : re_ - chunk.start]
            text = _SPACE.sub(" ", chunk.text[cs:ce]).strip()
            if text and quote.strip():
                out.append(Sentence(chunk, i, text, quote, rs, re_))
        return out
    for i, m in enumerate(_RAW_SENTENCE.finditer(chunk.source_text)):
        lead = len(m.group()) - len(m.group().lstrip())
        quote = m.group().strip()
        if quote:
            start = chunk.start + m.start() + lead
            out.append(Sentence(chunk, i, _SPACE.sub(" ", quote), quote, start, start + len(quote)))
    return out


def answerable_sentences(chunk: Chunk) -> list[Sentence]:
    """The chunk's sentences that could stand in an answer (statements of three words or more)."""
    return [s for s in sentences_of(chunk) if is_statement(s.text, 3)]


def is_statement(text: str, min_words: int = 4) -> bool:
    """A sentence that can stand in an answer: enough words, some letters, not a bare list
    of page references or a heading."""
    tokens = text.split()
    if len(tokens) < min_words or not _LETTER.search(text):
        return False
    if len(re.findall(r"\bP\d+\b", text)) >= 2:  # a contents line: "P2 ... P3 ..."
        return False
    if text.rstrip().endswith("?"):  # the newsletter asking, not telling
        return False
    return True


def leads_on(text: str) -> bool:
    """The sentence introduces what follows ("... using the following link:")."""
    return text.rstrip().endswith(":")
