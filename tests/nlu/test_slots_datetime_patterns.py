"""Tests for the date and time slot patterns: no capture groups, and used inside intent templates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assistant.slots import date_pattern, parse_date, parse_time, time_pattern
from tests.support.clock import TODAY

D = dt.date
T = dt.time


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_patterns_have_no_groups(lang: str) -> None:
    assert re.compile(date_pattern(lang)).groups == 0
    assert re.compile(time_pattern(lang)).groups == 0


@pytest.mark.parametrize(
    ("text", "lang", "date", "time"),
    [
        ("book it on next friday at quarter past four pm", "en", D(2026, 12, 4), T(16, 15)),
        ("book it on tomorrow at 3", "en", D(2026, 11, 28), T(15, 0)),
        ("book it on the 5th at ten thirty in the morning", "en", D(2026, 12, 5), T(10, 30)),
        ("book it on december 3rd at noon", "en", D(2026, 12, 3), T(12, 0)),
        ("다음 주 금요일 오후 세 시 반에 예약", "ko", D(2026, 12, 4), T(15, 30)),
        ("이틀 후 오후 세 시에 예약", "ko", D(2026, 11, 29), T(15, 0)),
        ("내일 세 시에 예약", "ko", D(2026, 11, 28), T(15, 0)),
        ("12월 3일 저녁 일곱 시에 예약", "ko", D(2026, 12, 3), T(19, 0)),
    ],
)
def test_patterns_in_templates(text: str, lang: str, date: dt.date, time: dt.time) -> None:
    if lang == "en":
        template = r"book it (?:on )?(?P<date>{d}) at (?P<time>{t})"
    else:
        template = r"(?P<date>{d}) (?P<time>{t})에 예약"
    regex = template.replace("{d}", date_pattern(lang)).replace("{t}", time_pattern(lang))
    match = re.fullmatch(regex, text)
    assert match is not None
    assert parse_date(match.group("date"), lang, TODAY) == date
    assert parse_time(match.group("time"), lang) == time
