"""web.launcher: the app `assistant serve`, `python app.py` and the uvicorn factory start."""

from __future__ import annotations

from assistant.settings import Settings
from web.launcher import build_app


def test_build_app_warms_up_risk_detection_before_the_first_message(tmp_path, fake_embedder):
    settings = Settings(paths={"data_dir": tmp_path / "data"})
    app = build_app(settings, build_index=False, say=lambda m: None, embedder=fake_embedder)
    screen = app.state.assistant._screen
    assert screen._lexicon._lexicon is not None and screen._lexicon._fuzzy is not None
    assert screen._classifier._model is not None
