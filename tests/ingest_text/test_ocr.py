"""Scanned PDFs: pages with no text layer are read by Tesseract, numbered and marked as OCR."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.composition import build_ocr
from assistant.errors import IngestError
from assistant.ingest.ocr import tsv_text
from assistant.settings import Settings
from tests.ingest_text.helpers import parse

NO_OCR = "tesseract or pdftoppm is not installed (apt-get install tesseract-ocr poppler-utils)"
needs_ocr = pytest.mark.skipif(
    not (shutil.which("tesseract") and shutil.which("pdftoppm")), reason=NO_OCR
)
PAGE_ONE = (
    "Private Fostering\n"
    "Private fostering must be reported to the council.\n"
    "A carer who is not a close relative looks after the child.\n"
    "The arrangement lasts for twenty eight days or more."
)
PAGE_TWO = (
    "Who To Ring\n"
    "Ring the duty team when a child is at risk.\n"
    "Out of hours, the emergency duty team answers.\n"
    "In an emergency always call the police on 999."
)


def _page_image(text: str):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi, like a scanner's page
    font = ImageFont.load_default(size=40)
    ImageDraw.Draw(image).multiline_text((150, 300), text, fill=0, font=font, spacing=30)
    return image


def _scan(tmp_path: Path, *texts: str) -> Path:
    """An image-only PDF (no text layer), one page per text."""
    images = [_page_image(text) for text in texts]
    path = tmp_path / "scan.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=200.0)
    return path


@pytest.fixture(scope="module")
def ocr():
    return build_ocr(Settings())


@pytest.mark.slow
@needs_ocr
def test_ocr_scanned_pdf_keeps_page_numbers_and_marks_chunks(tmp_path, ocr):
    parsed = parse(_scan(tmp_path, PAGE_ONE, PAGE_TWO), ocr=ocr, chunk_tokens=32, overlap_tokens=0)
    pages = {c.section: c.page for c in parsed.chunks}
    assert pages == {"Private Fostering": 1, "Who To Ring": 2}
    assert all(c.ocr for c in parsed.chunks)


@pytest.mark.slow
@needs_ocr
def test_ocr_reads_only_the_scanned_page_of_a_mixed_pdf(tmp_path, ocr):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Typed page. Schools should record every concern in writing.")
    pdf.add_page()
    pdf.image(_page_image(PAGE_TWO), x=0, y=0, w=210)
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    parsed = parse(path, ocr=ocr, chunk_tokens=32, overlap_tokens=0)
    marks = {c.page: c.ocr for c in parsed.chunks}
    assert marks == {1: False, 2: True}


def test_ocr_without_tesseract_refuses_a_scan_saying_how_to_enable_it(tmp_path, monkeypatch):
    monkeypatch.setattr("assistant.ingest.ocr.shutil.which", lambda name: None)
    with pytest.raises(IngestError) as caught:
        parse(_scan(tmp_path, PAGE_ONE), ocr=build_ocr(Settings()))
    reason = str(caught.value)
    assert reason.startswith("scan.pdf: a scanned image with no text layer (1 page)")
    assert "apt-get install tesseract-ocr poppler-utils" in reason


def test_ocr_turned_off_refuses_a_scan_saying_how_to_turn_it_on(tmp_path):
    off = build_ocr(Settings(ocr={"enabled": False}))
    with pytest.raises(IngestError, match="scanned image.*ASSISTANT_OCR__ENABLED=true"):
        parse(_scan(tmp_path, PAGE_ONE), ocr=off)


def test_ocr_tsv_drops_unsure_lines_and_keeps_paragraphs():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tl\tt\tw\th\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t12.5\t_IIIIN",
        "5\t1\t1\t1\t1\t2\t0\t0\t9\t9\t20\tUi",
        "5\t1\t2\t1\t1\t1\t0\t0\t9\t9\t96\tPrivate",
        "5\t1\t2\t1\t1\t2\t0\t0\t9\t9\t91\tfostering",
        "5\t1\t2\t1\t2\t1\t0\t0\t9\t9\t93\tmatters.",
        "5\t1\t3\t1\t1\t1\t0\t0\t9\t9\t95\tNext",
    ]
    assert tsv_text("\n".join([header, *rows]), 50) == "Private fostering\nmatters.\n\nNext"


def test_ocr_mark_survives_the_store_and_reaches_the_citation(tmp_path):
    from dataclasses import replace

    from assistant.answer.citations import citation_for
    from assistant.answer.sentences import sentences_of
    from assistant.retrieval.chroma_codec import chunk_from_record, chunk_metadata
    from tests.ingest_text.helpers import parse_text

    chunk = replace(parse_text(tmp_path, PAGE_ONE).chunks[0], ocr=True, page=3)
    stored = chunk_from_record(chunk.text, chunk_metadata(chunk, "g1"))
    assert stored == chunk
    citation = citation_for(1, sentences_of(stored))
    assert citation.to_dict()["ocr"] is True
