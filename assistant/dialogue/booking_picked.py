"""The booking of a conversation's several that the customer names by its part of the day or its place in
the conversation ("cancel the morning one", "the first one", "오전꺼 취소해주세요", "첫번째 예약 취소요"),
and the order of two named by its place ("cancel the first one", "처음에 주문한거 취소요")."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.slots.times import parse_time
from assistant.store import Booking

_PICKED = {
    "en": re.compile(
        r"\b(?P<which>morning|afternoon|evening|first|second|last|earlier|later|earliest|latest)"
        r" (?:one|booking|appointment|appt|slot)\b"
    ),
    "ko": re.compile(
        r"(?P<which>오전|아침|오후|저녁|첫 ?번째|처음|먼저|두 ?번째|마지막|나중)"
        r"(?: 에)?\s?(?:꺼|거|것|걸|건|예약)"
    ),
}
_WHICH: dict[str, Callable[[Sequence[Booking]], list[Booking]]] = {
    "morning": lambda bs: [b for b in bs if b.start.hour < 12],
    "afternoon": lambda bs: [b for b in bs if 12 <= b.start.hour < 17],
    "evening": lambda bs: [b for b in bs if b.start.hour >= 17],
    "first": lambda bs: [min(bs, key=lambda b: b.id)],
    "second": lambda bs: [max(bs, key=lambda b: b.id)],
    "earlier": lambda bs: [min(bs, key=lambda b: b.start)],
    "later": lambda bs: [max(bs, key=lambda b: b.start)],
}
_SAME = {
    "아침": "morning",
    "오전": "morning",
    "오후": "afternoon",
    "저녁": "evening",
    "처음": "first",
    "먼저": "first",
    "첫번째": "first",
    "두번째": "second",
    "마지막": "second",
    "last": "second",
    "나중": "second",
    "earliest": "earlier",
    "latest": "later",
}


_AT_ONE = {"ko": re.compile(r"(?P<at>\S+ ?시(?: ?반)?)\s?(?:꺼|거|것|걸|건)")}
"""A Korean time said as the one of a booking ("열시꺼는 취소해주세요"): the time words keep the 꺼 apart."""


def booking_picked(
    text: str, lang: str, bookings: Sequence[Booking]
) -> tuple[Booking, tuple[int, int]] | None:
    """The one of two ``bookings`` (or more, by the part of the day or its time) normalized ``text`` names,
    and where it is named; ``None`` when it names none, or not one alone."""
    pattern, at_one = _PICKED.get(lang), _AT_ONE.get(lang)
    said = pattern.search(text) if pattern is not None and len(bookings) >= 2 else None
    timed = at_one.search(text) if at_one is not None and len(bookings) >= 2 else None
    at = parse_time(timed.group("at"), lang) if timed is not None else None
    if said is None and timed is not None and at is not None:  # "아 열시꺼는 취소해주세요"
        chosen = [b for b in bookings if b.start.time() == at]
        return (chosen[0], timed.span()) if len(chosen) == 1 else None
    if said is None:
        return None
    which = said.group("which").replace(" ", "")
    if (
        which in ("first", "second", "첫번째", "두번째", "처음", "먼저", "마지막", "나중", "last")
        and len(bookings) > 2
    ):
        return None
    chosen = _WHICH[_SAME.get(which, which)](bookings)
    return (chosen[0], said.span()) if len(chosen) == 1 else None


_ORDER_PLACE = {
    "en": re.compile(r"\b(?P<which>first|second|last|earlier|later|other) (?:one|order)\b"),
    "ko": re.compile(
        r"(?P<which>첫 ?번째|처음|먼저|두 ?번째|마지막|나중)(?: ?에)?\s?(?:꺼|거|것|걸|건|주문|시킨|산)"
    ),
}
_FIRST = frozenset({"first", "earlier", "첫번째", "처음", "먼저"})


def order_picked(text: str, lang: str, numbers: Sequence[int]) -> int | None:
    """The number of the one of two orders ``numbers`` normalized ``text`` names by its place in the
    conversation ("cancel the first one" after two orders: the second was offered); ``None`` when it names
    none or there are not two."""
    pattern = _ORDER_PLACE.get(lang)
    said = pattern.search(text) if pattern is not None and len(numbers) == 2 else None
    if said is None or said.group("which") == "other":
        return None
    return min(numbers) if said.group("which").replace(" ", "") in _FIRST else max(numbers)
