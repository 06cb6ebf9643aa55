"""Offsets, spans and metadata over the five real newsletters."""

from __future__ import annotations

import tomllib

import pytest

from assistant.ingest.metadata import MetadataTable, read_masthead
from tests.ingest_text.helpers import CORPUS, CORPUS_FILES, parse, span_matches

EXPECTED = tomllib.loads((CORPUS / "metadata.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=[p.name for p in CORPUS_FILES])
def parsed(request):
    return parse(CORPUS / request.param, MetadataTable.load(CORPUS / "metadata.toml"))


def test_corpus_chunk_offsets_slice_source_text(parsed):
    assert parsed.chunks
    for chunk in parsed.chunks:
        assert 0 <= chunk.start < chunk.end <= len(parsed.source_text)
        assert parsed.source_text[chunk.start : chunk.end] == chunk.source_text


def test_corpus_spans_are_tight_verbatim_sentences(parsed):
    source = parsed.source_text
    for chunk in parsed.chunks:
        assert chunk.spans
        for clean_start, clean_end, raw_start, raw_end in chunk.spans:
            raw = source[raw_start:raw_end]
            assert raw.strip() == raw and raw
            assert not raw.startswith("- ")
            assert chunk.start <= raw_start < raw_end <= chunk.end
            assert span_matches(source, raw_start, raw_end, chunk.text[clean_start:clean_end])


def test_corpus_source_text_is_file_decoded_exactly(parsed):
    data = (CORPUS / parsed.doc.source).read_bytes()
    assert parsed.source_text == data.decode("utf-8")


def test_corpus_chunk_ids_unique_and_stable(parsed):
    ids = [c.id for c in parsed.chunks]
    assert len(set(ids)) == len(ids)
    assert ids[0] == f"{parsed.doc_hash[:16]}-0000"
    again = parse(CORPUS / parsed.doc.source, MetadataTable.load(CORPUS / "metadata.toml"))
    assert [c.id for c in again.chunks] == ids
    assert [c.content_hash for c in again.chunks] == [c.content_hash for c in parsed.chunks]


def test_corpus_last_line_is_indexed(parsed):
    source = parsed.source_text
    assert not source.endswith("\n")
    last_line_start = source.rindex("\n") + 1
    last = max(parsed.chunks, key=lambda c: c.end)
    assert last.end > last_line_start
    assert source[last_line_start:].strip()[:12] in last.source_text


def test_corpus_no_chunk_text_carries_markup(parsed):
    for chunk in parsed.chunks:
        for mark in ("**", "](#)", "<u>", "</b>", "\\(", "\\_", "\\mathbf", "’"):
            assert mark not in chunk.text, (mark, chunk.text[:80])


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_masthead_issue_and_date_match_metadata_table(path):
    head = read_masthead(path.read_text(encoding="utf-8"))
    entry = EXPECTED[path.name]
    assert head.issue == entry.get("issue")
    if "issue" in entry:  # printed editions carry their date on the masthead
        assert head.date == entry["date"]
    else:
        assert head.date is None


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_masthead_alone_resolves_title_issue_and_date(path):
    doc = MetadataTable().resolve(path.name, path.read_text(encoding="utf-8"))
    entry = EXPECTED[path.name]
    assert doc.issue == entry.get("issue")
    assert doc.title == entry["title"]
    if "issue" in entry:
        assert doc.date == entry["date"]


def test_corpus_table_metadata_reaches_every_chunk():
    table = MetadataTable.load(CORPUS / "metadata.toml")
    parsed = parse(CORPUS / "safeguarding-matters-2013-spring.txt", table)
    assert {c.doc.date for c in parsed.chunks} == {"2013-03"}
    assert parsed.doc.area == "leicestershire-and-rutland"
    assert parsed.doc.issue is None


def test_corpus_briefings_keep_their_titles():
    parsed = parse(CORPUS / "safeguarding-matters-issue-28-2022-03.txt")
    sections = {c.section for c in parsed.chunks}
    assert "7 Minute Briefing – Anna – 03 Summary of Learning" in sections
    assert "7 Minute Briefing – Anna – 04 Summary of Learning" in sections
    slavery = "Modern Slavery – The effects on a child of living in the household"
    assert f"{slavery} – 7 minute briefing – 05 Signs and indicators" in sections
    camhs = "Children with Mental Health Needs on CAMHS waiting list audit findings"
    assert f"{camhs} – 7 minute briefing – 03 Summary of Learning" in sections
    dva = "SCP Audit on domestic violence and abuse and child safeguarding"
    assert f"{dva} – 7 minute briefing – 07 Resources" in sections


def test_corpus_ocr_o7_briefing_numbers_read_as_digits():
    parsed = parse(CORPUS / "safeguarding-matters-issue-26-2021-06.txt")
    sections = {c.section for c in parsed.chunks}
    assert "7 Minute Briefing – Male 17 years old – 07 Finding 5" in sections
    assert "7 Minute Briefing – Male 17 years old – 03 Finding 1" in sections


def test_corpus_contents_lists_are_not_indexed():
    for path in CORPUS_FILES:
        parsed = parse(path)
        for chunk in parsed.chunks:
            assert not chunk.text.startswith(("P2 ", "p2 ", "p1 ", "р3", "CONTENTS")), chunk.text


def test_corpus_fostering_table_read_by_column():
    parsed = parse(CORPUS / "safeguarding-leicesters-children-issue-01-2017-07.txt")
    chunk = next(c for c in parsed.chunks if "Private Fostering includes" in c.text)
    text = chunk.text
    includes = text.index("Private Fostering includes a child living with:")
    excludes = text.index("Private Fostering does not include a child living with:")
    column_one = text[includes:excludes]
    for item in ("godparents", "great-grandparents", "cousins", "a host family"):
        assert item in column_one
    for item in ("brothers", "sisters", "mother", "father", "; grandparents"):
        assert item not in column_one
    assert "children and young people who are being looked-after" in text[excludes:]
