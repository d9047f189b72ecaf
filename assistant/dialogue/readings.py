"""Requests read again from their words, when the NLU's reading would answer the wrong question: a
service's price asked with the broken part ("액정 깨졌는데 수리 얼마예요?" is no booking), the delivery of
"my earbuds" (the customer's order), where an order goes, how it was paid, a product added to an order
(a change of it), and a product said with its details and nothing else, or with an address to send it to
(an order of it). Each still goes
through verification and confirmation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from assistant import intents as I
from assistant.dialogue.answers import (
    NOT_AFTER,
    NOT_BEFORE,
    PHONE_MODEL,
    AnswerReader,
    kept_as_is,
    may_keep,
    without_fallbacks,
)
from assistant.dialogue.booking_moves import A_WEEK_ON
from assistant.dialogue.counted_shares import counted_looks, shares_changed
from assistant.dialogue.order_corrections import part_said
from assistant.dialogue.requests import GREETING_FIRST
from assistant.dialogue.understanding import Heard, is_question
from assistant.messages import IntentMatch, SlotValue
from assistant.nlu.engine import NOT_SOLD, is_replaced
from assistant.nlu.evidence import about_an_action
from assistant.nlu.relative import FEWER, LESS, with_fewer
from assistant.redact import find_address
from assistant.slots.numbers import cardinal
from assistant.text import normalize

_PRICE = {
    "en": re.compile(r"\b(how much|what does it cost|what's the price|price|cost)\b"),
    "ko": re.compile(r"얼마|가격|비용"),
}
_VISIT = {
    "en": re.compile(r"\b(book\w*|appointment|appt|schedule\w*|reserve|come in|bring it in|when can)\b"),
    "ko": re.compile(r"예약|잡아|방문|갈게|가도|언제"),
}
"""A price asked (``_PRICE``) without asking to come in (``_VISIT``) is a question, not a booking."""
_MINE = {"en": re.compile(r"\bmy\b"), "ko": re.compile(r"주문한|시킨|제가 산|내가 산")}
"""Words that make a product the customer's own, already ordered."""
_ITEM_DETAILS = frozenset({"color", "size", "quantity"})
"""Details of an item that, said with a product and nothing else, order it."""
_ORDER_ADDRESS = {
    "en": re.compile(
        r"\b(what|which) address (is|are|does|do|will) (it|they|my order|the order|my package|order \d+)\b"
        r"|\b(what|which) address did (i|we) (put|give|use|enter|write)\b"
        r"|\b(delivery|shipping) address (of|on|for) (it|my order|the order|order \d+)\b"
        r"|^(what's|what is|whats) (the|my|its) (delivery|shipping) address\b"
        r"|\bwhere (is|are|will) (it|they|my order|the order|order \d+) "
        r"(going|being sent|be sent|be delivered)\b"
    ),
    "ko": re.compile(
        r"(주문|택배|그거|이거).{0,6}(배송지|배송 주소|받는 주소|주소)|(배송지|배송 주소)(가|는)? ?(어디|뭐)"
        r"|어디로 (가요|가나요|배송|보내|돼|되어)"
    ),
}
"""Where the customer's order goes, asked (not the shop's address, not a new address)."""
_ORDER_ITEMS = {
    "en": re.compile(
        r"\bwhat(?:'s| is| was|s)? (?:in|on) (?:it|my order|the order|that order|order \d+)\b"
        r"|\bwhat (?:items|products|things) (?:are|were|did i)\b"
        r"|\b(?:list|tell me|read me|show me) (?:the|all the|all|my) (?:items|products|things)\b"
        r"|\bwhat did i (?:order|buy|get) (?:on|in) (?:my order|that order|order \d+)\b"
        r"|\bhow much (?:was|did) (?:my order|the order|that order|order \d+)\b"
    ),
    "ko": re.compile(
        r"주문.{0,4}(?:뭐|뭘|무엇|무슨 (?:상품|물건))(?:가|이|을|를)? ?(?:들어|담겨|있|시켰|주문했|샀)"
        r"|(?:뭐|뭘) (?:주문했|시켰)|주문.{0,6}(?:품목|상품 목록)"
    ),
}
"""What is on the customer's order, asked: its items and total (the status alone was the answer)."""
_CHANGE_ORDER = {
    "en": re.compile(r"\b(change|switch|swap|upgrade|downgrade|make)\b"),
    "ko": re.compile(r"바꿔|바꾸|바꿀|변경"),
}
"""Words that change an order's delivery rather than ask about delivery."""
_PHONE_AFTER = {
    "en": re.compile(r"\s*(?:my )?(?:phone |cell |mobile )?(?:number|phone) is (?P<digits>[\d -]{7,})$"),
    "ko": re.compile(
        r"\s*(?:제 )?(?:전화번호|번호|연락처)(?:는|은)? ?(?P<digits>[\d -]{7,})(?:이에요|예요|요|입니다)?$"
    ),
}
"""A phone number said after an order in the same breath."""
_ORDER_NUMBER = {
    "en": re.compile(r"\border\s?(?:number\s?)?#?(\d{3,})\b"),
    "ko": re.compile(r"(\d{3,})\s?번?\s?주문|주문\s?(?:번호\s?)?(\d{3,})"),
}
"""An order named by its number in a question the NLU read as about the shop ("4821 주문 주소 알려주세요")."""
_PAID = {
    "en": re.compile(r"\b(did i pay|did we pay|i paid|was it paid|has it been paid|is it paid)\b"),
    "ko": re.compile(r"(결제|계산|지불)(는|은|을|를)? ?.{0,8}(했|됐|되었|하셨)|(로|으로) (했|결제했|계산했)"),
}
"""Words that ask how or whether an order was paid, not how one can pay."""
_TO_AN_ORDER = {
    "en": re.compile(
        r"\b(add|put|include|throw|stick)\b.*\b(to|in|into|on|onto) "
        r"(order( number)? #?\d+|#?\d{4}|(that|this|my|the|our) (order|last order|first order)|it)\b"
        r"|(^|\b(for|on|to|in) )order( number)? #?\d+\b.*\b(also|too|as well|another|add)\b"
    ),
    "ko": re.compile(r"(\d+ ?번 ?|그 |제 |방금 |아까 )?주문에.*(추가|넣어|같이|함께|더)"),
}
"""A product added to an order placed already ("can you add a blue phone case to order 4822", "4822번 주문에
케이스도 추가해 주세요"): read as a new order, whose quantity was the order's number."""
_CHANGE_WORD = {
    "en": re.compile(
        r"\b(change|chang\w+|update|switch|modify|wrong|instead|new address|my order|how|when|what|do you"
        r"|order \d+)\b"
    ),
    "ko": re.compile(
        r"바꾸|바꿔|바꿀|변경|수정|고쳐|잘못|대신|주문한|시킨|얼마|언제|며칠|되나요|돼요\?|\d ?번 ?주문"
    ),
}
"""Words of a change to an order on record, or of a question, which a new order with its address lacks."""
_SEND = {
    "en": re.compile(r"\b(send|sent|ship|shipped|shipping|deliver|delivered|delivery|mail)\b"),
    "ko": re.compile(r"배송|보내|배달|부쳐|택배"),
}
"""Words that send an order somewhere."""
EXCHANGE = {"en": re.compile(r"\b(exchange|swap)\w*"), "ko": re.compile(r"교환")}
"""An exchange asked for: its terms, never a return."""
_PRICE_ORDER = {
    "en": re.compile(
        r"\b(?:(?P<low>cheapest|least expensive|lowest priced)|most expensive|priciest|dearest)\b"
    ),
    "ko": re.compile(r"(?:가장|제일|젤|최고로) ?(?:(?P<low>싼|저렴한|싸게)|비싼)"),
}
"""The catalog asked for by price ("the cheapest", "제일 비싼 거")."""
_NOT_GOODS = {
    "en": re.compile(r"\b(ship\w*|deliver\w*|way|option|service|repair|fix|appointment|booking)\b"),
    "ko": re.compile(r"배송|택배|배달|방법|수리|교체|서비스|예약"),
}
"""What a price order may be said of besides the goods (delivery, a service)."""
_CHANNELS = {
    "email": {"en": re.compile(r"\b(e-?mail\w*|inbox)\b"), "ko": re.compile(r"이메일|메일")},
    "print": {
        "en": re.compile(r"\b(print\w*|paper|hard copy|printout)\b"),
        "ko": re.compile(r"출력|프린트|인쇄|종이|뽑아"),
    },
}
"""Ways a receipt may be asked for that the shop has not: only text messages are sent."""
_COUNT_BEFORE = re.compile(r"(?:^|\s)(?P<n>zero|0+|\d{4,})\s+(?:\w+\s+)?$")
_COUNT_AFTER = re.compile(r"\s*(?P<n>0+|\d{4,}|영|공)\s*(?:개|벌|켤레|장|대)")
"""A count said with a product that no quantity list takes: none, or thousands."""
_ABOUT_AN_ORDER = frozenset({I.STORE_LOCATION, I.ORDER_STATUS, I.DELIVERY_INFO, None})


