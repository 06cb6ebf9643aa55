"""The dense-only baseline the retrieval metrics are compared against.

Same embedding model as the assistant; each file's text split into 1000-character chunks
with LangChain's RecursiveCharacterTextSplitter (200 characters overlap, its default);
stored in its own temporary Chroma collection; retrieval by dense similarity alone (no
lexical index, no fusion, no section-aware chunking). It answers the question "what do the
assistant's chunking and hybrid retrieval gain over the plainest RAG setup?".
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


class DenseBaseline:
    """Build once with `build()`, query with `retrieve()`, then `close()`."""

    def __init__(
        self,
        embedder: Any,
        texts: Mapping[str, str],
        chunk_size: int = CHUNK_SIZE,
        chunk_overlap: int = CHUNK_OVERLAP,
        top_k: int = 10,
    ) -> None:
        if not texts:
            raise ValueError("the baseline needs at least one document")
        self._embedder = embedder
        self._texts = dict(texts)
        self._chunk_size = chunk_size
        self._overlap = chunk_overlap
        self._top_k = top_k
        self._dir: Path | None = None
        self._collection: Any = None
        self.chunks = 0

    def build(self) -> DenseBaseline:
        import chromadb
        from chromadb.config import Settings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=self._chunk_size, chunk_overlap=self._overlap
        )
        ids, docs, metas = [], [], []
        for source, text in sorted(self._texts.items()):
            for i, piece in enumerate(splitter.split_text(text)):
                ids.append(f"{source}#{i}")
                docs.append(piece)
                metas.append({"source": source})
        self._dir = Path(tempfile.mkdtemp(prefix="eval-baseline-"))
        client = chromadb.PersistentClient(
            path=str(self._dir), settings=Settings(anonymized_telemetry=False)
        )
        self._collection = client.get_or_create_collection(
            "baseline", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        vectors = self._embedder.embed_documents(docs)
        for start in range(0, len(ids), 256):
            end = start + 256
            self._collection.add(
                ids=ids[start:end],
                documents=docs[start:end],
                metadatas=metas[start:end],
                embeddings=[list(map(float, v)) for v in vectors[start:end]],
            )
        self.chunks = len(ids)
        log.info("baseline: %d chunks from %d files", len(ids), len(self._texts))
        return self

    def retrieve(self, query: str) -> list[dict[str, Any]]:
        """The top passages as dicts shaped like `Answer.to_dict()["retrieved"]`."""
        if self._collection is None:
            raise RuntimeError("call build() first")
        vector = [float(x) for x in self._embedder.embed_query(query)]
        got = self._collection.query(
            query_embeddings=[vector],
            n_results=min(self._top_k, self.chunks),
            include=["documents", "metadatas", "distances"],
        )
        return [
            {
                "rank": i,
                "source": meta.get("source", ""),
                "text": doc,
                "score": round(1.0 - float(dist), 6),
            }
            for i, (doc, meta, dist) in enumerate(
                zip(got["documents"][0], got["metadatas"][0], got["distances"][0], strict=False), 1
            )
        ]

    def close(self) -> None:
        self._collection = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
