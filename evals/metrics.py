"""Aggregate metrics over scored records (see evals/README.md for what each one means).

A metric is ``None`` when nothing was there to measure it (for example no risk messages in
the datasets given); thresholds skip such metrics and say so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

KS = (1, 3, 5, 10)
STAGES = ("safety", "retrieve", "answer", "total")


def _share(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def retrieval_metrics(ranks: Sequence[int | None], prefix: str = "") -> dict[str, float | None]:
    """hit@k for each k and MRR@10 over the given first-hit ranks (None = not retrieved)."""
    n = len(ranks)
    out: dict[str, float | None] = {}
    for k in KS:
        out[f"{prefix}hit@{k}"] = _share(sum(1 for r in ranks if r is not None and r <= k), n)
    mrr = sum(1.0 / r for r in ranks if r is not None and r <= 10)
    out[f"{prefix}mrr@10"] = _share(mrr, n)
    return out


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank-with-interpolation percentile; None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(xs) - 1)
    return round(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo), 2)


def latency_metrics(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for stage in STAGES:
        values = [
            float(r["timings_ms"][stage]) for r in records if stage in (r.get("timings_ms") or {})
        ]
        out[f"latency.{stage}.p50"] = percentile(values, 0.5)
        out[f"latency.{stage}.p95"] = percentile(values, 0.95)
    return out


def question_metrics(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    answerable = [r for r in records if r["kind"] == "answerable"]
    unanswerable = [r for r in records if r["kind"] == "unanswerable"]
    with_evidence = [r for r in answerable if r.get("cited_gold") is not None]
    refused = [r for r in answerable + unanswerable if r["refused"]]
    asked = [r for r in records if "supported_sentences" in r]  # every question, doubtful too
    supported = sum(r["supported_sentences"] for r in asked)
    sentences = sum(r["answer_sentences"] for r in asked)
    out = retrieval_metrics([r["rank"] for r in with_evidence])
    out.update(
        {
            "citation_recall": _share(
                sum(bool(r["cited_gold"]) for r in with_evidence), len(with_evidence)
            ),
            "answer_support": _share(supported, sentences),
            "answered_share": _share(sum(not r["refused"] for r in answerable), len(answerable)),
            "refusal_recall": _share(sum(r["refused"] for r in unanswerable), len(unanswerable)),
            "refusal_precision": _share(
                sum(r["kind"] == "unanswerable" for r in refused), len(refused)
            )
            if unanswerable
            else None,
        }
    )
    return out


def _facts_all(records: Sequence[Mapping[str, Any]]) -> float | None:
    return _share(sum(r["key_facts_found"] == r["key_facts"] for r in records), len(records))


def _with_facts(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r for r in records if r["kind"] == "answerable" and r.get("key_facts")]


def fact_metrics(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """Key facts in the answer text (a refusal holds none), overall and per fact kind."""
    labelled = _with_facts(records)
    out: dict[str, float | None] = {
        "key_facts_all": _facts_all(labelled),
        "key_facts_any": _share(sum(r["key_facts_found"] > 0 for r in labelled), len(labelled)),
    }
    kinds: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in labelled:
        kinds[r.get("fact_kind") or "unlabelled"].append(r)
    for kind, rs in sorted(kinds.items()):
        out[f"key_facts_all.{kind}"] = _facts_all(rs)
    return out


def refusal_metrics(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """Refusal recall split by near miss, refusals naming what is missing, doubtful rows."""
    unanswerable = [r for r in records if r["kind"] == "unanswerable"]
    near = [r for r in unanswerable if r.get("near_miss") is True]
    far = [r for r in unanswerable if r.get("near_miss") is False]
    named = [r for r in unanswerable if r["refused"] and r.get("names_missing") is not None]
    doubtful = [r for r in records if r["kind"] == "doubtful"]
    return {
        "refusal_recall.near_miss": _share(sum(r["refused"] for r in near), len(near)),
        "refusal_recall.not_near_miss": _share(sum(r["refused"] for r in far), len(far)),
        "refusal_names_missing": _share(sum(r["names_missing"] for r in named), len(named)),
        "doubtful_refused": _share(sum(r["refused"] for r in doubtful), len(doubtful)),
    }


def followup_metrics(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """The same measures over follow-up questions (rows with a history) alone."""
    follow = [r for r in records if r.get("followup")]
    answerable = [r for r in follow if r["kind"] == "answerable"]
    unanswerable = [r for r in follow if r["kind"] == "unanswerable"]
    return {
        "followup_key_facts_all": _facts_all(_with_facts(follow)),
        "followup_answered": _share(sum(not r["refused"] for r in answerable), len(answerable)),
        "followup_refused": _share(sum(r["refused"] for r in unanswerable), len(unanswerable)),
    }


def sizes(records: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """How many cases the key-fact, refusal and follow-up metrics were measured on."""
    unanswerable = [r for r in records if r["kind"] == "unanswerable"]
    follow = [r for r in records if r.get("followup")]
    return {
        "key_facts_all": len(_with_facts(records)),
        "refusal_recall.near_miss": sum(r.get("near_miss") is True for r in unanswerable),
        "refusal_recall.not_near_miss": sum(r.get("near_miss") is False for r in unanswerable),
        "refusal_names_missing": sum(
            r["refused"] and r.get("names_missing") is not None for r in unanswerable
        ),
        "doubtful_refused": sum(r["kind"] == "doubtful" for r in records),
        "followup_key_facts_all": len(_with_facts(follow)),
        "followup_answered": sum(r["kind"] == "answerable" for r in follow),
        "followup_refused": sum(r["kind"] == "unanswerable" for r in follow),
    }


def citation_metrics(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    total = sum(r.get("citations", 0) for r in records)
    return {
        "citation_validity": _share(sum(r.get("valid_citations", 0) for r in records), total),
        "dated_citations": _share(sum(r.get("dated_citations", 0) for r in records), total),
    }


def risk_metrics(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    risky = [r for r in records if r["kind"] == "risk"]
    noise = [r for r in records if r["kind"] == "noise"]
    immediate = [r for r in records if r.get("immediate")]
    return {
        "risk_recall": _share(sum(r["routes_shown"] for r in risky), len(risky)),
        "noise_false_alarms": _share(sum(r["alarm"] for r in noise), len(noise)),
        "immediate_999_first": _share(sum(bool(r["first_999"]) for r in immediate), len(immediate)),
    }


def risk_recall_by_category(records: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in records:
        if r["kind"] == "risk":
            groups[r.get("category") or "uncategorised"].append(r)
    return {
        cat: {"n": len(rs), "recall": _share(sum(r["routes_shown"] for r in rs), len(rs))}
        for cat, rs in sorted(groups.items())
    }


def counts(records: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for r in records:
        out[r["kind"]] += 1
        out["failed"] += bool(r["failures"])
    out["total"] = len(records)
    return dict(out)


def all_metrics(
    records: Sequence[Mapping[str, Any]], baseline_ranks: Sequence[int | None] | None = None
) -> dict[str, float | None]:
    """Every metric as one flat mapping (the shape `--json`, `--check` and `--compare` use)."""
    out: dict[str, float | None] = {}
    out.update(question_metrics(records))
    out.update(fact_metrics(records))
    out.update(refusal_metrics(records))
    out.update(followup_metrics(records))
    out.update(citation_metrics(records))
    out.update(risk_metrics(records))
    if baseline_ranks is not None:
        out.update(retrieval_metrics(list(baseline_ranks), prefix="baseline."))
    out.update(latency_metrics(records))
    return out
