"""Who may open /admin: admins only, never open by default; forms need their token."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.admin.conftest import ADMIN, AS_ADMIN, PRACTITIONER, basic

ACCOUNTS = {ADMIN[0]: ADMIN[1], PRACTITIONER[0]: PRACTITIONER[1]}
ADMINS = {"basic_auth_accounts": ACCOUNTS, "admin_users": [ADMIN[0]]}
PROXY = {
    "trusted_user_header": "X-Remote-User",
    "trusted_proxies": ["testclient"],  # TestClient's peer: the user header is believed from it
    "trusted_roles_header": "X-Remote-Groups",
    "admin_roles": ["newsletter-admins"],
}


def test_admin_anonymous_gets_401(make_app):
    with TestClient(make_app(**ADMINS)) as c:
        response = c.get("/admin")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")


def test_admin_signed_in_non_admin_gets_403(make_app):
    with TestClient(make_app(**ADMINS)) as c:
        response = c.get("/admin", headers=basic(*PRACTITIONER))
    assert response.status_code == 403
    assert "not one of the admin accounts" in response.text
    assert "Add newsletter" not in response.text


def test_admin_admin_gets_the_page(make_app):
    with TestClient(make_app(**ADMINS)) as c:
        response = c.get("/admin", headers=AS_ADMIN)
    assert response.status_code == 200
    assert "Add a newsletter" in response.text


def test_admin_is_off_without_admins_and_says_how_to_enable_it(make_app):
    with TestClient(make_app(basic_auth_accounts=ACCOUNTS)) as c:
        response = c.get("/admin", headers=AS_ADMIN)
    assert response.status_code == 403
    assert "ASSISTANT_WEB__ADMIN_USERS" in response.text


def test_admin_is_off_by_default_even_without_sign_in(make_app):
    with TestClient(make_app()) as c:
        assert c.get("/admin").status_code == 403
        assert c.get("/admin/status.json").status_code == 403


def test_admin_named_without_any_sign_in_is_401(make_app):
    with TestClient(make_app(admin_users=["office"])) as c:
        response = c.get("/admin")
    assert response.status_code == 401
    assert "Sign-in is not set up" in response.text


def test_admin_trusted_roles_header_grants_access(make_app):
    headers = {"X-Remote-User": "jo", "X-Remote-Groups": "staff, Newsletter-Admins"}
    with TestClient(make_app(**PROXY)) as c:
        assert c.get("/admin", headers=headers).status_code == 200


def test_admin_trusted_user_without_the_role_gets_403(make_app):
    headers = {"X-Remote-User": "jo", "X-Remote-Groups": "staff"}
    with TestClient(make_app(**PROXY)) as c:
        assert c.get("/admin", headers=headers).status_code == 403


def test_admin_roles_header_is_ignored_without_the_trusted_proxy(make_app):
    settings = ADMINS | {"trusted_roles_header": "X-Remote-Groups", "admin_roles": ["a"]}
    headers = basic(*PRACTITIONER) | {"X-Remote-Groups": "a"}
    with TestClient(make_app(**settings)) as c:
        assert c.get("/admin", headers=headers).status_code == 403


def _token(client) -> str:
    return re.search(r'name="token" value="([^"]+)"', client.get("/admin").text).group(1)


def test_admin_form_without_token_is_refused(make_app):
    with TestClient(make_app(**ADMINS), headers=AS_ADMIN) as c:
        response = c.post("/admin/reindex", data={})
    assert response.status_code == 403
    assert "Please try again" in response.text


def test_admin_form_with_another_users_token_is_refused(make_app):
    app = make_app(**(ADMINS | {"admin_users": ["office", "sw"]}))
    with TestClient(app) as c:
        token = re.search(
            r'name="token" value="([^"]+)"', c.get("/admin", headers=basic(*PRACTITIONER)).text
        ).group(1)
        response = c.post("/admin/reindex", data={"token": token}, headers=AS_ADMIN)
    assert response.status_code == 403


def test_admin_form_from_another_site_is_refused(make_app):
    with TestClient(make_app(**ADMINS), headers=AS_ADMIN) as c:
        token = _token(c)
        response = c.post(
            "/admin/reindex", data={"token": token}, headers={"Sec-Fetch-Site": "cross-site"}
        )
    assert response.status_code == 403


def test_admin_pages_carry_a_strict_csp(make_app):
    with TestClient(make_app(**ADMINS), headers=AS_ADMIN) as c:
        response = c.get("/admin")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "<script>" not in response.text and " style=" not in response.text
    assert response.headers["cache-control"] == "no-store"


def test_admin_upload_over_the_limit_is_413(make_app):
    with TestClient(make_app(**ADMINS, admin_max_upload_mb=0.01), headers=AS_ADMIN) as c:
        big = b"x" * 400_000
        response = c.post("/admin/add", files={"file": ("a.txt", big)}, data={"token": _token(c)})
    assert response.status_code == 413


def test_admin_upload_just_over_the_file_limit_is_a_form_error(make_app):
    with TestClient(make_app(**ADMINS, admin_max_upload_mb=0.01), headers=AS_ADMIN) as c:
        data = {"token": _token(c), "title": "T", "date": "2023-01"}
        response = c.post("/admin/add", files={"file": ("a.txt", b"x" * 20_000)}, data=data)
    assert response.status_code == 400
    assert "the limit is" in response.text


def test_basic_auth_accounts_sign_in_to_the_chat_api(make_app):
    with TestClient(make_app(basic_auth_accounts=ACCOUNTS)) as c:
        ok = c.post("/api/ask", json={"question": "What is Prevent?"}, headers=AS_ADMIN)
        wrong = c.post("/api/ask", json={"question": "x"}, headers=basic("office", "nope"))
    assert (ok.status_code, wrong.status_code) == (200, 401)
