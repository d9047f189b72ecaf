"""English words typed into a Korean sentence are read as the Korean words for them (the shipped
request words and the catalog's English names), and the whole request is understood."""

from __future__ import annotations

import pytest

from assistant.nlu.engine import Nlu
from assistant.nlu.english_in_korean import EnglishInKorean, english_in_korean
from assistant.nlu.slot_lists import value_list


def test_english_phrases_become_the_korean_words_longest_first() -> None:
    lists = [value_list("product", {"en": [("power bank", "pb")], "ko": [("보조 배터리", "pb")]})]
    table = english_in_korean(lists)
    assert table.korean("power bank 하나 주세요") == "보조 배터리 하나 주세요"
    assert table.korean("order cancel 해주세요") == "주문 취소 해주세요"
    assert table.korean("reorder 해주세요") == "reorder 해주세요"  # inside a word: left alone
    assert table.korean("order cancel please") == "order cancel please"  # no Hangul: an English line


def test_no_words_no_change() -> None:
    assert EnglishInKorean({}).korean("order 취소") == "order 취소"


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("power bank 하나 카트에 담아줘", "order.place", {"product": "power-bank"}),
        ("hoodie 그레이 M 하나요", "order.place", {"product": "hoodie", "color": "gray", "size": "M"}),
        ("screen repair 예약 부탁해요", "booking.create", {"service": "screen-repair"}),
        ("order cancel 해주세요 #5521", "order.cancel", {"order_id": "5521"}),
        ("return 하고 싶어요 주문 5870", "order.return", {}),
        ("booking 취소요 번호 8", "booking.cancel", {}),
        ("receipt 다시 받을 수 있을까요", "order.receipt", {}),
    ],
)
def test_mixed_korean_requests_are_understood(
    nlu: Nlu, text: str, intent: str, slots: dict[str, str]
) -> None:
    match = nlu.parse(text, "ko")
    assert match.intent == intent
    assert {k: str(v) for k, v in match.slots.items() if k in slots} == slots
