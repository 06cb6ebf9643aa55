"""Scoring passage sentences against a question: embedding similarity plus word overlap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.sentences import Sentence, answerable_sentences
from assistant.protocols import Embedder
from assistant.retrieval.terms import content_set
from assistant.types import Passage


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    similarity: float  # cosine of question and sentence vectors
    coverage: float  # share of the question's content words the sentence (or heading) has
    rank: int  # the passage's retrieval rank
    score: float


class SentenceScorer:
    """score = sim_weight * similarity + lex_weight * coverage - rank_penalty * (rank - 1)."""

    def __init__(
        self,
        embedder: Embedder,
        sim_weight: float = 0.6,
        lex_weight: float = 0.4,
        rank_penalty: float = 0.03,
        heading_share: float = 0.5,
        max_passages: int = 5,
    ) -> None:
        self._embedder = embedder
        self._sim_w = sim_weight
        self._lex_w = lex_weight
        self._rank_penalty = rank_penalty
        self._heading_share = heading_share
        self.max_passages = max_passages

    def candidates(self, passages: Sequence[Passage]) -> list[tuple[Sentence, int]]:
        """Answerable sentences of the top passages, with their passage's rank."""
        out: list[tuple[Sentence, int]] = []
        for p in passages[: self.max_passages]:
            out.extend((s, p.rank) for s in answerable_sentences(p.chunk))
        return out

    def score(self, question: str, passages: Sequence[Passage]) -> list[Scored]:
        """Every candidate sentence scored, best first."""
        cands = self.candidates(passages)
        if not cands:
            return []
        q_vec = self._embedder.embed_query(question)
        s_vecs = self._embedder.embed_documents([s.text for s, _ in cands])
        sims = np.asarray(s_vecs, dtype=np.float32) @ np.asarray(q_vec, dtype=np.float32)
        q_words = content_set(question)
        scored = []
        for (sent, rank), sim in zip(cands, sims, strict=True):
            cov = self.coverage(q_words, sent)
            score = (
                self._sim_w * float(sim)
                + self._lex_w * cov
                - self._rank_penalty * (rank - 1)
            )
            scored.append(Scored(sent, float(sim), cov, rank, score))
        scored.sort(key=lambda s: (-s.score, s.rank, s.sentence.index))
        return scored

    def coverage(self, q_words: frozenset[str], sent: Sentence) -> float:
        if not q_words:
            return 0.0
        own = q_words & sent.words
        heading = (q_words & content_set(sent.chunk.section)) - own
        return (len(own) + self._heading_share * len(heading)) / len(q_words)
