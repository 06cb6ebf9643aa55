"""The remembering embedder: each text embedded once, even when many callers ask at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from assistant.answer.vectors import MemoEmbedder
from tests.fakes import HashingEmbedder


class SlowCounting(HashingEmbedder):
    """Counts the texts it embeds and notes when two calls overlap."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []
        self.overlapped = False
        self._busy = threading.Lock()

    def embed_documents(self, texts):
        if not self._busy.acquire(blocking=False):
            self.overlapped = True
            self._busy.acquire()
        try:
            time.sleep(0.05)
            self.embedded.extend(texts)
            return super().embed_documents(texts)
        finally:
            self._busy.release()


def test_concurrent_callers_missing_the_same_texts_embed_them_once():
    inner = SlowCounting()
    memo = MemoEmbedder(inner, 50_000, 256)
    texts = [f"sentence number {i}" for i in range(20)]
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda _: memo.embed_documents(texts), range(16)))
    assert sorted(inner.embedded) == sorted(texts)
    assert not inner.overlapped
    for got in results:
        assert np.allclose(got, results[0])


def test_vectors_match_the_inner_embedder_and_order_is_kept():
    inner = HashingEmbedder()
    memo = MemoEmbedder(inner, 50_000, 256)
    memo.embed_documents(["b text", "a text"])
    got = memo.embed_documents(["a text", "new text", "b text"])
    assert np.allclose(got, inner.embed_documents(["a text", "new text", "b text"]))


def test_evicted_texts_are_embedded_again():
    inner = HashingEmbedder()
    memo = MemoEmbedder(inner, 2, 256)
    got = memo.embed_documents(["one", "two", "three"])
    assert got.shape[0] == 3
    assert np.allclose(got, inner.embed_documents(["one", "two", "three"]))
