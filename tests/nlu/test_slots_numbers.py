"""Tests for the number and digit-string slot parsers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.slots import (
    Found,
    digits_pattern,
    find_digits,
    find_number,
    number_pattern,
    parse_digits,
    parse_number,
)
from assistant.slots.numeral_words import EN_TENS, EN_UNITS
from assistant.text import normalize

KO_ALPHABET = st.sampled_from(
    list("하나둘셋넷다섯여섯일곱여덟아홉열스물서른한두세네스무일이삼사오육칠팔구십백천만영공")
    + list("개대명시분번월주요은는에를 0123456789")
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("0", 0),
        ("zero", 0),
        ("one", 1),
        ("two", 2),
        ("eleven", 11),
        ("twenty", 20),
        ("twenty one", 21),
        ("twenty-one", 21),
        ("ninety nine", 99),
        ("a hundred", 100),
        ("hundred", 100),
        ("one hundred", 100),
        ("a hundred and five", 105),
        ("one hundred five", 105),
        ("three hundred and twenty two", 322),
        ("twelve hundred", 1200),
        ("a thousand", 1000),
        ("two thousand and five", 2005),
        ("two thousand three hundred forty five", 2345),
        ("five hundred thousand", 500_000),
        ("a million", 1_000_000),
        ("a", 1),
        ("an", 1),
    ],
)
def test_parse_number_en(text: str, expected: int) -> None:
    assert parse_number(text, "en") == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one two",
        "twenty zero",
        "a couple",
        "two earbuds",
        "and",
        "thousand thousand",
        "hundred hundred",
        "twenty twenty",
        "zero one",
        "a a",
        "five and",
        "1 2",
        "two 3",
        "3rd",
        "oh",
    ],
)
def test_parse_number_en_rejects(text: str) -> None:
    assert parse_number(text, "en") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("하나", 1),
        ("둘", 2),
        ("셋", 3),
        ("넷", 4),
        ("다섯", 5),
        ("여섯", 6),
        ("일곱", 7),
        ("여덟", 8),
        ("아홉", 9),
        ("열", 10),
        ("열하나", 11),
        ("열한", 11),
        ("열두", 12),
        ("스물", 20),
        ("스무", None),  # a determiner: a number only before a counter ("스무 개")
        ("스물다섯", 25),
        ("스물 다섯", 25),
        ("서른", 30),
        ("마흔둘", 42),
        ("쉰", 50),
        ("아흔아홉", 99),
        ("한", None),  # alone these are not numbers: "네" is yes, "세"/"한" hardly ever mean a count
        ("두", None),
        ("세", None),
        ("네", None),
        ("석", None),
        ("넉", None),
        ("네 개", 4),
        ("넉 장", 4),
        ("일", 1),
        ("이", 2),
        ("삼", 3),
        ("사", 4),
        ("오", 5),
        ("육", 6),
        ("칠", 7),
        ("팔", 8),
        ("구", 9),
        ("십", 10),
        ("십일", 11),
        ("이십일", 21),
        ("이십 일", 21),
        ("백", 100),
        ("백오", 105),
        ("천", 1000),
        ("사천팔백이십일", 4821),
        ("만", 10_000),
        ("삼만오천", 35_000),
        ("영", 0),
        ("공", 0),
        ("3", 3),
        ("12", 12),
        ("두 개", 2),
        ("두개", 2),
        ("3개", 3),
        ("한 대", 1),
        ("세 명", 3),
        ("한 벌", 1),
        ("두 켤레", 2),
        ("석 잔", 3),
        ("맥주 두 병", None),
        ("두 병", 2),
        ("세 권", 3),
        ("열 장", 10),
        ("세 시", 3),
        ("세시", 3),
        ("삼십 분", 30),
        ("두 번", 2),
        ("삼 일", 3),
        ("삼일", 3),
        ("십이월", 12),
        ("열한 개", 11),
        ("스무 개", 20),
        ("이십일 일", 21),
        ("3 개", 3),
        ("두 개월", 2),
    ],
)
def test_parse_number_ko(text: str, expected: int | None) -> None:
    assert parse_number(text, "ko") == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "개",
        "스무한",
        "하나둘",
        "사팔",
        "이번",
        "이분",
        "세일",
        "십십",
        "만만",
        "두 세",
        "셋이",
        "열 두 세",
        "one",
        "하나 개 개",
        "일공",
    ],
)
def test_parse_number_ko_rejects(text: str) -> None:
    assert parse_number(text, "ko") is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("4821", "en", "4821"),
        ("0042", "en", "0042"),
        ("four eight two one", "en", "4821"),
        ("forty eight twenty one", "en", "4821"),
        ("forty-eight twenty-one", "en", "4821"),
        ("oh one two", "en", "012"),
        ("o one two", "en", "012"),
        ("zero one zero", "en", "010"),
        ("double five one", "en", "551"),
        ("triple oh", "en", "000"),
        ("nineteen eighty four", "en", "1984"),
        ("twenty twenty", "en", "2020"),
        ("one hundred twenty three four", "en", "1234"),
        ("four hundred and twenty one", "en", "421"),
        ("48 twenty one", "en", "4821"),
        ("010-1234", "en", "0101234"),
        ("사 팔 이 일", "ko", "4821"),
        ("사팔이일", "ko", "4821"),
        ("사천팔백이십일", "ko", "4821"),
        ("사십팔 이십일", "ko", "4821"),
        ("공일공", "ko", "010"),
        ("영 일", "ko", "01"),
        ("일이삼사", "ko", "1234"),
        ("4821", "ko", "4821"),
        ("공일공-일이삼사", "ko", "0101234"),
    ],
)
def test_parse_digits(text: str, lang: str, expected: str) -> None:
    assert parse_digits(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("", "en"),
        ("one and two", "en"),
        ("order four", "en"),
        ("a", "en"),
        ("double", "en"),
        ("double twenty", "en"),
        ("and", "en"),
        ("", "ko"),
        ("사팔 개", "ko"),
        ("주문", "ko"),
        ("four", "ko"),
    ],
)
def test_parse_digits_rejects(text: str, lang: str) -> None:
    assert parse_digits(text, lang) is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("i want two earbuds", "en", Found(2, 7, 10)),
        ("give me twenty-one please", "en", Found(21, 8, 18)),
        ("give me a hundred and five cups", "en", Found(105, 8, 26)),
        ("order 3 shirts", "en", Found(3, 6, 7)),
        ("i want a shirt", "en", None),
        ("nothing here", "en", None),
        ("두 개를 주세요", "ko", Found(2, 0, 3)),
        ("두개 주세요", "ko", Found(2, 0, 2)),
        ("이 신발 세 개요", "ko", Found(3, 5, 8)),
        ("셋이요", "ko", Found(3, 0, 1)),
        ("네 두개요", "ko", Found(2, 2, 4)),
        ("이번 주에 열두 개만", "ko", Found(12, 6, 10)),
        ("하나만 주세요", "ko", Found(1, 0, 2)),
        ("스물 다섯 개 주세요", "ko", Found(25, 0, 7)),
        ("3개 주세요", "ko", Found(3, 0, 2)),
        ("주문할게요", "ko", None),
    ],
)
def test_find_number(text: str, lang: str, expected: Found | None) -> None:
    assert find_number(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "min_len", "expected"),
    [
        ("my order is four eight two one please", "en", 3, Found("4821", 12, 30)),
        ("order 4821", "en", 3, Found("4821", 6, 10)),
        ("order forty eight twenty one and two shirts", "en", 3, Found("4821", 6, 28)),
        ("i want two shirts", "en", 3, None),
        ("i want two shirts", "en", 1, Found("2", 7, 10)),
        ("주문 번호 사팔이일이요", "ko", 3, Found("4821", 6, 10)),
        ("주문번호는 사 팔 이 일 입니다", "ko", 3, Found("4821", 6, 13)),
        ("주문 번호는 4821이에요", "ko", 3, Found("4821", 7, 11)),
        ("두 개 주세요", "ko", 3, None),
    ],
)
def test_find_digits(text: str, lang: str, min_len: int, expected: Found | None) -> None:
    assert find_digits(text, lang, min_len) == expected


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_patterns_have_no_groups(lang: str) -> None:
    assert re.compile(number_pattern(lang)).groups == 0
    assert re.compile(digits_pattern(lang)).groups == 0


@pytest.mark.parametrize(
    ("template", "text", "lang", "expected"),
    [
        (r"(?:buy|get) (?P<q>{n}) (?P<p>\w+)", "buy twenty-one shirts", "en", 21),
        (r"(?:buy|get) (?P<q>{n}) (?P<p>\w+)", "buy a shirt", "en", 1),
        (r"(?:buy|get) (?P<q>{n}) (?P<p>\w+)", "get 3 hats", "en", 3),
        (r"(?P<p>\w+) (?P<q>{n}) 주세요", "양말 스물 다섯 개 주세요", "ko", 25),
        (r"(?P<p>\w+) (?P<q>{n})를 주세요", "양말 두개를 주세요", "ko", 2),
    ],
)
def test_number_pattern_in_template(template: str, text: str, lang: str, expected: int) -> None:
    match = re.fullmatch(template.replace("{n}", number_pattern(lang)), text)
    assert match is not None
    assert parse_number(match.group("q"), lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("cancel order forty eight twenty one", "en", "4821"),
        ("cancel order 4821", "en", "4821"),
        ("주문 사 팔 이 일 취소", "ko", "4821"),
    ],
)
def test_digits_pattern_in_template(text: str, lang: str, expected: str) -> None:
    template = r"cancel order (?P<id>{d})" if lang == "en" else r"주문 (?P<id>{d}) 취소"
    match = re.fullmatch(template.replace("{d}", digits_pattern(lang)), text)
    assert match is not None
    assert parse_digits(match.group("id"), lang) == expected


@pytest.mark.parametrize("value", [0, 1, 7, 13, 20, 21, 45, 99, 100, 105, 999, 1000, 2005, 12345])
def test_digits_roundtrip_en(value: int) -> None:
    assert parse_number(str(value), "en") == value
    assert parse_digits(str(value), "en") == str(value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["en", "ko", "xx"]))
def test_parsers_never_raise(text: str, lang: str) -> None:
    number = parse_number(text, lang)
    assert number is None or (isinstance(number, int) and number >= 0)
    digits = parse_digits(text, lang)
    assert digits is None or (digits.isascii() and digits.isdigit())


@settings(max_examples=300, deadline=None)
@given(st.lists(KO_ALPHABET, max_size=30).map("".join))
def test_ko_parsers_never_raise(text: str) -> None:
    number = parse_number(text, "ko")
    assert number is None or number >= 0
    digits = parse_digits(text, "ko")
    assert digits is None or (digits.isascii() and digits.isdigit())
    found = find_number(text, "ko")
    assert found is None or parse_number(text[found.start : found.end], "ko") == found.value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["en", "ko"]))
def test_find_never_raises(text: str, lang: str) -> None:
    text = normalize(text)
    for found in (find_number(text, lang), find_digits(text, lang)):
        assert found is None or 0 <= found.start < found.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999))
def test_english_words_roundtrip(value: int) -> None:
    assert parse_number(_say(value), "en") == value


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_sino_korean_roundtrip(value: int) -> None:
    assert parse_number(_sino(value), "ko") == value
    assert parse_digits(" ".join("공일이삼사오육칠팔구"[int(d)] for d in str(value)), "ko") == str(value)


def _say(value: int) -> str:
    """English words for 0..999999 (test oracle)."""
    units = list(EN_UNITS)
    tens = ["", "", *EN_TENS]

    def below_thousand(n: int) -> list[str]:
        words = [units[n // 100], "hundred"] if n >= 100 else []
        n %= 100
        if n >= 20:
            words += [tens[n // 10]] + ([units[n % 10]] if n % 10 else [])
        elif n:
            words.append(units[n])
        return words

    if value == 0:
        return "zero"
    words = [*below_thousand(value // 1000), "thousand"] if value >= 1000 else []
    return " ".join(words + (below_thousand(value % 1000) if value % 1000 else []))


def _sino(value: int) -> str:
    """Sino-Korean for 1..99999999 (test oracle)."""
    digits = "_일이삼사오육칠팔구"

    def section(n: int) -> str:
        out = ""
        for place, name in ((1000, "천"), (100, "백"), (10, "십")):
            if n >= place:
                out += ("" if n // place == 1 else digits[n // place]) + name
                n %= place
        return out + (digits[n] if n else "")

    high, low = divmod(value, 10_000)
    return (section(high) + "만" if high else "") + section(low)


@pytest.mark.parametrize("text", ["하나만", "둘만", "한 1", "네 자리", "세 번"])
def test_korean_digit_strings_leave_out_words_that_only_look_like_numbers(text: str) -> None:
    """ "하나만" is "only one" (not 1 and 10000); "한", "두", "네" come before a counter, never as a digit."""
    assert parse_digits(text, "ko") is None


def test_a_lone_korean_place_word_is_no_number_in_free_text() -> None:
    assert find_number("하나만 할게요", "ko") == Found(1, 0, 2)
    assert find_digits("하나만 할게요", "ko", 3) is None
