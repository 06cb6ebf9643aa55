"""Document metadata: the corpus metadata table, with masthead reading as the fallback."""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.areas import AREA_CODES
from assistant.errors import ConfigError
from assistant.types import DocumentMeta

log = logging.getLogger(__name__)

_FIELDS = {"title", "issue", "date", "publisher", "area", "date_note", "original_name"}
_AREAS = {*AREA_CODES, ""}
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTH_RE = "|".join(_MONTHS)
_ISSUE = re.compile(r"\bIssue\s*(?:No\.?\s*)?(\d{1,4})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\s*,?\s*((?:19|20)\d\d)\b", re.IGNORECASE)
_HEAD_CHARS = 600  # the masthead is at the top of the first page


@dataclass(frozen=True)
class Masthead:
    title: str
    issue: str | None
    date: str | None


class MetadataTable:
    """Entries from corpus/metadata.toml keyed by file name; an entry wins over the masthead."""

    def __init__(self, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self._entries = dict(entries or {})

    @classmethod
    def load(cls, path: Path | None) -> MetadataTable:
        if path is None or not Path(path).exists():
            return cls()
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{Path(path).name}: invalid TOML ({exc})") from None
        entries: dict[str, dict[str, Any]] = {}
        for name, entry in data.items():
            entries[name] = _check_entry(name, entry)
        return cls(entries)

    def __contains__(self, file_name: str) -> bool:
        return file_name in self._entries

    def entry(self, file_name: str) -> dict[str, Any]:
        return dict(self._entries.get(file_name, {}))

    def resolve(self, file_name: str, source_text: str, mtime: float | None = None) -> DocumentMeta:
        """Masthead values corrected or supplied by the table entry for `file_name`.

        With no date from either, the file's modification month is used (`mtime`, or now).
        """
        head = read_masthead(source_text)
        entry = self._entries.get(file_name, {})
        date = entry.get("date") or head.date
        if not date:
            stamp = datetime.fromtimestamp(mtime, UTC) if mtime else datetime.now(UTC)
            date = stamp.strftime("%Y-%m")
        issue = entry["issue"] if "issue" in entry else head.issue
        return DocumentMeta(
            source=file_name,
            title=entry.get("title") or head.title or Path(file_name).stem,
            issue=str(issue) if issue is not None else None,
            date=date,
            publisher=entry.get("publisher", ""),
            area=entry.get("area", ""),
        )


def _check_entry(name: str, entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ConfigError(f"metadata.toml: [{name!r}] must be a table of fields")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise ConfigError(f"metadata.toml: [{name!r}] has unknown fields {sorted(unknown)}")
    for key, value in entry.items():
        if not isinstance(value, str):
            raise ConfigError(f"metadata.toml: [{name!r}] {key} must be a string")
    if "date" in entry and not _DATE.match(entry["date"]):
        raise ConfigError(f"metadata.toml: [{name!r}] date {entry['date']!r} is not YYYY-MM")
    if entry.get("area", "") not in _AREAS:
        raise ConfigError(f"metadata.toml: [{name!r}] unknown area {entry['area']!r}")
    return dict(entry)


def read_masthead(source_text: str) -> Masthead:
    """Title, issue and date printed at the top: "Issue 28\\nMarch 2022", "July 2017, Issue 1"."""
    lines = [ln.strip() for ln in source_text[:_HEAD_CHARS].splitlines() if ln.strip()]
    head = "\n".join(ln for ln in lines[:20] if len(ln.split()) <= 6)
    issue_match = _ISSUE.search(head)
    date_match = _MONTH_YEAR.search(head)
    date = None
    if date_match:
        month = _MONTHS[date_match.group(1).lower()]
        date = f"{date_match.group(2)}-{month:02d}"
    return Masthead(
        title=_masthead_title(source_text),
        issue=str(int(issue_match.group(1))) if issue_match else None,
        date=date,
    )


def _masthead_title(source_text: str) -> str:
    """The masthead's title lines joined ("Safeguarding" + "MATTERS"), else the first line."""
    from assistant.ingest.headings import is_masthead_line

    lines = [re.sub(r"[#*_\\]", "", ln).strip() for ln in source_text[:_HEAD_CHARS].splitlines()]
    lines = [ln for ln in lines if ln][:8]
    parts: list[str] = []
    for line in lines:
        if _ISSUE.search(line) or _MONTH_YEAR.search(line) or line.upper() == "CONTENTS":
            continue
        if not is_masthead_line(line):
            break
        parts.append(line)
    if not parts and lines and len(lines[0]) <= 80:
        parts = [lines[0]]
    return _title_case(" ".join(parts))


def _title_case(text: str) -> str:
    words = text.split()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 3 else w for w in words)
