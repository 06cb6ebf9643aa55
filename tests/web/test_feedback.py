"""Feedback storage: no question text without opt-in, retention."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from web.feedback import FeedbackStore


def test_feedback_drops_question_without_opt_in(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3", 90)
    store.add("up", question="Is Jayden safe?", share_question=False)
    assert store.rows()[0].question is None


def test_feedback_keeps_question_with_opt_in(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3", 90)
    store.add("down", comment="missed the point", question="Is Jayden safe?", share_question=True)
    row = store.rows()[0]
    assert (row.question, row.comment, row.rating) == (
        "Is Jayden safe?",
        "missed the point",
        "down",
    )


def test_feedback_question_text_absent_from_file_without_opt_in(tmp_path):
    path = tmp_path / "f.sqlite3"
    FeedbackStore(path, 90).add("up", question="Jayden-unique-name", share_question=False)
    db = sqlite3.connect(path)
    dump = "\n".join(db.iterdump())
    assert "Jayden-unique-name" not in dump


def test_feedback_rejects_unknown_rating(tmp_path):
    with pytest.raises(ValueError):
        FeedbackStore(tmp_path / "f.sqlite3", 90).add("meh")


def test_feedback_purge_deletes_rows_past_retention(tmp_path):
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    store = FeedbackStore(tmp_path / "f.sqlite3", 30, clock=lambda: now[0])
    store.add("up")
    now[0] += timedelta(days=10)
    store.add("down")
    now[0] += timedelta(days=25)
    assert store.purge() == 1
    assert [r.rating for r in store.rows()] == ["down"]


def test_feedback_purges_on_app_start(make_app, tmp_path):
    from fastapi.testclient import TestClient

    old = FeedbackStore(
        tmp_path / "data" / "feedback.sqlite3",
        90,
        clock=lambda: datetime.now(UTC) - timedelta(days=200),
    )
    old.add("up")
    with TestClient(make_app()):
        pass
    assert old.rows() == []


def test_feedback_api_stores_without_question(client, tmp_path):
    r = client.post(
        "/api/feedback", json={"rating": "up", "question": "Jayden?", "answer_id": "a1"}
    )
    assert r.status_code == 201
    rows = FeedbackStore(tmp_path / "data" / "feedback.sqlite3", 90).rows()
    assert rows[0].question is None and rows[0].answer_id == "a1" and rows[0].origin == "api"


def test_feedback_api_rejects_bad_rating(client):
    assert client.post("/api/feedback", json={"rating": "5 stars"}).status_code == 422
