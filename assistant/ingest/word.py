"""Word (.docx) text: the body's paragraphs, tables and text boxes, read from the XML.

python-docx opens the package; the body is walked directly so that what other tools put there
(content controls, tracked changes, fields, comments, text boxes, XML comments between table
properties) is read or passed over, never a crash. Headings become `#` lines by their style
level, list paragraphs `- ` lines, table rows tab-separated lines; deleted text, field codes
and the fallback copy of a drawing are left out. Headers, footers and comments are not read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from assistant.errors import IngestError
from assistant.ingest.formats import tidy

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Wrappers whose children are read as if they stood in the parent.
WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}
# Subtrees that hold no reading text (deleted text, field codes, properties, drawing copies).
SKIPPED = {W + "del", W + "moveFrom", W + "instrText", W + "delInstrText", W + "pPr", W + "rPr"}
SKIPPED |= {W + "sdtPr", W + "sdtEndPr", W + "tblPr", W + "tblGrid", W + "trPr", W + "tcPr"}
SKIPPED |= {FALLBACK}
CHARACTERS = {W + "tab": "\t", W + "br": " ", W + "cr": " ", W + "noBreakHyphen": "-"}


def read_docx(data: bytes, name: str) -> str:
    """Paragraphs (headings as their own lines) and table rows (cells joined by tabs)."""
    document = _open(data, name)
    try:
        blocks = list(_blocks(document.element.body, _style_names(document)))
    except Exception as exc:  # a structure no reader here foresaw
        detail = " ".join(str(exc).split())[:200]
        raise IngestError(
            f"{name}: damaged Word document ({type(exc).__name__}: {detail})"
        ) from None
    if not blocks:
        raise IngestError(f"{name}: no text in the Word document (empty, or only images)")
    return "\n\n".join(blocks)


def _open(data: bytes, name: str) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # zipfile, lxml and python-docx errors vary by version
        raise IngestError(f"{name}: cannot read Word document ({type(exc).__name__})") from None


def _style_names(document: Any) -> dict[str, str]:
    """Style id -> style name ("Heading1" -> "Heading 1"); empty when there is no styles part."""
    try:
        return {s.style_id: s.name or "" for s in document.styles if s.style_id}
    except Exception:
        return {}


def _tag(node: Any) -> str:
    tag = node.tag
    return tag if isinstance(tag, str) else ""  # XML comments and processing instructions


def _children(node: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, looking through wrappers such as content controls."""
    for child in node.iterchildren():
        kind = _tag(child)
        if kind == tag:
            yield child
        elif kind in WRAPPERS:
            yield from _children(child, tag)


def _blocks(parent: Any, styles: dict[str, str] | None) -> Iterator[str]:
    """Paragraph and table blocks in order; `styles` None means plain text (inside a cell)."""
    for child in parent.iterchildren():
        kind = _tag(child)
        if kind == W + "p":
            text = _text(child)
            if text:
                yield (_marker(child, styles) if styles is not None else "") + text
            for box in _text_boxes(child):
                yield from _blocks(box, styles)
        elif kind == W + "tbl":
            rows = _rows(child)
            if rows:
                yield "\n".join(rows)
        elif kind in WRAPPERS:
            yield from _blocks(child, styles)


def _text(paragraph: Any) -> str:
    out: list[str] = []
    _collect(paragraph, out)
    return tidy("".join(out)).replace("\n", " ")


def _collect(node: Any, out: list[str]) -> None:
    for child in node.iterchildren():
        kind = _tag(child)
        if not kind or kind in SKIPPED or kind == W + "txbxContent":
            continue
        if kind == W + "t":
            out.append(child.text or "")
        elif kind in CHARACTERS:
            out.append(CHARACTERS[kind])
        else:
            _collect(child, out)


def _text_boxes(node: Any) -> Iterator[Any]:
    """Text box contents anchored in a paragraph (the drawing, not its fallback copy)."""
    for child in node.iterchildren():
        kind = _tag(child)
        if kind == W + "txbxContent":
            yield child
        elif kind and kind not in SKIPPED:
            yield from _text_boxes(child)


def _rows(table: Any) -> list[str]:
    rows = []
    for tr in _children(table, W + "tr"):
        cells = [" ".join(_blocks(tc, None)).replace("\n", " ") for tc in _children(tr, W + "tc")]
        if any(cells):
            rows.append("\t".join(" ".join(cell.split()) for cell in cells))
    return rows


def _marker(paragraph: Any, styles: dict[str, str]) -> str:
    """Markdown marks for Word styles: headings keep their level, list paragraphs a bullet."""
    props = paragraph.find(W + "pPr")
    style_id = ""
    if props is not None:
        ref = props.find(W + "pStyle")
        style_id = ref.get(W + "val", "") if ref is not None else ""
    style = styles.get(style_id, style_id)
    match = re.match(r"Heading ?(\d)", style)
    if match:
        return "#" * int(match.group(1)) + " "
    if style == "Title":
        return "# "
    return "- " if style.startswith("List") else ""
