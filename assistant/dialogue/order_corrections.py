"""Right after an order was placed or looked up (a turn not understood in between changes nothing), "oh
shoot, I wanted gray", "wait, I meant size L", "actually make it two", "아 회색으로 할걸", "make it express
shipping" change that order: the customer corrects what was just ordered, and is asked before anything
changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant import intents as I
from assistant.dialogue.answers import AnswerReader, kept_as_is
from assistant.dialogue.counted_shares import counted_looks, shares_changed
from assistant.dialogue.understanding import Heard
from assistant.dialogue.verification import RECORDS
from assistant.messages import IntentMatch, SlotValue
from assistant.nlu.engine import is_replaced
from assistant.nlu.relative import LESS
from assistant.store import Order, OrderLine
from assistant.text import normalize

CORRECTS = {
    "en": re.compile(
        r"\b(actually|instead|rather|i meant|meant|i wanted|wanted|i said|make it|make that|change it|"
        r"make (the|my|them|those|both|(one|two|three|1|2|3) of (them|those|the \w+)) |"
        r"change that|switch it|swap it|switch to|swap|switch (the|my)|change (the|my)|upgrade|"
        r"should (have|'ve) (got|gotten|ordered|picked|taken|said|asked for)|"
        r"oops|whoops|shoot|darn|dang|no wait|wait|should be|wrong (size|color|colour)|"
        r"only (need|want|needed|wanted)|(need|want) only|not \w+ (just|only))\b"
    ),
    "ko": re.compile(
        r"할걸|말고|대신|아니|잘못|(으?로) ?(바꿔|바꿀|변경|해 ?주|할게|할래|해요|주세요|부탁)"
        r"|만 ?(살게요|살래요|주세요|할게요|할래요|필요해요)"
        r"|(색깔|색상|사이즈|수량)(은|는|을|를)? .*(으?로)요?$"
        r"|(다|전부|모두) \S+(으?로)요?$"  # "아 세장 다 라지로요": all of them
    ),
}
"""Words that take back a detail of what was just ordered, or offer another."""

PART = {
    "en": re.compile(
        r"\b(?P<n>one|two|three|1|2|3) of (them|those|these|the \w+)\b"
        r"|^(?:and |just |only )?(?P<m>one|two|1|2) (?!more\b|of\b|pairs? of\b)"
        r"|\b(?P<f>one|1) for (?:my|his|her|him|the|a)\b"  # "2 of them, one for my brother in XL"
        # "on 4822 make one shirt XL", "4822 one shirt black the other stays navy", "i wanted one black one
        # white": one of them (the other shirt was taken off)
        r"|\b(?:make|change|switch|turn|want|need) (?P<v>one|1) (?!more\b|of\b|pairs? of\b)"
        r"|\b(?P<o>one|1) (?=[a-z-]+ .*\b(?:the other|other one)\b|[a-z-]+ (?:and )?(?:one|1) [a-z-]+\b)"
    ),
    "ko": re.compile(r"(?P<n>하나|둘|(한|1|두|2) ?(개|장|벌|켤레))\s?(는|은|만|를|을)"),
}
"""Part of an item said as what changes ("make one of them black", "하나는 검정으로 바꿔주세요"): that many
change, the rest stay (both were made one black hoodie)."""
_PART_COUNT = {"one": 1, "1": 1, "two": 2, "2": 2, "three": 3, "3": 3, "하": 1, "한": 1, "둘": 2, "두": 2}

_BOTH = re.compile(r"\b(both|all of them|all three|each of them)\b|둘 ?다|모두|전부")
"""Words that make a correction every order just made's ("i wanted both in gray"; only the last changed)."""

_INSTEAD = {"en": re.compile(r"\binstead\b"), "ko": re.compile(r"대신")}
"""A product said as wanted instead of what was just ordered."""
ITEM = ("color", "size", "quantity")
"""An order line's details a correction may change."""

READ_AS = frozenset(
    {
        None,
        I.ORDER_CHANGE,
        I.ORDER_PLACE,
        I.ORDER_STATUS,
        I.PRODUCT_RECOMMEND,
        I.PRODUCT_INFO,
        I.CANCEL,
        I.NO,
        I.DELIVERY_INFO,
    }
)
"""What the NLU may make of such a sentence on its own: nothing, a change, an order or a question about
the product (the words of one: "i wanted gray" → suggestions in gray), the order's status, "never mind"
("wait, I meant size L" read as dialog.cancel offered to cancel the order), a no ("i wanted a medium not
large": "nothing waiting for a yes or no"), or delivery ("make it express
shipping" gave the delivery prices)."""


