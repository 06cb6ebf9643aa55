"""HTML for the chat: routes panel, answer, warnings and citation cards.

Every piece of text that came from a user or a newsletter goes through `esc` before it is
placed in markup. The output has no blank lines, so the chat's markdown renderer treats each
message as one HTML block and never re-interprets newsletter text as markdown.

The chat re-renders a reply on every streamed piece, so the panels carry no live-region role
of their own (each re-render would be announced again): the page announces a reply once,
the immediate tier through its alert region (web/static/chat.js). `llr-done` marks
a finished reply (classes: the chat's sanitiser keeps no data attributes).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from assistant.dates import month_label
from assistant.types import Answer, Citation, Contact, Route, Safety, Support

VERIFY_NOTE = "Check this number before relying on it."
VERIFY_FOOTNOTE = "* Check numbers marked * before relying on them."
_CITE_MARK = re.compile(r"\[(\d{1,2})\]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def esc(text: str) -> str:
    """Text made safe for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def question_html(question: str) -> str:
    return f'<div class="llr-q">{_lines(esc(question))}</div>'


def contact_html(contact: Contact) -> str:
    """One number (or address) as a tappable link, its label in small text after it."""
    value = esc(contact.value)
    digits = re.sub(r"[^0-9+]", "", contact.value)
    if contact.kind == "phone" and digits:
        link = f'<a class="llr-tel" href="tel:{esc(digits)}">{value}</a>'
    elif contact.kind == "email" and "@" in contact.value:
        link = f'<a class="llr-tel" href="mailto:{esc(contact.value.strip())}">{value}</a>'
    else:
        link = f'<span class="llr-tel">{value}</span>'
    label = f' <span class="llr-small">{esc(contact.label)}</span>' if contact.label else ""
    return f'<span class="llr-contact">{link}{label}</span>'


def route_html(route: Route) -> str:
    """One compact row: the name, then each number with its label, then hours in small text.
    Hours that the numbers and labels already say ("free, 24 hours") are not repeated; a
    number still to be checked carries a mark that the panel's footnote explains."""
    contacts = " ".join(contact_html(c) for c in route.contacts)
    said = _words(" ".join(f"{c.value} {c.label}" for c in route.contacts))
    hours = route.hours if not _words(route.hours) <= said else ""
    small = f' <span class="llr-small llr-hours">{esc(hours)}</span>' if hours else ""
    return (
        f'<li class="llr-route"><strong class="llr-route-name">{esc(route.name)}</strong> '
        f"{contacts}{small}{_verify_mark(route)}</li>"
    )


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _verify_mark(route: Route) -> str:
    if route.status == "verified":
        return ""
    return (
        '&nbsp;<span class="llr-verify"><span aria-hidden="true">*</span>'
        f'<span class="llr-sr-only">{VERIFY_NOTE}</span></span>'
    )


def routes_html(routes: Sequence[Route], immediate: bool = True, visible: int = 0) -> str:
    """The routes panel, shown before anything else. Immediate danger: high contrast, 999
    first, every route. A concern: a calmer panel, the first `visible` routes, the rest one
    click away."""
    if not routes:
        return ""
    shown = len(routes) if immediate or not visible else visible
    items = "".join(route_html(r) for r in routes[:shown])
    more = _footnote(routes[:shown])
    if shown < len(routes):
        rest = "".join(route_html(r) for r in routes[shown:])
        more += (
            f'<details class="llr-more-routes"><summary>More contacts ({len(routes) - shown})'
            f'</summary><ul class="llr-route-list">{rest}</ul>{_footnote(routes[shown:])}'
            "</details>"
        )
    if immediate:
        return (
            '<section class="llr-routes llr-immediate" aria-label="Emergency and help contacts">'
            '<h3 class="llr-routes-title">Immediate danger: call '
            '<a class="llr-tel" href="tel:999">999</a> now.</h3>'
            f'<ul class="llr-route-list">{items}</ul>{more}</section>'
        )
    return (
        '<section class="llr-routes llr-concern" aria-label="Who to contact about this concern">'
        '<h3 class="llr-routes-title">Worried someone may be at risk? Who to contact:</h3>'
        f'<ul class="llr-route-list">{items}</ul>{more}</section>'
    )


def _footnote(routes: Sequence[Route]) -> str:
    if all(r.status == "verified" for r in routes):
        return ""
    # read aloud as each number's own note instead
    return f'<p class="llr-small llr-footnote" aria-hidden="true">{VERIFY_FOOTNOTE}</p>'


