"""Random input (hypothesis) for the number and digit-string parsers: never an error, and numbers said in
English or Sino-Korean words read back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.slots import (
    find_digits,
    find_number,
    parse_digits,
    parse_number,
)
from assistant.slots.numeral_words import EN_TENS, EN_UNITS
from assistant.text import normalize

KO_ALPHABET = st.sampled_from(
    list("하나둘셋넷다섯여섯일곱여덟아홉열스물서른한두세네스무일이삼사오육칠팔구십백천만영공")
    + list("개대명시분번월주요은는에를 0123456789")
)


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
