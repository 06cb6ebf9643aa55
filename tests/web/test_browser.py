"""The chat, the embed page and the widget in Debian chromium, against a live app.

Every page records every request; anything aimed at another host fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.conftest import SCREENSHOTS, LiveServer, shot
from web.chat import EXAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "intranet.html"
XSS = "<img src=x onerror=alert(1)>"
QUESTION = "What is a 7 minute briefing?"
RISKY = "A child told me her dad hits her and she is scared to go home. What should I do?"
TITLES = ("Safeguarding Matters", "Safeguarding Leicester's Children Newsletter")


def _host(url: str) -> str:
    return url.split("://", 1)[1]


def _ask_chat(page, text: str) -> None:
    page.wait_for_selector("#llr-question textarea", timeout=60_000)
    page.fill("#llr-question textarea", text)
    page.click("#llr-ask")
    page.wait_for_selector("#llr-chat .llr-msg .llr-answer-text p", timeout=120_000)
    page.wait_for_function(
        "() => !document.querySelector('#llr-chat .pending, #llr-chat .generating')"
    )


@pytest.fixture()
def real_app(make_app, corpus_index, corpus_assistant):
    """make_app over the real Assistant and the real index of the bundled corpus."""
    _, store = corpus_index

    def build(**kw):
        return make_app(assistant=corpus_assistant, store=store, **kw)

    return build


@pytest.fixture()
def chat_server(real_app):
    with LiveServer(real_app(chat=True)) as server:
        yield server


@pytest.fixture()
def standin_chat_server(make_app):
    """The stand-in's index holds a passage with a <script> tag in it."""
    with LiveServer(make_app(chat=True)) as server:
        yield server


@pytest.mark.parametrize("width", [1280, 375])
def test_chat_answers_with_citation_cards(chat_server, open_page, width):
    page, log = open_page({_host(chat_server.url)}, width=width)
    page.goto(chat_server.url + "/")
    _ask_chat(page, QUESTION)
    page.wait_for_selector("#llr-chat .llr-cite", timeout=60_000)
    card = page.locator("#llr-chat .llr-cite").first
    assert any(title in card.inner_text() for title in TITLES)
    card.locator("summary").click()
    assert card.locator("mark").first.is_visible()
    shot(page, f"chat-answer-{width}")
    assert log.foreign == []


@pytest.mark.parametrize("n", range(len(EXAMPLES)))
def test_chat_example_buttons_get_cited_answers(chat_server, open_page, n):
    """Each example question on the page, asked by its button on the real corpus, is answered
    with citation cards (screenshots for docs/answering.md)."""
    page, log = open_page({_host(chat_server.url)}, width=1280)
    page.goto(chat_server.url + "/")
    page.wait_for_selector(".llr-examples button", timeout=60_000)
    page.get_by_role("button", name=EXAMPLES[n], exact=True).click()
    page.wait_for_selector("#llr-chat .llr-cite", timeout=120_000)
    page.wait_for_function(
        "() => !document.querySelector('#llr-chat .pending, #llr-chat .generating')"
    )
    text = page.locator("#llr-chat .llr-msg .llr-answer-text").last.inner_text()
    assert "don't answer this" not in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#llr-chat").screenshot(path=str(SCREENSHOTS / f"example-{n + 1}.png"))
    assert log.foreign == []


