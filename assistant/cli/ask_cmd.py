"""`assistant ask`: one question, or a JSON Lines file of questions, answered with citations.

    assistant ask "question" [--json] [--area A] [--from YYYY-MM] [--to YYYY-MM] [--source FILE]
    assistant ask --jsonl FILE|-    (one {"id", "question"|"text", "history"?} per line)

Plain output: the routes panel first when risk fires, then the answer, the numbered
citations (title, issue, date, section, quote), then warnings. With an empty index the corpus
folder is ingested first (said on stderr). Exit codes: 0 ok, 1 a --jsonl line failed,
2 usage error, 3 index unavailable.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any, TextIO


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ask",
        help="Answer a question from the newsletters, with cited quotes.",
        description="Answer a question from the newsletters, with cited quotes and dates.",
    )
    p.add_argument("question", nargs="?", help="The question (omit with --jsonl).")
    p.add_argument("--json", action="store_true", help="Print the answer as JSON.")
    p.add_argument(
        "--jsonl", metavar="FILE", help='Answer each line {"id","question","history"?} of FILE '
        "(- for stdin); one JSON answer per line on stdout."
    )
    p.add_argument("--area", action="append", default=[], help="leicester, leicestershire, "
                   "rutland (repeatable).")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM", help="Oldest issue date.")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM", help="Newest issue date.")
    p.add_argument("--source", action="append", default=[], metavar="FILE",
                   help="Only this newsletter file (repeatable).")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.types import Filters

    if bool(args.question) == bool(args.jsonl):
        print("assistant ask: give a question or --jsonl FILE (not both)", file=sys.stderr)
        return 2
    filters = Filters(
        sources=tuple(args.source), date_from=args.date_from, date_to=args.date_to,
        areas=tuple(args.area),
    )
    assistant = _assistant()
    if args.jsonl:
        return _run_jsonl(assistant, args.jsonl, filters)
    answer = assistant.ask(args.question, filters=filters)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(answer))
    return 0


def _assistant() -> Any:
    """The Assistant over the configured index; an empty index is built from the corpus."""
    from assistant.composition import build_assistant, build_embedder, build_ingester, build_store
    from assistant.settings import load_settings

    settings = load_settings()
    embedder = build_embedder(settings)
    store = build_store(settings)
    if store.count() == 0:
        corpus = settings.paths.corpus_dir
        print(f"assistant: the index is empty; ingesting {corpus} first...", file=sys.stderr)
        report = build_ingester(settings, embedder=embedder, store=store).ingest([corpus])
        for name, reason in report.failed:
            print(f"assistant: {name}: {reason}", file=sys.stderr)
    return build_assistant(settings, embedder=embedder, store=store, warm_up=True)


def _run_jsonl(assistant: Any, path: str, filters: Any) -> int:
    from assistant.errors import AssistantError, IndexUnavailable
    from assistant.types import Turn

    failed = 0
    stream: TextIO = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    with stream:
        for lineno, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            item_id: Any = f"line-{lineno}"
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("a line must be a JSON object")
                item_id = item.get("id", item_id)
                question = item.get("question", item.get("text"))
                history = [Turn(str(t["role"]), str(t["content"])) for t in item.get("history", [])]
                answer = assistant.ask(question, history, filters, id=item_id)
                out: dict[str, Any] = answer.to_dict()
            except IndexUnavailable:
                raise
            except (AssistantError, ValueError, KeyError, TypeError) as exc:
                failed += 1
                out = {"id": item_id, "error": str(exc) or type(exc).__name__}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    return 1 if failed else 0


def render(answer: Any) -> str:
    """The plain-text answer: routes first when risk fired, answer, citations, warnings."""
    parts: list[str] = []
    if answer.routes:
        parts.append(_routes_panel(answer.routes, answer.risk.immediate))
    elif answer.support is not None:
        parts.append(answer.support.text)
    parts.append(answer.answer.strip())
    if answer.citations:
        lines = ["Sources:"]
        for c in answer.citations:
            issue = f", issue {c.doc.issue}" if c.doc.issue else ""
            section = f", section \"{c.section}\"" if c.section else ""
            page = f", page {c.page}" if c.page else ""
            page += " (scanned page, text read by OCR)" if c.ocr else ""
            lines.append(f"[{c.n}] {c.doc.title}{issue}, {c.doc.date}{section}{page} "
                         f"({c.doc.source})")
            quote = " ".join(c.quote.split())
            lines.append(textwrap.indent(textwrap.fill(f'"{quote}"', 96), "    "))
        parts.append("\n".join(lines))
    if answer.warnings:
        parts.append("\n".join(f"Note: {w}" for w in answer.warnings))
    return "\n\n".join(parts)


def _routes_panel(routes: Any, immediate: bool) -> str:
    title = (
        "IF SOMEONE IS IN IMMEDIATE DANGER, CALL 999 NOW:"
        if immediate
        else "IF SOMEONE MAY BE AT RISK - WHO TO CONTACT:"
    )
    lines = ["=" * 60, title]
    for r in routes:
        contacts = "; ".join(
            f"{c.value}" + (f" ({c.label})" if c.label else "") for c in r.contacts
        )
        lines.append(f"- {r.name}: {contacts}" + (f" [{r.hours}]" if r.hours else ""))
    lines.append("=" * 60)
    return "\n".join(lines)
