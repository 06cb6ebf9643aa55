"""HTML rendering for the chat: escaping, routes first, citation cards."""

from __future__ import annotations

from dataclasses import replace

from assistant.types import Answer, Citation, Risk
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
    assert out.index('role="alert"') < out.index("Schools must have due regard")


def test_render_no_routes_panel_without_routes():
    assert 'role="alert"' not in render.answer_html(_answer())


def test_render_phone_numbers_are_tel_links():
    out = render.routes_html(ROUTES)
    assert 'href="tel:999"' in out and 'href="tel:01163050005"' in out


def test_render_quote_is_marked_inside_passage_across_whitespace():
    out = render.highlight("Schools must have\n due   regard to it", "have due regard")
    assert "<mark>have<br> due   regard</mark>" in out


def test_render_citation_card_shows_title_issue_date_section():
    out = render.citation_html(_answer().citations[0])
    assert "Safeguarding Matters" in out and "issue 28" in out and "Mar 2022" in out
    assert "Prevent &lt;b&gt;" in out and "<details>" in out


def test_render_output_has_no_blank_lines():
    out = render.answer_html(_answer(answer="One.\n\nTwo [1].", warnings=("Old.",)))
    assert "\n\n" not in out


def test_render_warning_is_shown():
    assert "may be out of date" in render.answer_html(_answer(warnings=("may be out of date",)))
