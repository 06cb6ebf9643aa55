"""An embedder wrapper that remembers vectors, so a warm answer embeds only new sentences.

The answerers score passage sentences against the question; the same passages come back for
many questions, so their sentence vectors are kept (bounded, least recently used first out).
The question's vector is shared between retrieval and answering the same way.

Calls into the model are serialised: the model already uses every core for one batch, and
concurrent requests that miss the same sentences would otherwise each embed them again (with
32 clients that herd made a cold server several times slower). A caller that waited for the
model looks again at what is still missing, so each text is embedded once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.protocols import Embedder


class MemoEmbedder:
    """Implements Embedder over `inner`, with LRU memories for documents and queries."""

    def __init__(self, inner: Embedder, max_texts: int, max_queries: int) -> None:
        self._inner = inner
        self._docs: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max_texts = max_texts
        self._max_queries = max_queries
        self._lock = threading.Lock()  # guards the memories
        self._model_lock = threading.Lock()  # one call into the model at a time

    @property
    def inner(self) -> Embedder:
        return self._inner

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    def _missing(self, texts: Sequence[str]) -> list[str]:
        with self._lock:
            return list(dict.fromkeys(t for t in texts if t not in self._docs))

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The texts not remembered (each once)."""
        return self._missing(texts)

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep vectors made elsewhere by the same model (the index's stored sentence vectors)
        as if embedded here, so asking for those texts never waits for the model."""
        vectors = np.asarray(vectors, dtype=np.float32)
        with self._lock:
            for text, vec in zip(texts, vectors, strict=True):
                _put(self._docs, text, vec, self._max_texts)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if self._missing(texts):
            with self._model_lock:
                missing = self._missing(texts)  # another caller may have embedded them
                vectors: Any = (
                    self._inner.embed_documents(missing) if missing else []
                )
            with self._lock:
                for text, vec in zip(missing, vectors, strict=True):
                    _put(self._docs, text, np.asarray(vec, dtype=np.float32), self._max_texts)
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            out: list[np.ndarray | None] = []
            for t in texts:
                found = self._docs.get(t)
                if found is not None:
                    self._docs.move_to_end(t)
                out.append(found)
        # evicted by a concurrent call meanwhile: embed again (never holding the memory lock
        # while waiting for the model: the model lock is always taken first)
        filled: list[np.ndarray] = []
        for text, found in zip(texts, out, strict=True):
            if found is None:
                with self._model_lock:
                    found = np.asarray(self._inner.embed_documents([text])[0], np.float32)
            filled.append(found)
        return np.stack(filled)

    def forget_queries(self) -> None:
        """Drop remembered question vectors (benchmarks measure a fresh question this way)."""
        with self._lock:
            self._queries.clear()

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._queries.get(text)
            if vec is not None:
                self._queries.move_to_end(text)
                return vec
        with self._model_lock:
            with self._lock:
                vec = self._queries.get(text)  # embedded while this caller waited
            if vec is None:
                vec = np.asarray(self._inner.embed_query(text), dtype=np.float32)
        with self._lock:
            _put(self._queries, text, vec, self._max_queries)
        return vec


def _put(memory: OrderedDict[str, np.ndarray], key: str, value: np.ndarray, limit: int) -> None:
    memory[key] = value
    memory.move_to_end(key)
    while len(memory) > limit:
        memory.popitem(last=False)
