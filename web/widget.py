"""`GET /widget/status`: may a page on this origin show the widget? Asked by widget.js before
it opens the chat, so a page whose origin is not allowed explains why instead of showing a
blocked frame.

Readable from any origin (that is the point: the pages that are not allowed ask too). It
says only whether one origin is on the allow-list.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from web.origins import clean_origins

SETTING = "ASSISTANT_WEB__ALLOWED_ORIGINS"

router = APIRouter()


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def origin_allowed(origin: str, allowed: list[str], own: str) -> bool:
    """As the browser reads frame-ancestors 'self' <allowed>: the assistant's own origin or
    one on the list. A file:// page (origin "null") never is."""
    origin = origin.rstrip("/")
    return bool(origin) and origin != "null" and (origin == own or origin in clean_origins(allowed))


@router.get("/widget/status", include_in_schema=False)
def widget_status(request: Request, origin: str = "") -> JSONResponse:
    # the browser's Origin header when it sent one (cross-origin requests), else the page's word
    asked = request.headers.get("origin") or origin
    allowed = origin_allowed(
        asked, request.app.state.settings.web.allowed_origins, own_origin(request)
    )
    return JSONResponse(
        {
            "origin": asked,
            "allowed": allowed,
            "setting": SETTING,
            "command": f"assistant widget --origin {asked}" if asked != "null" else None,
        },
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"},
    )
