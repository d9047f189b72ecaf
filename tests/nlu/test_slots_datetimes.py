"""Tests for the date and time slot parsers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.slots import Found, date_pattern, find_date, find_time, parse_date, parse_time, time_pattern
from assistant.text import normalize

TODAY = dt.date(2026, 11, 27)  # a Friday
D = dt.date
T = dt.time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", D(2026, 11, 27)),
        ("tonight", D(2026, 11, 27)),
        ("tomorrow", D(2026, 11, 28)),
        ("the day after tomorrow", D(2026, 11, 29)),
        ("day after tomorrow", D(2026, 11, 29)),
        ("monday", D(2026, 11, 30)),
        ("friday", D(2026, 11, 27)),
        ("thursday", D(2026, 12, 3)),
        ("on friday", D(2026, 11, 27)),
        ("this monday", D(2026, 11, 30)),
        ("this friday", D(2026, 11, 27)),
        ("coming friday", D(2026, 12, 4)),
        ("this coming monday", D(2026, 11, 30)),
        ("next monday", D(2026, 11, 30)),
        ("next friday", D(2026, 12, 4)),
        ("next sunday", D(2026, 12, 6)),
        ("friday next week", D(2026, 12, 4)),
        ("next week", D(2026, 11, 30)),
        ("this weekend", D(2026, 11, 28)),
        ("the weekend", D(2026, 11, 28)),
        ("next weekend", D(2026, 12, 5)),
        ("sat", D(2026, 11, 28)),
        ("december 3rd", D(2026, 12, 3)),
        ("december 3", D(2026, 12, 3)),
        ("december third", D(2026, 12, 3)),
        ("december the third", D(2026, 12, 3)),
        ("dec 3", D(2026, 12, 3)),
        ("december twenty-first", D(2026, 12, 21)),
        ("december twenty first", D(2026, 12, 21)),
        ("3rd of december", D(2026, 12, 3)),
        ("the 3rd of december", D(2026, 12, 3)),
        ("the third of december", D(2026, 12, 3)),
        ("3 december", D(2026, 12, 3)),
        ("on december 3rd", D(2026, 12, 3)),
        ("december 3 2027", D(2027, 12, 3)),
        ("the 5th", D(2026, 12, 5)),
        ("the fifth", D(2026, 12, 5)),
        ("the 27th", D(2026, 11, 27)),
        ("the 30th", D(2026, 11, 30)),
        ("the 31st", D(2026, 12, 31)),
        ("november 27", D(2026, 11, 27)),
        ("november 20", D(2027, 11, 20)),
        ("january 2nd", D(2027, 1, 2)),
        ("may 5", D(2027, 5, 5)),
        ("february 29", D(2028, 2, 29)),
        ("in two days", D(2026, 11, 29)),
        ("in 3 days", D(2026, 11, 30)),
        ("in a day", D(2026, 11, 28)),
        ("in a week", D(2026, 12, 4)),
        ("in two weeks", D(2026, 12, 11)),
        ("in a month", D(2026, 12, 27)),
        ("two days from now", D(2026, 11, 29)),
        ("three days later", D(2026, 11, 30)),
        ("2026-12-03", D(2026, 12, 3)),
    ],
)
def test_parse_date_en(text: str, expected: dt.date) -> None:
    assert parse_date(text, "en", TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "day",
        "the",
        "next",
        "two days",
        "in a",
        "the a",
        "december 32",
        "february 30",
        "2025-12-03",
        "2026-13-01",
        "the 0th",
        "next this week",
        "monday morning",
        "at 3",
        "tomorrow at 3 pm",
        "this next monday",
    ],
)
def test_parse_date_en_rejects(text: str) -> None:
    assert parse_date(text, "en", TODAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("오늘", D(2026, 11, 27)),
        ("내일", D(2026, 11, 28)),
        ("모레", D(2026, 11, 29)),
        ("내일모레", D(2026, 11, 29)),
        ("글피", D(2026, 11, 30)),
        ("월요일", D(2026, 11, 30)),
        ("금요일", D(2026, 11, 27)),
        ("일요일", D(2026, 11, 29)),
        ("이번 주 금요일", D(2026, 11, 27)),
        ("이번주 토요일", D(2026, 11, 28)),
        ("다음 주 월요일", D(2026, 11, 30)),
        ("다음주 월요일", D(2026, 11, 30)),
        ("다음주 금요일", D(2026, 12, 4)),
        ("다다음 주 월요일", D(2026, 12, 7)),
        ("다음 주", D(2026, 11, 30)),
        ("주말", D(2026, 11, 28)),
        ("이번 주말", D(2026, 11, 28)),
        ("다음 주말", D(2026, 12, 5)),
        ("12월 3일", D(2026, 12, 3)),
        ("12월3일", D(2026, 12, 3)),
        ("십이월 삼일", D(2026, 12, 3)),
        ("십이월 삼 일", D(2026, 12, 3)),
        ("11월 20일", D(2027, 11, 20)),
        ("일월 이일", D(2027, 1, 2)),
        ("유월 일일", D(2027, 6, 1)),
        ("시월 삼십일일", D(2027, 10, 31)),
        ("3일", D(2026, 12, 3)),
        ("삼일", D(2026, 12, 3)),
        ("이십칠일", D(2026, 11, 27)),
        ("이십일일", D(2026, 12, 21)),
        ("30일", D(2026, 11, 30)),
        ("다음 달 5일", D(2026, 12, 5)),
        ("이틀 후", D(2026, 11, 29)),
        ("이틀 뒤", D(2026, 11, 29)),
        ("하루 뒤", D(2026, 11, 28)),
        ("사흘 후", D(2026, 11, 30)),
        ("3일 후", D(2026, 11, 30)),
        ("삼 일 뒤", D(2026, 11, 30)),
        ("일주일 후", D(2026, 12, 4)),
        ("이 주 후", D(2026, 12, 11)),
        ("두 달 뒤", D(2027, 1, 27)),
        ("한 달 후", D(2026, 12, 27)),
    ],
)
def test_parse_date_ko(text: str, expected: dt.date) -> None:
    assert parse_date(text, "ko", TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "어제",
        "주",
        "월",
        "일",
        "요일",
        "십삼월 일일",
        "이월 삼십일",
        "삼십이일",
        "이번 달 3일",
        "후",
        "내일 세 시",
        "사과",
    ],
)
def test_parse_date_ko_rejects(text: str) -> None:
    assert parse_date(text, "ko", TODAY) is None


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
        ("book a haircut tomorrow at 3 pm", "en", Found(D(2026, 11, 28), 15, 23)),
        ("can i come on friday at half past three", "en", Found(D(2026, 11, 27), 14, 20)),
        ("next monday at ten thirty", "en", Found(D(2026, 11, 30), 0, 11)),
        ("is it open on december 3rd", "en", Found(D(2026, 12, 3), 14, 26)),
        ("see you in two days", "en", Found(D(2026, 11, 29), 8, 19)),
        ("what about the 5th at noon", "en", Found(D(2026, 12, 5), 11, 18)),
        ("two earbuds please", "en", None),
        ("내일 오후 세 시에 예약해 주세요", "ko", Found(D(2026, 11, 28), 0, 2)),
        ("내일은 세시에 갈게요", "ko", Found(D(2026, 11, 28), 0, 2)),
        ("다음주 월요일에 열 시 반", "ko", Found(D(2026, 11, 30), 0, 7)),
        ("예약은 12월 3일에 가능해요", "ko", Found(D(2026, 12, 3), 4, 10)),
        ("이틀 후에 갈게요", "ko", Found(D(2026, 11, 29), 0, 4)),
        ("모레가 좋아요", "ko", Found(D(2026, 11, 29), 0, 2)),
        ("내일이요", "ko", Found(D(2026, 11, 28), 0, 2)),
        ("두 개 주세요", "ko", None),
    ],
)
def test_find_date(text: str, lang: str, expected: Found | None) -> None:
    assert find_date(text, lang, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("book a haircut tomorrow at 3 pm", "en", Found(T(15, 0), 27, 31)),
        ("can i come on friday at half past three", "en", Found(T(15, 30), 24, 39)),
        ("i want to come at ten thirty in the morning", "en", Found(T(10, 30), 18, 43)),
        ("i need it by 7", "en", Found(T(19, 0), 13, 14)),
        ("come at ten", "en", Found(T(10, 0), 8, 11)),
        ("open from 9 to 5", "en", Found(T(9, 0), 10, 11)),
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


@pytest.mark.parametrize("offset", range(0, 21))
def test_weekday_is_never_past(offset: int) -> None:
    today = TODAY + dt.timedelta(days=offset)
    for name in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
        day = parse_date(name, "en", today)
        assert day is not None and 0 <= (day - today).days < 7
        nxt = parse_date(f"next {name}", "en", today)
        assert nxt is not None and 1 <= (nxt - today).days <= 13


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["en", "ko"]), st.dates())
def test_parsers_never_raise(text: str, lang: str, today: dt.date) -> None:
    day = parse_date(text, lang, today)
    assert day is None or day >= today
    time = parse_time(text, lang)
    assert time is None or isinstance(time, dt.time)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "내일",
                "다음",
                "주",
                "월요일",
                "일",
                "월",
                "세",
                "시",
                "반",
                "오후",
                "삼십",
                "분",
                "후",
                "이틀",
                "에",
                "은",
                " ",
                "십",
                "이",
                "3",
                ":",
                "30",
            ]
        ),
        max_size=12,
    ).map("".join),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 1)),
)
def test_ko_vocabulary_never_raises(text: str, today: dt.date) -> None:
    day = parse_date(text, "ko", today)
    assert day is None or day >= today
    found = find_date(text, "ko", today)
    assert found is None or parse_date(text[found.start : found.end], "ko", today) == found.value
    found_time = find_time(text, "ko")
    assert found_time is None or isinstance(found_time.value, dt.time)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "at",
                "three",
                "thirty",
                "pm",
                "quarter",
                "past",
                "to",
                "next",
                "friday",
                "the",
                "5th",
                "of",
                "december",
                "in",
                "two",
                "days",
                "noon",
                "3:30",
                "o'clock",
                "tomorrow",
                "morning",
                "oh",
            ]
        ),
        max_size=12,
    ).map(" ".join),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
def test_en_vocabulary_never_raises(text: str, today: dt.date) -> None:
    found = find_date(text, "en", today)
    assert found is None or found.value >= today  # type: ignore[operator]
    found_time = find_time(text, "en")
    assert found_time is None or parse_time(text[found_time.start : found_time.end], "en") == found_time.value


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["en", "ko"]))
def test_find_never_raises(text: str, lang: str) -> None:
    text = normalize(text)
    for found in (find_date(text, lang, TODAY), find_time(text, lang)):
        assert found is None or 0 <= found.start < found.end <= len(text)
