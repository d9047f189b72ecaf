"""Random input (hypothesis) for the date and time slot parsers and finders: never an error, never a date
in the past."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.slots import find_date, find_time, parse_date, parse_time
from assistant.text import normalize
from tests.support.clock import TODAY


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
