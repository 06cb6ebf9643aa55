"""The composition root: what build_assistant loads up front and what it leaves lazy."""

from __future__ import annotations

from assistant.composition import build_assistant
from assistant.settings import Settings


def _detector(assistant):
    return assistant._screen._lexicon  # the lexicon detector inside the Assistant's screen


def test_build_assistant_warm_up_loads_risk_detection(tmp_path, fake_embedder):
    settings = Settings(paths={"data_dir": tmp_path / "data"})
    detector = _detector(build_assistant(settings, embedder=fake_embedder, warm_up=True))
    assert detector._lexicon is not None and detector._fuzzy is not None


def test_build_assistant_without_warm_up_loads_on_first_message(tmp_path, fake_embedder):
    settings = Settings(paths={"data_dir": tmp_path / "data"})
    detector = _detector(build_assistant(settings, embedder=fake_embedder))
    assert detector._fuzzy is None
    assert detector.find("he hits me").categories
    assert detector._fuzzy is not None
