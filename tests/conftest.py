"""Shared fixtures. Everything runs offline: no model hub, no telemetry, no analytics."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def pytest_collection_modifyitems(config, items):
    """The slow tier holds, whatever a module says, every test that drives the browser or
    needs the real model's index of the whole corpus (README: the two tiers)."""
    for item in items:
        if item.get_closest_marker("browser") or "corpus_index" in item.fixturenames:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture()
def fake_embedder():
    from tests.fakes import HashingEmbedder

    return HashingEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    """The packaged all-MiniLM-L6-v2, loaded once for the whole session."""
    from assistant.composition import build_embedder
    from assistant.settings import Settings

    return build_embedder(Settings())


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory):
    """Settings pointing at a temp data dir and a copy of the bundled corpus."""
    from assistant.settings import Settings

    base = tmp_path_factory.mktemp("corpus-index")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    return Settings(paths={"data_dir": base / "data", "corpus_dir": corpus})


@pytest.fixture(scope="session")
def corpus_index(corpus_settings, real_embedder):
    """The bundled corpus ingested once with the real model into a temp Chroma.

    Returns (settings, store). Read-only for tests: copy it before changing anything.
    """
    from assistant.composition import build_ingester, build_store

    store = build_store(corpus_settings)
    report = build_ingester(corpus_settings, embedder=real_embedder, store=store).ingest(
        [corpus_settings.paths.corpus_dir]
    )
    assert not report.failed, report.failed
    return corpus_settings, store


@pytest.fixture(scope="session")
def corpus_assistant(corpus_index, real_embedder):
    """A full Assistant (extractive, no LLM) over the bundled corpus."""
    from assistant.composition import build_assistant

    settings, store = corpus_index
    return build_assistant(settings, embedder=real_embedder, store=store)
