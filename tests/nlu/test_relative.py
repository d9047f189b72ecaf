"""Quantities said as more of what an order has are added to it, not set (``assistant/nlu/relative.py``)."""

from __future__ import annotations

import pytest

from assistant.messages import IntentMatch
from assistant.nlu.relative import ADDED, with_added


def change(text: str, **slots: object) -> IntentMatch:
    return IntentMatch(text, "order.change", 1.0, slots, "template")


@pytest.mark.parametrize(
    ("text", "lang", "slots", "quantity"),
    [
        ("add one more t-shirt to order 4822", "en", {"quantity": 1}, 1),
        ("add another phone case to my order", "en", {}, 1),
        ("4822 주문에 티셔츠 한 벌 더 추가해 주세요", "ko", {"quantity": 1}, 1),
        ("티셔츠 하나 더 넣어 주세요", "ko", {"quantity": 1}, 1),
    ],
)
def test_more_is_added(text: str, lang: str, slots: dict[str, object], quantity: int) -> None:
    found = with_added(change(text, **slots), lang)
    assert found.slots.get(ADDED) is True and found.slots["quantity"] == quantity


@pytest.mark.parametrize(
    ("text", "lang", "slots"),
    [
        ("change the t-shirts to 3", "en", {"quantity": 3}),
        ("4822 케이스 두 개로 늘려주세요", "ko", {"quantity": 2}),
        ("make it two more colourful", "en", {}),
    ],
)
def test_a_new_total_is_not_added(text: str, lang: str, slots: dict[str, object]) -> None:
    assert ADDED not in with_added(change(text, **slots), lang).slots


def test_only_an_order_change_adds() -> None:
    placed = IntentMatch("two more hoodies", "order.place", 1.0, {"quantity": 2}, "classifier")
    assert with_added(placed, "en") == placed