def read_again(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """What ``heard`` asks when its words say more than the NLU's reading; ``None`` when they do not."""
    return (
        _about_the_rules(heard)
        or repair_gone_wrong(heard)
        or _kept_only(heard, reader)
        or _product_swapped(heard, reader)
        or _repair_of_other(heard, reader)
        or _shares_changed(heard, reader)
        or _part_changed(heard)
        or _part_cancelled(heard, reader)
        or _taken_off(heard)
        or _price_asked(heard)
        or _product_asked(heard)
        or _services_asked(heard)
        or _terse_record_action(heard)
        or _of_my_order(heard)
        or _my_order_when(heard)
        or _number_looked_up(heard)
        or _booking_looked_up(heard)
        or _a_week_on(heard)
        or _its_items(heard)
        or _its_address(heard)
        or _how_i_paid(heard)
        or _added_to_order(heard, reader)
        or order_named(heard, reader)
        or _look_named(heard, reader)
        or _model_number(heard)
        or _someone_elses_taste(heard)
        or _moved_to(heard, reader)
        or _no_count(heard, reader)
        or _terse_order(heard, reader)
        or _one_more_too(heard, reader)
        or _not_sold_for_it(heard, reader)
        or _product_ordered(heard, reader)
        or _ordered_not_that(heard, reader)
        or _terse_booking(heard, reader)
        or _taken_with_delivery(heard, reader)
        or _delivery_changed(heard, reader)
        or _new_with_address(heard, reader)
        or _exchange(heard)
        or _by_price(heard)
        or _other_channel(heard)
    )


_REPAIR = {
    "en": re.compile(r"\b(repair\w*|fix\w*|replac\w*|broke\w*|crack\w*|smash\w*|batter(y|ies))\b"),
    "ko": re.compile(r"수리|고쳐|고치|고칠|교체|깨졌|깨진|배터리|액정|화면"),
}
_A_PHONE = re.compile(r"(?<!ear)(?<!head)phone|galaxy|pixel|\bcell|mobile|(?<!이어)(?<!헤드)폰|갤럭시|전화기")
"""A repair asked (``_REPAIR``) of goods that are no phone (``_A_PHONE``): the shop repairs only phones."""


def _repair_of_other(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "i need a repair for my earbuds", "노트북 수리 예약하고 싶어요": a repair of goods that are no phone,
    read as a booking of the screen repair (its names include "repair"); what the service is for, instead
    of a booking. ``None`` when a phone is named, or no goods are."""
    match, repair = heard.match, _REPAIR.get(heard.lang)
    if match.intent != I.BOOKING_CREATE or repair is None:
        return None
    if not repair.search(match.text) or _A_PHONE.search(match.text):
        return None
    service = match.slots.get("service") or reader.broken_part(match.text, heard.lang)
    thing = reader.goods(match.text, heard.lang)
    if thing is None or service is None:
        return None
    slots = {"service": service, "not_sold": thing}
    return IntentMatch(match.text, I.PRODUCT_INFO, 1.0, slots, "context")


def _shares_changed(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "on 4822 make the shirts one white one gray", "4822 티셔츠 하나는 흰색 하나는 회색으로": an item on
    record split into two shares with their looks (one shirt was taken off and the gray lost); ``None``
    else."""
    match = heard.match
    if match.intent != I.ORDER_CHANGE or "split" in match.slots:
        return None
    shares = shares_changed(
        counted_looks(match.text, reader.slot_spans(match.text, heard.lang, I.ORDER_CHANGE))
    )
    if not shares:
        return None
    kept = {k: v for k, v in match.slots.items() if k in ("order_id", "product")}
    return IntentMatch(match.text, I.ORDER_CHANGE, 1.0, {**kept, **shares}, "context")


def _part_changed(heard: Heard) -> IntentMatch | None:
    """ "change just one of the shirts to white", "티셔츠 하나는 흰색으로 바꿔 주세요": part of an item on
    record given another look, the rest kept (the quantity said was taken as the item's new quantity: a
    shirt was taken off and none made white); ``None`` for anything else."""
    match = heard.match
    if match.intent != I.ORDER_CHANGE or not {"color", "size"} & match.slots.keys() or "split" in match.slots:
        return None
    part = part_said(heard)
    if part is None:
        return None
    return IntentMatch(
        match.text, I.ORDER_CHANGE, 1.0, {**match.slots, "quantity": part, "split": True}, "context"
    )


_ONE_OF = re.compile(
    r"\b(?:remove|take|drop|delete) (?:a|an|one) (?!of\b)[a-z-]+(?: [a-z-]+)? (?:off|out|from)\b"
)
"""A product taken off with "a" ("take a shirt off 4822", "remove a t-shirt from 4822"): one of it."""


def _part_cancelled(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "please cancel just one t-shirt on order 4822", "티셔츠 한 장만 취소해주세요": the count of the item
    to cancel (both t-shirts were taken off); ``None`` when no count is said."""
    match = heard.match
    if match.intent != I.ORDER_CANCEL or "product" not in match.slots or "quantity" in match.slots:
        return None
    counts = [
        value
        for name, value, _, _ in reader.slot_spans(match.text, heard.lang, I.ORDER_CHANGE)
        if name == "quantity" and isinstance(value, int) and 0 < value < 100
    ]
    count = part_said(heard) or (counts[0] if len(counts) == 1 else None)
    if count is None:
        return None
    return replace(match, slots={**match.slots, "quantity": count}, matcher="context")


_REMOVE = {
    "en": re.compile(r"\b(remove|take (it |them )?(out|off)|take (the |my )?[a-z -]+ off|drop|delete)\b"),
    "ko": re.compile(r"빼|삭제|제외"),
}
"""Words that take an item off an order ("take the phone case off order 4822")."""


def _taken_off(heard: Heard) -> IntentMatch | None:
    """ "폰케이스는 빼주세요", "remove the phone case from order 4822": an item taken off an order, read as a
    change of it (which asked what to change of the case): that item cancelled, the rest kept (asked with
    the new total). ``None`` for anything else, and for part of an item ("하나는 빼 주세요": fewer of it)."""
    match, remove = heard.match, _REMOVE.get(heard.lang)
    if match.intent != I.ORDER_CHANGE or "product" not in match.slots or remove is None:
        return None
    if _ITEM_DETAILS & match.slots.keys() or match.slots.get("only") or not remove.search(match.text):
        return None  # "티셔츠 두 장 다 빼고 케이스만 받을게요": the case is the one kept
    slots = {k: v for k, v in match.slots.items() if k in ("product", "order_id")}
    if heard.lang == "en" and _ONE_OF.search(match.text):
        slots["quantity"] = 1  # "take a shirt off 4822": one (both were taken off)
    return IntentMatch(match.text, I.ORDER_CANCEL, 1.0, slots, "context")


_KEEP_ONLY = {
    "en": re.compile(
        r"\b(?:remove|cancel|take off|take out|drop|delete|get rid of|scrap)\s+(?:everything|all|all items"
        r"|all of it|the rest|all the rest|all the other (?:items|stuff|things))(?:\s+else)?"
        r"(?:\s+(?:on|from|in|of) (?:it|that|the order|my order|order \d{4}|\d{4}))?"
        r"\s+(?:except|but|apart from|other than|besides|save)(?:\s+for)?\b"
        r"|\b(?:keep only|only keep|just keep|(?:only|just) (?:want|wanna|need) to keep)\b"
        # "i want to keep one shirt, get rid of everything else": the rest goes (the case only went)
        r"|\bkeep\b(?=.*\b(?:get rid of|remove|cancel|drop|take off|lose) (?:everything|all|the rest)\b)"
        r"|\bcancel\w* (?:the |my )?(?:whole )?(?:order )?(?:number )?\d{4}(?: order)? but (?:i )?(?:still )?"
        r"(?:want|need|keep|wanna keep|want to keep)\b"
    ),
    "ko": re.compile(
        r"(?:만|는|은)? ?(?:남기고|남겨 ?두고|놔두고|두고|빼고|말고|제외하고) (?:\S+(?:은|는|도) )?"
        r"(?:나머지(?:는|도)?|다|전부|모두)(?: \S+)? ?(?:취소|빼|삭제|없애)"
    ),
}
"""Words that keep one item of an order and take off the rest ("order 4822 remove everything except one
shirt", "cancel 4822 but i still want the case", "4822 주문 티셔츠 하나만 남기고 다 취소해주세요"); the item
kept is said after them in English, before them in Korean. The one shirt was taken off and the case kept
(and "but i still want the case" took the case off)."""
_KEPT_FROM = frozenset({I.ORDER_CHANGE, I.ORDER_CANCEL, I.ORDER_PLACE, I.ORDER_STATUS, None})
"""Readings of a sentence that keeps one item ("on order 4822 keep only the phone case" was a lookup)."""


def _kept_only(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """An order's item kept and the rest taken off: a change of that order to the item kept (with the
    count said), ``only`` set; ``None`` for anything else (no order number, no product kept)."""
    match, keep = heard.match, _KEEP_ONLY.get(heard.lang)
    if keep is None or match.intent not in _KEPT_FROM:
        return None
    said = keep.search(match.text)
    if said is None:
        return None
    order_id = match.slots.get("order_id")
    for name, value, _, _ in reader.slot_spans(match.text, heard.lang, I.ORDER_CHANGE):
        order_id = value if name == "order_id" and order_id is None else order_id
    if not isinstance(order_id, int):
        return None
    part = match.text[said.end() :] if heard.lang == "en" else match.text[: said.start()]
    kept: dict[str, SlotValue] = {}
    for name, value, _, _ in reader.slot_spans(part, heard.lang, I.ORDER_CHANGE):
        if name in ("product", "quantity", *_ITEM_DETAILS) and value != order_id:
            kept.setdefault(name, value)
    if "product" not in kept:
        return None
    slots = {"order_id": order_id, **kept, "only": True}
    return IntentMatch(match.text, I.ORDER_CHANGE, 1.0, slots, "context")


def _price_asked(heard: Heard) -> IntentMatch | None:
    """ "액정 깨졌는데 수리 얼마예요?", "my screen is cracked, how much to fix it": a service's price
    asked, read as a booking by the classifier (the broken part is a booking's word); the price, with
    how to book it. ``None`` for anything else, and for a booking asked with a price ("book a repair,
    how much is it?")."""
    match = heard.match
    price, visit = _PRICE.get(heard.lang), _VISIT.get(heard.lang)
    if match.intent != I.BOOKING_CREATE or match.matcher == "template" or price is None or visit is None:
        return None
    if "service" not in match.slots or not price.search(match.text) or visit.search(match.text):
        return None
    return IntentMatch(match.text, I.PRODUCT_INFO, 1.0, {"service": match.slots["service"]}, "context")


_SERVICES = {
    "en": re.compile(
        r"\b(what|which) (kind of |kinds of |sort of |type of |types of )?(services|repairs|repair services)"
        r" (do|can|are|r|is)\b|\bwhat can you (fix|repair)\b|\b(list|tell me about) (your|the) services\b"
        r"|\bdo you (do|offer|have) any (services|repairs)\b|^(what about )?(your )?services$"
    ),
    "ko": re.compile(r"(무슨|어떤) ?(종류의 )?(서비스|수리)|(서비스|수리)(는|로)? (뭐|뭘|종류|목록)"),
}
"""A question for the services the shop offers ("what services do you have", "서비스 뭐 해줘요?")."""


def _services_asked(heard: Heard) -> IntentMatch | None:
    """ "what services do you have", "what kind of repairs do you do", "서비스 뭐 해줘요?": the list of
    services with their prices (it asked for a loyalty number, or which day to book). ``None`` when a
    service, day or time is named, or for anything else."""
    match, asked = heard.match, _SERVICES.get(heard.lang)
    if asked is None or {"service", "date", "time", "order_id"} & match.slots.keys():
        return None
    if match.matcher == "template" and match.intent not in (I.BOOKING_CREATE, I.HELP):
        return None
    if "예약" in match.text or not asked.search(match.text):
        return None  # "무슨 서비스 예약할 수 있어요": a booking, which asks which
    return IntentMatch(match.text, I.PRODUCT_INFO, 1.0, {"about": "services"}, "context")


_TERSE_RECORD = re.compile(
    r"^(?:(?P<verb>return|refund|change|modify)\s+(?:order\s+)?(?:number\s+)?(?P<n>\d{4})"
    r"|(?:order\s+)?(?P<m>\d{4})\s+(?P<after>return|refund|change|changes))$"
)
"""An order's number with only the word of what to do with it ("return 4823", "4822 change")."""
_TERSE_ACTIONS = {"return": I.ORDER_RETURN, "refund": I.ORDER_RETURN, "change": I.ORDER_CHANGE}


def _terse_record_action(heard: Heard) -> IntentMatch | None:
    """ "return 4823", "4823 return", "change 4822": that action on that order (not understood, and a
    staff offer followed). ``None`` for anything else."""
    said = _TERSE_RECORD.match(heard.match.text)
    if heard.match.intent is not None or said is None:
        return None
    verb = (said["verb"] or said["after"]).removesuffix("s")
    intent = _TERSE_ACTIONS.get("change" if verb == "modify" else verb)
    if intent is None:
        return None
    return IntentMatch(heard.match.text, intent, 1.0, {"order_id": int(said["n"] or said["m"])}, "context")


_ORDERING = {
    "en": re.compile(r"\b(order|buy|purchase|get|take|want|need|like|please|pls|give|grab|have)\b"),
    "ko": re.compile(r"주세요|줘|살게|살래|주문|구매|할게|할래|시킬|사고|살까"),
}
"""Words that ask for a product rather than about it."""


def _product_asked(heard: Heard) -> IntentMatch | None:
    """ "power bank?", "보조배터리요?": a product named alone and typed as a question, which the templates
    read as an order of it (a colour was asked): a question about it. ``None`` for anything else."""
    match, ordering = heard.match, _ORDERING.get(heard.lang)
    said = heard.transcript.text.strip()
    if match.intent != I.ORDER_PLACE or ordering is None or not said.endswith("?"):
        return None
    if set(match.slots) - {"product", "quantity", "color", "size"} or "product" not in match.slots:
        return None
    if match.slots.get("quantity", 1) != 1 or ordering.search(normalize(said)) or len(said.split()) > 4:
        return None
    slots = {k: v for k, v in match.slots.items() if k != "quantity"}
    return IntentMatch(match.text, I.PRODUCT_INFO, 1.0, slots, "context")


def _terse_order(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "running shoes size 260 black", "2 tees size M black": a product with its details and nothing
    else, read as nothing or guessed as a question about it by the NLU, is an order of it (which asks
    the rest and confirms); ``None`` for anything else ("black" alone or a product alone asks for nothing,
    "러닝화 260 검정 있어요?" asks about them)."""
    match = heard.match
    guessed = match.intent in (I.PRODUCT_INFO, I.DELIVERY_INFO) and match.matcher != "template"
    if (match.intent is not None and not guessed) or is_question(match, heard.lang):
        return None  # "백팩 회색 하나요 빠른배송" was guessed as a question about delivery
    said, phone = _PHONE_AFTER.get(heard.lang), None
    found = said.search(match.text) if said is not None else None
    text = match.text[: found.start()] if found is not None else match.text
    if found is not None:  # "one black phone case for me pls, my number is 310 555 2233": both at once
        phone = "".join(ch for ch in found["digits"] if ch.isdigit())
    named = _NAMES_RECORD.get(heard.lang)
    if named is not None and named.search(text):
        return None  # "about order 4822, i only need one of the t-shirts": no order of 4822 t-shirts
    ordered = reader.ordered(text, heard.lang, _ITEM_DETAILS)
    if ordered is None:
        return None
    slots = {**ordered, **({"phone": phone} if phone else {})}
    return IntentMatch(match.text, I.ORDER_PLACE, 1.0, slots, "context")


_TOO = {
    "en": re.compile(
        r"^(?:(?:and|oh and|also|plus|oh|ok and)\s+)?(?:(?:a|an|one|another|two|three|2|3)\s+)?"
        r"(?:\w+\s+){0,3}?(?:too|as well)(?:\s+please)?$"
    ),
}
"""A product said as one more besides ("and a speaker too", "a charger as well please")."""


def _one_more_too(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "and a speaker too" after an order: an order of the speaker (its price was told); ``None`` for
    anything else."""
    match, too = heard.match, _TOO.get(heard.lang)
    if too is None or match.matcher == "template" or match.intent not in (I.PRODUCT_INFO, None):
        return None
    if not too.match(match.text) or is_question(match, heard.lang):
        return None
    answer = reader.read(match.text, heard.lang, I.ORDER_PLACE, None)
    if "product" not in answer.values:
        return None
    slots = {k: v for k, v in answer.values.items() if k in ("product", *_ITEM_DETAILS)}
    return IntentMatch(match.text, I.ORDER_PLACE, 1.0, slots, "context")


_FOR_IT = {"en": re.compile(r"^(?P<what>.+?)\s+for\s+(?:the|my|a|an|this|that|our)\s+\S.*$")}
"""Goods said as for a product ("a watch band for the smart watch"): the goods are what is asked for."""


def _not_sold_for_it(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "can i order a watch band for the smart watch": goods the shop does not sell, said for a product it
    does, are what is asked for ("we don't sell that"; a smart watch order was begun); ``None`` else."""
    match, for_it = heard.match, _FOR_IT.get(heard.lang)
    if for_it is None or match.intent not in (I.ORDER_PLACE, I.PRODUCT_INFO) or "product" not in match.slots:
        return None
    found = for_it.match(match.text)
    if found is None or any(
        n == "product" for n, *_ in reader.slot_spans(found["what"], heard.lang, I.ORDER_PLACE)
    ):
        return None
    goods = reader.goods(found["what"], heard.lang)
    return IntentMatch(match.text, I.PRODUCT_INFO, 1.0, {NOT_SOLD: goods}, "context") if goods else None


_NAMES_RECORD = {
    "en": re.compile(r"\b(?:order|booking|appointment|reservation) (?:number |no |#)?#?\d"),
    "ko": re.compile(r"\d ?번 ?(?:주문|예약)|(?:주문|예약) ?번호"),
}
"""An order or booking named by its number: what is said about it is no new order."""


_PRODUCT_ORDERED = {
    "ko": re.compile(r"^(?P<what>.+?) ?주문(?:이요|요|할게요|하려고요|하려구요|하고 싶어요|할래요|이에요)$"),
}
"""A product said with the word for an order and nothing else ("스피커 주문이요"), as at a counter."""


def _product_ordered(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "스피커 주문이요": an order of that product (it was read as a lookup of an order, with no number,
    and refused); ``None`` for anything else ("4822 주문이요" names an order)."""
    match, said = heard.match, _PRODUCT_ORDERED.get(heard.lang)
    found = said.match(match.text) if said is not None else None
    if found is None or "order_id" in match.slots:
        return None
    if match.intent not in (None, I.ORDER_STATUS, I.PRODUCT_INFO):
        return None
    answer = reader.read(found["what"], heard.lang, I.ORDER_PLACE, None)
    if not answer.whole or "product" not in answer.values:
        return None
    return IntentMatch(match.text, I.ORDER_PLACE, 1.0, dict(answer.values), "context")


_TAKE = {
    "en": re.compile(
        r"^(?:ok |okay |then |so )*(?:i'll|i will|i'd like|i want|give me|i'll have|let me get)\b"
    ),
    "ko": re.compile(r"(?:살게요|살래요|주세요|주문할게요|할게요)$"),
}
"""Words that take something, said first (English) or last (Korean)."""


def _taken_with_delivery(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "ill take two black ones with express delivery" after the power bank's price: an order (of the
    product talked about, filled in from the topic) with that delivery, not the delivery prices; ``None``
    for anything else."""
    match, take = heard.match, _TAKE.get(heard.lang)
    if match.intent != I.DELIVERY_INFO or match.matcher == "template" or take is None:
        return None
    if not take.search(match.text) or is_question(match, heard.lang):
        return None
    values = reader.read(match.text, heard.lang, I.ORDER_PLACE, None).values
    if "delivery" not in values or not _ITEM_DETAILS & values.keys():
        return None
    slots = {k: v for k, v in values.items() if k in (*_ITEM_DETAILS, "product", "delivery")}
    return IntentMatch(match.text, I.ORDER_PLACE, 1.0, slots, "context")


_OF_A_RECORD = re.compile(r"\b(?:order|orders|booking)\b|\d{4}|주문(?!할게요|하고 싶|해 ?주세요)|예약")
"""Words of an order or booking on record (an order "I'll order" is none)."""
_CHANGE_KO = re.compile(r"바꿔|바꾸|바꿀|변경|수정|교체|빼|추가|대신")
_TAKEN_ANYWHERE = {"ko": re.compile(r"(?<!\S)(?:살게요|살래요|주세요|주문할게요)(?=\s|$)")}
"""Words that take something ("폰케이스 하나 주세요 핑크 말고 파란색으로": the take said before the
colour)."""


def _ordered_not_that(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "폰케이스 핑크 말고 파란색으로 하나 주세요": an order of the blue case (the "말고" read it as a
    change of an order, with none named, and "can't help"); ``None`` for anything else."""
    match, take = heard.match, _TAKEN_ANYWHERE.get(heard.lang)
    if match.intent != I.ORDER_CHANGE or match.matcher == "template" or take is None:
        return None
    found = take.search(match.text)
    if found is None or _OF_A_RECORD.search(match.text) or is_question(match, heard.lang):
        return None
    if _CHANGE_KO.search(match.text):  # "이어폰 흰색으로 바꿔 주세요" changes the order just placed
        return None
    what = f"{match.text[: found.start()]} {match.text[found.end() :]}".strip()
    answer = reader.read(what, heard.lang, I.ORDER_PLACE, None)
    if not answer.whole or "product" not in answer.values:
        return None
    return IntentMatch(match.text, I.ORDER_PLACE, 1.0, dict(answer.values), "context")


_WHEN = frozenset({"date", "time", NOT_BEFORE, NOT_AFTER})
"""Slots that say when a booking is wanted."""


def _terse_booking(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "낼 세시에 배터리 교체요", "screen repair tomorrow 3pm": a service with its day or time and nothing
    else, read as nothing by the NLU, is a booking of it (which asks the rest and confirms); ``None`` for
    anything else (a service alone, a question about it)."""
    match = heard.match
    if match.intent is not None or is_question(match, heard.lang):
        return None
    answer = reader.read(match.text, heard.lang, I.BOOKING_CREATE, None)
    if not answer.whole or "service" not in answer.values or not _WHEN & answer.values.keys():
        return None
    return IntentMatch(match.text, I.BOOKING_CREATE, 1.0, dict(answer.values), "context")


def _delivery_changed(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "change order 4822 to express delivery", "4822 빠른배송말고 일반배송으로 바꿔주세요": the delivery the
    change names (it asked what to change, and the delivery was not among the choices); ``None`` when no
    delivery is named."""
    match, change = heard.match, _CHANGE_ORDER.get(heard.lang)
    asked = match.intent == I.DELIVERY_INFO and "order_id" in match.slots  # "change order 4822 to standard …"
    if not (match.intent == I.ORDER_CHANGE or (asked and change is not None and change.search(match.text))):
        return None
    if "delivery" in match.slots:
        return None
    delivery = reader.read(match.text, heard.lang, I.ORDER_PLACE, None).values.get("delivery")
    if delivery is None:
        return None
    return IntentMatch(match.text, I.ORDER_CHANGE, 1.0, {**match.slots, "delivery": delivery}, "context")


def _added_to_order(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "can you add a blue phone case to that order": a change adding the product to the order (which is
    verified and confirms with the new total); ``None`` for anything else."""
    match, to_order = heard.match, _TO_AN_ORDER.get(heard.lang)
    if match.intent != I.ORDER_PLACE or match.matcher == "template" or to_order is None:
        return None
    if not to_order.search(match.text):
        return None
    answer = reader.read(match.text, heard.lang, I.ORDER_CHANGE, None)
    if "product" not in answer.values:
        return None
    slots = {
        k: v for k, v in answer.values.items() if k in ("product", "color", "size", "quantity", "order_id")
    }
    adds = [m.start() for m in _ADDED[heard.lang].finditer(match.text)] if heard.lang in _ADDED else []
    later = reader.read(match.text[adds[-1] :], heard.lang, I.ORDER_CHANGE, None) if adds else None
    if later is not None and "product" in later.values and later.values["product"] != slots["product"]:
        # "for order 4822 could you bump the shirts down to small and also throw in a screen protector": the
        # protector is added (a third, small shirt was)
        said = {k: v for k, v in later.values.items() if k in ("product", "color", "size", "quantity")}
        slots = {**({"order_id": slots["order_id"]} if "order_id" in slots else {}), **said}
    return IntentMatch(match.text, I.ORDER_CHANGE, 1.0, {**slots, "added": True}, "context")


def change_then_added(heard: Heard, reader: AnswerReader) -> list[IntentMatch]:
    """ "for order 4822 could you bump the shirts down to small and also throw in a screen protector": the
    change of the shirts said before the adding words, then the protector added (the size was lost); ``[]``
    when the sentence is no such pair."""
    added, words = _added_to_order(heard, reader), _ADDED.get(heard.lang)
    if added is None or "order_id" not in added.slots or words is None:
        return []
    adds = [m.start() for m in words.finditer(heard.match.text)]
    before = reader.read(heard.match.text[: adds[-1]], heard.lang, I.ORDER_CHANGE, None) if adds else None
    looks = {k: v for k, v in before.values.items() if k in ("color", "size")} if before is not None else {}
    product = before.values.get("product") if before is not None else None
    if product in (None, added.slots.get("product")) or not looks:
        return []
    slots = {"order_id": added.slots["order_id"], "product": product, **looks}
    return [IntentMatch(heard.match.text[: adds[-1]], I.ORDER_CHANGE, 1.0, slots, "context"), added]


def _new_with_address(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "후드티 검정 M 하나 강남대로 123으로 보내주세요", "send 2 earbuds to 45 oak avenue": a product with
    its details and where to send it, no order number, no change word and no question, is a new order to
    that address (a change of an order on record asked for its number, or nothing was understood, and the
    request was lost); ``None`` for anything else."""
    match, change, send = heard.match, _CHANGE_WORD.get(heard.lang), _SEND.get(heard.lang)
    if match.intent not in (I.ORDER_CHANGE, None) or match.matcher == "template" or change is None:
        return None
    if "order_id" in match.slots:
        return None
    span = find_address(match.text)
    if span is None or send is None or not send.search(match.text) or change.search(match.text):
        return None
    rest = f"{match.text[: span[0]]} {match.text[span[1] :]}"
    answer = reader.read(rest, heard.lang, I.ORDER_PLACE, None)
    if "product" not in answer.values or not _ITEM_DETAILS & answer.values.keys():
        return None
    kept = {k: v for k, v in answer.values.items() if k in ("product", *_ITEM_DETAILS)}
    address = match.text[span[0] : span[1]]
    return IntentMatch(match.text, I.ORDER_PLACE, 1.0, {**kept, "address": address}, "context")


def _exchange(heard: Heard) -> IntentMatch | None:
    """ "4823 교환하고 싶어요", "i want to exchange my running shoes for a bigger size": the exchange terms
    (not understood before, or taken for a return); ``None`` for anything else."""
    match, exchange = heard.match, EXCHANGE.get(heard.lang)
    if match.intent not in (None, I.ORDER_RETURN) or match.matcher == "template" or exchange is None:
        return None
    if not exchange.search(match.text):
        return None
    return IntentMatch(match.text, I.STORE_FAQ, 1.0, {"topic": "exchange"}, "context")


def _by_price(heard: Heard) -> IntentMatch | None:
    """ "가장 싼 거 뭐에요?", "and the cheapest": the catalog's cheapest or dearest products (the shop's
    address and the delivery prices were the answers); ``None`` for anything else, and for a price order
    said of delivery ("the cheapest shipping")."""
    match, order = heard.match, _PRICE_ORDER.get(heard.lang)
    if "price_order" in match.slots or match.matcher == "template" or order is None:
        return None  # a recommendation guessed for "제일 싼 거 뭐예요?" gave the best-sellers: by price
    said = order.search(match.text)
    if said is None or _NOT_GOODS[heard.lang].search(match.text) or "product" in match.slots:
        return None
    low = said.group("low") is not None
    return IntentMatch(
        match.text, I.PRODUCT_RECOMMEND, 1.0, {"price_order": "low" if low else "high"}, "context"
    )


def _other_channel(heard: Heard) -> IntentMatch | None:
    """ "can you email me the receipt for 4823", "영수증 출력해 주세요": the receipt asked for by e-mail or on
    paper, which the shop cannot do (a text message was queued without asking); ``None`` for anything
    else."""
    if heard.match.intent != I.ORDER_RECEIPT:
        return None
    said = [way for way, words in _CHANNELS.items() if words[heard.lang].search(heard.match.text)]
    if not said:
        return None
    return replace(heard.match, slots={**heard.match.slots, "channel": said[0]}, matcher="context")


def _look_named(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "cancel the pink one" after a pink and a blue case were ordered as two orders: the colour names
    the order (the last one, the blue case, was offered to be cancelled); ``None`` for anything else."""
    match = heard.match
    if match.intent != I.ORDER_CANCEL or "order_id" in match.slots or "color" in match.slots:
        return None
    color = reader.read(match.text, heard.lang, I.ORDER_PLACE, None).values.get("color")
    if color is None:
        return None
    return replace(match, slots={**match.slots, "color": color}, matcher="context")


def _model_number(heard: Heard) -> IntentMatch | None:
    """ "a phone case for iphone 15", "갤럭시 s24용 케이스": the number names the phone model, not how many
    (15 cases were ordered); the order without that quantity, which asks or takes one. ``None`` for
    anything else."""
    match = heard.match
    quantity = match.slots.get("quantity")
    if match.intent != I.ORDER_PLACE or quantity is None:
        return None
    if not re.search(rf"\b{PHONE_MODEL}\s?{quantity}\b", match.text):
        return None
    return replace(match, slots={k: v for k, v in match.slots.items() if k != "quantity"}, matcher="context")


_ORDER_FIRST = re.compile(
    r"^(?:(?:my |on |for |it's |its )?order (?:number |no |#)?(?:is |was |'s |s )?|(?:on|for) |#"
    r"|주문 ?번호 ?(?:는|은|가)? ?)?"
    r"(?P<n>\d{4})(?: ?번)?"
    r"(?: ?주문(?:에서|은|의)?| order|에서)?(?:인데요?|이고|이요)?\s"
)
"""An order number the sentence opens with ("4822 주문 티셔츠…", "order 4822 only one shirt")."""
_ON_ORDER = re.compile(
    r"\b(?:(?:on|to|in|for|from|of|off) (?:my |the )?order (?:number |no |#)?|(?:off|from) )(?P<n>\d{4})\b"
)
"""An order named by its number inside the sentence ("i want the smart watch on my order 4822 in black",
"take a shirt off 4822": a new order of 4822 shirts was begun)."""
_ORDER_WORD = re.compile(r"\border\b|주문|번(?:\s|$)|^(?:on|for) \d")
"""Words that make a number an order's ("order 4822", "4822번", "on 4822 …": no count is said so)."""
_ALTERED = {
    "en": re.compile(r"\b(change|switch|swap|exchange|instead|only|just|remove|take|drop|add|make|to)\b"),
    "ko": re.compile(r"바꾸|바꿔|바꿀|변경|교환|빼|만(?:\s|$|요)|받을게|추가|\S(?:으로|로)(?:요|$| 해)"),
}
"""Words of a change said after an order's number without the word for an order ("4823 신발 270으로 교환")."""


def _around(text: str, named: re.Match[str]) -> str:
    """``text`` without the order number ``named`` in it (and its words), the rest said about the order."""
    return f"{text[: named.start()]} {text[named.end() :]}"


_ONLY_AFTER = re.compile(r"\s*(?:벌|개|장|켤레|대)?\s*만")
_ONLY_BEFORE = re.compile(r"\b(?:only|just)\s+(?:need\s+|want\s+|keep\s+)?$")
"""Words that make a count the one kept ("한벌만", "only 1"), not the one ordered."""


def order_named(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "4822 주문 티셔츠 한장만 받을게요", "4823 신발 270으로 교환해 주세요", "order 4822 only one shirt
    please": an order named by its number with a product in it is a change of that order (the number was
    the quantity of a new order, and one was placed); ``None`` for anything else ("1000 earbuds" with no
    word for an order stays a count)."""
    match = heard.match
    if match.intent not in (I.ORDER_PLACE, None):
        return None
    named = _ORDER_FIRST.match(match.text) or _ON_ORDER.search(match.text)
    if named is None or _COUNT_AFTER.match(match.text, named.start("n")):
        return None
    rest = _around(match.text, named)
    said: dict[str, SlotValue] = {}
    for name, value, start, end in reader.slot_spans(rest, heard.lang, I.ORDER_CHANGE):
        if name == "quantity" and (_ONLY_AFTER.match(rest, end) or _ONLY_BEFORE.search(rest, 0, start)):
            said[name] = value  # "티셔츠 두벌 시킨거 한벌만 받을게요": one, not the two ordered
        elif name in ("product", *_ITEM_DETAILS):
            said.setdefault(name, value)
    altered = _ALTERED.get(heard.lang)
    if "product" not in said and altered is not None and altered.search(rest):
        spans = reader.slot_spans(rest, heard.lang, I.ORDER_PLACE)
        delivery = [v for n, v, start, end in spans if n == "delivery" and not is_replaced(rest, start, end)]
        if len(delivery) != 1:
            return None
        # "4822 빠른배송말고 일반배송으로 바꿔주세요": the delivery of that order (a new order was begun)
        slots: dict[str, SlotValue] = {"order_id": int(named["n"]), "delivery": delivery[0]}
        return IntentMatch(match.text, I.ORDER_CHANGE, 1.0, slots, "context")
    if "product" not in said:
        return None
    looks = {
        "color",
        "size",
    } & said.keys()  # "4822 can i get the shirts in large": thousands of shirts were asked
    if not _ORDER_WORD.search(named.group(0)) and (altered is None or not altered.search(rest)) and not looks:
        return None
    change = IntentMatch(match.text, I.ORDER_CHANGE, 1.0, {"order_id": int(named["n"]), **said}, "context")
    # "take the phone case off order 4822": that item cancelled; "5001번 주문 충전기 한 개 줄여 주세요":
    # one fewer
    # "on 4822 make one of the shirts white": one shirt white, the other kept
    changed = replace(heard, match=change)
    return (
        _taken_off(changed)
        or _shares_changed(changed, reader)
        or _part_changed(changed)
        or with_fewer(change, heard.lang)
    )


_EACH_CHANGE = {
    "en": re.compile(r",|\b(?:and|also|plus|then)\b"),
    "ko": re.compile(r",|그리고|(?<=[가-힣]고)\s|(?<=랑)\s"),
}
"""Where the changes to the items of one order said in one sentence part ("make the shirts large and the
case blue", "티셔츠 사이즈 L로 바꾸고 케이스는 파란색으로")."""


def products_listed(heard: Heard, reader: AnswerReader) -> list[IntentMatch]:
    """ "bluetooth speaker red one, power bank white one", "블루투스 스피커 레드 하나 보조배터리 화이트 하나":
    products listed with their details and nothing else, no "and" between them, as one order each (only
    the first was ordered); ``[]`` for anything else (one product, a question, words besides the list)."""
    match = heard.match
    guessed = match.intent in (I.PRODUCT_INFO, I.DELIVERY_INFO, I.ORDER_PLACE) and match.matcher != "template"
    if (match.intent is not None and not guessed) or is_question(match, heard.lang) or heard.requests:
        return []  # requests said apart ("… and a charger") are read as such
    text = match.text
    spans = reader.slot_spans(text, heard.lang, I.ORDER_PLACE)
    products = [(start, end) for name, _, start, end in spans if name == "product"]
    if len(products) < 2 or len({value for name, value, _, _ in spans if name == "product"}) < len(products):
        return []
    first = min(start for _, _, start, _ in spans)
    if first == products[0][0]:  # details after each product: it starts its part
        cuts = [start for start, _ in products[1:]]
    else:  # details before each product ("red speaker, white power bank"): it ends its part
        cuts = [end for _, end in products[:-1]]
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    orders = []
    for part in parts:
        answer = reader.read(part, heard.lang, I.ORDER_PLACE, None)
        said = [name for name, _, _, _ in reader.slot_spans(part, heard.lang, I.ORDER_PLACE)]
        if not answer.whole or "product" not in answer.values or len(said) > len(set(said)):
            return []  # "two phone cases one pink one blue": shares of one product, read as such
        orders.append(IntentMatch(part, I.ORDER_PLACE, 1.0, dict(answer.values), "split"))
    return orders


_OFF = "off"
"""Key of an item ``changes_named`` reads as taken off, not changed."""


def changes_named(heard: Heard, reader: AnswerReader) -> list[IntentMatch]:
    """ "on order 4822 make the shirts large and the case blue", "4822번 주문 티셔츠 사이즈 L로 바꾸고
    케이스는 파란색으로 바꿔주세요": one change of each item of the order named by its number, in the
    order said (a new order of a blue case was made; the size was lost, or the case's colour put on the
    shirts) — when two or more items are each said with what they become; ``[]`` otherwise."""
    if heard.match.matcher == "context":
        return []  # one of them, read already
    text, cuts = normalize(heard.transcript.text), _EACH_CHANGE.get(heard.lang)
    named = _ORDER_FIRST.match(text) or _ON_ORDER.search(text)
    altered = _ALTERED.get(heard.lang)
    if named is None or cuts is None or altered is None:
        return []
    if not _ORDER_WORD.search(named.group(0)) and not altered.search(text):
        return []  # "4822 shirts large and cases blue": no order named
    items: list[dict[str, SlotValue]] = []
    less, adds, off = LESS.get(heard.lang), _ADDED.get(heard.lang), _TAKES_OFF.get(heard.lang)
    for piece in cuts.split(_around(text, named)):
        said: dict[str, SlotValue] = {}
        for name, value, _, _ in reader.slot_spans(piece, heard.lang, I.ORDER_CHANGE):
            if name in said and name in ("product", *_ITEM_DETAILS):
                return []  # "swap the shirts for hoodies": a product for another, read as it was
            if name == "product" or name in _ITEM_DETAILS:
                said[name] = value
        if "quantity" in said and less is not None and less.search(piece):
            said[FEWER] = True  # "…, and one less shirt"
        if "product" in said and adds is not None and adds.search(piece):
            said["added"] = True  # "… 보호필름도 하나 추가해 주세요": one more item
        taken_off = off is not None and off.search(piece) is not None
        if "product" in said and not {"color", "size"} & said.keys() and taken_off:
            said[_OFF] = True  # "4822 티셔츠는 L로 바꾸고 케이스는 빼주세요": the case taken off
        if "product" in said:
            items.append(said)
        elif said and items:  # "the shirts, in large": said of the item before
            items[-1] = {**said, **items[-1]}
    if len(items) < 2 or not all(_ITEM_DETAILS & item.keys() or _OFF in item for item in items):
        return []
    if all(_OFF in item for item in items):
        return []  # items taken off only: ``items_taken_off``
    order = {"order_id": int(named["n"])}
    return [
        IntentMatch(
            heard.match.text,
            I.ORDER_CANCEL if item.pop(_OFF, False) else I.ORDER_CHANGE,
            1.0,
            {**order, **item},
            "context",
        )
        for item in items
    ]


_TAKES_OFF = {
    "en": re.compile(r"\b(remove|take|get rid of|drop|delete|cancel\w*)\b"),
    "ko": re.compile(r"빼|삭제|제외|취소|안 ?받을|안 ?받겠|필요 ?없|안 ?보내"),
}
_NOT_ONLY_OFF = {
    "en": re.compile(r"\b(add|instead|swap|switch|replace|put|keep|except|but|only|just)\b"),
    "ko": re.compile(r"추가|넣어|대신|바꿔|바꾸|교환|남기|말고|그대로|만(?:\s|$)"),
}
"""Words that make more of a sentence than items taken off: something added or kept (read elsewhere)."""


def items_taken_off(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "take one shirt and the case off 4822", "4822에서 티셔츠 한장이랑 케이스 빼주세요": items of the order
    named by its number taken off: one cancellation of the first (with its count) and ``also`` the second
    (the case was lost, or a new order of 4822 shirts begun) — or of one item the NLU did not read ("can i
    take one of the tshirts off order 4822"); ``None`` otherwise."""
    text = normalize(heard.transcript.text)
    greeting = GREETING_FIRST.match(text)  # "hi can i take one of the tshirts off order 4822": only greeted
    text = text[greeting.end() :].strip() if greeting is not None else text
    off, more = _TAKES_OFF.get(heard.lang), _NOT_ONLY_OFF.get(heard.lang)
    named = _ORDER_FIRST.match(text) or _ON_ORDER.search(text)
    if off is None or more is None or named is None or not off.search(text) or more.search(text):
        return None
    rest = _around(text, named)
    spans = [
        (name, value, start)
        for name, value, start, _ in reader.slot_spans(rest, heard.lang, I.ORDER_CHANGE)
        if name in ("product", *_ITEM_DETAILS)
    ]
    products = [(value, start) for name, value, start in spans if name == "product"]
    if {"color", "size"} & {n for n, _, _ in spans}:
        return None  # "make the shirts large and take the case off": changes (``changes_named``)
    two = len(products) == 2 and products[0][0] != products[1][0]
    if not two and not (len(products) == 1 and heard.match.intent in (None, I.ORDER_PLACE, I.GREET)):
        return None  # one product the NLU read: its own readings take it
    cut = products[0][1] if heard.lang == "en" or not two else products[1][1]  # "one shirt" / "티셔츠 한장"
    counts = [[v for n, v, at in spans if n == "quantity" and (at < cut) == first] for first in (True, False)]
    if any(len(c) > 1 for c in counts):
        return None
    slots: dict[str, SlotValue] = {"order_id": int(named["n"]), "product": products[0][0]}
    slots.update({"also": products[1][0]} if two else {})
    if not two:  # "one of the tshirts", "티셔츠 하나": its count, before it or after it; "a shirt": one
        counts = [counts[0] or counts[1] or ([1] if heard.lang == "en" and _ONE_OF.search(text) else []), []]
    for key, count in zip(("quantity", "also_quantity"), counts, strict=True):
        if count:
            slots[key] = count[0]
    return IntentMatch(text, I.ORDER_CANCEL, 1.0, slots, "context")


def change_beside_kept(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "4822 the shirts are fine, just make the case silver", "4822번 티셔츠는 괜찮고 케이스만 은색으로요":
    one item of the order named kept as it is and the other changed — a change of the other (a new order of
    a silver case was made, or the shirts made silver); ``None`` otherwise."""
    text = normalize(heard.transcript.text)
    if not may_keep(text, heard.lang):
        return None  # (the cheap test first: this reads every new request)
    spans = reader.slot_spans(text, heard.lang, I.ORDER_CHANGE)
    kept = [s for n, _, s, e in spans if n == "product" and kept_as_is(text, heard.lang, s, e)]
    orders = {value for name, value, _, _ in spans if name == "order_id"}
    if len(kept) != 1 or len(orders) != 1:
        return None
    said: dict[str, SlotValue] = {"order_id": orders.pop()}
    for name, value, start, _ in spans:
        if name in ("product", *_ITEM_DETAILS) and start != kept[0] and name not in said:
            said[name] = value
    off = _TAKES_OFF.get(heard.lang)
    if "product" not in said or not {"color", "size"} & said.keys() or (off is not None and off.search(text)):
        return None  # ("… keep the shirts but drop the case and make one of the shirts a large": the case
    return IntentMatch(text, I.ORDER_CHANGE, 1.0, said, "context")  # is taken off, not made large)


_KEEPS_ONLY_BEFORE = {
    "en": re.compile(
        r"\b(?:(?:keep|keeping|want|need)\s+(?:just|only)|(?:only|just)\s+(?:want|need|keep))\s+"
        r"(?:to keep\s+)?(?:the\s+|my\s+)?(?:\w+\s+)?$"
    ),
}
_KEEPS_ONLY_AFTER = {
    "en": re.compile(r"\s+only\b"),
    "ko": re.compile(r"(?:\s*\S*?)?만\s*(?:남겨|남기|받을|받겠|받고|주세요|할게|살게|원해|필요|있으면|보내)"),
}
"""Words that make an item of an order the only one wanted ("i want to keep just the shirts", "i only want
the shirts", "티셔츠 하나만 남겨주세요", "케이스만 받을게요"), with its count when said."""
_ONLY_WORD = re.compile(r"\b(?:only|just)\b")
_KEEPS_ONE = re.compile(r"\b(?:only|just) (?:want to |wanna |going to |gonna )?keep\b|\bkeep (?:only|just)\b")
"""Words that keep the one item named and no other ("on order 4822 I only want to keep the case now")."""


def kept_beside_removed(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "order 4822 i want to keep just the shirts, get rid of the case", "4822 주문 케이스는 빼고 티셔츠
    하나만 남겨주세요": one item of the order named by its number kept (with its count, if said) and the other
    taken off — a change of the order to the item kept, ``only`` set ("Just to be sure" looped, or the case
    changed instead); ``None`` otherwise."""
    text = normalize(heard.transcript.text)
    off, after = _TAKES_OFF.get(heard.lang), _KEEPS_ONLY_AFTER.get(heard.lang)
    named = _ORDER_FIRST.match(text) or _ON_ORDER.search(text)
    if named is None or off is None or after is None:
        return None
    before = _KEEPS_ONLY_BEFORE.get(heard.lang)
    spans = [s for s in reader.slot_spans(text, heard.lang, I.ORDER_CHANGE) if s[2] >= named.end()]
    products = [(value, start, end) for name, value, start, end in spans if name == "product"]
    if len(products) == 1 and _KEEPS_ONE.search(text):  # "on order 4822 I only want to keep the case now"
        value, start, end = products[0]
        return IntentMatch(
            text,
            I.ORDER_CHANGE,
            1.0,
            {"order_id": int(named["n"]), "product": value, "only": True},
            "context",
        )
    if not (off.search(text) or "can go" in text) or len(products) != 2 or products[0][0] == products[1][0]:
        return None
    kept = []
    for value, start, end in products:
        ahead = before.search(text, 0, start) if before is not None else None
        behind = after.match(text, end)
        if ahead is not None or behind is not None:
            kept.append((value, ahead.start() if ahead else start, behind.end() if behind else end))
    if len(kept) != 1 or not (after.search(text) or _ONLY_WORD.search(text)):
        return None
    value, start, end = kept[0]
    slots: dict[str, SlotValue] = {"order_id": int(named["n"]), "product": value, "only": True}
    counts = [v for n, v, s, _ in spans if n == "quantity" and start <= s < end]
    slots.update({"quantity": counts[0]} if len(counts) == 1 else {})
    return IntentMatch(text, I.ORDER_CHANGE, 1.0, slots, "context")


_ADDED = {
    "en": re.compile(r"\b(add|also|plus|too|as well|another|throw in|toss in|put in)\b"),
    "ko": re.compile(r"추가|넣어|더 ?(?:주세요|해|넣)|\S도\s"),
}
"""Words that add a product to an order ("and could you add a screen protector", "케이스도 추가해 주세요")."""


def added_beside(change: IntentMatch, requests: Iterable[IntentMatch], lang: str) -> list[IntentMatch]:
    """The products added to the order of ``change`` by the other ``requests`` of its sentence ("for order
    4822 I'd like the phone case in blue, and could you add a screen protector": the protector was lost),
    each a change that adds it."""
    added: list[IntentMatch] = []
    words, on_it = _ADDED.get(lang), _THE_ONE_ON_IT.get(lang)
    for request in requests:
        product = request.slots.get("product")
        if request.intent != I.ORDER_PLACE or product in (None, change.slots.get("product")):
            continue
        said = {k: v for k, v in request.slots.items() if k == "product" or k in _ITEM_DETAILS}
        looks = {"color", "size"} & said.keys()
        if (
            looks
            and on_it is not None
            and on_it.match(request.text)
            and not (words and words.search(request.text))
        ):
            # "order 4822: one shirt white, one gray, and the case silver": the case on it, silver (lost)
            slots = {"order_id": change.slots["order_id"], "product": product, **{k: said[k] for k in looks}}
            added.append(IntentMatch(request.text, I.ORDER_CHANGE, 1.0, slots, "context"))
            continue
        if words is None or not words.search(request.text):
            continue
        slots = {"order_id": change.slots["order_id"], **said, "added": True}
        added.append(IntentMatch(request.text, I.ORDER_CHANGE, 1.0, slots, "context"))
    return added


_THE_ONE_ON_IT = {
    "en": re.compile(r"^(?:(?:and|also|plus|then)\s+)*(?:the|my)\s"),
    "ko": re.compile(r"^\S+(?:은|는)\s"),
}
"""A product said as the one on the order ("…, and the case silver", "…, 케이스는 실버로"): its look
changes."""


_PLACED = re.compile(r"\b(?:placed|made|put in) (?:an |my |the )?order (?:number |no |#)?(?P<n>\d{4})\b")
"""An order named as one placed ("I placed order 5001 a minute ago")."""


def change_in_passing(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "hi, I placed order 5001 a minute ago and I only need 2 shirts not 3": a change of the order named
    as placed, with words of a change and a product (read as a question about the order: only its status
    was told); ``None`` for anything else."""
    named, altered = _PLACED.search(heard.match.text), _ALTERED.get(heard.lang)
    if named is None or altered is None or not altered.search(heard.match.text):
        return None
    rest = _around(heard.match.text, named)
    said: dict[str, SlotValue] = {}
    for name, value, start, end in reader.slot_spans(rest, heard.lang, I.ORDER_CHANGE):
        if (name == "product" or name in _ITEM_DETAILS) and not is_replaced(rest, start, end):
            said.setdefault(name, value)
    if "product" not in said or not _ITEM_DETAILS & said.keys():
        return None
    change = IntentMatch(
        heard.match.text, I.ORDER_CHANGE, 1.0, {"order_id": int(named["n"]), **said}, "context"
    )
    return with_fewer(change, heard.lang)


_SOMEONE_ELSE = {
    "en": re.compile(
        r"\b(my (wife|husband|mom|mum|mother|dad|father|son|daughter|kids?|friend|girlfriend|boyfriend"
        r"|partner|"
        r"sister|brother|boss|grandma|grandpa|grandmother|grandfather|parents)|she|he|her|his|gift|present"
        r"|on you|you look|your)\b"
    ),
    "ko": re.compile(
        r"엄마|어머니|아빠|아버지|아내|와이프|남편|아들|딸|친구|여친|남친|언니|오빠|누나|동생|할머니|할아버지|부모님|선물"
    ),
}
"""Someone else the customer speaks of ("엄마는 엠 사이즈 입어요", "a gift for my wife, she loves pink",
"I love that green color on you")."""


def _someone_elses_taste(heard: Heard) -> IntentMatch | None:
    """ "엄마가 검은색을 좋아하셔서요", "my wife loves pink": another person's taste, guessed as the
    customer's preference (it was offered and remembered as theirs); suggestions in it instead. ``None``
    for anything else."""
    match, other = heard.match, _SOMEONE_ELSE.get(heard.lang)
    if match.intent != I.CUSTOMER_PREFERENCE or other is None or not other.search(match.text):
        return None
    slots = {k: v for k, v in match.slots.items() if k in ("color", "size", "category", "product")}
    return IntentMatch(match.text, I.PRODUCT_RECOMMEND, 1.0, slots, "context")


def _moved_to(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "I have a device setup tomorrow … push it to wednesday", "move my screen repair from monday to
    friday", "내일 화면 수리 예약 수요일로 바꿔주세요": of two days (or times) said in a move, the later is
    the new one (the booking was moved to the day it already had). ``None`` for anything else."""
    match = heard.match
    if match.intent != I.BOOKING_CHANGE:
        return None
    said: dict[str, list[SlotValue]] = {}
    spans = reader.slot_spans(match.text, heard.lang, I.BOOKING_CHANGE)
    for name, value, _, _ in without_fallbacks(match.text, heard.lang, spans):  # "2pm, or 2:30 if not": 2 PM
        if name in ("date", "time") and value not in said.setdefault(name, []):
            said[name].append(value)
    later = {name: values[-1] for name, values in said.items() if len(values) > 1}
    if not later or all(match.slots.get(name) == value for name, value in later.items()):
        return None
    return replace(match, slots={**match.slots, **later}, matcher="context")


_RULES_OF = (
    ("exchange", re.compile(r"exchang|swap|교환")),
    ("returns", re.compile(r"return|refund|반품|환불|online|온라인")),
    ("payment", re.compile(r"현금 ?영수증|세금 ?계산서|tax invoice|결제|payment")),
    (
        "cancellation",
        re.compile(r"cancel|resched|change|move|miss|late|취소|바꾸|변경|옮기|늦|노쇼|안 가|못 가"),
    ),
)
"""The policy a question about an action's rules is about, by its words."""


def _about_the_rules(heard: Heard) -> IntentMatch | None:
    """ "do you charge to change a booking", "혹시 늦으면 예약 취소되나요?", "현금영수증 발급 되나요?": a
    question about an action's rules or cost, which the NLU keeps from being that action (it asked for the
    booking to change; a receipt was sent) or reads as nothing: the policy it is about. ``None`` for
    anything else."""
    match = heard.match
    if match.intent not in (None, I.ORDER_RECEIPT, I.PRODUCT_INFO, *I.ACTIONS) or match.matcher == "template":
        return None  # "do you charge to …" was the phone charger's price
    if not about_an_action(heard.transcript.text, heard.lang):
        return None
    topic = next((name for name, words in _RULES_OF if words.search(match.text)), None)
    if topic is None:
        return None
    return IntentMatch(match.text, I.STORE_FAQ, 1.0, {"topic": topic}, "context")


_REPAIRED_BEFORE = {
    "en": re.compile(
        r"\b((didn't|did not|didnt|doesn't|didn't even) fix"
        r"|you (guys )?(did|fixed|replaced|repaired|changed) (my|it|the)"
        r"|(replaced|repaired|fixed) (here|by you|last week|yesterday)"
        r"|(repair|replacement|fix) (you did|from last|last week|yesterday))"
    ),
    "ko": re.compile(
        r"(받았는데|갈았는데|고쳤는데|수리했는데|교체했는데|맡겼는데|바꿨는데|했는데).*(또|다시|여전히|아직도|그대로)"
    ),
}
"""A repair done here that did not last ("my battery replacement didn't fix anything", "저번주에 화면 수리
받았는데 또 깜빡거려요")."""
_REPAIR_DONE = re.compile(r"repair|replace|fix|battery|screen|수리|교체|갈았|고쳤|배터리|화면|액정")


def repair_gone_wrong(heard: Heard) -> IntentMatch | None:
    """A complaint about a repair done here that did not last, with the customer's words (it offered a new
    paid booking of the same repair, or asked for an order number); ``None`` for anything else."""
    match, said = heard.match, _REPAIRED_BEFORE.get(heard.lang)
    text = normalize(heard.transcript.text)
    whole = match.matcher == "template" and normalize(match.text) == text  # (a template of a piece is not)
    if said is None or match.intent in (I.COMPLAINT, I.AGENT_HANDOFF) or whole:
        return None
    if not said.search(text) or not _REPAIR_DONE.search(text):
        return None
    return IntentMatch(match.text, I.COMPLAINT, 1.0, {}, "context")


def _no_count(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "i want zero earbuds", "0 hoodies please", "99999 earbuds", "이어폰 0개": a count that is no
    quantity (none, or more than any stock) was dropped and 1 confirmed; it is kept, so the order asks how
    many or says how many are left. ``None`` for anything else."""
    match = heard.match
    if match.intent != I.ORDER_PLACE or "quantity" in match.slots:
        return None
    spans = [
        span for span in reader.slot_spans(match.text, heard.lang, I.ORDER_PLACE) if span[0] == "product"
    ]
    if not spans:
        return None
    _, _, start, end = spans[0]
    before, after = _COUNT_BEFORE.search(match.text[:start]), _COUNT_AFTER.match(match.text, end)
    said = before or after
    if said is None:
        return None
    count = said.group("n")
    quantity = 0 if count in ("zero", "영", "공") else int(count)
    return replace(match, slots={**match.slots, "quantity": quantity}, matcher="context")


def _of_my_order(heard: Heard) -> IntentMatch | None:
    """ "When are my earbuds gonna arrive", "주문한 이어폰 언제 와요?": the delivery of the customer's order
    that holds them (the general delivery prices were the answer); ``None`` for anything else."""
    match, mine = heard.match, _MINE.get(heard.lang)
    if match.intent != I.DELIVERY_INFO or "product" not in match.slots or "about" in match.slots:
        return None
    if mine is None or not mine.search(match.text):
        return None
    return replace(match, slots={**match.slots, "about": "order"})


_MY_ORDER_WHEN = {
    "ko": re.compile(r"(주문한 ?거|주문한 ?게|주문한 ?물건|시킨 ?거|제 주문|내 주문|택배)\S* ?(언제|어디)"),
}
"""The customer's own order asked about ("주문한거 언제와요"), not delivery in general (English "when is my
order coming" already asks for the order)."""


_NUMBER_LOOKED_UP = {
    "en": re.compile(r"^(?:check|track|status(?: of)?|look ?up|lookup)(?: order)? #?(\d{4,})(?: please)?$"),
    "ko": re.compile(
        r"^(?:주문 ?(?:번호)? ?)?(\d{4,}) ?번? ?(?:주문 ?)?(?:조회|확인|상태)"
        r"(?:요|해 ?주세요|해줘|부탁해요)?$"
    ),
}
"""An order number and a word for looking it up, nothing else ("4821 조회요", "track 4821")."""


_NUMBER_TOLD = {
    "en": re.compile(
        r"^(?:(?:so|um|uh|hi|hello) )?(?:my|the) order (?:number|no|#) (?:is )?#?(\d{4,})(?: please)?$"
    ),
    "ko": re.compile(
        r"^(?:제 |저 |내 )?주문 ?번호(?:는|가|은)? ?(\d{4,}) ?번?"
        r"(?:이에요|예요|입니다|이요|요|이고요|인데요)?$"
    ),
}
"""The customer's order number told and nothing else ("제 주문번호는 4821이에요", "my order number is
4821")."""


_BOOKING_NOT_ORDER = {
    "en": re.compile(r"^(?!.*\border\b).*\b(?:booking|appointment|appt|reservation)s?\b"),
    "ko": re.compile(r"^(?!.*주문).*예약"),
}
_BOOKING_NUMBER = {
    "en": re.compile(r"\b(?:booking|appointment|appt|reservation)\s(?:number\s|no\s|#)?(\d{1,4})\b"),
    "ko": re.compile(r"(\d{1,4})\s?번\s?예약|예약\s?(?:번호\s?)?(\d{1,4})"),
}
"""A booking named by its number ("booking 1", "1번 예약")."""
_ACTS_ON_IT = {
    "en": re.compile(r"\b(?:cancel\w*|move|moving|change|resched\w*|push|postpone|book me|make|add|swap)\b"),
    "ko": re.compile(r"취소|옮|바꾸|바꿔|변경|미루|미뤄|잡아|당겨|늦춰"),
}
_ASKS_ABOUT_IT = {
    "en": re.compile(
        r"\b(?:what|when|whats|what's|is|do i|did i|still|time of|status|check|confirm|when's|whens)\b|\?$"
    ),
    "ko": re.compile(r"뭐|언제|몇 ?시|유효|있죠|있나요|있어요|있는지|확인|맞나요|맞죠|했더라|됐나요|\?$"),
}
"""Words of an action on a booking, and of a question about it: a sentence naming a booking that the NLU reads
as nothing ("whats the time of booking 1", "1번 예약 아직 유효해요?") is its lookup when it asks and acts on
nothing."""


_SWAP_OUT = {
    "en": re.compile(r"\b(?:swap|switch|exchange|replace|trade|change)\b(?:(?!\b(?:for|with|to|into)\b).)*$"),
    "ko": re.compile(r"(?:으로|로)\s*(?:바꿔|바꾸|바꿀|교환|변경)"),
}
"""Words before the product swapped out ("swap the phone case for a screen protector")."""
_SWAP_IN = {
    "en": re.compile(r"^\s+(?:for|with|to|into)\b"),
    "ko": re.compile(r"^\s*(?:은|는|을|를)?\s*(?:말고|대신)"),
}
"""Words between the product swapped out and the one swapped in ("… case for a screen protector", "케이스 말고
보호필름으로")."""
_SOME_OF = {
    "en": re.compile(r"\b(?P<n>one|two|1|2) of (?:the|my|those|these) $"),
    "ko": re.compile(r"\s*(?P<n>하나|한|두|둘)\s?(?:개|장|벌|켤레)?\s?(?:만|를|을|은|는)?\s*"),
}
"""A count of the product swapped out, part of it ("swap one of the shirts for a hoodie", "티셔츠 하나만
후드티로"): every shirt was swapped (or, in Korean, the others dropped)."""
_INSTEAD_OF = {"en": re.compile(r"\binstead of (?:the |my |a |an )?$")}
"""Words before the product swapped out when the one swapped in is said first ("a screen protector instead of
the case")."""


def _product_swapped(heard: Heard, reader: AnswerReader) -> IntentMatch | None:
    """ "on 4822 swap the phone case for a screen protector", "4822 케이스 말고 보호필름으로 바꿔주세요", "a
    screen protector instead of the case": one product of an order replaced by another (what to change
    about the case was asked, or the protector was said not to be on the order); ``None`` else."""
    match = heard.match
    if match.intent not in (I.ORDER_CHANGE, I.ORDER_PLACE, None):
        return None
    spans = reader.slot_spans(match.text, heard.lang, I.ORDER_CHANGE)
    products = [(str(v), s, e) for n, v, s, e in spans if n == "product"]
    if len(products) != 2 or products[0][0] == products[1][0]:
        return None
    (first, s1, e1), (second, s2, _) = products
    out, into, instead = _SWAP_OUT.get(heard.lang), _SWAP_IN[heard.lang], _INSTEAD_OF.get(heard.lang)
    between = match.text[e1:s2]
    swapping = out is not None and (
        out.search(match.text, s2) if heard.lang == "ko" else out.search(match.text, 0, s1)
    )  # "swap the case for …", "케이스 말고 보호필름으로 바꿔주세요"
    some_of = _SOME_OF.get(heard.lang)
    some = (
        (some_of.fullmatch(between) if heard.lang == "ko" else some_of.search(match.text, 0, s1))
        if some_of is not None
        else None
    )  # "swap one of the shirts for a hoodie", "티셔츠 하나만 후드티로 바꿔주세요": one of them
    if (into.match(between) or (some is not None and heard.lang == "ko")) and swapping:
        old, new = first, second
    elif instead is not None and instead.search(match.text, 0, s2) and e1 <= s2:
        old, new = second, first
    else:
        return None
    named = _ORDER_FIRST.match(match.text) or _ON_ORDER.search(match.text)
    if "order_id" not in match.slots and match.intent != I.ORDER_CHANGE and named is None:
        return None  # "swap the case for a screen protector" on no order: another reading
    slots: dict[str, SlotValue] = {"product": new, "instead_of": old}
    count = cardinal(some.group("n"), heard.lang) if some is not None else None
    slots.update({"quantity": count, "split": True} if count is not None else {})
    order_id = match.slots.get("order_id") or (int(named["n"]) if named is not None else None)
    slots.update({"order_id": order_id} if order_id is not None else {})
    return IntentMatch(match.text, I.ORDER_CHANGE, 1.0, slots, "context")


def _a_week_on(heard: Heard) -> IntentMatch | None:
    """ "can you move booking 1 to the same time next week", "1번 예약 일주일 미뤄주세요": that booking a week
    on, its weekday and time (next week's Monday was offered, or the day asked); ``None`` for anything
    else."""
    match, week = heard.match, A_WEEK_ON.get(heard.lang)
    if match.intent != I.BOOKING_CHANGE or week is None or not week.search(match.text):
        return None
    slots = {k: v for k, v in match.slots.items() if k not in ("date", "time")}
    return IntentMatch(match.text, I.BOOKING_CHANGE, 1.0, {**slots, "week_on": "yes"}, "context")


def _booking_looked_up(heard: Heard) -> IntentMatch | None:
    """ "1번 예약 상태 알려주세요", "status of my appointment": a booking's status the classifier guessed as
    an order's (order 6666 was looked up with the booking's digits); ``None`` for anything else."""
    match, booking = heard.match, _BOOKING_NOT_ORDER.get(heard.lang)
    if match.intent not in (I.ORDER_STATUS, None) or match.matcher == "template" or "order_id" in match.slots:
        return None
    if booking is None or not booking.search(match.text):
        return None
    acting, asked = _ACTS_ON_IT.get(heard.lang), _ASKS_ABOUT_IT.get(heard.lang)
    if match.intent is None and (
        acting is None or asked is None or acting.search(match.text) or not asked.search(match.text)
    ):
        return None  # read as nothing: only a question about the booking, no move or cancel, is its lookup
    named = _BOOKING_NUMBER[heard.lang].search(match.text)
    slots: dict[str, SlotValue] = {}
    if named is not None:
        slots["booking_id"] = int(next(g for g in named.groups() if g))
    return IntentMatch(match.text, I.BOOKING_STATUS, 1.0, slots, "context")


def _number_looked_up(heard: Heard) -> IntentMatch | None:
    """ "4821 조회요", "track 4821", "제 주문번호는 4821이에요": the status of that order (not understood,
    then staff were offered over and over; the order number told was taken for a loyalty number's);
    ``None`` for anything else."""
    match, said, told = heard.match, _NUMBER_LOOKED_UP.get(heard.lang), _NUMBER_TOLD.get(heard.lang)
    found = said.match(match.text) if said is not None and match.intent is None else None
    if found is None and told is not None and match.intent in (None, I.CUSTOMER_IDENTIFY):
        found = told.match(match.text)
    if found is None:
        return None
    return IntentMatch(match.text, I.ORDER_STATUS, 1.0, {"order_id": int(found[1])}, "context")


def _my_order_when(heard: Heard) -> IntentMatch | None:
    """ "주문한거 언제와요": the status of the customer's order (the general
    delivery prices were the answer); ``None`` for anything else."""
    match, mine = heard.match, _MY_ORDER_WHEN.get(heard.lang)
    if match.intent != I.DELIVERY_INFO or "product" in match.slots or mine is None:
        return None
    if not mine.search(match.text):
        return None
    slots = {k: v for k, v in match.slots.items() if k == "order_id"}
    return IntentMatch(match.text, I.ORDER_STATUS, 1.0, slots, "context")


def _its_items(heard: Heard) -> IntentMatch | None:
    """ "What items are on order 4822?", "4822번 주문에 뭐 들어있어요?": what the customer's order holds and
    costs, told once the order is verified; ``None`` for anything else."""
    match, asked = heard.match, _ORDER_ITEMS.get(heard.lang)
    if match.intent not in {*_ABOUT_AN_ORDER, I.PRODUCT_INFO, I.STORE_FAQ} or asked is None:
        return None
    if not asked.search(match.text):
        return None
    slots: dict[str, SlotValue] = {k: v for k, v in match.slots.items() if k == "order_id"}
    named = _ORDER_NUMBER[heard.lang].search(match.text) if heard.lang in _ORDER_NUMBER else None
    if named is not None and "order_id" not in slots:
        slots["order_id"] = int(next(g for g in named.groups() if g))
    return IntentMatch(match.text, I.ORDER_STATUS, 1.0, {**slots, "about": "items"}, "context")


def _its_address(heard: Heard) -> IntentMatch | None:
    """ "What address is it going to?", "제 주문 배송지가 어디예요?": where the customer's order goes (the
    shop's own address was the answer), told once the order is verified; ``None`` for anything else."""
    match, where = heard.match, _ORDER_ADDRESS.get(heard.lang)
    if match.intent not in _ABOUT_AN_ORDER or where is None or not where.search(match.text):
        return None
    if find_address(match.text) is not None:  # "…주문할게요 배송지는 종로 45예요" tells where, asks nothing
        return None
    slots: dict[str, SlotValue] = {k: v for k, v in match.slots.items() if k in ("order_id", "product")}
    named = _ORDER_NUMBER[heard.lang].search(match.text) if heard.lang in _ORDER_NUMBER else None
    if named is not None and "order_id" not in slots:  # "4821 주문 주소 알려주세요": asked for again
        slots["order_id"] = int(next(g for g in named.groups() if g))
    return IntentMatch(match.text, I.ORDER_STATUS, 1.0, {**slots, "about": "address"}, "context")


def _how_i_paid(heard: Heard) -> IntentMatch | None:
    """ "결제는 뭘로 했죠?", "did i pay with apple pay": how the customer's order was paid (the ways the shop
    takes were the answer), told once the order is verified; ``None`` for anything else."""
    match, paid = heard.match, _PAID.get(heard.lang)
    if match.intent != I.STORE_FAQ or match.slots.get("topic") != "payment" or paid is None:
        return None
    if not paid.search(match.text):
        return None
    slots = {k: v for k, v in match.slots.items() if k == "order_id"}
    return IntentMatch(match.text, I.ORDER_PAYMENT, 1.0, slots, "context")
