"""Leave one newsletter out: the fit hook never sees the held-out newsletter's questions."""

from __future__ import annotations

import pytest

from evals.cases import DatasetError, Question, RiskCase
from evals.folds import EACH, fold_names, mean_metrics, newsletter_of, run_folds, split
from evals.runner import run_cases
from evals.scoring import SourceTexts
from tests.evals.helpers import answer
from tests.evals.test_scoring import CORPUS

A, B = "issue-a.txt", "issue-b.txt"
CASES = [
    Question(id="a1", question="q a1?", source=A, key_facts=("Emergency Duty Team",)),
    Question(id="a2", question="q a2?", source=A, key_facts=("Rutland",)),
    Question(id="b1", question="q b1?", source=B, key_facts=("Emergency Duty Team",)),
    Question(id="ub", question="u b?", unanswerable=True, nearest=f"{B}, Who to call (EDT)"),
    Question(id="u0", question="u?", unanswerable=True),
    Question(id="ft", question="held out?", source=B, dataset="firsttime/qa.jsonl"),
    RiskCase(id="r1", text="he hit her", must_show_routes=True),
]


def test_newsletter_of_reads_source_then_nearest():
    by_id = {c.id: newsletter_of(c) for c in CASES}
    assert by_id["a1"] == A and by_id["ub"] == B
    assert by_id["u0"] is None and by_id["r1"] is None


def test_fold_names_each_and_unknown():
    assert fold_names(CASES, [EACH]) == [A, B]
    assert fold_names(CASES, [B, B]) == [B]
    with pytest.raises(DatasetError, match="issue-c.txt"):
        fold_names(CASES, ["issue-c.txt"])


def test_split_trains_without_the_held_out_newsletter_or_firsttime_rows():
    train, test = split(CASES, B)
    assert [c.id for c in test] == ["b1", "ub", "ft"]
    assert [c.id for c in train] == ["a1", "a2", "u0", "r1"]


def test_mean_metrics_skip_folds_that_did_not_measure():
    out = mean_metrics([{"x": 0.5, "y": None}, {"x": 1.0, "y": None}, {"x": None}])
    assert out == {"x": 0.75, "y": None}


def test_run_folds_fits_per_fold_and_reports_the_mean():
    fitted: list[list[str]] = []

    def fit(train):
        fitted.append(sorted(c.id for c in train))

    def ask(text, history, case_id):
        return answer(text="The Emergency Duty Team covers it [1].")

    def run(subset):
        return run_cases(subset, ask, SourceTexts(CORPUS), progress=False)

    out = run_folds(CASES, [EACH], fit, run)
    assert fitted == [["b1", "r1", "u0", "ub"], ["a1", "a2", "r1", "u0"]]
    assert out.folds[A]["metrics"]["key_facts_all"] == 0.5
    assert out.folds[B]["metrics"]["key_facts_all"] == 1.0
    assert out.metrics["key_facts_all"] == 0.75
    assert sorted(r["id"] for r in out.records) == ["a1", "a2", "b1", "ft", "ub"]
