"""Forwarded headers are believed only from the reverse proxies listed in web.trusted_proxies.

From a listed proxy, X-Forwarded-For and X-Forwarded-Proto set the client and the scheme
(uvicorn's own ProxyHeadersMiddleware does it). From any other peer, those headers and the
like, and the trusted user header, are removed before anything else sees them: a client cannot
choose its own rate-limit key, address or user name by sending them. uvicorn is started with
proxy_headers off (web.launcher), so the peer seen here is the real one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from web.guard import ASGIApp, Receive, Scope, Send

FORWARDED = (
    b"forwarded",
    b"x-forwarded-for",
    b"x-forwarded-host",
    b"x-forwarded-port",
    b"x-forwarded-prefix",
    b"x-forwarded-proto",
    b"x-real-ip",
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Peers:
    """Addresses and networks (CIDR); anything else (a unix socket path) compared as text,
    as uvicorn's --forwarded-allow-ips reads them."""

    def __init__(self, entries: Sequence[str]) -> None:
        self._networks: list[Network] = []
        self._names: set[str] = set()
        for entry in (e.strip() for e in entries):
            try:
                self._networks.append(ipaddress.ip_network(entry))
            except ValueError:
                self._names.add(entry)

    def __contains__(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return host in self._names
        return any(address in net for net in self._networks)

    def __bool__(self) -> bool:
        return bool(self._networks or self._names)


class TrustedProxies:
    """ASGI middleware: the outermost layer of the app."""

    def __init__(
        self, app: ASGIApp, *, proxies: Sequence[str], user_header: str | None = None
    ) -> None:
        self.app = app
        self._peers = Peers(proxies)
        self._proxied = ProxyHeadersMiddleware(app, trusted_hosts=list(proxies))  # type: ignore[arg-type]
        self._strip = set(FORWARDED) | ({user_header.lower().encode()} if user_header else set())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        if self._peers and client and client[0] in self._peers:
            await self._proxied(scope, receive, send)  # type: ignore[arg-type]
            return
        scope = dict(scope)
        scope["headers"] = [
            (name, value)
            for name, value in scope.get("headers") or []
            if name.lower() not in self._strip
        ]
        await self.app(scope, receive, send)
