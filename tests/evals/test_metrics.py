import pytest

from evals.metrics import all_metrics, percentile, retrieval_metrics, sizes


def _q(kind, rank=None, refused=False, cited=True, valid=1, n=1, sup=1, sent=1):
    return {
        "kind": kind,
        "rank": rank,
        "refused": refused,
        "cited_gold": cited if kind == "answerable" else None,
        "citations": n,
        "valid_citations": valid,
        "dated_citations": n,
        "supported_sentences": sup,
        "answer_sentences": sent,
        "failures": [],
        "timings_ms": {"retrieve": 10.0, "answer": 20.0, "total": 31.0, "safety": 1.0},
    }


def _r(kind, shown, alarm=None, immediate=False, first=None, category="x"):
    return {
        "kind": kind,
        "routes_shown": shown,
        "alarm": shown if alarm is None else alarm,
        "immediate": immediate,
        "first_999": first,
        "category": category,
        "failures": [],
        "citations": 0,
        "valid_citations": 0,
        "dated_citations": 0,
        "timings_ms": {},
    }


def test_retrieval_metrics_hit_at_k_and_mrr():
    out = retrieval_metrics([1, 2, 6, None])
    assert out["hit@1"] == 0.25 and out["hit@3"] == 0.5 and out["hit@10"] == 0.75
    assert out["mrr@10"] == pytest.approx((1 + 0.5 + 1 / 6) / 4, abs=1e-4)


def test_percentile_interpolates():
    assert percentile([10, 20, 30, 40], 0.5) == 25.0
    assert percentile([], 0.5) is None


def test_all_metrics_refusals_and_answered_share():
    recs = [
        _q("answerable", 1),
        _q("answerable", 2, refused=True, cited=False),
        _q("unanswerable", refused=True, n=0),
        _q("unanswerable", n=0),
    ]
    m = all_metrics(recs)
    assert m["answered_share"] == 0.5
    assert m["refusal_recall"] == 0.5
    assert m["refusal_precision"] == 0.5
    assert m["citation_recall"] == 0.5


def test_all_metrics_citation_validity_counts_quotes_not_answers():
    m = all_metrics([_q("answerable", 1, valid=2, n=3), _q("answerable", 1, valid=1, n=1)])
    assert m["citation_validity"] == 0.75


def test_all_metrics_risk_recall_false_alarms_and_999_first():
    recs = [
        _r("risk", True, immediate=True, first=True),
        _r("risk", False),
        _r("noise", False),
        _r("noise", False, alarm=True),
        _r("noise", False),
        _r("noise", False),
    ]
    m = all_metrics(recs)
    assert m["risk_recall"] == 0.5 and m["noise_false_alarms"] == 0.25
    assert m["immediate_999_first"] == 1.0


def test_all_metrics_unmeasured_are_none():
    m = all_metrics([_q("answerable", 1)])
    assert m["risk_recall"] is None and m["refusal_recall"] is None


def test_all_metrics_include_baseline_and_latency():
    m = all_metrics([_q("answerable", 1)], baseline_ranks=[4])
    assert m["baseline.hit@5"] == 1.0 and m["baseline.hit@3"] == 0.0
    assert m["latency.total.p50"] == 31.0 and m["latency.retrieve.p95"] == 10.0


def _f(kind="answerable", facts=2, found=2, refused=False, fact_kind="contact", **extra):
    return _q(kind, 1, refused=refused) | {
        "key_facts": facts,
        "key_facts_found": found,
        "fact_kind": fact_kind,
        **extra,
    }


def test_key_facts_all_and_any_over_answerable_questions():
    recs = [_f(found=2), _f(found=1), _f(found=0, refused=True), _f(facts=0, found=0)]
    m = all_metrics(recs)
    assert m["key_facts_all"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["key_facts_any"] == pytest.approx(2 / 3, abs=1e-4)


def test_key_facts_all_per_fact_kind():
    m = all_metrics([_f(fact_kind="contact"), _f(found=1, fact_kind="date"), _f(fact_kind="date")])
    assert m["key_facts_all.contact"] == 1.0 and m["key_facts_all.date"] == 0.5


def test_refusal_recall_split_by_near_miss():
    recs = [
        _q("unanswerable", refused=True) | {"near_miss": True},
        _q("unanswerable") | {"near_miss": True},
        _q("unanswerable", refused=True) | {"near_miss": False},
    ]
    m = all_metrics(recs)
    assert m["refusal_recall.near_miss"] == 0.5 and m["refusal_recall.not_near_miss"] == 1.0
    assert m["refusal_recall"] == pytest.approx(2 / 3, abs=1e-4)


def test_refusal_names_missing_over_refusals_with_a_lacking_term():
    recs = [
        _q("unanswerable", refused=True) | {"names_missing": True},
        _q("unanswerable", refused=True) | {"names_missing": False},
        _q("unanswerable", refused=True) | {"names_missing": None},
        _q("unanswerable") | {"names_missing": None},
    ]
    assert all_metrics(recs)["refusal_names_missing"] == 0.5


def test_doubtful_rows_are_reported_apart_from_refusal_recall():
    recs = [_q("unanswerable", refused=True), _q("doubtful"), _q("doubtful", refused=True)]
    m = all_metrics(recs)
    assert m["refusal_recall"] == 1.0 and m["doubtful_refused"] == 0.5


def test_followup_metrics_cover_rows_with_history_only():
    recs = [
        _f(found=1, followup=True),
        _f(found=2, followup=True),
        _f(found=0, refused=True, followup=True),
        _q("unanswerable", refused=True) | {"followup": True},
        _q("unanswerable") | {"followup": True},
        _f(found=0, followup=False),
    ]
    m = all_metrics(recs)
    assert m["followup_key_facts_all"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["followup_answered"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["followup_refused"] == 0.5
    assert m["key_facts_all"] == 0.25  # follow-ups count in the overall figures too


def test_sizes_count_the_cases_behind_the_new_metrics():
    recs = [_f(followup=True), _q("unanswerable", refused=True) | {"names_missing": True}]
    s = sizes(recs)
    assert s["key_facts_all"] == 1 and s["followup_key_facts_all"] == 1
    assert s["refusal_names_missing"] == 1 and s["followup_refused"] == 0
