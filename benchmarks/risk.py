"""Risk detection speed and quality over the labelled sets.

    .venv/bin/python benchmarks/risk.py [evals/datasets/risk.jsonl] [--repeat 5]

Prints detection time per message (p50/p95/max, after a warm-up), recall on must-show cases,
the 999-first rate on immediate cases and false alarms on noise cases.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from assistant.safety.detector import RiskDetector
    from assistant.safety.routes import RouteSelector, load_routes
    from assistant.safety.scoring import read_rows, score

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "datasets",
        nargs="*",
        default=[str(ROOT / "evals/datasets/risk.jsonl"), str(ROOT / "tests/safety/heldout.jsonl")],
    )
    parser.add_argument("--repeat", type=int, default=5, help="Timing passes over each set.")
    args = parser.parse_args()

    t0 = time.perf_counter()
    detector = RiskDetector()
    detector.warm_up()
    print(f"load (lexicon + word list): {(time.perf_counter() - t0) * 1000:.0f} ms")
    selector = RouteSelector(routes=load_routes(None))
    for path in args.datasets:
        if not Path(path).exists():
            continue
        rows = read_rows(path)
        result = score(detector, selector, rows)
        times = []
        for _ in range(args.repeat):
            times += score(detector, selector, rows).times_ms
        result.times_ms = times
        print(
            f"\n{Path(path).name}: {len(rows)} messages "
            f"({result.must_show} must show routes, {result.immediate} immediate, "
            f"{result.noise} noise)"
        )
        print(
            f"  detection ms: p50 {result.percentile(0.5):.3f}  p95 {result.percentile(0.95):.3f}  "
            f"max {max(times):.3f}  (n={len(times)})"
        )
        print(
            f"  recall (routes shown when they must be): {result.recall:.3f} "
            f"({result.shown}/{result.must_show}) misses: {result.misses or 'none'}"
        )
        print(
            f"  999 first when immediate: {result.emergency_first_rate:.3f} "
            f"({result.emergency_first}/{result.immediate}) {result.not_first or ''}"
        )
        print(
            f"  false alarms on noise: {result.noise_rate:.3f} "
            f"({result.noise_fired}/{result.noise}) {result.false_alarms or ''}"
        )
        print(
            f"  expected category among those detected: {result.category_hits}/{result.must_show}"
        )
        print(f"  area named and found: {result.area_hits}/{result.area_cases}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
