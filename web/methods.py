"""405, in the one error shape, for a wrong method on one of the app's own paths.

The chat is mounted at `/` and takes every path no route claims, so without this a GET on
/api/ask would reach Gradio and answer 404. A wrong method on /api/ask still reads the body
for risk: its 405 carries the routes like every other error of that path.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from starlette.routing import BaseRoute, Match, Mount

from web.guard import ASK_PATH, ASGIApp, Receive, Scope, Send, read_prefix, route_path, send_json

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class MethodGuard:
    """Answers 405 with `Allow` when a path is one of the routes' but the method is not."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        routes: Callable[[], Sequence[BaseRoute]],
        screen: Callable[[bytes], dict[str, Any]],
        max_body_bytes: int,
    ) -> None:
        self.app = app
        self._routes = routes
        self._screen = screen
        self._max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        allowed = allowed_methods([r for r in self._routes() if not isinstance(r, Mount)], scope)
        if allowed is None:
            await self.app(scope, receive, send)
            return
        body: dict[str, Any] = {
            "error": f"Method {scope['method']} is not allowed here; use {', '.join(allowed)}."
        }
        if route_path(scope) == ASK_PATH:
            raw, _ = await read_prefix(receive, self._max_body)
            body |= await asyncio.to_thread(self._screen, raw)
        await send_json(send, 405, body, [(b"allow", ", ".join(allowed).encode())])


def allowed_methods(routes: Sequence[BaseRoute], scope: Scope) -> list[str] | None:
    """The methods the request's path takes when its own method is not one of them; None when
    a route takes the request or no route has the path."""
    found_path = False
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return None
        found_path = found_path or match is Match.PARTIAL
    if not found_path:
        return None
    return [
        method
        for method in METHODS
        if any(r.matches({**scope, "method": method})[0] is Match.FULL for r in routes)
    ]
