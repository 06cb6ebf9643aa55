"""Small deterministic stand-ins for plumbing tests (never for retrieval quality)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np


class HashingEmbedder:
    """Bag-of-words hashed into a fixed space and L2-normalised: fast and deterministic."""

    def __init__(self, dimension: int = 384) -> None:
        self._dim = dimension
        self.calls = 0
        self.texts_embedded = 0

    @property
    def dimension(self) -> int:
        return self._dim

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self._dim, dtype=np.float32)
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
            v[h % self._dim] += 1.0
        n = np.linalg.norm(v)
        if n == 0:
            v[0] = 1.0
            n = 1.0
        return v / n

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self._dim))

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)


def production():
    """The production Settings, for tests that build stages by hand: tests run the values
    the product runs."""
    from assistant.settings import Settings

    return Settings()


def lexical_index(store, cache_dir):
    from assistant.retrieval.lexical import LexicalIndex

    t = production().retrieval
    return LexicalIndex(store, cache_dir, t.bm25_k1, t.bm25_b)
