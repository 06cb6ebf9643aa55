"""Fixtures for the web tests: a live app on a loopback port, Debian chromium via Playwright."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"  # for the docs
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving an ASGI app in a background thread."""

    def __init__(self, app, port: int | None = None, **options) -> None:
        import uvicorn

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        options.setdefault("log_level", "warning")
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, **options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.time() + 60
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def make_settings(tmp: Path, **web):
    from assistant.settings import Settings

    return Settings(paths={"data_dir": tmp / "data"}, web=web)


@pytest.fixture()
def standin_store():
    from tests.web.standin import StandInStore

    return StandInStore()


@pytest.fixture()
def standin_assistant(standin_store):
    from tests.web.standin import stand_in_assistant

    return stand_in_assistant(standin_store)


@pytest.fixture()
def make_app(tmp_path, standin_store, standin_assistant):
    """make_app(chat=False, assistant=None, store=None, **web_settings) -> FastAPI app."""
    from web.server import create_app

    def build(chat: bool = False, assistant=None, store=None, **web):
        return create_app(
            assistant or standin_assistant,
            make_settings(tmp_path, **web),
            store=store or standin_store,
            chat=chat,
        )

    return build


@pytest.fixture()
def client(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app()) as c:
        yield c


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class RequestLog:
    """Every URL a page asks for; hosts outside the allowed ones are aborted and kept."""

    def __init__(self, allowed_hosts: set[str]) -> None:
        self.allowed = allowed_hosts
        self.urls: list[str] = []
        self.foreign: list[str] = []

    def handle(self, route) -> None:
        url = route.request.url
        self.urls.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc in self.allowed:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture()
def open_page(browser):
    """open_page(allowed_hosts, width=1280, height=900) -> (page, RequestLog)."""
    contexts = []

    def make(allowed_hosts: set[str], width: int = 1280, height: int = 900):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        log = RequestLog(allowed_hosts)
        ctx.route("**/*", log.handle)
        page = ctx.new_page()
        page.dialogs = []  # type: ignore[attr-defined]
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        return page, log

    yield make
    for ctx in contexts:
        ctx.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture()
def live_chat(make_app) -> Iterator[LiveServer]:
    with LiveServer(make_app(chat=True)) as server:
        yield server


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class StaticSite:
    """A plain http.server on its own loopback port: a second origin (an intranet)."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        handler = functools.partial(_Quiet, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)

    def __enter__(self) -> StaticSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()


@pytest.fixture()
def intranet(tmp_path):
    """(folder, origin): a second origin that serves whatever the test writes into folder."""
    with StaticSite(tmp_path) as site:
        yield tmp_path, site.origin


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "intranet.html"


def write_intranet(folder: Path, app_url: str) -> None:
    """examples/intranet.html, its widget pointed at `app_url`, as folder/intranet.html."""
    html = EXAMPLE.read_text(encoding="utf-8").replace("http://127.0.0.1:7860", app_url)
    (folder / "intranet.html").write_text(html, encoding="utf-8")
