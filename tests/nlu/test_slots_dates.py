"""Tests for the date slot parser and finder, in English and Korean."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.slots import Found, find_date, parse_date
from assistant.text import normalize
from tests.support.clock import TODAY

D = dt.date


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
        ("tuesday the week after next", D(2026, 12, 8)),
        ("tuesday of the week after next", D(2026, 12, 8)),
        ("the week after next, tuesday", D(2026, 12, 8)),
        ("the week after next", D(2026, 12, 7)),
        ("in two weeks on tuesday", D(2026, 12, 8)),
        ("a week from friday", D(2026, 12, 4)),
        ("a week from tuesday", D(2026, 12, 8)),
        ("next week on friday", D(2026, 12, 4)),
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
        ("담주 화욜", D(2026, 12, 1)),
        ("수욜", D(2026, 12, 2)),
        ("2주 뒤 화요일", D(2026, 12, 8)),
        ("2주 후 수욜", D(2026, 12, 9)),
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
        ("낼 3시 액정 수리 돼", "ko", Found(D(2026, 11, 28), 0, 1)),
        ("카드로 돈 낼 수 있어요", "ko", None),
        ("배터리 교체 내일 열두시요", "ko", Found(D(2026, 11, 28), 7, 9)),  # 열 is the hour's
        ("설날에도 영업해요", "ko", Found(D(2027, 2, 7), 0, 2)),  # by the lunar calendar
        ("추석 연휴에도 열어요", "ko", Found(D(2027, 9, 15), 0, 5)),
        ("기기 설정 예약", "ko", None),
        ("are you open on thanksgiving", "en", Found(D(2027, 11, 25), 16, 28)),  # 2026's was the 26th
    ],
)
def test_find_date(text: str, lang: str, expected: Found | None) -> None:
    assert find_date(text, lang, TODAY) == expected


@pytest.mark.parametrize("offset", range(0, 21))
def test_weekday_is_never_past(offset: int) -> None:
    today = TODAY + dt.timedelta(days=offset)
    for name in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
        day = parse_date(name, "en", today)
        assert day is not None and 0 <= (day - today).days < 7
        nxt = parse_date(f"next {name}", "en", today)
        assert nxt is not None and 1 <= (nxt - today).days <= 13


@pytest.mark.parametrize(
    ("said", "lang", "expected"),
    [
        ("screen repair on 12/14 at 14:00", "en", D(2026, 12, 14)),  # was read as the time 12:14
        ("12/14/2027 at 3pm", "en", D(2027, 12, 14)),
        ("12/14 오후 2시", "ko", D(2026, 12, 14)),
    ],
)
def test_a_date_written_with_slashes_is_a_date(said: str, lang: str, expected: dt.date) -> None:
    found = find_date(normalize(said), lang, TODAY)
    assert found is not None and found.value == expected
    assert "12 14" not in normalize(said)


def test_slashes_that_are_no_date_stay_numbers() -> None:
    assert normalize("50/50 chance, 1/2/3") == "50 50 chance 1 2 3"


@pytest.mark.parametrize("said", ["2월 30일 오후 3시 기기 설정 예약", "4월 31일"])
def test_a_day_the_month_has_not_is_no_date(said: str) -> None:
    """ "2월 30일" was read as the 30th of this month (a booking on December 30 was offered)."""
    assert find_date(normalize(said), "ko", TODAY) is None
