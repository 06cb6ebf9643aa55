"""The extractive answerer with the real embedding model on hand-built passages."""

from __future__ import annotations

import re

import pytest

from assistant.answer.citations import quote_is_verbatim, uncited_sentences
from assistant.answer.extractive import ExtractiveAnswerer
from tests.answer.helpers import (
    CHOKING,
    FRONT_DOOR,
    FRONT_DOOR_SOURCE,
    doc,
    make_chunk,
    passages,
)
from tests.fakes import production


@pytest.fixture(scope="module")
def answerer(real_embedder):
    """The product's answerer: the packaged span ranker and answerability model."""
    from assistant.answer.model import ModelSource

    return ExtractiveAnswerer(real_embedder, ModelSource(), production().answer, None)


@pytest.fixture(scope="module")
def chunks():
    door = make_chunk(FRONT_DOOR_SOURCE, FRONT_DOOR, section="Front door", cid="door")
    choke = make_chunk(FRONT_DOOR_SOURCE, CHOKING, section="Choking", cid="choke")
    return door, choke


def test_extractive_answer_quotes_the_sentence_that_answers(answerer, chunks):
    draft = answerer.answer("What number should families call for children's duty?",
                            passages(*chunks))
    assert not draft.refused
    assert any("0116 305 0005" in c.quote for c in draft.citations)


def test_extractive_citation_quotes_are_verbatim_source(answerer, chunks):
    draft = answerer.answer("How should food be prepared to avoid choking?", passages(*chunks))
    assert draft.citations
    assert all(quote_is_verbatim(c, FRONT_DOOR_SOURCE) for c in draft.citations)


def test_extractive_every_sentence_carries_a_marker(answerer, chunks):
    draft = answerer.answer("What number should families call?", passages(*chunks))
    assert uncited_sentences(draft.text) == []
    used = {int(n) for n in re.findall(r"\[(\d+)\]", draft.text)}
    assert used == {c.n for c in draft.citations}


def test_extractive_citation_carries_date_issue_and_section(answerer, chunks):
    draft = answerer.answer("choking risk for adults with learning disabilities",
                            passages(*chunks))
    c = draft.citations[0]
    assert (c.doc.date, c.doc.issue, c.section) == ("2021-06", "26", "Choking")


def test_extractive_refuses_when_nothing_supports_the_question(answerer, chunks):
    draft = answerer.answer("What is the capital city of Peru?", passages(*chunks))
    assert draft.refused and draft.citations == ()
    assert "don't answer this" in draft.text and "Front door" in draft.text
    assert "Leicester" not in draft.text  # "capital city" names no area


def test_extractive_refuses_with_no_passages(answerer):
    assert answerer.answer("anything at all about safeguarding", []).refused


def test_extractive_never_quotes_the_same_words_twice(answerer):
    text = "Cut food into small pieces and supervise meals."
    old = make_chunk(text, [text], section="Choking", meta=doc("2015-03", "3", "a.txt"), cid="o")
    new = make_chunk(text, [text], section="Choking", meta=doc("2021-06", "9", "b.txt"), cid="n")
    draft = answerer.answer("How should food be cut to avoid choking?", passages(new, old))
    assert len(draft.citations) == 1


def test_extractive_marks_each_piece_of_a_sentence_with_an_inner_full_stop(answerer):
    text = "Read the exploitation strategy with the trafficking procedures. (link below)"
    chunk = make_chunk(text, [text], section="Exploitation strategy")
    draft = answerer.answer("What should the exploitation strategy be read with?",
                            passages(chunk))
    assert not draft.refused and uncited_sentences(draft.text) == []


def test_extractive_adds_a_unit_holding_the_asked_kind_of_fact(answerer, chunks):
    # the ranker's best units name the subject but hold no phone number; the best-ranked unit
    # that does hold one joins the answer, so "what number" is answered with a number
    from assistant.answer.extractive import _KIND_HOLDS
    from assistant.answer.features import Scored
    from assistant.questions import frame

    question = "What number should families ring?"
    cands = answerer.candidates(question, passages(*chunks))
    assert frame(question).kind == "contact"
    by_text = {u.text: (u, r) for u, r in zip(cands.units, cands.rows, strict=True)}
    phone = next(t for t in by_text if "0116 305 0005" in t and len(t) < 90)
    others = [t for t in by_text if "0116" not in t and "phone system" not in t][:2]
    scored = []
    for text, p in [(others[0], 0.6), (others[1], 0.3), (phone, 0.05)]:
        unit, row = by_text[text]
        row = row.copy()
        row[_KIND_HOLDS] = float(text == phone)
        scored.append(Scored(unit, row, p))
    chosen = answerer._select(scored, cands.frame)
    assert phone in [s.unit.text for s in chosen]
    assert chosen[0].unit.text == others[0]  # the best unit still leads
    # when a chosen unit already holds the kind, nothing is added
    assert phone not in [s.unit.text for s in answerer._select(scored[:2], cands.frame)]
