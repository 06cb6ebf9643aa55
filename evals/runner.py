"""Running an evaluation: ask every case, score every answer, aggregate the metrics.

The runner only needs a way to get an answer dict (the `Answer.to_dict()` shape) for a
case: in-process from an Assistant (`assistant_asker`), or from answers saved with
`assistant ask --jsonl` (`saved_answers`). The dense baseline, when given, is queried with
the same questions for the retrieval metrics.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals import metrics as m
from evals.cases import Case, DatasetError, Question
from evals.scoring import SourceTexts, first_hit_rank, score_question, score_risk

log = logging.getLogger(__name__)

# ask(text, history, id) -> answer dict
Asker = Callable[[str, Sequence[Mapping[str, str]], str], dict[str, Any]]


@dataclass
class EvalRun:
    """The outcome of one evaluation: per-case records and the metrics over them."""

    records: list[dict[str, Any]]
    metrics: dict[str, float | None]
    by_category: dict[str, dict[str, Any]]
    counts: dict[str, int]
    datasets: list[str]
    baseline: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "datasets": self.datasets,
            "metrics": self.metrics,
            "risk_recall_by_category": self.by_category,
            "baseline": self.baseline,
            "seconds": round(self.seconds, 2),
            "records": failures_first(self.records),
        }


def failures_first(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: (not r["failures"], r["kind"], r["id"]))


def assistant_asker(assistant: Any) -> Asker:
    """Answers from an in-process Assistant, as dicts."""
    from assistant.types import Turn

    def ask(text: str, history: Sequence[Mapping[str, str]], case_id: str) -> dict[str, Any]:
        turns = [Turn(t["role"], t["content"]) for t in history]
        return assistant.ask(text, turns, id=case_id).to_dict()

    return ask


def saved_answers(path: Path) -> Asker:
    """Answers read from a JSON Lines file of `Answer.to_dict()` objects, matched by id."""
    import json

    by_id: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{n}: not JSON ({exc.msg})") from exc
            by_id[str(row.get("id"))] = row

    def ask(text: str, history: Sequence[Mapping[str, str]], case_id: str) -> dict[str, Any]:
        if case_id not in by_id:
            raise DatasetError(f"no saved answer with id {case_id!r}")
        row = by_id[case_id]
        if row.get("error"):  # `assistant ask --jsonl` writes {"id", "error"} for a failed line
            raise DatasetError(f"the saved answer is an error: {row['error']}")
        return row

    return ask


def _error_answer(case: Case, exc: Exception) -> dict[str, Any]:
    # An error must fail every metric the case takes part in: answerable questions count as
    # not answered, unanswerable ones as not refused, risk messages as showing no routes.
    answerable = isinstance(case, Question) and not case.unanswerable
    return {
        "id": case.id,
        "answer": "",
        "refused": answerable,
        "citations": [],
        "retrieved": [],
        "risk": {},
        "routes": [],
        "timings_ms": {},
        "error": f"{type(exc).__name__}: {exc}",
    }


def _ask_one(ask: Asker, case: Case) -> dict[str, Any]:
    text = case.question if isinstance(case, Question) else case.text
    try:
        return ask(text, list(case.history), case.id)
    except Exception as exc:  # one broken case is reported, it does not stop the run
        log.warning("case %s failed: %s", case.id, type(exc).__name__)
        return _error_answer(case, exc)


def _score(case: Case, answer: dict[str, Any], texts: SourceTexts) -> dict[str, Any]:
    rec = (
        score_question(case, answer, texts)
        if isinstance(case, Question)
        else score_risk(case, answer, texts)
    )
    if answer.get("error"):
        rec["failures"].insert(0, f"error: {answer['error']}")
    return rec


def _baseline_query(case: Question) -> str:
    # The baseline has no follow-up rewriting: it sees the last user turn and the question.
    users = [t["content"] for t in case.history if t["role"] == "user"]
    return f"{users[-1]} {case.question}" if users else case.question


def run_cases(
    cases: Sequence[Case],
    ask: Asker,
    texts: SourceTexts,
    baseline: Any = None,
    progress: bool = True,
    datasets: Sequence[str] = (),
) -> EvalRun:
    """Ask, score and aggregate; `baseline.retrieve(query)` is called per evidence question."""
    from tqdm import tqdm

    started = time.perf_counter()
    records, baseline_ranks = [], []
    for case in tqdm(cases, desc="evaluating", unit="case", disable=not progress, leave=False):
        rec = _score(case, _ask_one(ask, case), texts)
        if (
            baseline is not None
            and isinstance(case, Question)
            and case.evidence
            and not case.unanswerable
        ):
            rank = first_hit_rank(case.evidence, baseline.retrieve(_baseline_query(case)))
            rec["baseline_rank"] = rank
            baseline_ranks.append(rank)
        records.append(rec)
    return EvalRun(
        records=records,
        metrics=m.all_metrics(records, baseline_ranks if baseline is not None else None),
        by_category=m.risk_recall_by_category(records),
        counts=m.counts(records),
        datasets=[str(d) for d in datasets],
        baseline=_baseline_info(baseline),
        seconds=time.perf_counter() - started,
    )


def _baseline_info(baseline: Any) -> dict[str, Any]:
    if baseline is None:
        return {}
    return {
        "chunks": getattr(baseline, "chunks", None),
        "description": "dense only, RecursiveCharacterTextSplitter 1000 characters",
    }
