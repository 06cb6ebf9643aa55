"""An Assistant over the real index whose risk tier the test chooses.

The routes come from the real routes table through the real RouteSelector, at a fixed time
outside office hours (out-of-hours lines added: the fullest panels), so a layout test sees
the panel a user would see for that tier, the same on every run. The risks below give the
largest panels of the table: the immediate one has 12 routes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from assistant.safety.routes import RouteSelector, load_routes
from assistant.settings import Settings
from assistant.types import Risk, Safety
from tests.web.conftest import LiveServer, make_settings

LATE_EVENING = datetime(2026, 1, 6, 22, 0, tzinfo=ZoneInfo("Europe/London"))  # a Tuesday
RISKS = {
    "immediate": Risk(
        "immediate",
        ("medical_emergency", "modern_slavery", "online_abuse", "suicide_self_harm"),
    ),
    "concern": Risk("concern", ("child_sexual_exploitation",)),
    "topic": Risk("topic", ("child_sexual_exploitation",)),
    "none": Risk(),
}


class TierScreen:
    """`screen()` gives the Safety of the tier in `level`; set `level` before asking."""

    def __init__(self, settings: Settings, level: str = "none") -> None:
        self.level = level
        self._selector = RouteSelector(
            routes=load_routes(settings.safety.routes_file),
            tuning=settings.safety.tuning,
            default_area=settings.safety.default_area,
            timezone=settings.safety.timezone,
        )

    def screen(self, message, history=(), now=None) -> Safety:
        risk = RISKS[self.level]
        routes = self._selector.select(risk, LATE_EVENING)
        support = self._selector.support(risk, LATE_EVENING) if risk.level == "topic" else None
        return Safety(risk, tuple(routes), support, self._selector.visible(risk, routes))

    def assess(self, message, history=()) -> Risk:
        return RISKS[self.level]


def tiered_assistant(settings: Settings, embedder, store, screen: TierScreen):
    """The extractive Assistant of build_assistant, with `screen` as its risk screen."""
    from assistant.answer.vectors import MemoEmbedder
    from assistant.composition import build_answerers, build_retriever
    from assistant.retrieval.followup import FollowUpRewriter
    from assistant.service import Assistant
    from assistant.text import TokenCounter

    tokens = TokenCounter()
    memo = MemoEmbedder(embedder, settings.index.memo_texts, settings.index.memo_queries)
    retriever = build_retriever(settings, memo, store)
    extractive, _ = build_answerers(settings, memo, tokens, retriever.lexical)
    return Assistant(
        retriever=retriever,
        answerer=extractive,
        screen=screen,
        count_tokens=tokens,
        follow_up=FollowUpRewriter(settings.retrieval.follow_up),
        tuning=settings.answer,
    )


@contextlib.contextmanager
def tier_server(
    data: Path, corpus_index, embedder, **web
) -> Iterator[tuple[LiveServer, TierScreen]]:
    """(server, screen): the chat, /embed and /widget.js over the real index, live; set
    screen.level before asking. `web` settings as in make_settings (allowed_origins...)."""
    from web.server import create_app

    corpus_settings, store = corpus_index
    screen = TierScreen(corpus_settings)
    assistant = tiered_assistant(corpus_settings, embedder, store, screen)
    app = create_app(assistant, make_settings(data, **web), store=store, chat=True)
    with LiveServer(app) as server:
        yield server, screen
