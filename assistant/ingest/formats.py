"""Text extraction for HTML (PDF: pdf.py, Word: word.py). Paragraphs are joined with blank lines."""

from __future__ import annotations

import logging
import re

from assistant.errors import IngestError

log = logging.getLogger(__name__)

_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "pre", "blockquote")


def read_html(data: bytes, name: str) -> str:
    """Visible text of block elements, one paragraph each; scripts and styles dropped."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:  # lxml raises several types on broken input
        raise IngestError(f"{name}: cannot parse HTML ({type(exc).__name__})") from None
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    blocks: list[str] = []
    for element in soup.find_all(["table", *_BLOCK_TAGS]):
        if element.name == "table":
            if element.find_parent("table") is None:
                blocks.extend(_html_table(element))
            continue
        if element.find_parent("table") is not None or element.find(_BLOCK_TAGS):
            continue  # tables are read whole; the innermost block carries the text
        text = _flat(element)
        if text:
            blocks.append(_html_marker(element.name) + text)
    if not blocks:
        text = soup.get_text("\n")
        blocks = [tidy(" ".join(line.split())) for line in text.splitlines() if line.strip()]
    return "\n\n".join(blocks)


def _html_table(table) -> list[str]:
    """A table as one block of rows, cells separated by tabs (read like a text table)."""
    rows = []
    for tr in table.find_all("tr"):
        cells = [_flat(cell) for cell in tr.find_all(["td", "th"])]
        if any(cells):
            rows.append("\t".join(cells))
    return ["\n".join(rows)] if rows else []


def _flat(element) -> str:
    return tidy(" ".join(element.get_text(" ").split()))


def _html_marker(tag: str) -> str:
    if re.fullmatch(r"h[1-6]", tag):
        return "#" * int(tag[1]) + " "
    return "- " if tag == "li" else ""


def tidy(text: str) -> str:
    """Normalise newlines and trailing spaces so the text is deterministic."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip()
