"""With sentence vectors stored at ingest, no question waits for a passage sentence to be
embedded: retrieval reads them from the index, and every sentence an answer may score is in
memory once the passages are returned."""

from __future__ import annotations

import pytest

from assistant.answer.sentences import sentences_of
from assistant.answer.vectors import MemoEmbedder
from assistant.composition import build_retriever

QUESTIONS = [
    "what is private fostering?",
    "who do I ring in Leicestershire if a child has an injury?",
    "what does the ICON programme stand for?",
    "what are the signs of modern slavery in a household?",
    "how do I request a Mental Health Act assessment?",
]


class Counting:
    """The real model, counting the texts it is asked to embed as documents."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.documents = 0

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_documents(self, texts):
        self.documents += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture()
def counted(corpus_index, real_embedder):
    settings, store = corpus_index
    model = Counting(real_embedder)
    memo = MemoEmbedder(model, settings.index.memo_texts, settings.index.memo_queries)
    return model, memo, build_retriever(settings, memo, store)


def test_retrieval_reads_sentence_vectors_instead_of_embedding(counted):
    model, memo, retriever = counted
    for question in QUESTIONS:
        passages = retriever.retrieve(question)
        texts = [s.text for p in passages for s in sentences_of(p.chunk)]
        assert texts and memo.missing(texts) == [], question
    assert model.documents == 0


def test_retrieval_warm_up_reads_every_sentence_vector_without_embedding(counted):
    model, memo, retriever = counted
    retriever.warm_up()
    every = [s.text for c in retriever.lexical.chunks for s in sentences_of(c)]
    assert memo.missing(every) == []
    assert model.documents == 0
