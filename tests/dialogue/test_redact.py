"""Tests for personal-data redaction."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.redact import find_address, redact, redact_digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # phones, written
        ("call me at 010-1234-5678", "call me at [PHONE]"),
        ("010 1234 5678", "[PHONE]"),
        ("01012345678", "[PHONE]"),
        ("02-123-4567", "[PHONE]"),
        ("+82 10 1234 5678 please", "[PHONE] please"),
        ("+82-10-1234-5678", "[PHONE]"),
        ("번호는010-1234-5678입니다", "번호는[PHONE]입니다"),
        ("my number is (555) 123-4567", "my number is [PHONE]"),
        ("+1 (555) 123-4567", "[PHONE]"),
        ("1-555-123-4567", "[PHONE]"),
        ("555.123.4567", "[PHONE]"),
        ("555 123 4567", "[PHONE]"),
        ("555-1234", "[PHONE]"),
        ("5551234", "[PHONE]"),
        # phones, spoken
        ("five five five one two three four", "[PHONE]"),
        ("it's five five five, one two three four.", "it's [PHONE]."),
        ("Five Five Five One Two Three Four", "[PHONE]"),
        ("double five five one two three four", "[PHONE]"),
        ("five five five twelve thirty four", "[PHONE]"),
        ("oh one oh one two three four five six seven eight", "[PHONE]"),
        ("five five five 1234", "[PHONE]"),
        ("전화번호는 공일공 일이삼사 오육칠팔이에요", "전화번호는 [PHONE]이에요"),
        ("공일공 일이삼사 오육칠팔입니다", "[PHONE]입니다"),
        ("010 일이삼사 오육칠팔", "[PHONE]"),
        # emails
        ("my email is John.Doe@example.com", "my email is [EMAIL]"),
        ("mail a.b+c@mail.example.co.kr now", "mail [EMAIL] now"),
        ("john dot doe at gmail dot com", "[EMAIL]"),
        ("이메일은 kim@naver.com 입니다", "이메일은 [EMAIL] 입니다"),
        # cards
        ("card 4111 1111 1111 1111", "card [CARD]"),
        ("4111-1111-1111-1111 exp 12/28", "[CARD] exp 12/28"),
        ("4111111111111111", "[CARD]"),
        ("1234 5678 9012 3", "[CARD]"),
        ("3782 822463 10005", "[CARD]"),
        ("one two three four five six seven eight nine zero one two three four five six", "[CARD]"),
        # resident registration numbers
        ("주민번호 900101-1234567", "주민번호 [RRN]"),
        ("900101 - 2234567", "[RRN]"),
        # the same kinds in the other language's sentences
        ("카드 번호는 4111 1111 1111 1111 입니다", "카드 번호는 [CARD] 입니다"),
        ("일이삼사 오육칠팔 구공일이 삼사오육 카드요", "[CARD] 카드요"),
        ("my resident registration number is 900101-1234567", "my resident registration number is [RRN]"),
        ("이메일은 제인 at gmail dot com 이에요", "이메일은 [EMAIL] 이에요"),
        # street addresses, English
        ("I live at 123 Main Street", "I live at [ADDRESS]"),
        ("deliver to 45 W 34th St. Apt 5B please", "deliver to [ADDRESS] please"),
        ("1600 Pennsylvania Avenue NW, Washington", "[ADDRESS]"),  # the town with it
        ("1450 West 5th Street, Santa Monica, CA 90401", "[ADDRESS]"),
        ("send it to 12 oak road tomorrow please", "send it to [ADDRESS] tomorrow please"),
        ("twelve hundred olympic boulevard", "[ADDRESS]"),
        ("it's one two three oak lane", "it's [ADDRESS]"),
        ("88 Sunset Blvd suite 200", "[ADDRESS]"),
        # street addresses, Korean
        ("서울시 강남구 테헤란로 123", "[ADDRESS]"),
        ("주소는 서울특별시 강남구 테헤란로 123길 45입니다", "주소는 [ADDRESS]입니다"),
        ("강남구 역삼동 123-45번지예요", "[ADDRESS]예요"),
        ("서울시 마포구 월드컵로 10, 3층으로 보내 주세요", "[ADDRESS]으로 보내 주세요"),
        ("부산광역시 해운대구 센텀중앙로 79, 101동 1203호", "[ADDRESS]"),
        ("테헤란로 백이십삼에 살아요", "[ADDRESS]에 살아요"),
        ("래미안 101동 1203호로 보내 주세요", "래미안 [ADDRESS]로 보내 주세요"),
        ("서울 마포구 월드컵로 10으로 해주세요", "[ADDRESS]으로 해주세요"),
        # receipt codes and last digits named in replies and requests (logged in clear until 2026-12-05)
        ("Your receipt code is 1703. Please keep it", "Your receipt code is [DIGITS]. Please keep it"),
        ("$24.98 in total, phone ending 0187. Shall I", "$24.98 in total, phone ending [DIGITS]. Shall I"),
        ("order status 4821 last four 0187", "order status 4821 last four [DIGITS]"),
        ("전화번호 뒤 네 자리는 5678이에요.", "전화번호 뒤 네 자리는 [DIGITS]이에요."),
        ("영수증 코드는 8388이에요.", "영수증 코드는 [DIGITS]이에요."),  # the city without 시 (2026-12-05)
        ("부산 해운대구 해운대로 570", "[ADDRESS]"),
        # several kinds at once
        ("010-1234-5678 and a@b.com", "[PHONE] and [EMAIL]"),
        ("send it to 9 Elm Street, call 555-1234", "send it to [ADDRESS], call [PHONE]"),
    ],
)
def test_redacts(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "order 4821",
        "cancel order four eight two one",
        "my order is forty eight twenty one",
        "two earbuds",
        "three thirty",
        "3:30 pm",
        "three o'clock",
        "book it for 2026-11-27 at 3",
        "20261127",
        "2026.11.27",
        "12/03/2026",
        "it costs 1,299.99 dollars",
        "주문 번호 사팔이일",
        "두 개 주세요",
        "내일 오후 세 시",
        "이십만 원",
        "4821 5",
        "room 1203",
        "",
        "meet me at the store",
        "3 pm on main street",
        "two tickets for the drive",
        "I'd like two large t shirts",
        "흰색으로 2개 주세요",
        "블루로 2 개요",
        "택배로 이틀 걸려요",
        "내일 오후 3시로 예약해 주세요",
        "서울시 강남구에 매장이 있나요",
        "운동 250",
    ],
)
def test_leaves_harmless_text(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zero one eight seven", "[DIGITS]"),
        ("Oh one eight seven.", "[DIGITS]."),
        ("it's 0187", "it's [DIGITS]"),
        ("공 일 팔 칠", "[DIGITS]"),
        ("공일팔칠이요", "[DIGITS]요"),
        ("the last four are 0187, call 010-1234-5678", "the last [DIGITS] are [DIGITS], call [PHONE]"),
        ("I don't remember", "I don't remember"),
        ("잘 모르겠어요", "잘 모르겠어요"),
        # Korean words whose syllables are also numerals stay words (a stranger's ticket read "[DIGITS]즈")
        ("아 사이즈 이백칠십으로 바꿔줘", "아 사이즈 [DIGITS]으로 바꿔줘"),
        ("제일 큰 걸로 추천해 주세요", "제일 큰 걸로 추천해 주세요"),
        ("검정색이 좋아요 오늘 와요", "검정색이 좋아요 오늘 와요"),
        ("사팔이일번이요", "[DIGITS]번이요"),
    ],
)
def test_redact_digits_hides_every_digit_run(text: str, expected: str) -> None:
    assert redact_digits(text) == expected


def test_idempotent() -> None:
    text = "call 010-1234-5678 or mail kim@naver.com, card 4111 1111 1111 1111"
    assert redact(redact(text)) == redact(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.from_regex(r"[0-9]{9,19}", fullmatch=True), st.text(max_size=40))
def test_any_text_comes_back_redacted_and_stable(before: str, digits: str, after: str) -> None:
    """Whatever surrounds it, a run of 9 to 19 digits (a phone or card number) never survives, and
    redacting twice changes nothing more."""
    text = f"{before} {digits} {after}"
    out = redact(text)
    assert redact(out) == out
    assert not re.search(r"(?<![0-9])[0-9]{9,19}(?![0-9])", out), (text, out)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"01[016789]-[0-9]{3,4}-[0-9]{4}", fullmatch=True))
def test_any_korean_mobile(phone: str) -> None:
    assert redact(f"번호 {phone} 입니다") == "번호 [PHONE] 입니다"


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9]{4}( [0-9]{4}){3}", fullmatch=True))
def test_any_card(card: str) -> None:
    assert redact(f"card {card} thanks") == "card [CARD] thanks"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999))
def test_short_numbers_survive(number: int) -> None:
    text = f"order {number} please"
    assert redact(text) == text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=80))
def test_plain_words_survive_mostly(text: str) -> None:
    redacted = redact(text)
    assert "[CARD]" not in redacted and "[RRN]" not in redacted
    assert not re.search(r"[0-9]", redacted)


@pytest.mark.parametrize("text", ["아 전화번호 틀렸어요 끝자리 오사삼일이에요", "운동 250", "자리 1203"])
def test_words_that_end_like_a_dong_or_ri_are_no_address(text: str) -> None:
    """ "끝자리 오사삼일이" (the last digits of a phone) was stored as a delivery address."""
    assert find_address(text) is None
