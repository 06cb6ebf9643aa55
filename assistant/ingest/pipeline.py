"""The Ingester: files -> parsed chunks -> embeddings (batched across files) -> the store.

Each document is switched atomically in the store (see assistant.retrieval.store), so a failed
or killed ingest leaves the previous index serving. Unchanged documents (same bytes, metadata
and chunking) are skipped without embedding; passages whose text did not change reuse their
stored embeddings.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError, IngestError
from assistant.ingest.metadata import MetadataTable
from assistant.ingest.ocr import PageOcr
from assistant.ingest.parse import ParsedDocument, parse_file
from assistant.ingest.prefetch import Prefetcher, code_fingerprint, quick_key
from assistant.ingest.run import IngestRun
from assistant.ingest.targets import METADATA_NAME, Target, expand, within
from assistant.protocols import Embedder, Progress
from assistant.retrieval.chroma_codec import ManifestEntry
from assistant.text import TokenCounter

log = logging.getLogger(__name__)

# Bump when what is stored per chunk changes, so every document is written again.
SCHEMA = "2"  # 2: sentence vectors beside the chunks
LOOKAHEAD = 3  # files parsed ahead of the embedding (bounds memory)


@dataclass(frozen=True)
class IngestReport:
    seen: int  # files considered (supported files found plus failures)
    ingested: int  # new or changed documents written
    unchanged: int
    removed: int
    failed: list[tuple[str, str]]  # (file, reason)
    chunks: int  # chunks written this run
    seconds: float
    embedded: int = 0  # passages sent to the embedder (the rest reused stored vectors)
    embedded_sentences: int = 0  # passage sentences sent to the embedder
    total_chunks: int = 0  # active chunks in the index afterwards
    documents: int = 0  # active documents in the index afterwards
    ingested_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["failed"] = [{"file": f, "reason": r} for f, r in self.failed]
        out["seconds"] = round(self.seconds, 3)
        return out


class Ingester:
    """Ingests files and folders into a store. Dependencies come in; nothing reads Settings."""

    def __init__(
        self,
        embedder: Embedder,
        store: Any,
        tokens: TokenCounter,
        metadata_file: Path | None,
        chunk_tokens: int,
        overlap_tokens: int,
        max_file_bytes: int,
        embed_batch: int = 256,
        ocr: PageOcr | None = None,
        span_vectors: bool = True,
    ) -> None:
        """`ocr` reads scanned PDF pages; without it a scan is refused with a reason.
        `span_vectors`: embed every passage sentence too and store the vectors with the index,
        so answers never wait for them (assistant.retrieval.span_store)."""
        if not 0 <= overlap_tokens < chunk_tokens:
            raise ConfigError("need 0 <= overlap_tokens < chunk_tokens")
        self.embedder = embedder
        self.store = store
        self.tokens = tokens
        self.metadata_file = Path(metadata_file) if metadata_file else None
        self.chunk_tokens = chunk_tokens
        self.overlap_tokens = overlap_tokens
        self.max_file_bytes = max_file_bytes
        self.embed_batch = embed_batch
        self.ocr = ocr
        self.span_vectors = span_vectors
        self._tables: dict[Path, MetadataTable] = {}
        self._fingerprint = ""

    def source_text(self, source: str) -> str:
        """The text chunk offsets of `source` index into."""
        return self.store.source_text(source)

    def ingest(
        self, paths: Sequence[Path], rebuild: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        """Ingest files and folders; `rebuild` re-embeds everything and drops other documents."""
        started = time.perf_counter()
        with self._lock(), ThreadPoolExecutor(1, thread_name_prefix="parse") as pool:
            self._tables = {}
            self._fingerprint = code_fingerprint(
                SCHEMA,
                self.chunk_tokens,
                self.overlap_tokens,
                self.max_file_bytes,
                self._embedder_id(),
                self.ocr.fingerprint() if self.ocr else [],
                self.span_vectors,
            )
            targets, failed = expand(paths)
            entries_ready: Future[dict[str, ManifestEntry]] = Future()
            prefetch = Prefetcher(self.parse, self._quick_key, LOOKAHEAD)
            # Parsing starts now and overlaps opening the store (importing Chroma takes a while).
            results = prefetch.run(targets, None if rebuild else entries_ready, pool)
            try:
                self.store.collect_garbage()
                entries = self.store.entries()
            except BaseException as exc:
                entries_ready.set_exception(exc)
                raise
            entries_ready.set_result(entries)
            run = IngestRun(self, entries, rebuild, progress, sum(t.size for t in targets))
            prefetch.idle = run.queue.embed_some
            for target, key, parsed in results:
                run.handle(target, key, parsed)
            run.queue.finish()
            removed = self._removals(paths, targets, entries, rebuild)
            for source in removed:
                self.store.remove(source)
            failed = failed + run.failed
            after = self.store.entries()
        return IngestReport(
            seen=len(targets) + len(failed) - len(run.failed),
            ingested=len(run.written),
            unchanged=run.unchanged,
            removed=len(removed),
            failed=failed,
            chunks=run.queue.chunks_written,
            seconds=time.perf_counter() - started,
            embedded=run.queue.embedded,
            embedded_sentences=run.queue.embedded_spans,
            total_chunks=sum(e.chunks for e in after.values()),
            documents=len(after),
            ingested_files=run.written,
            removed_files=removed,
        )

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """One ingest at a time per data folder (a second one would collect the first's work)."""
        data_dir = Path(getattr(self.store, "data_dir", "."))
        data_dir.mkdir(parents=True, exist_ok=True)
        with open(data_dir / "ingest.lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IngestError(
                    f"another ingest is running on {data_dir}; wait for it to finish"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def metadata_for(self, target: Target) -> MetadataTable:
        """The file's own folder's metadata.toml, else its ingested folder's, else the default."""
        candidates = [target.path.parent / METADATA_NAME]
        if target.origin:
            candidates.append(Path(target.origin) / METADATA_NAME)
        chosen = next((p for p in candidates if p.is_file()), self.metadata_file)
        key = Path(chosen).resolve() if chosen else Path()
        if key not in self._tables:
            self._tables[key] = MetadataTable.load(chosen)
        return self._tables[key]

    def _quick_key(self, target: Target) -> str:
        return quick_key(
            target, self._fingerprint, self.metadata_for(target).entry(target.path.name)
        )

    def _embedder_id(self) -> list[Any]:
        model = getattr(self.embedder, "model_dir", "")
        return [type(self.embedder).__name__, Path(str(model)).name, self.embedder.dimension]

    def parse(self, target: Target) -> ParsedDocument:
        return parse_file(
            target.path,
            tokens=self.tokens,
            metadata=self.metadata_for(target),
            chunk_tokens=self.chunk_tokens,
            overlap_tokens=self.overlap_tokens,
            max_file_bytes=self.max_file_bytes,
            ocr=self.ocr,
        )

    def generation(self, parsed: ParsedDocument, salt: str = "") -> str:
        """A fingerprint of everything stored for a document: equal means nothing to do."""
        h = hashlib.sha256()
        parts: list[Any] = [SCHEMA, salt, self._embedder_id(), asdict(parsed.doc), parsed.doc_hash]
        parts.append("span-vectors" if self.span_vectors else "passages")
        for c in parsed.chunks:
            part = [c.id, c.content_hash, c.section, c.start, c.end, c.page, c.spans]
            # marks only when set, so documents stored before a mark existed keep their generation
            parts.append(part + ([True] if c.ocr else []) + ([c.garbled] if c.garbled else []))
        h.update(json.dumps(parts, sort_keys=True, default=str).encode())
        return h.hexdigest()[:24]

    def _removals(
        self,
        paths: Sequence[Path],
        targets: list[Target],
        entries: dict[str, ManifestEntry],
        rebuild: bool,
    ) -> list[str]:
        """Documents to drop: gone from a folder ingested again (or, on rebuild, not given)."""
        present = {t.path.name for t in targets}
        folders = [str(Path(p).resolve()) for p in paths if Path(p).is_dir()]
        out = []
        for source, entry in sorted(entries.items()):
            if source in present:
                continue
            in_folder = any(entry.origin == f or within(entry.path, f) for f in folders)
            if rebuild or in_folder:
                out.append(source)
        return out
