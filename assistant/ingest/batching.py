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
from assistant.retrieval.span_store import SpanText, span_texts, text_key

log = logging.getLogger(__name__)


@dataclass
class PendingDocument:
    """A parsed document waiting for its embeddings: its passages and, when sentence vectors
    are stored, every text an answer may embed for them (assistant.retrieval.span_store)."""

    parsed: ParsedDocument
    entry: ManifestEntry
    size: int
    spans: list[SpanText] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # each text to embed once, passages first
    passages: int = 0  # how many of `texts` are passage texts
    vectors: np.ndarray | None = None  # one per text
    missing: int = 0
    todo: list[int] = field(default_factory=list)

    def prepare(self, with_spans: bool) -> None:
        if with_spans:
            self.spans = [t for c in self.parsed.chunks for t in span_texts(c)]
        passages = list(dict.fromkeys(c.text for c in self.parsed.chunks))
        self.passages = len(passages)
        self.texts = list(dict.fromkeys(passages + [t.text for t in self.spans]))

    def vectors_for(self, texts: list[str]) -> np.ndarray:
        assert self.vectors is not None
        at = {t: i for i, t in enumerate(self.texts)}
        return self.vectors[[at[t] for t in texts]]


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
        spans: bool = False,
    ) -> None:
        """`spans`: also embed and store the sentences of every passage."""
        self.embedder = embedder
        self.spans = spans
        self.min_batch = min(min_batch, batch)
        self.store = store
        self.batch = max(1, batch)
        self.on_written = on_written
        self.progress = progress
        self.total_bytes = total_bytes
        self.done_bytes = 0
        self.pending: list[PendingDocument] = []
        self.queue: list[tuple[PendingDocument, int]] = []  # (document, chunk index)
        self.embedded = 0  # passages sent to the embedder
        self.embedded_spans = 0  # other texts (sentences) sent to the embedder
        self.chunks_written = 0

    def skip(self, size: int) -> None:
        """A file that needs no embedding (unchanged or failed) counts as done."""
        self.done_bytes += size
        self._report()

    def add(self, doc: PendingDocument, reuse: dict[str, np.ndarray]) -> None:
        """Queues a document's texts; vectors in `reuse` (by text key) are not redone."""
        doc.prepare(self.spans)
        doc.vectors = np.zeros((len(doc.texts), self.embedder.dimension), dtype=np.float32)
        for i, text in enumerate(doc.texts):
            vector = reuse.get(text_key(text))
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
        texts = [doc.texts[i] for doc, i in work]
        vectors = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
        passages = sum(1 for doc, i in work if i < doc.passages)
        self.embedded += passages
        self.embedded_spans += len(texts) - passages
        for (doc, i), vector in zip(work, vectors, strict=True):
            assert doc.vectors is not None
            doc.vectors[i] = vector
            doc.missing -= 1
        self._write_ready()
        self._report()

    def _write_ready(self) -> None:
        for doc in [d for d in self.pending if d.missing == 0]:
            chunks, generation = doc.parsed.chunks, doc.entry.generation
            self.store.add_chunks(chunks, doc.vectors_for([c.text for c in chunks]), generation)
            if doc.spans:
                vectors = doc.vectors_for([t.text for t in doc.spans])
                self.store.add_spans(doc.spans, vectors, generation, doc.entry.doc.source)
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
            n = len(doc.texts)
            partial += doc.size * (n - doc.missing) / n if n else 0
        done = min(self.total_bytes, self.done_bytes + int(partial))
        self.progress(done, self.total_bytes)
