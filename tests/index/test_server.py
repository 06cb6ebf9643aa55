"""Server mode: the same store and ingester over a real `chroma run` process."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.errors import IndexUnavailable
from assistant.retrieval.store import open_store
from tests.chroma_server import ChromaServer
from tests.index.conftest import NEWSLETTERS, make_ingester

pytestmark = pytest.mark.slow

SPRING_2013 = "safeguarding-matters-2013-spring.txt"


@pytest.fixture()
def server(tmp_path):
    server = ChromaServer(tmp_path / "server-data").start()
    yield server
    server.stop()


@pytest.fixture()
def server_store(server, tmp_path):
    return open_store(tmp_path / "data", chroma_url=server.url)


def test_server_store_ingests_and_queries_like_embedded(
    server_store, fake_embedder, tokens, corpus_copy, tmp_path
):
    report = make_ingester(fake_embedder, server_store, tokens, corpus_copy).ingest([corpus_copy])
    embedded = open_store(tmp_path / "embedded")
    make_ingester(fake_embedder, embedded, tokens, corpus_copy).ingest([corpus_copy])
    assert report.ingested == 5 and not report.failed
    assert server_store.all_chunks() == embedded.all_chunks()
    query = fake_embedder.embed_query("child sexual exploitation and missing children")
    served = [(c.id, round(s, 4)) for c, s in server_store.query(query, k=8)]
    assert served == [(c.id, round(s, 4)) for c, s in embedded.query(query, k=8)]
    assert sorted(d.doc.source for d in server_store.documents()) == NEWSLETTERS


def test_server_store_keeps_sentence_vectors_like_embedded(
    server_store, fake_embedder, tokens, corpus_copy, tmp_path
):
    make_ingester(fake_embedder, server_store, tokens, corpus_copy).ingest([corpus_copy])
    embedded = open_store(tmp_path / "embedded")
    make_ingester(fake_embedder, embedded, tokens, corpus_copy).ingest([corpus_copy])
    served = dict(zip(*server_store.span_vectors(10**6), strict=True))
    local = dict(zip(*embedded.span_vectors(10**6), strict=True))
    assert served.keys() == local.keys() and len(served) > 1000
    assert all(np.array_equal(served[t], local[t]) for t in served)


def test_server_store_incremental_reingest(server_store, fake_embedder, tokens, corpus_copy):
    ingester = make_ingester(fake_embedder, server_store, tokens, corpus_copy)
    ingester.ingest([corpus_copy])
    calls = fake_embedder.calls
    assert ingester.ingest([corpus_copy]).unchanged == 5
    assert fake_embedder.calls == calls
    (corpus_copy / SPRING_2013).unlink()
    report = ingester.ingest([corpus_copy])
    assert (report.removed, report.unchanged) == (1, 4)
    assert server_store.collect_garbage() == 0


def test_server_stopped_raises_index_unavailable_naming_the_fix(server, server_store):
    assert server_store.documents() == []
    server.stop()
    with pytest.raises(IndexUnavailable) as caught:
        server_store.documents()
    message = str(caught.value)
    assert server.url in message and "chroma run" in message and str(server.port) in message


def test_server_unreachable_at_first_use_raises_index_unavailable(tmp_path):
    from tests.chroma_server import free_port

    store = open_store(tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(IndexUnavailable, match="cannot use the Chroma server"):
        store.count()


def test_server_restarted_serves_again_through_the_same_store(
    server, server_store, fake_embedder, tokens, corpus_copy
):
    make_ingester(fake_embedder, server_store, tokens, corpus_copy).ingest([corpus_copy])
    query = fake_embedder.embed_query("domestic abuse")
    before = [c.id for c, _ in server_store.query(query, k=5)]
    server.stop()
    with pytest.raises(IndexUnavailable):
        server_store.query(query, k=5)
    server.start()
    assert [c.id for c, _ in server_store.query(query, k=5)] == before
