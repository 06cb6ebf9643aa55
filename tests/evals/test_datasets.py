"""The bundled question sets are well formed and their evidence is verbatim in the corpus.

Covers `datasets/*.jsonl` and `datasets/labelled/*.jsonl` (the sets run by default); the
held-out `datasets/firsttime/` files are not read here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "evals" / "datasets"
LABELLED = DATASETS / "labelled"
CORPUS = ROOT / "corpus"
MARKUP = ("**", "\\_", "](#", "<u>", "<i>")
FACT_KINDS = {
    "number",
    "date",
    "timescale",
    "person",
    "role",
    "organisation",
    "contact",
    "list",
    "steps",
    "definition",
    "yes_no",
    "place",
    "other",
}
ANSWERABLE_FIELDS = {
    "id",
    "question",
    "answer",
    "key_facts",
    "evidence",
    "source",
    "fact_kind",
    "section",
    "history",
    "markup",
}
UNANSWERABLE_FIELDS = {"id", "question", "unanswerable", "near_miss", "missing", "nearest"}
UNANSWERABLE_FIELDS |= {"doubtful", "history"}


def _rows(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in CORPUS.iterdir()
        if p.suffix in (".txt", ".md")
    }


@pytest.fixture(scope="module")
def paragraphs(files) -> dict[str, set[str]]:
    return {name: {p.strip() for p in re.split(r"\n\s*\n", text)} for name, text in files.items()}


@pytest.fixture(scope="module")
def qa() -> list[dict]:
    return _rows(DATASETS / "qa.jsonl")


@pytest.fixture(scope="module")
def unanswerable() -> list[dict]:
    return _rows(DATASETS / "unanswerable.jsonl")


@pytest.fixture(scope="module")
def labelled() -> list[dict]:
    return [row for path in sorted(LABELLED.glob("*.jsonl")) for row in _rows(path)]


@pytest.fixture(scope="module")
def questions(qa, unanswerable, labelled) -> list[dict]:
    return qa + unanswerable + labelled


@pytest.fixture(scope="module")
def answerable(questions) -> list[dict]:
    return [row for row in questions if not row.get("unanswerable")]


@pytest.fixture(scope="module")
def refusals(questions) -> list[dict]:
    return [row for row in questions if row.get("unanswerable")]


def test_datasets_evidence_is_verbatim_in_source(answerable, files):
    missing = [
        (row["id"], ev[:60])
        for row in answerable
        for ev in row["evidence"]
        if ev not in files[row["source"]]
    ]
    assert missing == []


def test_datasets_evidence_is_plain_prose_of_sane_length(answerable, paragraphs):
    # Rows flagged "markup" may hold markup or be short; a short string is fine when it is
    # a whole paragraph of its file (a contact line, a one-line answer), as it cannot be longer.
    bad = [
        (row["id"], ev[:60])
        for row in answerable
        if not row.get("markup")
        for ev in row["evidence"]
        if "\n\n" in ev
        or any(m in ev for m in MARKUP)
        or len(ev) > 300
        or (len(ev) < 30 and ev.strip() not in paragraphs[row["source"]])
    ]
    assert bad == []


def test_datasets_key_facts_are_in_an_evidence_string(answerable):
    bad = [
        (row["id"], fact)
        for row in answerable
        for fact in row.get("key_facts", [])
        if not any(_squash(fact) in _squash(ev) for ev in row["evidence"])
    ]
    assert bad == []


def test_datasets_key_facts_are_one_to_four_short_strings(answerable):
    bad = [
        row["id"]
        for row in answerable
        if "key_facts" in row
        and not (
            1 <= len(row["key_facts"]) <= 4
            and all(isinstance(f, str) and 1 <= len(f.split()) <= 8 for f in row["key_facts"])
        )
    ]
    assert bad == []


def test_datasets_answerable_fields_are_valid(answerable, files):
    for row in answerable:
        assert set(row) <= ANSWERABLE_FIELDS, row["id"]
        assert row["question"].strip() and row["answer"].strip(), row["id"]
        assert isinstance(row["evidence"], list) and row["evidence"], row["id"]
        assert row["source"] in files, row["id"]
        assert row.get("fact_kind", "other") in FACT_KINDS, row["id"]
        assert isinstance(row.get("markup", False), bool), row["id"]


def test_datasets_labelled_rows_carry_the_labels(labelled):
    for row in labelled:
        if row.get("unanswerable"):
            assert isinstance(row["near_miss"], bool) and row["missing"].strip(), row["id"]
            assert isinstance(row["nearest"], str), row["id"]
        else:
            assert row["key_facts"] and row["fact_kind"] and row["section"].strip(), row["id"]


def test_datasets_unanswerable_fields_are_valid(refusals):
    for row in refusals:
        assert set(row) <= UNANSWERABLE_FIELDS, row["id"]
        assert row["unanswerable"] is True and row["question"].strip(), row["id"]
        assert isinstance(row.get("near_miss", False), bool), row["id"]
        assert isinstance(row.get("doubtful", False), bool), row["id"]
        assert isinstance(row.get("missing", ""), str), row["id"]


def test_datasets_history_turns_are_well_formed(questions):
    with_history = [row for row in questions if "history" in row]
    assert len(with_history) >= 5
    for row in with_history:
        roles = [turn["role"] for turn in row["history"]]
        user_only = roles and set(roles) == {"user"}
        paired = roles == ["user", "assistant"] * (len(roles) // 2)
        assert user_only or paired, row["id"]
        assert all(turn["content"].strip() for turn in row["history"]), row["id"]


def test_datasets_labelled_conversations_have_user_turns_only(labelled):
    conversations = [row for row in labelled if "history" in row]
    assert len(conversations) >= 15
    assert [r["id"] for r in conversations if {t["role"] for t in r["history"]} != {"user"}] == []


def test_datasets_ids_are_unique(questions):
    ids = Counter(row["id"] for row in questions)
    assert [i for i, n in ids.items() if n > 1] == []


def test_qa_covers_every_newsletter_at_least_fifteen_times(qa, files):
    counts = Counter(row["source"] for row in qa)
    assert {name: counts[name] for name in files if counts[name] < 15} == {}


def test_datasets_have_enough_questions(qa, unanswerable, labelled):
    assert len(qa) >= 130
    assert len(unanswerable) >= 35
    assert sum(not r.get("unanswerable") for r in labelled) >= 300
    assert sum(bool(r.get("unanswerable")) for r in labelled) >= 60
