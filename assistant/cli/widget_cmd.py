"""`assistant widget --origin https://intranet.example [--url URL] [--json]`: the script tag
for an intranet page and the setting that allows that page's site to show the widget."""

from __future__ import annotations

import argparse
import json
import sys
from urllib.parse import urlsplit

SETTING = "ASSISTANT_WEB__ALLOWED_ORIGINS"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "widget",
        help="Print the widget's script tag for a site and the setting that allows it.",
        description=(
            "Print the <script> tag to paste into an intranet page and the allowed-origins "
            "setting that lets pages on that site show the assistant (the origins already "
            "configured are kept)."
        ),
    )
    p.add_argument(
        "--origin",
        required=True,
        help="The intranet site, e.g. https://intranet.example (a page address works too).",
    )
    p.add_argument(
        "--url",
        help="The assistant's address as the intranet's browsers reach it "
        "(default: http://HOST:PORT/ROOT_PATH from the settings).",
    )
    p.add_argument("--json", action="store_true", help="Print JSON.")
    p.set_defaults(func=run)


def origin_of(text: str) -> str | None:
    """scheme://host[:port] of a site or page address; None when it is not an http(s) one."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return None
    return f"{parts.scheme}://{host}{port}"


def snippet(assistant_url: str) -> str:
    src = assistant_url.rstrip("/") + "/widget.js"
    return (
        f'<script src="{src}"\n'
        '        data-title="Safeguarding assistant"\n'
        '        data-position="bottom-right"\n'
        "        defer></script>"
    )


def run(args: argparse.Namespace) -> int:
    from assistant.settings import load_settings

    origin = origin_of(args.origin)
    if origin is None:
        print(
            f"assistant: --origin must be an http or https address such as "
            f"https://intranet.example (got {args.origin!r})",
            file=sys.stderr,
        )
        return 2
    web = load_settings().web
    url = args.url or f"http://{web.host}:{web.port}{web.root_path}"
    configured = [o.rstrip("/") for o in web.allowed_origins]
    origins = configured if origin in configured else [*configured, origin]
    value = json.dumps(origins)
    if args.json:
        out = {
            "origin": origin,
            "already_allowed": origin in configured,
            "script": snippet(url),
            "allowed_origins": origins,
            "environment": f"{SETTING}='{value}'",
        }
        print(json.dumps(out, indent=2))
        return 0
    _explain(origin, url, configured, value, url_given=bool(args.url))
    return 0


def _explain(origin: str, url: str, configured: list[str], value: str, url_given: bool) -> None:
    print(f"1. Paste this into the pages of {origin} that should show the assistant:\n")
    print(snippet(url))
    if not url_given:
        print("\n   (src is this server's own address: give --url with the address the")
        print("   intranet's browsers use, e.g. --url https://assistant.example.org)")
    if origin in configured:
        print(f"\n2. {origin} is already allowed: nothing to change.")
        return
    print(f"\n2. Allow {origin} in the assistant's settings, then restart the assistant.")
    print("   In its environment:\n")
    print(f"   {SETTING}='{value}'")
    print("\n   or in its assistant.toml:\n")
    print(f"   [web]\n   allowed_origins = {value}")
