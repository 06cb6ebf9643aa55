"""What every /admin route needs: who is asking, a checked form post, the page around it."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assistant.errors import AssistantError
from web.admin import screens, views
from web.admin.access import Verdict
from web.admin.changes import Change
from web.admin.html import HEADERS, page
from web.admin.service import Admin

BUSY = "Another change is being made ({label}). Wait for it to finish, then try again."
MAX_FIELD_BYTES = 64 * 1024


class Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def svc(request: Request) -> Admin:
    return request.app.state.admin


def root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def html(title: str, body: str, request: Request, user: str = "", status: int = 200) -> Response:
    poll = svc(request).poll_ms
    return HTMLResponse(page(title, body, root(request), user, poll), status, headers=HEADERS)


def admin(request: Request) -> str:
    """The signed-in admin's name; raises Refused (401 or 403, with a page) otherwise."""
    user = str(getattr(request.state, "user", "") or "")
    verdict = svc(request).policy.decide(user, request.headers)
    if verdict is Verdict.ADMIN:
        return user
    status = 401 if verdict in (Verdict.ANONYMOUS, Verdict.NO_SIGN_IN) else 403
    title, body = screens.refusal(verdict.value, user)
    response = html(title, body, request, user, status)
    if status == 401 and svc(request).policy.sign_in:
        response.headers["WWW-Authenticate"] = 'Basic realm="Safeguarding assistant"'
    raise Refused(response)


async def posted(request: Request) -> tuple[str, Any]:
    """(admin, form) of a genuine form post; raises Refused for a forged or stale one."""
    user = admin(request)
    form = await request.form(max_files=1, max_fields=20, max_part_size=MAX_FIELD_BYTES)
    site = request.headers.get("sec-fetch-site", "")
    token = form.get("token")
    fresh = isinstance(token, str) and svc(request).tokens().valid(user, token)
    if site in ("cross-site", "same-site") or not fresh:
        body = (
            "<h1>Please try again</h1><p>This form was open too long, or it did not come "
            f'from this site. <a href="{root(request)}/admin">Go back to the newsletters</a> '
            "and try again.</p>"
        )
        raise Refused(html("Please try again", body, request, user, 403))
    return user, form


def overview_state(request: Request, user: str, **state: Any) -> views.Overview:
    admin_svc = svc(request)
    try:
        documents: list[dict[str, Any]] | None = admin_svc.indexed()
    except AssistantError:
        documents = None
    files = {name: path.stat().st_mtime for name, path in admin_svc.corpus.files().items()}
    return views.Overview(
        root=root(request),
        user=user,
        token=admin_svc.tokens().issue(user),
        documents=documents,
        files=files,
        change=admin_svc.changes.board.current(),
        evaluation=admin_svc.evals.board.current(),
        summary=admin_svc.evals.latest(),
        has_report=admin_svc.evals.report_html() is not None,
        audit=admin_svc.audit.recent(20),
        max_mb=admin_svc.max_upload_bytes / 1048576,
        timezone=admin_svc.timezone,
        **state,
    )


def back(request: Request) -> Response:
    return RedirectResponse(f"{root(request)}/admin", status_code=303)


def start(request: Request, user: str, change: Change) -> dict[str, str]:
    """Starts the change; {"busy": ...} when another one is running."""
    admin_svc = svc(request)
    if admin_svc.changes.start(user, change) is not None:
        return {}
    running = admin_svc.changes.board.current()
    return {"busy": BUSY.format(label=running.label if running else "indexing")}


def indexed_names(request: Request) -> set[str]:
    try:
        return {d["source"] for d in svc(request).indexed()}
    except AssistantError:
        return set()
