"""How values are said in each language: prices, dates, times, lists, catalog names."""

from __future__ import annotations

from datetime import date, time
from functools import cache

from assistant.language import join
from assistant.nlu.builtin_lists import display_names
from assistant.slots.holidays import holiday_name

__all__ = ["clock", "day", "holiday", "join", "price", "value_name"]

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "ko": ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"),
}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def price(cents: int, currency: str, lang: str) -> str:
    """``$59.99`` in English; ``59.99달러`` / ``59,000원`` in Korean."""
    if currency == "KRW":
        return f"{cents // 100:,}원" if lang == "ko" else f"₩{cents // 100:,}"
    amount = f"{cents / 100:,.2f}"
    if lang == "ko":
        return f"{amount}달러" if currency == "USD" else f"{amount} {currency}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"


def day(value: date, lang: str, today: date | None = None) -> str:
    """``Monday, November 30`` / ``11월 30일 월요일``; today and tomorrow by name."""
    if today is not None and (value - today).days in (0, 1):
        names = {"en": ("today", "tomorrow"), "ko": ("오늘", "내일")}[lang if lang == "ko" else "en"]
        return names[(value - today).days]
    weekday = _WEEKDAYS["ko" if lang == "ko" else "en"][value.weekday()]
    if lang == "ko":
        return f"{value.month}월 {value.day}일 {weekday}"
    return f"{weekday}, {_MONTHS_EN[value.month - 1]} {value.day}"


def holiday(value: date, lang: str) -> str | None:
    """The holiday on ``value`` by name (``Christmas Day`` / ``크리스마스``), or ``None``."""
    return holiday_name(value, lang)


def clock(value: time, lang: str) -> str:
    """``3 PM`` / ``3:30 PM``; ``오후 3시`` / ``오후 3시 30분`` (the noon hour ``낮 12시``, not 오후 12시)."""
    hour12 = value.hour % 12 or 12
    if lang == "ko":
        half = "오전" if value.hour < 12 else "낮" if value.hour == 12 else "오후"
        return f"{half} {hour12}시" + (f" {value.minute}분" if value.minute else "")
    suffix = "AM" if value.hour < 12 else "PM"
    return f"{hour12}:{value.minute:02d} {suffix}" if value.minute else f"{hour12} {suffix}"


@cache
def _display() -> dict[str, dict[str, dict[str, str]]]:
    return display_names()


def value_name(list_name: str, value: str, lang: str) -> str:
    """How to say a color, size, category or language id (``black`` → ``검은색``)."""
    names = _display().get(list_name, {}).get(str(value), {})
    return names.get(lang) or names.get("en") or str(value)
