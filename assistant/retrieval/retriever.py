"""Hybrid retrieval: dense (the vector store) and lexical (BM25) candidates, fused by rank."""

from __future__ import annotations

import logging

from assistant.errors import BadRequest
from assistant.protocols import ChunkStore, Embedder
from assistant.retrieval.fusion import (
    prefer_newer_variants,
    recency,
    reciprocal_rank_fusion,
    suppress_near_duplicates,
)
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.rerank import Reranker
from assistant.types import Chunk, Filters, Passage

log = logging.getLogger(__name__)


class HybridRetriever:
    """Dense and BM25 candidates fused by weighted reciprocal rank, newest first on near-ties,
    the head reranked on sentence-level evidence (when a reranker is given), near-duplicates
    removed, filtered by date range, newsletter and area on both sides."""

    def __init__(
        self,
        store: ChunkStore,
        lexical: LexicalIndex,
        embedder: Embedder,
        top_k: int = 10,
        dense_k: int = 40,
        lexical_k: int = 40,
        rrf_k: int = 60,
        dense_weight: float = 1.0,
        lexical_weight: float = 1.3,  # tuned on the question set (odd/even halves)
        recency_weight: float = 0.0005,
        duplicate_threshold: float = 0.8,
        reranker: Reranker | None = None,
    ) -> None:
        if min(top_k, dense_k, lexical_k, rrf_k) < 1:
            raise ValueError("top_k, dense_k, lexical_k and rrf_k must be at least 1")
        self._store = store
        self._lexical = lexical
        self._embedder = embedder
        self.top_k = top_k
        self._dense_k = dense_k
        self._lexical_k = lexical_k
        self._rrf_k = rrf_k
        self._weights = (dense_weight, lexical_weight)
        # A tie-break: at rrf_k=60 one rank step near the top is worth about 0.0003.
        self._recency_weight = recency_weight
        self._dup = duplicate_threshold
        self._reranker = reranker

    @property
    def store(self) -> ChunkStore:
        return self._store

    @property
    def lexical(self) -> LexicalIndex:
        return self._lexical

    def candidates(
        self, query: str, filters: Filters | None = None
    ) -> tuple[list[tuple[Chunk, float]], list[tuple[Chunk, float]]]:
        """The dense and lexical candidate lists before fusion (for evaluation and tuning)."""
        vector = self._embedder.embed_query(query)
        dense = self._store.query(vector, self._dense_k, filters)
        lexical = self._lexical.search(query, self._lexical_k, filters)
        return dense, lexical

    def retrieve(self, query: str, filters: Filters | None = None) -> list[Passage]:
        if not query or not query.strip():
            raise BadRequest("query is empty")
        dense, lexical = self.candidates(query, filters)
        by_id = {c.id: c for c, _ in dense}
        by_id.update({c.id: c for c, _ in lexical})
        fused = reciprocal_rank_fusion(
            [[c.id for c, _ in dense], [c.id for c, _ in lexical]],
            k=self._rrf_k,
            weights=self._weights,
        )
        if self._recency_weight:
            for cid, r in recency(list(by_id.values())).items():
                fused[cid] += self._recency_weight * r
        order = sorted(fused, key=lambda cid: (-fused[cid], cid))
        if self._reranker is not None:
            order, fused = self._reranker.rerank(
                query, order, fused, by_id,
                dense={c.id: s for c, s in dense}, lexical={c.id: s for c, s in lexical},
            )
        # duplicates and variants are looked for among the leaders only (pairwise work):
        # three times the passages returned leaves room for every copy removed.
        # A newer reprint kept in place of a better-ranked older copy takes that copy's score.
        leaders = order[: 3 * self.top_k]
        kept = suppress_near_duplicates([by_id[cid] for cid in leaders], self._dup)
        scored = prefer_newer_variants([(c, fused[leaders[first]]) for c, first in kept])
        log.debug("retrieve: %d dense, %d lexical, %d kept", len(dense), len(lexical), len(kept))
        return [
            Passage(chunk=c, rank=rank, score=score)
            for rank, (c, score) in enumerate(scored[: self.top_k], start=1)
        ]

    def warm_up(self) -> None:
        """Load the lexical index and embed every passage sentence ahead of the first question."""
        chunks = self._lexical.chunks  # loads or rebuilds the lexical index first
        if self._reranker is not None:
            self._reranker.warm_up(chunks)
