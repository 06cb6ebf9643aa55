"""The bundled question sets are well formed and their evidence is verbatim in the corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "evals" / "datasets"
CORPUS = ROOT / "corpus"
MARKUP = ("**", "\\_", "](#", "<u>", "<i>")


def _rows(name: str) -> list[dict]:
    lines = (DATASETS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _corpus_files() -> dict[str, str]:
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in CORPUS.iterdir()
        if p.suffix in (".txt", ".md")
    }


@pytest.fixture(scope="module")
def qa() -> list[dict]:
    return _rows("qa.jsonl")


@pytest.fixture(scope="module")
def unanswerable() -> list[dict]:
    return _rows("unanswerable.jsonl")


def test_qa_evidence_is_verbatim_in_source(qa):
    files = _corpus_files()
    missing = [
        (row["id"], ev[:60])
        for row in qa
        for ev in row["evidence"]
        if ev not in files[row["source"]]
    ]
    assert missing == []


def test_qa_evidence_is_plain_prose_of_sane_length(qa):
    bad = [
        (row["id"], ev[:60])
        for row in qa
        for ev in row["evidence"]
        if not 40 <= len(ev) <= 250 or "\n\n" in ev or any(m in ev for m in MARKUP)
    ]
    assert bad == []


def test_qa_fields_are_valid(qa):
    files = _corpus_files()
    for row in qa:
        assert set(row) <= {"id", "question", "answer", "evidence", "source", "history"}, row["id"]
        assert row["question"].strip() and row["answer"].strip(), row["id"]
        assert isinstance(row["evidence"], list) and row["evidence"], row["id"]
        assert row["source"] in files, row["id"]


def test_qa_history_turns_are_well_formed(qa):
    with_history = [row for row in qa if "history" in row]
    assert len(with_history) >= 5
    for row in with_history:
        roles = [turn["role"] for turn in row["history"]]
        assert roles == ["user", "assistant"] * (len(roles) // 2), row["id"]
        assert all(turn["content"].strip() for turn in row["history"]), row["id"]


def test_datasets_ids_are_unique(qa, unanswerable):
    ids = [row["id"] for row in qa + unanswerable]
    assert len(ids) == len(set(ids))


def test_qa_covers_every_newsletter_at_least_fifteen_times(qa):
    counts = Counter(row["source"] for row in qa)
    assert {name: counts[name] for name in _corpus_files() if counts[name] < 15} == {}


def test_datasets_have_enough_questions(qa, unanswerable):
    assert len(qa) >= 130
    assert len(unanswerable) >= 35


def test_unanswerable_fields_are_valid(unanswerable):
    for row in unanswerable:
        assert set(row) == {"id", "question", "unanswerable"}, row["id"]
        assert row["unanswerable"] is True and row["question"].strip(), row["id"]
