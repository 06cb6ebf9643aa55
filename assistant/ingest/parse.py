"""parse_file: one file in, its document metadata and chunks out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import IngestError
from assistant.ingest.chunking import Chunker, build_chunk
from assistant.ingest.loaders import load_source
from assistant.ingest.metadata import MetadataTable
from assistant.ingest.ocr import PageOcr
from assistant.ingest.sections import split_sections
from assistant.text import TokenCounter
from assistant.types import Chunk, DocumentMeta

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParsedDocument:
    doc: DocumentMeta
    doc_hash: str  # sha256 hex of the file's bytes
    source_text: str  # the text chunk offsets index into
    chunks: list[Chunk]


def parse_file(
    path: Path,
    *,
    tokens: TokenCounter,
    metadata: MetadataTable,
    chunk_tokens: int,
    overlap_tokens: int,
    max_file_bytes: int,
    ocr: PageOcr | None = None,
) -> ParsedDocument:
    """Load, clean, section and chunk one file. Raises IngestError for bad input.

    `ocr` reads scanned PDF pages (their chunks are marked `ocr`); without it scans are refused.
    """
    path = Path(path)
    source = load_source(path, max_file_bytes, ocr)
    doc = metadata.resolve(path.name, source.text, mtime=path.stat().st_mtime)
    chunker = Chunker(tokens, chunk_tokens, overlap_tokens)
    chunks: list[Chunk] = []
    for section in split_sections(source.text, source.structure):
        for group in chunker.pack(section.paras):
            start, end = min(s.raw_start for s in group), max(s.raw_end for s in group)
            chunks.append(
                build_chunk(
                    group,
                    index=len(chunks),
                    doc=doc,
                    doc_hash=source.doc_hash,
                    section=section.title,
                    source_text=source.text,
                    page=source.page_at(start),
                    ocr=source.read_by_ocr(start, end),
                )
            )
    if not chunks:
        raise IngestError(f"{path.name}: nothing to index (only a masthead, contents or markup)")
    log.info("%s: %d chunks", path.name, len(chunks))
    return ParsedDocument(doc=doc, doc_hash=source.doc_hash, source_text=source.text, chunks=chunks)
