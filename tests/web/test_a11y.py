"""WCAG 2.2 AA in Debian chromium: axe-core on the chat, /embed and the example intranet page
with the widget open, each with an answer and routes panels on screen, at 375 and 1280 px;
replies announced once; every control reachable by keyboard with its focus visible."""

from __future__ import annotations

import pytest

from tests.web.axe import check_axe
from tests.web.conftest import SCREENSHOTS, StaticSite, write_intranet
from tests.web.tiers import tier_server
from web.chat import EXAMPLES

pytestmark = pytest.mark.browser

QUESTION = "What is a 7 minute briefing?"
FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
    || s.boxShadow !== 'none';
  return {tag: e.tagName, id: e.id, href: e.getAttribute('href'), ring: ring,
          name: (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 60)};
}"""
TOP = """() => {  // start from the top of the page, as after loading it
  document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex');
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus_index, real_embedder):
    """(app, screen, intranet origin): the intranet's origin is allowed to show the widget."""
    folder = tmp_path_factory.mktemp("intranet")
    with StaticSite(folder) as intranet:
        data = tmp_path_factory.mktemp("a11y")
        with tier_server(data, corpus_index, real_embedder, allowed_origins=[intranet.origin]) as (
            app,
            screen,
        ):
            write_intranet(folder, app.url)
            yield app, screen, intranet.origin


def _hosts(*urls: str) -> set[str]:
    return {u.split("://", 1)[1] for u in urls}


def _chat(page, screen, level: str) -> None:
    screen.level = level
    page.wait_for_selector("#llr-question textarea", timeout=60_000)
    count = page.locator("#llr-chat .llr-msg.llr-done").count()
    page.fill("#llr-question textarea", QUESTION)
    page.click("#llr-ask")
    page.locator("#llr-chat .llr-msg.llr-done").nth(count).wait_for(timeout=120_000)


def _embed(scope, screen, level: str) -> None:
    screen.level = level
    count = scope.locator(".llr-a").count()
    scope.locator("#llr-input").fill(QUESTION)
    scope.locator("#llr-send").click()
    scope.locator(".llr-a .llr-answer-text").nth(count).wait_for(timeout=120_000)


@pytest.mark.parametrize("width", [375, 1280])
def test_a11y_chat_has_no_wcag_violations(site, open_page, width):
    app, screen, _ = site
    page, log = open_page(_hosts(app.url), width=width)
    page.goto(app.url + "/")
    _chat(page, screen, "concern")
    _chat(page, screen, "immediate")
    page.locator("#llr-chat .llr-more-routes summary").first.click()
    check_axe(page)
    assert log.foreign == []


@pytest.mark.parametrize("width", [375, 1280])
def test_a11y_embed_has_no_wcag_violations(site, open_page, width):
    app, screen, _ = site
    page, log = open_page(_hosts(app.url), width=width)
    page.goto(app.url + "/embed")
    _embed(page, screen, "concern")
    _embed(page, screen, "immediate")
    page.locator(".llr-more-routes summary").first.click()
    check_axe(page)
    assert log.foreign == []


@pytest.mark.parametrize("width", [375, 1280])
def test_a11y_intranet_page_with_widget_open_has_no_wcag_violations(site, open_page, width):
    app, screen, origin = site
    page, log = open_page(_hosts(app.url, origin), width=width)
    page.goto(f"{origin}/intranet.html")
    page.click(".llr-assistant-launcher")
    frame = page.frame_locator("#llr-assistant-panel iframe")
    _embed(frame, screen, "immediate")
    check_axe(page)  # the intranet page and the widget's frame, each on its own
    assert len(page.frames) == 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"widget-{width}.png"))
    assert log.foreign == []


def test_a11y_chat_announces_immediate_as_alert_and_answer_politely(site, open_page):
    app, screen, _ = site
    page, _ = open_page(_hosts(app.url), width=375)
    page.goto(app.url + "/")
    _chat(page, screen, "immediate")
    page.wait_for_function("() => document.querySelector('#llr-live').textContent.length > 0")
    assert page.get_attribute("#llr-live-alert", "role") == "alert"
    assert "Immediate danger: call 999 now." in page.inner_text("#llr-live-alert")
    live = page.locator("#llr-live")
    assert live.get_attribute("aria-live") == "polite" and "Answer:" in live.inner_text()
    # the chat's own log, re-rendered on every streamed piece, stays quiet
    assert page.get_attribute("#llr-chat [role=log]", "aria-live") == "off"
    assert page.locator("#llr-chat [data-testid=bot][aria-label]").count() == 0


def test_a11y_embed_announces_answer_politely_and_immediate_as_alert(site, open_page):
    app, screen, _ = site
    page, _ = open_page(_hosts(app.url), width=375)
    page.goto(app.url + "/embed")
    _embed(page, screen, "immediate")
    assert page.locator(".llr-a .llr-immediate[role=alert]").count() == 1
    page.wait_for_function("() => document.querySelector('#llr-live').textContent.length > 0")
    assert page.inner_text("#llr-live").startswith("Answer:")
    assert page.get_attribute("#llr-log", "aria-live") == "off"


def _tab_stops(page, limit: int = 120) -> list[dict]:
    page.evaluate(TOP)
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "BODY" or (stops and stop == stops[0]):
            break
        stops.append(stop)
    return stops


def test_a11y_chat_keyboard_reaches_every_control_with_focus_visible(site, open_page):
    app, screen, _ = site
    page, _ = open_page(_hosts(app.url), width=1280)
    page.goto(app.url + "/")
    _chat(page, screen, "immediate")
    stops = _tab_stops(page)
    names = [s["name"] for s in stops]
    # names are read cut at 60 characters (FOCUSED)
    for control in (
        "Filter by newsletter and date",
        "Show the passage",
        "Ask",
        "Copy answer",
        "New conversation",
        "Was the last answer helpful?",
        "Like",
        "Dislike",
        EXAMPLES[0],
    ):
        assert any(n.startswith(control[:60]) for n in names), (control, names)
    assert any(s["tag"] == "TEXTAREA" for s in stops)
    assert any(s["href"] == "tel:999" for s in stops)
    assert [s for s in stops if not s["ring"]] == []


def test_a11y_embed_keyboard_reaches_every_control_with_focus_visible(site, open_page):
    app, screen, _ = site
    page, _ = open_page(_hosts(app.url), width=375)
    page.goto(app.url + "/embed")
    _embed(page, screen, "concern")
    stops = _tab_stops(page)
    names = [s["name"] for s in stops]
    for control in ("More contacts", "Show the passage", "Copy answer", "Helpful", "Ask"):
        assert any(n.startswith(control[:60]) for n in names), (control, names)
    assert any(s["tag"] == "TEXTAREA" for s in stops)
    assert any((s["href"] or "").startswith("tel:") for s in stops)
    assert [s for s in stops if not s["ring"]] == []


def test_a11y_check_axe_fails_on_a_known_violation(browser):
    page = browser.new_page()
    try:
        page.set_content(
            '<html lang="en"><title>t</title><body><main>'
            '<button style="background:#3b82f6;color:#fff">Ask</button></main></body></html>'
        )
        with pytest.raises(pytest.fail.Exception, match="color-contrast"):
            check_axe(page)
    finally:
        page.close()
