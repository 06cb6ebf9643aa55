"""Security details: the embed page's CSP wherever it is served, private feedback files,
the chat's feedback rate limit, forwarded headers believed only from listed proxies."""

from __future__ import annotations

import os
import stat

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.errors import ConfigError
from tests.web.conftest import LiveServer, make_settings
from web.feedback import FeedbackStore
from web.launcher import uvicorn_options

ASK = {"question": "What is the Prevent duty for schools?"}


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("path", ["/embed", "/webstatic/embed.html"])
def test_embed_page_has_strict_csp_wherever_served(client, path):
    r = client.get(path)
    assert r.status_code == 200 and "<html" in r.text.lower()
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'self'" in csp


def test_embed_csp_on_static_lists_allowed_origins(make_app):
    with TestClient(make_app(allowed_origins=["https://intranet.example"])) as c:
        csp = c.get("/webstatic/embed.html").headers["content-security-policy"]
    assert "frame-ancestors 'self' https://intranet.example" in csp


def test_bundled_swagger_index_page_has_strict_csp(client):
    r = client.get("/webstatic/swagger/index.html")
    assert r.status_code == 200
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_feedback_database_is_created_owner_only(tmp_path):
    old = os.umask(0)  # even with a permissive umask
    try:
        store = FeedbackStore(tmp_path / "f.sqlite3", 90)
        store.add("up", comment="fine")
    finally:
        os.umask(old)
    assert _mode(store.path) == 0o600
    for suffix in ("-wal", "-shm"):
        side = store.path.with_name(store.path.name + suffix)
        if side.exists():
            assert _mode(side) == 0o600, suffix


def test_feedback_database_left_readable_is_tightened(tmp_path):
    path = tmp_path / "f.sqlite3"
    FeedbackStore(path, 90).add("up")
    path.chmod(0o644)
    FeedbackStore(path, 90)
    assert _mode(path) == 0o600


def test_feedback_database_of_the_app_is_owner_only(client, tmp_path):
    assert client.post("/api/feedback", json={"rating": "down"}).status_code == 201
    assert _mode(tmp_path / "data" / "feedback.sqlite3") == 0o600


def test_chat_feedback_rate_limit_comes_from_settings(make_app):
    from web.conversation import ChatState

    app = make_app(chat=True, feedback_rate_limit_per_minute=1)
    conversation = app.state.conversation
    *_, state = conversation.reply(ChatState(), "What is the Prevent duty for schools?", "ip:1")
    assert conversation.rate(state, "up", client="ip:1").startswith("Thank you")
    assert "Too much feedback" in conversation.rate(state, "down", client="ip:1")
    assert len(app.state.feedback.rows()) == 1


def test_user_header_without_trusted_proxies_is_a_config_error(tmp_path, standin_assistant):
    from web.server import create_app

    with pytest.raises(ConfigError, match="trusted_proxies"):
        create_app(
            standin_assistant,
            make_settings(tmp_path, trusted_user_header="X-Remote-User"),
            chat=False,
        )


def test_user_header_from_an_unlisted_peer_is_ignored(make_app):
    app = make_app(trusted_user_header="X-Remote-User", trusted_proxies=["10.0.0.10"])
    with TestClient(app) as c:
        r = c.post("/api/ask", json=ASK, headers={"X-Remote-User": "alice"})
    assert r.status_code == 401


def test_launcher_turns_uvicorn_proxy_headers_off(tmp_path):
    assert uvicorn_options(make_settings(tmp_path))["proxy_headers"] is False


def _served(app, tmp_path) -> LiveServer:
    """The app on a loopback port, started the way web.launcher starts it."""
    options = uvicorn_options(make_settings(tmp_path))
    return LiveServer(app, proxy_headers=options["proxy_headers"])


def test_forwarded_for_from_an_unlisted_peer_does_not_escape_the_limit(make_app, tmp_path):
    with _served(make_app(rate_limit_per_minute=1), tmp_path) as server:
        first = httpx.post(f"{server.url}/api/ask", json=ASK)
        spoofed = httpx.post(
            f"{server.url}/api/ask",
            json=ASK,
            headers={"X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9"},
        )
    assert first.status_code == 200 and spoofed.status_code == 429


def test_forwarded_for_from_a_listed_proxy_keys_the_client(make_app, tmp_path):
    app = make_app(rate_limit_per_minute=1, trusted_proxies=["127.0.0.1"])
    with _served(app, tmp_path) as server:

        def ask(client_ip: str) -> int:
            headers = {"X-Forwarded-For": client_ip}
            return httpx.post(f"{server.url}/api/ask", json=ASK, headers=headers).status_code

        codes = [ask("203.0.113.1"), ask("203.0.113.2"), ask("203.0.113.1")]
    assert codes == [200, 200, 429]
