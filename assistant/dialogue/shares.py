"""An order's quantity shared out in an answer ("one white and one black" at the colour question for two
t-shirts, "검정 하나 흰색 하나요"): each share is an order of its own, taken one after the other. The first
share was kept and the rest lost."""

from __future__ import annotations

from assistant import intents as I
from assistant.dialogue.order_corrections import part_said
from assistant.dialogue.request_flow import LOOKS
from assistant.dialogue.session import Frame
from assistant.dialogue.understanding import Heard
from assistant.messages import SlotValue
from assistant.nlu.engine import Nlu

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
    looks = [(name, value) for name, value, _, _ in spans if name in LOOKS]
    if len(counts) < 2 or len(counts) != len(looks) or len({name for name, _ in looks}) != 1:
        return _part(pending, heard)
    if not all(isinstance(count, int) and count > 0 for count in counts):
        return []
    total, said = pending.slots.get("quantity"), sum(int(str(count)) for count in counts)
    if total not in (None, 1, said):  # "2 t-shirts": one white and one black; "a t-shirt" said as two
        return []
    base = {name: pending.slots[name] for name in _KEPT if pending.slots.get(name) is not None}
    return [
        {**base, name: value, "quantity": count} for (name, value), count in zip(looks, counts, strict=True)
    ]


def _part(pending: Frame, heard: Heard) -> list[dict[str, SlotValue]]:
    """Part of the order given another look ("네 근데 하나는 흰색으로요" for two black earbuds, "one of them
    in white", "one black" at the colour question for two): the rest as it was, and that part, two
    orders (the whole order became the part, and the rest was lost). ``[]`` for anything else."""
    total, new = pending.slots.get("quantity"), {k: v for k, v in heard.answer.values.items() if k in LOOKS}
    if not isinstance(total, int) or total < 2 or not new:
        return []
    count = part_said(heard)
    said = heard.answer.values.get("quantity")
    if count is None and pending.expect.slot in new and isinstance(said, int):
        count = said  # "one black" at the colour question for two power banks
    if count is None or not 0 < count < total:
        return []
    base = {name: pending.slots[name] for name in _KEPT if pending.slots.get(name) is not None}
    if all(name in base for name in new):  # the look was chosen: the rest keeps it, the part changes
        return [{**base, "quantity": total - count}, {**base, **new, "quantity": count}]
    rest = {k: v for k, v in base.items() if k not in new}  # its look asked first: "and the other one?"
    return [{**rest, "quantity": total - count}, {**base, **new, "quantity": count}]
