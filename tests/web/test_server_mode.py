"""The real web app against a real `chroma run` server: the server going away and coming back,
and two app instances sharing one server.

The apps are built by web.launcher.build_app (the path `assistant serve` and the uvicorn
factory take) with settings whose chroma_url points at the server; the index is built by the
launcher from the bundled corpus. A hashing embedder stands in for the model: these tests are
about plumbing and faults, not answer quality.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from assistant.composition import build_ingester
from assistant.service import INDEX_DOWN
from assistant.settings import Settings
from tests.chroma_server import ChromaServer
from tests.fakes import HashingEmbedder
from tests.index.conftest import CORPUS, NEWSLETTERS

pytestmark = pytest.mark.slow

QUESTION = "What is the Child Sexual Exploitation, Trafficking and Missing strategy?"
RISKY = "A child told me her dad hits her and she is scared to go home. What should I do?"
NEW_SOURCE = "lantern-bulletin-2023-01.txt"
NEW_TEXT = """Lantern Bulletin

Zephyrine night line for foster carers

The Zephyrine night line gives foster carers in Rutland a named night-time contact. Foster
carers can ring the Zephyrine night line between 10pm and 7am when a placement is at risk.
"""
NEW_METADATA = f"""
["{NEW_SOURCE}"]
title = "Lantern Bulletin"
issue = "1"
date = "2023-01"
publisher = "Rutland County Council"
area = "rutland"
"""
NEW_QUESTION = "What is the Zephyrine night line for foster carers?"
CHANGED = "safeguarding-matters-2013-spring.txt"
CHANGED_SENTENCE = "\n\nThe Quillbrook panel now reviews every missing episode within 72 hours.\n"


def app_settings(data_dir: Path, corpus: Path, server: ChromaServer) -> Settings:
    return Settings(
        paths={"data_dir": data_dir, "corpus_dir": corpus},
        index={"chroma_url": server.url},
        web={"rate_limit_per_minute": 0},
    )


def build(settings: Settings):
    from web.launcher import build_app

    return build_app(settings, say=lambda message: None, embedder=HashingEmbedder())


def chat_handler(app):
    """The Gradio `respond` handler the mounted chat calls on every message."""
    from starlette.routing import Mount

    for route in app.routes:
        if isinstance(route, Mount) and hasattr(route.app, "get_blocks"):
            for fn in route.app.get_blocks().fns.values():
                if getattr(fn, "api_name", None) == "respond":
                    return fn.fn
    raise AssertionError("the app has no mounted chat with a respond handler")


def chat(app, text: str) -> str:
    """The last chat message (HTML) after the chat handled `text` in a new conversation."""
    request = SimpleNamespace(client=SimpleNamespace(host="127.0.0.1"), request=None)
    outputs = list(chat_handler(app)(text, None, [], "", "", request))
    messages, _question_box, _state, _last_text = outputs[-1]
    return messages[-1]["content"]


def ask(client: TestClient, question: str = QUESTION):
    return client.post("/api/ask", json={"question": question})


@contextlib.contextmanager
def stopped(server: ChromaServer) -> Iterator[None]:
    """The server is down inside the block and started again (same port and folder) after."""
    server.stop()
    try:
        yield
    finally:
        server.start()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path_factory.mktemp("chroma") / "server-data").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def served(server, tmp_path_factory):
    """(app, client): the web app over the server, the corpus ingested by the launcher."""
    base = tmp_path_factory.mktemp("app")
    app = build(app_settings(base / "data", CORPUS, server))
    with TestClient(app) as client:
        yield app, client


def test_server_mode_launcher_ingests_and_app_answers(served):
    _, client = served
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["documents"] == len(NEWSLETTERS)
    r = ask(client)
    assert r.status_code == 200
    assert r.json()["retrieved"] and r.json()["backend"] != "unavailable"


def test_server_mode_server_down_ask_is_503_with_clear_message(served, server):
    _, client = served
    with stopped(server):
        r = ask(client)
        assert r.status_code == 503
        assert r.headers["content-type"].startswith("application/json")
        assert r.json()["error"] == INDEX_DOWN
        assert "Traceback" not in r.text and "Error" not in r.text


def test_server_mode_server_down_readyz_is_503(served, server):
    _, client = served
    with stopped(server):
        r = client.get("/readyz")
        assert r.status_code == 503
        assert r.json() == {
            "error": "Not ready: index unreadable.",
            "status": "unavailable",
            "reason": "index unreadable",
        }
        assert client.get("/healthz").status_code == 200


def test_server_mode_server_down_readyz_logs_the_server_and_the_fix(served, server, caplog):
    _, client = served
    with stopped(server), caplog.at_level(logging.WARNING, logger="web.api"):
        client.get("/readyz")
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "web.api")
    assert server.url in logged and "chroma run --path" in logged


def test_server_mode_server_down_chat_says_unavailable(served, server):
    app, _ = served
    with stopped(server):
        message = chat(app, QUESTION)
    assert "The newsletter index is unavailable right now" in message
    assert "Traceback" not in message


def test_server_mode_server_down_risky_message_still_gets_routes(served, server):
    app, client = served
    with stopped(server):
        r = ask(client, RISKY)
        message = chat(app, RISKY)
    assert r.status_code == 503 and r.json()["error"] == INDEX_DOWN
    assert r.json()["routes"] and r.json()["risk"]["detected"] is True
    assert message.index('class="llr-routes') < message.index("unavailable right now")


def test_server_mode_service_returns_when_server_is_back(served, server):
    app, client = served
    before = ask(client).json()["retrieved"]
    server.stop()
    try:
        assert ask(client).status_code == 503
        assert client.get("/readyz").status_code == 503
    finally:
        server.start()
    r = ask(client)  # the same app: no restart, no reload
    assert r.status_code == 200 and r.json()["retrieved"] == before
    assert client.get("/readyz").status_code == 200
    message = chat(app, QUESTION)
    assert "llr-answer-text" in message and "unavailable right now" not in message


def test_server_mode_app_started_while_server_down_serves_once_it_is_up(served, server, tmp_path):
    from web.launcher import build_app

    settings = app_settings(tmp_path / "late", CORPUS, server)
    with stopped(server):
        # the uvicorn factory's way: the index is not built at start-up
        app = build_app(settings, build_index=False, say=lambda m: None, embedder=HashingEmbedder())
        with TestClient(app) as client:
            assert ask(client).status_code == 503
    with TestClient(app) as client:
        assert ask(client).status_code == 200
        assert client.get("/readyz").json()["documents"] == len(NEWSLETTERS)


# -- two app instances sharing one server -------------------------------------------------


def lexical_sources(app, query: str) -> set[str]:
    # the app's own retriever: its BM25 candidates, before fusion
    _, lexical = app.state.assistant._retriever.candidates(query)
    return {chunk.doc.source for chunk, _ in lexical}


def lexical_texts(app, query: str) -> str:
    _, lexical = app.state.assistant._retriever.candidates(query)
    return "\n".join(chunk.text for chunk, _ in lexical)


@pytest.fixture(params=["two-hosts", "two-workers"])
def pair(request, tmp_path):
    """Two apps on one fresh server: separate data folders (two hosts) or one shared data
    folder (two workers on one host, sharing the lexical cache). The second app's corpus
    copy is where the new and changed newsletters appear."""
    server = ChromaServer(tmp_path / "server-data").start()
    corpus = tmp_path / "corpus-b"
    shutil.copytree(CORPUS, corpus)
    first = app_settings(tmp_path / "data-a", CORPUS, server)
    data_b = tmp_path / ("data-b" if request.param == "two-hosts" else "data-a")
    second = app_settings(data_b, corpus, server)
    try:
        app_a = build(first)  # ingests the corpus: the server was empty
        app_b = build(second)  # finds the index built and ingests nothing
        yield app_a, app_b, second
    finally:
        server.stop()


def change_corpus(corpus: Path) -> None:
    (corpus / NEW_SOURCE).write_text(NEW_TEXT, encoding="utf-8")
    with open(corpus / "metadata.toml", "a", encoding="utf-8") as fh:
        fh.write(NEW_METADATA)
    with open(corpus / CHANGED, "a", encoding="utf-8") as fh:
        fh.write(CHANGED_SENTENCE)


def ingest_from(settings: Settings) -> None:
    """What `assistant ingest` does on the second app's host, with the hashing embedder."""
    report = build_ingester(settings, embedder=HashingEmbedder()).ingest(
        [settings.paths.corpus_dir]
    )
    assert sorted(report.ingested_files) == sorted([CHANGED, NEW_SOURCE])
    assert not report.failed


