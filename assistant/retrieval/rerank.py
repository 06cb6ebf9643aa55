"""A second look at the fused candidates: which passage holds the sentence that answers?

Fusion ranks whole passages. A question usually asks about one detail, and the passage that
holds it can sit just below a neighbour from the same article. The reranker scores the top
`depth` fused candidates on signals fusion does not see, and orders them by

    fused * w_fused / best_fused            (the fused rank, scaled to 0..1)
  + dense cosine of question and passage    * w_dense
  + BM25 score / best BM25                  * w_lexical
  + best cosine of question and one passage sentence   * w_sentence
  + share of question content words in heading + text  * w_coverage
  + share of question content words in the heading     * w_heading

Candidates below `depth` keep their fused order after the reranked ones. The weights were
chosen on the bundled question set (odd and even halves agreeing); see docs/answering.md.
Sentence vectors come from the shared remembering embedder, so each passage's sentences are
embedded once per process (`warm_up` embeds them all ahead of the first question).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.answer.sentences import answerable_sentences
from assistant.protocols import Embedder
from assistant.settings import RetrievalTuning
from assistant.terms import content_set
from assistant.types import Chunk


def passage_sentences(chunk: Chunk) -> list[str]:
    """The sentences a passage could answer with (the whole text when it has none)."""
    texts = [s.text for s in answerable_sentences(chunk)]
    return texts or [chunk.text]


class Reranker:
    """Reorders the head of a fused candidate list (ids, best first)."""

    def __init__(self, embedder: Embedder, tuning: RetrievalTuning) -> None:
        if tuning.rerank_depth < 1:
            raise ValueError("rerank_depth must be at least 1")
        self._embedder = embedder
        self._w = tuning.rerank
        self.depth = tuning.rerank_depth

    def warm_up(self, chunks: Sequence[Chunk], batch: int) -> None:
        """Embed every passage sentence now (the embedder remembers them), in small batches
        so that questions arriving meanwhile get the model between batches."""
        texts = list(dict.fromkeys(t for c in chunks for t in passage_sentences(c)))
        for i in range(0, len(texts), batch):
            self._embedder.embed_documents(texts[i : i + batch])

    def rerank(
        self,
        query: str,
        order: Sequence[str],
        fused: dict[str, float],
        chunks: dict[str, Chunk],
        dense: dict[str, float],
        lexical: dict[str, float],
    ) -> tuple[list[str], dict[str, float]]:
        """The new order and each reranked candidate's score (others keep their fused one,
        placed below every reranked score)."""
        head = list(order[: self.depth])
        if not head:
            return list(order), dict(fused)
        w = self._w
        q_vec = np.asarray(self._embedder.embed_query(query), dtype=np.float32)
        q_words = content_set(query)
        best_fused = fused[head[0]] or 1.0
        best_lex = max(lexical.values(), default=0.0) or 1.0
        floor_dense = min(dense.values(), default=0.0)
        texts = {cid: passage_sentences(chunks[cid]) for cid in head}
        flat = [t for cid in head for t in texts[cid]]
        vectors = np.asarray(self._embedder.embed_documents(flat), dtype=np.float32)
        sims = vectors @ q_vec
        scores: dict[str, float] = {}
        at = 0
        for cid in head:
            n = len(texts[cid])
            best_sentence = float(sims[at : at + n].max())
            at += n
            chunk = chunks[cid]
            scores[cid] = (
                w.fused * fused[cid] / best_fused
                + w.dense * dense.get(cid, floor_dense)
                + w.lexical * lexical.get(cid, 0.0) / best_lex
                + w.sentence * best_sentence
                + w.coverage * _share(q_words, f"{chunk.section}\n{chunk.text}")
                + w.heading * _share(q_words, chunk.section)
            )
        reranked = sorted(head, key=lambda cid: (-scores[cid], cid))
        lowest = min(scores.values())
        rest = list(order[self.depth :])
        # the tail keeps its fused order, just below the reranked head
        for i, cid in enumerate(rest, start=1):
            scores[cid] = lowest - i * 1e-6
        return reranked + rest, scores


def _share(q_words: frozenset[str], text: str) -> float:
    if not q_words:
        return 0.0
    return len(q_words & content_set(text or "")) / len(q_words)
