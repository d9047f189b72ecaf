"""Holidays by the words customers use for them ("are you open on christmas", "크리스마스에도 열어요?",
"설날에도 영업해요?"): read as dates, and named back when a store's hours on one are asked or a booking
falls on one. Fixed-date holidays are listed here; those that move (설날 and 추석 by the lunar calendar,
Thanksgiving by the weekday) come from the ``holidays`` package (MIT)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import holidays

__all__ = ["holiday_date", "holiday_name", "holiday_words"]


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


@dataclass(frozen=True)
class _Movable:
    country: str
    """The ``holidays`` package's country code whose calendar has it."""
    key: str
    """Its English name in that calendar."""
    names: Mapping[str, str]
    words: Mapping[str, tuple[str, ...]]


_MOVABLE = (
    _Movable(
        "KR",
        "Korean New Year",
        {"en": "Lunar New Year (Seollal)", "ko": "설날"},
        {
            "en": ("lunar new year", "korean new year", "seollal"),
            "ko": ("설날", "구정", "설연휴", "설날연휴"),
        },
    ),
    _Movable(
        "KR",
        "Chuseok",
        {"en": "Chuseok", "ko": "추석"},
        {"en": ("chuseok",), "ko": ("추석", "한가위", "추석연휴", "추석날", "추석당일")},
    ),
    _Movable(
        "KR",
        "Buddha's Birthday",
        {"en": "Buddha's Birthday", "ko": "부처님 오신 날"},
        {"en": ("buddha's birthday", "buddhas birthday"), "ko": ("부처님오신날", "석가탄신일")},
    ),
    _Movable(
        "US",
        "Thanksgiving Day",
        {"en": "Thanksgiving", "ko": "추수감사절"},
        {"en": ("thanksgiving", "thanksgiving day"), "ko": ("추수감사절",)},
    ),
)


@cache
def _calendar(country: str, year: int) -> Mapping[dt.date, str]:
    """The package's holidays of ``country`` in ``year``, by date (English names)."""
    return dict(holidays.country_holidays(country, years=year, language="en_US").items())


def _on(holiday: _Movable, year: int) -> dt.date | None:
    return next((day for day, name in _calendar(holiday.country, year).items() if name == holiday.key), None)


@cache
def holiday_words(lang: str) -> tuple[str, ...]:
    """Every way of saying a holiday in ``lang`` (normalized; Korean without spaces)."""
    return tuple(word for h in (*_HOLIDAYS, *_MOVABLE) for word in h.words.get(lang, ()))


def holiday_date(word: str, lang: str, today: dt.date) -> dt.date | None:
    """The next day (``today`` included) of the holiday said as ``word``; ``None`` when it names none."""
    for fixed in _HOLIDAYS:
        if word in fixed.words.get(lang, ()):
            this_year = dt.date(today.year, fixed.month, fixed.day)
            return this_year if this_year >= today else dt.date(today.year + 1, fixed.month, fixed.day)
    for movable in _MOVABLE:
        if word in movable.words.get(lang, ()):
            days = (_on(movable, year) for year in (today.year, today.year + 1))
            return next((day for day in days if day is not None and day >= today), None)
    return None


def holiday_name(value: dt.date, lang: str) -> str | None:
    """The name of the holiday on ``value``, in ``lang``; ``None`` for an ordinary day."""
    for fixed in _HOLIDAYS:
        if (fixed.month, fixed.day) == (value.month, value.day):
            return fixed.names.get(lang, fixed.names["en"])
    for movable in _MOVABLE:
        if _calendar(movable.country, value.year).get(value) == movable.key:
            return movable.names.get(lang, movable.names["en"])
    return None
