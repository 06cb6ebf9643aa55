"""Which routes the chat shows for a Risk, in which order.

Order (see docs/safety.md):
1. emergency routes (999, then the silent 999 guidance): first whenever any risk fires;
2. out of hours (Europe/London: before 08:30, after 17:00 Mon-Thu / 16:30 Fri, weekends, bank
   holidays): the out-of-hours line (Emergency Duty Team);
3. the local duty lines for the area (Leicester city, Leicestershire, Rutland; all three when the
   area is unknown) whose categories match;
4. national lines for the categories, the most specific first, at most `max_national`.
No risk: no routes. Routes with no categories (the Advice and Guidance line) are never shown.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from assistant.safety.hours import is_out_of_hours
from assistant.types import Risk, Route

log = logging.getLogger(__name__)

LOCAL_AREAS = ("leicester", "leicestershire", "rutland")
ANY = "any"


class RouteSelector:
    """`select(risk, now) -> list[Route]`: a short, ordered panel from the reviewed table."""

    def __init__(
        self,
        routes: Sequence[Route],
        default_area: str | None = None,
        timezone: str = "Europe/London",
        max_national: int = 4,
    ) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from assistant.errors import ConfigError

        if default_area is not None and default_area not in LOCAL_AREAS:
            raise ConfigError(
                f"safety.default_area must be one of {', '.join(LOCAL_AREAS)} "
                f"(got {default_area!r})"
            )
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"safety.timezone {timezone!r} is not a known time zone") from exc
        if not any(r.emergency for r in routes):
            raise ConfigError("routes table has no emergency route (999)")
        self.routes = tuple(routes)
        self._default_area = default_area
        self._tz = timezone
        self._max_national = max_national

    def select(self, risk: Risk, now: datetime | None = None) -> list[Route]:
        if not risk.detected:
            return []
        now = now or datetime.now().astimezone()
        cats = tuple(risk.categories)
        areas = self._areas(risk)
        panel: list[Route] = [r for r in self.routes if r.emergency]
        if is_out_of_hours(now, self._tz):
            panel += [
                r
                for r in self.routes
                if r.out_of_hours and not r.emergency and _covers(r, cats) and _in_area(r, areas)
            ]
        panel += [
            r
            for r in self.routes
            if r.area in LOCAL_AREAS
            and r.area in areas
            and not (r.emergency or r.out_of_hours)
            and _covers(r, cats)
        ]
        panel += self._national(cats)
        return list(dict.fromkeys(panel))

    def _areas(self, risk: Risk) -> tuple[str, ...]:
        area = risk.area or self._default_area
        return (area,) if area in LOCAL_AREAS else LOCAL_AREAS

    def _national(self, cats: tuple[str, ...]) -> list[Route]:
        """National lines for the categories: the first category's lines first, and within
        that the most specific (fewest categories) first."""
        candidates = [
            r
            for r in self.routes
            if r.area in ("national", "llr")
            and not (r.emergency or r.out_of_hours)
            and r.categories
            and ANY not in r.categories
            and _covers(r, cats)
        ]
        order = {r.id: i for i, r in enumerate(self.routes)}

        def key(r: Route) -> tuple[int, int, int]:
            first = min(cats.index(c) for c in r.categories if c in cats)
            return (first, len(r.categories), order[r.id])

        return sorted(candidates, key=key)[: self._max_national]


def _covers(route: Route, cats: tuple[str, ...]) -> bool:
    return ANY in route.categories or any(c in route.categories for c in cats)


def _in_area(route: Route, areas: tuple[str, ...]) -> bool:
    return route.area in ("national", "llr") or route.area in areas
