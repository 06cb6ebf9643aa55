"""The corpus folder as /admin changes it: files in, files out, metadata.toml entries.

Every change is all or nothing on disk: a file is written under a hidden temporary name
(ingest passes over hidden files) and renamed into place; metadata.toml is edited with
tomlkit (comments and the other entries stay as they are), checked with the same reader the
ingest uses, and renamed into place. `apply` returns an Undo that puts back what was there.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit

from assistant.ingest.metadata import MetadataTable
from assistant.ingest.targets import METADATA_NAME
from web.admin.uploads import SUFFIXES

FILE_MODE = 0o644  # newsletters are public documents; the app and the CLI read them


@dataclass
class Undo:
    """What a change replaced, so it can be put back."""

    folder: Path
    saved: dict[str, Path | None] = field(default_factory=dict)  # name -> backup (None: absent)
    metadata: str | None = None  # the metadata.toml text before (None: there was none)

    def restore(self) -> None:
        for name, backup in self.saved.items():
            target = self.folder / name
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                _place(backup, target)
        meta = self.folder / METADATA_NAME
        if self.metadata is None:
            meta.unlink(missing_ok=True)
        else:
            _write_text(meta, self.metadata)


class Corpus:
    def __init__(self, folder: Path, work_dir: Path) -> None:
        self.folder = Path(folder)
        self.work = Path(work_dir)

    @property
    def metadata_path(self) -> Path:
        return self.folder / METADATA_NAME

    def files(self) -> dict[str, Path]:
        """Newsletter files directly in the folder, by name (the ones /admin may change)."""
        if not self.folder.is_dir():
            return {}
        out = {}
        for path in sorted(self.folder.iterdir()):
            name = path.name
            if name.startswith((".", "~$")) or path.suffix.lower() not in SUFFIXES:
                continue
            if path.is_file() and not path.is_symlink():
                out[name] = path
        return out

    def entries(self) -> dict[str, dict[str, Any]]:
        if not self.metadata_path.exists():
            return {}
        data = tomllib.loads(self.metadata_path.read_text(encoding="utf-8"))
        return {k: dict(v) for k, v in data.items() if isinstance(v, dict)}

    def stage(self, job: str, name: str, data: bytes, entry: dict[str, str]) -> Path:
        """The upload, with a metadata.toml of its own entry, in a private folder: parsed
        there first so a bad file never reaches the corpus."""
        folder = self.work / "staging" / job
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / _plain(name)
        path.write_bytes(data)
        (folder / METADATA_NAME).write_text(_toml_with(None, set(), name, entry), encoding="utf-8")
        return path

    def discard(self, job: str) -> None:
        shutil.rmtree(self.work / "staging" / job, ignore_errors=True)

    def apply(
        self,
        job: str,
        *,
        put: tuple[Path, str, dict[str, str]] | None = None,
        drop: str | None = None,
    ) -> Undo:
        """Writes `put` (staged file, name, entry) and/or deletes `drop` (a name), entries too."""
        names = [n for n in (drop, put[1] if put else None) if n]
        with self._locked():
            undo = self._snapshot(job, names)
            new_text = _toml_with(
                undo.metadata, {drop} if drop else set(), *(put[1:] if put else ())
            )
            _check_metadata(new_text, self.work)  # before any file is touched
            if drop and drop != (put[1] if put else None):
                (self.folder / _plain(drop)).unlink(missing_ok=True)
            if put:
                _place(put[0], self.folder / _plain(put[1]))
            _write_text(self.metadata_path, new_text)
        return undo

    def _snapshot(self, job: str, names: list[str]) -> Undo:
        backups = self.work / "staging" / job / "backup"
        backups.mkdir(parents=True, exist_ok=True)
        undo = Undo(self.folder)
        for name in names:
            current = self.folder / _plain(name)
            if current.exists():
                copy = backups / name
                shutil.copy2(current, copy)
                undo.saved[name] = copy
            else:
                undo.saved[name] = None
        if self.metadata_path.exists():
            undo.metadata = self.metadata_path.read_text(encoding="utf-8")
        return undo

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer of the folder at a time, across workers."""
        self.work.mkdir(parents=True, exist_ok=True)
        with open(self.work / "corpus.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _plain(name: str) -> str:
    """A bare file name in the folder; anything else is a programming error, not input."""
    if not name or name != Path(name).name or name.startswith(".") or "\\" in name:
        raise ValueError(f"not a plain file name: {name!r}")
    return name


def _toml_with(
    text: str | None, drop: set[str], name: str | None = None, entry: dict[str, str] | None = None
) -> str:
    doc = tomlkit.parse(text) if text else tomlkit.document()
    for key in drop | ({name} if name else set()):
        if key in doc:
            del doc[key]
    if name and entry is not None:
        table = tomlkit.table()
        for key, value in entry.items():
            table[key] = value
        doc[name] = table
    return tomlkit.dumps(doc)


def _check_metadata(text: str, work: Path) -> None:
    """Raises ConfigError when the ingest would refuse the new metadata.toml."""
    probe = work / f".metadata-check-{os.getpid()}.toml"
    probe.write_text(text, encoding="utf-8")
    try:
        MetadataTable.load(probe)
    finally:
        probe.unlink(missing_ok=True)


def _place(source: Path, target: Path) -> None:
    """Copies `source` to `target` through a hidden temporary file and one rename."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    with open(source, "rb") as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst)
        dst.flush()
        os.fsync(dst.fileno())
    os.chmod(tmp, FILE_MODE)
    os.replace(tmp, target)


def _write_text(target: Path, text: str) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    mode = target.stat().st_mode & 0o777 if target.exists() else FILE_MODE
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, mode)
    os.replace(tmp, target)
