"""Readable copies of the text extracted from pdf, docx and html files, beside the index, for
checking quotes by eye (txt and md files are their own copy)."""

from __future__ import annotations

from pathlib import Path


def sidecar_path(data_dir: Path, source: str) -> Path:
    return Path(data_dir) / "sources" / f"{source}.txt"


def write_sidecar(data_dir: Path, source: str, is_text_file: bool, source_text: str) -> None:
    path = sidecar_path(data_dir, source)
    if is_text_file:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(source_text, encoding="utf-8")
    tmp.replace(path)


def remove_sidecar(data_dir: Path, source: str) -> None:
    sidecar_path(data_dir, source).unlink(missing_ok=True)
