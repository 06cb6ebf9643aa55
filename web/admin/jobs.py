"""Background jobs of /admin, one of each kind at a time, visible to every worker.

A job's state is a small JSON file in the data folder, rewritten whole at each step; while a
job runs, its process holds a lock on the kind's lock file. A state file that says "running"
with nobody holding the lock belongs to a process that died: it reads as interrupted. A job
this process runs is known to be running without asking the lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from web.admin.audit import now_iso

RUNNING, DONE, FAILED, INTERRUPTED = "running", "done", "failed", "interrupted"

# job id -> the open lock file, for every job this process runs (whichever Board started it)
_HELD: dict[str, IO[str]] = {}
_HELD_MUTEX = threading.Lock()


@dataclass
class Job:
    id: str
    kind: str  # add, replace, remove, reindex, eval
    label: str  # what is being done, in plain words
    user: str
    state: str = RUNNING
    phase: str = ""
    percent: int | None = None  # None while the amount of work is unknown
    started: str = ""
    finished: str = ""
    message: str = ""
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Board:
    """The one job of a kind: started if the kind is free, its state shared through a file."""

    def __init__(self, folder: Path, kind: str) -> None:
        self.folder = Path(folder)
        self.kind = kind

    @property
    def _state_file(self) -> Path:
        return self.folder / f"{self.kind}-job.json"

    @property
    def _lock_file(self) -> Path:
        return self.folder / f"{self.kind}-job.lock"

    def begin(self, kind: str, label: str, user: str) -> Job | None:
        """A new running job, or None when one of this board's kind is running already."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = open(self._lock_file, "a+")  # noqa: SIM115 - held until the job ends
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return None
        job = Job(secrets.token_hex(8), kind, label, user, started=now_iso())
        with _HELD_MUTEX:
            _HELD[job.id] = handle
        self.save(job)
        return job

    def save(self, job: Job) -> None:
        tmp = self._state_file.with_name(f".{self._state_file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(job.to_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self._state_file)

    def end(self, job: Job, state: str, message: str = "") -> None:
        job.state, job.finished = state, now_iso()
        if message:
            job.message = message
        self.save(job)
        with _HELD_MUTEX:
            handle = _HELD.pop(job.id, None)
        if handle is not None:
            handle.close()  # releases the lock

    def current(self) -> Job | None:
        """The latest job of this kind, running or finished; None before the first."""
        job = self._read()
        if job is not None and job.state == RUNNING and not self._alive(job):
            # read again: the job may have finished between the first read and the test
            job = self._read()
            if job is not None and job.state == RUNNING and not self._alive(job):
                job.state = INTERRUPTED
                job.message = "The app stopped before this finished. Nothing half-done is served."
        return job

    def _alive(self, job: Job) -> bool:
        """Whether a job whose file says running is still running, here or in another process."""
        with _HELD_MUTEX:
            if job.id in _HELD:
                return True
        return self._locked()

    def _read(self) -> Job | None:
        try:
            return Job(**json.loads(self._state_file.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def _locked(self) -> bool:
        try:
            with open(self._lock_file, "a+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return False
        except BlockingIOError:
            return True
        except OSError:
            return False
