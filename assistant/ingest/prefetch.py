"""Parsing ahead of the embedding, with a quick unchanged check that skips parsing entirely.

Parsing runs in one background thread, a few files ahead, so it overlaps the model and the
store. Before parsing a file the worker computes its *quick key* (file bytes, its metadata
entry, the parser's code and settings); a document stored with the same key and location is
unchanged and is not parsed at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError, IngestError
from assistant.ingest.parse import ParsedDocument
from assistant.ingest.targets import Target
from assistant.retrieval.chroma_codec import ManifestEntry

log = logging.getLogger(__name__)

# What the worker hands back for one file: the parsed document, the reason it failed, or
# None when the quick key shows the stored version is current.
Parsed = ParsedDocument | IngestError | None

INGEST_CODE = Path(__file__).resolve().parent


def code_fingerprint(*settings: Any) -> str:
    """A hash of the parsing code (assistant/ingest/*.py) and the given settings."""
    h = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
    for path in sorted(INGEST_CODE.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def quick_key(target: Target, fingerprint: str, metadata_entry: dict[str, Any]) -> str:
    """Equal keys mean parsing would give the same document (same bytes, metadata, code).

    The file's modification month is included because an undated file takes its date from it.
    """
    stat = target.path.stat()
    month = time.strftime("%Y-%m", time.gmtime(stat.st_mtime))
    data = hashlib.sha256(target.path.read_bytes()).hexdigest()
    parts = [fingerprint, data, stat.st_size, month, metadata_entry]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


class Prefetcher:
    """Yields (target, quick key, Parsed) in order, parsing up to `lookahead` files ahead."""

    def __init__(
        self,
        parse: Callable[[Target], ParsedDocument],
        key: Callable[[Target], str],
        lookahead: int = 3,
    ) -> None:
        self.parse = parse
        self.key = key
        self.lookahead = max(1, lookahead)

    def run(
        self,
        targets: list[Target],
        entries: Future[dict[str, ManifestEntry]] | None,
        pool: ThreadPoolExecutor,
        idle: Callable[[], bool] | None = None,
    ) -> Iterator[tuple[Target, str, Parsed]]:
        """`entries` (the stored documents, arriving later) enables the quick check.

        The first files are submitted at once, before the caller starts iterating. While the
        next file is still being parsed, `idle()` is called until it returns False (the
        Ingester embeds queued passages then, rather than wait)."""
        self.idle = idle or (lambda: False)
        waiting: deque[tuple[Target, Future]] = deque()
        upcoming = iter(targets)

        def submit(target: Target) -> None:
            waiting.append((target, pool.submit(self._one, target, entries)))

        for target in upcoming:
            submit(target)
            if len(waiting) >= self.lookahead:
                break
        return self._results(waiting, upcoming, submit)

    def _results(
        self,
        waiting: deque[tuple[Target, Future]],
        upcoming: Iterator[Target],
        submit: Callable[[Target], None],
    ) -> Iterator[tuple[Target, str, Parsed]]:
        try:
            while waiting:
                target, future = waiting.popleft()
                following = next(upcoming, None)
                if following is not None:
                    submit(following)
                while not future.done() and self.idle():
                    pass
                key, parsed = future.result()
                yield target, key, parsed
        finally:
            for _, future in waiting:
                future.cancel()

    def _one(
        self, target: Target, entries: Future[dict[str, ManifestEntry]] | None
    ) -> tuple[str, Parsed]:
        try:
            key = self.key(target)
        except OSError:
            key = ""  # unreadable: parsing reports why
        if key and entries is not None:
            old = entries.result().get(target.path.name)
            if old and old.quick_key == key and old.path == str(target.path.resolve()):
                if old.origin == target.origin:
                    return key, None
        try:
            return key, self.parse(target)
        except IngestError as exc:
            return key, exc
        except ConfigError:
            raise  # a broken metadata.toml is the whole run's problem (exit 3), not this file's
        except Exception as exc:  # one bad file must never stop the others
            log.warning("%s: unexpected error while reading", target.path.name, exc_info=True)
            return key, IngestError(unexpected_reason(target.path.name, exc))


def unexpected_reason(name: str, exc: BaseException) -> str:
    """A one-line reason for an error no loader anticipated (a file made by an odd tool)."""
    detail = " ".join(str(exc).split())[:200]
    kind = type(exc).__name__
    return f"{name}: could not be read ({kind}{': ' + detail if detail else ''})"
