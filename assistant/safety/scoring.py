"""Scoring the risk screen on a labelled JSONL set (evals/datasets/risk.jsonl and the like).

Row fields: id, text, must_show_routes, category, route_policy (required|optional|noise),
immediate, optional level (immediate|concern|topic|none), area and history (earlier user
turns).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.types import Safety, Turn

# screen(text, history, now) -> Safety
Screen = Callable[[str, list[Turn], datetime | None], Safety]


@dataclass
class RiskScore:
    must_show: int = 0
    shown: int = 0
    immediate: int = 0
    emergency_first: int = 0
    noise: int = 0
    noise_fired: int = 0
    category_hits: int = 0
    area_cases: int = 0
    area_hits: int = 0
    topic: int = 0
    topic_support: int = 0
    misses: list[str] = field(default_factory=list)
    not_first: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    wrong_area: list[str] = field(default_factory=list)
    times_ms: list[float] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.shown / self.must_show if self.must_show else 1.0

    @property
    def emergency_first_rate(self) -> float:
        return self.emergency_first / self.immediate if self.immediate else 1.0

    @property
    def noise_rate(self) -> float:
        return self.noise_fired / self.noise if self.noise else 0.0

    @property
    def topic_support_rate(self) -> float:
        return self.topic_support / self.topic if self.topic else 1.0

    def percentile(self, q: float) -> float:
        xs = sorted(self.times_ms)
        if not xs:
            return 0.0
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    rows = []
    for line in Path(path).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            rows.append(json.loads(line))
    return rows


def history_of(row: dict[str, Any]) -> list[Turn]:
    turns = []
    for h in row.get("history", []):
        if isinstance(h, str):
            turns.append(Turn("user", h))
        else:
            turns.append(Turn(h["role"], h["content"]))
    return turns


def score(
    screen: Screen, rows: Iterable[dict[str, Any]], now: datetime | None = None
) -> RiskScore:
    s = RiskScore()
    for row in rows:
        t0 = time.perf_counter()
        safety = screen(row["text"], history_of(row), now)
        s.times_ms.append((time.perf_counter() - t0) * 1000)
        _count(s, row, safety)
    return s


def _count(s: RiskScore, row: dict[str, Any], safety: Safety) -> None:
    risk, routes = safety.risk, safety.routes
    if row["must_show_routes"]:
        s.must_show += 1
        if routes:
            s.shown += 1
        else:
            s.misses.append(row["id"])
        s.category_hits += row["category"] in risk.categories
    if row.get("immediate"):
        s.immediate += 1
        if routes and routes[0].emergency and risk.immediate:
            s.emergency_first += 1
        else:
            s.not_first.append(row["id"])
    if row.get("route_policy") == "noise":
        s.noise += 1
        if routes:
            s.noise_fired += 1
            s.false_alarms.append(row["id"])
    if row.get("level") == "topic":
        s.topic += 1
        s.topic_support += safety.support is not None or bool(routes)
    if row.get("area") and row.get("route_policy") != "noise":
        s.area_cases += 1
        if risk.area == row["area"]:
            s.area_hits += 1
        else:
            s.wrong_area.append(row["id"])
