"""Checking what an admin sends: the newsletter's details and the file itself.

The client's file name is used for two things only: its extension and, cleaned, a label in
messages and the audit. The name the file gets on disk is chosen here from the title, issue
and date (`safe_name`), never taken from the client.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

from web.catalog import AREAS

SUFFIXES = {".txt": "text", ".md": "text", ".pdf": "pdf", ".docx": "docx", ".html": "html"}
KIND_NAMES = {
    "text": "a plain text file",
    "pdf": "a PDF",
    "docx": "a Word document (.docx)",
    "html": "a web page (.html)",
    "zip": "a ZIP archive",
    "ole": "an old Word or Office file (.doc, .xls); save it as .docx",
    "image": "an image",
    "binary": "a binary file",
}
MAX_TITLE = 120
MAX_ISSUE = 20
MAX_PUBLISHER = 200
MAX_LABEL = 100
FIRST_YEAR = 1990
_DATE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_ISSUE = re.compile(r"^[\w][\w .\-/]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_HTML = re.compile(
    rb"<(!doctype\s+html|html|head|body|p|h[1-6]|div|article|section|table|ul|ol)\b", re.I
)
_IMAGES = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class Details:
    """The metadata.toml entry an admin gives for a newsletter."""

    title: str
    issue: str
    date: str
    area: str = ""
    publisher: str = ""

    def entry(self, original_name: str = "") -> dict[str, str]:
        out = {"title": self.title, "issue": self.issue, "date": self.date}
        out |= {"publisher": self.publisher, "area": self.area, "original_name": original_name}
        return {k: v for k, v in out.items() if v}


def clean_text(value: object) -> str:
    """One line of text: control and direction characters gone, spaces collapsed."""
    text = unicodedata.normalize("NFC", value if isinstance(value, str) else "")
    return " ".join(_CONTROL.sub(" ", text).split())


def check_details(form: dict[str, str]) -> tuple[Details, dict[str, str]]:
    """The details and {field: problem} for each field that is wrong (empty when all fine)."""
    title, issue = clean_text(form.get("title")), clean_text(form.get("issue"))
    date, area = clean_text(form.get("date")), clean_text(form.get("area")).lower()
    publisher = clean_text(form.get("publisher"))
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "Enter the newsletter's title."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"The title must be {MAX_TITLE} characters or fewer."
    if len(issue) > MAX_ISSUE:
        errors["issue"] = f"The issue must be {MAX_ISSUE} characters or fewer, like 29."
    elif issue and not _ISSUE.match(issue):
        errors["issue"] = "The issue may use letters, numbers, spaces and - / . only, like 29."
    date_problem = check_month(date)
    if date_problem:
        errors["date"] = date_problem
    if area and area not in AREAS:
        errors["area"] = "Choose an area from the list."
    if len(publisher) > MAX_PUBLISHER:
        errors["publisher"] = f"The publisher must be {MAX_PUBLISHER} characters or fewer."
    return Details(title, issue, date, area, publisher), errors


def check_month(date: str) -> str:
    """'' when `date` is a plausible YYYY-MM, else the problem in plain words."""
    match = _DATE.match(date)
    if not match:
        return "Enter the month of the issue as year and month, like 2023-01."
    year = int(match.group(1))
    latest = datetime.now(UTC).year + 1
    if not FIRST_YEAR <= year <= latest:
        return f"The year must be between {FIRST_YEAR} and {latest}."
    return ""


def file_label(client_name: object) -> str:
    """The client's file name, for messages only: last path part, cleaned, shortened."""
    name = clean_text(client_name)
    name = re.split(r"[/\\]", name)[-1].strip(" .")
    return name[:MAX_LABEL] or "(no name)"


def suffix_of(label: str) -> str:
    dot = label.rfind(".")
    return label[dot:].lower() if dot > 0 else ""


def check_file(label: str, data: bytes, limit_bytes: int) -> str:
    """'' when the file may be a newsletter of its extension's kind, else the problem."""
    suffix = suffix_of(label)
    if suffix not in SUFFIXES:
        kinds, what = ", ".join(SUFFIXES), suffix or "no extension"
        return f"{label}: this kind of file ({what}) is not accepted; use {kinds}."
    if not data:
        return f"{label}: the file is empty."
    if len(data) > limit_bytes:
        return (
            f"{label}: the file is {len(data) / 1048576:.1f} MB; the limit is "
            f"{limit_bytes / 1048576:.0f} MB."
        )
    expected, found = SUFFIXES[suffix], sniff(data)
    if found == expected or (expected == "text" and found == "html"):
        return ""
    return (
        f"{label}: the name says {KIND_NAMES[expected]}, but the content is "
        f"{KIND_NAMES[found]}. Check you chose the right file."
    )


def sniff(data: bytes) -> str:
    """What the bytes are, by their content alone."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if data.startswith(_IMAGES):
        return "image"
    if b"\x00" in data[:65536]:
        return "binary"
    return "html" if _HTML.search(data[:65536]) else "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def slug(text: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def safe_name(details: Details, suffix: str) -> str:
    """`safeguarding-matters-issue-29-2023-01.pdf`: letters, digits and - only."""
    parts = [slug(details.title, 60) or "newsletter"]
    issue = slug(details.issue, MAX_ISSUE)
    if issue:
        parts.append(f"issue-{issue}")
    parts.append(details.date)
    if suffix not in SUFFIXES:
        raise ValueError(f"unsupported suffix {suffix!r}")
    return "-".join(parts) + suffix
