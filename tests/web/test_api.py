"""The JSON API over a stand-in Assistant: shapes, bad input, probes, errors."""

from __future__ import annotations

import logging

from fastapi.testclient import TestClient

PREVENT_Q = "What is the Prevent duty for schools?"


def test_ask_returns_answer_json_with_citations(client):
    r = client.post("/api/ask", json={"question": PREVENT_Q, "id": "q1"})
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == "q1"
    assert body["citations"][0]["title"] == "Safeguarding Matters"
    assert body["refused"] is False
    assert set(body) >= {"answer", "citations", "routes", "risk", "warnings", "retrieved"}


def test_ask_risky_message_returns_routes(client):
    r = client.post("/api/ask", json={"question": "He said he will hurt her tonight"})
    assert r.status_code == 200
    assert [route["id"] for route in r.json()["routes"]] == ["emergency", "mash"]
    assert r.json()["risk"]["detected"] is True


def test_ask_blank_question_is_400_with_message(client):
    r = client.post("/api/ask", json={"question": "   \n\t "})
    assert r.status_code == 400
    assert "empty" in r.json()["error"]


def test_ask_zero_width_only_question_is_400(client):
    r = client.post("/api/ask", json={"question": "\u200b\u200d\u0007\ufeff"})
    assert r.status_code == 400


def test_ask_control_characters_are_removed(client):
    r = client.post(
        "/api/ask", json={"question": "What is the Pre\u200bvent\u0007 duty for schools?"}
    )
    assert r.status_code == 200
    assert r.json()["question"] == "What is the Prevent duty for schools?"


def test_ask_invalid_json_is_422_with_message_and_no_trace(client):
    r = client.post(
        "/api/ask", content=b'{"question": ', headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert r.json()["error"].startswith("Invalid request")
    assert "Traceback" not in r.text


def test_ask_wrong_type_is_422_naming_the_field(client):
    r = client.post("/api/ask", json={"question": ["a", "list"]})
    assert r.status_code == 422
    assert "question" in r.json()["error"]


def test_ask_wrong_history_role_is_422(client):
    r = client.post(
        "/api/ask", json={"question": PREVENT_Q, "history": [{"role": "x", "content": "y"}]}
    )
    assert r.status_code == 422
    assert "history" in r.json()["error"]


def test_ask_body_over_limit_is_413(client):
    big = "a" * 2_100_000
    r = client.post("/api/ask", json={"question": big})
    assert r.status_code == 413
    assert "larger than" in r.json()["error"]


def test_ask_chunked_body_over_limit_is_413(client):
    def chunks():
        for _ in range(30):
            yield b"a" * 100_000

    r = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_ask_long_question_under_limit_is_trimmed_with_warning(client):
    r = client.post("/api/ask", json={"question": "Prevent duty schools " * 2000})
    assert r.status_code == 200
    assert any("very long" in w for w in r.json()["warnings"])


def test_ask_oversized_history_is_accepted_and_trimmed(client, standin_assistant):
    history = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": "x" * 10_000} for i in range(100)
    ]
    r = client.post("/api/ask", json={"question": PREVENT_Q, "history": history})
    assert r.status_code == 200


def test_ask_unknown_source_is_400_naming_it(client):
    r = client.post("/api/ask", json={"question": PREVENT_Q, "filters": {"sources": ["nope.pdf"]}})
    assert r.status_code == 400
    assert "nope.pdf" in r.json()["error"]


def test_ask_bad_date_is_400_naming_it(client):
    r = client.post(
        "/api/ask", json={"question": PREVENT_Q, "filters": {"date_from": "March 2020"}}
    )
    assert r.status_code == 400
    assert "March 2020" in r.json()["error"]


def test_ask_unknown_area_is_400(client):
    r = client.post("/api/ask", json={"question": PREVENT_Q, "filters": {"areas": ["narnia"]}})
    assert r.status_code == 400
    assert "narnia" in r.json()["error"]


def test_ask_known_filters_reach_the_retriever(client, standin_assistant):
    filters = {"sources": ["matters-28.txt"], "date_from": "2020-01", "date_to": "2022-12"}
    r = client.post("/api/ask", json={"question": PREVENT_Q, "filters": filters})
    assert r.status_code == 200
    seen = standin_assistant._retriever.seen_filters[-1]
    assert seen.sources == ("matters-28.txt",) and seen.date_from == "2020-01"


def test_ask_index_down_is_503_with_message(client, standin_store):
    standin_store.down = True
    r = client.post("/api/ask", json={"question": PREVENT_Q})
    assert r.status_code == 503
    assert "unavailable" in r.json()["error"]
    assert r.json()["routes"] == []


def test_ask_index_down_with_risk_is_503_with_routes(client, standin_store):
    standin_store.down = True
    r = client.post("/api/ask", json={"question": "someone will hurt me"})
    assert r.status_code == 503
    assert r.json()["routes"][0]["id"] == "emergency"


def test_ask_logs_no_question_text(client, caplog):
    secret = "Jayden Smith-Okafor Prevent duty schools"
    with caplog.at_level(logging.DEBUG):
        r = client.post("/api/ask", json={"question": secret})
    assert r.status_code == 200
    assert any("api ask" in rec.getMessage() for rec in caplog.records)
    assert not any("Jayden" in rec.getMessage() for rec in caplog.records)


def test_healthz_is_ok(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_reports_counts(client):
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.json() == {"status": "ready", "documents": 2, "chunks": 2}


def test_readyz_is_503_when_index_empty(make_app, standin_store):
    standin_store.chunks.clear()
    with TestClient(make_app()) as c:
        assert c.get("/readyz").status_code == 503


def test_readyz_is_503_when_index_down(client, standin_store):
    standin_store.down = True
    assert client.get("/readyz").status_code == 503


def test_documents_lists_newsletters(client):
    docs = client.get("/api/documents").json()["documents"]
    assert {d["source"] for d in docs} == {"matters-28.txt", "leicester-01.txt"}


def test_docs_page_uses_local_assets_only(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assert "https://" not in r.text and "http://" not in r.text
    assert client.get("/webstatic/swagger/swagger-ui-bundle.js").status_code == 200


def test_openapi_lists_ask(client):
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]