def test_server_mode_two_apps_second_ingest_is_served_by_first(pair):
    app_a, app_b, settings_b = pair
    with TestClient(app_a) as client_a:
        assert ask(client_a, NEW_QUESTION).status_code == 200
        assert NEW_SOURCE not in lexical_sources(app_a, NEW_QUESTION)
        change_corpus(settings_b.paths.corpus_dir)
        ingest_from(settings_b)
        r = ask(client_a, NEW_QUESTION)
        assert r.status_code == 200
        assert NEW_SOURCE in {p["source"] for p in r.json()["retrieved"]}
        assert NEW_SOURCE in lexical_sources(app_a, NEW_QUESTION)
        sources = {d["source"] for d in client_a.get("/api/documents").json()["documents"]}
        assert sources == {*NEWSLETTERS, NEW_SOURCE}
        assert client_a.get("/readyz").json()["documents"] == len(NEWSLETTERS) + 1
    assert NEW_SOURCE in lexical_sources(app_b, NEW_QUESTION)


def test_server_mode_two_apps_changed_document_reaches_first_lexical_index(pair):
    app_a, _, settings_b = pair
    query = "Quillbrook panel missing episode"
    assert "Quillbrook" not in lexical_texts(app_a, query)
    change_corpus(settings_b.paths.corpus_dir)
    ingest_from(settings_b)
    assert "Quillbrook" in lexical_texts(app_a, query)
    assert CHANGED in lexical_sources(app_a, query)
    with TestClient(app_a) as client_a:
        r = ask(client_a, "What does the Quillbrook panel review?")
    assert r.status_code == 200
    assert any("Quillbrook" in p["text"] for p in r.json()["retrieved"])
