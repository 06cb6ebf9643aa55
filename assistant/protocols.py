"""The seams between stages. Each stage depends on these, never on another stage's class."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import numpy as np

from assistant.types import Chunk, DocumentMeta, Filters, Passage, Risk, Route, Safety, Turn

# progress(done, total) for long work; the CLI turns it into a progress bar.
Progress = Callable[[int, int], None]


class Embedder(Protocol):
    """Turns text into L2-normalised vectors. Loads its model on first use."""

    @property
    def dimension(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class DocumentRecord:
    """One ingested document as the store knows it."""

    doc: DocumentMeta
    doc_hash: str
    chunks: int


class ChunkStore(Protocol):
    """The vector index (Chroma, embedded or server). Only active chunks are ever returned."""

    def query(
        self, embedding: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[tuple[Chunk, float]]:
        """Nearest active chunks with cosine similarity (higher is closer), best first."""
        ...

    def all_chunks(self) -> list[Chunk]:
        """Every active chunk (for building the lexical index)."""
        ...

    def version(self) -> str:
        """Changes whenever the active contents change; cheap to call."""
        ...

    def documents(self) -> list[DocumentRecord]: ...

    def count(self) -> int: ...


class Retriever(Protocol):
    def retrieve(self, query: str, filters: Filters | None = None) -> list[Passage]: ...


@dataclass(frozen=True)
class Draft:
    """What an answerer returns before safety and dates are added by the Assistant."""

    text: str  # markdown with [n] markers
    citations: tuple  # tuple[Citation, ...]
    refused: bool
    warnings: tuple[str, ...] = ()
    backend: str = "extractive"


class Answerer(Protocol):
    def answer(self, question: str, passages: Sequence[Passage]) -> Draft: ...


class RiskDetector(Protocol):
    def assess(self, message: str, history: Sequence[Turn] = ()) -> Risk: ...


class RouteSelector(Protocol):
    def select(self, risk: Risk, now: datetime | None = None) -> list[Route]: ...


class RiskScreen(Protocol):
    """Risk, routes and support for a message with its recent turns. Never raises."""

    def screen(
        self, message: str, history: Sequence[Turn] = (), now: datetime | None = None
    ) -> Safety: ...
