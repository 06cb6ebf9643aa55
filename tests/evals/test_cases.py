import json

import pytest

from evals.cases import DatasetError, Question, RiskCase, load_cases


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
    from evals.cases import default_datasets

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
