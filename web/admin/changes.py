"""Adding, replacing and removing newsletters in the background, with the library's Ingester.

Each change: the upload is parsed on its own first (a bad file gets the ingest's own reason
and never reaches the corpus), then the corpus folder and metadata.toml change, then the
folder is ingested as `assistant ingest` does. The index switches each document atomically,
so the app answers from the previous newsletters until the new one is complete; when the
ingest does not take the change, the folder is put back as it was.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.dates import month_label
from assistant.errors import AssistantError, IngestError
from assistant.ingest.targets import Target
from web.admin.audit import AuditLog
from web.admin.corpus import Corpus, Undo
from web.admin.jobs import DONE, FAILED, RUNNING, Board, Job

log = logging.getLogger(__name__)

KEPT = "The assistant is still answering from the newsletters it had before."


@dataclass(frozen=True)
class Change:
    kind: str  # add, replace, remove, reindex
    label: str  # for people: "Safeguarding Matters issue 29 (Jan 2023)"
    name: str = ""  # the file in the corpus after the change ("" for remove and reindex)
    drop: str = ""  # the file that goes (remove, or a replace that changes the extension)
    entry: dict[str, str] | None = None
    data: bytes = b""
    client_file: str = ""  # the client's file name, for messages and the audit only


class Changes:
    """Starts changes (one at a time) and runs each in a thread."""

    def __init__(
        self, corpus: Corpus, ingester: Callable[[], Any], board: Board, audit: AuditLog
    ) -> None:
        self.corpus = corpus
        self._ingester = ingester  # built on first use: it may load the embedding model
        self.board = board
        self.audit = audit

    def start(self, user: str, change: Change) -> Job | None:
        """The running job, or None when another change is running."""
        job = self.board.begin(change.kind, change.label, user)
        if job is None:
            return None
        self.audit.record(user, change.kind, "started", **_audit_fields(change, job))
        thread = threading.Thread(
            target=self._run, args=(job, change), name=f"admin-{change.kind}", daemon=True
        )
        thread.start()
        return job

    def _run(self, job: Job, change: Change) -> None:
        try:
            problems = self._steps(job, change)
        except Exception as exc:  # the job must end and say why, whatever happened
            if isinstance(exc, AssistantError):
                log.warning("admin %s failed: %s", change.kind, exc)
                reason = str(exc)
            else:
                log.exception("admin %s failed unexpectedly", change.kind)
                reason = f"an unexpected error ({type(exc).__name__}; see the server log)"
            self._finish(job, change, FAILED, f"The change was not made: {reason}. {KEPT}")
            return
        finally:
            self.corpus.discard(job.id)
        try:
            if problems is not None:
                self._finish(job, change, FAILED, f"The change was not made. {KEPT}", problems)
        finally:
            if job.state == RUNNING:  # never leave the lock held: the next change must start
                self.board.end(job, FAILED, "The change stopped unexpectedly.")

    def _steps(self, job: Job, change: Change) -> list[str] | None:
        """Runs the change; the problems when it was refused (None when it succeeded)."""
        self._phase(job, "Getting ready", None)
        ingester = self._ingester()
        put = None
        if change.name:
            self._phase(job, "Checking the file", None)
            staged = self.corpus.stage(job.id, change.name, change.data, change.entry or {})
            problem = _parse_problem(ingester, staged)
            if problem:
                return [problem]
            put = (staged, change.name, change.entry or {})
        undo: Undo | None = None
        if put or change.drop:
            self._phase(job, "Saving the file", None)
            undo = self.corpus.apply(job.id, put=put, drop=change.drop or None)
        self._phase(job, "Indexing", 0)
        try:
            report = ingester.ingest([self.corpus.folder], progress=self._progress(job))
        except BaseException:
            if undo:
                undo.restore()
            raise
        failed = {Path(f).name: reason for f, reason in report.failed}
        if change.name in failed:
            if undo:
                undo.restore()
            return [failed[change.name]]
        others = [r if r.startswith(name) else f"{name}: {r}" for name, r in failed.items()]
        self._finish(job, change, DONE, _done_message(change, report), others)
        return None

    def _phase(self, job: Job, phase: str, percent: int | None) -> None:
        job.phase, job.percent = phase, percent
        self.board.save(job)

    def _progress(self, job: Job) -> Callable[[int, int], None]:
        def progress(done: int, total: int) -> None:
            percent = int(100 * done / total) if total else 100
            if percent != job.percent:
                self._phase(job, "Indexing", percent)

        return progress

    def _finish(
        self, job: Job, change: Change, state: str, message: str, problems: Sequence[str] = ()
    ) -> None:
        job.problems = list(problems)
        job.percent = 100 if state == DONE else job.percent
        self.board.end(job, state, message)
        self.audit.record(
            job.user,
            change.kind,
            state,
            message=message,
            problems=job.problems,
            **_audit_fields(change, job),
        )


def _parse_problem(ingester: Any, staged: Path) -> str:
    """'' when the ingest can read the file, else its reason (the words the CLI prints)."""
    target = Target(path=staged, origin="", size=staged.stat().st_size)
    try:
        parsed = ingester.parse(target)
    except IngestError as exc:
        return str(exc)
    except Exception as exc:  # a reader failing in a way of its own is still this file's fault
        return f"{staged.name}: cannot read the file ({type(exc).__name__})"
    if not parsed.chunks:
        return f"{staged.name}: no text to index"
    return ""


def _done_message(change: Change, report: Any) -> str:
    total = f"The index now holds {report.documents} newsletters ({report.total_chunks} passages)."
    verbs = {"add": "Added", "replace": "Replaced", "remove": "Removed"}
    if change.kind in verbs:
        return f"{verbs[change.kind]} {change.label}. {total}"
    return (
        f"Re-indexed the newsletters folder: {report.ingested} new or changed, "
        f"{report.unchanged} unchanged, {report.removed} removed. {total}"
    )


def _audit_fields(change: Change, job: Job) -> dict[str, Any]:
    return {
        "job": job.id,
        "newsletter": change.label,
        "file": change.name or change.drop,
        "replaced_file": change.drop if change.name and change.drop else "",
        "uploaded_name": change.client_file,
        "details": change.entry,
    }


def describe(title: str, issue: str | None, date: str) -> str:
    """'Safeguarding Matters issue 29 (Jan 2023)'."""
    number = f" issue {issue}" if issue else ""
    return f"{title}{number} ({month_label(date, short=False)})"
