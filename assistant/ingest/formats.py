"""Text extraction for DOCX and HTML (PDF: pdf.py). Paragraphs are joined with blank lines."""

from __future__ import annotations

import io
import logging
import re

from assistant.errors import IngestError

log = logging.getLogger(__name__)

_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "pre", "blockquote")


def read_docx(data: bytes, name: str) -> str:
    """Paragraphs (headings as their own lines) and table rows (cells joined by tabs)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise IngestError(f"{name}: cannot read Word document ({type(exc).__name__})") from None
    except Exception as exc:  # zipfile.BadZipFile and lxml errors vary by version
        raise IngestError(f"{name}: cannot read Word document ({type(exc).__name__})") from None
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = tidy(para.text).replace("\n", " ")
            if text:
                blocks.append(_docx_marker(para.style.name if para.style else "") + text)
        elif tag == "tbl":
            blocks.extend(_docx_table_rows(child))
    return "\n\n".join(blocks)


def _docx_marker(style: str) -> str:
    """Markdown marks for Word styles: headings keep their level, list paragraphs a bullet."""
    match = re.match(r"Heading (\d)", style)
    if match:
        return "#" * int(match.group(1)) + " "
    if style == "Title":
        return "# "
    return "- " if style.startswith("List") else ""


def _docx_table_rows(table) -> list[str]:
    rows: list[str] = []
    for tr in table.iter():
        if not tr.tag.endswith("}tr"):
            continue
        cells = []
        for tc in tr:
            if not tc.tag.endswith("}tc"):
                continue
            text = " ".join(
                "".join(n.text or "" for n in p.iter() if n.tag.endswith("}t"))
                for p in tc
                if p.tag.endswith("}p")
            )
            cells.append(tidy(text).replace("\n", " "))
        if any(cells):
            rows.append("\t".join(cells))
    return ["\n".join(rows)] if rows else []


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
