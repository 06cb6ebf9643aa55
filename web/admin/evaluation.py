"""`assistant eval` run from /admin in the background, and its last report.

The evaluation runs as its own process (`python -m evals`, as the CLI runs it), on a fresh
index of the corpus folder in a temporary directory, so the live index is never touched. Its
report goes to a new folder that replaces the last one only when the run has finished.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from web.admin.audit import AuditLog
from web.admin.jobs import DONE, FAILED, Board, Job

log = logging.getLogger(__name__)

LATEST = "latest"
PASSED, MISSED = 0, 1  # exit codes of `assistant eval --check` that still wrote a report


@dataclass(frozen=True)
class Headline:
    title: str
    passed: bool | None  # None: nothing to measure it on


@dataclass(frozen=True)
class EvalSummary:
    finished: str
    cases: int
    failed_cases: int
    headlines: list[Headline]


class EvalRunner:
    def __init__(
        self,
        folder: Path,
        corpus_dir: Path,
        board: Board,
        audit: AuditLog,
        timeout_s: float,
        extra_args: Sequence[str] = (),
    ) -> None:
        self.folder = Path(folder)
        self.corpus_dir = Path(corpus_dir)
        self.board = board
        self.audit = audit
        self.timeout_s = timeout_s
        self.extra_args = list(extra_args)

    def command(self, out_dir: Path) -> list[str]:
        return [
            sys.executable, "-m", "evals", "--report", str(out_dir), "--json", "--check",
            "--no-progress", "--corpus-dir", str(self.corpus_dir), *self.extra_args,
        ]  # fmt: skip

    def start(self, user: str) -> Job | None:
        job = self.board.begin("eval", "The quality check (assistant eval)", user)
        if job is None:
            return None
        job.phase = "Running the questions (one to two minutes)"
        self.board.save(job)
        self.audit.record(user, "eval", "started", job=job.id)
        threading.Thread(target=self._run, args=(job,), name="admin-eval", daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
        out = self.folder / f"run-{job.id}"
        state, message = FAILED, "The quality check could not run."
        try:
            try:
                code = self._process(out)
            except Exception as exc:  # a timeout or a missing interpreter: say so, keep the last
                code = -1
                message += f" {type(exc).__name__}: {str(exc)[:200]}"
            if code in (PASSED, MISSED) and (out / "report.html").exists():
                self._publish(out)
                verdict = "every check passed" if code == PASSED else "some checks missed"
                state, message = DONE, f"The quality check finished: {verdict}."
            elif code != -1:
                message += " " + _last_line(out / "eval.log")
        finally:
            shutil.rmtree(out, ignore_errors=True)  # gone already when it was published
            self.board.end(job, state, message.strip())
        self.audit.record(job.user, "eval", state, job=job.id, message=message)

    def _process(self, out: Path) -> int:
        out.mkdir(parents=True, exist_ok=True)
        with open(out / "report.json", "wb") as stdout, open(out / "eval.log", "wb") as stderr:
            done = subprocess.run(
                self.command(out),
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                timeout=self.timeout_s,
                check=False,
            )
        return done.returncode

    def _publish(self, out: Path) -> None:
        latest, old = self.folder / LATEST, self.folder / f"old-{out.name}"
        if latest.exists():
            latest.rename(old)
        out.rename(latest)
        shutil.rmtree(old, ignore_errors=True)

    def report_html(self) -> Path | None:
        path = self.folder / LATEST / "report.html"
        return path if path.is_file() else None

    def latest(self) -> EvalSummary | None:
        path = self.folder / LATEST / "report.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        from datetime import UTC, datetime

        finished = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
        counts = data.get("counts", {})
        return EvalSummary(
            finished=finished,
            cases=int(counts.get("total", 0)),
            failed_cases=int(counts.get("failed", 0)),
            headlines=_headlines(data.get("check", [])),
        )


def _headlines(verdicts: list[dict[str, Any]]) -> list[Headline]:
    from evals.report import HEADLINES

    passed = {v.get("metric"): v.get("passed") for v in verdicts if isinstance(v, dict)}
    out = []
    for title, metrics in HEADLINES:
        results = [passed[m] for m in metrics if passed.get(m) is not None]
        out.append(Headline(title, all(results) if results else None))
    return out


def _last_line(path: Path) -> str:
    try:
        lines = [ln.strip() for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""
