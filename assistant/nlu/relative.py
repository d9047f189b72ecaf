"""Quantities said as more of what an order has ("add one more t-shirt to order 4822", "티셔츠 한 벌 더
추가해 주세요"): the change adds to the quantity on the order rather than setting it."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import intents as I
from assistant.messages import IntentMatch

ADDED = "added"
"""Slot set (True) when the request's quantity is to be added to the order's."""
FEWER = "fewer"
"""Slot set (True) when the request's quantity is to be taken off the order's ("5001번 주문 충전기 한 개 줄여
주세요" for three: two; it set one)."""
LESS = {
    "en": re.compile(
        r"\b(one|two|1|2) (less|fewer)\b|\b(take|remove|drop) (one|two|1|2)( of them)? (off|out|away)\b"
        r"|\b(remove|drop|delete|subtract|minus|get rid of) (one|two|three|1|2|3)\b(?! (more|extra)\b)"
    ),
    "ko": re.compile(r"(개|벌|켤레|장|대|하나|둘)\s?(은|는|만)?\s?(빼|줄여|줄이|덜)"),
}
"""A quantity said as fewer than the one ordered ("하나 빼주세요", "한 장 줄여 주세요", "one less",
"remove one shirt"): the order of five became one."""
_MORE = {
    "en": re.compile(r"\b(more|another|extra|additional)\b"),
    "ko": re.compile(r"더|추가"),
}
_TO = {"ko": re.compile(r"(으로|로) ?(늘려|바꿔|변경|해)")}
"""A quantity said as the new total ("세 개로 늘려 주세요") is not one to add."""
_TOTAL = {
    "en": re.compile(
        r"\b(total|altogether|all together|all told|in all)\b|\bmaking (it |that )?\w+$"
        r"|\binstead of (\d+|one|two|three|four|five|six)\b"
    ),
    "ko": re.compile(r"총|합쳐서|합해서|다 해서|전부 해서|모두 해서"),
}
"""Words that give a quantity as the order's new total ("…, so 3 total", "총 세 벌로")."""


_ADD = {
    "en": re.compile(
        r"\b(add|adding|also|too(?! (?!please\b|thanks?\b)[a-z])|as well|include|throw in|put in)\b"
    ),
    "ko": re.compile(r"추가|넣어|\S도 (같이|함께)|같이 (보내|넣|주문)"),
}
"""Words that add a product to an order ("add a charger to that order"): a new item, not the one on the
order swapped for it (the earbuds were replaced by the charger). "too" before a word judges ("the shirts on
order 4822 are too small, can i swap them for a large" added a small shirt)."""


def with_added(match: IntentMatch, lang: str) -> IntentMatch:
    """``match`` with ``ADDED`` when it changes an order by adding to a quantity, or by adding a product;
    "another" alone is one."""
    more, add, to = _MORE.get(lang), _ADD.get(lang), _TO.get(lang)
    if match.intent != I.ORDER_CHANGE or more is None or add is None:
        return match
    adds_product = "product" in match.slots and add.search(match.text) is not None
    if not (more.search(match.text) or adds_product):
        return match
    if to is not None and to.search(match.text):
        return match
    quantity = match.slots.get("quantity")
    if (
        quantity is None
        and not adds_product
        and not re.search(r"\banother\b|하나 더|한 (개|벌|켤레|장) 더", match.text)
    ):
        return match
    return replace(
        match, slots={**match.slots, "quantity": quantity if quantity is not None else 1, ADDED: True}
    )


_LESS_ONE = {
    "en": re.compile(
        r"\b(?:remove|drop|delete|subtract|minus|get rid of|take off|take away)"
        r" (?:a|an|a single|just a|just one) (?!few\b|couple\b|bit\b|pair of them\b)"
        r"|\btake (?:a|an|a single) \w+(?: \w+)? (?:off|out|away)\b"
    )
}
"""One of a product said with "a" as fewer ("remove a shirt", "take a shirt off": both shirts were taken
off)."""


def with_fewer(match: IntentMatch, lang: str) -> IntentMatch:
    """``match`` with ``FEWER`` when it changes an order by a quantity said as fewer ("한 개 줄여 주세요",
    "remove a shirt": one)."""
    less = LESS.get(lang)
    one = _LESS_ONE.get(lang)
    if (
        match.intent == I.ORDER_CHANGE
        and "quantity" not in match.slots
        and "product" in match.slots
        and one is not None
        and one.search(match.text)
    ):
        return replace(match, slots={**match.slots, "quantity": 1, FEWER: True})
    if match.intent != I.ORDER_CHANGE or "quantity" not in match.slots or less is None:
        return match
    if match.slots.get(ADDED) is True or not less.search(match.text):
        return match
    return replace(match, slots={**match.slots, FEWER: True})


_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_PEOPLE = {
    "en": re.compile(
        r"\bfor (?:(?:me|myself) and (?:my \w+|him|her)|(?:my \w+|him|her) and (?:me|myself)|both of us"
        r"|the two of us|us two)\b"
        r"|\bfor (?:each|every one|all) of (?:my|our|the) (?P<n>two|three|four|five|[2-5]) \w+"
    ),
    "ko": re.compile(r"(?:저|나)(?:랑|하고|와) (?:제 |내 )?\S+ (?:거|것|꺼|둘 ?다)|둘이 ?하나씩|우리 둘"),
}
"""Everyone an order is for, said instead of a count ("earbuds for me and my brother, both black", "a
charger for each of my 3 kids"): one pair was ordered."""


def with_people(match: IntentMatch, lang: str) -> IntentMatch:
    """``match``, an order said with no count, with the count of the people it is for."""
    people = _PEOPLE.get(lang)
    found = people.search(match.text) if people is not None else None
    if match.intent != I.ORDER_PLACE or "quantity" in match.slots or found is None:
        return match
    said = found.groupdict().get("n")
    count = _WORDS[said] if said else 2
    return replace(match, slots={**match.slots, "quantity": count})


def as_total(match: IntentMatch, quantity: int, said: str, lang: str) -> IntentMatch | None:
    """ "can i add another t-shirt to order 4822, so 3 total": a ``quantity`` said after an added one as
    the order's new total (``said`` names it so) is the quantity the change sets; ``None`` when ``match``
    adds nothing or ``said`` gives no total (then it may be an order for more)."""
    if match.slots.get(ADDED) is not True or not says_total(said, lang):
        return None
    slots = {k: v for k, v in match.slots.items() if k != ADDED}
    return replace(match, slots={**slots, "quantity": quantity})


def says_total(said: str, lang: str) -> bool:
    """Whether ``said`` gives its quantity as the order's new total ("actually three in total", "i want
    three shirts instead of two")."""
    total = _TOTAL.get(lang)
    return total is not None and total.search(said) is not None
