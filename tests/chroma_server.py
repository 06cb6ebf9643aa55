"""A real `chroma run` server on 127.0.0.1 for server-mode tests: start, wait for its heartbeat,
stop (and start again on the same port and data folder, to test recovery)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """One `chroma run --path PATH --host 127.0.0.1 --port PORT` process."""

    def __init__(self, path: Path, port: int | None = None, log_file: Path | None = None) -> None:
        self.path = Path(path)
        self.port = port or free_port()
        self.log_file = log_file or self.path.parent / f"chroma-{self.port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ChromaServer:
        if not CHROMA.exists():
            raise RuntimeError(f"no chroma command at {CHROMA}")
        self.path.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
        cmd = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1"]
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(
                [*cmd, "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        self._wait_for_heartbeat(timeout)
        return self

    def _wait_for_heartbeat(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma run exited early; see {self.log_file}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run gave no heartbeat in {timeout} s; see {self.log_file}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.process = None


@contextlib.contextmanager
def chroma_server(path: Path) -> Iterator[ChromaServer]:
    """A running server for the duration of the block; always stopped afterwards."""
    server = ChromaServer(path).start()
    try:
        yield server
    finally:
        server.stop()
