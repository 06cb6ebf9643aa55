"""Leave one newsletter out: measure on a newsletter's questions what was fitted without them.

`assistant eval --leave-out SOURCE` (repeatable, or ``--leave-out each``) runs one fold per
named newsletter. For each fold:

1. the *training cases* are every loaded case that does not belong to the held-out
   newsletter (risk messages included; cases from the held-out ``datasets/firsttime/``
   files never, whatever is loaded);
2. the fit hook is called with them: ``fit(train_cases)``. Anything the answerer learns
   from questions (a refusal threshold, a reranker) is refitted there, so the held-out
   newsletter's questions play no part in it. The hook is the Assistant's ``fit`` method
   when it has one; otherwise `no_fit`, and the folds measure the shipped fit;
3. the held-out newsletter's questions are asked and scored as in a normal run (risk
   messages are not: they belong to no newsletter).

The run's metrics are the mean over folds of each metric (folds where a metric could not be
measured are left out of its mean); each fold's own metrics and counts are in ``folds``.

A question belongs to the newsletter named in its ``source``; an unanswerable question to
the first newsletter file named in its ``nearest`` line, or to none (it is then in every
fold's training cases and in no fold's test). Risk messages belong to no newsletter.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from evals import metrics as m
from evals.cases import Case, DatasetError, Question, is_held_out
from evals.runner import EvalRun

log = logging.getLogger(__name__)

EACH = "each"
Fit = Callable[[Sequence[Case]], Any]
_FILE = re.compile(r"[\w.-]+\.(?:txt|md|markdown|pdf|docx|html?)\b", re.IGNORECASE)


def no_fit(train_cases: Sequence[Case]) -> None:
    """The hook when nothing is learned from questions: the shipped fit is measured."""
    log.info("leave-out fold: nothing to refit (%d training cases)", len(train_cases))


def newsletter_of(case: Case) -> str | None:
    """The newsletter file a case's question is about, or None."""
    if not isinstance(case, Question):
        return None
    if case.source:
        return case.source
    named = _FILE.search(case.nearest or "")
    return named.group(0) if named else None


def fold_names(cases: Sequence[Case], wanted: Sequence[str]) -> list[str]:
    """The newsletters to hold out: every one with questions for ``each``, else those named
    (each must have questions among the loaded cases)."""
    known = sorted({n for c in cases if (n := newsletter_of(c))})
    if EACH in wanted:
        return known
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise DatasetError(
            f"no questions belong to {', '.join(unknown)}; newsletters with questions: "
            + ", ".join(known)
        )
    return list(dict.fromkeys(wanted))


def split(cases: Sequence[Case], held_out: str) -> tuple[list[Case], list[Case]]:
    """(training cases, test cases) of one fold."""
    test = [c for c in cases if newsletter_of(c) == held_out]
    train = [c for c in cases if newsletter_of(c) != held_out and not is_held_out(c)]
    return train, test


def fit_without(held_out: str, cases: Sequence[Case], fit: Fit) -> list[Case]:
    """The fold hook: fit on every case but the held-out newsletter's; its test cases."""
    train, test = split(cases, held_out)
    log.info("leave-out %s: fitting on %d cases, testing %d", held_out, len(train), len(test))
    fit(train)
    return test


def mean_metrics(per_fold: Sequence[dict[str, float | None]]) -> dict[str, float | None]:
    """Each metric's mean over the folds that measured it (None when none did)."""
    out: dict[str, float | None] = {}
    for name in dict.fromkeys(k for fold in per_fold for k in fold):
        values = [v for fold in per_fold if (v := fold.get(name)) is not None]
        out[name] = round(sum(values) / len(values), 4) if values else None
    return out


def run_folds(
    cases: Sequence[Case],
    held_out: Sequence[str],
    fit: Fit,
    run: Callable[[Sequence[Case]], EvalRun],
) -> EvalRun:
    """One fold per held-out newsletter: `fit_without` it, then `run(test_cases)`. The
    result holds every fold's records, each fold's metrics, and the mean metrics."""
    started = time.perf_counter()
    runs = {name: run(fit_without(name, cases, fit)) for name in fold_names(cases, held_out)}
    if not runs:
        raise DatasetError("no newsletter has questions to hold out")
    records = [r for fold in runs.values() for r in fold.records]
    return EvalRun(
        records=records,
        metrics=mean_metrics([fold.metrics for fold in runs.values()]),
        by_category={},
        counts=m.counts(records),
        sizes=m.sizes(records),
        datasets=next(iter(runs.values())).datasets,
        baseline=next(iter(runs.values())).baseline,
        folds={name: {"counts": f.counts, "metrics": f.metrics} for name, f in runs.items()},
        seconds=time.perf_counter() - started,
    )
