"""Metadata filters applied in Python (the lexical side), with exactly the store's semantics:
inclusive "YYYY-MM" range (an undated document matches no range), newsletter names, and an
area that also matches the wider areas covering it (see areas.documents_covering)."""

from __future__ import annotations

from assistant.areas import documents_covering
from assistant.errors import BadRequest
from assistant.retrieval.chroma_codec import date_number
from assistant.types import Chunk, DocumentMeta, Filters


def _date_or_zero(value: str) -> int:
    try:
        return date_number(value)
    except BadRequest:
        return 0


def doc_matches(doc: DocumentMeta, filters: Filters | None) -> bool:
    if filters is None or filters.is_empty():
        return True
    if filters.sources and doc.source not in filters.sources:
        return False
    when = _date_or_zero(doc.date)
    if filters.date_from and when < date_number(filters.date_from):
        return False
    if filters.date_to and (when == 0 or when > date_number(filters.date_to)):
        return False
    if filters.areas:
        allowed = {c for a in filters.areas for c in documents_covering(a.lower())}
        if doc.area.lower() not in allowed:
            return False
    return True


def chunk_matches(chunk: Chunk, filters: Filters | None) -> bool:
    return doc_matches(chunk.doc, filters)
