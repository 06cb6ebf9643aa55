"""Sentence vectors stored beside the chunks, so no question waits for sentences to be embedded.

The answerer and the reranker score a passage's sentences (assistant.answer.sentences) against
the question, and the reranker falls back to the passage's own text. The ingest embeds those
texts once and keeps them in a third collection, `<name>-spans`: one record per chunk id,
holding its sentence indices (-1 for the passage text, with the passage's own vector), their
texts and their vectors (float32, packed in the metadata: a record per sentence would make
Chroma index thousands of vectors it is never asked to search). Records carry their document's
generation, so they are written before the manifest switch and deleted with their generation,
like the chunks (assistant.retrieval.store).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, TypeVar

import numpy as np

from assistant.answer.sentences import sentences_of
from assistant.retrieval.chroma_codec import all_of
from assistant.types import Chunk

T = TypeVar("T")

PASSAGE = -1  # the sentence index standing for the passage's own text
PAGE = 500  # records (chunks) per `get` when reading many


@dataclass(frozen=True)
class SpanText:
    chunk_id: str
    index: int  # the sentence's index among the chunk's spans, or PASSAGE
    text: str  # exactly the text the answerer embeds


def span_texts(chunk: Chunk) -> list[SpanText]:
    """The texts an answer may embed for `chunk`: the passage, then each of its sentences."""
    out = [SpanText(chunk.id, PASSAGE, chunk.text)]
    out.extend(SpanText(chunk.id, s.index, s.text) for s in sentences_of(chunk))
    return out


def text_key(text: str) -> str:
    """The key vectors are reused by (the same as a chunk's content_hash for its text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_spans(
    col: Any,
    spans: Sequence[SpanText],
    vectors: np.ndarray,
    generation: str,
    source: str,
    batch: int,
) -> None:
    """One record per chunk of `spans` (grouped by chunk, in order), `vectors` one per span."""
    vectors = np.asarray(vectors, dtype=np.float32)
    records: list[tuple[str, str, dict[str, Any]]] = []
    at = 0
    for chunk_id, group in groupby(spans, key=lambda s: s.chunk_id):
        items = list(group)
        packed = base64.b64encode(vectors[at : at + len(items)].tobytes()).decode("ascii")
        at += len(items)
        meta = {
            "generation": generation,
            "source": source,
            "chunk_id": chunk_id,
            "indices": json.dumps([s.index for s in items]),
            "dimension": int(vectors.shape[1]),
            "vectors": packed,
        }
        records.append(
            (f"{generation}:{source}:{chunk_id}", json.dumps([s.text for s in items]), meta)
        )
    for i in range(0, len(records), batch):
        part = records[i : i + batch]
        col.upsert(
            ids=[r[0] for r in part],
            embeddings=[[1.0]] * len(part),
            documents=[r[1] for r in part],
            metadatas=[r[2] for r in part],
        )


def _unpack(document: str, meta: dict[str, Any]) -> tuple[list[str], np.ndarray]:
    texts = json.loads(document)
    raw = np.frombuffer(base64.b64decode(meta["vectors"]), dtype=np.float32)
    return texts, raw.reshape(len(texts), int(meta["dimension"]))


def read_spans(col: Any, where: dict[str, Any], limit: int) -> tuple[list[str], np.ndarray]:
    """Texts and vectors of the records matching `where`, at most `limit` texts."""
    texts: list[str] = []
    blocks: list[np.ndarray] = []
    for offset in range(0, 10**9, PAGE):
        got = col.get(where=where, limit=PAGE, offset=offset, include=["documents", "metadatas"])
        for document, meta in zip(got["documents"] or [], got["metadatas"] or [], strict=True):
            found, vectors = _unpack(document, meta)
            room = limit - len(texts)
            texts.extend(found[:room])
            blocks.append(vectors[:room])
        if len(got["ids"]) < PAGE or len(texts) >= limit:
            break
    if not blocks:
        return [], np.zeros((0, 0), dtype=np.float32)
    return texts, np.concatenate(blocks)


def span_embeddings_of(col: Any, generation: str) -> dict[str, np.ndarray]:
    """text key -> vector of a generation's records (to reuse when a document changes)."""
    texts, vectors = read_spans(col, {"generation": generation}, 10**9)
    return {text_key(t): v for t, v in zip(texts, vectors, strict=True)}


def delete_orphans(col: Any, generations: list[str], batch: int) -> int:
    """Deletes records of no active generation; returns how many."""
    where = {"generation": {"$nin": generations}} if generations else None
    ids = col.get(where=where, include=[])["ids"]
    for i in range(0, len(ids), batch):
        col.delete(ids=ids[i : i + batch])
    return len(ids)


class SpanVectorStore:
    """The sentence-vector side of ChromaStore (mixed into it: it runs on the same connection,
    with the same active generations)."""

    _conn: Any

    def _run(self, fn: Callable[..., T], writes: bool = False, spans: bool = False) -> T:
        raise NotImplementedError

    def _generations(self, chunks: Any, manifest: Any) -> list[str]:
        raise NotImplementedError

    def add_spans(
        self, spans: Sequence[SpanText], vectors: np.ndarray, generation: str, source: str
    ) -> None:
        """Writes the sentence vectors of a new generation (before `activate`)."""
        if len(spans) != len(vectors):
            raise ValueError("one vector per sentence is needed")
        batch = self._conn.batch
        self._run(
            lambda col, manifest, cols: write_spans(
                cols, spans, vectors, generation, source, batch
            ),
            spans=True,
        )

    def span_embeddings_of(self, generation: str) -> dict[str, np.ndarray]:
        """text key -> vector of a generation's sentences (to reuse unchanged ones)."""
        return self._run(
            lambda col, manifest, spans: span_embeddings_of(spans, generation), spans=True
        )

    def span_vectors(
        self, limit: int, chunk_ids: Sequence[str] | None = None
    ) -> tuple[list[str], np.ndarray]:
        """Texts and vectors of active passages' sentences (only `chunk_ids`' when given),
        at most `limit`; none for an index written before sentence vectors were stored."""

        def read(col: Any, manifest: Any, spans: Any) -> tuple[list[str], np.ndarray]:
            generations = self._generations(col, manifest)
            if not generations or (chunk_ids is not None and not chunk_ids):
                return [], np.zeros((0, 0), dtype=np.float32)
            conditions: list[dict[str, Any]] = [{"generation": {"$in": generations}}]
            if chunk_ids is not None:
                conditions.append({"chunk_id": {"$in": list(chunk_ids)}})
            return read_spans(spans, all_of(conditions) or {}, limit)

        return self._run(read, spans=True)
