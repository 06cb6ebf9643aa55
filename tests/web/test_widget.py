"""The widget: /widget/status, the explanation on a site that is not allowed, focus and Escape.

The browser tests run the example intranet page on a second loopback origin."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.conftest import SCREENSHOTS, LiveServer, StaticSite, write_intranet

INTRANET = "https://intranet.example"


def test_widget_status_allows_a_listed_origin(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app(allowed_origins=[INTRANET])) as client:
        r = client.get("/widget/status", headers={"Origin": INTRANET})
    assert r.status_code == 200 and r.json()["allowed"] is True


def test_widget_status_refuses_an_unlisted_origin_readably(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app(allowed_origins=[INTRANET])) as client:
        r = client.get("/widget/status", headers={"Origin": "https://other.example"})
    body = r.json()
    assert body["allowed"] is False and body["origin"] == "https://other.example"
    assert body["command"] == "assistant widget --origin https://other.example"
    assert body["setting"] == "ASSISTANT_WEB__ALLOWED_ORIGINS"
    assert r.headers["access-control-allow-origin"] == "*"  # the refused page can read it


def test_widget_status_refuses_a_page_opened_from_a_file(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app(allowed_origins=[INTRANET])) as client:
        body = client.get("/widget/status", headers={"Origin": "null"}).json()
    assert body["allowed"] is False and body["command"] is None


def test_widget_status_allows_the_assistants_own_origin(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app()) as client:
        assert client.get("/widget/status?origin=http://testserver").json()["allowed"] is True


def _host(url: str) -> str:
    return url.split("://", 1)[1]


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_widget_explains_a_site_that_is_not_allowed(make_app, open_page, tmp_path, width):
    with StaticSite(tmp_path) as site, LiveServer(make_app(allowed_origins=[INTRANET])) as app:
        write_intranet(tmp_path, app.url)
        page, log = open_page({_host(app.url), _host(site.origin)}, width=width)
        page.goto(f"{site.origin}/intranet.html")
        page.click(".llr-assistant-launcher")
        notice = page.locator(".llr-assistant-notice")
        notice.wait_for(timeout=30_000)
        text = notice.inner_text()
        assert f"({site.origin})" in text and "not on the assistant's list" in text
        assert f"assistant widget --origin {site.origin}" in text
        assert "ASSISTANT_WEB__ALLOWED_ORIGINS" in text and "999" in text
        assert page.locator("#llr-assistant-panel iframe").count() == 0
        assert page.evaluate("() => document.activeElement.className") == "llr-assistant-notice"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"widget-not-allowed-{width}.png"))
    assert not any("/embed" in u for u in log.urls)
    assert log.foreign == []


def _open_allowed(make_app, open_page, folder: Path, site: StaticSite, app: LiveServer):
    write_intranet(folder, app.url)
    page, log = open_page({_host(app.url), _host(site.origin)}, width=375)
    page.goto(f"{site.origin}/intranet.html")
    page.locator(".llr-assistant-launcher").focus()
    page.keyboard.press("Enter")
    frame = page.frame_locator("#llr-assistant-panel iframe")
    frame.locator("#llr-input").wait_for(timeout=30_000)
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.tagName === 'IFRAME'"
    )
    return page, frame, log


@pytest.mark.browser
def test_widget_opening_focuses_the_question_box(make_app, open_page, tmp_path):
    with StaticSite(tmp_path) as site:
        with LiveServer(make_app(allowed_origins=[site.origin])) as app:
            page, frame, log = _open_allowed(make_app, open_page, tmp_path, site, app)
            frame.locator("#llr-input:focus").wait_for(timeout=10_000)
            page.keyboard.type("typed straight away")
            assert frame.locator("#llr-input").input_value() == "typed straight away"
    assert log.foreign == []


@pytest.mark.browser
def test_widget_escape_inside_the_frame_closes_and_returns_focus(make_app, open_page, tmp_path):
    with StaticSite(tmp_path) as site:
        with LiveServer(make_app(allowed_origins=[site.origin])) as app:
            page, frame, _ = _open_allowed(make_app, open_page, tmp_path, site, app)
            frame.locator("#llr-input:focus").wait_for(timeout=10_000)
            page.keyboard.press("Escape")
            page.locator("#llr-assistant-panel").wait_for(state="hidden", timeout=10_000)
            launcher = page.locator(".llr-assistant-launcher")
            assert launcher.get_attribute("aria-expanded") == "false"
            assert page.evaluate("() => document.activeElement.className") == (
                "llr-assistant-launcher"
            )


@pytest.mark.browser
def test_widget_explains_when_the_chat_does_not_load(make_app, open_page, tmp_path):
    """The status cannot be asked and the frame never says it is ready (here both requests
    are cut): after data-ready-timeout the panel says what to check."""
    with StaticSite(tmp_path) as site:
        with LiveServer(make_app(allowed_origins=[site.origin])) as app:
            write_intranet(tmp_path, app.url)
            html = (tmp_path / "intranet.html").read_text()
            html = html.replace('data-open="false"', 'data-open="false" data-ready-timeout="1"')
            (tmp_path / "intranet.html").write_text(html)
            page, _ = open_page({_host(app.url), _host(site.origin)}, width=1280)
            page.route("**/widget/status*", lambda route: route.abort())
            page.route("**/embed*", lambda route: route.abort())
            page.goto(f"{site.origin}/intranet.html")
            page.click(".llr-assistant-launcher")
            notice = page.locator(".llr-assistant-notice")
            notice.wait_for(timeout=10_000)
            assert "did not load" in notice.inner_text()
            assert f"assistant widget --origin {site.origin}" in notice.inner_text()
            assert page.locator("#llr-assistant-panel iframe").count() == 0


@pytest.mark.browser
def test_widget_fills_a_phone_screen_when_open(make_app, open_page, tmp_path):
    with StaticSite(tmp_path) as site:
        with LiveServer(make_app(allowed_origins=[site.origin])) as app:
            write_intranet(tmp_path, app.url)
            page, _ = open_page({_host(app.url), _host(site.origin)}, width=375, height=667)
            page.goto(f"{site.origin}/intranet.html")
            page.click(".llr-assistant-launcher")
            box = page.locator("#llr-assistant-panel").bounding_box()
            assert box == {"x": 0, "y": 0, "width": 375, "height": 667}
            assert page.locator(".llr-assistant-launcher").is_hidden()
            page.click(".llr-assistant-close")
            assert page.locator(".llr-assistant-launcher").is_visible()
