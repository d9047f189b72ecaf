"""Tests for the time slot parser and finder, in English and Korean."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.slots import Found, find_time, parse_time
from assistant.text import normalize

T = dt.time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 pm", T(15, 0)),
        ("3pm", T(15, 0)),
        ("3 p.m.", T(15, 0)),
        ("3 p m", T(15, 0)),
        ("three pm", T(15, 0)),
        ("11 a.m.", T(11, 0)),
        ("3 o'clock", T(15, 0)),
        ("three o'clock", T(15, 0)),
        ("three o clock", T(15, 0)),
        ("three thirty", T(15, 30)),
        ("three 30", T(15, 30)),
        ("ten forty five", T(10, 45)),
        ("ten forty-five am", T(10, 45)),
        ("ten oh five", T(10, 5)),
        ("twelve fifteen", T(12, 15)),
        ("3:30", T(15, 30)),
        ("3:30 pm", T(15, 30)),
        ("3:30pm", T(15, 30)),
        ("9:15 am", T(9, 15)),
        ("15:00", T(15, 0)),
        ("07:00", T(7, 0)),
        ("07:00 pm", T(19, 0)),
        ("half past three", T(15, 30)),
        ("quarter past four", T(16, 15)),
        ("a quarter past four", T(16, 15)),
        ("quarter to four", T(15, 45)),
        ("quarter to eight", T(7, 45)),
        ("quarter to one", T(12, 45)),
        ("twenty to five", T(16, 40)),
        ("ten past nine", T(9, 10)),
        ("ten minutes past nine", T(9, 10)),
        ("10 minutes to five", T(16, 50)),
        ("half past eleven pm", T(23, 30)),
        ("noon", T(12, 0)),
        ("midday", T(12, 0)),
        ("twelve noon", T(12, 0)),
        ("midnight", T(0, 0)),
        ("at 10 in the morning", T(10, 0)),
        ("10 in the morning", T(10, 0)),
        ("7 in the evening", T(19, 0)),
        ("two in the afternoon", T(14, 0)),
        ("9 at night", T(21, 0)),
        ("12 at night", T(0, 0)),
        ("8 tonight", T(20, 0)),
        ("at three thirty pm", T(15, 30)),
        ("around 4", T(16, 0)),
        ("1", T(13, 0)),
        ("7", T(19, 0)),
        ("8", T(8, 0)),
        ("11", T(11, 0)),
        ("12", T(12, 0)),
        ("twelve", T(12, 0)),
        ("12 am", T(0, 0)),
        ("12 pm", T(12, 0)),
        ("0", T(0, 0)),
        ("18", T(18, 0)),
    ],
)
def test_parse_time_en(text: str, expected: dt.time) -> None:
    assert parse_time(normalize(text), "en") == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "pm",
        "at",
        "three thirty five forty",
        "13 pm",
        "0 am",
        "25",
        "3:61",
        "24:30",
        "half past",
        "quarter to",
        "9 to 5",
        "three one",
        "a",
        "tomorrow",
        "sixty past three",
        "in the morning",
        "two to four",  # from two to four, not 3:58
        "three past four",
    ],
)
def test_parse_time_en_rejects(text: str) -> None:
    assert parse_time(normalize(text), "en") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("세 시", T(15, 0)),
        ("세시", T(15, 0)),
        ("3시", T(15, 0)),
        ("삼 시", T(15, 0)),
        ("오후 세 시", T(15, 0)),
        ("오후 3시", T(15, 0)),
        ("오전 열 시 반", T(10, 30)),
        ("열 시 반", T(10, 30)),
        ("두시 반", T(14, 30)),
        ("3시 30분", T(15, 30)),
        ("세 시 삼십 분", T(15, 30)),
        ("세 시 삼십오 분", T(15, 35)),
        ("한 시 십오 분", T(13, 15)),
        ("열한 시 오 분", T(11, 5)),
        ("열두 시", T(12, 0)),
        ("15시", T(15, 0)),
        ("09시", T(9, 0)),
        ("정오", T(12, 0)),
        ("자정", T(0, 0)),
        ("아침 아홉 시", T(9, 0)),
        ("아침 일곱 시", T(7, 0)),
        ("저녁 일곱 시", T(19, 0)),
        ("밤 열 시", T(22, 0)),
        ("밤 열두 시", T(0, 0)),
        ("새벽 두 시", T(2, 0)),
        ("새벽 다섯 시", T(5, 0)),
        ("낮 열두 시", T(12, 0)),
        ("점심 한 시", T(13, 0)),
        ("오후 3:30", T(15, 30)),
        ("3:30", T(15, 30)),
        ("세 시 정각", T(15, 0)),
    ],
)
def test_parse_time_ko(text: str, expected: dt.time) -> None:
    assert parse_time(text, "ko") == expected


@pytest.mark.parametrize(
    "text", ["", "시", "세", "오후", "반", "세 개", "스물다섯 시", "세 시 육십 분", "오후 15시", "내일"]
)
def test_parse_time_ko_rejects(text: str) -> None:
    assert parse_time(text, "ko") is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("book a haircut tomorrow at 3 pm", "en", Found(T(15, 0), 27, 31)),
        ("can i come on friday at half past three", "en", Found(T(15, 30), 24, 39)),
        ("i want to come at ten thirty in the morning", "en", Found(T(10, 30), 18, 43)),
        ("i need it by 7", "en", Found(T(19, 0), 13, 14)),
        ("come at ten", "en", Found(T(10, 0), 8, 11)),
        ("open from 9 to 5", "en", Found(T(9, 0), 10, 11)),
        ("move it from three to four", "en", Found(T(15, 0), 13, 18)),
        ("move it from    to 4", "en", Found(T(16, 0), 19, 20)),  # the time after "to", once 3 is found
        ("change the quantity to 4", "en", None),
        ("see you in two days", "en", None),
        ("two earbuds please", "en", None),
        ("at 3:30 tomorrow", "en", Found(T(15, 30), 3, 7)),
        ("내일 오후 세 시에 예약해 주세요", "ko", Found(T(15, 0), 3, 9)),
        ("내일은 세시에 갈게요", "ko", Found(T(15, 0), 4, 6)),
        ("다음주 월요일에 열 시 반", "ko", Found(T(10, 30), 9, 14)),
        ("모레 정오에 봬요", "ko", Found(T(12, 0), 3, 5)),
        ("3시 30분까지 갈게요", "ko", Found(T(15, 30), 0, 6)),
        ("두 개 주세요", "ko", None),
    ],
)
def test_find_time(text: str, lang: str, expected: Found | None) -> None:
    assert find_time(text, lang) == expected
