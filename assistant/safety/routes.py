"""The reviewed routes table (routes.toml): loading and validation.

Anything wrong in the table is a ConfigError at start-up that names the route and the field,
so a broken table can never silently drop a route from the chat.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError
from assistant.safety.lexicon import category_names
from assistant.safety.selection import RouteSelector
from assistant.types import Contact, Route

AREAS = ("national", "llr", "leicester", "leicestershire", "rutland")
STATUSES = ("verified", "verify")
CONTACT_KINDS = ("phone", "text", "email", "web")
ANY = "any"  # a route for every detected risk
REQUIRED = (
    "id",
    "name",
    "contacts",
    "audience",
    "area",
    "hours",
    "categories",
    "source",
    "reviewed",
    "status",
)
OPTIONAL = ("out_of_hours", "emergency")
# Numbers that must never be shown as a route (the boards' business office).
FORBIDDEN_NUMBERS = ("01163057130",)

_PHONE = re.compile(r"\+?[0-9][0-9 ]{1,18}[0-9]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_WEB = re.compile(r"https?://[^\s/$.?#][^\s]*")

__all__ = ["RouteSelector", "load_routes", "parse_routes", "default_routes_text"]


def default_routes_text() -> str:
    return files("assistant.safety").joinpath("routes.toml").read_text("utf-8")


def load_routes(path: str | Path | None = None) -> list[Route]:
    """Routes from `path`, or the packaged table when `path` is None. ConfigError if invalid."""
    if path is None:
        text, where = default_routes_text(), "packaged routes.toml"
    else:
        try:
            text, where = Path(path).read_text("utf-8"), str(path)
        except OSError as exc:
            raise ConfigError(f"routes table {path}: cannot read ({exc.strerror})") from exc
    return parse_routes(text, where)


def parse_routes(text: str, where: str = "routes table") -> list[Route]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from exc
    raw = data.get("route")
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: no [[route]] entries")
    known = set(category_names()) | {ANY}
    routes: list[Route] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw, 1):
        route = _route(entry, i, known, where)
        if route.id in seen:
            raise ConfigError(f"{where}: route {route.id!r}: duplicate id")
        seen.add(route.id)
        routes.append(route)
    return routes


def _route(entry: Any, n: int, known: set[str], where: str) -> Route:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: route #{n} is not a table")
    rid = entry.get("id")
    name = f"route {rid!r}" if isinstance(rid, str) and rid else f"route #{n}"

    def fail(field: str, why: str) -> ConfigError:
        return ConfigError(f"{where}: {name}: field '{field}' {why}")

    for key in REQUIRED:
        if key not in entry:
            raise fail(key, "is missing")
    for key in entry:
        if key not in REQUIRED and key not in OPTIONAL:
            raise fail(key, "is not a known field")
    for key in ("id", "name", "audience", "source"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise fail(key, "must be non-empty text")
    if not isinstance(entry["hours"], str):
        raise fail("hours", "must be text")
    if entry["area"] not in AREAS:
        raise fail("area", f"must be one of {', '.join(AREAS)}")
    if entry["status"] not in STATUSES:
        raise fail("status", "must be 'verified' or 'verify'")
    reviewed = _date(entry["reviewed"])
    if reviewed is None:
        raise fail("reviewed", "must be a date (YYYY-MM-DD)")
    cats = entry["categories"]
    if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
        raise fail("categories", "must be a list of category names")
    unknown = [c for c in cats if c not in known]
    if unknown:
        raise fail("categories", f"has unknown categories: {', '.join(unknown)}")
    flags = {}
    for key in OPTIONAL:
        value = entry.get(key, False)
        if not isinstance(value, bool):
            raise fail(key, "must be true or false")
        flags[key] = value
    return Route(
        id=entry["id"].strip(),
        name=entry["name"].strip(),
        contacts=_contacts(entry["contacts"], fail),
        audience=entry["audience"].strip(),
        area=entry["area"],
        hours=entry["hours"].strip(),
        categories=tuple(cats),
        source=entry["source"].strip(),
        reviewed=reviewed,
        status=entry["status"],
        out_of_hours=flags["out_of_hours"],
        emergency=flags["emergency"],
    )


def _contacts(raw: Any, fail: Any) -> tuple[Contact, ...]:
    if not isinstance(raw, list) or not raw:
        raise fail("contacts", "must be a non-empty list")
    out = []
    for i, c in enumerate(raw, 1):
        if not isinstance(c, dict) or set(c) - {"kind", "value", "label"}:
            raise fail("contacts", f"#{i} must have only kind, value and label")
        kind, value, label = c.get("kind"), c.get("value"), c.get("label", "")
        if kind not in CONTACT_KINDS:
            raise fail("contacts", f"#{i} has kind {kind!r}; use {', '.join(CONTACT_KINDS)}")
        if not isinstance(value, str) or not isinstance(label, str):
            raise fail("contacts", f"#{i} value and label must be text")
        problem = _contact_problem(kind, value.strip())
        if problem:
            raise fail("contacts", f"#{i} ({kind} {value!r}) {problem}")
        out.append(Contact(kind=kind, value=value.strip(), label=label.strip()))
    return tuple(out)


def _contact_problem(kind: str, value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if kind in ("phone", "text") and digits in FORBIDDEN_NUMBERS:
        return "is the boards' business office, never a route"
    if kind == "phone" and not _PHONE.fullmatch(value):
        return "is not a phone number (digits and spaces)"
    if kind == "text" and not re.search(r"\d{3,}", value.replace(" ", "")):
        return "must contain the number to text"
    if kind == "email" and not _EMAIL.fullmatch(value):
        return "is not an email address"
    if kind == "web" and not _WEB.fullmatch(value):
        return "must be an http(s) address"
    return None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
