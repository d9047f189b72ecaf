"""Tests for the number and digit-string slot patterns: no capture groups, and used inside intent
templates."""

from __future__ import annotations

import re

import pytest

from assistant.slots import (
    digits_pattern,
    number_pattern,
    parse_digits,
    parse_number,
)


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
