"""HTML rendering for the chat: escaping, routes first, citation cards."""

from __future__ import annotations

from dataclasses import replace

from assistant.types import Answer, Citation, Contact, Risk, Support
from tests.web.standin import DOC_A, ROUTES
from web import render

XSS = "<img src=x onerror=alert(1)>"


def _answer(**kw) -> Answer:
    cite = Citation(
        1,
        DOC_A,
        "Prevent <b>",
        "due regard",
        10,
        20,
        "Schools must have\n due   regard <script>alert(2)</script>",
    )
    base = Answer(
        question="q", answer="Schools must have due regard [1].", refused=False, citations=(cite,)
    )
    return replace(base, **kw)


def test_render_question_escapes_html():
    out = render.question_html(XSS)
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out


def test_render_passage_script_is_escaped():
    out = render.answer_html(_answer())
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_render_answer_text_is_escaped():
    out = render.answer_html(_answer(answer=f"Quote {XSS} [1]"))
    assert "<img" not in out


def test_render_routes_come_before_answer():
    out = render.answer_html(_answer(routes=ROUTES, risk=Risk("immediate", ("harm",))))
    assert out.index('class="llr-routes') < out.index("Schools must have due regard")


def test_render_no_routes_panel_without_routes():
    assert "llr-routes" not in render.answer_html(_answer())


def test_render_phone_numbers_are_tel_links():
    out = render.routes_html(ROUTES)
    assert 'href="tel:999"' in out and 'href="tel:01163050005"' in out


def test_render_quote_is_marked_inside_passage_across_whitespace():
    out = render.highlight("Schools must have\n due   regard to it", "have due regard")
    assert "<mark>have<br> due   regard</mark>" in out


def test_render_highlight_finds_a_list_quote_whose_bullets_the_passage_dropped():
    passage = "Check that:\nThe plan is shared.\nThe child is seen alone."
    quote = "Check that:\n- The plan is shared.\n- The child is seen alone."
    out = render.highlight(passage, quote)
    assert "<mark>Check that:<br>The plan is shared.<br>The child is seen alone.</mark>" in out


def test_render_citation_card_shows_title_issue_date_section():
    out = render.citation_html(_answer().citations[0])
    assert "Safeguarding Matters" in out and "issue 28" in out and "Mar 2022" in out
    assert "Prevent &lt;b&gt;" in out and "<details>" in out


def test_render_output_has_no_blank_lines():
    out = render.answer_html(_answer(answer="One.\n\nTwo [1].", warnings=("Old.",)))
    assert "\n\n" not in out


def test_render_warning_is_shown():
    assert "may be out of date" in render.answer_html(_answer(warnings=("may be out of date",)))


def _route(name: str, hours: str = "", status: str = "verified", label: str = ""):
    return replace(
        ROUTES[1],
        id=name,
        name=name,
        hours=hours,
        status=status,
        contacts=(Contact("phone", "0116 000 0000", label),),
    )


def test_render_immediate_panel_shows_every_route_with_999_first():
    routes = (*ROUTES, *(_route(f"Line {i}") for i in range(5)))
    out = render.routes_html(routes, immediate=True, visible=2)
    assert "llr-immediate" in out and "<details" not in out
    assert out.index('href="tel:999"') < out.index("Line 0")
    assert out.count('class="llr-route"') == len(routes)


def test_render_concern_panel_puts_the_rest_behind_more_contacts():
    routes = tuple(_route(f"Line {i}") for i in range(5))
    out = render.routes_html(routes, immediate=False, visible=3)
    shown, rest = out.split("<details", 1)
    assert "llr-concern" in shown and "Line 2" in shown and "Line 3" not in shown
    assert "More contacts (2)" in rest and "Line 3" in rest and "Line 4" in rest


def test_render_topic_tier_is_one_line_strip():
    support = Support("If this is about someone at risk now: In an emergency call 999.")
    out = render.answer_html(_answer(support=support, risk=Risk("topic", ("neglect",))))
    assert '<p class="llr-support">If this is about someone at risk now' in out
    assert "llr-routes" not in out


def test_render_route_hours_in_small_text_unless_a_label_says_them():
    assert 'llr-hours">Mon-Fri 8.30-5</span>' in render.route_html(_route("A", "Mon-Fri 8.30-5"))
    said = render.route_html(_route("B", "24 hours", label="free, 24 hours"))
    assert "llr-hours" not in said and "free, 24 hours" in said


def test_render_unconfirmed_number_is_marked_and_explained():
    out = render.routes_html((_route("A", status="verify"),), immediate=False)
    assert render.VERIFY_NOTE in out and render.VERIFY_FOOTNOTE in out
    assert render.VERIFY_FOOTNOTE not in render.routes_html((_route("B"),), immediate=False)


def test_render_finished_reply_is_marked_done_and_streaming_is_not():
    assert "llr-done" in render.answer_html(_answer())
    assert "llr-done" not in render.streaming_html(render.Safety(), "Some")
    assert "llr-done" not in render.notice_html("")
