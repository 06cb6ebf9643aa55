"""The chat's first screen in Debian chromium: whatever the routes tier, the reply lands with
its start at the top of the window and the answer's first line inside the first screen, at
phone (375x667) and desktop (1280x800) sizes. The page has one scroll: no scroll box inside.

Screenshots of each tier's first screen go to docs/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.web.conftest import SCREENSHOTS
from tests.web.tiers import tier_server

pytestmark = pytest.mark.browser

SIZES = {375: 667, 1280: 800}
QUESTION = "What is a 7 minute briefing?"
TIER_CLASS = {"immediate": ".llr-immediate", "concern": ".llr-concern", "topic": ".llr-support"}

FIRST_SCREEN = """() => {
  const reply = [...document.querySelectorAll('#llr-chat .llr-msg')].pop();
  const text = reply.querySelector('.llr-answer-text p');
  const node = document.createTreeWalker(text, NodeFilter.SHOW_TEXT).nextNode();
  const range = document.createRange();  // the answer's first character: its first line
  range.setStart(node, 0);
  range.setEnd(node, 1);
  const first = range.getBoundingClientRect();
  return {reply: reply.getBoundingClientRect().top, lineTop: first.top,
          lineBottom: first.bottom, height: innerHeight};
}"""

NESTED_SCROLL = """() => [...document.querySelectorAll('#llr-chat, #llr-chat *')].filter((el) => {
  const s = getComputedStyle(el);
  return /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
}).map((el) => el.className || el.tagName)"""


@pytest.fixture(scope="module")
def tiers(tmp_path_factory, corpus_index, real_embedder):
    """(server, screen): the chat over the real index; set screen.level before asking."""
    with tier_server(tmp_path_factory.mktemp("layout"), corpus_index, real_embedder) as both:
        yield both


def _ask(page, text: str) -> None:
    page.wait_for_selector("#llr-question textarea", timeout=60_000)
    page.fill("#llr-question textarea", text)
    page.click("#llr-ask")
    page.wait_for_selector("#llr-chat .llr-msg.llr-done .llr-answer-text p", timeout=120_000)
    page.wait_for_timeout(300)  # the landing scroll runs on the last render


@pytest.mark.parametrize("width", sorted(SIZES))
@pytest.mark.parametrize("tier", ["immediate", "concern", "topic", "none"])
def test_layout_answer_first_line_in_first_screen(tiers, open_page, tier, width):
    server, screen = tiers
    screen.level = tier
    page, log = open_page({server.url.split("://", 1)[1]}, width=width, height=SIZES[width])
    page.goto(server.url + "/")
    _ask(page, QUESTION)
    if tier in TIER_CLASS:
        assert page.locator(f"#llr-chat .llr-msg {TIER_CLASS[tier]}").count() == 1
    else:
        assert page.locator("#llr-chat .llr-routes, #llr-chat .llr-support").count() == 0
    where = page.evaluate(FIRST_SCREEN)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"chat-{tier}-{width}.png"))
    assert 0 <= where["reply"] < where["height"], where  # the routes (or the answer) start
    assert 0 <= where["lineTop"] and where["lineBottom"] <= where["height"], where
    assert log.foreign == []


@pytest.mark.parametrize("width", sorted(SIZES))
def test_layout_conversation_is_not_a_scroll_box(tiers, open_page, width):
    server, screen = tiers
    screen.level = "immediate"
    page, _ = open_page({server.url.split("://", 1)[1]}, width=width, height=SIZES[width])
    page.goto(server.url + "/")
    _ask(page, QUESTION)
    assert page.evaluate(NESTED_SCROLL) == []
    assert page.evaluate("() => document.documentElement.scrollHeight > innerHeight")


def test_layout_immediate_routes_two_columns_on_desktop(tiers, open_page):
    server, screen = tiers
    screen.level = "immediate"
    page, _ = open_page({server.url.split("://", 1)[1]}, width=1280, height=800)
    page.goto(server.url + "/")
    _ask(page, QUESTION)
    lefts = page.evaluate(
        "() => [...document.querySelectorAll('#llr-chat .llr-immediate .llr-route')]"
        ".map((r) => Math.round(r.getBoundingClientRect().left))"
    )
    assert len(set(lefts)) == 2, lefts
