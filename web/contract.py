"""The documented shapes of every API response, and the responses each route can answer.

The endpoints build their JSON from `assistant.types` (`to_dict`); these models only describe
it, in /openapi.json. tests/web/test_contract.py runs schemathesis against the app to keep the
two in step.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import AssistantError

Level = Literal["immediate", "concern", "topic", "none"]


class Closed(BaseModel):
    """A body with exactly these keys."""

    model_config = ConfigDict(extra="forbid")


class Problem(Closed):
    loc: list[str | int] = Field(description="Where the value is: body, field, index...")
    msg: str


class ContactOut(Closed):
    kind: str = Field(description="phone, text, email or web.")
    value: str = Field(description="As dialled or typed: 999, 0116 305 0005...")
    label: str


class RouteOut(Closed):
    id: str
    name: str
    contacts: list[ContactOut]
    area: str = Field(description="national, leicester, leicestershire, rutland or llr.")
    audience: str
    hours: str
    source: str
    reviewed: str = Field(description="Date of the last review, YYYY-MM-DD.")
    status: str = Field(description="verified, or verify when the entry is due for review.")


class RiskOut(Closed):
    level: Level = Field(description="Routes show for immediate and concern.")
    detected: bool = Field(description="Someone may be at risk: level immediate or concern.")
    categories: list[str]
    immediate: bool
    area: str | None
    detectors: list[str] = Field(description="Which detectors fired: lexicon, classifier.")
    carried: bool = Field(description="The level comes from an earlier turn.")


class SupportOut(Closed):
    text: str = Field(description="The one-line support strip of the topic tier.")
    routes: list[RouteOut]


class CitationOut(Closed):
    n: int
    source: str
    title: str
    issue: str | None
    date: str = Field(description="YYYY-MM.")
    section: str
    quote: str = Field(description="Verbatim text of the newsletter file at start:end.")
    start: int
    end: int
    passage: str
    page: int | None
    ocr: bool = Field(description="The quote was read by OCR from a scanned page.")
    reading: str = Field(
        description="The quote cleaned for reading (markdown links, escapes and emphasis "
        "dropped), as the chat shows it; `quote` and its offsets stay verbatim."
    )


class PassageOut(Closed):
    rank: int
    source: str
    section: str
    date: str
    text: str
    score: float


class SafetyOut(BaseModel):
    """The safety keys: the same in an answer and in every error of /api/ask."""

    risk: RiskOut
    routes: list[RouteOut] = Field(
        description="Emergency and help routes, in order; non-empty exactly for immediate "
        "and concern. Show them before anything else."
    )
    routes_visible: int = Field(
        ge=0, description="How many routes to show first; the rest behind 'More contacts'."
    )
    support: SupportOut | None = Field(description="The topic tier's support strip.")


class AnswerOut(SafetyOut, Closed):
    id: str | None = Field(description="The request's id, echoed.")
    question: str = Field(description="The question as read (invisible characters removed).")
    answer: str = Field(description="Markdown with [n] markers; ends with the 999 line.")
    refused: bool = Field(description="The newsletters do not answer this question.")
    citations: list[CitationOut]
    retrieved: list[PassageOut]
    warnings: list[str]
    timings_ms: dict[str, float]
    backend: str = Field(description="extractive, llm or extractive-fallback.")


class Error(BaseModel):
    """Every error: a message for people, plus details. /api/ask errors use AskError."""

    model_config = ConfigDict(extra="allow")
    error: str
    detail: list[Problem] | None = Field(None, description="422 only: every invalid value.")


class AskError(SafetyOut, Error):
    """An /api/ask error: the routes go out with it whenever the question carries risk."""


class NotReady(Error):
    status: Literal["unavailable"]
    reason: str


class Health(Closed):
    status: Literal["ok"]


class Ready(Closed):
    status: Literal["ready"]
    documents: int
    chunks: int


class DocumentOut(Closed):
    source: str
    title: str
    issue: str | None
    date: str
    publisher: str
    area: str
    chunks: int


class Documents(Closed):
    documents: list[DocumentOut]


class Stored(Closed):
    stored: Literal[True]
    id: int = Field(description="The feedback row.")


def _status(model: type[BaseModel], description: str, **headers: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"model": model, "description": description}
    if headers:
        out["headers"] = headers
    return out


RETRY_AFTER = {
    "description": "Seconds to wait.",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
CHALLENGE = {"description": "With basic auth on.", "schema": {"type": "string"}}


def refusals(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """What the guard can answer before a POST reaches its route."""
    return {
        401: _status(
            model,
            "Access control is on and the request has no valid credentials.",
            **{"WWW-Authenticate": CHALLENGE},
        ),
        413: _status(model, "The body is larger than web.max_body_bytes."),
        422: _status(model, "Invalid JSON, a wrong type, an unknown field or a value too long."),
        429: _status(
            model,
            "Over web.rate_limit_per_minute from this client.",
            **{"Retry-After": RETRY_AFTER},
        ),
        500: _status(model, "An unexpected fault; the details are in the server log."),
    }


ASK_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: _status(AnswerOut, "The answer, with the routes first when risk fires."),
    400: _status(
        AskError,
        "An empty or blank question, a filter naming an unknown source or area "
        "or a month not written YYYY-MM, or a body that is not UTF-8.",
    ),
    **refusals(AskError),
    503: _status(
        AskError,
        "The index is unavailable. When risk fired the body is the whole answer "
        "with the routes and backend 'unavailable'.",
    ),
}
FEEDBACK_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: _status(Stored, "Stored."),
    400: _status(Error, "A body that is not UTF-8."),
    **refusals(Error),
}
DOCUMENTS_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: _status(Documents, "The newsletters in the index."),
    401: refusals(Error)[401],
    500: refusals(Error)[500],
    503: _status(Error, "The index cannot be read."),
}
READY_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: _status(Ready, "The index is readable and not empty."),
    503: _status(NotReady, "The index cannot be read or is empty."),
}


def with_sources(base: Callable[[], dict[str, Any]], sources: Callable[[], set[str]]):
    """app.openapi that lists the indexed newsletters as the only valid `filters.sources`:
    the list changes with the index, so it is read on every call."""

    def openapi() -> dict[str, Any]:
        schema = copy.deepcopy(base())
        try:
            known = sorted(sources())
        except AssistantError:  # the index is down: the list cannot be given
            return schema
        items = schema["components"]["schemas"]["FiltersIn"]["properties"]["sources"]
        if known:
            items["items"]["enum"] = known
        else:
            items["maxItems"] = 0
        return schema

    return openapi
