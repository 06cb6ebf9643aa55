"""Query latency: p50/p95 of `Assistant.ask` beside the time to embed the query alone.

    .venv/bin/python benchmarks/query.py                 # the bundled corpus
    .venv/bin/python benchmarks/query.py --scale 100     # the 100x synthetic corpus
    .venv/bin/python benchmarks/query.py --data-dir D    # reuse an index already built in D

The floor is the embedding model encoding the question alone (what any dense retrieval must
pay). `first pass` is each question asked once in a fresh process: passage sentence vectors
are read from the index for each question's passages (with `--no-span-vectors` the index has
none, so they are embedded on first use, as before they were stored); `warm` is the same
questions asked again in the same process with the question vectors forgotten, so each ask
embeds its question (the steady state of a server).
Goal: warm ask p50 <= 3x the floor on the corpus, first-pass p95 <= 2x warm p95.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def pct(values: list[float], q: float) -> float:
    xs = sorted(values)
    pos = (len(xs) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="1 = the corpus; N = synthetic Nx.")
    parser.add_argument("--data-dir", type=Path, help="Index folder (built there if empty).")
    parser.add_argument("--questions", type=int, default=60, help="Questions from qa.jsonl.")
    parser.add_argument(
        "--no-span-vectors", action="store_true", help="Build the index without sentence vectors."
    )
    args = parser.parse_args()

    from assistant.composition import build_assistant, build_embedder, build_ingester, build_store
    from assistant.settings import Settings

    base = Path(tempfile.mkdtemp(prefix="bench-query-"))
    corpus = ROOT / "corpus"
    if args.scale > 1:
        from benchmarks.synthetic import generate_corpus

        corpus = base / "corpus"
        generate_corpus(corpus, scale=args.scale)
    data = args.data_dir or base / "data"
    settings = Settings(
        paths={"data_dir": data, "corpus_dir": corpus},
        index={"span_vectors": not args.no_span_vectors},
    )
    embedder = build_embedder(settings)
    store = build_store(settings)
    if store.count() == 0:
        t = time.perf_counter()
        build_ingester(settings, embedder=embedder, store=store).ingest([corpus])
        print(f"ingested {store.count()} chunks in {time.perf_counter() - t:.0f} s")
    from assistant.answer.vectors import MemoEmbedder

    memo = MemoEmbedder(embedder, settings.index.memo_texts, settings.index.memo_queries)
    assistant = build_assistant(settings, embedder=memo, store=store)
    lines = (ROOT / "evals" / "datasets" / "qa.jsonl").read_text().splitlines()
    questions = [json.loads(x)["question"] for x in lines][: args.questions]

    embedder.embed_query("warm up the model")
    assistant.ask("warm up the lexical index and the store")
    floor = timed(embedder.embed_query, questions)
    first = timed(assistant.ask, questions)
    memo.forget_queries()  # warm: passages' sentence vectors remembered, the question is not
    warm = timed(assistant.ask, questions)
    memo.forget_queries()
    retrieve = [assistant.ask(q).timings_ms["retrieve"] for q in questions]
    f50 = statistics.median(floor)
    print(f"chunks: {store.count()}  questions: {len(questions)}  scale: {args.scale}x")
    print(f"query embedding (floor): p50 {f50:7.1f} ms  p95 {pct(floor, 0.95):7.1f} ms")
    print(f"ask, first pass:         p50 {pct(first, 0.5):7.1f} ms  p95 {pct(first, 0.95):7.1f} ms")
    print(f"ask, warm:               p50 {pct(warm, 0.5):7.1f} ms  p95 {pct(warm, 0.95):7.1f} ms")
    print(f"  of which retrieval:    p50 {pct(retrieve, 0.5):7.1f} ms")
    print(f"warm p50 / floor p50:    {pct(warm, 0.5) / f50:.1f}x  (goal <= 3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
