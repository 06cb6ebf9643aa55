"""Checking a generated sentence against the passages it cites.

A claim is supported by a passage when most of its content words are in the passage, its
best-matching passage sentence is close in meaning, and every number it states (phone
numbers, dates, ages) appears in the passage. The quote for a supported claim is that best
passage sentence's verbatim span, never text the model wrote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.citations import overlap
from assistant.answer.sentences import Sentence, sentences_of
from assistant.protocols import Embedder
from assistant.types import Chunk

_NUMBER = re.compile(r"\d[\d ]*\d|\d")


@dataclass(frozen=True)
class Support:
    supported: bool
    lexical: float  # share of the claim's content words in the passage
    semantic: float  # cosine of the claim and its closest passage sentence
    best: Sentence | None  # that closest sentence (the quote)


def numbers(text: str) -> set[str]:
    """Digit strings with inner spaces removed ("0116 305 0005" -> "01163050005")."""
    return {m.group().replace(" ", "") for m in _NUMBER.finditer(text)}


class SupportChecker:
    def __init__(self, embedder: Embedder, min_lexical: float, min_semantic: float) -> None:
        self._embedder = embedder
        self.min_lexical = min_lexical
        self.min_semantic = min_semantic

    def check(self, claim: str, chunk: Chunk) -> Support:
        sentences = sentences_of(chunk)
        if not sentences:
            return Support(False, 0.0, 0.0, None)
        vectors = self._embedder.embed_documents([s.text for s in sentences] + [claim])
        sims = np.asarray(vectors[:-1]) @ np.asarray(vectors[-1])
        word_share = np.array([overlap(claim, s.text) for s in sentences])
        best_i = int(np.argmax(sims + 0.5 * word_share))
        lexical = overlap(claim, f"{chunk.section} {chunk.text}")
        semantic = float(sims[best_i])
        in_passage = numbers(chunk.text)
        numbers_ok = all(any(n in m for m in in_passage) for n in numbers(claim))
        ok = numbers_ok and lexical >= self.min_lexical and semantic >= self.min_semantic
        return Support(ok, lexical, semantic, sentences[best_i])

    def best_of(self, claim: str, chunks: Sequence[Chunk]) -> tuple[Chunk, Support] | None:
        """The cited chunk that best supports the claim, if any does."""
        results = [(c, self.check(claim, c)) for c in chunks]
        good = [(c, s) for c, s in results if s.supported]
        if not good:
            return None
        return max(good, key=lambda cs: cs[1].semantic + cs[1].lexical)
