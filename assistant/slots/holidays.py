"""Holidays on a fixed date, by the words customers use for them ("are you open on christmas",
"크리스마스에도 열어요?"): read as dates, and named back when a store's hours on one are asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

__all__ = ["holiday_dates", "holiday_name"]


@dataclass(frozen=True)
class _Holiday:
    month: int
    day: int
    names: Mapping[str, str]
    """How the day is named back, by language."""
    words: Mapping[str, tuple[str, ...]]
    """How customers say it, normalized (Korean without spaces), by language."""


_HOLIDAYS = (
    _Holiday(
        12,
        25,
        {"en": "Christmas Day", "ko": "크리스마스"},
        {"en": ("christmas", "christmas day", "xmas"), "ko": ("크리스마스", "성탄절", "크리스마스날")},
    ),
    _Holiday(
        12,
        24,
        {"en": "Christmas Eve", "ko": "크리스마스 이브"},
        {"en": ("christmas eve", "xmas eve"), "ko": ("크리스마스이브",)},
    ),
    _Holiday(
        12,
        31,
        {"en": "New Year's Eve", "ko": "한 해의 마지막 날"},
        {"en": ("new year's eve", "new years eve"), "ko": ()},
    ),
    _Holiday(
        1,
        1,
        {"en": "New Year's Day", "ko": "신정"},
        {"en": ("new year's day", "new years day", "new year's", "new years"), "ko": ("신정", "새해첫날")},
    ),
    _Holiday(
        3, 1, {"en": "Independence Movement Day", "ko": "삼일절"}, {"en": (), "ko": ("삼일절", "3.1절")}
    ),
    _Holiday(5, 5, {"en": "Children's Day", "ko": "어린이날"}, {"en": (), "ko": ("어린이날",)}),
    _Holiday(6, 6, {"en": "Memorial Day", "ko": "현충일"}, {"en": (), "ko": ("현충일",)}),
    _Holiday(8, 15, {"en": "Liberation Day", "ko": "광복절"}, {"en": (), "ko": ("광복절",)}),
    _Holiday(10, 3, {"en": "National Foundation Day", "ko": "개천절"}, {"en": (), "ko": ("개천절",)}),
    _Holiday(10, 9, {"en": "Hangul Day", "ko": "한글날"}, {"en": (), "ko": ("한글날",)}),
)


@cache
def holiday_dates(lang: str) -> Mapping[str, tuple[int, int]]:
    """Each way of saying a holiday in ``lang`` → its (month, day)."""
    return {word: (h.month, h.day) for h in _HOLIDAYS for word in h.words.get(lang, ())}


def holiday_name(month: int, day: int, lang: str) -> str | None:
    """The name of the holiday on that month and day, in ``lang``; ``None`` for an ordinary day."""
    return next(
        (h.names.get(lang, h.names["en"]) for h in _HOLIDAYS if (h.month, h.day) == (month, day)), None
    )
