"""Quantities said as more of what an order has ("add one more t-shirt to order 4822", "티셔츠 한 벌 더
추가해 주세요"): the change adds to the quantity on the order rather than setting it."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import intents as I
from assistant.messages import IntentMatch

ADDED = "added"
"""Slot set (True) when the request's quantity is to be added to the order's."""
_MORE = {
    "en": re.compile(r"\b(more|another|extra|additional)\b"),
    "ko": re.compile(r"더|추가"),
}
_TO = {"ko": re.compile(r"(으로|로) ?(늘려|바꿔|변경|해)")}
"""A quantity said as the new total ("세 개로 늘려 주세요") is not one to add."""


def with_added(match: IntentMatch, lang: str) -> IntentMatch:
    """``match`` with ``ADDED`` when it changes an order by adding to a quantity; "another" alone is one."""
    more, to = _MORE.get(lang), _TO.get(lang)
    if match.intent != I.ORDER_CHANGE or more is None or not more.search(match.text):
        return match
    if to is not None and to.search(match.text):
        return match
    quantity = match.slots.get("quantity")
    if quantity is None and not re.search(r"\banother\b|하나 더|한 (개|벌|켤레|장) 더", match.text):
        return match
    return replace(
        match, slots={**match.slots, "quantity": quantity if quantity is not None else 1, ADDED: True}
    )
