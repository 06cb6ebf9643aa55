"""Fit the answerer's span ranker and answerability model: `python -m assistant.answer.fit`.

Reads the labelled questions in evals/datasets/*.jsonl and evals/datasets/labelled/*.jsonl
(never evals/datasets/firsttime/), asks the configured index for each (a follow-up as its
standalone form), cuts the passages into candidate units and computes their features. The
span ranker learns which units state every key fact; the answerability model learns, from the
ranker's out-of-fold scores and the question's slots, which questions the newsletters answer
(answerable rows against unanswerable ones and near-misses made by swapping a slot of an
answerable question: another area, another audience). Its operating point is chosen by
cross-validation and folded into the model, so 0.5 is the threshold.

Prints leave-one-newsletter-out figures: each newsletter's questions answered by models fitted
without them. Options: --datasets DIR, --out FILE, --no-save.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.facts import share_stated
from assistant.answer.features import Scored, question_row
from assistant.answer.labelled import LabelledCase, Prepared, read_cases, swapped_cases
from assistant.answer.model import AnswerModel, ModelSource
from assistant.learned import Ranker, Softmax, fit_ranker, fit_softmax
from assistant.questions import focus
from assistant.settings import AnswerTuning
from assistant.types import Turn

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]


def prepare(cases: Sequence[LabelledCase], retriever, answerer, follow_up) -> list[Prepared]:
    out = []
    for n, case in enumerate(cases, 1):
        if n % 200 == 0:
            print(f"  {n}/{len(cases)} questions read", file=sys.stderr, flush=True)
        turns = [Turn("user", h) for h in case.history]
        asked = focus(case.question)
        query = follow_up(asked, turns) if turns else asked
        passages = retriever.retrieve(query)
        cands = answerer.candidates(query, passages)
        labels = np.array(
            [share_stated(u.text, list(case.key_facts)) for u in cands.units], np.float32
        )
        out.append(Prepared(case, cands, passages, labels))
    return out


def fit_span_ranker(items: Sequence[Prepared], c: float) -> Ranker:
    """The conditional logit over each answerable question's units: units stating every key
    fact are its positives (when none does, those stating the most)."""
    groups = []
    for it in items:
        if it.case.unanswerable or it.cands.rows is None or not len(it.labels):
            continue
        best = it.labels.max()
        if best > 0:
            groups.append((it.cands.rows, it.labels >= (1.0 if best >= 1.0 else best)))
    return fit_ranker(groups, c)


def question_rows(items: Sequence[Prepared], ranker: Ranker) -> np.ndarray:
    out = []
    for it in items:
        ranked = _ranked(it, ranker)
        out.append(
            question_row(it.cands.frame, ranked, it.cands.unknown_share, it.cands.absent)
        )
    return np.vstack(out)


def _ranked(it: Prepared, ranker: Ranker) -> list[Scored]:
    if it.cands.rows is None:
        return []
    probs = ranker.shares(it.cands.rows)
    ranked = [Scored(u, r, float(p)) for u, r, p in zip(it.cands.units, it.cands.rows, probs,
                                                        strict=True)]
    ranked.sort(key=lambda s: (-s.probability, s.unit.rank, s.unit.sentences[0].index))
    return ranked


def operating_point(p: np.ndarray, answerable: np.ndarray) -> float:
    """The threshold with the best balanced accuracy (answered share of answerable plus
    refused share of unanswerable)."""
    best_t, best = 0.5, -1.0
    for t in np.arange(0.05, 0.96, 0.01):
        score = (p[answerable] >= t).mean() + (p[~answerable] < t).mean()
        if score > best:
            best_t, best = float(t), score
    return best_t


def shifted(model: Softmax, threshold: float) -> Softmax:
    """The same model with its "yes" logit moved so that `threshold` becomes 0.5."""
    logit = float(np.log(threshold / (1 - threshold)))
    yes = model.classes.index("yes")
    bias = model.bias.copy()
    bias[yes] -= logit / 2
    bias[1 - yes] += logit / 2
    return Softmax(model.weights, bias, model.classes)


def fit_answerable(items: Sequence[Prepared], oof_rows: np.ndarray, c: float) -> Softmax:
    y = np.array(["no" if it.case.unanswerable else "yes" for it in items])
    raw = fit_softmax(oof_rows, y, c)
    p = raw.probability(oof_rows, "yes")
    return shifted(raw, operating_point(p, y == "yes"))


def folds_of(items: Sequence[Prepared]) -> list[str]:
    """Each case's fold: its newsletter; an unanswerable row has none, so it joins one by a
    stable hash of its id."""
    sources = sorted({it.case.source for it in items if it.case.source})
    out = []
    for it in items:
        if it.case.source:
            out.append(it.case.source)
        else:
            h = int(hashlib.sha256(it.case.id.encode()).hexdigest(), 16)
            out.append(sources[h % len(sources)])
    return out


def leave_one_out(items: Sequence[Prepared], tuning: AnswerTuning) -> tuple[np.ndarray, dict]:
    """Out-of-fold question rows (for the final answerability model) and per-newsletter
    figures from models fitted without that newsletter's questions."""
    folds = np.array(folds_of(items))
    rows_by_fold: dict[str, np.ndarray] = {}
    for f in sorted(set(folds)):
        train = [it for it, g in zip(items, folds, strict=True) if g != f]
        held = [it for it, g in zip(items, folds, strict=True) if g == f]
        rows_by_fold[f] = question_rows(held, fit_span_ranker(train, tuning.fit_c))
    width = next(iter(rows_by_fold.values())).shape[1]
    oof = np.zeros((len(items), width), np.float32)
    for f, rows in rows_by_fold.items():
        oof[folds == f] = rows
    figures = {}
    for f in sorted(set(folds)):
        held = folds == f
        train_items = [it for it, h in zip(items, held, strict=True) if not h]
        model = AnswerModel(
            fit_span_ranker(train_items, tuning.fit_c),
            fit_answerable(train_items, oof[~held], tuning.fit_c),
        )
        figures[f] = score_fold([it for it, h in zip(items, held, strict=True) if h], model,
                                tuning)
    return oof, figures


