"""Routes are on every answer path of the Assistant: the retriever and answerers here are
stand-ins defined in this test; the risk screen (both detectors, route selection) is real."""

from __future__ import annotations

import pytest

from assistant.errors import IndexUnavailable, LLMUnavailable
from assistant.protocols import Draft
from assistant.service import EMERGENCY_LINE, Assistant
from assistant.text import TokenCounter
from assistant.types import Turn
from tests.fakes import production
from tests.safety.conftest import IN_HOURS

RISKY = "my neighbour's toddler is not breathing and has bruises all over"
CONCERN = "i think my nieghbours kids are being abuzed"


class EmptyRetriever:
    def retrieve(self, query, filters=None):
        return []


class DownRetriever:
    def retrieve(self, query, filters=None):
        raise IndexUnavailable("index down")


class ExtractiveStub:
    def answer(self, question, passages):
        return Draft(
            text="The newsletters say to refer concerns the same day [1].",
            citations=(),
            refused=False,
        )


class RefusingStub:
    def answer(self, question, passages):
        return Draft(
            text="The newsletters do not answer this question.", citations=(), refused=True
        )


class DownLLM:
    def answer(self, question, passages):
        raise LLMUnavailable("endpoint down")


PATHS = {
    "extractive": dict(retriever=EmptyRetriever(), answerer=ExtractiveStub()),
    "llm-fallback": dict(
        retriever=EmptyRetriever(), answerer=ExtractiveStub(), llm_answerer=DownLLM()
    ),
    "refusal": dict(retriever=EmptyRetriever(), answerer=RefusingStub()),
    "index-unavailable": dict(retriever=DownRetriever(), answerer=ExtractiveStub()),
}


def _assistant(screen, **parts) -> Assistant:
    return Assistant(
        screen=screen,
        count_tokens=TokenCounter(),
        tuning=production().answer,
        clock=lambda: IN_HOURS,
        **parts,
    )


@pytest.mark.parametrize("path", sorted(PATHS))
def test_always_on_immediate_risk_every_answer_path(screen, path):
    answer = _assistant(screen, **PATHS[path]).ask(RISKY)
    assert answer.risk.detected and answer.risk.immediate
    assert answer.routes and answer.routes[0].id == "emergency-999"
    assert answer.answer.endswith(EMERGENCY_LINE)
    assert EMERGENCY_LINE == "In an emergency call 999."


@pytest.mark.parametrize("path", sorted(PATHS))
def test_always_on_concern_every_answer_path(screen, path):
    answer = _assistant(screen, **PATHS[path]).ask(CONCERN)
    assert answer.risk.detected
    assert answer.risk.level == "concern" and answer.routes
    assert any(r.emergency for r in answer.routes)
    assert answer.answer.endswith("In an emergency call 999.")


def test_always_on_llm_fallback_is_marked(screen):
    answer = _assistant(screen, **PATHS["llm-fallback"]).ask(RISKY)
    assert answer.backend == "extractive-fallback"
    assert answer.routes[0].emergency


def test_always_on_history_follow_up(screen):
    history = [Turn("user", "my daughter has been cutting her arms"), Turn("assistant", "...")]
    answer = _assistant(screen, **PATHS["extractive"]).ask("who do I call?", history)
    assert answer.risk.detected and answer.routes


def test_always_on_stream_sends_routes_first(screen):
    events = list(_assistant(screen, **PATHS["extractive"]).stream(RISKY))
    assert events[0]["type"] == "safety"
    assert events[0]["routes"][0].id == "emergency-999"
    assert events[-1]["answer"].routes


def test_always_on_no_risk_no_routes(screen):
    answer = _assistant(screen, **PATHS["extractive"]).ask(
        "What training is there on CSE?"
    )
    assert not answer.risk.detected and answer.routes == ()
