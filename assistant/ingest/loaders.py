"""Loaders: turn a file of any supported format into one deterministic source text.

For .txt and .md the source text is the file's bytes decoded exactly (no newline translation),
so character offsets index into the file as it is. Other formats give their extracted text.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import IngestError
from assistant.ingest.ocr import PageOcr

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx", ".html", ".htm"}


@dataclass(frozen=True)
class LoadedSource:
    """A file's text. `page_starts[i]` is the offset where page i+1 starts (PDF only)."""

    text: str
    doc_hash: str
    kind: str  # "text" | "markdown" | "pdf" | "docx" | "html"
    encoding: str = "utf-8"
    page_starts: tuple[int, ...] = field(default=())
    ocr_pages: frozenset[int] = field(default=frozenset())  # PDF pages read by OCR (1-based)

    @property
    def structure(self) -> str:
        """How headings are marked: "markdown" (`#` lines) or "text" (bare title lines)."""
        return "markdown" if self.kind in ("markdown", "docx", "html") else "text"

    def read_by_ocr(self, start: int, end: int) -> bool:
        """True when any page the text from `start` to `end` lies on was read by OCR."""
        first, last = self.page_at(start), self.page_at(max(start, end - 1))
        if first is None or last is None:
            return False
        return any(page in self.ocr_pages for page in range(first, last + 1))

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        page = 1
        for i, start in enumerate(self.page_starts):
            if offset >= start:
                page = i + 1
        return page


def load_source(path: Path, max_file_bytes: int, ocr: PageOcr | None = None) -> LoadedSource:
    """Read `path` into a LoadedSource, or raise IngestError with a one-line reason.

    `ocr` reads scanned PDF pages; without it (or without Tesseract) a scan is refused."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise IngestError(f"{path.name}: file does not exist")
    if not path.is_file():
        raise IngestError(f"{path.name}: not a regular file")
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(
            f"{path.name}: unsupported file type {suffix or '(none)'}; "
            f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    try:
        size = path.stat().st_size
        data = b"" if size > max_file_bytes else path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from None
    if size > max_file_bytes:
        raise IngestError(
            f"{path.name}: file is {size} bytes ({size / 1048576:.1f} MB), "
            f"over the limit of {max_file_bytes} bytes ({max_file_bytes / 1048576:.1f} MB)"
        )
    if size == 0:
        raise IngestError(f"{path.name}: file is empty")
    source = _read(suffix, data, path.name, ocr)
    if not source.text.strip():
        raise IngestError(f"{path.name}: no text found in the file")
    return source


def _read(suffix: str, data: bytes, name: str, ocr: PageOcr | None) -> LoadedSource:
    doc_hash = hashlib.sha256(data).hexdigest()
    if suffix in TEXT_SUFFIXES:
        text, encoding = decode_text(data, name)
        kind = "text" if suffix == ".txt" else "markdown"
        return LoadedSource(text=text, doc_hash=doc_hash, kind=kind, encoding=encoding)
    if suffix == ".pdf":
        from assistant.ingest.pdf import read_pdf

        pdf = read_pdf(data, name, ocr)
        return LoadedSource(
            text=pdf.text,
            doc_hash=doc_hash,
            kind="pdf",
            page_starts=pdf.page_starts,
            ocr_pages=pdf.ocr_pages,
        )
    if suffix == ".docx":
        from assistant.ingest.word import read_docx

        return LoadedSource(text=read_docx(data, name), doc_hash=doc_hash, kind="docx")
    from assistant.ingest.formats import read_html

    return LoadedSource(text=read_html(data, name), doc_hash=doc_hash, kind="html")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode text bytes exactly: UTF-8 (BOM stripped), else cp1252. NUL bytes mean binary."""
    if b"\x00" in data:
        raise IngestError(f"{name}: looks like a binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{name}: not valid UTF-8 or cp1252 text (byte {exc.start}); is it binary?"
        ) from None
    if _looks_binary(text):
        raise IngestError(f"{name}: looks like a binary file (mostly control characters)")
    log.info("%s: not UTF-8, decoded as cp1252 (every byte kept)", name)
    return text, "cp1252"


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > max(8, len(text) // 100)
