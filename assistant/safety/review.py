"""Review state of the routes table: what an administrator must check.

Used by `assistant routes --check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.types import Route

REVIEW_MONTHS = 12


def review_due(reviewed: date, months: int = REVIEW_MONTHS) -> date:
    """The date by which a route reviewed on `reviewed` must be reviewed again."""
    month = reviewed.month - 1 + months
    year, month = reviewed.year + month // 12, month % 12 + 1
    day = reviewed.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:  # 29-31 in a shorter month: the month's last day
            day -= 1


def review_problems(routes: Sequence[Route], today: date) -> list[tuple[Route, str]]:
    """(route, reason) for each route past its 12-month review or still marked `verify`."""
    out: list[tuple[Route, str]] = []
    for r in routes:
        due = review_due(r.reviewed)
        if today > due:
            out.append(
                (
                    r,
                    f"review overdue: last reviewed {r.reviewed.isoformat()}, "
                    f"due {due.isoformat()}",
                )
            )
        if r.status == "verify":
            out.append((r, "marked 'verify': confirm the contact details with the service"))
    return out
