"""`assistant routes [--check] [--json]`: the reviewed emergency and help routes table.

`--check` exits 1 when any route is past its 12-month review or still marked `verify`,
listing each; `--today` sets the date the check uses (default: today).
"""

from __future__ import annotations

import argparse
import json
from datetime import date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "routes", help="List the emergency and help routes; --check lists those due for review."
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="Exit 1 if a route is past its 12-month review or still marked 'verify'.",
    )
    p.add_argument("--json", action="store_true", help="Print JSON.")
    p.add_argument(
        "--file",
        default=None,
        help="Routes table to read (default: the configured or packaged table).",
    )
    p.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="Date for the review check, YYYY-MM-DD (default: today).",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.safety.review import review_due, review_problems
    from assistant.safety.routes import load_routes

    path = args.file
    if path is None:
        from assistant.settings import load_settings

        path = load_settings().safety.routes_file
    routes = load_routes(path)
    today = args.today or date.today()
    problems = review_problems(routes, today) if args.check else []
    if args.json:
        out: dict[str, object] = {
            "routes": [
                {
                    **r.to_dict(),
                    "categories": list(r.categories),
                    "emergency": r.emergency,
                    "out_of_hours": r.out_of_hours,
                    "review_due": review_due(r.reviewed).isoformat(),
                }
                for r in routes
            ],
        }
        if args.check:
            out["today"] = today.isoformat()
            out["problems"] = [{"id": r.id, "name": r.name, "problem": why} for r, why in problems]
        print(json.dumps(out, indent=2))
    else:
        _print_table(routes)
        if args.check:
            _print_problems(problems, today)
    return 1 if problems else 0


def _print_table(routes) -> None:
    for r in routes:
        contacts = "; ".join(
            f"{c.kind} {c.value}" + (f" ({c.label})" if c.label else "") for c in r.contacts
        )
        flags = ", ".join(
            f for f, on in (("emergency", r.emergency), ("out of hours", r.out_of_hours)) if on
        )
        print(f"{r.name}  [{r.id}]" + (f"  ({flags})" if flags else ""))
        print(f"  contacts: {contacts}")
        print(f"  area: {r.area}   hours: {r.hours or '-'}   for: {r.audience}")
        print(f"  status: {r.status}   reviewed: {r.reviewed.isoformat()}   source: {r.source}")
    print(f"{len(routes)} routes")


def _print_problems(problems, today: date) -> None:
    if not problems:
        print(
            f"check {today.isoformat()}: every route is verified and reviewed in the last 12 months"
        )
        return
    print(f"check {today.isoformat()}: {len(problems)} problem(s)")
    for r, why in problems:
        print(f"  {r.id}: {why}")