def score_fold(items: Sequence[Prepared], model: AnswerModel, tuning: AnswerTuning) -> dict:
    answerer = ExtractiveAnswerer(None, ModelSource(model=model), tuning, None)  # type: ignore
    n_ans = n_unans = answered = refused = facts = 0
    for it in items:
        draft = answerer.decide(it.case.question, it.cands, it.passages)
        if it.case.unanswerable:
            n_unans += 1
            refused += draft.refused
        else:
            n_ans += 1
            answered += not draft.refused
            facts += (not draft.refused) and share_stated(draft.text, list(it.case.key_facts)) >= 1
    return {
        "answerable": n_ans, "unanswerable": n_unans,
        "answered": answered / n_ans if n_ans else float("nan"),
        "refused": refused / n_unans if n_unans else float("nan"),
        "key_facts_all": facts / n_ans if n_ans else float("nan"),
    }


def _prepared(path: Path | None, cases, retriever, answerer, follow_up) -> list[Prepared]:
    import pickle

    if path is not None and path.is_file():
        with path.open("rb") as f:
            return pickle.load(f)  # noqa: S301 - a file this command wrote itself
    items = prepare(cases, retriever, answerer, follow_up)
    if path is not None:
        with path.open("wb") as f:
            pickle.dump(items, f)
    return items


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.answer.fit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=Path, default=ROOT / "evals" / "datasets")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("answer_model.npz"))
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--prepared", type=Path, default=None,
                        help="keep the read questions in this file and reuse them (pickle; "
                        "for repeated fitting while developing, never shipped)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from assistant.answer.vectors import MemoEmbedder
    from assistant.composition import (
        build_answerers,
        build_embedder,
        build_retriever,
        build_store,
    )
    from assistant.retrieval.followup import FollowUpRewriter
    from assistant.settings import load_settings
    from assistant.text import TokenCounter

    settings = load_settings()
    store = build_store(settings)
    if not store.count():
        print("the index is empty: run `assistant ingest` first", file=sys.stderr)
        return 3
    embedder = MemoEmbedder(build_embedder(settings), settings.index.memo_texts,
                            settings.index.memo_queries)
    retriever = build_retriever(settings, embedder, store)
    answerer, _ = build_answerers(settings, embedder, TokenCounter(), retriever.lexical)
    cases, sha = read_cases(args.datasets)
    cases += swapped_cases(cases)
    follow_up = FollowUpRewriter(settings.retrieval.follow_up)
    items = _prepared(args.prepared, cases, retriever, answerer, follow_up)
    oof, figures = leave_one_out(items, settings.answer)
    print(f"labelled questions: {sum(not c.unanswerable for c in cases)} answerable, "
          f"{sum(c.unanswerable for c in cases)} unanswerable (near-misses made by swapping "
          f"slots included); LEAVE-ONE-NEWSLETTER-OUT:")
    for f, m in figures.items():
        print(f"  {f}: {m}")
    model = AnswerModel(fit_span_ranker(items, settings.answer.fit_c),
                        fit_answerable(items, oof, settings.answer.fit_c), sha)
    if not args.no_save:
        model.save(args.out)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
