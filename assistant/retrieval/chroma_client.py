"""The connection under ChromaStore: embedded folder or HTTP server, failures as IndexUnavailable.

Embedded Chroma keeps one shared in-memory system per folder in a process, and that system does
not notice writes made by another process (an `assistant ingest` while the app serves): its
vector index goes stale. So before each operation the connection compares the manifest version
(read fresh from SQLite) with what this process last saw, and reopens the folder when another
process changed it (a version record in the manifest, bumped with every change, tells
cheaply). The version is read again only when the folder's SQLite files have changed since it
was last read (their size and modification time, a stat of two files), so an ordinary read
costs no extra query. A failed operation drops the client, so the next one reconnects (a restarted
server, a folder that was moved back); embedded reads are also retried once after a reopen.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from assistant.errors import AssistantError, ConfigError, IndexUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
_FATAL = (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)


def server_address(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of an http(s)://host:port address."""
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"chroma_url {url!r} is not an http://host:port address")
    ssl = parsed.scheme == "https"
    return parsed.hostname, parsed.port or (443 if ssl else 8000), ssl


@dataclass
class _FolderState:
    """What this process knows about one embedded folder (shared by every store on it)."""

    epoch: int = 0  # bumped when the shared Chroma system is reopened
    version: str | None = None  # the manifest version this process last wrote or read
    stamp: tuple[int, ...] | None = None  # the SQLite files' stamp when `version` was read


_FOLDERS: dict[str, _FolderState] = {}
_FOLDERS_LOCK = threading.Lock()


STATE_ID = "__state__"  # the manifest record holding the version counter


def read_state(manifest: Any) -> str:
    """The manifest's version, "counter-nonce"; every change of the active set bumps it."""
    got = manifest.get(ids=[STATE_ID], include=["metadatas"])
    if not got["ids"]:
        return "0"
    meta = got["metadatas"][0]
    return f"{meta.get('counter', 0)}-{meta.get('nonce', '')}"


def next_state(manifest: Any) -> dict[str, Any]:
    """Metadata for the state record after one more change (written with the change itself)."""
    counter = int(read_state(manifest).split("-")[0]) + 1
    return {"kind_of_record": "state", "counter": counter, "nonce": secrets.token_hex(6)}