def order_correction(
    heard: Heard, reader: AnswerReader, orders_just_had: Callable[[], list[Order]]
) -> Heard | None:
    """``heard`` as ``order.change`` of the order just placed or looked up (or of another this conversation
    proved that holds the product named: "아 스피커 빨간색으로 할걸" after a speaker and a charger were
    ordered made a third order; read from the store only for a sentence that could be a correction) when it
    says another colour, size, quantity or delivery for it with words that correct ("i wanted", "actually",
    "make it", "말고", "로 바꿔 주세요") or is read as a change; ``None`` otherwise — also when it names
    another order or a product none of those orders holds (a new request). The change is still confirmed."""
    corrects = CORRECTS.get(heard.lang)
    match = heard.match
    if corrects is None or match.intent not in READ_AS or RECORDS & set(match.slots):
        return None
    said_less = LESS[heard.lang].search(normalize(heard.text)) if heard.lang in LESS else None
    said_so = corrects.search(normalize(heard.transcript.text)) or said_less  # "하나 빼주세요" corrects too
    if match.intent != I.ORDER_CHANGE and not said_so:
        return None  # as said: the NLU's text has lost an opening "actually"
    said: dict[str, list[SlotValue]] = {}
    refused: list[SlotValue] = []  # products said as the ones to go
    spans = reader.slot_spans(heard.text, heard.lang, I.ORDER_CHANGE)
    for name, value, start, end in spans:
        gone = is_replaced(heard.text, start, end)  # "small, not medium": medium is the one to go
        if not gone and not kept_as_is(heard.text, heard.lang, start, end):  # "…, the blue one is fine"
            said.setdefault(name, []).append(value)
        elif gone and name == "product":
            refused.append(value)
    instead = _INSTEAD.get(heard.lang)
    if not refused and instead is not None and instead.search(normalize(heard.text)):
        only = _sole_product(orders_just_had())  # "actually i wanted a phone case instead": of that product
        refused = [only] if only is not None else []
    swapped = _swapped(said, refused, orders_just_had) if said_so else None
    if swapped is not None:  # "oh wait i meant a phone case, not a screen protector"
        return heard.read_as(I.ORDER_CHANGE, swapped)
    delivery = reader.read(heard.text, heard.lang, I.ORDER_CHANGE, None, ("delivery",)).values.get("delivery")
    details = any(name in said for name in ITEM)
    if not details and delivery is None:
        return None
    orders = orders_just_had()  # the last first; a product named picks the one that holds it, else a colour
    if not orders:
        return None
    wanted, colors = set(said.get("product", [])), set(said.get("color", []))
    holding = [o for o in orders if {line.product_id for line in o.lines} & wanted]
    in_color = [o for o in holding if any(ln.product_id in wanted and ln.color in colors for ln in o.lines)]
    # "make the black hoodie navy" after a black and a gray one: the black one's (the gray one was changed)
    holding = in_color if len(holding) > 1 and len(in_color) == 1 else holding
    order = holding[0] if holding else None
    if order is None and not wanted and len(colors) > 1:  # "the black ones should be pink"
        order = next((o for o in orders if {line.color for line in o.lines} & colors), None)
    named_by: str | None = None
    if order is None and not wanted:  # "oops the white one should be small": the white one's order
        order, named_by = _named_by_look(orders, said)
    every = not wanted and named_by is None and _BOTH.search(normalize(heard.transcript.text)) is not None
    if every and len(orders) > 1 and not said.get("quantity"):  # "oh wait i wanted both in gray"
        look = {name: values[-1] for name, values in said.items() if name in ("color", "size")}
        if look:
            each = tuple(
                IntentMatch(heard.match.text, I.ORDER_CHANGE, 1.0, {**look, "order_id": o.id}, "context")
                for o in orders
            )
            return replace(heard, match=each[0], requests=each)  # each order changed, asked in turn
    order = order or orders[0]
    if delivery is not None and delivery != order.delivery and not details:
        return heard.read_as(I.ORDER_CHANGE, {"delivery": delivery})  # "make it express shipping"
    products = {line.product_id for line in order.lines}
    named = [p for p in said.get("product", []) if p in products]
    if said.get("product") and not named:
        return None  # "actually I want a gray phone case too": another product
    lines = [line for line in order.lines if not named or line.product_id in named]
    slots: dict[str, SlotValue] = {"product": named[-1]} if named else {}
    if order is not orders[0]:
        slots["order_id"] = order.id  # not the last one made
    for name in ITEM:
        if name == named_by:
            continue  # the look that names the order is no change of it
        now = {getattr(line, name) for line in lines}
        new = [v for v in said.get(name, []) if v not in now]  # "not black, gray": the one that changes
        if new:
            slots[name] = new[-1]
    counts = said.get("quantity", [])
    fewer = counts[0] if len(counts) == 1 and isinstance(counts[0], int) else None
    if said_less is not None and fewer is not None and len(lines) == 1 and 0 < fewer < lines[0].quantity:
        slots["quantity"] = lines[0].quantity - fewer  # "하나 빼주세요" for three: two, not one
    if heard.match.slots.get("added") is True and isinstance(heard.match.slots.get("quantity", 1), int):
        slots.update(quantity=heard.match.slots.get("quantity", 1), added=True)  # "하나 더 추가요": on top
    if not any(name in slots for name in ITEM):
        return None  # what the order already has: nothing to change
    shared = _counted_looks(heard.text, spans, lines)
    if shared is not None:  # "two M and one L actually" for three M: one L (2 L and 1 M were asked)
        return heard.read_as(I.ORDER_CHANGE, {**slots, **shared})
    part = _part(heard, lines)
    if part is not None and ("color" in slots or "size" in slots):
        slots.update(quantity=part, split=True)
    return heard.read_as(I.ORDER_CHANGE, slots)


