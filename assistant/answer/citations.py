"""Citations built only from verbatim source spans, and the checks that keep them honest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from assistant.answer.sentences import Sentence
from assistant.terms import content_set
from assistant.text import BULLET_MARKS
from assistant.types import Citation

_MARKER = re.compile(r"\[(\d+)\]")
_BULLET_GAP = re.compile(rf"\n[ \t]*[{re.escape(BULLET_MARKS)}][ \t]*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=\S)")


def citation_for(n: int, sentences: Sequence[Sentence]) -> Citation:
    """Citation `n` quoting `sentences` (consecutive sentences of one chunk, in order).

    The quote is the chunk's source text from the first sentence's raw start to the last
    one's raw end, so it is always a verbatim substring of the source file.
    """
    if not sentences:
        raise ValueError("a citation needs at least one sentence")
    chunk = sentences[0].chunk
    if any(s.chunk.id != chunk.id for s in sentences):
        raise ValueError("a citation quotes one passage")
    start = min(s.raw_start for s in sentences)
    end = max(s.raw_end for s in sentences)
    quote = chunk.source_text[start - chunk.start : end - chunk.start]
    return Citation(
        n=n,
        doc=chunk.doc,
        section=chunk.section,
        quote=quote,
        start=start,
        end=end,
        passage=chunk.text,
        page=chunk.page,
        ocr=chunk.ocr,
        reading=reading(sentences),
    )


def reading(sentences: Sequence[Sentence]) -> str:
    """The quoted sentences as cleaned at ingest (no markdown links, escapes or stars), with
    a line break where the source has one between them, and "- " before a list's item."""
    chunk = sentences[0].chunk
    parts = [sentences[0].text.strip()]
    for prev, cur in pairwise(sentences):
        gap = chunk.source_text[prev.raw_end - chunk.start : cur.raw_start - chunk.start]
        if "\n" not in gap:
            parts.append(" ")
        else:
            parts.append("\n- " if _BULLET_GAP.search(gap) else "\n")
        parts.append(cur.text.strip())
    return "".join(parts)


def quote_is_verbatim(citation: Citation, source_text: str) -> bool:
    """True when the citation's quote is exactly the source text at its offsets."""
    return bool(citation.quote) and source_text[citation.start : citation.end] == citation.quote


def markers(text: str) -> list[int]:
    """The citation numbers used in `text`, in order of first use."""
    return list(dict.fromkeys(int(m) for m in _MARKER.findall(text)))


def split_answer(text: str) -> list[str]:
    """Sentences of an answer text (markers stay with the sentence they follow)."""
    return [s for s in _SENTENCE_SPLIT.split(text.strip()) if s.strip()]


def uncited_sentences(text: str) -> list[str]:
    """Sentences of an answer that carry no [n] marker (should be none)."""
    return [s for s in split_answer(text) if not _MARKER.search(s)]


def overlap(claim: str, evidence: str) -> float:
    """The share of the claim's content words found in the evidence (0..1)."""
    a = content_set(claim)
    if not a:
        return 0.0
    return len(a & content_set(evidence)) / len(a)


def strip_markers(text: str) -> str:
    return _MARKER.sub("", text).replace(" .", ".").strip()
