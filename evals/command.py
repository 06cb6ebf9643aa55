"""`assistant eval` (and `python -m evals`): options, building the assistant, output.

Heavy imports happen inside functions so `assistant --help` stays fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dataset",
        action="append",
        type=Path,
        metavar="PATH",
        help="A JSONL file of questions and/or risk messages (repeatable). "
        "Default: every file in evals/datasets/ and evals/datasets/labelled/ "
        "(the held-out evals/datasets/firsttime/ files only when named here).",
    )
    p.add_argument("--json", action="store_true", help="Print every metric and case as JSON.")
    p.add_argument(
        "--report",
        type=Path,
        metavar="DIR",
        help="Write report.md and report.html (with charts) to DIR.",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="Exit 1 when a metric is outside evals/thresholds.toml, listing each.",
    )
    p.add_argument("--thresholds", type=Path, metavar="TOML", help="Other thresholds file.")
    p.add_argument(
        "--compare",
        type=Path,
        metavar="OLD.json",
        help="Show the change of each metric against an earlier --json run.",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="Evaluate the index already in DIR instead of building a fresh one "
        "from the corpus in a temporary folder.",
    )
    p.add_argument(
        "--corpus-dir",
        type=Path,
        metavar="DIR",
        help="The newsletters (default: the configured corpus folder).",
    )
    p.add_argument(
        "--answers",
        type=Path,
        metavar="JSONL",
        help="Score answers saved with `assistant ask --jsonl` (matched by id) "
        "instead of asking the assistant.",
    )
    p.add_argument(
        "--leave-out",
        action="append",
        metavar="SOURCE",
        help="Hold out this newsletter (a corpus file name; repeatable, or 'each' for every "
        "one): fit without its questions, measure on them alone, report the mean over folds.",
    )
    p.add_argument("--no-baseline", action="store_true", help="Skip the dense-only baseline.")
    p.add_argument("--limit", type=int, metavar="N", help="Only the first N cases (a smoke run).")
    p.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")


def execute(
    args: argparse.Namespace,
    assistant: Any = None,
    embedder: Any = None,
    store: Any = None,
    fit: Any = None,
) -> int:
    """Run the evaluation described by `args`; returns the exit code (1: a check failed).

    `assistant`, `embedder` and `store` may be passed in (tests, embedding in other tools);
    otherwise they are built from Settings by the composition root. `fit(train_cases)` is
    the leave-out hook (default: the assistant's `fit` method, else no refitting).
    """
    from evals.cases import default_datasets, load_cases

    paths = args.dataset or default_datasets()
    cases = load_cases(paths)
    if args.limit:
        cases = cases[: args.limit]
    settings = _settings(args)
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as tmp:
        run = _evaluate(args, settings, cases, paths, Path(tmp), (assistant, embedder, store, fit))
    return _output(args, run)


def _settings(args: argparse.Namespace) -> Any:
    from assistant.settings import load_settings

    settings = load_settings()
    paths = settings.paths.model_copy()
    if args.corpus_dir:
        paths.corpus_dir = args.corpus_dir
    if args.data_dir:
        paths.data_dir = args.data_dir
    return settings.model_copy(update={"paths": paths})


def _evaluate(args, settings, cases, paths, tmp: Path, given):
    from evals.facts import CorpusWords
    from evals.folds import no_fit, run_folds
    from evals.runner import assistant_asker, run_cases, saved_answers
    from evals.scoring import SourceTexts

    assistant, embedder, store, fit = given
    progress = not args.no_progress
    if args.answers:
        ask, texts = saved_answers(args.answers), SourceTexts(settings.paths.corpus_dir)
    else:
        if assistant is None:
            embedder, store, assistant = _build(args, settings, tmp, embedder, store, progress)
        ask = assistant_asker(assistant)
        texts = SourceTexts(
            settings.paths.corpus_dir, fallback=store.source_text if store is not None else None
        )
    docs = _corpus_texts(settings, texts, store)
    baseline = None
    if not args.no_baseline:
        baseline = _baseline(settings, docs, embedder)
    words = CorpusWords(docs.values())

    def run(subset):
        return run_cases(
            subset,
            ask,
            texts,
            baseline=baseline,
            progress=progress,
            datasets=[str(p) for p in paths],
            words=words,
        )

    try:
        if not args.leave_out:
            return run(cases)
        if args.answers and fit is None:
            log.warning("saved answers cannot be refitted: the folds measure them as saved")
        fit = fit or getattr(assistant, "fit", None) or no_fit
        return run_folds(cases, args.leave_out, fit, run)
    finally:
        if baseline is not None:
            baseline.close()


def _build(args, settings, tmp: Path, embedder, store, progress: bool):
    from assistant.composition import build_assistant, build_embedder, build_ingester, build_store
    from evals.cases import DatasetError

    embedder = embedder or build_embedder(settings)
    if args.data_dir is None and store is None:
        paths = settings.paths.model_copy(update={"data_dir": tmp / "data"})
        settings = settings.model_copy(update={"paths": paths})
        store = build_store(settings)
        report = build_ingester(settings, embedder=embedder, store=store).ingest(
            [settings.paths.corpus_dir], progress=_bar("indexing corpus", progress)
        )
        if getattr(report, "failed", None):
            raise DatasetError(f"could not index the corpus: {report.failed}")
    store = store or build_store(settings)
    return embedder, store, build_assistant(settings, embedder=embedder, store=store)


def _bar(desc: str, enabled: bool):
    from tqdm import tqdm

    bar = tqdm(desc=desc, disable=not enabled, leave=False, unit_scale=True)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return progress


def _corpus_texts(settings, texts, store) -> dict[str, str]:
    sources = _corpus_sources(settings.paths.corpus_dir, store)
    return {s: t for s in sources if (t := texts.get(s))}


def _baseline(settings, docs: dict[str, str], embedder):
    from assistant.composition import build_embedder
    from evals.baseline import DenseBaseline

    if not docs:
        log.warning("no documents for the baseline; skipping it")
        return None
    return DenseBaseline(embedder or build_embedder(settings), docs).build()


def _corpus_sources(corpus_dir: Path, store: Any) -> list[str]:
    if store is not None:
        try:
            return [d.doc.source for d in store.documents()]
        except Exception:  # an older index without a manifest: fall back to the folder
            log.warning("could not list indexed documents; using the corpus folder")
    folder = Path(corpus_dir)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix != ".toml")


def _output(args: argparse.Namespace, run: Any) -> int:
    from evals.check import check, compare, failed, load_run, load_thresholds
    from evals.report import fmt, summary_text, write_report

    verdicts = check(run.metrics, load_thresholds(args.thresholds))
    deltas = compare(run.metrics, load_run(args.compare)) if args.compare else None
    if args.report:
        written = write_report(run, verdicts, args.report)
        print(f"report: {written['html']} and {written['markdown']}", file=sys.stderr)
    if args.json:
        out = run.to_dict()
        out["check"] = [v.to_dict() for v in verdicts]
        if deltas is not None:
            out["compare"] = deltas
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(summary_text(run, verdicts))
        if deltas is not None:
            print("\nChange against", args.compare)
            for d in deltas:
                sign = "" if d["delta"] is None else f"{d['delta']:+.4f}"
                print(f"  {d['metric']:<28} {fmt(d['old']):>9} -> {fmt(d['new']):>9}  {sign}")
    bad = failed(verdicts)
    if args.check:
        stream = sys.stderr if args.json else sys.stdout
        for v in bad:
            print(f"CHECK FAILED: {v.metric} = {fmt(v.value)} (needs {v.bound})", file=stream)
        for v in verdicts:
            if v.passed is None:
                print(f"check skipped: {v.metric} (nothing to measure it on)", file=stream)
        if not bad:
            print("check passed", file=stream)
    return 1 if args.check and bad else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m evals`."""
    from assistant.errors import AssistantError
    from evals.cases import DatasetError

    parser = argparse.ArgumentParser(prog="python -m evals", description=DESCRIPTION)
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return execute(args)
    except DatasetError as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 3


DESCRIPTION = (
    "Evaluate the assistant on question sets and risk messages: retrieval hit@k and MRR "
    "against a dense baseline, citation validity and recall, answer support, key facts in "
    "answers, refusals, follow-ups, risk routes, latency; optionally one newsletter held "
    "out at a time."
)
