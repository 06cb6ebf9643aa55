"""`assistant stats [--json]`: the documents in the index."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="List the indexed newsletters (file, title, issue, date).")
    p.add_argument("--json", action="store_true", help="Print JSON.")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.composition import build_store
    from assistant.settings import load_settings

    store = build_store(load_settings())
    records = store.documents()
    docs = [
        {
            "file": r.doc.source,
            "title": r.doc.title,
            "issue": r.doc.issue,
            "date": r.doc.date,
            "area": r.doc.area,
            "chunks": r.chunks,
        }
        for r in records
    ]
    total = sum(d["chunks"] for d in docs)
    if args.json:
        out = {
            "index": store.location,
            "version": store.version(),
            "documents": docs,
            "document_count": len(docs),
            "chunks": total,
        }
        print(json.dumps(out, indent=2))
        return 0
    if not docs:
        print(f"The index in {store.location} is empty: run `assistant ingest` first.")
        return 0
    width = max(len(d["file"]) for d in docs)
    print(f"{'file':<{width}}  {'date':<7}  {'issue':>5}  {'chunks':>6}  title")
    for d in docs:
        print(
            f"{d['file']:<{width}}  {d['date']:<7}  {d['issue'] or '-':>5}  "
            f"{d['chunks']:>6}  {d['title']}"
        )
    print(f"{len(docs)} documents, {total} chunks in {store.location}")
    return 0
