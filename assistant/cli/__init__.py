"""Command line: `assistant ingest|stats|ask|routes|eval|serve|widget`. A thin layer over the
library.

Each command lives in its own module with `register(subparsers)`; heavy imports happen inside
the command, so `--help` stays fast. Exit codes: 0 ok, 1 partial failure or failed check,
2 usage error, 3 the index or a configuration is unavailable.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from assistant import __version__
from assistant.errors import AssistantError, ConfigError, IndexUnavailable

COMMANDS = ("ingest", "stats", "ask", "routes", "eval", "serve", "widget")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Grounded answers from the LLR safeguarding newsletters, "
        "with emergency routes.",
    )
    parser.add_argument("--version", action="version", version=f"assistant {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="Log more detail.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"assistant.cli.{name}_cmd")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except (IndexUnavailable, ConfigError) as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return 3
    except AssistantError as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("assistant: interrupted", file=sys.stderr)
        return 130
