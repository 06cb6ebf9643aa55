"""A tiny newsletter corpus in a real Chroma store (HashingEmbedder: plumbing only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.pipeline import Ingester
from assistant.retrieval.store import open_store
from assistant.text import TokenCounter

OLD = """Safeguarding News

Issue 3
March 2015

Front door

The children's front door phone number is 0116 111 1111. Call it when a child may be at risk.

Private fostering

A private fostering arrangement lasts 28 days or more. Tell the local authority about it.
"""

NEW = """Safeguarding News

Issue 9
June 2021

Front door

The children's front door phone number is 0116 222 2222. Call it when a child may be at risk.

Choking risks

Adults with learning disabilities can be at risk of choking on food. Cut food into small pieces.
"""

METADATA = """
["news-2015-03.txt"]
title = "Safeguarding News"
issue = "3"
date = "2015-03"
area = "leicester"

["news-2021-06.txt"]
title = "Safeguarding News"
issue = "9"
date = "2021-06"
area = "rutland"
"""


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "news-2015-03.txt").write_text(OLD, encoding="utf-8")
    (folder / "news-2021-06.txt").write_text(NEW, encoding="utf-8")
    (folder / "metadata.toml").write_text(METADATA, encoding="utf-8")
    return folder


def make_ingester(embedder, store, corpus: Path) -> Ingester:
    return Ingester(
        embedder=embedder, store=store, tokens=TokenCounter(),
        metadata_file=corpus / "metadata.toml", chunk_tokens=64, overlap_tokens=8,
        max_file_bytes=1_000_000,
    )


@pytest.fixture()
def small_index(tmp_path, fake_embedder):
    """(store, corpus folder, ingester) with both small newsletters ingested."""
    corpus = write_corpus(tmp_path / "corpus")
    store = open_store(tmp_path / "data")
    ingester = make_ingester(fake_embedder, store, corpus)
    report = ingester.ingest([corpus])
    assert not report.failed, report.failed
    return store, corpus, ingester
