"""Ingest throughput and scale.

1. The whole pipeline on the bundled corpus with the real model (chunks/second), beside the
   pure embedding throughput of the same texts measured in the same run (the floor: the
   chunk texts and, with sentence vectors, every passage sentence), and pipeline/floor as a
   percentage. Goal: >= 80%. `--no-span-vectors` measures passages only.
2. A scale run over synthetic corpora (benchmarks/synthetic.py) at 1x, 10x, 100x the
   newsletters: time, chunks/second, peak memory, and the time of an unchanged re-run. Each
   scale runs in its own process so its peak memory is its own.

    .venv/bin/python benchmarks/ingest.py                      # both parts
    .venv/bin/python benchmarks/ingest.py --scale 1,10 --scale-embedder real
    .venv/bin/python benchmarks/ingest.py --skip-floor --scale 100
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss survives exec, so it can
    report a parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_embedder(kind: str):
    if kind == "hashing":
        from tests.fakes import HashingEmbedder

        return HashingEmbedder()
    from assistant.composition import build_embedder
    from assistant.settings import load_settings

    embedder = build_embedder(load_settings())
    embedder.embed_documents(["warm up the model before timing"])
    return embedder


SPAN_VECTORS = True  # --no-span-vectors: passages only, as before sentence vectors were stored


def make_ingester(embedder, data_dir: Path, corpus: Path):
    from assistant.ingest.pipeline import Ingester
    from assistant.retrieval.store import open_store
    from assistant.settings import Settings
    from assistant.text import TokenCounter

    index = Settings().index
    return Ingester(
        embedder=embedder,
        store=open_store(data_dir),
        tokens=TokenCounter(),
        metadata_file=corpus / "metadata.toml",
        chunk_tokens=index.chunk_tokens,
        overlap_tokens=index.chunk_overlap_tokens,
        max_file_bytes=int(index.max_file_mb * 1024 * 1024),
        span_vectors=SPAN_VECTORS and index.span_vectors,
    )


def embedded_texts(chunks) -> list[str]:
    """What the pipeline embeds: each document's passages, then (with sentence vectors) its
    passage sentences, each text once per document."""
    from assistant.retrieval.span_store import span_texts

    out: list[str] = []
    for source in sorted({c.doc.source for c in chunks}):
        own = [c for c in chunks if c.doc.source == source]
        texts = [c.text for c in own]
        if SPAN_VECTORS:
            texts += [t.text for c in own for t in span_texts(c)]
        out.extend(dict.fromkeys(texts))
    return out


def pipeline_vs_floor(rounds: int = 3, embed_batch: int | None = None) -> dict:
    """Real model: the whole pipeline on the corpus, then the same texts embedded alone.

    Alternated `rounds` times; the best time of each is kept (the machine is shared, so
    single runs are noisy).
    """
    embedder = make_embedder("real")
    corpus = ROOT / "corpus"
    pipeline_times, floor_times, pipeline_cpu, floor_cpu = [], [], [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            ingester = make_ingester(embedder, Path(tmp) / "data", corpus)
            if embed_batch:
                ingester.embed_batch = embed_batch
            started, cpu = time.perf_counter(), time.process_time()
            report = ingester.ingest([corpus])
            pipeline_times.append(time.perf_counter() - started)
            pipeline_cpu.append(time.process_time() - cpu)
            texts = embedded_texts(ingester.store.all_chunks())
        started, cpu = time.perf_counter(), time.process_time()
        embedder.embed_documents(texts)
        floor_times.append(time.perf_counter() - started)
        floor_cpu.append(time.process_time() - cpu)
    pipeline_s, floor_s = min(pipeline_times), min(floor_times)
    pipeline_rate, floor_rate = report.chunks / pipeline_s, report.chunks / floor_s
    return {
        "chunks": report.chunks,
        "texts_embedded": len(texts),
        "sentence_vectors": SPAN_VECTORS,
        "rounds": rounds,
        "embed_batch": embed_batch or ingester.embed_batch,
        "pipeline_seconds": round(pipeline_s, 2),
        "pipeline_chunks_per_s": round(pipeline_rate, 1),
        "floor_seconds": round(floor_s, 2),
        "floor_chunks_per_s": round(floor_rate, 1),
        "pipeline_over_floor_pct": round(100 * pipeline_rate / floor_rate, 1),
        "pipeline_cpu_seconds": round(min(pipeline_cpu), 2),
        "floor_cpu_seconds": round(min(floor_cpu), 2),
        "pipeline_over_floor_cpu_pct": round(100 * min(floor_cpu) / min(pipeline_cpu), 1),
        "all_pipeline_seconds": [round(t, 2) for t in pipeline_times],
        "all_floor_seconds": [round(t, 2) for t in floor_times],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def one_scale(scale: int, embedder_kind: str) -> dict:
    """Runs in a child process: generate, ingest, re-ingest unchanged; report time and memory."""
    from benchmarks.synthetic import generate_corpus

    embedder = make_embedder(embedder_kind)
    base_rss = peak_rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        files = generate_corpus(corpus, scale=scale)
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        ingester = make_ingester(embedder, Path(tmp) / "data", corpus)
        started = time.perf_counter()
        report = ingester.ingest([corpus])
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = ingester.ingest([corpus])
        rerun = time.perf_counter() - started
    assert not report.failed and again.unchanged == len(files), (report.failed, again)
    return {
        "scale": scale,
        "embedder": embedder_kind,
        "files": len(files),
        "megabytes": round(megabytes, 2),
        "chunks": report.chunks,
        "seconds": round(seconds, 2),
        "chunks_per_s": round(report.chunks / seconds, 1),
        "unchanged_rerun_seconds": round(rerun, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_before_ingest_mb": round(base_rss, 1),
    }


def scale_runs(scales: list[int], embedder_kind: str) -> list[dict]:
    rows = []
    for scale in scales:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(scale), "--scale-embedder", embedder_kind]
            + ([] if SPAN_VECTORS else ["--no-span-vectors"]),
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"  scale {scale}x done", file=sys.stderr)
    return rows


def print_table(floor: dict | None, rows: list[dict]) -> None:
    if floor:
        print("Pipeline vs pure embedding (bundled corpus, real model, same run)")
        print(
            f"  chunks                 {floor['chunks']} ({floor['texts_embedded']} texts "
            f"embedded; sentence vectors {'on' if floor['sentence_vectors'] else 'off'})"
        )
        print(
            f"  pipeline               {floor['pipeline_chunks_per_s']:.1f} chunks/s "
            f"({floor['pipeline_seconds']:.1f} s)"
        )
        print(
            f"  embedding alone        {floor['floor_chunks_per_s']:.1f} chunks/s "
            f"({floor['floor_seconds']:.1f} s)"
        )
        print(f"  pipeline / floor       {floor['pipeline_over_floor_pct']:.1f} %  (goal >= 80 %)")
        print(
            f"  by CPU time            pipeline {floor['pipeline_cpu_seconds']:.1f} s, floor "
            f"{floor['floor_cpu_seconds']:.1f} s: {floor['pipeline_over_floor_cpu_pct']:.1f} %"
        )
        print(
            f"  best of {floor['rounds']} rounds       pipeline {floor['all_pipeline_seconds']} s, "
            f"floor {floor['all_floor_seconds']} s (embed batch {floor['embed_batch']})"
        )
        print(f"  peak RSS               {floor['peak_rss_mb']:.0f} MB")
    if rows:
        print(f"\nScale (synthetic corpus, {rows[0]['embedder']} embedder, one process each)")
        print("  scale  files     MB  chunks  seconds  chunks/s  rerun s  peak MB")
        for r in rows:
            print(
                f"  {r['scale']:>4}x {r['files']:>6} {r['megabytes']:>6.1f} {r['chunks']:>7} "
                f"{r['seconds']:>8.1f} {r['chunks_per_s']:>9.1f} "
                f"{r['unchanged_rerun_seconds']:>8.2f} {r['peak_rss_mb']:>8.0f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="1,10,100", help="Comma-separated scales ('' for none).")
    parser.add_argument(
        "--scale-embedder",
        choices=("hashing", "real"),
        default="hashing",
        help="Embedder for the scale runs (hashing isolates the pipeline).",
    )
    parser.add_argument("--skip-floor", action="store_true", help="Skip the real-model part.")
    parser.add_argument("--rounds", type=int, default=3, help="Pipeline/floor repetitions.")
    parser.add_argument("--embed-batch", type=int, help="Passages per embedding call.")
    parser.add_argument("--json", action="store_true", help="Print JSON only.")
    parser.add_argument(
        "--no-span-vectors", action="store_true", help="Embed passages only (no sentences)."
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    global SPAN_VECTORS
    SPAN_VECTORS = not args.no_span_vectors
    if args.one:
        print(json.dumps(one_scale(args.one, args.scale_embedder)))
        return
    floor = None if args.skip_floor else pipeline_vs_floor(args.rounds, args.embed_batch)
    scales = [int(s) for s in args.scale.split(",") if s.strip()]
    rows = scale_runs(scales, args.scale_embedder)
    if args.json:
        print(json.dumps({"pipeline_vs_floor": floor, "scale": rows}, indent=2))
    else:
        print_table(floor, rows)


if __name__ == "__main__":
    main()
