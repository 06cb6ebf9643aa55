"""Print chunks per file and tokens per chunk (min/median/max) for the bundled corpus.

Usage: .venv/bin/python benchmarks/chunk_stats.py [corpus_dir] [--chunk-tokens N] [--overlap N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assistant.ingest.metadata import MetadataTable
from assistant.ingest.parse import parse_file
from assistant.settings import IndexSettings
from assistant.text import TokenCounter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", default="corpus", type=Path)
    defaults = IndexSettings()
    parser.add_argument("--chunk-tokens", type=int, default=defaults.chunk_tokens)
    parser.add_argument("--overlap", type=int, default=defaults.chunk_overlap_tokens)
    args = parser.parse_args()
    tokens = TokenCounter()
    table = MetadataTable.load(args.corpus / "metadata.toml")
    every: list[int] = []
    print(f"{'file':56} chunks  min  median  max  sections  ms")
    for path in sorted(args.corpus.iterdir()):
        if path.name == "metadata.toml" or not path.is_file():
            continue
        began = time.perf_counter()
        parsed = parse_file(
            path,
            tokens=tokens,
            metadata=table,
            chunk_tokens=args.chunk_tokens,
            overlap_tokens=args.overlap,
            max_file_bytes=50 * 1024 * 1024,
        )
        ms = (time.perf_counter() - began) * 1000
        sizes = [tokens.count(c.text) for c in parsed.chunks]
        every += sizes
        sections = len({c.section for c in parsed.chunks})
        print(
            f"{path.name:56} {len(sizes):6} {min(sizes):4} {statistics.median(sizes):7.1f}"
            f" {max(sizes):4} {sections:9} {ms:4.0f}"
        )
    print(
        f"{'all':56} {len(every):6} {min(every):4} {statistics.median(every):7.1f} {max(every):4}"
    )


if __name__ == "__main__":
    main()
