"""Property tests: cleaning and chunking never raise and offsets always hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.ingest.chunking import Chunker, build_chunk
from assistant.ingest.cleaning import clean_span
from assistant.ingest.sections import split_sections
from assistant.text import TokenCounter
from assistant.types import DocumentMeta
from tests.ingest_text.helpers import span_matches

TOKENS = TokenCounter()
DOC = DocumentMeta(source="f.txt", title="t", issue=None, date="2020-01")
PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        " ",
        "- ",
        "# ",
        "**",
        "[",
        "](#)",
        "](http://x.y)",
        "<",
        "<https://a.b/c>",
        "<u>",
        "</u>",
        "\\(",
        "\\_",
        "\\mathbf{",
        "}",
        "’",
        "01 ",
        "O7 ",
        "p3 ",
        "р3\t",
        "CONTENTS",
        "7 minute briefing",
        "Heading Line",
        "Summary of Learning",
        "a sentence.",
        "Another one? ",
        "lower case",
        ":",
        "e.g. ",
        "\u00a0",
        "\ufeff",
        "✓ ",
    ]
)
TEXTS = st.one_of(st.text(max_size=400), st.lists(PIECES | st.text(max_size=12)).map("".join))


@given(TEXTS)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_fuzz_cleaning_offsets_valid(text):
    mapped = clean_span(text, 0, len(text))
    assert len(mapped.text) == len(mapped.raw)
    assert all(0 <= r < len(text) for r in mapped.raw)
    assert mapped.text == mapped.text.strip()


@given(TEXTS, st.sampled_from(["text", "markdown"]))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_fuzz_chunking_offsets_valid(text, kind):
    chunker = Chunker(TOKENS, chunk_tokens=24, overlap_tokens=6)
    for section in split_sections(text, kind):
        for n, group in enumerate(chunker.pack(section.paras)):
            chunk = build_chunk(
                group,
                index=n,
                doc=DOC,
                doc_hash="0" * 64,
                section=section.title,
                source_text=text,
                page=None,
            )
            assert 0 <= chunk.start <= chunk.end <= len(text)
            assert text[chunk.start : chunk.end] == chunk.source_text
            for cs, ce, rs, re_ in chunk.spans:
                assert 0 <= cs < ce <= len(chunk.text)
                assert chunk.start <= rs < re_ <= chunk.end
                assert text[rs:re_].strip()
                assert span_matches(text, rs, re_, chunk.text[cs:ce])


@given(st.binary(max_size=300), st.sampled_from(["f.txt", "f.md", "f.html"]))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_fuzz_parse_file_raises_only_ingest_error(tmp_path_factory, data, name):
    from assistant.errors import IngestError
    from assistant.ingest.metadata import MetadataTable
    from assistant.ingest.parse import parse_file

    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    try:
        parsed = parse_file(
            path,
            tokens=TOKENS,
            metadata=MetadataTable(),
            chunk_tokens=32,
            overlap_tokens=8,
            max_file_bytes=10_000,
        )
    except IngestError as exc:
        assert str(exc).startswith(name)
        return
    for chunk in parsed.chunks:
        assert parsed.source_text[chunk.start : chunk.end] == chunk.source_text
