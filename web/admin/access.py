"""Who may use /admin, and the anti-forgery tokens its forms carry.

An admin is a signed-in user named in `web.admin_users`, or (behind the trusted reverse
proxy) one whose roles header names one of `web.admin_roles`. Nothing is open by default:
with neither setting, /admin is off and says how to turn it on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

_SPLIT = re.compile(r"[,;]")


class Verdict(Enum):
    ADMIN = "admin"
    OFF = "off"  # no admin configured
    NO_SIGN_IN = "no-sign-in"  # admins configured, but the app has no way to know who is who
    ANONYMOUS = "anonymous"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class AdminPolicy:
    users: frozenset[str]
    roles: frozenset[str]
    roles_header: str | None  # only set when the trusted user header is on
    sign_in: bool  # basic auth or the trusted user header is configured

    @classmethod
    def build(
        cls,
        users: Sequence[str],
        roles: Sequence[str],
        roles_header: str | None,
        trusted_user_header: str | None,
        basic_auth: bool,
    ) -> AdminPolicy:
        # A roles header is trusted only from the proxy that also names the user; otherwise
        # any client could send it.
        header = roles_header.lower() if roles_header and trusted_user_header else None
        return cls(
            users=frozenset(u.strip() for u in users if u.strip()),
            roles=frozenset(r.strip().lower() for r in roles if r.strip()),
            roles_header=header,
            sign_in=basic_auth or bool(trusted_user_header),
        )

    @property
    def configured(self) -> bool:
        return bool(self.users or (self.roles and self.roles_header))

    def decide(self, user: str, headers: Mapping[str, str]) -> Verdict:
        """`user` is the name web.guard signed in ("" for anonymous)."""
        if not self.configured:
            return Verdict.OFF
        if not self.sign_in:
            return Verdict.NO_SIGN_IN
        if not user:
            return Verdict.ANONYMOUS
        if user in self.users or self._roles_of(headers) & self.roles:
            return Verdict.ADMIN
        return Verdict.FORBIDDEN

    def _roles_of(self, headers: Mapping[str, str]) -> set[str]:
        if not self.roles_header:
            return set()
        raw = headers.get(self.roles_header, "")
        return {r.strip().lower() for r in _SPLIT.split(raw) if r.strip()}


class FormTokens:
    """Signed, expiring tokens tying a form to the signed-in user (no cookies needed).

    The key lives in a 0600 file in the data folder, so every worker process accepts the
    tokens of the others."""

    def __init__(self, key_file: Path, lifetime_s: float) -> None:
        self._key = _load_key(Path(key_file))
        self._lifetime = lifetime_s

    def issue(self, user: str, now: float | None = None) -> str:
        stamp = str(int(now if now is not None else time.time()))
        return f"{stamp}.{self._sign(user, stamp)}"

    def valid(self, user: str, token: str, now: float | None = None) -> bool:
        stamp, _, signature = (token or "").partition(".")
        if not stamp.isdigit() or not signature:
            return False
        age = (now if now is not None else time.time()) - int(stamp)
        if age < 0 or age > self._lifetime:
            return False
        return hmac.compare_digest(signature, self._sign(user, stamp))

    def _sign(self, user: str, stamp: str) -> str:
        mac = hmac.new(self._key, f"{user}\n{stamp}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def _load_key(path: Path) -> bytes:
    """The signing key, made once; linked into place whole, so a worker never reads half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(32))
        try:
            os.link(tmp, path)
        except FileExistsError:  # another worker made it first: use theirs
            pass
        finally:
            tmp.unlink(missing_ok=True)
    key = path.read_bytes()
    if len(key) < 32:
        raise RuntimeError(f"{path} is damaged; delete it and restart the app")
    return key
