"""OCR for PDF pages with no text layer: pdftoppm renders the page, Tesseract reads it.

Both are Debian programs (poppler-utils, tesseract-ocr) run as subprocesses, so nothing is
downloaded at run time. Lines Tesseract is unsure of (mean word confidence under the setting)
are dropped, which keeps barcodes and photo noise out of the index.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)

# program -> the Debian package that provides it
PROGRAMS = {"tesseract": "tesseract-ocr", "pdftoppm": "poppler-utils"}
INSTALL_HINT = "install them with: apt-get install tesseract-ocr poppler-utils"


class OcrFailed(Exception):
    """One page could not be rendered or read; the page is left without text."""


class PageOcr:
    """Reads the text of chosen PDF pages. Validated here; the programs are looked up on use."""

    def __init__(
        self, enabled: bool, language: str, dpi: int, min_confidence: float, page_timeout_s: float
    ) -> None:
        if not re.fullmatch(r"[A-Za-z_]+(\+[A-Za-z_]+)*", language):
            raise ValueError(f"OCR language must look like eng or eng+fra: {language!r}")
        if dpi < 72 or page_timeout_s <= 0 or not 0 <= min_confidence <= 100:
            raise ValueError("OCR needs dpi >= 72, a positive timeout and a confidence in 0-100")
        self.enabled = enabled
        self.language = language
        self.dpi = dpi
        self.min_confidence = min_confidence
        self.page_timeout_s = page_timeout_s

    def unavailable(self) -> str:
        """Why OCR cannot run here, with how to enable it; "" when it can."""
        if not self.enabled:
            return "OCR is turned off; set ASSISTANT_OCR__ENABLED=true to read scans"
        absent = [f"{prog} ({pkg})" for prog, pkg in PROGRAMS.items() if not shutil.which(prog)]
        if absent:
            return f"OCR needs {' and '.join(absent)}, not installed; {INSTALL_HINT}"
        return ""

    def fingerprint(self) -> list[object]:
        """What changes OCR output: parsed files are read again when it changes."""
        return [self.language, self.dpi, self.min_confidence] if not self.unavailable() else []

    def read_pages(self, data: bytes, pages: Sequence[int]) -> dict[int, str]:
        """The text of each given 1-based page of the PDF in `data`; failed pages are left out."""
        out: dict[int, str] = {}
        with tempfile.TemporaryDirectory(prefix="assistant-ocr-") as tmp:
            pdf = Path(tmp) / "document.pdf"
            pdf.write_bytes(data)
            for page in pages:
                try:
                    out[page] = self._page(pdf, page)
                except OcrFailed as exc:
                    log.warning("OCR of page %d failed: %s", page, exc)
        return out

    def _page(self, pdf: Path, page: int) -> str:
        image = pdf.with_name(f"page-{page}")
        number = str(page)
        render = ["pdftoppm", "-r", str(self.dpi), "-gray", "-png", "-singlefile"]
        self._run([*render, "-f", number, "-l", number, str(pdf), str(image)])
        tsv = self._run(["tesseract", f"{image}.png", "stdout", "-l", self.language, "tsv"])
        return tsv_text(tsv, self.min_confidence)

    def _run(self, args: list[str]) -> str:
        try:
            done = subprocess.run(
                args, capture_output=True, timeout=self.page_timeout_s, check=False
            )
        except subprocess.TimeoutExpired:
            raise OcrFailed(f"{args[0]} took over {self.page_timeout_s:g} s") from None
        except OSError as exc:
            raise OcrFailed(f"{args[0]} could not run ({exc.strerror or exc})") from None
        if done.returncode:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OcrFailed(f"{args[0]} exited with {done.returncode}: {said[-1] if said else ''}")
        return done.stdout.decode("utf-8", "replace")


def tsv_text(tsv: str, min_confidence: float) -> str:
    """Tesseract's TSV as text: its lines, a blank line between its paragraphs.

    A line whose words' mean confidence is under `min_confidence` is dropped.
    """
    paragraphs: dict[tuple[str, ...], dict[str, list[tuple[float, str]]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            confidence = float(cols[10])
        except ValueError:
            continue
        lines = paragraphs.setdefault((cols[1], cols[2], cols[3]), {})
        lines.setdefault(cols[4], []).append((confidence, cols[11].strip()))
    out: list[str] = []
    for lines in paragraphs.values():
        kept = [
            " ".join(word for _, word in words)
            for words in lines.values()
            if sum(c for c, _ in words) / len(words) >= min_confidence
        ]
        if kept:
            out.append("\n".join(kept))
    return "\n\n".join(out)
