"""Feedback on answers, kept in a local SQLite file and deleted after the retention period.

What is stored: the rating, an optional comment, the answer id, where it came from (chat or
API), the risk categories of the answer and a timestamp. The question text is stored only
when the user ticked the opt-in box; otherwise the column is NULL.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

RATINGS = ("up", "down")
MAX_COMMENT = 2000
MAX_QUESTION = 4000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    question TEXT,
    answer_id TEXT,
    risk TEXT,
    origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created_at);
"""


def _private(path: Path) -> None:
    """Create the database file readable by its owner only (comments and opted-in questions
    may name a child); SQLite gives its -wal and -shm files the same mode. A file left from
    before with a looser mode is tightened."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(0o600)


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    created_at: str
    rating: str
    comment: str | None
    question: str | None
    answer_id: str | None
    risk: str | None
    origin: str


class FeedbackStore:
    """Thread-safe; one short connection per call so several workers can share the file."""

    def __init__(
        self,
        path: Path,
        retention_days: int,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self._path = Path(path)
        self._retention = timedelta(days=retention_days)
        self._clock = clock
        self._lock = threading.Lock()
        self._last_purge: datetime | None = None
        self._path.parent.mkdir(parents=True, exist_ok=True)
        _private(self._path)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @property
    def path(self) -> Path:
        return self._path

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def add(
        self,
        rating: str,
        *,
        comment: str | None = None,
        question: str | None = None,
        share_question: bool = False,
        answer_id: str | None = None,
        risk: str | None = None,
        origin: str = "chat",
    ) -> int:
        """Store one rating; the question is dropped unless `share_question` is True."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}")
        kept_question = question[:MAX_QUESTION] if (share_question and question) else None
        kept_comment = comment.strip()[:MAX_COMMENT] if comment and comment.strip() else None
        now = self._clock()
        self.purge_if_due(now)
        with self._lock, self._connect() as db:
            cur = db.execute(
                "INSERT INTO feedback"
                " (created_at, rating, comment, question, answer_id, risk, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now.isoformat(), rating, kept_comment, kept_question, answer_id, risk, origin),
            )
            row_id = int(cur.lastrowid or 0)
        log.info(
            "feedback stored: rating=%s comment=%s question_shared=%s",
            rating,
            kept_comment is not None,
            kept_question is not None,
        )
        return row_id

    def purge(self, now: datetime | None = None) -> int:
        """Delete rows older than the retention period; returns how many went."""
        now = now or self._clock()
        cutoff = (now - self._retention).isoformat()
        with self._lock, self._connect() as db:
            deleted = db.execute("DELETE FROM feedback WHERE created_at < ?", (cutoff,)).rowcount
        self._last_purge = now
        if deleted:
            log.info("feedback retention: deleted %d rows", deleted)
        return int(deleted)

    def purge_if_due(self, now: datetime | None = None) -> int:
        """Purge when the last purge was more than a day ago (or never)."""
        now = now or self._clock()
        if self._last_purge is None or now - self._last_purge >= timedelta(days=1):
            return self.purge(now)
        return 0

    def rows(self) -> list[FeedbackRow]:
        with self._lock, self._connect() as db:
            found = db.execute(
                "SELECT id, created_at, rating, comment, question, answer_id, risk, origin"
                " FROM feedback ORDER BY id"
            ).fetchall()
        return [FeedbackRow(*r) for r in found]
