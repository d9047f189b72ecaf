"""A clock the tests move by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta

START = datetime(2026, 11, 27, 11, 0)
"""A Friday morning; the demo store is open."""
TODAY = date(2026, 11, 27)
"""A Friday: the day the date and time slot parsers count from."""


class Clock:
    """A clock the tests move by hand."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
