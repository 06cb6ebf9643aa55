"""The risk screen at the web edges: every response to a question carries its routes.

Errors that happen before or around answering (sign-in refused, body too large, a field that
fails validation, the rate limit, the index down, an internal fault) still read the question
and put the routes in the error body when the text carries risk.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from assistant.types import Safety, Turn

log = logging.getLogger(__name__)

MAX_SCREEN_BYTES = 2_000_000  # of a raw body read for safety when it cannot be parsed


def safety_fields(safety: Safety) -> dict[str, Any]:
    """The safety part of a JSON body, the same keys as in an answer."""
    return {
        "risk": safety.risk.to_dict(),
        "routes": [r.to_dict() for r in safety.routes],
        "routes_visible": safety.visible or len(safety.routes),
        "support": safety.support.to_dict() if safety.support else None,
    }


def screen_payload(assistant: Any, payload: Any) -> Safety:
    """The risk in a request body however malformed: the `question` (and user turns of
    `history`) of a JSON object when there is one, else every string in it, else its text."""
    try:
        question, history = _texts(payload)
        return assistant.screen(question, history)
    except Exception:  # the edge must answer; Assistant.screen itself fails safe
        log.exception("screening a request body failed")
        return Safety()


def screen_raw(assistant: Any, raw: bytes) -> Safety:
    """`screen_payload` over raw body bytes (JSON or not, complete or cut short)."""
    text = raw[:MAX_SCREEN_BYTES].decode("utf-8", "replace")
    try:
        payload: Any = json.loads(text)
    except ValueError:
        payload = text
    return screen_payload(assistant, payload)


def _texts(payload: Any) -> tuple[str, list[Turn]]:
    if isinstance(payload, (bytes, bytearray)):
        payload = payload.decode("utf-8", "replace")
    if isinstance(payload, str):
        return payload, []
    if isinstance(payload, dict) and isinstance(payload.get("question"), str):
        turns = [
            Turn("user", t["content"])
            for t in payload.get("history") or []
            if isinstance(t, dict) and t.get("role") == "user" and isinstance(t.get("content"), str)
        ]
        return payload["question"], turns
    return " . ".join(_strings(payload)), []


def _strings(value: Any, limit: int = 200) -> list[str]:
    """Every string inside a JSON value (a question sent under the wrong key still counts)."""
    out: list[str] = []
    stack = [value]
    while stack and len(out) < limit:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(list(item.values()))
        elif isinstance(item, list):
            stack.extend(item)
    return out
