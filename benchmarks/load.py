"""Load benchmark for POST /api/ask: N concurrent clients for a duration.

    .venv/bin/python benchmarks/load.py                      # own app, embedded Chroma, 32 clients
    .venv/bin/python benchmarks/load.py --url http://host:7860 --clients 16 --duration 60

Without --url it starts the real app (index built from the corpus if empty) on a free loopback
port with the rate limit turned off, so the numbers measure the assistant, not the limiter.
Prints throughput, latency percentiles and errors; exits 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = (
    "What is a 7 minute briefing?",
    "What is the Prevent duty?",
    "What are the signs of child sexual exploitation?",
    "How do I report concerns about an adult at risk?",
    "What is private fostering?",
    "What does the safeguarding partnership do?",
    "What is neglect?",
    "A child told me her dad hits her, what should I do?",
)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", help="An app already running; default: start one here.")
    p.add_argument("--clients", type=int, default=32, help="Concurrent clients (default 32).")
    p.add_argument("--duration", type=float, default=30.0, help="Seconds of load (default 30).")
    p.add_argument("--data-dir", type=Path, help="Index folder for the own app (default: temp).")
    return p.parse_args()


def start_app(data_dir: Path) -> tuple[str, object]:
    import uvicorn

    from assistant.settings import Settings
    from web.launcher import build_app, go_offline

    go_offline()
    settings = Settings(
        paths={"data_dir": data_dir, "corpus_dir": ROOT / "corpus"},
        web={"rate_limit_per_minute": 0},
    )
    app = build_app(settings, say=lambda m: print(m, file=sys.stderr))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


async def client(http, url: str, stop: float, n: int, latencies: list, errors: list) -> None:
    i = n
    while time.perf_counter() < stop:
        question = QUESTIONS[i % len(QUESTIONS)]
        i += 1
        t0 = time.perf_counter()
        try:
            r = await http.post(f"{url}/api/ask", json={"question": question})
            if r.status_code != 200:
                errors.append(f"HTTP {r.status_code}")
                continue
        except Exception as exc:  # every failure counts, whatever its kind
            errors.append(type(exc).__name__)
            continue
        latencies.append(time.perf_counter() - t0)


async def run_load(url: str, clients: int, duration: float) -> tuple[list, list, float]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        await http.post(f"{url}/api/ask", json={"question": QUESTIONS[0]})  # warm-up
        start = time.perf_counter()
        stop = start + duration
        await asyncio.gather(
            *(client(http, url, stop, n, latencies, errors) for n in range(clients))
        )
        elapsed = time.perf_counter() - start
    return latencies, errors, elapsed


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    args = parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    url = args.url
    if not url:
        data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="load-"))
        url, _server = start_app(data_dir)
    latencies, errors, elapsed = asyncio.run(run_load(url, args.clients, args.duration))
    done = len(latencies)
    print(
        f"clients {args.clients}, duration {elapsed:.1f} s, "
        f"requests ok {done}, errors {len(errors)}"
    )
    print(f"throughput {done / elapsed:.2f} req/s")
    if latencies:
        print(
            f"latency p50 {pct(latencies, 0.50) * 1000:.0f} ms, "
            f"p95 {pct(latencies, 0.95) * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms"
        )
    if errors:
        kinds = {e: errors.count(e) for e in set(errors)}
        print(f"error kinds: {kinds}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
