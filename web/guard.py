"""One ASGI middleware for access and limits: auth, body size, rate limit, security headers.

Written as plain ASGI (not BaseHTTPMiddleware) so streamed responses pass through untouched.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from web.ratelimit import RateLimiter

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

OPEN_PATHS = ("/healthz", "/readyz")  # probes work without credentials
ASK_PATH = "/api/ask"  # read whole before anything, so every refusal can carry the routes
RAW_BODY = "raw_body"  # where the question's body is kept in the request state
BODY_METHODS = ("POST", "PUT", "PATCH")  # the only ones whose body anything here reads


class Access:
    """Who may use the app: basic auth, a trusted proxy header, or anyone."""

    def __init__(
        self,
        basic_user: str | None = None,
        basic_password: str | None = None,
        trusted_header: str | None = None,
        accounts: dict[str, str] | None = None,
    ) -> None:
        self._accounts = {name: pw for name, pw in (accounts or {}).items() if name}
        if basic_user:
            self._accounts[basic_user] = basic_password or ""
        self._header = trusted_header.lower().encode() if trusted_header else None

    def user(self, headers: dict[bytes, bytes]) -> str | None:
        """The user name when the request may pass ("" for anonymous), None when refused."""
        name = ""
        if self._header is not None:
            name = headers.get(self._header, b"").decode("latin-1").strip()
            if not name:
                return None
        if self._accounts:
            signed_in = self._basic(headers.get(b"authorization", b""))
            if signed_in is None:
                return None
            name = name or signed_in
        return name

    def _basic(self, header: bytes) -> str | None:
        scheme, _, token = header.decode("latin-1").partition(" ")
        if scheme.lower() != "basic" or not token:
            return None
        try:
            user, _, password = base64.b64decode(token, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        matched = None
        for name, secret in self._accounts.items():  # every account compared: no early exit
            ok_user = hmac.compare_digest(user.encode(), name.encode())
            ok_password = hmac.compare_digest(password.encode(), secret.encode())
            if ok_user and ok_password:
                matched = name
        return matched

    @property
    def challenge(self) -> bool:
        return bool(self._accounts)


class Guard:
    """Refuses unauthenticated requests (401), bodies over the limit (413) and API clients over
    their rate (429), and adds security headers to every response.

    A question (`POST /api/ask`) is read first: a 401 or 413 for it carries the routes when its
    text carries risk (`screen(raw_body) -> fields`), and its rate is checked by the endpoint
    after the risk screen, so a risky message is never refused for rate."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        access: Access,
        limiter: RateLimiter,
        screen: Callable[[bytes], dict[str, Any]],
        max_body_bytes: int,
        frame_ancestors: str,
        body_limits: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self._body_limits = dict(body_limits or {})  # path prefix -> its own larger limit
        self._access = access
        self._limiter = limiter
        self._screen = screen
        self._max_body = max_body_bytes
        self._headers = [
            (b"content-security-policy", f"frame-ancestors {frame_ancestors}".encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        headers = dict(scope.get("headers") or [])
        if scope["type"] == "http" and scope["method"] == "POST" and path == ASK_PATH:
            await self._question(scope, receive, send, headers)
            return
        user = "" if path in OPEN_PATHS else self._access.user(headers)
        if user is None:
            await _refuse_auth(scope, send, self._access.challenge)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["user"] = user
        limit = self._limit(path)
        carries_body = scope["method"] in BODY_METHODS
        if carries_body and _too_big(headers, limit):
            await send_json(send, 413, self._too_big_body(limit))
            return
        if scope["method"] == "POST" and path.startswith("/api/"):
            wait = self._limiter.hit(client_key(scope, user))
            if wait:
                await send_json(
                    send,
                    429,
                    {"error": f"Too many requests; try again in {wait} s."},
                    [(b"retry-after", str(wait).encode())],
                )
                return
        if carries_body and b"content-length" not in headers:
            body = await _read_body(receive, limit)
            if body is None:
                await send_json(send, 413, self._too_big_body(limit))
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, self._with_headers(send))

    async def _question(
        self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes]
    ) -> None:
        body, whole = await read_prefix(receive, self._max_body)
        user = self._access.user(headers)
        if user is None or not whole or _too_big(headers, self._max_body):
            fields = await asyncio.to_thread(self._screen, body)
            if user is None:
                await _refuse_auth(scope, send, self._access.challenge, fields)
            else:
                await send_json(send, 413, self._too_big_body() | fields)
            return
        state = scope.setdefault("state", {})
        state["user"] = user
        state[RAW_BODY] = body
        await self.app(scope, _replay(body, receive), self._with_headers(send))

    def _limit(self, path: str) -> int:
        for prefix, limit in self._body_limits.items():
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return limit
        return self._max_body

    def _too_big_body(self, limit: int | None = None) -> dict[str, Any]:
        return {"error": f"Request body is larger than {limit or self._max_body} bytes."}

    def _with_headers(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self._headers if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        return wrapped


def client_key(scope: Scope, user: str) -> str:
    if user:
        return f"user:{user}"
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"


def route_path(scope: Scope) -> str:
    path: str = scope.get("path", "")
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return path or "/"


def _too_big(headers: dict[bytes, bytes], limit: int) -> bool:
    length = headers.get(b"content-length")
    try:
        return length is not None and int(length) > limit
    except ValueError:
        return True


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body of a request sent without Content-Length; None once it passes `limit`."""
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


async def read_prefix(receive: Receive, limit: int) -> tuple[bytes, bool]:
    """The body up to `limit` bytes, and whether that was all of it."""
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts), True
        chunk = message.get("body", b"")
        size += len(chunk)
        parts.append(chunk)
        if size > limit:
            return b"".join(parts)[:limit], False
        if not message.get("more_body", False):
            return b"".join(parts), True


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def wrapped() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return wrapped


async def _refuse_auth(
    scope: Scope, send: Send, challenge: bool, fields: dict[str, Any] | None = None
) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 4401})
        return
    extra = [(b"www-authenticate", b'Basic realm="Safeguarding assistant"')] if challenge else []
    await send_json(send, 401, {"error": "Sign-in required."} | (fields or {}), extra)


async def send_json(
    send: Send, status: int, body: dict[str, Any], extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send(
        {"type": "http.response.start", "status": status, "headers": headers + (extra or [])}
    )
    await send({"type": "http.response.body", "body": data})
