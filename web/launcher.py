"""Starting the web app for real: build the index on first run, then serve with uvicorn.

`python app.py`, `assistant serve` and `uvicorn --factory web.launcher:app_from_settings`
(several workers behind a reverse proxy) all end up here.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from assistant.settings import Settings, load_settings

log = logging.getLogger(__name__)

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "GRADIO_RUN_HISTORY": "False",
}


def go_offline() -> None:
    """Nothing may reach a model hub, a telemetry or an analytics endpoint."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def ensure_index(settings: Settings, store: Any, embedder: Any, say: Callable[[str], None]) -> int:
    """Ingest the corpus folder when the store is empty; returns the chunk count."""
    count = store.count()
    if count:
        return int(count)
    from assistant.composition import build_ingester

    say(f"The index is empty: building it from {settings.paths.corpus_dir} (first run only).")
    ingester = build_ingester(settings, embedder=embedder, store=store)
    last = [-1]

    def progress(done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 100
        if percent >= last[0] + 10 or (done == total and percent > last[0]):
            last[0] = percent
            say(f"  indexing: {percent}%")

    report = ingester.ingest([settings.paths.corpus_dir], progress=progress)
    for file, reason in report.failed:
        say(f"  could not ingest {file}: {reason}")
    count = store.count()
    say(f"Index ready: {count} passages.")
    return int(count)


def build_app(
    settings: Settings,
    build_index: bool = True,
    say: Callable[[str], None] = print,
    embedder: Any = None,
):
    """The real app: embedder, store and Assistant built once, the index built if empty,
    risk detection loaded before the first message."""
    go_offline()
    from assistant.composition import (
        build_assistant,
        build_embedder,
        build_ingester,
        build_store,
    )
    from web.server import create_app

    embedder = embedder or build_embedder(settings)
    store = build_store(settings)
    if build_index:
        ensure_index(settings, store, embedder, say)
    assistant = build_assistant(settings, embedder=embedder, store=store, warm_up=True)
    threading.Thread(target=_warm_retrieval, args=(assistant,), daemon=True).start()
    ingester = build_ingester(settings, embedder=embedder, store=store)  # for /admin
    return create_app(assistant, settings, store=store, ingester=ingester)


def _warm_retrieval(assistant: Any) -> None:
    try:
        assistant.warm_up_retrieval()
    except Exception as exc:  # the index may be down; questions will say so themselves
        logging.getLogger(__name__).warning("retrieval warm-up skipped: %s", exc)


def configure_logging() -> None:
    """The app's own log lines (lengths, risk categories, timings) at INFO on stderr."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def app_from_settings():
    """A uvicorn factory for multi-worker deployments: the index must already exist.

    uvicorn configures only its own loggers, so each worker configures the app's here."""
    configure_logging()
    return build_app(load_settings(), build_index=False)


def serve(settings: Settings, build_index: bool = True) -> None:
    import uvicorn

    configure_logging()
    app = build_app(settings, build_index=build_index, say=lambda m: print(m, file=sys.stderr))
    web = settings.web
    print(f"Serving the chat on http://{web.host}:{web.port}{web.root_path}/", file=sys.stderr)
    uvicorn.run(app, **uvicorn_options(settings))


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How uvicorn serves the app. Its own proxy-header handling is off: it would believe
    X-Forwarded-For from 127.0.0.1 whatever the settings say. web.forwarded believes it
    from web.trusted_proxies only."""
    web = settings.web
    return {
        "host": web.host,
        "port": web.port,
        "root_path": web.root_path,
        "proxy_headers": False,
        "log_level": "info",
        "server_header": False,
    }
