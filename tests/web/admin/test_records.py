"""The audit file, the job board and the form tokens."""

from __future__ import annotations

import json
import os
import stat

from web.admin import jobs
from web.admin.access import FormTokens
from web.admin.audit import AuditLog
from web.admin.jobs import Board


def test_audit_file_is_created_0600_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        AuditLog(tmp_path / "audit.jsonl").record("office", "add", "done", file="a.txt")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "audit.jsonl").stat().st_mode) == 0o600


def test_audit_file_loosened_by_hand_is_tightened_again(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    log.record("office", "add", "done")
    os.chmod(log.path, 0o644)
    log.record("office", "remove", "done")
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600


def test_audit_lines_say_who_what_and_when(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    log.record("office", "add", "done", file="a.txt", problems=[])
    line = json.loads(log.path.read_text())
    assert line["user"] == "office" and line["action"] == "add" and line["time"]
    assert "problems" not in line


def test_audit_recent_is_newest_first(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    for action in ("add", "replace", "remove"):
        log.record("office", action, "done")
    assert [e["action"] for e in log.recent(2)] == ["remove", "replace"]


def test_board_refuses_a_second_job_while_one_runs(tmp_path):
    board = Board(tmp_path, "change")
    job = board.begin("add", "x", "office")
    assert board.begin("add", "y", "office") is None
    board.end(job, "done")
    assert board.begin("add", "y", "office") is not None


def test_board_reads_a_job_whose_process_died_as_interrupted(tmp_path):
    board = Board(tmp_path, "change")
    job = board.begin("add", "x", "office")
    jobs._HELD.pop(job.id).close()  # as if the process had died: the lock is gone
    assert board.current().state == "interrupted"


def test_board_reads_its_own_running_job_as_running_whatever_the_lock_says(tmp_path, monkeypatch):
    board = Board(tmp_path, "change")
    job = board.begin("add", "x", "office")
    # a file system whose locks do not tell one thread from another
    monkeypatch.setattr(Board, "_locked", lambda self: False)
    assert Board(tmp_path, "change").current().state == "running"
    board.end(job, "failed", "no")
    assert board.current().state == "failed"


def test_form_token_is_bound_to_user_and_time(tmp_path):
    tokens = FormTokens(tmp_path / "key", lifetime_s=60)
    token = tokens.issue("office", now=1000)
    assert tokens.valid("office", token, now=1030)
    assert not tokens.valid("sw", token, now=1030)
    assert not tokens.valid("office", token, now=1061)
    assert not tokens.valid("office", token.replace(".", ".x"), now=1030)


def test_form_key_is_shared_by_workers_and_private(tmp_path):
    first = FormTokens(tmp_path / "key", 60)
    second = FormTokens(tmp_path / "key", 60)
    assert second.valid("office", first.issue("office"))
    assert stat.S_IMODE((tmp_path / "key").stat().st_mode) == 0o600
