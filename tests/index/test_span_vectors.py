"""Sentence vectors made at ingest, stored with the index, read back instead of embedding."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer.vectors import MemoEmbedder
from assistant.retrieval.span_store import span_texts
from assistant.retrieval.span_vectors import SpanVectorLoader
from tests.index.conftest import make_ingester

ISSUE_28 = "safeguarding-matters-issue-28-2022-03.txt"
SPRING_2013 = "safeguarding-matters-2013-spring.txt"


def stored(store) -> dict[str, np.ndarray]:
    texts, vectors = store.span_vectors(10**6)
    return dict(zip(texts, vectors, strict=True))


def test_span_vectors_every_answer_text_of_every_chunk_is_stored(ingester, fake_embedder):
    report = ingester.ingest([ingester.metadata_file.parent])
    vectors = stored(ingester.store)
    wanted = {t.text for c in ingester.store.all_chunks() for t in span_texts(c)}
    assert set(vectors) == wanted
    # each text once per document (a one-sentence passage is its own sentence)
    assert report.embedded + report.embedded_sentences >= len(wanted) > report.embedded
    texts = sorted(wanted)[:50]
    expected = fake_embedder.embed_documents(texts)
    assert np.allclose(np.stack([vectors[t] for t in texts]), expected, atol=1e-6)


def test_span_vectors_passage_record_holds_the_passage_vector(ingester):
    ingester.ingest([ingester.metadata_file.parent])
    vectors = stored(ingester.store)
    chunk = ingester.store.all_chunks()[0]
    (_, score), *_ = ingester.store.query(vectors[chunk.text], k=1)
    assert score == pytest.approx(1.0, abs=1e-5)


def test_span_vectors_unchanged_sentences_reused_when_a_file_changes(ingester, corpus_copy):
    ingester.ingest([corpus_copy])
    path = corpus_copy / ISSUE_28
    path.write_text(path.read_text() + "\n\nA brand new closing paragraph about xylophones.\n")
    report = ingester.ingest([corpus_copy])
    assert report.ingested == 1
    assert 0 < report.embedded_sentences <= 3
    assert "A brand new closing paragraph about xylophones." in stored(ingester.store)


def test_span_vectors_removed_with_their_document(ingester, corpus_copy):
    ingester.ingest([corpus_copy])
    texts = {t.text for c in ingester.store.all_chunks() if c.doc.source == SPRING_2013
             for t in span_texts(c)}  # fmt: skip
    (corpus_copy / SPRING_2013).unlink()
    ingester.ingest([corpus_copy])
    left = set(stored(ingester.store))
    assert not any("Emma Ranger" in t for t in left)
    assert ingester.store.collect_garbage() == 0
    assert texts - left


def test_span_vectors_chunk_ids_read_only_those_chunks(ingester):
    ingester.ingest([ingester.metadata_file.parent])
    chunk = ingester.store.all_chunks()[3]
    texts, vectors = ingester.store.span_vectors(100, chunk_ids=[chunk.id])
    assert texts == [t.text for t in span_texts(chunk)]
    assert vectors.shape == (len(texts), 384)


def test_span_vectors_limit_bounds_the_read(ingester):
    ingester.ingest([ingester.metadata_file.parent])
    texts, vectors = ingester.store.span_vectors(25)
    assert len(texts) == 25 and vectors.shape[0] == 25


def test_loader_fills_memory_so_nothing_is_embedded(ingester, fake_embedder):
    ingester.ingest([ingester.metadata_file.parent])
    memo = MemoEmbedder(fake_embedder, 50_000, 256)
    loader = SpanVectorLoader(ingester.store, memo, limit=10**6)
    assert loader.load_all() > 1000
    calls = fake_embedder.calls
    for chunk in ingester.store.all_chunks()[:40]:
        memo.embed_documents([t.text for t in span_texts(chunk)])
    assert fake_embedder.calls == calls


def test_loader_fill_reads_only_what_memory_lacks(ingester, fake_embedder):
    ingester.ingest([ingester.metadata_file.parent])
    memo = MemoEmbedder(fake_embedder, 50_000, 256)
    loader = SpanVectorLoader(ingester.store, memo, limit=10**6)
    chunks = ingester.store.all_chunks()[:5]
    assert loader.fill(chunks) == sum(len(span_texts(c)) for c in chunks)
    assert loader.fill(chunks) == 0
    assert memo.missing([t.text for c in chunks for t in span_texts(c)]) == []


def test_loader_old_index_without_sentence_vectors_embeds_on_use(
    fake_embedder, store, tokens, corpus_copy
):
    make_ingester(fake_embedder, store, tokens, corpus_copy, span_vectors=False).ingest(
        [corpus_copy]
    )
    memo = MemoEmbedder(fake_embedder, 50_000, 256)
    loader = SpanVectorLoader(store, memo, limit=10**6)
    chunks = store.all_chunks()[:3]
    assert (loader.load_all(), loader.fill(chunks)) == (0, 0)
    texts = [t.text for c in chunks for t in span_texts(c)]
    assert np.allclose(memo.embed_documents(texts), fake_embedder.embed_documents(texts))


def test_span_vectors_switched_on_rewrites_an_index_without_them(
    fake_embedder, store, tokens, corpus_copy
):
    make_ingester(fake_embedder, store, tokens, corpus_copy, span_vectors=False).ingest(
        [corpus_copy]
    )
    assert stored(store) == {}
    report = make_ingester(fake_embedder, store, tokens, corpus_copy).ingest([corpus_copy])
    assert report.ingested == 5 and report.embedded == 0 and report.embedded_sentences > 0
    assert len(stored(store)) > 1000
