"""/admin: the business office's page for adding, replacing and removing newsletters.

`install(app, ...)` adds the routes; the page is refused (with how to turn it on) until
admins are named in the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from assistant.settings import Settings
from web.admin.service import Admin, body_limit, lazy_ingester

__all__ = ["install", "body_limit"]


def install(
    app: FastAPI,
    settings: Settings,
    documents: Callable[[], list[dict[str, Any]]],
    store: Any = None,
    ingester: Any = None,
) -> Admin:
    """Adds /admin to `app` (before the chat is mounted at /)."""
    from web.admin.routes import router

    admin = Admin.build(settings, documents, lazy_ingester(settings, store, ingester))
    app.state.admin = admin
    app.include_router(router)
    return admin
