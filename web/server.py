"""The app factory: one FastAPI app with the API, the pages, the widget and the Gradio chat."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.errors import ConfigError
from assistant.settings import Settings, WebSettings
from web import admin, api, contract, pages
from web.catalog import Catalog
from web.conversation import Conversation
from web.feedback import FeedbackStore
from web.forwarded import TrustedProxies
from web.guard import RAW_BODY, Access, Guard
from web.methods import MethodGuard
from web.origins import PathCORS, frame_ancestors
from web.ratelimit import RateLimiter
from web.screening import safety_fields, screen_payload, screen_raw

log = logging.getLogger(__name__)

PURGE_EVERY_S = 24 * 3600


def create_app(
    assistant: Any,
    settings: Settings,
    *,
    store: Any = None,
    feedback: FeedbackStore | None = None,
    chat: bool = True,
    ingester: Any = None,
) -> FastAPI:
    """The whole web app. `assistant` is an assistant.service.Assistant (or a stand-in with
    the same ask/stream); `store` answers count(), documents() and version(); `ingester`
    (an assistant Ingester over `store`) makes the changes /admin asks for."""
    web = settings.web
    _check_access(web)
    feedback = feedback or FeedbackStore(
        settings.paths.data_dir / "feedback.sqlite3", web.feedback_retention_days
    )
    app = FastAPI(
        title="LLR safeguarding newsletters assistant",
        version="1",
        description="Grounded answers from the LLR safeguarding newsletters, routes first.",
        docs_url=None,  # served from local assets by web.pages
        redoc_url=None,
        root_path=web.root_path,
        lifespan=_lifespan(feedback),
    )
    limiter = RateLimiter(web.rate_limit_per_minute)
    catalog = Catalog(store)
    app.state.api_limiter = limiter
    app.state.assistant = assistant
    app.state.catalog = catalog
    app.state.feedback = feedback
    app.state.settings = settings
    _handlers(app)
    app.include_router(api.router)
    pages.install(app)
    admin.install(app, settings, catalog.documents, store=store, ingester=ingester)
    app.openapi = contract.with_sources(app.openapi, catalog.sources)  # type: ignore[method-assign]
    if chat:
        app.state.conversation = Conversation(
            assistant,
            catalog,
            feedback,
            RateLimiter(web.chat_rate_limit_per_minute),
            RateLimiter(web.feedback_rate_limit_per_minute),
        )
        _mount_chat(app, app.state.conversation, catalog, web.root_path)
    _add_middleware(app, settings, assistant, limiter)
    return app


def _check_access(web: WebSettings) -> None:
    if web.trusted_user_header and not web.trusted_proxies:
        raise ConfigError(
            "web.trusted_user_header is believed only from a reverse proxy listed in "
            "web.trusted_proxies (ASSISTANT_WEB__TRUSTED_PROXIES='[\"127.0.0.1\"]'): "
            "list the proxy's address there."
        )


def _add_middleware(
    app: FastAPI, settings: Settings, assistant: Any, limiter: RateLimiter
) -> None:
    """From the outside in: forwarded headers, CORS, access and limits, wrong methods."""
    web = settings.web

    def screen(raw: bytes) -> dict[str, Any]:
        return safety_fields(screen_raw(assistant, raw))

    app.add_middleware(
        MethodGuard,
        routes=lambda: app.router.routes,
        screen=screen,
        max_body_bytes=web.max_body_bytes,
    )
    app.add_middleware(
        Guard,
        access=Access(
            web.basic_auth_user,
            web.basic_auth_password.get_secret_value() if web.basic_auth_password else None,
            web.trusted_user_header,
            {name: pw.get_secret_value() for name, pw in web.basic_auth_accounts.items()},
        ),
        limiter=limiter,
        screen=screen,
        max_body_bytes=web.max_body_bytes,
        frame_ancestors=frame_ancestors(web.allowed_origins),
        body_limits={"/admin": admin.body_limit(settings)},
    )
    app.add_middleware(PathCORS, origins=web.allowed_origins)  # answers preflights
    app.add_middleware(  # outermost: nothing sees a forwarded header it should not believe
        TrustedProxies, proxies=web.trusted_proxies, user_header=web.trusted_user_header
    )


def _mount_chat(app: FastAPI, conversation: Conversation, catalog: Catalog, root: str) -> None:
    import gradio as gr

    from web.chat import build_chat, css, theme

    try:
        documents = catalog.documents()
    except Exception:  # the chat still starts; the filter list is empty until a restart
        log.warning("document list unavailable when building the chat")
        documents = []
    gr.mount_gradio_app(
        app,
        build_chat(conversation, documents, refresh=catalog.documents),
        path="/",
        footer_links=[],
        run_history=False,  # nothing of the conversation is kept in the browser
        pwa=False,
        ssr_mode=False,
        mcp_server=False,
        show_error=True,
        theme=theme(),
        css=css(),
        root_path=root or None,
    )


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        # e.g. 400 for a body that is not UTF-8: the question is still read for risk
        body: dict[str, Any] = {"error": str(exc.detail)}
        raw = _raw_body(request)
        if _asks(request) and raw is not None:
            body |= await _screened(request, raw)
        return JSONResponse(body, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors()
        ]
        first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"] if p != "body") or "body"
        body = {"error": f"Invalid request: {where}: {first['msg']}", "detail": problems}
        if _asks(request):  # another field failed: the question is still read for risk
            raw = _raw_body(request)
            body |= await _screened(request, exc.body if raw is None else raw)
        return JSONResponse(body, 422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s on %s", type(exc).__name__, request.url.path)
        body: dict[str, Any] = {"error": "Internal error; the details are in the server log."}
        raw = _raw_body(request)
        if _asks(request) and raw is not None:
            body |= await _screened(request, raw)
        return JSONResponse(body, 500)


def _asks(request: Request) -> bool:
    return request.method == "POST" and request.url.path.rstrip("/").endswith("/api/ask")


def _raw_body(request: Request) -> bytes | None:
    raw = request.scope.get("state", {}).get(RAW_BODY)
    return raw if isinstance(raw, bytes) else None


async def _screened(request: Request, payload: Any) -> dict[str, Any]:
    assistant = request.app.state.assistant
    if isinstance(payload, bytes):
        safety = await asyncio.to_thread(screen_raw, assistant, payload)
    else:
        safety = await asyncio.to_thread(screen_payload, assistant, payload)
    return safety_fields(safety)


def _lifespan(feedback: FeedbackStore):
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        feedback.purge()
        task = asyncio.create_task(_purge_daily(feedback))
        try:
            yield
        finally:
            task.cancel()

    return lifespan


async def _purge_daily(feedback: FeedbackStore) -> None:
    while True:
        await asyncio.sleep(PURGE_EVERY_S)
        try:
            await asyncio.to_thread(feedback.purge)
        except Exception as exc:  # keep purging tomorrow even if today's run failed
            log.warning("feedback purge failed: %s", type(exc).__name__)
