"""What the chat does with a message, independent of Gradio: a stream of chat states.

The chat history shown to the user is a list of {"role", "content"} dicts whose content is
already-escaped HTML (web.render); the plain turns for the Assistant are kept separately.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import BadRequest, IndexUnavailable
from assistant.service import INDEX_DOWN
from assistant.text import repair
from assistant.types import Answer, Safety, Turn
from web import render
from web.catalog import Catalog, inverted, make_filters
from web.feedback import FeedbackStore
from web.ratelimit import RateLimiter

log = logging.getLogger(__name__)

SAVED = "Thank you: feedback saved"  # the start of the status line when feedback is stored
MAX_TURNS_KEPT = 24  # plain turns kept for follow-ups; the Assistant trims further


@dataclass
class ChatState:
    """Everything the chat remembers for one browser tab (server memory only)."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)  # message index -> meta

    def last_answer(self) -> dict[str, Any] | None:
        return self.answers[max(self.answers)] if self.answers else None


class Conversation:
    """Turns one user message into successive chat states: routes, streamed text, final."""

    def __init__(
        self,
        assistant: Any,
        catalog: Catalog,
        feedback: FeedbackStore,
        limiter: RateLimiter,
        feedback_limiter: RateLimiter,
    ) -> None:
        self._assistant = assistant
        self._catalog = catalog
        self._feedback = feedback
        self._limiter = limiter
        self._feedback_limiter = feedback_limiter

    def reply(
        self,
        state: ChatState,
        question: str,
        client: str,
        sources: Sequence[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> Iterator[ChatState]:
        question = repair(question or "")
        if not question.strip():
            yield self._notice(state, question, "Please type a question first.")
            return
        # the screen comes first: a limit, a bad filter or a fault still shows the routes
        safety = self._assistant.screen(question, list(state.turns))
        wait = self._limiter.hit(client)
        if wait and not safety.risk.detected:  # a risky message is never refused for rate
            yield self._notice(
                state, question, f"Too many questions; try again in {wait} s.", safety
            )
            return
        try:
            filters = self._catalog.check(make_filters(sources, date_from, date_to))
            if filters is not None and inverted(filters):
                raise BadRequest("date_from is after date_to")
        except (BadRequest, IndexUnavailable) as exc:
            yield self._notice(state, question, f"Filter not applied: {exc}", safety)
            return
        yield from self._stream(state, question, filters, safety)

    def _stream(
        self, state: ChatState, question: str, filters: Any, safety: Safety
    ) -> Iterator[ChatState]:
        t0 = time.perf_counter()
        history = list(state.turns)
        state.messages.append({"role": "user", "content": render.question_html(question)})
        state.messages.append({"role": "assistant", "content": render.notice_html("", safety)})
        text = ""
        try:
            for event in self._assistant.stream(question, history, filters, safety=safety):
                if event["type"] == "safety":
                    state.messages[-1]["content"] = render.streaming_html(safety, "")
                elif event["type"] == "delta":
                    text += event["text"]
                    state.messages[-1]["content"] = render.streaming_html(safety, text)
                elif event["type"] == "final":
                    self._finish(state, question, event["answer"])
                yield state
        except BadRequest as exc:
            state.messages[-1]["content"] = render.notice_html(str(exc), safety)
            yield state
        except IndexUnavailable:
            state.messages[-1]["content"] = render.notice_html(INDEX_DOWN, safety)
            yield state
        except Exception as exc:  # any fault: the routes stay on screen
            log.warning("chat answer failed: %s", type(exc).__name__)
            state.messages[-1]["content"] = render.notice_html(
                "Sorry, no answer could be given. Please try again.", safety
            )
            yield state
        log.info(
            "chat ask: chars=%d turns=%d ms=%.0f",
            len(question),
            len(history),
            (time.perf_counter() - t0) * 1000,
        )

    def _finish(self, state: ChatState, question: str, answer: Answer) -> None:
        state.messages[-1]["content"] = render.answer_html(answer)
        state.answers[len(state.messages) - 1] = {
            "id": uuid.uuid4().hex,
            "question": answer.question,
            "text": answer.answer,
            "risk": ",".join(answer.risk.categories),
        }
        state.turns.extend([Turn("user", answer.question), Turn("assistant", answer.answer)])
        del state.turns[:-MAX_TURNS_KEPT]
        log.info(
            "chat answer: risk=%s citations=%d refused=%s",
            ",".join(answer.risk.categories) or "none",
            len(answer.citations),
            answer.refused,
        )

    def _notice(
        self, state: ChatState, question: str, message: str, safety: Safety | None = None
    ) -> ChatState:
        if question.strip():
            state.messages.append({"role": "user", "content": render.question_html(question)})
        state.messages.append(
            {"role": "assistant", "content": render.notice_html(message, safety)}
        )
        return state

    def rate(
        self,
        state: ChatState,
        rating: str,
        comment: str | None = None,
        share_question: bool = False,
        index: int | None = None,
        client: str = "",
    ) -> str:
        """Store feedback for one answer (the last one by default); returns a status line.
        `client` is the rate-limit key, as for questions."""
        meta = state.answers.get(index) if index is not None else state.last_answer()
        if meta is None:
            return "Ask a question first, then rate the answer."
        if rating not in ("up", "down"):
            return "Choose helpful or not helpful first."
        wait = self._feedback_limiter.hit(client)
        if wait:
            return f"Too much feedback at once; try again in {wait} s."
        self._feedback.add(
            rating,
            comment=comment,
            question=meta["question"],
            share_question=share_question,
            answer_id=meta["id"],
            risk=meta["risk"] or None,
            origin="chat",
        )
        shared = " with your question" if share_question else " (your question was not stored)"
        return f"{SAVED}{shared}."