def support_html(support: Support | None) -> str:
    """The one-line strip of the topic tier."""
    if support is None:
        return ""
    return f'<p class="llr-support">{esc(support.text)}</p>'


def safety_html(safety: Safety) -> str:
    return routes_html(safety.routes, safety.risk.immediate, safety.visible) + support_html(
        safety.support
    )


def answer_text_html(text: str) -> str:
    """The answer's markdown subset (paragraphs, bullets, bold, [n]) as escaped HTML."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if lines and all(ln.startswith(("- ", "* ")) for ln in lines):
            items = "".join(f"<li>{_inline(ln[2:])}</li>" for ln in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif lines:
            blocks.append(f"<p>{'<br>'.join(_inline(ln) for ln in lines)}</p>")
    return f'<div class="llr-answer-text">{"".join(blocks)}</div>'


def warnings_html(warnings: Sequence[str]) -> str:
    if not warnings:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return (
        f'<div class="llr-warnings" role="note"><strong>Please note</strong><ul>{items}</ul></div>'
    )


_BULLETS = frozenset("-•*·▪●◦–")
_BULLET_GAP = r"\s+(?:[-•*·▪●◦–]\s+)?"


def highlight(passage: str, quote: str) -> str:
    """The passage escaped, with the quote wrapped in <mark> (whitespace-insensitive)."""
    words = [w for w in quote.split() if w not in _BULLETS]
    if not words:
        return _lines(esc(passage))
    # A list quote keeps the source's bullet markers; the passage may have dropped them.
    pattern = _BULLET_GAP.join(re.escape(w) for w in words)
    found = re.search(pattern, passage) or re.search(pattern, passage, re.IGNORECASE)
    if not found:
        return _lines(esc(passage))
    before, hit, after = passage[: found.start()], found.group(0), passage[found.end() :]
    return _lines(f"{esc(before)}<mark>{esc(hit)}</mark>{esc(after)}")


def citation_html(c: Citation) -> str:
    issue = f", issue {esc(c.doc.issue)}" if c.doc.issue else ""
    page = f", page {c.page}" if c.page else ""
    page += " (scanned, read by OCR)" if c.ocr else ""
    section = f'<span class="llr-cite-section">{esc(c.section)}</span>' if c.section else ""
    return (
        f'<li class="llr-cite" id="llr-cite-{c.n}"><div class="llr-cite-head">'
        f'<span class="llr-cite-n">[{c.n}]</span> '
        f'<span class="llr-cite-title">{esc(c.doc.title)}</span>{issue}, '
        f"<time>{esc(month_label(c.doc.date))}</time>{page} {section}</div>"
        f'<blockquote class="llr-quote">{_lines(esc(c.reading or c.quote))}</blockquote>'
        f"<details><summary>Show the passage</summary>"
        f'<p class="llr-passage">{highlight(c.passage, c.reading or c.quote)}</p></details></li>'
    )


def citations_html(citations: Sequence[Citation]) -> str:
    if not citations:
        return ""
    cards = "".join(citation_html(c) for c in citations)
    return f'<div class="llr-cites"><h4>Sources</h4><ol class="llr-cite-list">{cards}</ol></div>'


def answer_html(answer: Answer) -> str:
    """A whole answer: routes first, then the answer, warnings and citation cards."""
    return (
        '<div class="llr-msg llr-done">'
        + safety_html(_safety_of(answer))
        + answer_text_html(answer.answer)
        + warnings_html(answer.warnings)
        + citations_html(answer.citations)
        + "</div>"
    )


def streaming_html(safety: Safety, text: str) -> str:
    """The message while the answer streams in: routes already shown, text so far."""
    return f'<div class="llr-msg llr-streaming">{safety_html(safety)}{answer_text_html(text)}</div>'


def notice_html(message: str, safety: Safety | None = None) -> str:
    """An error or status message (index down, rate limited), still routes first."""
    state, notice = "llr-waiting", ""  # an empty message: the reply has only just started
    if message:
        state, notice = "llr-done", f'<div class="llr-notice">{esc(message)}</div>'
    return f'<div class="llr-msg {state}">{safety_html(safety or Safety())}{notice}</div>'


def _safety_of(answer: Answer) -> Safety:
    return Safety(answer.risk, answer.routes, answer.support, answer.routes_visible)


def _inline(raw: str) -> str:
    text = esc(raw)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _CITE_MARK.sub(r'<sup class="llr-ref">[\1]</sup>', text)


def _lines(escaped: str) -> str:
    return escaped.replace("\r", "").replace("\n", "<br>")
