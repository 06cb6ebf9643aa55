"""The OpenAPI contract is true: schemathesis (every check, every phase) against the real app on
a loopback port, and the documented statuses, shapes and constraints."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from assistant.text import VISIBLE_CHAR, repair
from tests.web.conftest import LiveServer

RISKY = "he said he will hurt her tonight"
SAFETY_KEYS = {"risk", "routes", "routes_visible", "support"}


def _operation(client, path: str, method: str) -> dict:
    return client.get("/openapi.json").json()["paths"][path][method]


@pytest.fixture(scope="module")
def chat_client(tmp_path_factory):
    """One app with the chat mounted at / (building the chat is the costly part)."""
    from tests.web.conftest import make_settings
    from tests.web.standin import StandInStore, stand_in_assistant
    from web.server import create_app

    store = StandInStore()
    settings = make_settings(tmp_path_factory.mktemp("chat"), rate_limit_per_minute=0)
    with TestClient(create_app(stand_in_assistant(store), settings, store=store)) as c:
        yield c


@pytest.mark.slow
def test_contract_schemathesis_all_checks_pass(make_app, tmp_path):
    app = make_app(chat=True, rate_limit_per_minute=0)
    with LiveServer(app) as server:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "run",
                f"{server.url}/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                "25",
                "--seed",
                "1",
                "--workers",
                "1",
                "--generation-database",
                "none",
                "--request-timeout",
                "30",
                "--no-color",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=900,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout


def test_contract_ask_documents_every_status(client):
    responses = _operation(client, "/api/ask", "post")["responses"]
    assert set(responses) == {"200", "400", "401", "413", "422", "429", "500", "503"}


def test_contract_ask_errors_document_the_safety_keys(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    ask_error = schemas["AskError"]
    assert SAFETY_KEYS | {"error"} <= set(ask_error["required"])
    responses = _operation(client, "/api/ask", "post")["responses"]
    for status in ("400", "401", "413", "422", "429", "500", "503"):
        schema = responses[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/AskError"}, status


def test_contract_feedback_documents_201_and_answers_201(client):
    responses = _operation(client, "/api/feedback", "post")["responses"]
    assert "201" in responses and "200" not in responses
    assert client.post("/api/feedback", json={"rating": "up"}).status_code == 201


def test_contract_question_schema_says_not_blank(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    question = schemas["AskIn"]["properties"]["question"]
    assert question["minLength"] == 1 and question["pattern"] == VISIBLE_CHAR


def test_contract_visible_char_pattern_is_what_the_service_keeps():
    pattern = re.compile(VISIBLE_CHAR)
    # every spacing and invisible character is in the first plane; the rest are sampled
    for code in [*range(0x10000), *range(0x10000, 0x110000, 97)]:
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        assert bool(pattern.search(char)) == bool(repair(char).strip()), hex(code)


@pytest.mark.parametrize("question", ["", "   ", "\u200b\u00a0\u3000"])
def test_contract_question_outside_the_pattern_is_400(client, question):
    assert not re.search(VISIBLE_CHAR, question)
    r = client.post("/api/ask", json={"question": question})
    assert r.status_code == 400 and SAFETY_KEYS <= set(r.json())


def test_contract_sources_enum_lists_the_indexed_newsletters(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    items = schemas["FiltersIn"]["properties"]["sources"]["items"]
    assert items["enum"] == ["leicester-01.txt", "matters-28.txt"]


def test_contract_month_filter_is_exact(client):
    for month in (" 2020-01", "2020-01\n", "2020-1", "\u0662\u0660\u0662\u0660-01"):
        r = client.post(
            "/api/ask", json={"question": "Prevent duty", "filters": {"date_from": month}}
        )
        assert r.status_code == 400, month


def test_contract_area_filter_is_exact(client):
    r = client.post(
        "/api/ask", json={"question": "Prevent duty", "filters": {"areas": ["Rutland"]}}
    )
    assert r.status_code == 400


def test_contract_inverted_date_range_answers_with_a_warning(client):
    filters = {"date_from": "2022-01", "date_to": "2019-01"}
    r = client.post("/api/ask", json={"question": "Prevent duty schools", "filters": filters})
    assert r.status_code == 200
    assert any("date_from is after date_to" in w for w in r.json()["warnings"])


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_contract_wrong_method_on_ask_is_405_with_allow(chat_client, method):
    r = chat_client.request(method, "/api/ask")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert r.json()["error"] and SAFETY_KEYS <= set(r.json())


def test_contract_wrong_method_on_ask_carries_routes_for_a_risky_body(chat_client):
    r = chat_client.put("/api/ask", json={"question": RISKY})
    assert r.status_code == 405
    assert r.json()["routes"][0]["id"] == "emergency"


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/api/documents", "/embed", "/widget.js"])
def test_contract_wrong_method_on_a_get_path_is_405(chat_client, path):
    r = chat_client.post(path, json={})
    assert r.status_code == 405 and r.headers["allow"] == "GET"
    assert "not allowed" in r.json()["error"]


def test_contract_chat_at_root_still_answers(chat_client):
    assert chat_client.get("/").status_code == 200


def test_contract_non_utf8_body_on_ask_keeps_the_error_shape(client):
    body = RISKY.encode("latin-1") + b"\xff"
    r = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]
    assert r.json()["routes"][0]["id"] == "emergency"


def test_contract_readyz_503_uses_the_error_shape(client, standin_store):
    standin_store.down = True
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["error"] and r.json()["status"] == "unavailable"
