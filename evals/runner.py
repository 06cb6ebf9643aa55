"""Running an evaluation: ask every case, score every answer, aggregate the metrics.

The runner only needs a way to get an answer dict (the `Answer.to_dict()` shape) for a
case: in-process from an Assistant (`assistant_asker`), or from answers saved with
`assistant ask --jsonl` (`saved_answers`). The dense baseline, when given, is queried with
the same questions for the retrieval metrics.

A conversation whose history holds user turns only is played out: each user turn is asked
in order (as id ``<id>#1``, ``<id>#2``...), its actual answer text becomes the assistant
turn after it, and then the follow-up is asked with that history and scored like any
question. A history that already holds assistant turns is used as written.
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
from evals.facts import CorpusWords
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
    sizes: dict[str, int] = field(default_factory=dict)
    folds: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "counts": self.counts,
            "datasets": self.datasets,
            "metrics": self.metrics,
            "sizes": self.sizes,
            "risk_recall_by_category": self.by_category,
            "baseline": self.baseline,
            "seconds": round(self.seconds, 2),
            "records": failures_first(self.records),
        }
        if self.folds:
            out["folds"] = self.folds
        return out


def failures_first(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: (not r["failures"], r["kind"], r["id"]))


def assistant_asker(assistant: Any) -> Asker:
    """Answers from an in-process Assistant, as dicts."""
    from assistant.types import Turn

    def ask(text: str, history: Sequence[Mapping[str, str]], case_id: str) -> dict[str, Any]:
        turns = [Turn(t["role"], t["content"]) for t in history]
        return assistant.ask(text, turns, id=case_id).to_dict()

    return ask


class NoSavedAnswer(DatasetError):
    """No saved answer has the id asked for."""


def saved_answers(path: Path) -> Asker:
    """Answers read from a JSON Lines file of `Answer.to_dict()` objects, matched by id.
    The first turns of a conversation are looked up as ``<id>#1``...; when they are absent
    the follow-up is scored on its own saved answer."""
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
            raise NoSavedAnswer(f"no saved answer with id {case_id!r}")
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


def _ask_one(ask: Asker, case: Case, history: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    text = case.question if isinstance(case, Question) else case.text
    try:
        return ask(text, list(history), case.id)
    except Exception as exc:  # one broken case is reported, it does not stop the run
        log.warning("case %s failed: %s", case.id, type(exc).__name__)
        return _error_answer(case, exc)


def play_history(ask: Asker, case: Question) -> tuple[list[dict[str, str]], list[dict]]:
    """Ask a conversation's user turns in order; the history with the actual answers, and
    one note per earlier turn (refused, answer text, error)."""
    history: list[dict[str, str]] = []
    notes: list[dict[str, Any]] = []
    for n, turn in enumerate(case.history, 1):
        history.append(dict(turn))
        try:
            reply = ask(turn["content"], list(history[:-1]), f"{case.id}#{n}")
        except NoSavedAnswer:
            notes.append({"turn": n, "refused": None, "answer": None, "error": None})
            continue
        except Exception as exc:  # the follow-up is still asked, with the user turn alone
            log.warning("case %s turn %d failed: %s", case.id, n, type(exc).__name__)
            notes.append({"turn": n, "refused": None, "answer": None, "error": repr(exc)})
            continue
        text = str(reply.get("answer") or "")
        history.append({"role": "assistant", "content": text})
        notes.append({"turn": n, "refused": bool(reply.get("refused")), "answer": text[:300]})
    return history, notes


def ask_case(ask: Asker, case: Case) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The answer to a case (after playing out a user-only history) and the earlier turns."""
    if isinstance(case, Question) and case.live_history:
        history, notes = play_history(ask, case)
        return _ask_one(ask, case, history), notes
    return _ask_one(ask, case, case.history), []


def _score(
    case: Case, answer: dict[str, Any], texts: SourceTexts, words: CorpusWords | None
) -> dict[str, Any]:
    rec = (
        score_question(case, answer, texts, words)
        if isinstance(case, Question)
        else score_risk(case, answer, texts)
    )
    if answer.get("error"):
        rec["failures"].insert(0, f"error: {answer['error']}")
    return rec


def _note_turns(rec: dict[str, Any], notes: list[dict[str, Any]]) -> None:
    if not notes:
        return
    rec["earlier_turns"] = notes
    first = notes[0]
    said = (
        "no answer" if first["refused"] is None else "refused" if first["refused"] else "answered"
    )
    rec["got"] = f"(first turn {said}) {rec['got']}"
    rec["failures"].extend(f"turn {n['turn']} error: {n['error']}" for n in notes if n.get("error"))


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
    words: CorpusWords | None = None,
) -> EvalRun:
    """Ask, score and aggregate; `baseline.retrieve(query)` is called per evidence question.
    `words` (the newsletters' vocabulary) lets refusals be checked for naming the gap."""
    from tqdm import tqdm

    started = time.perf_counter()
    records, baseline_ranks = [], []
    for case in tqdm(cases, desc="evaluating", unit="case", disable=not progress, leave=False):
        answer, notes = ask_case(ask, case)
        rec = _score(case, answer, texts, words)
        _note_turns(rec, notes)
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
        sizes=m.sizes(records),
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
