"""Candidate units (`assistant/answer/units.py`) and how a list is quoted whole."""

from __future__ import annotations

import numpy as np

from assistant.answer.extractive import _whole_list
from assistant.answer.features import Scored
from assistant.answer.units import units_of
from tests.answer.helpers import make_chunk, passages

THEMES_SOURCE = (
    "Six key practice themes to make a difference\n\n"
    "- Understanding what the child's daily life is like\n"
    "- Working with families where their engagement is reluctant and sporadic\n"
    "- Critical thinking and challenge\n\n"
    "The full report provides an extended outline of each theme, with learning drawn from "
    "reviews.\n"
)
ITEMS = [
    "Understanding what the child's daily life is like",
    "Working with families where their engagement is reluctant and sporadic",
    "Critical thinking and challenge",
]


def _opening_chunk():
    # cut, as ingest cuts it, after the first item's mark: the heading is the section title
    return make_chunk(
        THEMES_SOURCE,
        [*ITEMS, "The full report provides an extended outline of each theme, with learning "
                 "drawn from reviews."],
        section="Six key practice themes to make a difference",
    )


def test_a_passage_that_opens_with_a_list_gives_a_list_unit_of_its_items():
    units = units_of(passages(_opening_chunk()), 5, 12)
    lists = [u for u in units if u.kind == "list"]
    assert [[s.text for s in u.sentences] for u in lists] == [ITEMS]


def test_a_passage_of_statements_gives_no_list_unit():
    source = "First statement of the passage here. Second statement of the passage here.\n"
    chunk = make_chunk(source, ["First statement of the passage here.",
                                "Second statement of the passage here."])
    assert all(u.kind != "list" for u in units_of(passages(chunk), 5, 12))


def test_some_items_of_a_list_stand_for_the_whole_list():
    units = units_of(passages(_opening_chunk()), 5, 12)
    row = np.zeros(1, np.float32)
    pair = next(u for u in units if u.kind != "list" and len(u.sentences) == 2
                and u.sentences[0].text == ITEMS[1])
    whole = next(u for u in units if u.kind == "list")
    ranked = [Scored(pair, row, 0.6), Scored(whole, row, 0.3)]
    chosen = _whole_list(ranked[0], ranked)
    assert chosen.unit is whole and chosen.probability == 0.6
    other = next(u for u in units if u.sentences[0].text.startswith("The full report"))
    assert _whole_list(Scored(other, row, 0.6), ranked).unit is other


def test_a_list_without_a_lead_in_reads_as_its_items_joined():
    from assistant.answer.extractive import compose

    whole = next(u for u in units_of(passages(_opening_chunk()), 5, 12) if u.kind == "list")
    text, citations = compose([whole])
    assert text == f"{ITEMS[0]}; {ITEMS[1]}; {ITEMS[2]} [1]."
    assert len(citations) == 1
