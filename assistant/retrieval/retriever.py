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
from assistant.retrieval.span_vectors import SpanVectorLoader
from assistant.settings import RetrievalTuning
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
        tuning: RetrievalTuning,
        reranker: Reranker | None,
        span_vectors: SpanVectorLoader | None = None,
    ) -> None:
        self._store = store
        self._lexical = lexical
        self._embedder = embedder
        self.top_k = tuning.top_k
        self._dense_k = tuning.dense_k
        self._lexical_k = tuning.lexical_k
        self._rrf_k = tuning.rrf_k
        self._weights = (tuning.dense_weight, tuning.lexical_weight)
        self._recency_weight = tuning.recency_weight
        self._dup = tuning.duplicate_threshold
        self._reranker = reranker
        self._warm_up_batch = tuning.warm_up_batch
        self._span_vectors = span_vectors  # stored sentence vectors for the reranked head

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
        if self._span_vectors is not None:  # every passage that may be reranked or returned
            depth = max(3 * self.top_k, self._reranker.depth if self._reranker else 0)
            self._span_vectors.fill([by_id[cid] for cid in order[:depth]])
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
        """Load the lexical index and every passage sentence's vector ahead of the first
        question: read from the index, embedded only where the index has none."""
        chunks = self._lexical.chunks  # loads or rebuilds the lexical index first
        if self._span_vectors is not None:
            self._span_vectors.load_all()
        if self._reranker is not None:
            self._reranker.warm_up(chunks, self._warm_up_batch)
