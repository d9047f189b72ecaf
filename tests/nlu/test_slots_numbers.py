"""Tests for the number slot parser and finder (counts), in English and Korean."""

from __future__ import annotations

import pytest

from assistant.slots import (
    Found,
    find_digits,
    find_number,
    parse_number,
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
        ("a couple", 2),  # "a couple of black phone cases" was one case (a stranger's chat)
        ("a couple of", 2),
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
        "couple",
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


def test_a_lone_korean_place_word_is_no_number_in_free_text() -> None:
    assert find_number("하나만 할게요", "ko") == Found(1, 0, 2)
    assert find_digits("하나만 할게요", "ko", 3) is None
