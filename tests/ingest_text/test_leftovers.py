"""No markup left in what is read, and garbled lines marked so no answer quotes them."""

from __future__ import annotations

import pytest

from assistant.answer.sentences import sentences_of
from assistant.ingest.garble import garbled
from assistant.retrieval.chroma_codec import chunk_from_record, chunk_metadata
from tests.ingest_text.helpers import CORPUS, CORPUS_FILES, parse, parse_text

MARKUP = ("](#)", "](http", "**", "\\_", "\\(", "<u>", "</u>", "<b>", "</b>", "<i>", "</i>")
ISSUE_26 = "safeguarding-matters-issue-26-2021-06.txt"
DEBRIS = "footing The statutory regards for the statu"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_leftovers_no_markup_in_sections_passages_or_sentences(path):
    for chunk in parse(path).chunks:
        read = [chunk.section, chunk.text, *(s.text for s in sentences_of(chunk))]
        for text in read:
            assert not any(mark in text for mark in MARKUP), text[:80]


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_leftovers_sentence_quotes_stay_verbatim(path):
    doc = parse(path)
    for chunk in doc.chunks:
        for sentence in sentences_of(chunk):
            assert doc.source_text[sentence.raw_start : sentence.raw_end] == sentence.quote


def test_garbled_layout_debris_marked_in_issue_26():
    doc = parse(CORPUS / ISSUE_26)
    chunk = next(c for c in doc.chunks if DEBRIS in c.text)
    marked = [chunk.text[chunk.spans[i][0] : chunk.spans[i][1]] for i in chunk.garbled]
    assert marked == [DEBRIS]
    assert DEBRIS not in {s.text for s in sentences_of(chunk)}


def test_garbled_debris_not_joined_to_the_sentence_before():
    doc = parse(CORPUS / ISSUE_26)
    said = {s.text for c in doc.chunks for s in sentences_of(c)}
    assert any(s.endswith("on a statutory legal footing") for s in said)


def test_garbled_nothing_else_marked_in_the_newsletters():
    marked = [
        c.text[c.spans[i][0] : c.spans[i][1]]
        for path in CORPUS_FILES
        for c in parse(path).chunks
        for i in c.garbled
    ]
    assert marked == [DEBRIS]


@pytest.mark.parametrize(
    "text",
    [
        "Tbe rnay wlth ~~ | ,, fo0d",
        "c0ntact tbe l-b|t nurnber",
        "rnulti-agency rneetings wi11 be he1d",
    ],
)
def test_garbled_ocr_misreadings(text):
    assert garbled(text)


@pytest.mark.parametrize(
    "text",
    [
        "The webinar on reablement and genograms is online.",
        "Tel: 0116 305 7130 Email: SBBO@leics.gov.uk",
        "seeing a parent's injuries or distress afterwards",
        "LLR SCPs Training",
    ],
)
def test_garbled_real_sentences_are_not(text):
    assert not garbled(text)


def test_garbled_mark_survives_the_store_record(tmp_path):
    doc = parse_text(
        tmp_path, "Notes\n\nA real sentence here that reads well.\n\nTbe rnay wlth ~~ fo0d"
    )
    chunk = doc.chunks[0]
    assert chunk.garbled
    again = chunk_from_record(chunk.text, chunk_metadata(chunk, "g1"))
    assert again.garbled == chunk.garbled
