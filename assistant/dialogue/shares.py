"""An order's quantity shared out in an answer ("one white and one black" at the colour question for two
t-shirts, "검정 하나 흰색 하나요"): each share is an order of its own, taken one after the other. The first
share was kept and the rest lost."""

from __future__ import annotations

from assistant import intents as I
from assistant.dialogue.session import Frame
from assistant.dialogue.understanding import Heard
from assistant.messages import SlotValue
from assistant.nlu.engine import Nlu

_LOOKS = ("color", "size")
_KEPT = ("product", "color", "size", "delivery")
"""What every share keeps of the order being made, unless it says otherwise."""


def shares(pending: Frame, heard: Heard, nlu: Nlu) -> list[dict[str, SlotValue]]:
    """The shares ``heard`` splits the order being made into, each with the order's other details, in the
    order said; ``[]`` when it does not share it out (one value, counts that do not add up, a
    quantity given for one look only)."""
    if pending.intent != I.ORDER_PLACE:
        return []
    spans = nlu.slot_spans(heard.text, heard.lang, I.ORDER_PLACE)
    counts = [value for name, value, _, _ in spans if name == "quantity"]
    looks = [(name, value) for name, value, _, _ in spans if name in _LOOKS]
    if len(counts) < 2 or len(counts) != len(looks) or len({name for name, _ in looks}) != 1:
        return []
    if not all(isinstance(count, int) and count > 0 for count in counts):
        return []
    total, said = pending.slots.get("quantity"), sum(int(str(count)) for count in counts)
    if total not in (None, 1, said):  # "2 t-shirts": one white and one black; "a t-shirt" said as two
        return []
    base = {name: pending.slots[name] for name in _KEPT if pending.slots.get(name) is not None}
    return [
        {**base, name: value, "quantity": count} for (name, value), count in zip(looks, counts, strict=True)
    ]
