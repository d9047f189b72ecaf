"""Tests for the digit-string slot parser and finder (order numbers, phone numbers said digit by digit)."""

from __future__ import annotations

import pytest

from assistant.slots import (
    Found,
    find_digits,
    parse_digits,
    parse_number,
)


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


@pytest.mark.parametrize("value", [0, 1, 7, 13, 20, 21, 45, 99, 100, 105, 999, 1000, 2005, 12345])
def test_digits_roundtrip_en(value: int) -> None:
    assert parse_number(str(value), "en") == value
    assert parse_digits(str(value), "en") == str(value)


@pytest.mark.parametrize("text", ["하나만", "둘만", "한 1", "네 자리", "세 번"])
def test_korean_digit_strings_leave_out_words_that_only_look_like_numbers(text: str) -> None:
    """ "하나만" is "only one" (not 1 and 10000); "한", "두", "네" come before a counter, never as a digit."""
    assert parse_digits(text, "ko") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("이어폰 하나 사고 싶어요", None),
        ("둘 사려고요", None),
        ("주문 번호는 사 팔 이 일이에요", "4821"),
        ("사 팔 이 일번", "4821"),
    ],
)
def test_a_korean_number_word_a_word_goes_on_from_is_that_word(text: str, expected: str | None) -> None:
    """ "사" in "하나 사고" is the verb (buy), not the digit 4 after 1."""
    found = find_digits(text, "ko", 2)
    assert (found.value if found is not None else None) == expected


def test_a_particle_after_written_digits_is_outside_them() -> None:
    """ "250이랑": the 이 of the particle 이랑 is no part of the number (the size 250 was lost)."""
    found = find_digits("러닝화 250이랑 흰색이요", "ko", 3)
    assert found is not None and (found.value, found.start, found.end) == ("250", 4, 7)
