"""The Assistant: one object the CLI, the API and the chat all talk to.

Order of work for every message, whatever the answer path:
1. the risk screen over the whole message and its recent turns, before anything is trimmed
   (always, first; never skipped, never suppressed, never raises);
2. retrieval (a failure here still returns the routes, and raises IndexUnavailable only when
   there is no risk to show);
3. answering (LLM when configured, falling back to the extractive answerer);
4. dates: statements dated when printed, newer issues on the same subject; and the closing
   emergency line.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from assistant.answer.dating import dated_statements, newer_coverage
from assistant.errors import BadRequest, IndexUnavailable, LLMUnavailable
from assistant.protocols import Answerer, Draft, Retriever, RiskScreen
from assistant.questions import focus
from assistant.settings import AnswerTuning
from assistant.text import repair
from assistant.types import Answer, Filters, Passage, Safety, Turn

log = logging.getLogger(__name__)

EMERGENCY_LINE = "In an emergency call 999."
INDEX_DOWN = (
    "The newsletter index is unavailable right now, so no answer can be given. "
    "Try again in a minute; if it persists, tell your administrator."
)


class Assistant:
    """Answers questions from the newsletters with citations, routes first when risk fires."""

    def __init__(
        self,
        *,
        retriever: Retriever,
        answerer: Answerer,
        screen: RiskScreen,
        count_tokens: Any,  # a text.TokenCounter: .count(text) and .trim(text, n)
        tuning: AnswerTuning,
        follow_up: Any = None,  # Callable[[str, Sequence[Turn]], str]: standalone retrieval query
        llm_answerer: Answerer | None = None,
        clock: Any = datetime.now,
    ) -> None:
        self._retriever = retriever
        self._answerer = answerer
        self._llm = llm_answerer
        self._screen = screen
        self._tokens = count_tokens
        self._follow_up = follow_up
        self._max_q_tokens = tuning.max_question_tokens
        self._max_turns = tuning.max_history_turns
        self._same_subject = tuning.newer_same_subject
        self._clock = clock

    def warm_up_retrieval(self) -> None:
        """Load the lexical index and embed every passage sentence now, so the first
        questions are not the slow ones (a server calls this in the background at start)."""
        warm = getattr(self._retriever, "warm_up", None)
        if warm is not None:
            warm()

    # -- input -------------------------------------------------------------------------------
    def clean(self, question: str, history: Sequence[Turn] = ()) -> tuple[str, tuple[Turn, ...]]:
        """The whole question and the recent turns, repaired; BadRequest for an empty one."""
        if not isinstance(question, str):
            raise BadRequest("question must be text")
        q = repair(question).strip()
        if not q:
            raise BadRequest("question is empty")
        turns = tuple(
            Turn(t.role, repair(t.content)) for t in history[-self._max_turns :]
        ) if self._max_turns else ()
        return q, turns

    def trim(self, question: str) -> tuple[str, list[str]]:
        """The question as retrieval and answering read it, with a notice when cut."""
        if self._tokens.count(question) <= self._max_q_tokens:
            return question, []
        notice = (
            f"Your question was very long; only its first {self._max_q_tokens} tokens were "
            "used to find the answer (all of it was read for safety)."
        )
        return self._tokens.trim(question, self._max_q_tokens), [notice]

    def screen(self, message: object, history: Sequence[Turn] = ()) -> Safety:
        """Risk, routes and support for any text, on any path (errors, limits, outages):
        never raises; an empty or unreadable message has no risk."""
        try:
            q, turns = self.clean(message if isinstance(message, str) else str(message), history)
        except BadRequest:
            return Safety()
        return self._screen.screen(q, turns, self._now())

    # -- answering ---------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        id: str | None = None,
        safety: Safety | None = None,
    ) -> Answer:
        """The whole answer. `safety`, when the caller has already screened this message
        (the web edge does, before its rate limit), is used instead of screening again."""
        for event in self._events(question, history, filters, id, safety):
            if event["type"] == "final":
                return event["answer"]
        raise AssertionError("the answer pipeline ended without a final event")  # unreachable

    def stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        id: str | None = None,
        safety: Safety | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Events for the web chat: `safety` first (risk and routes, before retrieval), then
        `delta` pieces of the answer text (joined they are the whole text), then `final` with
        the same Answer `ask` returns. Risk detection runs once."""
        return self._events(question, history, filters, id, safety)

    def _events(
        self,
        question: str,
        history: Sequence[Turn],
        filters: Filters | None,
        id: str | None,
        safety: Safety | None,
    ) -> Iterator[dict[str, Any]]:
        t0 = time.perf_counter()
        full, turns = self.clean(question, history)
        if safety is None:
            safety = self._screen.screen(full, turns, self._now())
        risk = safety.risk
        t_safety = time.perf_counter()
        log.info("ask: %d chars, risk=%s", len(full), risk.level)
        yield {"type": "safety", "safety": safety, "risk": risk, "routes": safety.routes}
        t_resumed = time.perf_counter()  # the consumer's time is not the assistant's
        q, warnings = self.trim(full)
        asked = focus(q)  # what is asked, without the remarks after it
        query = self._follow_up(asked, turns) if self._follow_up else asked
        try:
            passages = self._retriever.retrieve(query, filters)
        except IndexUnavailable:
            if not risk.detected:
                raise
            answer = Answer(
                question=q, answer=f"{INDEX_DOWN}\n\n{EMERGENCY_LINE}", refused=True,
                warnings=(*warnings, INDEX_DOWN), id=id,
                timings_ms=_ms(t0, t_safety, t_resumed, t_resumed, t_resumed),
                backend="unavailable", **_safety_fields(safety),
            )
            yield from _deliver(answer)
            return
        t_retrieve = time.perf_counter()
        # a follow-up is answered as its standalone form ("who runs it? (turning point)")
        draft = self._draft(query, passages)
        t_answer = time.perf_counter()
        warnings.extend(draft.warnings)
        warnings.extend(dated_statements(draft.citations))
        warnings.extend(newer_coverage(draft.citations, passages, self._same_subject))
        answer = Answer(
            question=q,
            answer=f"{draft.text.rstrip()}\n\n{EMERGENCY_LINE}",
            refused=draft.refused,
            citations=tuple(draft.citations),
            retrieved=tuple(passages[:10]),
            warnings=tuple(dict.fromkeys(warnings)),
            timings_ms=_ms(t0, t_safety, t_resumed, t_retrieve, t_answer),
            id=id,
            backend=draft.backend,
            **_safety_fields(safety),
        )
        yield from _deliver(answer)

    def _draft(self, question: str, passages: Sequence[Passage]) -> Draft:
        if self._llm is not None:
            try:
                return self._llm.answer(question, passages)
            except LLMUnavailable as exc:
                log.warning("LLM unavailable, using the extractive answer: %s", exc)
                draft = self._answerer.answer(question, passages)
                note = (
                    "The language model's answer could not be used "
                    f"({exc}), so this is the extractive answer."
                )
                return replace(
                    draft, warnings=(*draft.warnings, note), backend="extractive-fallback"
                )
        return self._answerer.answer(question, passages)

    def _now(self) -> datetime:
        return self._clock()


def _safety_fields(safety: Safety) -> dict[str, Any]:
    return {
        "risk": safety.risk,
        "routes": safety.routes,
        "support": safety.support,
        "routes_visible": safety.visible,
    }


def _ms(
    t0: float, t_safety: float, t_resumed: float, t_retrieve: float, t_answer: float
) -> dict[str, float]:
    paused = t_resumed - t_safety
    return {
        "safety": (t_safety - t0) * 1000,
        "retrieve": (t_retrieve - t_resumed) * 1000,
        "answer": (t_answer - t_retrieve) * 1000,
        "total": (time.perf_counter() - t0 - paused) * 1000,
    }


def _deliver(answer: Answer) -> Iterator[dict[str, Any]]:
    for piece in _sentences(answer.answer):
        yield {"type": "delta", "text": piece}
    yield {"type": "final", "answer": answer}


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?\]])(\s+)", text)
    out: list[str] = []
    for p in parts:
        if out and p.isspace():
            out[-1] += p
        elif p:
            out.append(p)
    return out
