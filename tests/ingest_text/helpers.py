"""Helpers shared by the text-processing tests."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.cleaning import clean_span, normalise_for_compare
from assistant.ingest.metadata import MetadataTable
from assistant.ingest.parse import ParsedDocument, parse_file
from assistant.text import TokenCounter

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
CORPUS_FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))
TOKENS = TokenCounter()
MB = 1024 * 1024


def parse(path: Path, table: MetadataTable | None = None, **kw) -> ParsedDocument:
    args = {"chunk_tokens": 160, "overlap_tokens": 32, "max_file_bytes": 50 * MB}
    args.update(kw)
    return parse_file(path, tokens=TOKENS, metadata=table or MetadataTable(), **args)


def parse_text(tmp_path: Path, text: str, name: str = "snippet.txt", **kw) -> ParsedDocument:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return parse(path, **kw)


def sections(parsed: ParsedDocument) -> list[str]:
    out: list[str] = []
    for chunk in parsed.chunks:
        if chunk.section not in out:
            out.append(chunk.section)
    return out


def all_text(parsed: ParsedDocument) -> str:
    return "\n".join(c.text for c in parsed.chunks)


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(word in it for word in small)


def span_matches(source: str, raw_start: int, raw_end: int, clean: str) -> bool:
    """The raw span, cleaned, carries the cleaned sentence's letters and digits in order,
    starting and ending with the same ones (markup and spacing may differ)."""
    raw_chars = _alnum(clean_span(source, raw_start, raw_end).text)
    chars = _alnum(clean)
    if not chars:
        return True
    return (
        bool(raw_chars)
        and is_subsequence(chars, raw_chars)
        and raw_chars[0] == chars[0]
        and raw_chars[-1] == chars[-1]
    )


def _alnum(text: str) -> list[str]:
    return [ch for ch in normalise_for_compare(text) if ch != " "]
