"""A citation's quote stays verbatim; its reading is the same sentences cleaned for display."""

from __future__ import annotations

from assistant.answer.citations import citation_for, quote_is_verbatim
from assistant.answer.sentences import sentences_of
from tests.ingest_text.helpers import parse_text
from web import render

TEXT = (
    "# Allegations\n\n"
    "Cases are dealt with under [5.13 Complex \\(Organised\\) Abuse Procedure](#). "
    "See **the procedures** online.\n\n"
    "Check that:\n\n"
    "- The plan is shared.\n"
    "- The child is seen alone.\n"
)


def _citation(tmp_path):
    parsed = parse_text(tmp_path, TEXT, name="snippet.md")
    chunk = next(c for c in parsed.chunks if "Complex" in c.source_text)
    return citation_for(1, sentences_of(chunk)), chunk


def test_the_reading_drops_markup_while_the_quote_stays_verbatim(tmp_path):
    citation, chunk = _citation(tmp_path)
    source = (tmp_path / "snippet.md").read_text("utf-8")
    assert quote_is_verbatim(citation, source)
    assert "](#)" in citation.quote and "\\(" in citation.quote
    assert "5.13 Complex (Organised) Abuse Procedure." in citation.reading
    assert "](#)" not in citation.reading and "**" not in citation.reading
    assert "\\(" not in citation.reading


def test_the_reading_keeps_a_list_on_its_own_lines(tmp_path):
    citation, _ = _citation(tmp_path)
    assert "\n- The plan is shared.\n- The child is seen alone." in citation.reading
    assert citation.to_dict()["reading"] == citation.reading


def test_the_chat_card_shows_the_reading_and_marks_the_quote_in_its_passage(tmp_path):
    citation, _ = _citation(tmp_path)
    card = render.citation_html(citation)
    quote_html = card.split('<blockquote class="llr-quote">')[1].split("</blockquote>")[0]
    assert "5.13 Complex (Organised) Abuse Procedure." in quote_html
    assert "](#)" not in quote_html
    assert "<mark>" in card  # the passage still shows where the quote sits
