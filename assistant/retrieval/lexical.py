"""The lexical (BM25) side of retrieval, kept in step with the vector store.

The index is built from `store.all_chunks()` and persisted beside the vector index under
`cache_dir/<version key>/`. Before every search the store's `version()` is compared with the
version the index was built from; when it changed (an incremental ingest, or another process
ingesting into the same Chroma server) the index is loaded from the cache if some process
already built that version, or rebuilt and saved. So several processes sharing one store stay
consistent without talking to each other. Each chunk is indexed with its section heading
prepended, so a question naming a heading finds the passages under it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import IndexUnavailable
from assistant.protocols import ChunkStore
from assistant.retrieval.filters import chunk_matches
from assistant.terms import content_words
from assistant.types import Chunk, DocumentMeta, Filters

log = logging.getLogger(__name__)

_READY = "READY"
_KEEP_VERSIONS = 3  # older cache folders are removed; a reader may still hold the previous one


def indexed_text(chunk: Chunk) -> str:
    """What BM25 sees for a chunk: the section heading, then the passage."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


class LexicalIndex:
    """BM25 over every active chunk of `store`, rebuilt when `store.version()` changes."""

    def __init__(
        self, store: ChunkStore, cache_dir: Path | None, k1: float, b: float
    ) -> None:
        self._store = store
        self._cache_dir = Path(cache_dir) if cache_dir else None
        self._k1 = k1
        self._b = b
        self._lock = threading.Lock()
        self._version: str | None = None
        self._bm25: Any = None
        self._chunks: list[Chunk] = []

    @property
    def chunks(self) -> list[Chunk]:
        """Every active chunk, in index order (current with the store)."""
        self.ensure_current()
        return self._chunks

    @property
    def version(self) -> str | None:
        return self._version

    def ensure_current(self) -> None:
        """Load or rebuild the index if the store changed since it was built."""
        try:
            version = self._store.version()
        except IndexUnavailable:
            raise
        except Exception as exc:  # a store that cannot say its version cannot be searched
            raise IndexUnavailable(f"cannot read the index version: {exc}") from exc
        if version == self._version:
            return
        with self._lock:
            if version == self._version:
                return
            loaded = self._load(version)
            if loaded is None:
                loaded = self._build()
                self._save(version, *loaded)
            self._bm25, self._chunks = loaded
            self._version = version
            log.info("lexical index at version %s: %d chunks", version[:12], len(self._chunks))

    def search(
        self, query: str, k: int, filters: Filters | None = None
    ) -> list[tuple[Chunk, float]]:
        """The `k` best chunks for `query` by BM25 (positive scores only), best first."""
        self.ensure_current()
        bm25, chunks = self._bm25, self._chunks
        tokens = list(dict.fromkeys(content_words(query)))
        if bm25 is None or not tokens:
            return []
        ids = bm25.get_tokens_ids(tokens)
        if not ids:
            return []
        mask = None
        if filters is not None and not filters.is_empty():
            mask = np.fromiter((chunk_matches(c, filters) for c in chunks), dtype=np.float32)
        scores = np.asarray(bm25.get_scores_from_ids(ids, weight_mask=mask), dtype=np.float32)
        k = min(k, len(chunks))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(chunks) else np.arange(len(chunks))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(chunks[i], float(scores[i])) for i in top if scores[i] > 0]

    # -- building and the cache -----------------------------------------------------------------
    def _build(self) -> tuple[Any, list[Chunk]]:
        import bm25s

        _quiet_bm25s()

        chunks = sorted(self._store.all_chunks(), key=lambda c: c.id)
        if not chunks:
            return None, []
        corpus = [content_words(indexed_text(c)) or ["_"] for c in chunks]
        bm25 = bm25s.BM25(k1=self._k1, b=self._b)
        bm25.index(corpus, show_progress=False)
        return bm25, chunks

    def _folder(self, version: str) -> Path | None:
        if self._cache_dir is None:
            return None
        key = hashlib.sha1(f"{version}|{self._k1}|{self._b}".encode()).hexdigest()[:20]
        return self._cache_dir / key

    def _load(self, version: str) -> tuple[Any, list[Chunk]] | None:
        folder = self._folder(version)
        if folder is None or not (folder / _READY).is_file():
            return None
        try:
            import bm25s

            _quiet_bm25s()

            chunks = [_chunk_from(json.loads(line)) for line in _lines(folder / "chunks.jsonl")]
            bm25 = None
            if chunks:
                bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False)
            return bm25, chunks
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("lexical cache %s unreadable (%s); rebuilding", folder.name, exc)
            return None

    def _save(self, version: str, bm25: Any, chunks: list[Chunk]) -> None:
        folder = self._folder(version)
        if folder is None:
            return
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
            with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as fh:
                for c in chunks:
                    fh.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
            if bm25 is not None:
                bm25.save(str(tmp / "bm25"), show_progress=False)
            (tmp / _READY).write_text(version, encoding="utf-8")
            try:
                os.rename(tmp, folder)  # atomic; loses the race quietly if another process won
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
            self._prune(keep=folder)
        except OSError as exc:  # a read-only data dir still answers, from memory
            log.warning("cannot save the lexical index cache: %s", exc)

    def _prune(self, keep: Path) -> None:
        assert self._cache_dir is not None
        folders = [
            p
            for p in self._cache_dir.iterdir()
            if p.is_dir() and p != keep and not p.name.startswith(".")  # others' builds
        ]
        folders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in folders[_KEEP_VERSIONS - 1 :]:
            shutil.rmtree(old, ignore_errors=True)


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _chunk_from(d: dict[str, Any]) -> Chunk:
    d = dict(d)
    d["doc"] = DocumentMeta(**d["doc"])
    d["spans"] = tuple(tuple(s) for s in d.get("spans", ()))
    return Chunk(**d)


def _quiet_bm25s() -> None:
    """bm25s logs its progress at DEBUG on its own logger; keep that out of our output."""
    logging.getLogger("bm25s").setLevel(logging.WARNING)
