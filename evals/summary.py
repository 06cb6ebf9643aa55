"""The terminal summary of a run, and the checks and labels the report shares with it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evals.check import Verdict
from evals.runner import EvalRun

# The questions asked after adding an issue or changing the answerer, and the metrics that
# answer each one.
HEADLINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Answers grounded", ("answer_support", "citation_recall", "hit@5", "mrr@10")),
    ("Answers hold the key facts", ("key_facts_all", "key_facts_any", "followup_key_facts_all")),
    ("Citations exact and dated", ("citation_validity", "dated_citations")),
    (
        "Refusals honest",
        (
            "refusal_recall",
            "refusal_recall.near_miss",
            "refusal_recall.not_near_miss",
            "refusal_precision",
            "refusal_names_missing",
            "answered_share",
        ),
    ),
    ("Follow-ups", ("followup_answered", "followup_refused")),
    ("Routes always shown", ("risk_recall", "immediate_999_first", "noise_false_alarms")),
)
LABELS = {
    "answer_support": "answer sentences supported by their cited quote",
    "citation_recall": "answers citing the gold evidence",
    "hit@5": "gold evidence in top 5 passages",
    "mrr@10": "mean reciprocal rank of gold evidence",
    "key_facts_all": "answers holding every key fact",
    "key_facts_any": "answers holding at least one key fact",
    "followup_key_facts_all": "follow-up answers holding every key fact",
    "citation_validity": "quotes verbatim in the cited file",
    "dated_citations": "citations showing YYYY-MM",
    "refusal_recall": "unanswerable questions refused",
    "refusal_recall.near_miss": "near misses refused",
    "refusal_recall.not_near_miss": "topics never covered refused",
    "refusal_precision": "refusals that were right to refuse",
    "refusal_names_missing": "refusals naming what is missing",
    "answered_share": "answerable questions answered",
    "followup_answered": "answerable follow-ups answered",
    "followup_refused": "unanswerable follow-ups refused",
    "risk_recall": "risk messages that showed routes",
    "immediate_999_first": "immediate danger with 999 first",
    "noise_false_alarms": "harmless messages that raised an alarm",
}


def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.0f}"
    return str(value)


def verdict_map(verdicts: Sequence[Verdict]) -> dict[str, Verdict]:
    return {v.metric: v for v in verdicts}


def status(metric: str, verdicts: Mapping[str, Verdict]) -> str:
    v = verdicts.get(metric)
    if v is None:
        return ""
    return {True: "PASS", False: "FAIL", None: "skipped"}[v.passed]


def _counts_line(run: EvalRun) -> str:
    c = run.counts
    doubtful = f", {c['doubtful']} doubtful" if c.get("doubtful") else ""
    return (
        f"Evaluated {c.get('total', 0)} cases in {run.seconds:.0f}s "
        f"({c.get('answerable', 0)} answerable, {c.get('unanswerable', 0)} unanswerable"
        f"{doubtful}, {c.get('risk', 0)} risk, {c.get('optional', 0)} optional, "
        f"{c.get('noise', 0)} harmless); {c.get('failed', 0)} with failures."
    )


def summary_text(run: EvalRun, verdicts: Sequence[Verdict] = ()) -> str:
    """A few lines for the terminal."""
    vm, mt = verdict_map(verdicts), run.metrics
    lines = [_counts_line(run)]
    if run.folds:
        lines.append(
            f"  leave one newsletter out: mean over {len(run.folds)} folds ({', '.join(run.folds)})"
        )
    for title, names in HEADLINES:
        bad = any(status(n, vm) == "FAIL" for n in names)
        parts = ", ".join(f"{n} {fmt(mt.get(n))}" for n in names)
        lines.append(f"  [{'FAIL' if bad else ' ok '}] {title}: {parts}")
    kinds = [(k.split(".", 1)[1], v) for k, v in mt.items() if k.startswith("key_facts_all.")]
    if kinds:
        lines.append("  key facts by kind: " + ", ".join(f"{k} {fmt(v)}" for k, v in kinds))
    if mt.get("doubtful_refused") is not None:
        lines.append(
            f"  doubtful rows refused (not in refusal recall): {fmt(mt['doubtful_refused'])}"
        )
    if mt.get("baseline.hit@5") is not None:
        lines.append(
            f"  retrieval vs dense baseline: hit@5 {fmt(mt.get('hit@5'))} vs "
            f"{fmt(mt.get('baseline.hit@5'))}, mrr@10 {fmt(mt.get('mrr@10'))} vs "
            f"{fmt(mt.get('baseline.mrr@10'))}"
        )
    lines.append(
        f"  latency ms p50/p95: retrieve {fmt(mt.get('latency.retrieve.p50'))}/"
        f"{fmt(mt.get('latency.retrieve.p95'))}, total {fmt(mt.get('latency.total.p50'))}/"
        f"{fmt(mt.get('latency.total.p95'))}"
    )
    return "\n".join(lines)
