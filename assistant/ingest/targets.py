"""Which files an ingest covers: paths given as files or folders, expanded and checked."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest.loaders import SUPPORTED_SUFFIXES

METADATA_NAME = "metadata.toml"
KINDS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}


@dataclass(frozen=True)
class Target:
    """One file to ingest. `origin` is the folder it was found in, "" when named directly."""

    path: Path
    origin: str
    size: int


def is_skipped(path: Path) -> bool:
    """Files in a folder that are not newsletters and are passed over without a report:
    hidden files, Office lock files (~$...), the folder's metadata.toml and README files."""
    name = path.name
    return (
        name.startswith((".", "~$"))
        or name.lower() == METADATA_NAME
        or name.lower().split(".")[0] == "readme"
    )


def _folder_files(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            yield Path(root) / name


def expand(paths: Iterable[Path]) -> tuple[list[Target], list[tuple[str, str]]]:
    """Files to ingest (folders walked recursively, in name order) and per-path failures."""
    targets: list[Target] = []
    failed: list[tuple[str, str]] = []
    seen: set[Path] = set()

    def add(path: Path, origin: str) -> None:
        resolved = path.resolve()
        if resolved in seen:
            return
        seen.add(resolved)
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            suffix = printable(path.suffix) or "(none)"
            failed.append((printable(path), f"unsupported extension {suffix}; supported: {kinds}"))
            return
        problem = _unusable(path)
        if problem:
            failed.append((printable(path), problem))
            return
        targets.append(Target(path=path, origin=origin, size=path.stat().st_size))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            origin = str(path.resolve())
            for file in _folder_files(path):
                if not is_skipped(file):
                    add(file, origin)
        elif path.is_file():
            add(path, "")
        elif path.exists():
            failed.append((printable(path), "not a regular file or folder"))
        else:
            failed.append((printable(path), "path does not exist"))
    return targets, failed


def _unusable(path: Path) -> str:
    """Why a listed file cannot be ingested at all ("" when it can be tried)."""
    if printable(path.resolve()) != str(path.resolve()):
        return "the file or folder name is not valid UTF-8; rename it"
    try:
        path.stat()
    except OSError as exc:
        return f"cannot read the file ({exc.strerror or exc})"
    return ""


def printable(path: Path | str) -> str:
    """The path as text that can always be printed and stored (odd bytes shown as \\xNN)."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def within(path: str, folder: str) -> bool:
    """True when `path` lies inside `folder` (both absolute)."""
    return bool(path) and (path == folder or path.startswith(folder.rstrip(os.sep) + os.sep))


def kind_of(path: Path) -> str:
    """The format by extension: text, markdown, pdf, docx or html."""
    suffix = path.suffix.lower()
    return KINDS.get(suffix, suffix.lstrip("."))
