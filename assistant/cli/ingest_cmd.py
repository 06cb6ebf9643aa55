"""`assistant ingest [PATHS...] [--rebuild] [--json]`: build or update the index.

Exit codes: 0 every file ingested or unchanged, 1 some files failed (the rest were ingested),
2 usage error, 3 the index or a configuration is unavailable.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="Add newsletters (files or folders) to the index; unchanged files are skipped.",
        description=(
            "Ingest .txt, .md, .pdf, .docx and .html files (folders are walked). Unchanged "
            "files are skipped, changed ones replaced, and files gone from an ingested folder "
            "removed. An ingest that fails part-way leaves the previous index serving."
        ),
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="Files or folders to ingest (default: the corpus folder from the settings).",
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="Re-embed everything given and drop documents not among PATHS.",
    )
    p.add_argument("--json", action="store_true", help="Print the report as JSON.")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.composition import build_ingester
    from assistant.settings import load_settings

    settings = load_settings()
    paths = list(args.paths) or [settings.paths.corpus_dir]
    ingester = build_ingester(settings)
    with _progress_bar(enabled=sys.stderr.isatty()) as progress:
        report = ingester.ingest(paths, rebuild=args.rebuild, progress=progress)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(_describe(report, ingester.store.location))
    return 1 if report.failed else 0


def _describe(report: Any, location: str) -> str:
    lines = [
        f"Ingest into {location} took {report.seconds:.1f} s",
        f"  files seen {report.seen}, ingested {report.ingested}, unchanged "
        f"{report.unchanged}, removed {report.removed}, failed {len(report.failed)}",
        f"  chunks written {report.chunks} (embedded {report.embedded}); the index now holds "
        f"{report.documents} documents, {report.total_chunks} chunks",
    ]
    for name in report.ingested_files:
        lines.append(f"  ingested: {name}")
    for name in report.removed_files:
        lines.append(f"  removed: {name}")
    for file, reason in report.failed:
        lines.append(f"  FAILED {file}: {reason}")
    return "\n".join(lines)


class _progress_bar:
    """A tqdm bar on stderr (bytes of files done) when interactive; otherwise nothing."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def __enter__(self):
        if not self.enabled:
            return None
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                desc="ingest",
                file=sys.stderr,
                leave=False,
            )
        self.bar.update(max(0, done - self.bar.n))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
