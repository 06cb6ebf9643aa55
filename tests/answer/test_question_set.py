"""Every answer over the whole question set, with the real model and the real corpus index:
quotes are verbatim source text and every answer sentence carries a citation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answer.citations import uncited_sentences
from assistant.service import EMERGENCY_LINE
from assistant.types import Turn
from web.chat import EXAMPLES

# the section of the bundled newsletters that answers each example question
EXAMPLE_SECTIONS = {
    "How do I contact First Response Children's Duty in Leicestershire?": "front door",
    "Who can request a Mental Health Act assessment?": "Who can request a MHA assessment?",
    "What should I do if a historical abuse allegation is made?": "Historical Abuse Allegations",
    "How does Clare's Law work?": "Clare's Law",
}

DATASETS = Path(__file__).resolve().parents[2] / "evals" / "datasets"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def answers(corpus_assistant):
    items = []
    for name in ("qa.jsonl", "unanswerable.jsonl"):
        for line in (DATASETS / name).read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            history = [Turn(t["role"], t["content"]) for t in q.get("history", [])]
            items.append(corpus_assistant.ask(q["question"], history, id=q["id"]))
    return items


def test_question_set_quotes_are_verbatim_source_text(answers, corpus_settings):
    corpus = corpus_settings.paths.corpus_dir
    texts = {p.name: p.read_text(encoding="utf-8-sig") for p in corpus.iterdir()}
    bad = [
        (a.id, c.n)
        for a in answers
        for c in a.citations
        if texts[c.doc.source][c.start : c.end] != c.quote or not c.quote.strip()
    ]
    assert bad == []


def test_question_set_every_answer_sentence_is_cited(answers):
    bad = []
    for a in answers:
        if a.refused:
            continue
        body = a.answer.removesuffix(EMERGENCY_LINE).strip()
        used = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
        if uncited_sentences(body) or used != {c.n for c in a.citations}:
            bad.append(a.id)
    assert bad == []


def test_question_set_every_citation_is_dated(answers):
    assert all(re.match(r"^\d{4}-\d\d$", c.doc.date) for a in answers for c in a.citations)


@pytest.mark.parametrize("question", EXAMPLES)
def test_question_set_chat_examples_get_cited_answers(corpus_assistant, question):
    """The example questions on the chat page are answered, not refused, with the passage
    whose section they ask about among the citations."""
    answer = corpus_assistant.ask(question)
    assert not answer.refused and answer.citations, answer.answer
    sections = " ".join(c.section for c in answer.citations)
    assert EXAMPLE_SECTIONS[question] in sections, sections
