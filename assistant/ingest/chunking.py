"""Token-aware chunking on sentence boundaries, within one section at a time."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from assistant.ingest.blocks import Para
from assistant.ingest.cleaning import MappedText
from assistant.ingest.garble import garbled_spans
from assistant.text import TokenCounter
from assistant.types import Chunk, DocumentMeta

_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ITEM_NUMBER = re.compile(r"\s*(?:\d{1,2}|[A-Za-z])")  # "5. A text message": a list number
_LIST_FOLLOWER_WORDS = 16  # a short line after a lead-in ("these are:") is one of its items
_ABBREVIATIONS = {"e.g", "i.e", "dr", "mr", "mrs", "ms", "no", "st", "etc", "vs", "sec", "ed", "v"}


@dataclass(frozen=True)
class Sentence:
    text: str
    raw_start: int
    raw_end: int
    tokens: int
    joiner: str  # what goes before it inside a chunk: " ", "\n" or "\n\n"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, trimmed of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _BOUNDARY.finditer(text):
        word = text[max(0, match.start() - 4) : match.start()].split(" ")[-1].lower()
        if word.lstrip("(") in _ABBREVIATIONS or _ITEM_NUMBER.fullmatch(text[pos : match.start()]):
            continue
        end = match.end() - (len(match.group()) - len(match.group().rstrip()))
        spans.append((pos, end))
        pos = match.end()
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


class Chunker:
    """Packs a section's sentences into chunks of about `chunk_tokens`, overlapping a little."""

    def __init__(self, tokens: TokenCounter, chunk_tokens: int, overlap_tokens: int) -> None:
        if chunk_tokens < 1 or overlap_tokens < 0 or overlap_tokens >= chunk_tokens:
            raise ValueError("need chunk_tokens >= 1 and 0 <= overlap_tokens < chunk_tokens")
        self._tokens = tokens
        self._size = chunk_tokens
        self._overlap = overlap_tokens

    def sentences(self, para: Para, joiner: str) -> list[Sentence]:
        out: list[Sentence] = []
        for k, (seg_joiner, part) in enumerate(para.segments):
            for n, (a, b) in enumerate(split_sentences(part.text)):
                out.append(self._sentence(part, a, b, joiner if k == n == 0 else seg_joiner))
                seg_joiner = " "
        return out

    def _sentence(self, part: MappedText, a: int, b: int, joiner: str) -> Sentence:
        raw_start, raw_end = part.raw_span(a, b)
        text = part.text[a:b]
        return Sentence(text, raw_start, raw_end, self._tokens.count(text), joiner)

    def units(self, paras: list[Para]) -> list[list[Sentence]]:
        """Runs of sentences that must stay in one chunk: a list with its lead-in line, a
        table, when they fit in a chunk; else a table row, or one sentence."""
        units: list[list[Sentence]] = []
        k = 0
        while k < len(paras):
            end = _run_end(paras, k)
            units.extend(self._run_units(paras, k, end))
            k = end
        return [u for u in units if u]

    def _run_units(self, paras: list[Para], start: int, end: int) -> list[list[Sentence]]:
        """One unit for a run that fits in a chunk; a long table goes by its groups (a
        one-cell row such as "Procedures" and the rows under it); else paragraph by paragraph."""
        run = [self._para_sentences(paras, j) for j in range(start, end)]
        if end - start > 1 and sum(s.tokens for sents in run for s in sents) <= self._size:
            return [[s for sents in run for s in sents]]
        groups = [j for j in range(start + 1, end) if len(paras[j].segments) == 1]
        if paras[start].kind == "table" and groups:
            units: list[list[Sentence]] = []
            for a, b in zip([start, *groups], [*groups, end], strict=True):
                units.extend(self._run_units(paras, a, b))
            return units
        out: list[list[Sentence]] = []
        for j, sents in enumerate(run, start=start):
            out.extend(self._para_units(paras[j], sents))
        return out

    def _para_sentences(self, paras: list[Para], k: int) -> list[Sentence]:
        para = paras[k]
        joiner = "\n" if para.kind == "item" and k and paras[k - 1].kind == "item" else para.joiner
        return self.sentences(para, joiner if k else "")

    def _para_units(self, para: Para, sents: list[Sentence]) -> list[list[Sentence]]:
        if para.atomic and sum(s.tokens for s in sents) <= 2 * self._size:
            return [sents]
        return [[s] for s in sents]

    def pack(self, paras: list[Para]) -> list[list[Sentence]]:
        """Groups of whole units; each group after the first starts with an overlap tail."""
        groups: list[list[list[Sentence]]] = []
        current: list[list[Sentence]] = []
        fresh = 0  # tokens in `current` that are not overlap
        for unit in self.units(paras):
            size = _tokens(unit)
            if current and fresh and sum(_tokens(u) for u in current) + size > self._size:
                groups.append(current)
                current = self._tail(current)
                fresh = 0
            current = current + [unit]
            fresh += size
        if current and fresh:
            carried = len(self._tail(groups[-1])) if groups else 0
            if groups and fresh < max(16, self._size // 4):
                groups[-1] = groups[-1] + current[carried:]  # a tiny tail joins the chunk before
            else:
                groups.append(current)
        return [[s for unit in group for s in unit] for group in groups]

    def _tail(self, group: list[list[Sentence]]) -> list[list[Sentence]]:
        """The last whole units of `group` that fit in the overlap, never all of it."""
        tail: list[list[Sentence]] = []
        size = 0
        for unit in reversed(group[1:]):
            if size + _tokens(unit) > self._overlap:
                break
            tail.insert(0, unit)
            size += _tokens(unit)
        return tail


def _run_end(paras: list[Para], k: int) -> int:
    """Where a run that belongs together ends: a lead-in line ("The priorities are:") with the
    list items, short lines or table rows after it, or a table's rows."""
    para = paras[k]
    if para.kind == "table":
        end = k + 1
        while end < len(paras) and paras[end].kind == "table" and paras[end].joiner == "\n":
            end += 1
        return end
    if para.kind not in ("text", "item") or not para.text.endswith(":"):
        return k + 1
    end = k + 1
    while end < len(paras) and _follows_lead_in(paras[end]):
        end += 1
    return end


def _follows_lead_in(para: Para) -> bool:
    if para.kind in ("item", "table"):
        return True
    return para.kind == "text" and len(para.text.split()) <= _LIST_FOLLOWER_WORDS


def _tokens(unit: list[Sentence]) -> int:
    return sum(s.tokens for s in unit)


def build_chunk(
    group: list[Sentence],
    *,
    index: int,
    doc: DocumentMeta,
    doc_hash: str,
    section: str,
    source_text: str,
    page: int | None,
    ocr: bool = False,
) -> Chunk:
    parts: list[str] = []
    spans = []
    pos = 0
    for i, sent in enumerate(group):
        if i:
            parts.append(sent.joiner)
            pos += len(sent.joiner)
        spans.append((pos, pos + len(sent.text), sent.raw_start, sent.raw_end))
        parts.append(sent.text)
        pos += len(sent.text)
    text = "".join(parts)
    start = min(s.raw_start for s in group)
    end = max(s.raw_end for s in group)
    return Chunk(
        id=f"{doc_hash[:16]}-{index:04d}",
        doc=doc,
        section=section,
        text=text,
        source_text=source_text[start:end],
        start=start,
        end=end,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        doc_hash=doc_hash,
        page=page,
        spans=tuple(spans),
        ocr=ocr,
        garbled=garbled_spans(text, tuple(spans)),
    )
