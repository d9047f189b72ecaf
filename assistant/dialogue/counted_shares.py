"""Shares of one item counted out by the customer ("two M and one L", "one white one gray", "하나는 흰색
하나는 회색"): each look with its count, and the change's slots for two of them."""

from __future__ import annotations

import re

from assistant.messages import SlotValue

_COUNTED = re.compile(
    r"\s*(?:(?:of (?:them|those|these|the \w+)|in|in size|size|as|to|to be|are|should be|in an?|the other"
    r"|other|은|는)\s+)*"
)
"""What may stand between a count and the look it gets ("two of them M and one L", "two in M")."""


def counted_looks(
    text: str, spans: list[tuple[str, SlotValue, int, int]]
) -> list[tuple[str, SlotValue, int]]:
    """The shares of one item the customer counts out, each look with its count ("two M and one L", "one
    white one gray", "하나는 흰색 하나는 회색"): two or more of the same look, all different; else ``[]``."""
    counts = [(count, end) for kind, count, _, end in spans if kind == "quantity" and isinstance(count, int)]
    for kind, _, start, end in spans:  # "one shirt white, one gray": the product between is no other word
        text = text[:start] + " " * (end - start) + text[end:] if kind == "product" else text
    pairs: list[tuple[str, SlotValue, int]] = []
    for name, value, start, _ in spans:
        count = next((c for c, end in counts if end <= start and _COUNTED.fullmatch(text, end, start)), None)
        if name in ("color", "size") and count is not None:
            pairs.append((name, value, count))
    alike = len({name for name, _, _ in pairs}) == 1 and len({str(v) for _, v, _ in pairs}) == len(pairs)
    return pairs if len(pairs) >= 2 and alike else []


def shares_changed(pairs: list[tuple[str, SlotValue, int]]) -> dict[str, SlotValue]:
    """The change's slots for two shares counted out (``counted_looks``): the first share's look and count,
    split off the item, and the rest's (``rest_<look>``, ``rest_quantity``); ``{}`` for more than two."""
    if len(pairs) != 2:
        return {}
    (name, first, count), (_, second, rest) = pairs
    return {name: first, "quantity": count, "split": True, f"rest_{name}": second, "rest_quantity": rest}
