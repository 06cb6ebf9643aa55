import json

import pytest

from evals.cases import (
    DATASET_DIR,
    DatasetError,
    Question,
    RiskCase,
    dataset_label,
    default_datasets,
    is_held_out,
    load_cases,
    parse_case,
)


def _write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_load_cases_detects_kind_per_line(tmp_path):
    path = _write(
        tmp_path,
        "mixed.jsonl",
        [
            {"id": "a", "question": "q?", "evidence": ["some evidence text"]},
            {
                "id": "b",
                "question": "q?",
                "sources": [{"file": "x.txt", "evidence": "from sources"}],
            },
            {"id": "c", "question": "q?", "unanswerable": True},
            {"id": "d", "text": "I am scared", "must_show_routes": True, "immediate": True},
        ],
    )
    a, b, c, d = load_cases([path])
    assert isinstance(a, Question) and a.evidence == ("some evidence text",)
    assert b.evidence == ("from sources",) and b.source == "x.txt"
    assert c.kind == "unanswerable" and isinstance(d, RiskCase) and d.immediate


def test_load_cases_prefixes_duplicate_ids_with_file_stem(tmp_path):
    one = _write(tmp_path, "one.jsonl", [{"id": "1", "question": "a?"}])
    two = _write(tmp_path, "two.jsonl", [{"id": "1", "question": "b?"}])
    assert [c.id for c in load_cases([one, two])] == ["1", "two:1"]


def test_load_cases_rejects_unknown_line_with_location(tmp_path):
    path = _write(tmp_path, "bad.jsonl", [{"id": "x", "prompt": "?"}])
    with pytest.raises(DatasetError, match="bad.jsonl:1"):
        load_cases([path])


def test_load_cases_reads_bundled_sets():
    cases = load_cases(default_datasets())
    assert sum(isinstance(c, Question) and not c.unanswerable for c in cases) >= 130


def test_load_cases_reads_string_history_as_user_turns_and_optional_policy(tmp_path):
    path = _write(
        tmp_path,
        "risk.jsonl",
        [
            {
                "id": "r",
                "text": "he did it again",
                "must_show_routes": True,
                "history": ["my sister's husband checks her phone"],
            },
            {
                "id": "o",
                "text": "how do I report abuse?",
                "must_show_routes": False,
                "route_policy": "optional",
            },
        ],
    )
    r, o = load_cases([path])
    assert r.history == ({"role": "user", "content": "my sister's husband checks her phone"},)
    assert o.kind == "optional"


def test_load_cases_reads_labelled_fields(tmp_path):
    path = _write(
        tmp_path,
        "labelled.jsonl",
        [
            {
                "id": "a",
                "question": "number for the front door?",
                "answer": "0116 305 0005",
                "key_facts": ["0116 305 0005", "option 1"],
                "evidence": ["ring 0116 305 0005 and choose option 1"],
                "source": "x.txt",
                "fact_kind": "contact",
                "section": "Who to call",
                "markup": True,
            },
            {
                "id": "u",
                "question": "and in Rutland?",
                "history": [{"role": "user", "content": "who do I ring in Leicestershire?"}],
                "unanswerable": True,
                "near_miss": True,
                "missing": "no Rutland number",
                "nearest": "x.txt, Who to call",
                "doubtful": True,
            },
        ],
    )
    a, u = load_cases([path])
    assert a.key_facts == ("0116 305 0005", "option 1") and a.fact_kind == "contact"
    assert a.section == "Who to call" and a.kind == "answerable" and not a.is_followup
    assert u.near_miss is True and u.missing == "no Rutland number" and u.nearest.startswith("x")
    assert u.kind == "doubtful" and u.is_followup and u.live_history


def test_load_cases_old_rows_have_no_labels():
    q = parse_case({"id": "o", "question": "q?", "unanswerable": True})
    assert q.near_miss is None and q.key_facts == () and q.kind == "unanswerable"


def test_load_cases_rejects_key_facts_that_are_not_strings(tmp_path):
    path = _write(tmp_path, "bad.jsonl", [{"id": "x", "question": "q?", "key_facts": [1]}])
    with pytest.raises(DatasetError, match="key_facts"):
        load_cases([path])


def test_default_datasets_cover_labelled_sets_and_never_firsttime():
    paths = default_datasets()
    assert any(p.parent == DATASET_DIR / "labelled" for p in paths)
    assert any(p.parent == DATASET_DIR for p in paths)
    assert not any("firsttime" in p.parts for p in paths)


def test_dataset_label_marks_held_out_files():
    held_out = parse_case({"id": "f", "question": "q?"}, dataset="firsttime/qa.jsonl")
    bundled = parse_case({"id": "b", "question": "q?"}, dataset="labelled/qa-issue28.jsonl")
    assert dataset_label(DATASET_DIR / "firsttime" / "qa.jsonl") == "firsttime/qa.jsonl"
    assert is_held_out(held_out) and not is_held_out(bundled)
