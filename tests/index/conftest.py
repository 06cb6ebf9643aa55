"""Fixtures for the index tests: a private corpus copy, a temp store and an ingester over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.ingest.pipeline import Ingester
from assistant.retrieval.store import ChromaStore, open_store
from assistant.text import TokenCounter

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
NEWSLETTERS = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))


@pytest.fixture(scope="session")
def tokens() -> TokenCounter:
    return TokenCounter()


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus (five newsletters and metadata.toml)."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture()
def store(tmp_path: Path) -> ChromaStore:
    return open_store(tmp_path / "data")


def make_ingester(embedder, store, tokens, corpus: Path, **kw) -> Ingester:
    return Ingester(
        embedder=embedder,
        store=store,
        tokens=tokens,
        metadata_file=corpus / "metadata.toml",
        chunk_tokens=kw.pop("chunk_tokens", 160),
        overlap_tokens=kw.pop("overlap_tokens", 32),
        max_file_bytes=kw.pop("max_file_bytes", 8 * 1024 * 1024),
        **kw,
    )


@pytest.fixture()
def ingester(fake_embedder, store, tokens, corpus_copy) -> Ingester:
    return make_ingester(fake_embedder, store, tokens, corpus_copy)
