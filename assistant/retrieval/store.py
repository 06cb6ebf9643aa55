"""The Chroma vector store, embedded (a folder) or a `chroma run` server, with atomic updates.

Three collections: `<name>` holds the chunks (cosine HNSW), `<name>-manifest` holds one record
per document naming its active *generation*, plus its source text, and `<name>-spans` the
vectors of every passage sentence (assistant.retrieval.span_store). Every chunk and sentence
record carries its generation. Replacing a document writes the new generation's chunks and
sentences first, then switches the manifest record (one upsert), then deletes the old ones;
reads return only records of active generations. So an ingest that fails or is killed part-way
leaves the previous index serving, and its orphaned records are collected by the next ingest.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from assistant.errors import BadRequest, ConfigError
from assistant.protocols import DocumentRecord
from assistant.retrieval.chroma_client import STATE_ID, ChromaConnection, next_state, read_state
from assistant.retrieval.chroma_codec import (
    ManifestEntry,
    all_of,
    chunk_from_record,
    chunk_metadata,
    entry_from_metadata,
    entry_metadata,
    filter_conditions,
    record_id,
)
from assistant.retrieval.sidecar import remove_sidecar, write_sidecar
from assistant.retrieval.span_store import SpanVectorStore, delete_orphans
from assistant.types import Chunk, Filters

log = logging.getLogger(__name__)

T = TypeVar("T")
PAGE = 2000  # records per `get` when reading everything
TEXT_KINDS = {"text", "markdown"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,198}[A-Za-z0-9]$")


def open_store(
    data_dir: Path, chroma_url: str | None = None, collection: str = "newsletters"
) -> ChromaStore:
    """A store over `data_dir/chroma`, or over the Chroma server at `chroma_url` when set.

    Nothing connects until first use; connection problems raise IndexUnavailable then.
    """
    return ChromaStore(Path(data_dir), chroma_url=chroma_url or None, collection=collection)


class ChromaStore(SpanVectorStore):
    """Implements assistant.protocols.ChunkStore, plus the writes the Ingester uses, and the
    sentence vectors (SpanVectorStore)."""

    def __init__(self, data_dir: Path, chroma_url: str | None, collection: str) -> None:
        if not _NAME.match(collection):
            raise ConfigError(f"collection name {collection!r}: use 3-200 letters, digits, - or _")
        self.data_dir = Path(data_dir)
        self.url = chroma_url
        self.name = collection
        self._conn = ChromaConnection(self.data_dir, chroma_url, collection)
        self._cache: tuple[str, dict[str, ManifestEntry]] | None = None
        self._held: tuple[str, dict[str, Chunk], int] | None = None  # see _active

    @property
    def location(self) -> str:
        return self._conn.location

    def _run(self, fn: Callable[..., T], writes: bool = False, spans: bool = False) -> T:
        return self._conn.run(fn, writes=writes, spans=spans)

    def check(self) -> None:
        """Raises IndexUnavailable unless the index can be read now."""
        self._run(lambda chunks, manifest: manifest.count())

    # -- reads (ChunkStore) ------------------------------------------------------------------

    def entries(self) -> dict[str, ManifestEntry]:
        """The active document versions, keyed by source name."""
        return self._run(self._entries_in)

    def _entries_in(self, chunks: Any, manifest: Any) -> dict[str, ManifestEntry]:
        """Read once per manifest version: a version check is one small read by id."""
        version = read_state(manifest)
        cached = self._cache
        if cached is not None and cached[0] == version:
            return cached[1]
        got = manifest.get(where={"kind_of_record": "document"}, include=["metadatas"])
        entries = {e.doc.source: e for e in map(entry_from_metadata, got["metadatas"] or [])}
        self._cache = (version, entries)
        return entries

    def documents(self) -> list[DocumentRecord]:
        entries = sorted(self.entries().values(), key=lambda e: (e.doc.date, e.doc.source))
        return [DocumentRecord(doc=e.doc, doc_hash=e.doc_hash, chunks=e.chunks) for e in entries]

    def count(self) -> int:
        return sum(e.chunks for e in self.entries().values())

    def version(self) -> str:
        """The manifest version: changes with every switch or removal; one small read at
        most (none on an embedded folder that nothing has written since)."""
        return self._conn.version()

    def _generations(self, chunks: Any, manifest: Any) -> list[str]:
        return sorted({e.generation for e in self._entries_in(chunks, manifest).values()})

    def query(
        self, embedding: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[tuple[Chunk, float]]:
        """Nearest active chunks with cosine similarity (1 - distance), best first."""
        conditions = filter_conditions(filters)  # BadRequest before touching the index
        if k < 1:
            return []
        vector = np.asarray(embedding, dtype=np.float32).reshape(-1).tolist()

        if not conditions:
            found = self._nearest_active(vector, k)
            if found is not None:
                return found

        def search(chunks: Any, manifest: Any) -> list[tuple[Chunk, float]]:
            generations = self._generations(chunks, manifest)
            if not generations:
                return []
            where = all_of([{"generation": {"$in": generations}}, *conditions])
            got = chunks.query(
                query_embeddings=[vector],
                n_results=k,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
            rows = zip(got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)
            return [(chunk_from_record(t, m), 1.0 - float(d)) for t, m, d in rows]

        return self._run(search)

    def _nearest_active(self, vector: list[float], k: int) -> list[tuple[Chunk, float]] | None:
        """The unfiltered search: ids and distances only, the chunks from memory (several
        times faster than reading 40 records back); None when an index change under way
        leaves fewer active hits than asked, so the caller searches by generation."""
        active, total = self._active()
        if not active:
            return []
        n = min(total, k + (total - len(active)))  # room for every old-generation record

        def search(chunks: Any, manifest: Any) -> tuple[list[str], list[float]]:
            got = chunks.query(query_embeddings=[vector], n_results=n, include=["distances"])
            return got["ids"][0], got["distances"][0]

        ids, distances = self._run(search)
        out = [(active[i], 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)
               if i in active][:k]
        return out if len(out) >= min(k, len(active)) else None

    def all_chunks(self) -> list[Chunk]:
        """Every active chunk, in document order."""
        chunks = self._run(self._active_records).values()
        return sorted(chunks, key=lambda c: (c.doc.source, c.start, c.id))

    def _active_records(self, chunks: Any, manifest: Any) -> dict[str, Chunk]:
        """Every active chunk by its record id."""
        generations = self._generations(chunks, manifest)
        out: dict[str, Chunk] = {}
        if not generations:
            return out
        for offset in range(0, 10**9, PAGE):
            got = chunks.get(
                where={"generation": {"$in": generations}},
                limit=PAGE,
                offset=offset,
                include=["documents", "metadatas"],
            )
            for rid, text, meta in zip(got["ids"], got["documents"], got["metadatas"],
                                       strict=True):
                out[rid] = chunk_from_record(text, meta)
            if len(got["ids"]) < PAGE:
                break
        return out

    def _active(self) -> tuple[dict[str, Chunk], int]:
        """The active chunks by record id and the number of records in the collection (old
        generations included), read again only when the index version changes."""
        version = self.version()
        held = self._held
        if held is None or held[0] != version:

            def read(chunks: Any, manifest: Any) -> tuple[dict[str, Chunk], int]:
                return self._active_records(chunks, manifest), chunks.count()

            held = self._held = (version, *self._run(read))
        return held[1], held[2]

    def source_text(self, source: str) -> str:
        """The text that chunk offsets of `source` index into (the decoded file for txt/md)."""

        def read(chunks: Any, manifest: Any) -> list[str]:
            got = manifest.get(
                ids=[_doc_id(source)],
                where={"kind_of_record": "document"},
                include=["documents"],
            )
            return got["documents"]

        found = self._run(read)
        if not found:
            raise BadRequest(f"no document named {source!r} in the index")
        return str(found[0])

    # -- writes (the Ingester) -------------------------------------------------------------

    def add_chunks(self, chunks: Sequence[Chunk], embeddings: np.ndarray, generation: str) -> None:
        """Writes inactive chunks of a new generation; they serve once `activate` is called."""
        vectors = np.asarray(embeddings, dtype=np.float32)
        if len(chunks) != len(vectors):
            raise ValueError("one embedding per chunk is needed")

        def write(col: Any, manifest: Any) -> None:
            for i in range(0, len(chunks), self._conn.batch):
                part = chunks[i : i + self._conn.batch]
                col.upsert(
                    ids=[record_id(generation, c) for c in part],
                    embeddings=vectors[i : i + len(part)],
                    documents=[c.text for c in part],
                    metadatas=[chunk_metadata(c, generation) for c in part],
                )

        self._run(write)

    def embeddings_of(self, generation: str) -> dict[str, np.ndarray]:
        """content_hash -> embedding of a generation's chunks (to reuse unchanged passages)."""

        def read(col: Any, manifest: Any) -> dict[str, np.ndarray]:
            got = col.get(where={"generation": generation}, include=["embeddings", "metadatas"])
            vectors = got["embeddings"] if got["embeddings"] is not None else []
            return {
                m["content_hash"]: np.asarray(v, dtype=np.float32)
                for m, v in zip(got["metadatas"], vectors, strict=True)
            }

        return self._run(read)

    def activate(self, entry: ManifestEntry, source_text: str) -> None:
        """Switches `entry.doc.source` to `entry.generation`; drops the old generation.

        The entry and the version bump go in one upsert, so the switch is all or nothing.
        """
        doc_id = _doc_id(entry.doc.source)

        def switch(col: Any, manifest: Any) -> str | None:
            got = manifest.get(ids=[doc_id], include=["metadatas"])
            old = got["metadatas"][0] if got["ids"] else None
            manifest.upsert(
                ids=[doc_id, STATE_ID],
                embeddings=[[1.0], [1.0]],
                metadatas=[entry_metadata(entry), next_state(manifest)],
                documents=[source_text, ""],
            )
            return str(old["generation"]) if old else None

        old_generation = self._run(switch, writes=True)
        write_sidecar(self.data_dir, entry.doc.source, entry.kind in TEXT_KINDS, source_text)
        if old_generation and old_generation != entry.generation:
            self.delete_generation(old_generation)

    def remove(self, source: str) -> None:
        """Stops serving `source` (a tombstone and the version bump in one upsert), then
        deletes its chunks and the tombstone."""
        doc_id = _doc_id(source)

        def retire(col: Any, manifest: Any) -> str | None:
            got = manifest.get(ids=[doc_id], include=["metadatas"])
            if not got["ids"]:
                return None
            generation = str(got["metadatas"][0]["generation"])
            tombstone = {"kind_of_record": "removed", "source": source, "generation": generation}
            manifest.upsert(
                ids=[doc_id, STATE_ID],
                embeddings=[[1.0], [1.0]],
                metadatas=[tombstone, next_state(manifest)],
                documents=["", ""],
            )
            return generation

        generation = self._run(retire, writes=True)
        remove_sidecar(self.data_dir, source)
        if generation:
            self.delete_generation(generation)
            self._run(lambda col, manifest: manifest.delete(ids=[doc_id]))

    def delete_generation(self, generation: str) -> None:
        def delete(col: Any, manifest: Any, spans: Any) -> None:
            col.delete(where={"generation": generation})
            spans.delete(where={"generation": generation})

        self._run(delete, spans=True)

    def collect_garbage(self) -> int:
        """Deletes chunks of no active generation (left by a failed or killed ingest)."""

        def collect(col: Any, manifest: Any, spans: Any) -> int:
            manifest.delete(where={"kind_of_record": "removed"})
            generations = self._generations(col, manifest)
            delete_orphans(spans, generations, self._conn.batch)
            return delete_orphans(col, generations, self._conn.batch)

        removed = self._run(collect, spans=True)
        if removed:
            log.info("removed %d orphaned chunks", removed)
        return removed


def _doc_id(source: str) -> str:
    return f"doc:{source}"
