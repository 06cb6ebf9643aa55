"""One ingest run: each file classified (unchanged, failed, new or changed), changed ones
queued for embedding with the vectors of their previous version to reuse."""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING, Any

from assistant.errors import IngestError
from assistant.ingest.batching import EmbedQueue, PendingDocument
from assistant.ingest.parse import ParsedDocument
from assistant.ingest.prefetch import Parsed
from assistant.ingest.targets import Target, kind_of, printable
from assistant.protocols import Progress
from assistant.retrieval.chroma_codec import ManifestEntry

if TYPE_CHECKING:
    from assistant.ingest.pipeline import Ingester

log = logging.getLogger(__name__)


class IngestRun:
    """The state of one ingest: classifies each file and feeds changed ones to the queue."""

    def __init__(
        self,
        ingester: Ingester,
        entries: dict[str, ManifestEntry],
        rebuild: bool,
        progress: Progress | None,
        total_bytes: int,
    ) -> None:
        self.ing = ingester
        self.entries = entries
        self.rebuild = rebuild
        self.salt = secrets.token_hex(8) if rebuild else ""
        self.failed: list[tuple[str, str]] = []
        self.written: list[str] = []
        self.unchanged = 0
        self.sources: dict[str, str] = {}
        self.queue = EmbedQueue(
            ingester.embedder,
            ingester.store,
            ingester.embed_batch,
            on_written=self.written.append,
            progress=progress,
            total_bytes=total_bytes,
            spans=ingester.span_vectors,
        )

    def handle(self, target: Target, key: str, parsed: Parsed) -> None:
        name = target.path.name
        if name in self.sources:
            self._fail(target, f"another file named {name} was ingested from {self.sources[name]}")
            return
        self.sources[name] = str(target.path)
        if parsed is None:  # the quick key matched: nothing to parse or embed
            self.unchanged += 1
            self.queue.skip(target.size)
            return
        if isinstance(parsed, IngestError):
            self._fail(target, str(parsed))
            return
        if not parsed.chunks:
            self._fail(target, "no text to index")
            return
        entry = self._entry(target, parsed, key)
        old = self.entries.get(name)
        if old and old.generation == entry.generation:
            self.unchanged += 1
            if (old.origin, old.path, old.quick_key) != (entry.origin, entry.path, key):
                self.ing.store.activate(entry, parsed.source_text)  # same chunks: new key or place
            self.queue.skip(target.size)
            return
        reuse = {} if self.rebuild or not old else self._reusable(old.generation)
        self.queue.add(PendingDocument(parsed=parsed, entry=entry, size=target.size), reuse)

    def _reusable(self, generation: str) -> dict[str, Any]:
        """Stored vectors of the document's previous version, by text key."""
        reuse = dict(self.ing.store.embeddings_of(generation))
        if self.ing.span_vectors:
            reuse.update(self.ing.store.span_embeddings_of(generation))
        return reuse

    def _entry(self, target: Target, parsed: ParsedDocument, key: str) -> ManifestEntry:
        return ManifestEntry(
            doc=parsed.doc,
            doc_hash=parsed.doc_hash,
            generation=self.ing.generation(parsed, self.salt),
            chunks=len(parsed.chunks),
            origin=target.origin,
            path=str(target.path.resolve()),
            kind=kind_of(target.path),
            quick_key=key,
        )

    def _fail(self, target: Target, reason: str) -> None:
        log.warning("%s: not ingested: %s", target.path.name, reason)
        self.failed.append((printable(target.path), reason))
        self.queue.skip(target.size)
