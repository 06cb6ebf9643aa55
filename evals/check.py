"""Thresholds (`--check`) and deltas against an earlier run (`--compare`)."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from evals.cases import DatasetError

DEFAULT_THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"


@dataclass(frozen=True)
class Verdict:
    metric: str
    value: float | None
    bound: str  # ">= 0.95" or "<= 0.1"
    passed: bool | None  # None: not measured, skipped

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "value": self.value,
            "bound": self.bound,
            "passed": self.passed,
        }


def load_thresholds(path: Path | None = None) -> dict[str, dict[str, float]]:
    path = Path(path or DEFAULT_THRESHOLDS)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DatasetError(f"cannot read thresholds {path}: {exc}") from exc
    return {"min": dict(data.get("min", {})), "max": dict(data.get("max", {}))}


def check(
    metrics: Mapping[str, float | None], thresholds: Mapping[str, Mapping[str, float]]
) -> list[Verdict]:
    """One verdict per threshold, in the order of the thresholds file."""
    out = []
    for kind, op in (("min", ">="), ("max", "<=")):
        for name, bound in thresholds.get(kind, {}).items():
            value = metrics.get(name)
            if value is None:
                out.append(Verdict(name, None, f"{op} {bound:g}", None))
                continue
            ok = value >= bound if kind == "min" else value <= bound
            out.append(Verdict(name, value, f"{op} {bound:g}", ok))
    return out


def failed(verdicts: list[Verdict]) -> list[Verdict]:
    return [v for v in verdicts if v.passed is False]


def load_run(path: Path) -> dict[str, Any]:
    """An earlier `assistant eval --json` output (or just its metrics mapping)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(f"cannot read earlier run {path}: {exc}") from exc
    return data.get("metrics", data) if isinstance(data, dict) else {}


def compare(new: Mapping[str, Any], old: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per metric: old value, new value and the change (new - old), for metrics in either."""
    rows = []
    for name in list(dict.fromkeys([*new, *old])):
        a, b = old.get(name), new.get(name)
        if not _number(a) and not _number(b):
            continue
        delta = round(b - a, 4) if _number(a) and _number(b) else None
        rows.append({"metric": name, "old": a, "new": b, "delta": delta})
    return rows


def _number(x: Any) -> TypeGuard[int | float]:
    return isinstance(x, int | float) and not isinstance(x, bool)
