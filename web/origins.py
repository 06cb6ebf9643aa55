"""Embedding origins: CSP frame-ancestors for the pages and a CORS allow-list for /api/*."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from starlette.middleware.cors import CORSMiddleware

_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+$")


def clean_origins(origins: Sequence[str]) -> list[str]:
    """Origins as scheme://host[:port]; anything else (paths, spaces, ';') is dropped."""
    return [o.rstrip("/") for o in origins if _ORIGIN.match(o.rstrip("/"))]


def frame_ancestors(origins: Sequence[str]) -> str:
    return " ".join(["'self'", *clean_origins(origins)])


class PathCORS:
    """CORS headers and preflights for /api/* only, from the configured allow-list."""

    def __init__(self, app: Any, origins: Sequence[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=clean_origins(origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization"],
            max_age=600,
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        target = self.cors if path.startswith("/api/") else self.app
        await target(scope, receive, send)
