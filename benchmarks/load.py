"""Load benchmark for POST /api/ask: N concurrent clients for a duration.

    .venv/bin/python benchmarks/load.py                      # own app, embedded Chroma, 32 clients
    .venv/bin/python benchmarks/load.py --chroma-server      # own app on its own `chroma run`
    .venv/bin/python benchmarks/load.py --workers 2          # own uvicorn with 2 worker processes
    .venv/bin/python benchmarks/load.py --url http://host:7860 --clients 16 --duration 60

Without --url it starts the real app (index built from the corpus if empty) on a free loopback
port with the rate limit turned off, so the numbers measure the assistant, not the limiter.
`--chroma-server` first starts `chroma run` on a free loopback port (persisting under the data
dir, a temp dir by default) and ingests the corpus into it. `--workers N` runs the app as
`uvicorn --factory web.launcher:app_from_settings --workers N` in a child process, after
building the index here. Everything started is stopped at the end.
Prints throughput, latency percentiles and errors; exits 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
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
    p.add_argument(
        "--chroma-server",
        action="store_true",
        help="Serve the index from an own `chroma run` on a free port (default: embedded).",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=0,
        help="Run the own app under uvicorn with this many worker processes "
        "(default 0: one in-process server thread).",
    )
    args = p.parse_args()
    if args.url and (args.chroma_server or args.workers or args.data_dir):
        p.error("--url measures an app already running: no --chroma-server, --workers, --data-dir")
    if args.workers < 0 or args.clients < 1:
        p.error("--workers must be 0 or more and --clients at least 1")
    return args


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_settings(data_dir: Path, chroma_url: str | None):
    from assistant.settings import Settings

    return Settings(
        paths={"data_dir": data_dir, "corpus_dir": ROOT / "corpus"},
        index={"chroma_url": chroma_url},
        web={"rate_limit_per_minute": 0},
    )


def start_app(settings) -> tuple[str, object]:
    """The app in a uvicorn thread of this process (index built from the corpus if empty)."""
    import uvicorn

    from web.launcher import build_app

    app = build_app(settings, say=lambda m: print(m, file=sys.stderr))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def start_workers(settings, workers: int, stack: contextlib.ExitStack) -> str:
    """`uvicorn --factory web.launcher:app_from_settings --workers N` in a child process, after
    the index is built here (the factory expects it to exist)."""
    from assistant.composition import build_embedder, build_store
    from web.launcher import ensure_index

    ensure_index(
        settings,
        build_store(settings),
        build_embedder(settings),
        lambda m: print(m, file=sys.stderr),
    )
    port = free_port()
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        ASSISTANT_DATA_DIR=str(settings.paths.data_dir),
        ASSISTANT_CORPUS_DIR=str(settings.paths.corpus_dir),
        ASSISTANT_WEB__RATE_LIMIT_PER_MINUTE="0",
    )
    if settings.index.chroma_url:
        env["ASSISTANT_CHROMA_URL"] = settings.index.chroma_url
    cmd = [
        sys.executable, "-m", "uvicorn", "--factory", "web.launcher:app_from_settings",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning",
    ]  # fmt: skip
    log_file = settings.paths.data_dir / "uvicorn.log"  # the workers log every request
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as log:
        child = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
    stack.callback(stop_child, child)
    url = f"http://127.0.0.1:{port}"
    wait_ready(url, child, log_file)
    print(f"uvicorn with {workers} workers at {url}", file=sys.stderr)
    return url


def stop_child(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)  # uvicorn stops its workers
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=30)


def wait_ready(url: str, child: subprocess.Popen, log_file: Path, timeout: float = 300.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            tail = "\n".join(log_file.read_text(errors="replace").splitlines()[-20:])
            raise SystemExit(f"uvicorn exited with {child.returncode} before it was ready:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"the app at {url} was not ready in {timeout:.0f} s")


def start_own(args: argparse.Namespace, stack: contextlib.ExitStack) -> tuple[str, str]:
    """Starts what the arguments ask for; returns (url, a description of the mode)."""
    from web.launcher import go_offline

    go_offline()
    if args.data_dir:
        data_dir = args.data_dir
    else:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="load-")))
    chroma_url = None
    if args.chroma_server:
        from tests.chroma_server import ChromaServer

        server = ChromaServer(data_dir / "chroma-server", log_file=data_dir / "chroma-run.log")
        server.start()
        stack.callback(server.stop)
        chroma_url = server.url
        print(f"chroma run at {chroma_url}, data in {server.path}", file=sys.stderr)
    settings = app_settings(data_dir, chroma_url)
    index = f"Chroma server {chroma_url}" if chroma_url else "embedded Chroma"
    if args.workers:
        return start_workers(settings, args.workers, stack), f"{index}, {args.workers} workers"
    url, _server = start_app(settings)
    return url, f"{index}, one in-process server"


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


async def run_load(
    url: str, clients: int, duration: float, warm_up: int = 1
) -> tuple[list, list, float]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        # warm-up: the model and the BM25 index load on first use (in each worker)
        await asyncio.gather(
            *(http.post(f"{url}/api/ask", json={"question": QUESTIONS[0]}) for _ in range(warm_up))
        )
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
    with contextlib.ExitStack() as stack:
        url, mode = args.url, "app at --url"
        if not url:
            url, mode = start_own(args, stack)
        print(f"mode: {mode}")
        warm_up = min(args.clients, 2 * max(1, args.workers))
        latencies, errors, elapsed = asyncio.run(
            run_load(url, args.clients, args.duration, warm_up)
        )
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
