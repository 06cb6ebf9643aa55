"""Lossless Chunk <-> Chroma record conversion, the manifest entry shape, and Filters -> `where`.

Chroma metadata holds only str/int/float/bool, and drops a key whose value is None; so None is
stored as an absent key, spans as a JSON string, and the date also as an int yyyymm for ranges.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from assistant.areas import documents_covering
from assistant.errors import BadRequest
from assistant.types import Chunk, DocumentMeta, Filters, SentenceSpan

_DATE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class ManifestEntry:
    """The active version of one document: what the store serves for `doc.source`."""

    doc: DocumentMeta
    doc_hash: str
    generation: str  # the key every chunk of this version carries
    chunks: int
    origin: str = ""  # the folder the file was ingested from ("" when given as a file)
    path: str = ""  # the file's path when ingested
    kind: str = ""  # "text" | "markdown" | "pdf" | "docx" | "html"
    quick_key: str = ""  # file bytes + metadata + parser code: equal means nothing to redo


def date_number(value: str) -> int:
    """Turns "2021-06" into 202106; BadRequest for anything that is not YYYY-MM."""
    match = _DATE.match(value or "")
    if not match:
        raise BadRequest(f"date {value!r} is not in the form YYYY-MM")
    return int(match.group(1)) * 100 + int(match.group(2))


def _doc_fields(doc: DocumentMeta) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "source": doc.source,
        "title": doc.title,
        "date": doc.date,
        "publisher": doc.publisher,
        "area": doc.area,
    }
    if doc.issue is not None:
        fields["issue"] = doc.issue
    try:
        fields["date_ym"] = date_number(doc.date)
    except BadRequest:
        fields["date_ym"] = 0  # an undated document matches no date range
    return fields


def _doc_from(meta: dict[str, Any]) -> DocumentMeta:
    issue = meta.get("issue")
    return DocumentMeta(
        source=str(meta["source"]),
        title=str(meta.get("title", "")),
        issue=str(issue) if issue is not None else None,
        date=str(meta.get("date", "")),
        publisher=str(meta.get("publisher", "")),
        area=str(meta.get("area", "")),
    )


def record_id(generation: str, chunk: Chunk) -> str:
    """The Chroma id: unique per document version, so old and new versions can coexist."""
    return f"{generation}:{chunk.doc.source}:{chunk.id}"


def chunk_metadata(chunk: Chunk, generation: str) -> dict[str, Any]:
    meta = _doc_fields(chunk.doc)
    meta.update(
        chunk_id=chunk.id,
        section=chunk.section,
        source_text=chunk.source_text,
        start=chunk.start,
        end=chunk.end,
        content_hash=chunk.content_hash,
        doc_hash=chunk.doc_hash,
        generation=generation,
        spans=json.dumps([list(s) for s in chunk.spans]),
    )
    if chunk.page is not None:
        meta["page"] = chunk.page
    if chunk.ocr:
        meta["ocr"] = True
    if chunk.garbled:
        meta["garbled"] = json.dumps(list(chunk.garbled))
    return meta


def chunk_from_record(text: str, meta: dict[str, Any]) -> Chunk:
    page = meta.get("page")
    return Chunk(
        id=str(meta["chunk_id"]),
        doc=_doc_from(meta),
        section=str(meta.get("section", "")),
        text=text,
        source_text=str(meta.get("source_text", "")),
        start=int(meta["start"]),
        end=int(meta["end"]),
        content_hash=str(meta["content_hash"]),
        doc_hash=str(meta["doc_hash"]),
        page=int(page) if page is not None else None,
        spans=_spans(meta.get("spans")),
        ocr=bool(meta.get("ocr", False)),
        garbled=tuple(int(i) for i in json.loads(meta.get("garbled") or "[]")),
    )


def _spans(raw: Any) -> tuple[SentenceSpan, ...]:
    return tuple((int(a), int(b), int(c), int(d)) for a, b, c, d in json.loads(raw or "[]"))


def entry_metadata(entry: ManifestEntry) -> dict[str, Any]:
    meta = _doc_fields(entry.doc)
    meta.update(
        kind_of_record="document",
        doc_hash=entry.doc_hash,
        generation=entry.generation,
        chunks=entry.chunks,
        origin=entry.origin,
        path=entry.path,
        kind=entry.kind,
        quick_key=entry.quick_key,
    )
    return meta


def entry_from_metadata(meta: dict[str, Any]) -> ManifestEntry:
    return ManifestEntry(
        doc=_doc_from(meta),
        doc_hash=str(meta["doc_hash"]),
        generation=str(meta["generation"]),
        chunks=int(meta.get("chunks", 0)),
        origin=str(meta.get("origin", "")),
        path=str(meta.get("path", "")),
        kind=str(meta.get("kind", "")),
        quick_key=str(meta.get("quick_key", "")),
    )


def all_of(conditions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Chroma wants `$and` only with two or more conditions."""
    if not conditions:
        return None
    if len(conditions) == 1:
        return conditions[0]
    return {"$and": conditions}


def filter_conditions(filters: Filters | None) -> list[dict[str, Any]]:
    """Chroma `where` conditions for `filters` (sources, inclusive date range, areas)."""
    if filters is None or filters.is_empty():
        return []
    conditions: list[dict[str, Any]] = []
    if filters.sources:
        conditions.append({"source": {"$in": list(filters.sources)}})
    if filters.date_from:
        conditions.append({"date_ym": {"$gte": date_number(filters.date_from)}})
    if filters.date_to:
        conditions.append({"date_ym": {"$lte": date_number(filters.date_to)}})
    if filters.areas:
        areas: list[str] = []
        for area in filters.areas:
            for covered in documents_covering(area.lower()):
                if covered not in areas:
                    areas.append(covered)
        conditions.append({"area": {"$in": areas}})
    return conditions
