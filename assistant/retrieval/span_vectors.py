"""Stored sentence vectors into the remembering embedder, so no question waits for the model.

At start (`load_all`, from the retriever's warm-up) every active passage sentence's vector is
read from the index (assistant.retrieval.span_store), up to the memory's size. Before each
question's rerank (`fill`) the candidate passages' texts that memory lacks (new passages after
an ingest changed the store, or passages evicted) are read for just those passages, one small
read. Vectors are remembered by text, so entries of an older store version stay right for
their text. An index written before sentence vectors were stored has none: then the texts are
embedded on first use, as before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from assistant.retrieval.span_store import span_texts
from assistant.types import Chunk

log = logging.getLogger(__name__)


class SpanVectorLoader:
    """Fills `memory` (a MemoEmbedder: `remember`, `missing`, `dimension`) from `store`."""

    def __init__(self, store: Any, memory: Any, limit: int) -> None:
        self._store = store
        self._memory = memory
        self._limit = limit
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self._limit > 0 and hasattr(self._store, "span_vectors")

    def load_all(self) -> int:
        """Every active sentence vector (at most `limit`) into memory; how many were read."""
        if not self.available:
            return 0
        with self._lock:
            texts, vectors = self._store.span_vectors(self._limit)
            count = self._remember(texts, vectors)
        log.info("sentence vectors read from the index: %d", count)
        return count

    def fill(self, chunks: Sequence[Chunk]) -> int:
        """The stored vectors of `chunks`' texts that memory lacks; how many were read."""
        if not self.available or not chunks:
            return 0
        lacking = [c.id for c in chunks if self._memory.missing([t.text for t in span_texts(c)])]
        if not lacking:
            return 0
        texts, vectors = self._store.span_vectors(self._limit, chunk_ids=lacking)
        return self._remember(texts, vectors)

    def _remember(self, texts: list[str], vectors: Any) -> int:
        if not texts or vectors.shape[1] != self._memory.dimension:
            return 0  # none stored, or made by another model: embed on use instead
        self._memory.remember(texts, vectors)
        return len(texts)
