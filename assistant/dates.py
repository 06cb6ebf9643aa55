"""Issue dates ("YYYY-MM") as people read them."""

from __future__ import annotations

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def month_label(yyyy_mm: str, short: bool = True) -> str:
    """ "2022-03" -> "Mar 2022" (or "March 2022" with short=False); anything else unchanged."""
    try:
        y, m = yyyy_mm.split("-")[:2]
        name = _MONTHS[int(m) - 1]
        return f"{name[:3] if short else name} {int(y)}"
    except (ValueError, IndexError):
        return yyyy_mm



def month_index(yyyy_mm: str) -> int:
    """Months since year 0 for "YYYY-MM" (0 when the date cannot be read), for ordering."""
    try:
        y, m = (int(p) for p in yyyy_mm.split("-")[:2])
    except ValueError:
        return 0
    return y * 12 + (m - 1)
