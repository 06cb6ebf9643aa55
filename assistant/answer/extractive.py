"""The default answerer: the passage sentences that answer the question, each one cited.

Nothing is generated. The answer is made of sentences of the retrieved passages (cleaned for
reading), and each carries a marker [n] whose citation quotes that sentence's verbatim span of
the source file. When the best sentence scores below `min_support` the answer is a refusal; so
it is below `strict_support` when the question names a term no newsletter uses (`terms`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from assistant.answer.citations import citation_for, split_answer
from assistant.answer.refusal import refusal
from assistant.answer.scoring import Scored, SentenceScorer
from assistant.answer.sentences import Sentence, leads_on, sentences_of
from assistant.protocols import Draft, Embedder
from assistant.retrieval.fusion import month_index
from assistant.retrieval.terms import jaccard
from assistant.types import Citation, Passage

log = logging.getLogger(__name__)

_END = re.compile(r"[.!?]+[\"'”’)]*$")


class ExtractiveAnswerer:
    """Picks up to `max_sentences` passage sentences; refuses below `min_support`."""

    def __init__(
        self,
        embedder: Embedder,
        max_sentences: int = 4,
        min_support: float = 0.43,
        relative: float = 0.8,
        duplicate: float = 0.7,
        scorer: SentenceScorer | None = None,
        terms: Callable[[str], list[str]] | None = None,
        strict_support: float = 0.65,
    ) -> None:
        if max_sentences < 1:
            raise ValueError("max_sentences must be at least 1")
        self._max = max_sentences
        self.min_support = min_support
        self._relative = relative  # keep sentences scoring at least this share of the best
        self._duplicate = duplicate  # content-word Jaccard at which two sentences are one
        self._scorer = scorer or SentenceScorer(embedder)
        self._terms = terms
        self.strict_support = strict_support

    def support(self, question: str, passages: Sequence[Passage]) -> float:
        """The best sentence score: the evidence the passages hold for this question."""
        scored = self._scorer.score(question, passages)
        return scored[0].score if scored else 0.0

    def answer(self, question: str, passages: Sequence[Passage]) -> Draft:
        scored = self._scorer.score(question, passages)
        best = scored[0].score if scored else 0.0
        if best < self.min_support:
            log.info("extractive: refused (support %.3f)", best)
            return refusal(passages)
        unknown = self._terms(question) if self._terms and best < self.strict_support else []
        if unknown:
            log.info("extractive: refused (support %.3f, %d unknown terms)", best, len(unknown))
            return refusal(passages, missing=unknown)
        chosen = self._select(scored)
        units = [self._unit(s.sentence) for s in chosen]
        units.sort(key=lambda u: (_rank_of(u[0], chosen), u[0].index))
        text, citations = compose(units)
        return Draft(text=text, citations=tuple(citations), refused=False)

    def _select(self, scored: list[Scored]) -> list[Scored]:
        floor = max(self.min_support, scored[0].score * self._relative)
        chosen: list[Scored] = []
        for cand in scored:
            if cand.score < floor or len(chosen) >= self._max:
                break
            twin = next((i for i, c in enumerate(chosen) if self._same(c, cand)), None)
            if twin is None:
                chosen.append(cand)
            elif _newer(cand.sentence, chosen[twin].sentence):
                chosen[twin] = cand  # the newer issue's wording of the same guidance
        return chosen

    def _same(self, a: Scored, b: Scored) -> bool:
        if a.sentence.text == b.sentence.text:
            return True
        if a.sentence.chunk.doc_hash == b.sentence.chunk.doc_hash and (
            a.sentence.raw_start == b.sentence.raw_start  # one sentence in two overlapping chunks
        ):
            return True
        return jaccard(a.sentence.words, b.sentence.words) >= self._duplicate

    def _unit(self, sent: Sentence) -> list[Sentence]:
        """The sentence, and the next one when it leads on to it ("... this link:")."""
        unit = [sent]
        if leads_on(sent.text):
            following = [s for s in sentences_of(sent.chunk) if s.index > sent.index]
            unit.extend(following[:1])
        return unit


def compose(units: Sequence[Sequence[Sentence]]) -> tuple[str, list[Citation]]:
    """Answer text with one marker per unit, and the matching citations (numbered in order).

    Sentences quoting the same verbatim span share a number.
    """
    parts: list[str] = []
    citations: list[Citation] = []
    seen: dict[tuple[str, int, int], int] = {}
    for unit in units:
        cit = citation_for(len(citations) + 1, unit)
        key = (cit.doc.source, cit.start, cit.end)
        if key in seen:
            continue
        seen[key] = cit.n
        citations.append(cit)
        # a sentence with an inner full stop ("... missing. (link below)") gets a marker on
        # each piece, so no piece reads as an uncited sentence
        text = " ".join(s.text for s in unit)
        parts.extend(with_marker(piece, cit.n) for piece in split_answer(text))
    return " ".join(parts), citations


def with_marker(text: str, n: int) -> str:
    """"Text [n]." with the marker inside the sentence's closing punctuation."""
    text = text.strip()
    end = _END.search(text)
    if end:
        return f"{text[: end.start()].rstrip()} [{n}]{text[end.start():]}"
    return f"{text.rstrip(':;,')} [{n}]."


def _newer(a: Sentence, b: Sentence) -> bool:
    return month_index(a.chunk.doc.date) > month_index(b.chunk.doc.date)


def _rank_of(sent: Sentence, chosen: Sequence[Scored]) -> int:
    return next((c.rank for c in chosen if c.sentence is sent), 0)
