"""Chunks built by hand with real sentence spans, for answerer tests."""

from __future__ import annotations

import hashlib

from assistant.types import Chunk, DocumentMeta, Passage


def doc(date: str = "2021-06", issue: str | None = "26", source: str | None = None) -> DocumentMeta:
    return DocumentMeta(
        source=source or f"news-{date}.txt", title="Safeguarding Matters", issue=issue, date=date,
        area="leicestershire-and-rutland",
    )


def make_chunk(
    source: str, sentences: list[str], section: str = "", meta: DocumentMeta | None = None,
    cid: str = "c1",
) -> Chunk:
    """A chunk whose sentences are found verbatim in `source` (the whole file's text)."""
    spans, parts, pos, raw = [], [], 0, []
    for s in sentences:
        start = source.index(s)
        raw.append((start, start + len(s)))
    lo, hi = raw[0][0], raw[-1][1]
    for s, (rs, re_) in zip(sentences, raw, strict=True):
        if parts:
            parts.append(" ")
            pos += 1
        spans.append((pos, pos + len(s), rs, re_))
        parts.append(s)
        pos += len(s)
    text = "".join(parts)
    return Chunk(
        id=cid, doc=meta or doc(), section=section, text=text, source_text=source[lo:hi],
        start=lo, end=hi, content_hash=hashlib.sha256(text.encode()).hexdigest(),
        doc_hash=hashlib.sha256(source.encode()).hexdigest(), spans=tuple(spans),
    )


def passages(*chunks: Chunk) -> list[Passage]:
    return [Passage(chunk=c, rank=i, score=1.0 / i) for i, c in enumerate(chunks, start=1)]


FRONT_DOOR_SOURCE = (
    "Front door\n\nA new phone system went live on 21 February 2022. "
    "Please advise families to call First Response Children's Duty on 0116 305 0005. "
    "The email inbox only takes referrals from professionals with an agreement.\n\n"
    "Choking\n\nAdults with learning disabilities can be at risk of choking on food. "
    "Cut food into small pieces and supervise meals.\n"
)
FRONT_DOOR = [
    "A new phone system went live on 21 February 2022.",
    "Please advise families to call First Response Children's Duty on 0116 305 0005.",
    "The email inbox only takes referrals from professionals with an agreement.",
]
CHOKING = [
    "Adults with learning disabilities can be at risk of choking on food.",
    "Cut food into small pieces and supervise meals.",
]
