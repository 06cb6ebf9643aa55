"""With sentence vectors stored at ingest, answering never embeds a passage sentence."""

from __future__ import annotations

import pytest

from assistant.composition import build_assistant

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


@pytest.fixture(scope="module")
def counted(corpus_index, real_embedder):
    settings, store = corpus_index
    model = Counting(real_embedder)
    return model, build_assistant(settings, embedder=model, store=store)


def test_answering_reads_sentence_vectors_instead_of_embedding(counted):
    model, assistant = counted
    for question in QUESTIONS:
        assert assistant.ask(question).retrieved, question
    assert model.documents == 0


def test_answering_warm_up_reads_every_sentence_vector_without_embedding(counted):
    model, assistant = counted
    assistant.warm_up_retrieval()
    assert model.documents == 0
