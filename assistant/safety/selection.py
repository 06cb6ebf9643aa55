"""Which routes the chat shows for a Risk, in which order.

Immediate danger (see docs/safety.md):
1. emergency routes (999, then the silent 999 guidance);
2. out of hours (Europe/London: before 08:30, after 17:00 Mon-Thu / 16:30 Fri, weekends, bank
   holidays): the out-of-hours line (Emergency Duty Team);
3. the local duty lines for the area (Leicester city, Leicestershire, Rutland; all three when the
   area is unknown) whose categories match;
4. national lines for the categories, the most specific first, at most `max_national`.
A concern (someone may be at risk, not this minute): the out-of-hours line, the category's own
national line (Samaritans, the domestic abuse helpline...), the duty lines, the other national
lines, then 999. The first `concern_visible` are shown; the rest are one click away.
No risk or a topic: no routes. Routes with no categories (the Advice and Guidance line) are
never shown.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from assistant.areas import LOCAL_AREAS
from assistant.safety.hours import is_out_of_hours
from assistant.settings import SafetyTuning
from assistant.types import Risk, Route, Support

log = logging.getLogger(__name__)

ANY = "any"
SPECIFIC = 3  # a national line serving this few categories is that category's own line


class RouteSelector:
    """`select(risk, now) -> list[Route]`: an ordered panel from the reviewed table, and
    `support(risk, now)`: the one-line strip of the topic tier."""

    def __init__(
        self,
        routes: Sequence[Route],
        tuning: SafetyTuning,
        default_area: str | None,
        timezone: str,
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
        self._tuning = tuning

    def select(self, risk: Risk, now: datetime | None = None) -> list[Route]:
        """Immediate: 999 first, then the rest. Concern: the lines that fit the risk first
        (out of hours, the category's own national line, the area's duty line), then the
        other national lines, then 999 and the silent call. None or topic: no routes."""
        if not risk.detected:
            return []
        now = now or datetime.now().astimezone()
        cats = tuple(risk.categories)
        areas = self._areas(risk)
        emergency = [r for r in self.routes if r.emergency]
        out_of_hours = (
            [
                r
                for r in self.routes
                if r.out_of_hours and not r.emergency and _covers(r, cats) and _in_area(r, areas)
            ]
            if is_out_of_hours(now, self._tz)
            else []
        )
        local = [
            r
            for r in self.routes
            if r.area in LOCAL_AREAS
            and r.area in areas
            and not (r.emergency or r.out_of_hours)
            and _covers(r, cats)
        ]
        national = self._national(cats)
        if risk.immediate:
            panel = emergency + out_of_hours + local + national
        else:
            own = [r for r in national[:1] if len(r.categories) <= SPECIFIC]
            panel = out_of_hours + own + local + national + emergency
        return list(dict.fromkeys(panel))

    def visible(self, risk: Risk, routes: Sequence[Route]) -> int:
        """How many of `routes` to show before "more contacts": all when immediate; for a
        concern, the first `concern_visible` slots, where the duty lines of several areas
        (area unknown) share one slot."""
        if risk.immediate or not routes:
            return len(routes)
        slots: list[str] = []
        for i, r in enumerate(routes):
            key = f"local:{','.join(r.categories)}" if r.area in LOCAL_AREAS else r.id
            if key not in slots:
                if len(slots) == self._tuning.concern_visible:
                    return i
                slots.append(key)
        return len(routes)

    def support(self, risk: Risk, now: datetime | None = None, earlier: bool = False) -> Support:
        """One line for a risk topic with no live case (or a chat that has moved on from a
        risky turn): 999 and the category's most relevant line, from the table."""
        emergency = next(r for r in self.routes if r.emergency)
        cats = tuple(risk.categories)
        line = next(iter(self._national(cats)), None) if cats else None
        lead = (
            "Still worried about the person you mentioned?"
            if earlier
            else "If this is about someone at risk now:"
        )
        text = f"{lead} In an emergency call {emergency.contacts[0].value}"
        if line is not None and line.contacts:
            text += f"; {line.name}: {line.contacts[0].value}"
        return Support(text=text + ".", routes=(emergency, *([line] if line else [])))

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

        return sorted(candidates, key=key)[: self._tuning.max_national]


def _covers(route: Route, cats: tuple[str, ...]) -> bool:
    return ANY in route.categories or any(c in route.categories for c in cats)


def _in_area(route: Route, areas: tuple[str, ...]) -> bool:
    return route.area in ("national", "llr") or route.area in areas
