"""`assistant serve [--host H] [--port P] [--no-build]`: the web chat, API and widget.

Builds the index from the corpus folder first when it is empty, printing progress.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="Serve the web chat, the JSON API and the embeddable widget.",
        description=(
            "Start one web app: the chat at /, POST /api/ask, /healthz, /readyz, /docs and "
            "/widget.js. On first run the bundled corpus is indexed before serving."
        ),
    )
    p.add_argument("--host", help="Bind address (default from settings: 127.0.0.1).")
    p.add_argument("--port", type=int, help="Bind port (default from settings: 7860).")
    p.add_argument(
        "--no-build", action="store_true", help="Do not build the index when it is empty."
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.settings import load_settings
    from web.launcher import go_offline, serve  # lazy: the core never imports the web stack

    go_offline()
    settings = load_settings()
    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    if overrides:
        settings = settings.model_copy(update={"web": settings.web.model_copy(update=overrides)})
    serve(settings, build_index=not args.no_build)
    return 0
