"""Slots filled right: one list under several slot names, Latin sizes typed in Korean, quantities above
99, plural product names, and ``Nlu.values`` for reading an answer against the question."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.nlu.engine import IntentTemplates, Nlu
from assistant.nlu.slot_lists import RangeList, SlotEnv, value_list
from assistant.nlu.templates import TemplateGroup

RANKS = [
    ("ace", "A"),
    ("two", "2"),
    ("three", "3"),
    ("ten", "10"),
    ("jack", "J"),
    ("queen", "Q"),
    ("king", "K"),
]
SUITS = [("hearts", "hearts"), ("spades", "spades"), ("clubs", "clubs"), ("diamonds", "diamonds")]


@pytest.fixture(scope="module")
def cards() -> Nlu:
    lists = {"rank": value_list("rank", {"en": RANKS}), "suit": value_list("suit", {"en": SUITS})}
    templates = (
        "[i want |give me ]the {rank:rank1} of {suit:suit1} and the {rank:rank2} of {suit:suit2}",
        "[i want |give me ]the {rank:rank1} of {suit:suit1}",
    )
    spec = IntentTemplates("cards.pick", (TemplateGroup(templates),), lists)
    return Nlu({"en": [spec]}, today=lambda: date(2026, 11, 27))


def test_one_list_under_several_slot_names_gets_each_its_own_value(cards: Nlu) -> None:
    match = cards.parse("give me the queen of hearts and the two of spades", "en")
    assert match.matcher == "template"
    assert match.slots == {"rank1": "Q", "suit1": "hearts", "rank2": "2", "suit2": "spades"}


def test_the_classifier_and_slot_filling_assign_them_in_order(cards: Nlu) -> None:
    found = cards.find_slots("hmm the king of clubs then the ace of diamonds", "en", "cards.pick")
    assert found == {"rank1": "K", "suit1": "clubs", "rank2": "A", "suit2": "diamonds"}
    match = cards.parse("could i maybe have the jack of spades and also the ten of hearts", "en")
    assert (match.intent, match.matcher) == ("cards.pick", "classifier")
    assert match.slots == {"rank1": "J", "suit1": "spades", "rank2": "10", "suit2": "hearts"}


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("티셔츠 M 사이즈로 주세요", "M"),
        ("티셔츠 L 사이즈로 두 장 주세요", "L"),
        ("후드티 XL사이즈 하나 살게요", "XL"),
    ],
)
def test_latin_sizes_typed_in_korean(nlu: Nlu, text: str, size: str) -> None:
    match = nlu.parse(text, "ko")
    assert (match.intent, match.slots.get("size")) == ("order.place", size)


def test_a_latin_letter_inside_a_word_is_no_size(nlu: Nlu) -> None:
    assert nlu.values("맥북 말고 usb 케이블이요", "ko", "size") == []


@pytest.mark.parametrize(("text", "quantity"), [("i'd like 200 earbuds", 200), ("i want 150 hoodies", 150)])
def test_quantities_above_99_are_what_was_said(nlu: Nlu, text: str, quantity: int) -> None:
    match = nlu.parse(text, "en")
    assert (match.intent, match.slots.get("quantity")) == ("order.place", quantity)


@pytest.mark.parametrize(
    ("text", "product"),
    [("two smart watches please", "smart-watch"), ("i need three phone cases", "phone-case")],
)
def test_plural_product_names(nlu: Nlu, text: str, product: str) -> None:
    assert nlu.parse(text, "en").slots.get("product") == product


def test_values_reads_every_value_of_a_list_in_order(nlu: Nlu) -> None:
    assert nlu.values("two black and one white", "en", "color") == ["black", "white"]
    assert nlu.values("two black and one white", "en", "quantity") == [2, 1]
    assert nlu.values("the hoodie and the backpack", "en", "product") == ["hoodie", "backpack"]
    assert nlu.values("tomorrow at 3 pm", "en", "time") == ["15:00"]
    assert nlu.values("검정 두 개랑 흰색 하나요", "ko", "color") == ["black", "white"]
    assert nlu.values("hello", "en", "no-such-list") == []
    assert nlu.values("hello", "xx", "color") == []


@pytest.mark.parametrize(
    ("text", "order_id"),
    [
        ("4822번 취소할게요", 4822),
        ("4822번 배송지 바꿀 수 있어요?", 4822),
        ("사천팔백이십이 번 주문 어디 있어요", 4822),
    ],
)
def test_korean_order_numbers_with_their_counter(nlu: Nlu, text: str, order_id: int) -> None:
    """ "4822번": the counter is part of how the number is said, and it is the order, not a quantity."""
    match = nlu.parse(text, "ko")
    assert match.slots.get("order_id") == order_id
    assert "quantity" not in match.slots


def test_one_span_is_what_each_intent_takes_it_for() -> None:
    """ "two" is a card's rank for a card skill and a quantity for an order, in the same engine."""
    ranks = value_list("rank", {"en": RANKS})
    cards = IntentTemplates("cards.buy", (TemplateGroup(("i want the {rank}",)),), {"rank": ranks})
    orders = IntentTemplates(
        "order.place", (TemplateGroup(("i want {quantity} hats",)),), {"quantity": RangeList(1, 99)}
    )
    both = Nlu({"en": [cards, orders]}, today=lambda: date(2026, 11, 27))
    assert both.find_slots("make it two", "en", "order.place") == {"quantity": 2}
    assert both.find_slots("make it two", "en", "cards.buy") == {"rank": "2"}


@pytest.mark.parametrize(
    ("said", "expected"), [("이", None), ("네", None), ("이 개", 2), ("둘", 2), ("2", 2)]
)
def test_a_korean_quantity_is_never_a_lone_syllable_that_is_usually_a_word(
    said: str, expected: int | None
) -> None:
    """ "운동화 260이요": its 이 ("is") was the quantity 2, and two pairs were ordered."""
    assert RangeList(1, 99).parse(said, SlotEnv("ko", date(2026, 11, 27))) == expected
