"""What the index holds (newsletters, dates, areas), and filter checks against it."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from typing import Any

from assistant.areas import AREA_CODES
from assistant.errors import AssistantError, BadRequest, IndexUnavailable
from assistant.types import Filters

log = logging.getLogger(__name__)

AREAS = AREA_CODES
MONTH = "[0-9]{4}-(0[1-9]|1[0-2])"  # YYYY-MM; ASCII digits only
_MONTH = re.compile(MONTH)


class Catalog:
    """The store's document list, re-read only when the store's version changes."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._version: str | None = None
        self._docs: list[dict[str, Any]] = []

    def documents(self) -> list[dict[str, Any]]:
        if self._store is None:
            raise IndexUnavailable("No index is configured.")
        try:
            version = self._store.version()
            with self._lock:
                if version != self._version:
                    self._docs = [_record(r) for r in self._store.documents()]
                    self._version = version
                return list(self._docs)
        except AssistantError:
            raise
        except Exception as exc:  # the store's client errors vary by backend
            log.warning("document list unavailable: %s", type(exc).__name__)
            raise IndexUnavailable("The newsletter index cannot be read right now.") from exc

    def chunk_count(self) -> int:
        if self._store is None:
            return 0
        return int(self._store.count())

    def sources(self) -> set[str]:
        return {d["source"] for d in self.documents()}

    def check(self, filters: Filters | None) -> Filters | None:
        """The filters when every value is known; BadRequest naming the first bad value.
        A range whose end is before its start is valid and holds no newsletter (`inverted`)."""
        if filters is None or filters.is_empty():
            return None
        for name, value in (("date_from", filters.date_from), ("date_to", filters.date_to)):
            if value is not None and not _MONTH.fullmatch(value):
                raise BadRequest(f"{name} must be YYYY-MM, got {value!r}")
        for area in filters.areas:
            if area not in AREAS:
                raise BadRequest(f"unknown area {area!r}; known: {', '.join(AREAS)}")
        if filters.sources:
            known = self.sources()
            for source in filters.sources:
                if source not in known:
                    raise BadRequest(f"unknown source file {source!r}")
        return filters


def inverted(filters: Filters) -> bool:
    """The date range ends before it starts: no newsletter is in it."""
    return bool(filters.date_from and filters.date_to and filters.date_from > filters.date_to)


def make_filters(
    sources: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    areas: Sequence[str] = (),
) -> Filters:
    return Filters(
        sources=tuple(s.strip() for s in sources if s.strip()),
        date_from=(date_from or "").strip() or None,
        date_to=(date_to or "").strip() or None,
        areas=tuple(a.strip().lower() for a in areas if a.strip()),
    )


def _record(record: Any) -> dict[str, Any]:
    doc = record.doc
    return {
        "source": doc.source,
        "title": doc.title,
        "issue": doc.issue,
        "date": doc.date,
        "publisher": doc.publisher,
        "area": doc.area,
        "chunks": record.chunks,
    }
