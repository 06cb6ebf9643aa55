"""The default answerer: the passage units that hold the asked fact, each one cited.

Nothing is generated. The question is read for the kind of fact it asks and the slots it pins
down (`question.frame`); the top passages are cut into connected units (`units.units_of`: a
statement, a list with its lead-in, a contact line whole); a learned ranker scores each unit
(`features`, `model`); a learned answerability model decides from the best units and the
slots whether the newsletters answer at all. A refusal says what is missing
(`refusal.refusal`). Every quote is the verbatim source span of its unit.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer.citations import citation_for, split_answer
from assistant.answer.features import UNIT_FEATURES, Scored, question_row, unit_rows
from assistant.answer.model import AnswerModel, ModelSource
from assistant.answer.refusal import refusal
from assistant.answer.units import Unit, units_of
from assistant.answer.vocabulary import CorpusTerms
from assistant.protocols import Draft, Embedder
from assistant.questions import Frame, frame
from assistant.settings import AnswerTuning
from assistant.terms import acronyms, content_set, jaccard, stem
from assistant.types import Citation, Passage

log = logging.getLogger(__name__)

_END = re.compile(r"[.!?]+[\"'”’)]*$")


@dataclass(frozen=True)
class Candidates:
    frame: Frame
    units: list[Unit]
    rows: np.ndarray | None  # UNIT_FEATURES, one row per unit
    unknown_share: float  # share of the question's words that no newsletter uses
    unknown: list[str]
    absent: float = 0.0  # rarity (0..1) of the rarest question word none of the passages has


class ExtractiveAnswerer:
    """`answer(question, passages) -> Draft`: cited units, or a refusal naming what is
    missing."""

    def __init__(
        self,
        embedder: Embedder,
        model: ModelSource,
        tuning: AnswerTuning,
        terms: CorpusTerms | None,
    ) -> None:
        self._embedder = embedder
        self._model = model
        self._tuning = tuning
        self._terms = terms

    @property
    def model(self) -> AnswerModel:
        return self._model.get()

    def answer(self, question: str, passages: Sequence[Passage]) -> Draft:
        return self.decide(question, self.candidates(question, passages), passages)

    def candidates(self, question: str, passages: Sequence[Passage]) -> Candidates:
        """The question's frame, its candidate units and their features (no model needed)."""
        fr = frame(question)
        t = self._tuning
        units = units_of(passages, t.max_passages, t.list_items)
        idf = self._terms.idf(fr.words) if self._terms is not None else {}
        aliases = self._terms.aliases() if self._terms is not None else {}
        sims = self._similarities(question, units) if units else {}
        rows = unit_rows(fr, units, sims, idf, aliases) if units else None
        unknown = self._unknown(question)
        present = frozenset().union(
            *(content_set(f"{p.chunk.section} {p.chunk.text}") for p in passages[: t.max_passages])
        )
        top = max(idf.values(), default=1.0)
        absent = max((idf[w] / top for w in fr.words - present if w in idf), default=0.0)
        return Candidates(
            fr, units, rows, len(unknown) / max(1, len(fr.words)), unknown, absent
        )

    def rank(self, cands: Candidates) -> list[Scored]:
        """Every candidate unit scored by the span ranker, best first."""
        if cands.rows is None:
            return []
        probs = self.model.ranker.shares(cands.rows)
        ranked = [
            Scored(u, r, float(p)) for u, r, p in zip(cands.units, cands.rows, probs, strict=True)
        ]
        ranked.sort(key=lambda s: (-s.probability, s.unit.rank, s.unit.sentences[0].index))
        return ranked

    def answerability(self, cands: Candidates, ranked: Sequence[Scored]) -> float:
        """P(the newsletters answer the question); the model is fitted so that 0.5 is the
        operating point chosen by cross-validation."""
        row = question_row(cands.frame, ranked, cands.unknown_share, cands.absent)
        return float(self.model.answerable.probability(row[None, :], "yes")[0])

    def decide(self, question: str, cands: Candidates, passages: Sequence[Passage]) -> Draft:
        ranked = self.rank(cands)
        defining = _defining(question, ranked)
        if defining is not None:
            # "what does MASP stand for?" with a unit that spells it out: that is the answer
            text, citations = compose([defining.unit])
            return Draft(text=text, citations=tuple(citations), refused=False)
        p = self.answerability(cands, ranked) if ranked else 0.0
        if p < self._tuning.answerable_threshold:
            log.info("extractive: refused (answerable %.3f)", p)
            # naming what is missing: the unknown terms, or else any question word (everyday
            # ones too) that no passage uses
            lacking = cands.unknown or self._unknown(question, everyday=True)
            return refusal(passages, cands.frame, ranked, lacking)
        text, citations = compose([s.unit for s in self._select(ranked, cands.frame)])
        return Draft(text=text, citations=tuple(citations), refused=False)

    def _unknown(self, question: str, everyday: bool = False) -> list[str]:
        return self._terms(question, everyday) if self._terms is not None else []

    def _similarities(self, question: str, units: Sequence[Unit]) -> dict[int, np.ndarray]:
        texts = list(dict.fromkeys(s.text for u in units for s in u.sentences))
        q = np.asarray(self._embedder.embed_query(question), np.float32)
        vecs = np.asarray(self._embedder.embed_documents(texts), np.float32)
        sim = dict(zip(texts, (vecs @ q).tolist(), strict=True))
        return {id(u): np.array([sim[s.text] for s in u.sentences], np.float32) for u in units}

    def _select(self, ranked: Sequence[Scored], fr: Frame | None = None) -> list[Scored]:
        """The best unit, then others close to it that add something, within the budget;
        when none of them holds the kind of fact asked for (a number, a date, a contact), the
        best-ranked unit that does joins them."""
        chosen = self._closest(ranked)
        if fr is None or fr.kind not in SPECIFIC_KINDS or any(_holds(c) for c in chosen):
            return chosen
        t = self._tuning
        extra = next(
            (c for c in ranked[1:] if _holds(c) and c.probability >= t.unit_floor
             and not any(_same(c.unit, x.unit, t) for x in chosen)),
            None,
        )
        if extra is None:
            return chosen
        if len(chosen) >= t.max_units:
            chosen = chosen[:-1]
        return [*chosen, extra]

    def _closest(self, ranked: Sequence[Scored]) -> list[Scored]:
        t = self._tuning
        best = _whole_list(ranked[0], ranked)
        chosen = [best]
        words = len(best.unit.text.split())
        floor = max(t.unit_floor, best.probability * t.relative)
        for cand in ranked[1:]:
            if len(chosen) >= t.max_units or cand.probability < floor:
                break
            size = len(cand.unit.text.split())
            if words + size > t.max_words or any(_same(cand.unit, c.unit, t) for c in chosen):
                continue
            chosen.append(cand)
            words += size
        return chosen


