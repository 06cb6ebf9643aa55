"""The audit file: one JSON line per change made through /admin (who, what, when).

The file is created with mode 0600 (it names people) and kept at 0600; each line is written
whole with one append under a lock, so several workers can share it.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MODE = 0o600


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def record(self, user: str, action: str, outcome: str, **details: Any) -> dict[str, Any]:
        """Appends {"time", "user", "action", "outcome", ...details}; returns it."""
        entry = {"time": now_iso(), "user": user, "action": action, "outcome": outcome}
        entry.update({k: v for k, v in details.items() if v not in (None, "", [])})
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, MODE)
        try:
            os.fchmod(fd, MODE)  # also tightens a file someone loosened by hand
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line)
        finally:
            os.close(fd)  # closing releases the lock
        return entry

    def recent(self, limit: int) -> list[dict[str, Any]]:
        """The last `limit` entries, newest first; unreadable lines are passed over."""
        if not self.path.exists():
            return []
        tail: deque[str] = deque(maxlen=limit)
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                tail.append(line)
        out = []
        for line in reversed(tail):
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(item, dict):
                out.append(item)
        return out
