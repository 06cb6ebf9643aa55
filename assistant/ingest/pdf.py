"""PDF text: pypdf's text layer page by page, and OCR for scanned pages with no text layer.

Encrypted files that open without a password (an owner password only, or an empty user
password; RC4 or AES) are read; a file that needs a password is refused with a reason. Any
error pypdf raises on a damaged file becomes a one-line reason, never an exception of its own.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Any

from assistant.errors import IngestError
from assistant.ingest.formats import tidy
from assistant.ingest.ocr import PageOcr

log = logging.getLogger(__name__)

NO_PASSWORD_HINT = "open it with the password and save a copy without one, then ingest that"


@dataclass(frozen=True)
class PdfText:
    """The pages' text joined with blank lines; where each page starts; pages read by OCR."""

    text: str
    page_starts: tuple[int, ...]
    ocr_pages: frozenset[int]  # 1-based


def read_pdf(data: bytes, name: str, ocr: PageOcr | None = None) -> PdfText:
    """The text of every page (OCR for scanned pages when `ocr` can run), or IngestError."""
    reader = open_pdf(data, name)
    texts = _page_texts(reader, name)
    blank = [n for n, text in enumerate(texts, 1) if not text]
    scanned = [n for n in blank if _shows_image(reader, n)]
    why_not = ocr.unavailable() if ocr else "OCR is turned off for this ingest"
    read: dict[int, str] = {}
    if scanned and not why_not and ocr is not None:
        log.info("%s: reading %d scanned page(s) by OCR", name, len(scanned))
        read = {n: pdf_paragraphs(tidy(t)) for n, t in ocr.read_pages(data, scanned).items()}
        texts = [read.get(n) or text for n, text in enumerate(texts, 1)]
    if not any(texts):
        raise IngestError(_empty_reason(name, len(texts), scanned, why_not))
    if scanned and why_not:
        log.warning("%s: page(s) %s are scanned images, not read: %s", name, scanned, why_not)
    return _joined(texts, frozenset(n for n, t in read.items() if t))


def open_pdf(data: bytes, name: str) -> Any:
    """A PdfReader, decrypted when no password is needed; IngestError when one is."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if not reader.is_encrypted:
            return reader
        opened = reader.decrypt("")
    except DependencyError:
        raise IngestError(
            f"{name}: encrypted with AES, which needs the cryptography package "
            "(pip install cryptography)"
        ) from None
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise IngestError(damaged(name, exc)) from None
    if opened == PasswordType.NOT_DECRYPTED:
        raise IngestError(
            f"{name}: encrypted with a password: it cannot be read without it; {NO_PASSWORD_HINT}"
        )
    return reader


def damaged(name: str, exc: BaseException) -> str:
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return f"{name}: damaged PDF: {detail}"


def _page_texts(reader: Any, name: str) -> list[str]:
    """Each page's tidied text ("" for a page with none or one that cannot be read)."""
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise IngestError(damaged(name, exc)) from None
    if not pages:
        raise IngestError(f"{name}: PDF has no pages")
    texts: list[str] = []
    errors: list[Exception] = []
    for number, page in enumerate(pages, 1):
        try:
            texts.append(pdf_paragraphs(tidy(page.extract_text() or "")))
        except Exception as exc:
            log.warning("%s: page %d unreadable (%s: %s)", name, number, type(exc).__name__, exc)
            errors.append(exc)
            texts.append("")
    if len(errors) == len(pages):
        raise IngestError(damaged(name, errors[0]))
    return texts


def _shows_image(reader: Any, number: int) -> bool:
    try:
        return len(reader.pages[number - 1].images) > 0
    except Exception:
        return True  # cannot tell: let OCR look at the page


def _empty_reason(name: str, pages: int, scanned: list[int], why_not: str) -> str:
    count = f"{pages} page{'s' if pages != 1 else ''}"
    if not scanned:
        return f"{name}: no text in the PDF ({count}, no text layer and no images)"
    if why_not:
        return f"{name}: a scanned image with no text layer ({count}); {why_not}"
    return f"{name}: a scanned image with no text layer, and OCR found no readable text ({count})"


def _joined(texts: list[str], ocr_pages: frozenset[int]) -> PdfText:
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for text in texts:
        if parts:
            parts.append("\n\n")
            offset += 2
        starts.append(offset)
        parts.append(text)
        offset += len(text)
    return PdfText("".join(parts), tuple(starts), ocr_pages)


def pdf_paragraphs(text: str) -> str:
    """Blank lines where a PDF page's lines show paragraph ends and title lines.

    Extracted PDF text has one line per printed line and no blank lines; a line that ends a
    sentence, or a short title-like line between sentences, is taken as a paragraph edge.
    """
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    after_title = False
    for i, line in enumerate(lines):
        if not line:
            out.append("")
            continue
        prev = out[-1] if out else ""
        title = _title_line(line, prev, lines[i + 1] if i + 1 < len(lines) else "")
        if prev and (title or after_title or (prev[-1] in ".!?:" and line[0].isupper())):
            out.append("")
        out.append(line)
        after_title = title
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _title_line(line: str, prev: str, nxt: str) -> bool:
    if len(line.split()) > 10 or line[-1] in ".,;:" or not line[0].isupper():
        return False
    return (not prev or prev[-1] in ".!?:") and nxt[:1].isupper()
