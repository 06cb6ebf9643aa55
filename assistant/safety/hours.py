"""Office hours of the LLR duty lines, in Europe/London time, with England's bank holidays.

Bank holidays come from the `holidays` package (England), which knows the moved and one-off
days (the 2020 VE Day Friday, the 2022 Platinum Jubilee and State Funeral, the 2023
Coronation) that a hand-kept rule gets wrong.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

OPEN = time(8, 30)
CLOSE = time(17, 0)  # Monday to Thursday
CLOSE_FRIDAY = time(16, 30)


def is_out_of_hours(now: datetime, timezone: str = "Europe/London") -> bool:
    """True before 08:30 or after 17:00 Mon-Thu (16:30 Fri), at weekends and bank holidays.

    A naive `now` is read as the machine's local time (what `datetime.now()` returns).
    """
    local = now.astimezone(ZoneInfo(timezone))
    day = local.date()
    if local.weekday() >= 5 or day in bank_holidays(day.year):
        return True
    close = CLOSE_FRIDAY if local.weekday() == 4 else CLOSE
    return not (OPEN <= local.time() < close)


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in `year`, substitute and one-off days included."""
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())
