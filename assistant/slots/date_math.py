"""Calendar arithmetic for the date parsers: months ahead, weekdays, weekends, a day of a month."""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["add_months", "after", "month_day", "next_weekday", "weekend"]


def add_months(day: dt.date, months: int) -> dt.date | None:
    """``day`` moved by ``months``, clamped to the end of the month; None out of range."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def next_weekday(today: dt.date, weekday: int, weeks_ahead: int | None) -> dt.date:
    """Next ``weekday`` from today (today included) or, with ``weeks_ahead``, in that calendar week."""
    if weeks_ahead is None:
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    monday = today - dt.timedelta(days=today.weekday())
    return monday + dt.timedelta(days=7 * weeks_ahead + weekday)


def month_day(today: dt.date, month: int | None, day: int, year: int | None = None) -> dt.date | None:
    """The first valid date on or after ``today`` with that day (and month, and year if given)."""
    if not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
        return None
    first = today.replace(day=1)
    for ahead in range(12 * 9 if month else 12):
        start = add_months(first, ahead)
        if start is None or (year is not None and start.year > year):
            return None
        if (month is not None and start.month != month) or (year is not None and start.year != year):
            continue
        if day <= calendar.monthrange(start.year, start.month)[1] and start.replace(day=day) >= today:
            return start.replace(day=day)
    return None


def weekend(today: dt.date, weeks_ahead: int) -> dt.date:
    """Saturday of this weekend (today if already the weekend) or of a later week."""
    if weeks_ahead == 0 and today.weekday() >= 5:
        return today
    return next_weekday(today, 5, weeks_ahead)


def after(today: dt.date, count: int, unit: str) -> dt.date | None:
    """``today`` plus ``count`` days, weeks or months (``unit`` starts with d/w/m)."""
    if not 0 <= count <= 3660:
        return None
    if unit.startswith("m"):
        return add_months(today, count)
    days = count * (7 if unit.startswith("w") else 1)
    try:
        return today + dt.timedelta(days=days)
    except OverflowError:
        return None
