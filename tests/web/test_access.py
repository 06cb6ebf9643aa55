"""Access control, rate limit, CORS and framing headers."""

from __future__ import annotations

import base64

from fastapi.testclient import TestClient

ASK = {"question": "What is the Prevent duty for schools?"}
# the user header is believed only from a listed proxy; "testclient" is TestClient's peer
PROXY = {"trusted_user_header": "X-Remote-User", "trusted_proxies": ["testclient"]}


def _basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_basic_auth_refuses_without_credentials(make_app):
    with TestClient(make_app(basic_auth_user="sw", basic_auth_password="s3cret")) as c:
        r = c.post("/api/ask", json=ASK)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Basic")


def test_basic_auth_refuses_wrong_password(make_app):
    with TestClient(make_app(basic_auth_user="sw", basic_auth_password="s3cret")) as c:
        assert c.post("/api/ask", json=ASK, headers=_basic("sw", "nope")).status_code == 401


def test_basic_auth_accepts_right_credentials(make_app):
    with TestClient(make_app(basic_auth_user="sw", basic_auth_password="s3cret")) as c:
        assert c.post("/api/ask", json=ASK, headers=_basic("sw", "s3cret")).status_code == 200


def test_basic_auth_leaves_probes_open(make_app):
    with TestClient(make_app(basic_auth_user="sw", basic_auth_password="s3cret")) as c:
        assert c.get("/healthz").status_code == 200
        assert c.get("/readyz").status_code == 200


def test_trusted_header_missing_is_401(make_app):
    with TestClient(make_app(**PROXY)) as c:
        assert c.post("/api/ask", json=ASK).status_code == 401
        assert c.get("/widget.js").status_code == 401


def test_trusted_header_present_passes(make_app):
    with TestClient(make_app(**PROXY)) as c:
        r = c.post("/api/ask", json=ASK, headers={"X-Remote-User": "alice"})
    assert r.status_code == 200


def test_rate_limit_answers_429_with_retry_after(make_app):
    with TestClient(make_app(rate_limit_per_minute=3)) as c:
        codes = [c.post("/api/ask", json=ASK).status_code for _ in range(4)]
        last = c.post("/api/ask", json=ASK)
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    assert 1 <= int(last.headers["retry-after"]) <= 60
    assert "Too many" in last.json()["error"]


def test_rate_limit_is_per_trusted_user(make_app):
    with TestClient(make_app(rate_limit_per_minute=1, **PROXY)) as c:
        a = c.post("/api/ask", json=ASK, headers={"X-Remote-User": "alice"}).status_code
        b = c.post("/api/ask", json=ASK, headers={"X-Remote-User": "bob"}).status_code
        a2 = c.post("/api/ask", json=ASK, headers={"X-Remote-User": "alice"}).status_code
    assert (a, b, a2) == (200, 200, 429)


def test_rate_limit_zero_is_off(make_app):
    with TestClient(make_app(rate_limit_per_minute=0)) as c:
        assert all(c.post("/api/ask", json=ASK).status_code == 200 for _ in range(80))


def test_cors_allows_configured_origin(make_app):
    with TestClient(make_app(allowed_origins=["http://intranet.example"])) as c:
        r = c.options(
            "/api/ask",
            headers={
                "Origin": "http://intranet.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "http://intranet.example"


def test_cors_refuses_other_origin(make_app):
    with TestClient(make_app(allowed_origins=["http://intranet.example"])) as c:
        r = c.post("/api/ask", json=ASK, headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_frame_ancestors_lists_allowed_origins(make_app):
    with TestClient(make_app(allowed_origins=["http://intranet.example", "bad origin;"])) as c:
        csp = c.get("/embed").headers["content-security-policy"]
    assert "frame-ancestors 'self' http://intranet.example" in csp
    assert "bad origin" not in csp


def test_embed_page_allows_only_own_resources(client):
    csp = client.get("/embed").headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp


def test_widget_is_served_as_javascript(client):
    r = client.get("/widget.js")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert "data-title" in r.text
