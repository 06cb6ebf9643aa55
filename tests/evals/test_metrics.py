import pytest

from evals.metrics import all_metrics, percentile, retrieval_metrics


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
