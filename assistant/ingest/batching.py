"""Embedding in full batches across files, writing each document as soon as it is complete."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.ingest.parse import ParsedDocument
from assistant.protocols import Embedder, Progress
from assistant.retrieval.chroma_codec import ManifestEntry

log = logging.getLogger(__name__)


@dataclass
class PendingDocument:
    """A parsed document waiting for its embeddings."""

    parsed: ParsedDocument
    entry: ManifestEntry
    size: int
    vectors: np.ndarray | None = None
    missing: int = 0
    todo: list[int] = field(default_factory=list)


class EmbedQueue:
    """Collects passages from many documents and embeds them `batch` at a time.

    A document goes to the store (new chunks, then the atomic switch) once all its vectors
    are ready, so work done before a crash is kept and nothing half-written is served.
    """

    def __init__(
        self,
        embedder: Embedder,
        store: Any,
        batch: int,
        on_written: Callable[[str], None],
        progress: Progress | None = None,
        total_bytes: int = 0,
        min_batch: int = 64,
    ) -> None:
        self.embedder = embedder
        self.min_batch = min(min_batch, batch)
        self.store = store
        self.batch = max(1, batch)
        self.on_written = on_written
        self.progress = progress
        self.total_bytes = total_bytes
        self.done_bytes = 0
        self.pending: list[PendingDocument] = []
        self.queue: list[tuple[PendingDocument, int]] = []  # (document, chunk index)
        self.embedded = 0
        self.chunks_written = 0

    def skip(self, size: int) -> None:
        """A file that needs no embedding (unchanged or failed) counts as done."""
        self.done_bytes += size
        self._report()

    def add(self, doc: PendingDocument, reuse: dict[str, np.ndarray]) -> None:
        """Queues a document's passages; vectors in `reuse` (by content hash) are not redone."""
        chunks = doc.parsed.chunks
        doc.vectors = np.zeros((len(chunks), self.embedder.dimension), dtype=np.float32)
        for i, chunk in enumerate(chunks):
            vector = reuse.get(chunk.content_hash)
            if vector is not None and vector.shape == (self.embedder.dimension,):
                doc.vectors[i] = vector
            else:
                doc.todo.append(i)
        doc.missing = len(doc.todo)
        self.pending.append(doc)
        self.queue.extend((doc, i) for i in doc.todo)
        while len(self.queue) >= self.batch:
            self._embed(self.batch)
        self._write_ready()

    def embed_some(self) -> bool:
        """Embeds one batch now if a useful amount is queued (while the parser is busy)."""
        if len(self.queue) < self.min_batch:
            return False
        self._embed(self.batch)
        return True

    def finish(self) -> None:
        while self.queue:
            self._embed(self.batch)
        self._write_ready()

    def _embed(self, n: int) -> None:
        work, self.queue = self.queue[:n], self.queue[n:]
        texts = [doc.parsed.chunks[i].text for doc, i in work]
        vectors = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
        self.embedded += len(texts)
        for (doc, i), vector in zip(work, vectors, strict=True):
            assert doc.vectors is not None
            doc.vectors[i] = vector
            doc.missing -= 1
        self._write_ready()
        self._report()

    def _write_ready(self) -> None:
        for doc in [d for d in self.pending if d.missing == 0]:
            self.store.add_chunks(doc.parsed.chunks, doc.vectors, doc.entry.generation)
            self.store.activate(doc.entry, doc.parsed.source_text)
            self.chunks_written += len(doc.parsed.chunks)
            self.done_bytes += doc.size
            self.pending.remove(doc)
            self.on_written(doc.entry.doc.source)
            log.info("%s: %d chunks written", doc.entry.doc.source, len(doc.parsed.chunks))
        self._report()

    def _report(self) -> None:
        if self.progress is None:
            return
        partial = 0.0
        for doc in self.pending:
            n = len(doc.parsed.chunks)
            partial += doc.size * (n - doc.missing) / n if n else 0
        done = min(self.total_bytes, self.done_bytes + int(partial))
        self.progress(done, self.total_bytes)
