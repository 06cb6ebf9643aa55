"""Hand-made answers in the `Answer.to_dict()` shape, for scoring tests."""

from __future__ import annotations

from typing import Any

SOURCE = "safeguarding-matters-issue-26-2021-06.txt"
QUOTE = "Emergency Duty Team 0116 255 1606 Option 2/1/1 – EDT cover City County and Rutland."
EVIDENCE = QUOTE


def citation(quote: str = QUOTE, n: int = 1, source: str = SOURCE, date: str = "2021-06"):
    return {
        "n": n,
        "source": source,
        "title": "Safeguarding Matters",
        "issue": "26",
        "date": date,
        "section": "Who to call",
        "quote": quote,
        "start": 0,
        "end": 0,
        "passage": quote,
    }


def answer(
    text: str = "Ring the Emergency Duty Team on 0116 255 1606, option 2/1/1 [1].",
    refused: bool = False,
    citations: list[dict] | None = None,
    retrieved: list[str] | None = None,
    routes: list[dict] | None = None,
    risk: dict | None = None,
    timings: dict | None = None,
) -> dict[str, Any]:
    return {
        "id": "x",
        "question": "q",
        "answer": text + "\n\nIn an emergency call 999.",
        "refused": refused,
        "citations": [citation()] if citations is None else citations,
        "retrieved": [
            {"rank": i, "source": SOURCE, "section": "", "date": "2021-06", "text": t, "score": 0.5}
            for i, t in enumerate(retrieved or [], 1)
        ],
        "risk": risk or {"detected": False, "categories": [], "immediate": False},
        "routes": routes or [],
        "warnings": [],
        "timings_ms": timings or {"safety": 1.0, "retrieve": 20.0, "answer": 30.0, "total": 52.0},
    }


def route(*values: str, name: str = "Emergency services") -> dict[str, Any]:
    return {
        "id": name.lower().replace(" ", "-"),
        "name": name,
        "contacts": [{"kind": "phone", "value": v, "label": ""} for v in values],
    }