def _swapped(
    said: dict[str, list[SlotValue]], refused: list[SlotValue], orders_just_had: Callable[[], list[Order]]
) -> dict[str, SlotValue] | None:
    """The swap of a product on an order just had for the one product said instead, when the product said
    to go is on it ("i meant a phone case, not a screen protector": a new case order was placed and another
    protector queued); ``None`` otherwise."""
    wanted = said.get("product", [])
    if len(wanted) != 1 or len(refused) != 1 or wanted[0] == refused[0]:
        return None
    orders = orders_just_had()
    holding = [o for o in orders if any(line.product_id == refused[0] for line in o.lines)]
    if not holding or any(line.product_id == wanted[0] for line in holding[0].lines):
        return None
    slots: dict[str, SlotValue] = {"product": wanted[0], "instead_of": refused[0]}
    looks = {name: values[-1] for name, values in said.items() if name in ITEM}
    return {**slots, **looks, **({"order_id": holding[0].id} if holding[0] is not orders[0] else {})}


def _counted_looks(
    text: str, spans: list[tuple[str, SlotValue, int, int]], lines: list[OrderLine]
) -> dict[str, SlotValue] | None:
    """The change when the customer counts out the one item's looks anew ("two M and one L" for three M: one
    L; "one white one gray" for two navy: both); ``None`` unless the counts add up to the item's."""
    pairs = counted_looks(text, spans)
    if len(lines) != 1 or not pairs or sum(c for _, _, c in pairs) != lines[0].quantity:
        return None
    line = lines[0]
    new = [(name, value, count) for name, value, count in pairs if value != getattr(line, name)]
    if len(new) == 1:
        name, value, count = new[0]
        return {name: value, "quantity": count, "split": True}
    return shares_changed(pairs) or None


def _named_by_look(orders: list[Order], said: dict[str, list[SlotValue]]) -> tuple[Order | None, str | None]:
    """The one order (not the last) whose item has the single colour or size said, when another detail is
    said to change ("the white one should be small" after a white M and a black L: the black one became a
    white M); ``(None, None)`` otherwise."""
    for name in ("color", "size"):
        values = said.get(name, [])
        others = [n for n in ITEM if n != name and said.get(n)]
        if len(values) != 1 or not others:
            continue
        holding = [o for o in orders if any(getattr(line, name) == values[0] for line in o.lines)]
        if len(holding) == 1 and holding[0] is not orders[0]:
            return holding[0], name
    return None, None


