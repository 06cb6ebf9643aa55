"""Fixtures for the safety tests: one detector and the packaged routes, loaded once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")
# Tuesday 24 November 2026, 10:00 London time: office hours.
IN_HOURS = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
# Tuesday 24 November 2026, 20:00 London time: out of hours.
OUT_OF_HOURS = datetime(2026, 11, 24, 20, 0, tzinfo=LONDON)


@pytest.fixture(scope="session")
def tuning():
    """The production SafetyTuning: tests run the values the product runs."""
    from assistant.settings import Settings

    return Settings().safety.tuning


@pytest.fixture(scope="session")
def detector(tuning):
    from assistant.safety.detector import LexiconDetector

    d = LexiconDetector(tuning)
    d.warm_up()
    return d


@pytest.fixture(scope="session")
def screen(real_embedder):
    """The product's risk screen: lexicon, classifier over the real model, routes."""
    from assistant.composition import build_safety
    from assistant.settings import Settings

    s = build_safety(Settings(), real_embedder)
    s.warm_up()
    return s


@pytest.fixture(scope="session")
def routes():
    from assistant.safety.routes import load_routes

    return load_routes(None)


@pytest.fixture(scope="session")
def selector(routes, tuning):
    from assistant.safety.routes import RouteSelector

    return RouteSelector(routes=routes, tuning=tuning, default_area=None, timezone="Europe/London")