class ChromaConnection:
    """Opens the two collections on first use; `run` maps every failure to IndexUnavailable."""

    def __init__(self, data_dir: Path, url: str | None, name: str) -> None:
        self.data_dir = Path(data_dir)
        self.url = url
        self.name = name
        if url:
            server_address(url)  # fail early on a malformed address
        self.batch = 1000
        self._cols: tuple[Any, Any, Any] | None = None  # chunks, manifest, sentence vectors
        self._epoch = -1
        self._path = str((self.data_dir / "chroma").resolve())

    @property
    def location(self) -> str:
        return self.url or str(self.data_dir / "chroma")

    def _client(self) -> Any:
        import chromadb
        from chromadb.config import Settings

        settings = Settings(anonymized_telemetry=False, allow_reset=False)
        if self.url:
            host, port, ssl = server_address(self.url)
            return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
        return chromadb.PersistentClient(path=self._path, settings=settings)

    def _open(self) -> tuple[Any, Any, Any]:
        client = self._client()
        chunks = client.get_or_create_collection(
            self.name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        manifest = client.get_or_create_collection(f"{self.name}-manifest", embedding_function=None)
        spans = client.get_or_create_collection(f"{self.name}-spans", embedding_function=None)
        self.batch = max(1, min(1000, int(client.get_max_batch_size())))
        return chunks, manifest, spans

    def _collections(self) -> tuple[Any, Any, Any]:
        if self.url:
            if self._cols is None:
                self._cols = self._open()
            return self._cols
        with _FOLDERS_LOCK:
            state = _FOLDERS.setdefault(self._path, _FolderState())
            if self._cols is None or self._epoch != state.epoch:
                self._cols, self._epoch = self._open(), state.epoch
            stamp = self._stamp()
            if state.version is not None and stamp == state.stamp:
                return self._cols  # nothing has written the folder since the version was read
            version = read_state(self._cols[1])
            if state.version is not None and version != state.version:
                log.info("index in %s changed elsewhere; reopening it", self.location)
                self._reopen(state)
                version = read_state(self._cols[1])
            state.version, state.stamp = version, stamp
        return self._cols

    def version(self) -> str:
        """The manifest version; for an embedded folder, read only when its files changed."""
        if self.url:
            return self.run(lambda chunks, manifest: read_state(manifest))
        self.run(lambda chunks, manifest: None)  # brings the folder's state up to date
        with _FOLDERS_LOCK:
            version = _FOLDERS[self._path].version
        if version is None:  # forgotten meanwhile by a failed read: read it now
            version = self.run(lambda chunks, manifest: read_state(manifest))
        return version

    def _stamp(self) -> tuple[int, ...]:
        """Size and modification time of the folder's SQLite file and its write-ahead log."""
        out: list[int] = []
        for suffix in ("", "-wal"):
            try:
                st = Path(self._path, "chroma.sqlite3" + suffix).stat()
            except OSError:
                out.extend((-1, -1))
            else:
                out.extend((st.st_size, st.st_mtime_ns))
        return tuple(out)

    def _reopen(self, state: _FolderState) -> None:
        _drop_shared_system(self._path)
        state.epoch += 1
        self._cols, self._epoch = self._open(), state.epoch

    def run(self, fn: Callable[..., T], writes: bool = False, spans: bool = False) -> T:
        """fn(chunks, manifest), or fn(chunks, manifest, spans) with `spans` (the sentence
        vectors), with failures turned into IndexUnavailable.

        `writes` marks a manifest change made here, so it is not mistaken for another
        process's. Embedded reads that fail are retried once on a freshly opened folder.
        """
        for attempt in (1, 2):
            try:
                cols = self._collections()
                result = fn(*cols) if spans else fn(*cols[:2])
                if writes and not self.url:
                    state = _FOLDERS[self._path]
                    state.stamp = self._stamp()  # first: a later write elsewhere changes it
                    state.version = read_state(self._cols[1])  # type: ignore[index]
                return result
            except AssistantError:
                raise
            except _FATAL:
                raise
            except BaseException as exc:  # pyo3 panics derive from BaseException
                self._cols = None
                if self.url or writes or attempt == 2:
                    raise self.unavailable(exc) from exc
                log.info("index read failed (%s); reopening %s", type(exc).__name__, self.location)
                with _FOLDERS_LOCK:
                    self._forget_folder()
        raise AssertionError("unreachable")

    def _forget_folder(self) -> None:
        _drop_shared_system(self._path)
        state = _FOLDERS.setdefault(self._path, _FolderState())
        state.epoch += 1
        state.version = None

    def unavailable(self, exc: BaseException) -> IndexUnavailable:
        reason = f"{type(exc).__name__}: {str(exc).strip() or 'no detail'}"[:300]
        if self.url:
            host, port, _ = server_address(self.url)
            return IndexUnavailable(
                f"cannot use the Chroma server at {self.url} ({reason}): start it with "
                f"`chroma run --path data/chroma-server --host {host} --port {port}`, "
                "or unset ASSISTANT_CHROMA_URL to use the embedded index"
            )
        return IndexUnavailable(
            f"the index in {self.location} is unreadable ({reason}); move it away and run "
            "`assistant ingest corpus --rebuild`"
        )


def _drop_shared_system(path: str) -> None:
    """Makes the next client on `path` start a fresh Chroma system that reads the folder anew.

    The old system is not stopped: a store still holding it fails over to the new one."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(path, None)
    SharedSystemClient._identifier_to_refcount.pop(path, None)
