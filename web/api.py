"""The JSON API: /api/ask, /api/documents, /api/feedback, /healthz, /readyz."""

from __future__ import annotations

import logging
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, WithJsonSchema

from assistant.errors import BadRequest, IndexUnavailable
from assistant.service import INDEX_DOWN
from assistant.text import VISIBLE_CHAR
from assistant.types import Filters, Turn
from web import contract
from web.catalog import AREAS, MONTH, inverted
from web.feedback import MAX_COMMENT, MAX_QUESTION
from web.guard import client_key
from web.screening import safety_fields

log = logging.getLogger(__name__)

MAX_TURN_CHARS = 4000  # each history turn is cut to this; the Assistant keeps the last turns


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: StrictStr


# Checked by the endpoint (400 naming the value), documented here so the schema says what
# the endpoint accepts; the valid `sources` are listed by web.contract from the index.
Month = Annotated[StrictStr, WithJsonSchema({"type": "string", "pattern": f"^{MONTH}$"})]
Area = Annotated[StrictStr, WithJsonSchema({"type": "string", "enum": list(AREAS)})]
Question = Annotated[
    StrictStr,
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": VISIBLE_CHAR}),
]
EMPTY_RANGE = "date_from is after date_to, so no newsletter is in the range."


class FiltersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[StrictStr] = Field(default_factory=list, description="Newsletter file names.")
    date_from: Month | None = Field(None, description="YYYY-MM, inclusive.")
    date_to: Month | None = Field(
        None, description="YYYY-MM, inclusive. Before date_from: no newsletter is in range."
    )
    areas: list[Area] = Field(default_factory=list, description="Areas of the newsletters.")


class AskIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"question": "What is the Prevent duty?", "history": [], "filters": None}]
        },
    )
    question: Question = Field(
        description="The question, in plain text. Control and zero-width characters are "
        "removed; what is left must not be blank (else 400). Long questions are trimmed "
        "for answering, with a warning, but read whole for risk."
    )
    history: list[Message] = Field(default_factory=list, description="Earlier turns, oldest first.")
    filters: FiltersIn | None = None
    id: StrictStr | None = Field(None, max_length=100, description="Echoed back in the answer.")


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: Literal["up", "down"]
    comment: StrictStr | None = Field(None, max_length=MAX_COMMENT)
    answer_id: StrictStr | None = Field(None, max_length=100)
    share_question: StrictBool = Field(False, description="Store the question text too.")
    question: StrictStr | None = Field(None, max_length=MAX_QUESTION)


def error(
    code: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """The one error shape: {"error": message, ...details}."""
    return JSONResponse({"error": message, **extra}, status_code=code, headers=headers)


router = APIRouter()


@router.get(
    "/healthz",
    tags=["probes"],
    summary="Liveness: the process answers",
    responses={200: {"model": contract.Health}},
)
def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get(
    "/readyz",
    tags=["probes"],
    summary="Readiness: the index is loaded and not empty",
    responses=contract.READY_RESPONSES,
)
def readyz(request: Request) -> JSONResponse:
    catalog = request.app.state.catalog
    try:
        chunks = catalog.chunk_count()
        docs = len(catalog.documents()) if chunks else 0
    except Exception as exc:  # any failure to read the index means not ready
        # IndexUnavailable names the index and the fix (e.g. the `chroma run` to start)
        reason = str(exc) if isinstance(exc, IndexUnavailable) else type(exc).__name__
        log.warning("readiness check failed: %s", reason)
        return _not_ready("index unreadable")
    if not chunks:
        return _not_ready("index is empty")
    return JSONResponse({"status": "ready", "documents": docs, "chunks": chunks})


def _not_ready(reason: str) -> JSONResponse:
    return error(503, f"Not ready: {reason}.", status="unavailable", reason=reason)


@router.get(
    "/api/documents",
    tags=["api"],
    summary="The newsletters in the index",
    responses=contract.DOCUMENTS_RESPONSES,
)
def documents(request: Request) -> JSONResponse:
    try:
        return JSONResponse({"documents": request.app.state.catalog.documents()})
    except IndexUnavailable as exc:
        return error(503, str(exc))


@router.post(
    "/api/ask",
    tags=["api"],
    summary="Ask a question; routes come first when risk fires",
    description="Every response, answer or error, carries `risk`, `routes`, `routes_visible` "
    "and `support`: show the routes first whenever they are not empty.",
    responses=contract.ASK_RESPONSES,
)
def ask(body: AskIn, request: Request) -> JSONResponse:
    t0 = time.perf_counter()
    state = request.app.state
    history = [Turn(m.role, m.content[:MAX_TURN_CHARS]) for m in body.history]
    # the screen runs first, on the whole question, whatever happens next
    safety = state.assistant.screen(body.question, history)
    extra = safety_fields(safety)
    wait = state.api_limiter.hit(client_key(request.scope, getattr(request.state, "user", "")))
    if wait and not safety.risk.detected:  # a risky message is never refused for rate
        _log_ask(body, t0, safety.risk.level, 429)
        return error(
            429, f"Too many requests; try again in {wait} s.", headers={"Retry-After": str(wait)},
            **extra,
        )
    try:
        filters = state.catalog.check(_filters(body.filters))
        answer = state.assistant.ask(body.question, history, filters, id=body.id, safety=safety)
    except BadRequest as exc:
        return error(400, str(exc), **extra)
    except IndexUnavailable:
        _log_ask(body, t0, safety.risk.level, 503)
        return error(503, INDEX_DOWN, **extra)
    except Exception as exc:  # routes still go out with the error
        log.error("ask failed: %s", type(exc).__name__)
        _log_ask(body, t0, safety.risk.level, 500)
        return error(500, "The assistant could not answer this question.", **extra)
    payload = answer.to_dict()
    if filters is not None and inverted(filters):
        payload["warnings"].append(EMPTY_RANGE)
    status = 503 if answer.backend == "unavailable" else 200
    if status == 503:
        payload["error"] = INDEX_DOWN
    _log_ask(body, t0, answer.risk.level, status)
    return JSONResponse(payload, status_code=status)


def _filters(body: FiltersIn | None) -> Filters | None:
    """The filters exactly as sent: the schema documents the values the API takes, so no
    value is quietly trimmed or lower-cased into a valid one."""
    if body is None:
        return None
    return Filters(tuple(body.sources), body.date_from, body.date_to, tuple(body.areas))


@router.post(
    "/api/feedback",
    tags=["api"],
    summary="Rate an answer (question kept only on opt-in)",
    status_code=201,
    responses=contract.FEEDBACK_RESPONSES,
)
def feedback(body: FeedbackIn, request: Request) -> JSONResponse:
    row = request.app.state.feedback.add(
        body.rating,
        comment=body.comment,
        question=body.question,
        share_question=body.share_question,
        answer_id=body.answer_id,
        origin="api",
    )
    return JSONResponse({"stored": True, "id": row}, status_code=201)


def _log_ask(body: AskIn, t0: float, risk: str, status: int) -> None:
    # Lengths, categories and timings only: the question may name a child.
    log.info(
        "api ask: status=%d chars=%d turns=%d risk=%s ms=%.0f",
        status,
        len(body.question),
        len(body.history),
        risk,
        (time.perf_counter() - t0) * 1000,
    )