def _part(heard: Heard, lines: list[OrderLine]) -> int | None:
    """How many of the one item ``lines`` hold the customer changes when they say part of them ("one of
    them"), fewer than it has; ``None`` otherwise."""
    count = part_said(heard)
    if count is None or len(lines) != 1:
        return None
    return count if count < lines[0].quantity else None


_NOTHING_AFTER = re.compile(r"\W*(?:요|please|thanks|thank you)?\W*$")
"""What may end a sentence after a count said as all that is wanted ("and only one of them", "하나만요")."""
_FOR_PART = re.compile(r"\bfor\s+(?:just\s+|only\s+)?$")
"""What makes a count at the end a part still ("i meant size M for two of them": the third was dropped)."""


def part_words(heard: Heard) -> re.Match[str] | None:
    """Where the customer says part of the item ("one of them", "하나는", "한 벌은"), with what changes of
    it said after ("change one of them to white", "하나만 엘로"): the last such words ("could you do 2 of
    them, one for my brother in XL": one); none at the end of the sentence, where the count is all that
    is wanted ("I need them in large not medium, and only one of them")."""
    pattern = PART.get(heard.lang)
    said_so = pattern.finditer(heard.text) if pattern is not None else iter(())
    parts = [
        found
        for found in said_so
        if not _NOTHING_AFTER.match(heard.text, found.end()) or _FOR_PART.search(heard.text, 0, found.start())
    ]
    return parts[-1] if parts else None


def part_said(heard: Heard) -> int | None:
    """How many the customer says are part of the item (``part_words``), if they do."""
    found = part_words(heard)
    if found is None:
        return None
    groups = found.groupdict()
    said = next((groups[g] for g in ("n", "m", "f", "v", "o") if groups.get(g)), "")
    return _PART_COUNT.get(said[:1] if heard.lang == "ko" else said)  # "한 장": 한


_ONE_MORE = {
    "en": (
        re.compile(
            r"^(?:(?:can|could) (?:you|i) |please |and |oh |actually |so )*"
            r"(?:add |get |have |get me |give me )?"
            r"(?:(?:one|1|another) more|another one|another)(?: one| of (?:those|them|it))?(?: please)?"
            r"(?P<rest> .+)?$"
        ),
        # "oh and a green one as well", "and a white pair too"
        re.compile(
            r"^(?:oh |and |also |actually |so )*(?:i'?ll take |i want |i'd like |get me |give me )?(?:a|one) "
            r"(?P<rest>[a-z0-9]+(?: [a-z0-9]+)?) (?:one|pair),? (?:as well|too|also)(?: please)?$"
        ),
    ),
    "ko": (
        re.compile(
            r"^(?:아 |그리고 |아 그리고 )?(?P<rest>\S+(?:으로|로) )?"
            r"(?:한 ?개|하나|한 ?벌|한 ?장|한 ?켤레|1개) 더"
            r"(?P<more>.*)$"
        ),
    ),
}
"""One more of what was just ordered ("add one more in gray", "oh and a green one as well", "한개 더요",
"하나 더 추가해주세요 회색으로", "초록색으로 하나 더요")."""


def _sole_product(orders: list[Order]) -> str | None:
    """The one product of the order just had (the first of ``orders``), or ``None`` when it has several."""
    products = {line.product_id for line in orders[0].lines} if orders else set()
    return next(iter(products)) if len(products) == 1 else None


def one_more(heard: Heard, reader: AnswerReader, orders_just_had: Callable[[], list[Order]]) -> Heard | None:
    """``heard`` as adding one more of the one product of the order just placed (in the look said with it),
    asked first; ``None`` for anything else (it was "can't help", or the order placed was told again)."""
    said_whole = normalize(heard.text)
    found = next((m for p in _ONE_MORE.get(heard.lang, ()) if (m := p.match(said_whole)) is not None), None)
    orders = orders_just_had() if found is not None else []
    only = _sole_product(orders)
    if found is None or only is None:
        return None
    rest = " ".join(part.strip() for part in found.groups() if part and part.strip())
    said = reader.read(rest, heard.lang, I.ORDER_CHANGE, None).values if rest else {}
    if said.get("product") not in (None, only):
        return None  # "one more phone case": another product
    line = orders[0].lines[0]
    looks = {k: v for k in ("color", "size") if (v := said.get(k, getattr(line, k))) is not None}
    return heard.read_as(I.ORDER_CHANGE, {"product": line.product_id, "quantity": 1, "added": True, **looks})
