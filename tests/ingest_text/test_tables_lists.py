"""Tables read by column or row with their headers, and lists kept with their lead-in line."""

from __future__ import annotations

import re
from functools import cache

from assistant.ingest.parse import ParsedDocument
from assistant.types import Chunk
from tests.ingest_text.helpers import CORPUS, CORPUS_FILES, all_text, parse, parse_text

ISSUE_01 = "safeguarding-leicesters-children-issue-01-2017-07.txt"
ISSUE_26 = "safeguarding-matters-issue-26-2021-06.txt"
ISSUE_28 = "safeguarding-matters-issue-28-2022-03.txt"
WINTER_2019 = "safeguarding-matters-2019-winter.md"
INCLUDES = "Private Fostering includes a child living with:"
EXCLUDES = "Private Fostering does not include a child living with:"


@cache
def parsed(name: str, chunk_tokens: int = 384) -> ParsedDocument:
    return parse(CORPUS / name, chunk_tokens=chunk_tokens, overlap_tokens=48)


def sentences(chunk: Chunk) -> list[str]:
    return [chunk.text[a:b] for a, b, _, _ in chunk.spans]


def raw_spans(doc: ParsedDocument, chunk: Chunk) -> list[str]:
    return [doc.source_text[c:d] for _, _, c, d in chunk.spans]


def test_tables_no_span_covers_two_cells_in_any_newsletter():
    for path in CORPUS_FILES:
        doc = parse(path)
        for chunk in doc.chunks:
            assert not any("\t" in raw for raw in raw_spans(doc, chunk)), chunk.id


def test_tables_fostering_columns_each_under_their_header():
    doc = parsed(ISSUE_01)
    chunk = next(c for c in doc.chunks if INCLUDES in c.text)
    includes, excludes = chunk.text.index(INCLUDES), chunk.text.index(EXCLUDES)
    first = chunk.text[includes:excludes]
    second = chunk.text[excludes:]
    for cell in ("godparents", "great aunts or uncles", "a host family which is caring"):
        assert cell in first and cell not in second
    for cell in ("brothers", "grandparents", "mother", "father", "being looked-after"):
        assert re.search(rf"\b{cell}\b", second) and not re.search(rf"[:;] {cell}\b", first)


def test_tables_fostering_cells_are_sentences_of_their_own():
    doc = parsed(ISSUE_01)
    chunk = next(c for c in doc.chunks if INCLUDES in c.text)
    said = sentences(chunk)
    assert INCLUDES in said and EXCLUDES in said
    assert "godparents" in said and "brothers" in said
    assert not any("godparents" in s and "brothers" in s for s in said)


def test_tables_profile_rows_read_as_key_and_value():
    assert "Name: Drew Jagger\nJob title: Substance Misuse Recovery Worker" in all_text(
        parsed(ISSUE_28)
    )
    doc = parsed(ISSUE_26)
    chunk = next(c for c in doc.chunks if "Name: Jude Atkinson" in c.text)
    assert ["Name", "Jude Atkinson"] == [
        s for s in sentences(chunk) if s in ("Name", "Jude Atkinson")
    ]


def test_tables_rows_with_repeated_text_are_all_kept():
    text = all_text(parsed(ISSUE_26))
    assert "Referrals: This chapter has been updated to reflect changes" in text
    assert "Assessment: This chapter has been updated to reflect changes" in text


def test_tables_numbered_rows_read_in_order_with_their_group_headers():
    doc = parsed(WINTER_2019)
    manager = [c for c in doc.chunks if c.section.endswith("( Supervisor/Manager )")]
    text = "\n".join(c.text for c in manager)
    numbers = [int(n) for n in re.findall(r"^(\d{1,2}) ", text, re.MULTILINE)]
    assert numbers == list(range(1, 18))
    for chunk in manager:
        rows = [line for line in chunk.text.splitlines() if re.match(r"\d{1,2} ", line)]
        if rows:  # a chunk of rows starts with the group header the rows stand under
            first = chunk.text.splitlines()[0]
            assert first in (
                "Supervisor and Manager Assess your own knowledge and skill base "
                "before discussing with practitioners",
                "Direct Practice",
            )
    for header in ("Recognising Abuse and Harm", "Procedures", "Direct Practice"):
        assert f"\n{header}\n" in f"\n{text}\n"


def test_tables_numbered_rows_never_share_a_span():
    doc = parsed(WINTER_2019)
    for chunk in doc.chunks:
        for raw in raw_spans(doc, chunk):
            assert not re.search(r"\n\d{1,2}\t", raw), raw[:80]


def test_tables_markdown_pipe_table_rows_read_with_headers(tmp_path):
    text = (
        "# Audit themes\n\nThe audit found:\n\n| Aspect | What we need to do |\n|---|---|\n"
        "| Referrals | Use the **LLR** thresholds. |\n| Escalation | Use the procedure. |"
    )
    doc = parse_text(tmp_path, text, name="audit.md")
    chunk = doc.chunks[0]
    assert "Aspect: Referrals; What we need to do: Use the LLR thresholds." in chunk.text
    assert "Aspect: Escalation; What we need to do: Use the procedure." in chunk.text
    assert "Use the **LLR** thresholds." in raw_spans(doc, chunk)


def test_lists_lead_in_and_items_share_a_chunk():
    doc = parsed(ISSUE_26)
    lead = "key touch points where parents and carers will be given the ICON message:"
    items = [f"{n}. " for n in range(1, 7)]
    for chunk in (c for c in doc.chunks if lead in c.text):
        assert all(item in chunk.text for item in items)
    for chunk in (c for c in doc.chunks if "The priorities are:" in c.text):
        assert "Safeguarding Babies" in chunk.text and "Supporting effective" in chunk.text


def test_lists_every_item_is_its_own_span():
    doc = parsed(ISSUE_26)
    chunk = next(c for c in doc.chunks if "3. Community midwifery" in c.text)
    said = sentences(chunk)
    assert "3. Community midwifery up to 10 days after birth" in said
    assert "5. A text message ICON reminder 3 weeks after birth" in said


def test_lists_item_number_never_a_sentence_alone():
    for path in CORPUS_FILES:  # "5. A text message ...", not "5." then "A text message ..."
        for chunk in parse(path).chunks:
            assert not any(re.fullmatch(r"\d{1,2}[.)]", s) for s in sentences(chunk))


def test_lists_long_list_falls_back_to_items(tmp_path):
    items = "\n".join(
        f"- Item number {n} carries a long run of words about safeguarding" for n in range(60)
    )
    doc = parse_text(tmp_path, f"Heading here\n\nThe points are:\n\n{items}")
    assert len(doc.chunks) > 1
    assert all(c.text.count("Item number") >= 1 for c in doc.chunks)
