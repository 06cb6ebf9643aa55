"""Office hours of the LLR duty lines, in Europe/London time, with England's bank holidays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
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


def _easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    d = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=d.weekday())


def _substitute(d: date, taken: set[date]) -> date:
    while d.weekday() >= 5 or d in taken:
        d += timedelta(days=1)
    return d


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays by the usual rules (one-off extra days are not known)."""
    easter = _easter(year)
    days = {
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    new_year = _substitute(date(year, 1, 1), set())
    days.add(new_year)
    christmas = _substitute(date(year, 12, 25), set())
    boxing = _substitute(date(year, 12, 26), {christmas})
    days.update({christmas, boxing})
    return frozenset(days)
