"""Pages and assets served by the app itself: /docs (local Swagger UI), /widget.js,
/widget/status, /embed."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from web import widget as widget_status
from web.origins import frame_ancestors

STATIC = Path(__file__).parent / "static"


def embed_csp(ancestors: str) -> str:
    """The embed page loads only its own script, style and API: nothing from elsewhere."""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        f"img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    )


class StrictStatic(StaticFiles):
    """Static files under the embed page's CSP: an HTML file among them (embed.html itself,
    Swagger UI's own index.html) runs with the same limits wherever it is opened from."""

    def __init__(self, *, directory: str | Path, csp: str) -> None:
        super().__init__(directory=directory)
        self._csp = csp

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Content-Security-Policy"] = self._csp
        return response


def install(app: FastAPI) -> None:
    """Add the page routes and static mounts (before the chat, which is mounted at /)."""
    import swagger_ui_bundle

    csp = embed_csp(frame_ancestors(app.state.settings.web.allowed_origins))
    app.mount(
        "/webstatic/swagger",
        StrictStatic(directory=swagger_ui_bundle.swagger_ui_path, csp=csp),
        name="swagger",
    )
    app.mount("/webstatic", StrictStatic(directory=STATIC, csp=csp), name="webstatic")
    app.include_router(widget_status.router)

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=f"{root}/docs/openapi.json",
            title="Assistant API",
            swagger_js_url=f"{root}/webstatic/swagger/swagger-ui-bundle.js",
            swagger_css_url=f"{root}/webstatic/swagger/swagger-ui.css",
            swagger_favicon_url=f"{root}/webstatic/swagger/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": False},
        )

    @app.get("/docs/openapi.json", include_in_schema=False)
    def docs_schema() -> dict:
        # The bundled Swagger UI (4.x) reads OpenAPI 3.0 labels only; /openapi.json stays 3.1.
        return {**app.openapi(), "openapi": "3.0.3"}

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> Response:
        return FileResponse(
            STATIC / "widget.js",
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=300"},
        )

    @app.get("/embed", include_in_schema=False)
    def embed(request: Request) -> Response:
        origins = request.app.state.settings.web.allowed_origins
        return FileResponse(
            STATIC / "embed.html",
            media_type="text/html; charset=utf-8",
            headers={
                "Content-Security-Policy": embed_csp(frame_ancestors(origins)),
                "Cache-Control": "no-store",
            },
        )
