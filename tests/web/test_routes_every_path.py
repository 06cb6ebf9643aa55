"""Routes on every path a question can take: whatever fails around answering (the index, an
internal fault, the rate limit, another field, sign-in, the body size, broken Unicode, a long
note), a risky message comes back with its routes, in the API and in the chat.

The Assistant and its risk screen are the real ones (the lexicon; no model is needed for the
path); the retriever and answerer are stand-ins that fail on demand.
"""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.composition import build_safety
from assistant.errors import IndexUnavailable
from assistant.service import Assistant
from assistant.text import TokenCounter
from tests.fakes import production
from tests.web.standin import StandInAnswerer, StandInRetriever, StandInStore
from web.server import create_app

RISKY = [
    "my partner has a knife and says he will kill me tonight",
    "a 7 year old told me her stepdad touches her private parts",
    "my son keeps saying he wants to end his life",
    "the neighbour's baby has bruises all over and the dad hits him",
]
PADDING = "Notes from the team meeting about rotas, parking and the new printer. " * 400
FAILURES = [
    "none", "index_down", "internal", "answerer", "rate", "extra_field", "bad_filter",
    "broken_unicode", "long_note", "unauthenticated", "too_big", "catalog_down",
]


class Failing:
    """Retriever and answerer stand-ins that raise when told to."""

    def __init__(self, store: StandInStore) -> None:
        self.mode = "none"
        self._retriever = StandInRetriever(store)
        self._answerer = StandInAnswerer()

    def retrieve(self, query, filters=None):
        if self.mode == "index_down":
            raise IndexUnavailable("index down")
        if self.mode == "internal":
            raise RuntimeError("something broke")
        return self._retriever.retrieve(query, filters)

    def answer(self, question, passages):
        if self.mode == "answerer":
            raise ValueError("the answerer broke")
        return self._answerer.answer(question, passages)


class FailingCatalogStore(StandInStore):
    down = False

    def documents(self):
        if self.down:
            raise IndexUnavailable("catalog down")
        return super().documents()

    def version(self):
        if self.down:
            raise IndexUnavailable("catalog down")
        return super().version()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    store = FailingCatalogStore()
    failing = Failing(store)
    real = production()
    assistant = Assistant(
        retriever=failing, answerer=failing, screen=build_safety(real),
        count_tokens=TokenCounter(), tuning=real.answer,
    )
    web = {"rate_limit_per_minute": 1, "basic_auth_user": "office",
           "basic_auth_password": "secret", "max_body_bytes": 50_000}
    from assistant.settings import Settings

    app_settings = Settings(paths={"data_dir": tmp_path_factory.mktemp("d")}, web=web)
    app = create_app(assistant, app_settings, store=store, chat=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, failing, store


AUTH = {"Authorization": "Basic " + base64.b64encode(b"office:secret").decode()}


def _send(client, failing, store, message: str, failure: str):
    failing.mode = failure
    store.down = failure == "catalog_down"
    body: dict = {"question": message}
    headers = dict(AUTH)
    if failure == "rate":
        client.post("/api/ask", json={"question": "what is private fostering?"}, headers=AUTH)
    if failure == "extra_field":
        body["colour"] = "blue"
    if failure == "bad_filter":
        body["filters"] = {"date_from": "last spring"}
    if failure == "broken_unicode":
        return client.post("/api/ask", headers={**headers, "content-type": "application/json"},
                           content=('{"question": "' + message + ' \\ud83d"}').encode())
    if failure == "long_note":
        body["question"] = PADDING + " Today at handover: " + message
    if failure == "unauthenticated":
        headers = {}
    if failure == "too_big":
        body["question"] = message + " " + PADDING * 3
    return client.post("/api/ask", json=body, headers=headers)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(message=st.sampled_from(RISKY), failure=st.sampled_from(FAILURES))
def test_every_path_risky_message_comes_back_with_routes(world, message, failure):
    client, failing, store = world
    r = _send(client, failing, store, message, failure)
    body = r.json()
    assert r.status_code != 500 or failure in ("internal", "answerer"), (failure, r.status_code)
    assert body["routes"], (failure, r.status_code, body.get("error"))
    assert body["risk"]["detected"] is True
    if body["risk"]["immediate"]:
        assert body["routes"][0]["contacts"][0]["value"] == "999"


@pytest.mark.parametrize("failure", ["none", "index_down", "rate", "broken_unicode"])
def test_every_path_harmless_message_has_no_routes(world, failure):
    client, failing, store = world
    r = _send(client, failing, store, "what is private fostering?", failure)
    assert r.json().get("routes", []) == []


def test_every_path_rate_limited_risky_message_is_answered_not_refused(world):
    client, failing, store = world
    r = _send(client, failing, store, RISKY[1], "rate")
    assert r.status_code == 200 and r.json()["routes"]


def test_every_path_broken_emoji_is_repaired_not_a_500(world):
    client, failing, store = world
    r = _send(client, failing, store, RISKY[2], "broken_unicode")
    assert r.status_code == 200
    assert "\ufffd" in r.json()["question"]


def test_every_path_long_note_disclosing_at_the_end_gets_routes(world):
    client, failing, store = world
    r = _send(client, failing, store, RISKY[3], "long_note")
    assert r.status_code == 200 and r.json()["routes"]
    assert any("first" in w and "tokens" in w for w in r.json()["warnings"])