@pytest.mark.parametrize("width", [1280, 375])
def test_chat_risky_message_shows_routes_before_answer(chat_server, open_page, width):
    page, log = open_page({_host(chat_server.url)}, width=width)
    page.goto(chat_server.url + "/")
    _ask_chat(page, RISKY)
    page.wait_for_selector("#llr-chat .llr-routes a[href^='tel:']", timeout=60_000)
    before = page.evaluate(
        """() => {
          const msg = [...document.querySelectorAll('#llr-chat .llr-msg')].pop();
          const routes = msg.querySelector('.llr-routes');
          const text = msg.querySelector('.llr-answer-text');
          return !!(routes.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert before
    assert page.locator("#llr-chat .llr-routes a[href='tel:999']").count() >= 1
    shot(page, f"chat-routes-{width}")
    assert log.foreign == []


def test_chat_renders_html_in_question_and_passage_as_text(standin_chat_server, open_page):
    server = standin_chat_server
    page, log = open_page({_host(server.url)})
    page.goto(server.url + "/")
    _ask_chat(page, f"Online safety parents children apps {XSS}")
    page.wait_for_selector("#llr-chat .llr-cite summary", timeout=60_000)
    page.locator("#llr-chat .llr-cite summary").first.click()
    chat_text = page.inner_text("#llr-chat")
    assert XSS in chat_text
    assert "<script>alert('x')</script>" in chat_text
    assert page.locator("#llr-chat img[src=x]").count() == 0
    assert page.locator("#llr-chat script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []
    shot(page, "chat-escaping")
    assert log.foreign == []


def test_docs_page_works_offline(standin_chat_server, open_page):
    chat_server = standin_chat_server
    page, log = open_page({_host(chat_server.url)})
    page.goto(chat_server.url + "/docs")
    page.get_by_text("/api/ask", exact=True).first.wait_for(timeout=30_000)
    shot(page, "docs")
    assert log.foreign == []


@pytest.mark.parametrize("width", [1280, 375])
def test_widget_in_intranet_page_answers(real_app, intranet, open_page, width):
    folder, origin = intranet
    with LiveServer(real_app(chat=False, allowed_origins=[origin])) as app:
        html = EXAMPLE.read_text().replace("http://127.0.0.1:7860", app.url)
        (folder / "intranet.html").write_text(html)
        page, log = open_page({_host(app.url), _host(origin)}, width=width)
        page.goto(f"{origin}/intranet.html")
        page.click(".llr-assistant-launcher")
        frame = page.frame_locator("#llr-assistant-panel iframe")
        frame.locator("#llr-input").fill(QUESTION)
        frame.locator("#llr-send").click()
        frame.locator(".llr-a .llr-cite").first.wait_for(timeout=60_000)
        assert any(t in frame.locator(".llr-cite").first.inner_text() for t in TITLES)
        frame.locator("#llr-input").fill(RISKY)
        frame.locator("#llr-send").click()
        frame.locator(".llr-a .llr-routes").first.wait_for(timeout=60_000)
        order = (
            frame.locator(".llr-a")
            .nth(1)
            .evaluate(
                "(a) => !!(a.querySelector('.llr-routes').compareDocumentPosition("
                "a.querySelector('.llr-answer-text')) & Node.DOCUMENT_POSITION_FOLLOWING)"
            )
        )
        assert order
        assert frame.locator("a[href='tel:999']").count() >= 1
        shot(page, f"widget-{width}")
    assert any(u.startswith(app.url + "/embed") for u in log.urls)
    assert log.foreign == []


def test_embed_renders_html_as_text(make_app, open_page):
    with LiveServer(make_app(chat=False)) as app:
        page, log = open_page({_host(app.url)}, width=375)
        page.goto(app.url + "/embed")
        page.fill("#llr-input", f"Online safety parents children apps {XSS}")
        page.click("#llr-send")
        page.locator(".llr-cite summary").first.wait_for(timeout=60_000)
        page.locator(".llr-cite summary").first.click()
        text = page.inner_text("#llr-log")
        assert XSS in text and "<script>alert('x')</script>" in text
        assert page.locator("#llr-log img").count() == 0
        page.wait_for_timeout(300)
        assert page.dialogs == []
        shot(page, "embed-escaping")
    assert log.foreign == []


def test_chat_keyboard_enter_sends_and_feedback_keeps_no_question(
    standin_chat_server, open_page, tmp_path
):
    from web.feedback import FeedbackStore

    server = standin_chat_server
    page, log = open_page({_host(server.url)}, width=375)
    page.goto(server.url + "/")
    box = page.locator("#llr-question textarea")
    box.wait_for(timeout=60_000)
    box.focus()
    page.keyboard.type("What is the Prevent duty for schools?")
    page.keyboard.press("Enter")
    page.wait_for_selector("#llr-chat .llr-cite", timeout=60_000)
    page.get_by_text("Was the last answer helpful?").click()
    page.get_by_label("Not helpful").check()
    page.get_by_label("Comment (optional)").fill("Too short")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_selector("#llr-status >> text=feedback saved", timeout=30_000)
    shot(page, "chat-feedback-375")
    rows = FeedbackStore(tmp_path / "data" / "feedback.sqlite3", 90).rows()
    assert [(r.rating, r.comment, r.question) for r in rows] == [("down", "Too short", None)]
    assert log.foreign == []


def test_chat_feedback_over_the_limit_is_refused_and_keeps_the_comment(
    make_app, open_page, tmp_path
):
    from web.feedback import FeedbackStore

    with LiveServer(make_app(chat=True, feedback_rate_limit_per_minute=1)) as server:
        page, log = open_page({_host(server.url)})
        page.goto(server.url + "/")
        _ask_chat(page, "What is the Prevent duty for schools?")
        page.get_by_text("Was the last answer helpful?").click()
        for comment in ("First note", "Second note"):
            page.get_by_label("Helpful", exact=True).check()
            page.get_by_label("Comment (optional)").fill(comment)
            page.get_by_role("button", name="Send feedback").click()
            page.wait_for_selector("#llr-status >> text=feedback", timeout=30_000)
        page.wait_for_selector("#llr-status >> text=Too much feedback", timeout=30_000)
        assert page.get_by_label("Comment (optional)").input_value() == "Second note"
    rows = FeedbackStore(tmp_path / "data" / "feedback.sqlite3", 90).rows()
    assert [r.comment for r in rows] == ["First note"]
    assert log.foreign == []