# "what does MASP stand for?", "what is FRCD short for?", "what does LADO mean?"
_ASKED_ACRONYM = re.compile(
    r"\b([A-Z][A-Z&]{1,7})s?\W{0,2} (?:stand|stands|is short|short|mean|means)\b"
)


def asked_acronym(question: str) -> str | None:
    """The acronym whose meaning the question asks for, if it asks for one."""
    found = _ASKED_ACRONYM.search(question)
    return found.group(1) if found else None


def _defining(question: str, ranked: Sequence[Scored]) -> Scored | None:
    """The shortest unit that spells out the acronym the question asks about
    ("Multi-Agency Support Panel (MASP)"), if the question asks what one stands for."""
    acronym = asked_acronym(question)
    if acronym is None:
        return None
    key = stem(acronym.replace("&", "").lower())
    defining = [s for s in ranked if key in acronyms(s.unit.text)]
    # the shortest such unit: the sentence that spells it out, not a window around it
    return min(defining, key=lambda s: len(s.unit.text)) if defining else None


SPECIFIC_KINDS = frozenset(
    {"number", "date", "timescale", "person", "role", "contact", "organisation", "place"}
)
_KIND_HOLDS = UNIT_FEATURES.index("kind_holds")


def _whole_list(best: Scored, ranked: Sequence[Scored]) -> Scored:
    """A unit made of some items of a list (an item, two items, an item and the next) stands
    for the whole list: the list unit that holds its sentences, when there is one."""
    if best.unit.kind == "list":
        return best
    mine = {s.raw_start for s in best.unit.sentences}
    source = best.unit.sentences[0].chunk.doc.source
    for cand in ranked:
        u = cand.unit
        if (
            u.kind == "list" and u.sentences[0].chunk.doc.source == source
            and mine <= {s.raw_start for s in u.sentences[1:]} | (
                {u.sentences[0].raw_start} if _opening(u) else set()
            )
        ):
            return replace(cand, probability=max(cand.probability, best.probability))
    return best


def _opening(u: Unit) -> bool:
    """A list with no lead-in of its own (its first sentence is an item)."""
    return not u.sentences[0].text.rstrip().endswith(":")


def _holds(scored: Scored) -> bool:
    return bool(scored.row[_KIND_HOLDS])


def _same(a: Unit, b: Unit, t: AnswerTuning) -> bool:
    """Two units that quote the same sentences or say the same thing."""
    if a.sentences[0].chunk.doc.source == b.sentences[0].chunk.doc.source:
        starts_a = {s.raw_start for s in a.sentences}
        if starts_a & {s.raw_start for s in b.sentences}:
            return True
    return jaccard(content_set(a.text), content_set(b.text)) >= t.duplicate


def compose(units: Sequence[Unit]) -> tuple[str, list[Citation]]:
    """Answer text with one marker per unit, and the matching citations (numbered in order).
    A list reads as its lead-in and its items joined by semicolons."""
    parts: list[str] = []
    citations: list[Citation] = []
    for unit in units:
        cit = citation_for(len(citations) + 1, unit.sentences)
        citations.append(cit)
        # every sentence of the reading carries the marker, so none reads as uncited
        parts.extend(with_marker(piece, cit.n) for piece in split_answer(_reading(unit)))
    return " ".join(parts), citations


def _reading(unit: Unit) -> str:
    texts = [s.text.strip() for s in unit.sentences]
    if unit.kind == "list" and _opening(unit):  # items alone, under the section title
        return f"{'; '.join(x.rstrip('.;,') for x in texts)}."
    if unit.kind == "list":
        lead, items = texts[0], [x.rstrip(".;,") for x in texts[1:]]
        return f"{lead} {'; '.join(items)}."
    return " ".join(texts)


def with_marker(text: str, n: int) -> str:
    """"Text [n]." with the marker inside the sentence's closing punctuation."""
    text = text.strip()
    end = _END.search(text)
    if end:
        return f"{text[: end.start()].rstrip()} [{n}]{text[end.start():]}"
    return f"{text.rstrip(':;,')} [{n}]."
