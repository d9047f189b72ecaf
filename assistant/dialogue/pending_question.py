"""A turn while a question is pending: its answer, a correction, a yes or no at a confirmation, or an
interruption (another question is answered and the pending one asked again; a new action replaces it)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from assistant import intents as I
from assistant.dialogue.answer_rewrites import rewritten
from assistant.dialogue.answers import ALL_OF_THEM, DECLINABLE, KEEP_DAY, Answer, AnswerReader
from assistant.dialogue.booking_moves import SAME_DAY, last_booking
from assistant.dialogue.choices import picked
from assistant.dialogue.follow_ups import about_the_service
from assistant.dialogue.order_corrections import part_said
from assistant.dialogue.readings import EXCHANGE, read_again
from assistant.dialogue.replies import CoreReplies, join
from assistant.dialogue.request_flow import NEEDS_CERTAINTY, RequestFlow
from assistant.dialogue.session import Frame, Session
from assistant.dialogue.shares import LOOKS, compares_looks, shares
from assistant.dialogue.skill_runner import SkillRunner
from assistant.dialogue.staff_offers import declines_staff
from assistant.dialogue.understanding import QUESTIONS, Heard, asks, is_question
from assistant.dialogue.utterance_checks import CONTROL, UtteranceChecks, keeps_part, kept_words
from assistant.dialogue.verification import DIGITS, NONE, RECORDS, SECRET_SLOT
from assistant.formatting import value_name
from assistant.language import render
from assistant.messages import Expect, IntentMatch, Reply, SlotValue
from assistant.nlu.engine import NOT_SOLD, UNLISTED, Nlu
from assistant.nlu.evidence import evidence
from assistant.nlu.relative import ADDED, says_total
from assistant.plugins import SkillRegistry
from assistant.slots import find_digits
from assistant.text import normalize

_NEEDED = {
    "en": re.compile(
        r"\b((do|must|should) i (have|need) to|is (it|that|a phone|a number|a phone number) (required|needed|"
        r"necessary|mandatory|optional)|why do you need|what if i don't|can i not)\b"
    ),
    "ko": re.compile(
        r"꼭 ?(필요|있어야|줘야|드려야|알려|해야)|필수|왜 필요|안 (주면|알려 ?주면|하면)|없으면 (안|못)"
    ),
}
"""A question whether the answer asked for must be given ("do I have to give my phone number?", "전화번호
꼭 필요해요?"): it was read as identifying the customer, and the order waited behind that question."""


_WHAT_IS_FREE = {
    "en": re.compile(
        r"\b(what|which) (times?|slots?|days?|hours?)( (are|is|do you|have you|you))?"
        r" ?(have|got|free|open|available|left)?"
        r"|\bwhat('s| is| do you have) (free|available|open)"
        r"|\bwhen (are you|is it|is there) (free|available|open)"
        r"|\bany (times?|slots?|openings?)( free| available| left)?\??$"
    ),
    "ko": re.compile(
        r"빈 ?(시간|자리|날)|몇 ?시(가|에|쯤)? ?(돼|되|비어|가능|괜찮)|언제 ?(돼|되|가능|비어)|시간 ?(있|뭐)"
    ),
}
"""A question what times or days are free, at the question which ("what times do you have?" at "what time
tomorrow?" was read as who the customer is, and their loyalty number asked)."""


def _asks_what_is_free(pending: Frame, heard: Heard) -> bool:
    """Whether ``heard`` asks which times or days are free at a booking's day or time question, naming
    none: the question again, with the free times."""
    asks = _WHAT_IS_FREE.get(heard.lang)
    return (
        pending.intent in (I.BOOKING_CREATE, I.BOOKING_CHANGE)
        and pending.expect.kind == "slot"
        and pending.expect.slot in ("date", "time")
        and asks is not None
        and asks.search(normalize(heard.text)) is not None
        and not {"date", "time"} & heard.answer.values.keys()
    )


_NO_WAIT = {
    "en": re.compile(r"^(oh )?(no|nope|sorry|no sorry)( wait| sorry| actually| i mean| i meant)+\b"),
    "ko": re.compile(r"^(아 )?(아니|아뇨|아니요|아니다)( 잠깐| 잠깐만| 잠깐만요| 아니)+ "),
}
"""A no that opens a correction ("no wait he said white", "아니 잠깐만 흰색이래요"), not a no to the
request."""


def _corrected_with_no(pending: Frame, heard: Heard) -> dict[str, SlotValue]:
    """The looks (colour, size, product) a no-and-wait corrects in the request pending; ``{}`` for none:
    "no wait he said white" at the phone question dropped the shoes being ordered."""
    opening = _NO_WAIT.get(heard.lang)
    if opening is None or not opening.match(normalize(heard.text)):
        return {}
    return {
        k: v
        for k, v in heard.answer.values.items()
        if k in ("color", "size", "product") and pending.slots.get(k) not in (None, v)
    }


_REQUEST_DETAILS = frozenset({"date", "time", "daypart", "service", "product", "color", "size", "quantity"})
"""What a request is made of: said after a no at its question, they answer it."""


_ANOTHER_TIME = {
    "en": re.compile(r"\b(too early|too late|instead|how about|what about|rather)\b"),
    "ko": re.compile(r"너무 (이르|일러|이른|늦)|말고|대신|(은|는)요\??$|어때요|어떨까요"),
}
"""Words that offer another time for the one chosen ("아 그건 너무 이르다 오후 4시는요?" at the phone question
after the earliest time was picked: 10 AM was booked)."""


_REASON = {
    "en": re.compile(r",\s*(?:(?:because|cause|since|as|they're|theyre|it's|its|that's|thats|too)\b.*)$"),
    "ko": re.compile(r"(?:,\s*|\s+)(?:너무|비싸서|비싸|돈이|좀 비싸)\S*(?:\s\S+)?$"),
}
"""A reason said after an answer ("actually just one, they're pricey", "하나만요 너무 비싸서")."""


def _with_reason(heard: Heard, answers: AnswerReader, pending: Frame) -> bool:
    """Whether ``heard`` is a whole correction followed by its reason, which names no value ("hmm actually
    just one, they're pricey" at the phone question was not understood, and two watches were ordered)."""
    reason = _REASON.get(heard.lang)
    found = reason.search(heard.transcript.text.lower()) if reason is not None else None
    if found is None:
        return False
    before = normalize(heard.transcript.text.lower()[: found.start()])
    said = answers.read(before, heard.lang, str(pending.intent), None, pending.slots)
    beside = answers.read(normalize(found.group()), heard.lang, str(pending.intent), None, pending.slots)
    return said.whole and not beside.values


_SUGGEST = {
    "en": re.compile(r"\b(?:recommend|suggest|what should i (?:get|buy))\b"),
    "ko": re.compile(r"추천"),
}
"""Words that ask for suggestions ("러닝화 추천해줘" at the offer of them: read as a price question)."""


def _another_time(heard: Heard, values: Mapping[str, SlotValue]) -> bool:
    """Whether ``heard`` offers another day or time for the booking in words around it."""
    pattern = _ANOTHER_TIME.get(heard.lang)
    return bool({"date", "time"} & values.keys()) and pattern is not None and bool(pattern.search(heard.text))


_BEING_MADE = {I.ORDER_PLACE: I.ORDER_CHANGE, I.BOOKING_CREATE: I.BOOKING_CHANGE}
"""A request being made, and the change that, said without a record's number, changes it."""
_DETAILS = ("size", "color", "quantity", "delivery", "date", "time")
_A_BOOKING = {
    "en": re.compile(r"\b(my|the|our) (booking|appointment|reservation)\b"),
    "ko": re.compile(r"예약"),
}
"""A booking named as if on record while one is being made ("move my booking to saturday"): the customer
is told that this one is not made yet."""


def _names_a_booking(heard: Heard) -> bool:
    named = _A_BOOKING.get(heard.lang)
    return named is not None and named.search(normalize(heard.text)) is not None


def _changes_this(pending: Frame, heard: Heard) -> dict[str, SlotValue]:
    """The details a change said while an order or booking is being made gives it ("사이즈 이백칠십으로
    바꿔줘", "change the time to 3"): it asked for an order number and the order being made was gone;
    ``{}`` when the change names a record, another product, or nothing to change."""
    change, match = _BEING_MADE.get(str(pending.intent)), heard.match
    if change is None or match.intent != change or RECORDS & match.slots.keys():
        return {}
    if match.slots.get("product") not in (None, pending.slots.get("product")):
        return {}
    if part_said(heard) is not None:  # "change one of them to white" for two black shirts: shared out
        return {}
    details = (*_DETAILS, "address") if pending.intent == I.ORDER_PLACE else _DETAILS  # "please send it to …"
    return {k: v for k, v in heard.answer.values.items() if k in details and pending.slots.get(k) != v}


def _moves_another_booking(pending: Frame, heard: Heard) -> bool:
    """Whether ``heard`` moves a booking of another service than the one being made (the one being made was
    moved instead, and a yes stored it)."""
    service, slots = heard.match.slots.get("service"), heard.match.slots
    return (
        pending.intent == I.BOOKING_CREATE
        and heard.match.intent == I.BOOKING_CHANGE
        and service is not None
        and service != pending.slots.get("service")
        and ("date" in slots or "time" in slots)  # "아 배터리 교체로 바꿔 주세요" corrects this one
        and _names_a_booking(heard)
    )


def _names_a_record_at_offer(pending: Frame, heard: Heard) -> bool:
    """Whether an order or booking is named at an offer ("order 4822" at "shall I pass your complaint on?"):
    a question about that record, asked before the offer again, not a detail of the offer (it looped)."""
    return pending.intent not in I.ACTIONS and bool(RECORDS & heard.match.slots.keys())


def _asks_if_needed(heard: Heard) -> bool:
    needed = _NEEDED.get(heard.lang)
    return needed is not None and needed.search(normalize(heard.text)) is not None


_DROPPED_BY = {
    I.ORDER_PLACE: (I.ORDER_CANCEL, "order_id"),
    I.BOOKING_CREATE: (I.BOOKING_CANCEL, "booking_id"),
}
"""A request being made, and the cancel that means it when the customer names no record number."""
_ADDS = {
    "en": re.compile(
        r"\b(also|too|as well|add|plus|another|additionally|in addition|and (a|an|some|one|two|three))\b"
    ),
    "ko": re.compile(r"\S도( |$)|추가|같이|함께|그리고|하나 더"),
}
"""An item said as one more besides the one being ordered ("also add a phone case", "케이스도 같이 살 수
있어요?"), not instead of it."""
_INSTEAD = {
    "en": re.compile(
        r"\b(instead|actually|rather|change|switch|swap|not the|no wait|make it|make that|go with)\b"
    ),
    "ko": re.compile(r"말고|대신|바꿔|바꿀|바꾸|아니|(으)?로 (할게|해|주세)"),
}
"""A new item said in place of the one being ordered ("a phone case instead", "케이스로 바꿔 주세요")."""
_ANOTHER_ORDER = {
    "en": re.compile(
        r"\b(something else|anything else|other (things|stuff|items?|products?)"
        r"|another (thing|item|product|order)|(one )?more things?|something more|a few more|more stuff"
        r"|a second order)\b"
    ),
    "ko": re.compile(r"다른 ?(거|것|걸|상품|물건|제품)|또 다른"),
}
"""Another order announced without its product ("I'd also like to order something else", "다른 것도
주문할게요") while one is being made."""
_AND_THEN = {
    "en": re.compile(r"(?:\S+,? ){0,2}\S+,? (and|also|plus|and also|oh and)\b"),
    "ko": re.compile(r"(?:\S+ ){0,2}\S+ (아 )?(그리고|그리구|그리고요|또|그리고 또)( |$)"),
}
"""A yes (up to three words: "네 맞아요 그리고 …", "yes that's right and …") followed by another request."""
_ASKED_AFTER_OK = QUESTIONS | {I.BOOKING_STATUS, I.ORDER_PAYMENT}
"""Questions that follow an "ok" as an acknowledgement, no yes ("ok and how long will it take" placed the
order): answered, and the confirmation asked again."""
_EITHER_OF = (("time", "daypart"), ("daypart", "time"))
"""Details of which one said replaces the other: a time the part of the day, a part of the day the time."""
_ASKED_FOR = frozenset({I.PRODUCT_RECOMMEND})
"""Offers that write nothing, taken up by asking for them ("recommend something" at "would you like
recommendations based on what you bought before?"): a yes, not a new request with the offer asked again."""
_EITHER_WAY = re.compile(
    r"^((ok|okay|yeah|oh) )?((that's|that is|it's|it is|thats|its) (fine|ok|okay|alright|all right)|fine)$"
)
"""A polite word that says no as often as yes to "shall I cancel it?" ("that's fine": keep it): asked again
(a Korean "괜찮아요" is a no already)."""
_DO_CANCEL = {
    "en": re.compile(
        r"^(?:(?:yes|yeah|ok|okay|sure|please)\s+)*(?:go ahead and\s+)?cancel\s+"
        r"(?:it|that|them|(?:the|my|this) (?:order|booking|appointment))"
        r"(?:\s+(?:please|now))*$"
    ),
    "ko": re.compile(
        r"^(?:(?:네|예|응|그냥|그럼)\s+)*(?:주문\s?|예약\s?)?(?:취소|캔슬)\s?"
        r"(?:해\s?주세요|해\s?줘요|해\s?줘|해요|할게요|할래요|부탁해요|부탁드려요|해\s?주시겠어요)$"
    ),
}
"""The cancellation asked for at its own confirmation ("cancel it", "취소해 주세요"): a yes, not "never
mind" (a stranger's "cancel it" kept the order)."""
_TAKES_BACK = {
    "en": re.compile(
        r"\b(never ?mind|nvm|forget|changed? my mind|scratch|stop|leave it|skip|undo|don'?t|do not|keep)\b"
    ),
    "ko": re.compile(r"됐어|그만|없던|안 해|안 할|하지 마|마음이 바뀌|두세요|놔두|냅두"),
}
"""Words after an "ok" that take back, not confirm ("ok never mind", "ok forget it" at "shall I cancel it?"):
the request dropped (the opening "ok" made them a yes: a stranger's order was cancelled)."""
_BARE_CANCEL = frozenset({"cancel", "취소"})
"""One word at a cancellation's confirmation that may mean either: asked again."""
_CHANGED_INSTEAD = {I.BOOKING_CANCEL: I.BOOKING_CHANGE, I.ORDER_CANCEL: I.ORDER_CHANGE}
"""A cancellation refused for a change ("don't cancel, just change the time"): that change, same record."""
_CHANGE = {
    "en": re.compile(r"\b(change|move|reschedul|switch|shift|push|swap|postpon)\w*|\bmake (it|that)\b"),
    "ko": re.compile(r"바꾸|바꿔|바꿀|변경|옮기|옮겨|옮길|미루|미뤄|미룰|연기|당겨|당길|당기"),
}
"""A change asked for in the sentence that refuses a cancellation ("no no keep it, just make it 5")."""
_SAME_NUMBER = {
    "en": re.compile(r"\b(same (number|phone|one)|that number|that's (my|the) number|use (that|the same))\b"),
    "ko": re.compile(r"같은 ?번호|그 ?번호|동일한 ?번호|아까 ?번호"),
}
"""The phone number already given, said again at a confirmation that shows it."""
_PHONE_DIGITS = {
    "en": re.compile(r"\b(phone|last (four|4)( digits)?|(it )?ends in|ending in)\b"),
    "ko": re.compile(r"전화 ?번호|폰 ?번호|핸드폰 ?번호|뒷자리|끝자리|뒤 ?네 ?자리|뒤 ?4 ?자리"),
}
"""Digits said as a phone number's at the question for an order's or booking's number: it is not found that
way (the last digits "0187" became order 187, and a failed identity check was counted against it)."""
_WRONG_NUMBER = {
    "en": re.compile(
        r"\b(wrong (phone )?number|(phone )?number (is|was|'s) wrong|(that's|thats|that is|it's|its) not my "
        r"(phone )?number|(phone )?number is (not right|incorrect))\b"
    ),
    "ko": re.compile(r"(전화 ?번호|번호|끝자리|뒷자리|뒤 ?네 ?자리)(가|는|를|도)? ?(틀렸|틀려|잘못|아니)"),
}
"""The phone number on the request said to be wrong at its confirmation: asked again ("아 전화번호 틀렸어요
끝자리 오사삼일이에요" was taken for a customer record, and before that its last digits for an address)."""
_TAKES_IT = {
    "en": re.compile(
        r"^(?!.*\b(no|not|don't|dont|never)\b)((ok|okay|yes|yeah|yep|sure|alright|great|cool|perfect|"
        r"sounds good|in that case|then|so)\s+)*((let's|lets|let us|i'll|ill|i will|i'd like to|can we|"
        r"could we|can you|please)\s+)?(do|go with|take|get|have|use|choose|pick|want|add)\s+"
        r"(that|it|this|that one|this one)(\s+(then|please|instead|one))*$"
        r"|^(ok |okay |yes |yeah )?(that one|that one please|that then|that please)$"
    ),
    "ko": re.compile(
        r"^(?!.*(말고|안 |않))((네|예|응|그럼|좋아요|좋아|오케이)\s*)*(그걸로|그거로|그것으로|그렇게|그거)\s*"
        r"(해|할|하|주세요|줘|요|부탁|갈게|가요|바꿔|변경)"
    ),
}
"""Taking up what was just asked about ("ok let's do that then", "그걸로 해 주세요") after a question while
another waited: an order confirmed with standard delivery after "how much is express?" … "ok do that"."""
PHONE_DIGITS = 7
"""Digits of the shortest phone number said with a record's number."""
_SURE = 0.8
"""How sure a guess at goodbye must be to end a conversation while a question waits for its answer."""


_NAMED_BY = {I.ORDER_PLACE: "product", I.BOOKING_CREATE: "service"}
"""What tells apart the orders or bookings said in one breath, made one after the other."""


def _item(heard: Heard) -> dict[str, SlotValue]:
    """The product and the colour, size and quantity said for it."""
    return {k: v for k, v in heard.answer.values.items() if k in ("product", "color", "size", "quantity")}


_NO_SUCH_SIZE = re.compile(
    r"^(?:in |a )?(?:size |in size |사이즈 )?(?:x{2,}l|[2-6] ?xl|x{1,3}s|extra extra large|extra small|"
    r"2[0-3][0-9]|29[0-9]|3[0-2][0-9]|44|55|66|77|88|9[05]|1[01][05])(?: ?size| ?사이즈| ?호)?"
    r"(?: please|요|이요|으로|로|으로요|로요)?$"
    r"|^(?:in )?(?:size )(?:\d{1,2}(?:\.5)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?: please)?$"
)
"""A size said at the size question that no product here comes in ("XXL", "size nine", "230")."""
_AS_MANY = {
    "en": re.compile(
        r"\b(max|maximum|as many as (you have|you've got|there are|possible|you can)|all (of them|you have)|"
        r"whatever you have)\b"
    ),
    "ko": re.compile(r"최대|있는 ?(만큼|대로|거 ?다)|전부 ?다|남은 ?거 ?다"),
}
"""All that is in stock, asked at the quantity question ("fine, whatever the max is then")."""
_ONE_MORE = {
    "en": re.compile(r"\b(too|as well|also|another|add|plus)\b"),
    "ko": re.compile(r"추가|하나 더|한 개 더|도 (하나|한 개|한 벌|한 켤레|주세요|살게요|같이)"),
}
"""Words that add one more of the product being ordered in another look, not a question about it."""


def _adds_another_look(pending: Frame, heard: Heard) -> bool:
    """Whether ``heard`` adds the product being ordered in another colour or size ("oh and a white pair as
    well", "a black one too same size", "흰색도 하나 주세요") while its questions are asked: the first
    order's look was replaced by the second's."""
    values, more = heard.answer.values, _ONE_MORE.get(heard.lang)
    text = normalize(heard.transcript.text)
    looks = {k: v for k, v in values.items() if k in LOOKS}
    return (
        pending.intent == I.ORDER_PLACE
        and "product" in pending.slots
        and values.get("product", pending.slots["product"]) == pending.slots["product"]
        and any(pending.slots.get(k) not in (None, v) for k, v in looks.items())
        and more is not None
        and more.search(text) is not None
        and not is_question(heard.match, heard.lang)
        and (_INSTEAD[heard.lang].search(text) is None if heard.lang in _INSTEAD else True)
    )


_A_MOMENT = {
    "en": re.compile(
        r"\b(?:(?:one|a|two|few|couple(?: of)?|\d+) "
        r"(?:sec|secs|second|seconds|min|mins|minute|minutes|moment)"
        r"|let me (?:grab|get|find|check|see|ask|call|look for|dig out))\b"
    ),
    "ko": re.compile(r"(?:일|이|삼|오|십|한|두|세|\d+) ?(?:분|초)(?:만|만요| 만)"),
}
"""A moment asked for, with a number that counts no item ("one sec", "give me two minutes", "일 분만요"; a
bare "잠깐만" opens a correction: "잠깐만 흰색으로 해 주세요")."""
_ABOUT_A_RECORD = frozenset({I.ORDER_STATUS, I.ORDER_PAYMENT, I.ORDER_RECEIPT, I.BOOKING_STATUS})
"""Questions about an order or booking on record, which ask for its number first."""


def _guessed_record_question(pending: Frame, match: IntentMatch) -> bool:
    """Whether ``match`` only guesses a question about a record on file, with no record named, while an
    order or booking waits for an answer: asked again rather than put aside for that record's number (a
    change guessed while an order is made is about that order: "can i pick it up in store instead" asked
    for an order number, again and again)."""
    changed = match.intent == I.ORDER_CHANGE and pending.intent == I.ORDER_PLACE
    return (
        pending.intent in I.ACTIONS
        and (match.intent in _ABOUT_A_RECORD or changed)
        and match.matcher != "template"
        and match.score < _SURE
        and not RECORDS & match.slots.keys()
    )


def _the_order_waiting(session: Session, match: IntentMatch) -> Frame | None:
    """The order put aside that ``match`` asks for again ("네 주문할게요", "i'll order them" with nothing
    new), or ``None``."""
    if match.intent != I.ORDER_PLACE:
        return None
    for frame in reversed(session.suspended):
        if frame.intent == I.ORDER_PLACE and all(
            frame.slots.get(name) == value for name, value in match.slots.items()
        ):
            return frame
    return None


_CHANGE_WORDS = {
    "en": re.compile(
        r"\b(instead|actually|rather|change|switch|swap|make it|make that|go with|how about|what about|no|not"
        r"|only|just|sorry|i mean|i meant|can i (get|have)|i'?ll (take|have|get)"
        r"|i (want|need|would like|'d like)|(can|could) (i|we|you)|do you have|is it|in (a|an)"
        r"|let'?s (do|say|make it))\b"
    ),
    "ko": re.compile(
        r"말고|대신|바꿔|바꿀|바꾸|아니|(으)?로 ?(할게|해|주세|요|부탁|바꿔)"
        r"|(개|벌|켤레|장|시)(요|로|만|이요|에)|받을|받아|되나요|돼요|될까요|가능|있어요|있나요"
        r"|주세요|할게요"
    ),
}
"""Words that say a detail is meant as a change of the request ("actually make it five", "다섯 개로요")."""


_IF_I = {
    "en": re.compile(r"\bif (i|we) (buy|order|get|take|bought|ordered|got|took)\b"),
    "ko": re.compile(r"(사면|주문하면|시키면|구매하면)"),
}
"""A detail said as a supposition ("if I buy two", "두 개 사면"), which changes nothing."""


_SAME_DAY = {
    "en": re.compile(r"\b(?:just|only) (?:change |move )?the time\b|\bsame day\b|\bkeep the (?:day|date)\b"),
    "ko": re.compile(r"시간만|같은 ?날|(?:날짜|날|요일)(?:는|은) 그대로"),
}
"""Words that keep a booking's day while its time moves ("no just the time", "아니요 그냥 시간만 바꿔주세요":
the move was stopped at "which day?")."""


def _same_day_kept(pending: Frame, heard: Heard) -> bool:
    """Whether ``heard`` keeps the day of the booking being moved, asked for its new day."""
    same = _SAME_DAY.get(heard.lang)
    asked = pending.intent == I.BOOKING_CHANGE and pending.expect.slot == "date"
    return asked and same is not None and same.search(normalize(heard.text)) is not None


def _said_in_passing(heard: Heard, answer: Answer) -> bool:
    """Whether the values ``answer`` read come inside talk of something else, with no word that makes them a
    change ("okay, see you at the restaurant at seven" at "shall I book it for 10 AM?")."""
    words, said = _CHANGE_WORDS.get(heard.lang), heard.transcript.text
    hypothetical = _IF_I.get(heard.lang)
    if hypothetical is not None and hypothetical.search(normalize(said)):
        return True  # "is there a discount if I buy two?": a question, no second pair
    return (
        not answer.whole
        and answer.extra >= 2
        and "phone" not in answer.values  # "use a different number for this one: 202 555 0155"
        and "?" not in said  # "이거 빨간색으로 받을 수 있어요?": about the order
        and words is not None
        and words.search(normalize(said)) is None
    )


_SWAPPED = {
    "en": re.compile(
        r"\b(exchange\w*|swap\w*|switch\w*|change (it|them|the size|the colou?r)|bigger|smaller"
        r"|(another|different|other) (size|colou?r|one|pair))\b"
    ),
    "ko": re.compile(
        r"교환|바꿔|바꾸|바꿀|다른 사이즈|다른 색|큰 ?(걸로|거로|사이즈)|작은 ?(걸로|거로|사이즈)"
    ),
}
"""An exchange asked for while a return is being confirmed ("can i swap them for a 270 instead")."""


def _pays_for_it(pending: Frame, match: IntentMatch) -> bool:
    """Whether ``match`` says how the order being placed will be paid ("카드로 결제할게요", "i'll pay cash"):
    no question about a paid order on record (one was asked for and the order waited)."""
    if pending.intent != I.ORDER_PLACE or RECORDS & match.slots.keys():
        return False
    return match.intent == I.ORDER_PAYMENT or (
        match.intent == I.STORE_FAQ and match.slots.get("topic") == "payment"
    )


def _only_digits(heard: Heard) -> bool:
    """Whether ``heard`` is four or more digits and nothing else ("0123", "공일이삼")."""
    text = normalize(heard.text)
    found = find_digits(text, heard.lang, 4)
    return found is not None and found.start == 0 and found.end == len(text)


def _yes_then_another(pending: Frame, heard: Heard) -> bool:
    """Whether ``heard`` is a yes, then another request ("yes please, and I'll also need two screen
    protectors" at a booking's confirmation): what the request says is no change to the pending one
    (its "two" was 2 PM, its "ten" ten chargers)."""
    said = heard.requests
    return (
        len(said) >= 2
        and said[0].intent == I.YES
        and any(
            r.intent not in (None, pending.intent, *CONTROL)
            and (r.intent not in QUESTIONS or is_question(r, heard.lang))  # "ok do express then": a detail
            for r in said[1:]
        )
    )


def _other_alone(pending: Frame, heard: Heard, values: Mapping[str, SlotValue]) -> bool:
    """Whether ``values`` name another product than ``pending``'s, said without a correction word (the
    product that answers "which item?" of a colour asked before is none: "the t-shirt" kept the white)."""
    instead, before = _INSTEAD.get(heard.lang), pending.slots.get("product")
    other = before is not None and values.get("product", before) != before
    return other and instead is not None and instead.search(normalize(heard.transcript.text)) is None


_LEFT_OUT = {
    "en": re.compile(
        r"\b(remove|take (?:it|that|them|the [a-z -]+) (?:off|out)|leave (?:it|that|the [a-z -]+) out|skip|no"
        r"|drop|forget(?: about)? (?:the|that|it)|scratch the|no more|don't need the|dont need the)\b"
    ),
    "ko": re.compile(r"빼|필요 ?없|안 ?살|안 할"),
}
"""Words that leave the product being ordered out ("거치대는 빼주세요" at its confirmation: the same
confirmation came again, and its yes ordered the stand)."""


def leaves_it_out(pending: Frame, heard: Heard) -> bool:
    """Whether ``heard`` leaves out the product of the order (or the service of the booking) being made,
    naming it and nothing else of it ("actually skip the data transfer", "데이터 이전은 빼주세요")."""
    words, key = _LEFT_OUT.get(heard.lang), _NAMED_BY.get(str(pending.intent))
    value = pending.slots.get(key) if key is not None else None
    said = {k: v for k, v in heard.answer.values.items() if k not in ("phone", "delivery")}
    return (
        words is not None
        and key is not None
        and value is not None
        and said == {key: value}
        and words.search(normalize(heard.text)) is not None
    )


_ONLY = {"en": re.compile(r"\b(?:just|only)\b"), "ko": re.compile(r"만(?:\s|$|요)")}


def only_the_next(queued: list[IntentMatch], pending: Frame, heard: Heard) -> bool:
    """Whether ``heard`` keeps only the request said with the one being made, which comes next ("no, just the
    data transfer" at the screen repair's confirmation: a yes then booked the repair)."""
    key, only = _NAMED_BY.get(str(pending.intent)), _ONLY.get(heard.lang)
    if key is None or only is None or only.search(normalize(heard.text)) is None:
        return False
    named = heard.match.slots.get(key) or heard.answer.values.get(key)
    return (
        named is not None
        and named != pending.slots.get(key)
        and any(q.intent == pending.intent and q.slots.get(key) == named for q in queued)
    )


_CANCEL_OF = {I.ORDER_PLACE: I.ORDER_CANCEL, I.BOOKING_CREATE: I.BOOKING_CANCEL}


def cancels_another(pending: Frame, heard: Heard) -> Heard | None:
    """``heard`` as the cancel of another order or booking than the one being made, when it says the
    cancel word and names another product or service ("oh and cancel the screen repair", "아 화면수리는
    취소해주세요" while a data transfer is booked: the data transfer became a screen repair, or was
    dropped); ``None`` otherwise."""
    cancel = _CANCEL_OF.get(str(pending.intent))
    said = normalize(heard.text)
    words = evidence(heard.lang)
    if cancel is None or not words.says(cancel, said) or words.refuses(cancel, said):
        return None
    named = {
        k: v for k, v in {**heard.answer.values, **heard.match.slots}.items() if k in ("product", "service")
    }
    if not named or all(pending.slots.get(k) == v for k, v in named.items()):
        return None
    match = IntentMatch(heard.match.text, cancel, 1.0, named, "context")
    return replace(heard, match=match, requests=())


def _drops(pending: Frame, heard: Heard) -> bool:
    """Whether ``heard`` cancels the order or booking being made ("cancel the order", "예약 취소할게요"
    while its questions are asked) rather than one on record, which would be named by its number or by
    another product ("cancel the charger", ordered just before, while the power bank is asked about)."""
    cancel, number = _DROPPED_BY.get(str(pending.intent), (None, ""))
    named = heard.match.slots.get("product")
    if named is not None and named != pending.slots.get("product"):
        return False
    return cancel is not None and heard.match.intent == cancel and number not in heard.match.slots


_RECORD_WORD = {
    "en": re.compile(r"\b(order|booking|appointment|reservation)\b"),
    "ko": re.compile(r"주문|예약|\d ?번(이|요|입니다|이에요|예요|인데)"),
}
"""Words that name the record a number belongs to ("I meant order 4822"): no digits of a phone."""


def _other_record(pending: Frame, heard: Heard) -> dict[str, SlotValue] | None:
    """Another order or booking named at the question for the digits of one ("sorry, I meant order
    4822", "아 4822번 주문이에요"): that number, which is no wrong answer; ``None`` otherwise."""
    word = _RECORD_WORD.get(heard.lang)
    if word is None or not word.search(normalize(heard.text)):
        return None
    for slot in RECORDS & pending.slots.keys():
        number = heard.answer.values.get(slot)
        if number is not None and number != pending.slots[slot]:
            return {slot: number}
    return None


def _phone_with_record(heard: Heard, slot: str | None) -> dict[str, SlotValue] | None:
    """The record's number and the last four digits of a phone number said with it, at the question for
    the number ("booking 12, phone 555 222 3333", "4822번이고 전화번호는 010 1234 5678이요"); ``None``
    otherwise, and when the two run together ("4822 0123")."""
    number = heard.answer.values.get(slot) if slot in RECORDS else None
    if number is None:
        return None
    phone = find_digits(normalize(heard.text), heard.lang, PHONE_DIGITS)
    if phone is None or str(number) in str(phone.value):
        return None
    return {str(slot): number, SECRET_SLOT: str(phone.value)[-DIGITS:]}


_NO_FIRST = {
    "en": re.compile(r"^(?:(?:oh|um|uh|hmm)\s)*(?:no|nope|nah|wait|no wait|actually)\b"),
    "ko": re.compile(r"^(?:(?:아|어|음)\s)*(?:아니|아뇨|아냐|잠깐)"),
}
"""An answer that opens with a no ("no wait, just change the t-shirts to size S")."""


_MAKING = (I.ORDER_PLACE, I.BOOKING_CREATE)
_WHEN = frozenset({"date", "time"})
_BOTH = {
    "en": re.compile(
        r"\b(do|book|make|take|get|want|need|order|i'?ll (do|take|have)|let'?s do)( them| it)? both\b"
        r"|\bboth (of them|then|please)\b|^both$"
    ),
    "ko": re.compile(r"둘 ?다(요$| (할게요|해 ?주세요|해요|할래요|예약|주문|하고|받을게요))"),
}
"""Words that keep both the first product or service and the one said instead of it."""
_SHARED_BY_BOTH = frozenset({"date", "time", "phone", "daypart", "delivery", "address"})
"""What the customer said for the one said instead holds for the first one too."""


def changes_instead(pending: Frame, heard: Heard) -> bool:
    """Whether ``heard`` refuses the cancellation being confirmed and asks for a change instead ("actually
    don't cancel, just change the time", "취소 말고 시간만 바꿀래요", "no, just move it to 5pm", "no wait,
    just change the t-shirts to size S": taken as the cancellation of the t-shirts, or not at all), or asks
    for that change with a new detail and a word of change or "instead" ("can I make the t-shirts large
    instead", "what if I just change the case colour to silver": offered as taking the case off)."""
    if pending.intent not in I.CANCELLING or pending.expect.kind != "confirm":
        return False
    text, change, no = normalize(heard.text), _CHANGE.get(heard.lang), _NO_FIRST.get(heard.lang)
    words = evidence(heard.lang)
    refused = words.refuses(pending.intent, text) is not None
    if not refused and words.says(str(pending.intent), text):
        return False  # "no, cancel the friday one instead"
    refused = refused or (no is not None and no.search(text) is not None)
    minded = _MIND.sub(" ", text)  # "i changed my mind" changes nothing
    changing = change is not None and change.search(minded) is not None
    kept = _KEEP_IT.get(heard.lang)
    if not changing and kept is not None and kept.search(text):
        return False  # "no, i changed my mind, keep it for tomorrow"
    match, answer = heard.match, heard.answer
    details = bool(_CHANGED_DETAILS & answer.values.keys())  # "… could we do friday instead?"
    asked = (
        match.intent == _CHANGED_INSTEAD[str(pending.intent)]
        and (match.matcher == "template" or match.score >= _SURE)
        and bool(_CHANGED_DETAILS & match.slots.keys())
    ) or (answer.whole and details)  # "can we do friday at 3 instead"
    instead = _INSTEAD.get(heard.lang)
    named = (  # "티셔츠만 바꿔주세요", "actually just change the shirts": what to change asked next
        changing
        and match.intent == _CHANGED_INSTEAD[str(pending.intent)]
        and (match.matcher == "template" or match.score >= _SURE)
    )
    said_instead = instead is not None and instead.search(text) is not None
    unread = match.intent is None and details and (changing or said_instead)  # "move it to saturday instead"
    return (
        (refused and (changing or asked or details))
        or named
        or (asked and (changing or said_instead))
        or unread
    )


_CHANGED_DETAILS = frozenset({"size", "color", "quantity", "address", "date", "time", "delivery"})
"""Details a change of an order or a booking names."""
_MIND = re.compile(r"\bchang(?:e|ed|ing) (?:my|of) (?:mind|heart)\b|마음이? ?바뀌\w*|마음 ?바꿨\w*")
_KEEP_IT = {"en": re.compile(r"\b(keep|leave|stay)"), "ko": re.compile(r"남겨|그대로|유지|놔두|냅두")}
"""Words that keep the record as it is: the details said with them are its own, no change."""


@dataclass(frozen=True)
class PendingQuestion:
    """Reads a turn against the pending request, and carries the request on."""

    registry: SkillRegistry
    nlu: Nlu
    answers: AnswerReader
    replies: CoreReplies
    runner: SkillRunner
    flow: RequestFlow
    checks: UtteranceChecks
    action_confidence: float

    def as_answer(self, session: Session, pending: Frame, heard: Heard) -> Reply | None:
        """This turn as an answer to the pending question; ``None`` when it is about something else."""
        if heard.question is not None:  # "make it three, and do you do express delivery?"
            return self._asked_with(session, pending, heard)
        answered = self._answered_instead(session, pending, heard)
        if answered is not None:
            return answered
        both = self._both(session, pending, heard)
        if both is not None:
            return both
        heard = rewritten(pending, heard)
        if only_the_next(session.queued, pending, heard):  # "no, just the data transfer": not this one, the
            session.pending = None  # next one said with it (kept for it, and a yes booked this one)
            given = {k: v for k, v in pending.slots.items() if k == "phone"}  # its phone, said for both
            session.queued[:] = [
                replace(q, slots={**given, **q.slots}) if q.intent == pending.intent else q
                for q in session.queued
            ]
            return self.flow.finish(session, self.replies.say(session, "stopped_that"))
        if pending.intent == I.BOOKING_CREATE:  # "the setup, can you move it to 4" at the repair's question
            waiting = self._for_the_next(session, pending, heard)
            if waiting is not None:
                return waiting
        asked_day = pending.intent == I.BOOKING_CREATE and pending.expect.slot == "date"
        day = self._day_just_booked(session) if asked_day else None
        if day is not None and SAME_DAY.search(heard.text):
            # "같은 날 오후 두시요" at the second booking's day question: the first one's day, at 2 PM
            return self._answered(session, pending, {**heard.answer.values, "date": day})
        intent, answer, expect = heard.match.intent, heard.answer, pending.expect
        if _moves_another_booking(pending, heard):
            return None  # "화면 수리 예약 수요일로 옮길 수 있어요?" while a battery one is booked: that one
        moment = _A_MOMENT.get(heard.lang)
        if moment is not None and moment.search(normalize(heard.transcript.text)):
            # "okay one sec", "sure, give me two minutes", "네 잠깐 일 분만요": no yes, and no 1 or 2 of it
            return join(self.replies.say(session, "take_your_time"), self.flow.reask(session, pending, ""))
        if leaves_it_out(pending, heard):  # "거치대는 빼주세요": not this one; the next one said with it
            session.pending = None
            return self.flow.finish(session, self.replies.say(session, "stopped_that"))
        left_out = self._next_left_out(session, pending, heard)
        if left_out is not None:
            return left_out
        if _asks_what_is_free(pending, heard):  # "what times do you have?" at "what time tomorrow?"
            return self.flow.reask(session, pending, "")
        if _same_day_kept(pending, heard):  # "아니요 그냥 시간만 바꿔주세요" at "which day?": its day
            time = {k: v for k, v in answer.values.items() if k == "time"}
            return self._answered(session, pending, {KEEP_DAY: "yes", **time})
        if expect.kind == "confirm" and RECORDS & pending.slots.keys() and _only_digits(heard):
            return self.flow.reask(session, pending, "already_shown")  # "0123" again at "cancel order 4822?"
        swapped = _SWAPPED.get(heard.lang)
        if pending.intent == I.ORDER_RETURN and swapped is not None and swapped.search(normalize(heard.text)):
            # "사이즈 바꿔주세요 270으로" at "shall I start a return?": an exchange, never that return (the
            # same question came again, and its yes registered a refund)
            session.pending = None
            terms = self.runner.run(session, I.STORE_FAQ, {"topic": "exchange"})
            return self.flow.finish(session, join(self.replies.say(session, "no_return"), terms))
        by_phone = _PHONE_DIGITS.get(heard.lang)
        if (
            expect.slot in RECORDS
            and by_phone is not None
            and by_phone.search(normalize(heard.text))
            and _phone_with_record(heard, expect.slot) is None  # "order 4822, my phone is 213-555-0123"
        ):
            return self.flow.reask(
                session, pending, "not_by_phone"
            )  # "전화번호 뒷자리 공일팔칠이요": no order 187
        takes_it = _TAKES_IT.get(heard.lang)
        if pending.offered and takes_it is not None and takes_it.search(normalize(heard.text)):
            return self._answered(session, pending, pending.offered)  # "ok let's do that": express, asked
        chosen = picked(pending, heard, self.nlu)
        if chosen is not None:  # "the first one" at "free times include 11 AM, 12 PM and 1 PM"
            return (
                self._answered(session, pending, chosen)
                if chosen
                else self.flow.reask(session, pending, "say_again")
            )
        if (
            expect.slot == "size"
            and not answer.values.keys() - {"quantity"}
            and _NO_SUCH_SIZE.match(heard.text)
        ):
            # "XXL" at "which size? we have S, M, L and XL": not carried (it was "didn't get that")
            return join(self.replies.say(session, "no_such_size"), self.flow.reask(session, pending, ""))
        most = _AS_MANY.get(heard.lang)
        if expect.slot == "quantity" and most is not None and most.search(normalize(heard.transcript.text)):
            product = self.runner.store.product(str(pending.slots.get("product", "")))
            if product is not None and product.stock > 0:  # "whatever the max is" after "we only have 50"
                return self._answered(session, pending, {"quantity": product.stock})
        if pending.intent != I.AGENT_HANDOFF and declines_staff(heard):  # nobody offered: the question again
            given = {k: v for k, v in answer.values.items() if k == expect.slot}  # "…, booking 1": answered
            again = (
                self._answered(session, pending, given) if given else self.flow.reask(session, pending, "")
            )
            return join(self.replies.say(session, "no_staff"), again)
        if compares_looks(pending, heard, self.nlu) and "product" in pending.slots:
            # "what's the difference between black and silver": answered (two watches were shared out)
            info = self.runner.run(session, I.PRODUCT_INFO, {"product": pending.slots["product"]})
            session.pending = None
            return join(info, self._reask_marked(session, pending))
        if self._adds_item(pending, heard):
            return self._added(session, pending, heard)
        if _adds_another_look(pending, heard):  # "oh and a white pair as well": one more, its own order
            item = {**_item(heard), "product": pending.slots["product"]}
            if "size" in pending.slots and "size" not in item:
                item["size"] = pending.slots["size"]  # "a black one too, same size"
            return self._added(session, pending, heard, item)
        if self._more_to_come(pending, heard):  # "i'd also like to order something else": which, then
            session.pending = replace(pending, more=True)
            return replace(
                self.replies.say(session, "what_else"), expect=pending.expect, intent=pending.intent
            )
        mine = _changes_this(pending, heard)
        if mine:  # "아 사이즈 이백칠십으로 바꿔줘" while the shoes are ordered: this order, not one on record
            changed = self._answered(session, pending, mine)
            if pending.intent == I.BOOKING_CREATE and _names_a_booking(heard):  # "move my booking to sat…"
                return join(self.replies.say(session, "changed_unmade_booking"), changed)
            return changed
        shared = shares(pending, heard, self.nlu)
        if shared:  # "one white and one black" for two t-shirts: two orders, one after the other
            first, *rest = shared
            session.queued[:0] = [IntentMatch(heard.match.text, I.ORDER_PLACE, 1.0, r, "split") for r in rest]
            done = self.runner.run(session, pending.intent, {**pending.slots, **first})
            return join(self.replies.say(session, "shared_out"), done) if rest else done
        waiting = self._for_the_next(session, pending, heard)
        if waiting is not None:  # "the case in pink" while the hoodie's questions are asked
            return waiting
        if heard.match.matcher == "template" and intent in CONTROL:
            # "네" is yes, not the number four; "no" is no, except to a question that may be declined
            # ("what phone number? … or say 'no phone'"): the confirmation that follows still asks
            answer = Answer(decline=intent == I.NO and answer.decline, wait=answer.wait)
        elif intent in CONTROL and heard.match.score < self.action_confidence:
            intent = None  # a guess at "cancel" ("hold on") does not drop the request
        if expect.slot in DECLINABLE and _asks_if_needed(heard):  # "do I have to give my phone number?"
            return join(self.replies.say(session, "phone_optional"), self.flow.reask(session, pending, ""))
        if expect.secret and expect.kind == "slot" and expect.slot:
            other = _other_record(pending, heard)
            if other is not None:  # "sorry, I meant order 4822": that order's digits are asked instead
                return self._answered(session, pending, other)
            if heard.digits is not None:
                # "01011112222 그리고 빠른배송으로 해주세요": the delivery said with it too (it was lost)
                beside = {k: v for k, v in answer.values.items() if k == "delivery"}
                return self._answered(session, pending, {**beside, expect.slot: heard.digits})
            corrections = {k: v for k, v in answer.values.items() if k != expect.slot}
            if (
                corrections
                and (
                    answer.whole
                    or answer.decline
                    or "address" in corrections  # "배송지는 …10이요"
                    or _another_time(heard, corrections)  # "아 그건 너무 이르다 오후 4시는요?"
                    or _with_reason(heard, self.answers, pending)  # "actually just one, they're pricey"
                )
                and not self.checks.asks_about_another(heard, pending)
            ):
                # "express delivery please", "아니 한 장이요", "아 아니다 두 시로 해주세요": a correction,
                # whatever "아니" might decline (the question is asked again)
                return self._answered(session, pending, corrections, heard)
            if answer.decline:
                return self._answered(session, pending, {expect.slot: NONE})
            if answer.dont_know:
                return self._dont_know(session, pending)
        if _drops(pending, heard):
            intent = I.CANCEL  # "cancel the order" while the order is being made: not an order on record
        if answer.wait:  # "hold on" is never "cancel", whatever the classifier guesses
            return join(self.replies.say(session, "take_your_time"), self.flow.reask(session, pending, ""))
        if self._same_number(pending, heard):  # "same number" at a confirmation that shows the phone
            return self.flow.reask(session, pending, "")
        wrong = _WRONG_NUMBER.get(heard.lang)
        if (
            expect.kind == "confirm"
            and "phone" in pending.slots
            and "phone" not in answer.values  # "아 번호 잘못 말했어요. 010-1234-5679예요": that number
            and wrong
            and wrong.search(normalize(heard.text))
        ):
            slots = {k: v for k, v in pending.slots.items() if k != "phone"}  # the phone question again
            return self.flow.finish(session, self.runner.run(session, pending.intent, slots))
        if changes_instead(pending, heard):
            return self._changed(session, pending, heard)  # "don't cancel, just change the time"
        if (
            intent == I.CANCEL
            and expect.kind == "confirm"
            and pending.intent in I.CANCELLING
            and heard.match.matcher != "template"
            and self.answers.opening(heard.text, heard.lang) == "yes"
            and not _TAKES_BACK[heard.lang].search(normalize(heard.text))
        ):
            intent = None  # "네 취소해 주세요" at "shall I cancel it?" is a yes; "ok never mind" is no yes
        cancelling = pending.intent in I.CANCELLING
        if expect.kind == "confirm" and cancelling and intent in (I.CANCEL, pending.intent):
            said = normalize(heard.text)
            if _DO_CANCEL[heard.lang].search(said):  # "cancel it", "취소해 주세요" at "shall I cancel it?"
                intent = I.YES
            elif said in _BARE_CANCEL:  # "cancel" alone: cancel the order, or stop asking?
                return self.flow.reask(session, pending, "yes_or_no")
        if intent == I.CANCEL:
            return self._stopped(session, heard)
        acting = expect.kind == "confirm" and pending.intent in I.ACTIONS
        if acting and evidence(heard.lang).refuses(str(pending.intent), normalize(heard.text)):
            intent = I.NO  # "너무 비싸네요 안 살래요", "that's a lot of money, I think I'll pass": no order
        if expect.kind == "confirm":
            return self._confirmation(session, pending, heard, intent, answer)
        making = pending.intent in (I.ORDER_PLACE, I.BOOKING_CREATE) and not answer.values
        if making and evidence(heard.lang).refuses(str(pending.intent), normalize(heard.text)):
            return self._stopped(session, heard)  # "짜증나서 안해요", "nah i'll come back another time"
        if answer.decline:
            return self._answered(session, pending, {str(expect.slot): NONE})
        with_phone = _phone_with_record(heard, expect.slot)
        if with_phone is not None:  # "booking 12, my phone is 555 222 3333": both answers at once
            return self._answered(session, pending, with_phone)
        if answer.values and self.checks.answers_it(heard, pending):
            return self._answered(session, pending, answer.values, heard)
        if answer.dont_know:
            return self._dont_know(session, pending)
        if expect.slot and self.answers.turns_down(heard.text, heard.lang, str(pending.intent), expect.slot):
            return self.flow.reask(session, pending, "")  # "not black" at the colour question: which, then
        corrected = _corrected_with_no(pending, heard)
        if intent == I.NO and corrected:  # "no wait he said white" at the phone question: white
            return self._answered(session, pending, corrected, heard)
        if intent in (I.THANKS, I.GREET) and expect.kind == "slot" and expect.slot in answer.values:
            # "you're very helpful, thanks. friday", "how's your day going? 11am": the day, the time (lost)
            return self._answered(session, pending, answer.values, heard)
        if intent == I.NO and expect.kind == "slot" and _REQUEST_DETAILS & answer.values.keys():
            # "아니 몇번을 말해 목요일 오후요", "아니 그게 아니고 배터리 교체요" at the day question: the
            # answer said after an annoyed no (the booking was dropped)
            return self._answered(session, pending, answer.values, heard)
        if intent == I.NO:
            return self._stopped(session, heard)
        if intent is None or intent == I.YES:
            return self.flow.reask(session, pending, "say_again")
        return None

    def _asked_with(self, session: Session, pending: Frame, heard: Heard) -> Reply:
        """The customer's question answered, then the rest of the sentence taken as the answer to the
        pending one (the question's own details are no answer: "do you do express?" ordered express)."""
        asked = heard.question
        assert asked is not None
        rest = replace(heard, question=None, transcript=replace(heard.transcript, text=heard.text))
        session.pending = None
        told = self.runner.run(session, str(asked.intent), self._about_this(session, pending, asked))
        session.pending = pending
        answered = self.as_answer(session, pending, rest) or self.flow.reask(session, pending, "")
        values = self.answers.read(asked.text, heard.lang, str(pending.intent), None, pending.slots).values
        offered = self._offered(pending, asked.intent, values)
        if offered and session.pending is not None:  # "… and how much is express?" then "ok do that"
            session.pending = replace(session.pending, offered=offered)
        return join(told, answered)

    def _about_this(self, session: Session, pending: Frame, asked: IntentMatch) -> dict[str, SlotValue]:
        """The slots of question ``asked`` with the product or service of the pending request where it
        names none ("how much is it?" about the product being ordered)."""
        slots = dict(asked.slots)
        if slots.get(NOT_SOLD) is not None or slots.get(UNLISTED) is not None:
            return (
                slots  # "do you sell umbrellas?" while a t-shirt is ordered: umbrellas (the shirt was told)
            )
        for name, value in pending.slots.items():
            if name in ("product", "service") and name in self.nlu.slot_names(
                session.lang, str(asked.intent)
            ):
                slots.setdefault(name, value)
        return slots

    def _stopped(self, session: Session, heard: Heard) -> Reply:
        """The pending request dropped ("never mind", "actually I won't buy it"). A request put aside for it
        is dropped too when the words refuse it ("I won't buy it" while the order waits behind a question
        about the customer record: a yes on the next turn brought the order back), else asked again now."""
        dropped, session.pending = session.pending, None
        said, refuses = normalize(heard.text), evidence(heard.lang).refuses
        session.suspended = [frame for frame in session.suspended if not refuses(frame.intent, said)]
        if not session.suspended:
            made = dropped is not None and dropped.intent in _MAKING
            session.stopped = dropped if made else None
            return self.replies.say(session, "cancelled")
        stopped = self.replies.say(session, "stopped_that")
        return join(stopped, self.flow.reask(session, session.suspended.pop(), ""))

    def interrupt(self, session: Session, pending: Frame, heard: Heard) -> Reply:
        """Another request while one is pending: an action replaces it; anything else is answered and the
        pending question asked again (or, when it asks something itself, the pending one waits)."""
        match = heard.match
        intent = match.intent
        if intent == I.LANGUAGE and match.slots.get("language") in self.nlu.languages:  # "영어로 해 주세요"
            session.lang = str(match.slots["language"])
            return join(self.replies.say(session, "language_now"), self.flow.reask(session, pending, ""))
        if _pays_for_it(pending, match):  # "카드로 결제할게요" at a confirmation: how to pay, then it
            session.pending = None
            reply = self.runner.run(session, I.STORE_FAQ, {"topic": "payment"})
            return join(reply, self._reask_marked(session, pending))
        if (
            pending.expect.kind == "confirm"
            and match.matcher != "template"
            and intent in QUESTIONS
            and not is_question(match, heard.lang)
            and not heard.answer.values
        ):  # "사이즈가 안맞아서요" at "shall I start a return?": a reason, no question to answer instead
            return self.flow.reask(session, pending, "yes_or_no")
        if _guessed_record_question(pending, match):  # "필름 붙여주는 것도 해줘요?" at a confirmation was
            return self.flow.reask(session, pending, "say_again")  # order.status asked its number: 2 orders
        another = self.checks.asks_about_another(heard, pending)  # "백팩은요?" while earbuds are ordered
        another = another or _names_a_record_at_offer(pending, heard)
        asked = (match.matcher == "template" and intent in QUESTIONS) or another  # "그럼 4823 주문은요?"
        if intent is None or (heard.answer.whole and not another) or (self.checks.bare(heard) and not asked):
            return self.flow.reask(session, pending, "say_again")
        if intent in NEEDS_CERTAINTY:
            if not self.checks.certain(heard):
                return self.flow.reask(session, pending, "say_again")
            waiting = _the_order_waiting(session, match)
            if waiting is not None:  # "네 주문할게요" while the order of the films waits: that order, asked
                session.pending = None  # again (a second order of one film was placed, then the first)
                session.suspended.remove(waiting)
                return self.flow.reask(session, waiting, "")
            session.pending = None
            instead = pending.intent in I.CANCELLING and intent in _CHANGED_INSTEAD.values()
            aside = intent in (*I.CANCELLING, *_CHANGED_INSTEAD.values()) and pending.intent in I.ACTIONS
            if aside and not instead:
                # "cancel the charger" mid-order: then back to the order; a change asked at a cancellation's
                # confirmation replaces it (the cancellation was asked again after the change was made)
                session.suspended.append(pending)
            return self.flow.new_request(session, heard)
        if (
            intent == I.GOODBYE
            and match.matcher != "template"
            and (heard.answer.values or match.score < _SURE)
        ):
            return self.flow.reask(session, pending, "say_again")  # "둘 다 하나씩이요" is no goodbye
        if intent == I.GOODBYE and pending.intent in I.ACTIONS and pending.expect.kind == "confirm":
            warning = self.replies.say(session, "before_you_go")
            warned = session.last_reply is not None and session.last_reply.text.startswith(warning.text)
            if not warned:  # "thats all thanks" at "Shall I place the order?": it is not placed; a second
                return join(warning, self.flow.reask(session, pending, ""))  # goodbye ends the visit
        if intent in (I.GREET, I.THANKS):  # small talk in the middle: a word back, then the question
            short = self.replies.say(session, "hello" if intent == I.GREET else "welcome")
            return join(short, self.flow.reask(session, pending, ""))
        if "service" in pending.slots and about_the_service(match):
            intent = I.PRODUCT_INFO  # "how much will that be?" while a repair is booked: its price
        read = read_again(heard, self.checks.answers)
        if read is not None and read.intent == intent:  # "문자 말고 종이 영수증은 안 돼요?": on paper, asked
            match = read  # (a text message was sent at once)
        session.pending = None
        reply = self.runner.run(
            session, intent, self._about_this(session, pending, replace(match, intent=intent))
        )
        if reply.end_session:
            return reply
        if session.pending is not None:  # it asks something itself: the pending request waits
            # unless a guess, or the same request again ("… the counter guy was rude": one complaint)
            if pending.intent != intent and not pending.checking:
                session.suspended.append(pending)
            return reply
        if pending.checking:  # "did you want staff?" answered by another question: the guess was wrong
            return reply
        if pending.intent == I.AGENT_HANDOFF and pending.slots.get("reason") == "not_understood":
            return self.flow.finish(session, reply)  # understood now: that offer lapses
        slot = pending.expect.slot if pending.expect.kind == "slot" else None
        if intent == I.PRODUCT_INFO and slot in _WHEN and slot in heard.answer.values:
            # "세시요 얼마였죠?" at the time question: the price, then 3 PM taken (it was asked again)
            return join(reply, self._answered(session, pending, {slot: heard.answer.values[slot]}))
        # "how much is express?" while the order waits: "ok do that" then takes it
        offered = self._offered(pending, intent, heard.answer.values)
        return join(reply, self._reask_marked(session, pending, offered=offered))

    def _reask_marked(
        self,
        session: Session,
        pending: Frame,
        *,
        offered: dict[str, SlotValue] | None = None,
        helped: bool = False,
    ) -> Reply:
        """``pending``'s question asked again, the frame it leaves pending marked with what was ``offered``
        or that the customer was ``helped`` (the question may be asked by running the request again, which
        makes a new frame)."""
        again = self.flow.reask(session, pending, "")
        frame = session.pending
        if frame is not None and (offered or helped):
            session.pending = replace(frame, offered=offered or frame.offered, helped=helped or frame.helped)
        return again

    @staticmethod
    def _offered(pending: Frame, asked: str | None, values: Mapping[str, SlotValue]) -> dict[str, SlotValue]:
        """The delivery the customer ``asked`` about (``values`` read from the question) while an order
        waited ("how much is express?"), which "ok let's do that" then takes."""
        delivery = values.get("delivery")
        if pending.intent != I.ORDER_PLACE or asked != I.DELIVERY_INFO or delivery is None:
            return {}
        return {"delivery": delivery}

    @staticmethod
    def _adds_item(pending: Frame, heard: Heard) -> bool:
        """Whether ``heard`` asks for another product besides the one being ordered: it was taken as the
        product corrected ("also add a phone case" at the confirmation ordered the case, and the earbuds
        were gone)."""
        product = heard.answer.values.get("product")
        adds, instead = _ADDS.get(heard.lang), _INSTEAD.get(heard.lang)
        text = normalize(heard.transcript.text)  # "and also a phone case": "a phone case" is the request
        return (
            pending.intent == I.ORDER_PLACE
            and product is not None
            and product != pending.slots.get("product")
            and (pending.more or (adds is not None and adds.search(text) is not None))
            and (instead is None or instead.search(text) is None)
        )

    def _and_then(self, pending: Frame, heard: Heard, intent: str | None) -> bool:
        """Whether ``heard`` says yes and then asks for something else ("yes and text me the receipt too",
        "네 그리고 영수증도 문자로 보내주세요"): the order was left unplaced for the receipt's question."""
        then = _AND_THEN.get(heard.lang)
        return (
            intent not in (None, pending.intent, *CONTROL, *_ASKED_AFTER_OK)
            and heard.match.score >= self.action_confidence
            and then is not None
            and then.match(normalize(heard.transcript.text)) is not None
        )

    def _no_but(self, pending: Frame, heard: Heard, intent: str | None) -> bool:
        """Whether ``heard`` declines an offer and asks for something else in the same breath ("no i dont
        want staff just cancel my order", "아니요 그냥 주문 취소해 주세요"): that request comes next."""
        return (
            intent not in (None, pending.intent, *CONTROL, I.AGENT_HANDOFF)
            and heard.match.score >= self.action_confidence
            and (intent not in NEEDS_CERTAINTY or self.checks.certain(heard))
        )

    @staticmethod
    def _more_to_come(pending: Frame, heard: Heard) -> bool:
        """Whether ``heard`` announces another order without naming its product, while one is made."""
        more = _ANOTHER_ORDER.get(heard.lang)
        return (
            pending.intent == I.ORDER_PLACE
            and not {"product", "quantity"} & heard.answer.values.keys()
            and heard.match.intent in (I.ORDER_PLACE, None)
            and more is not None
            and more.search(normalize(heard.transcript.text)) is not None
        )

    @staticmethod
    def _same_number(pending: Frame, heard: Heard) -> bool:
        """Whether the customer says the phone number already on the request is the one to use ("same
        number", "같은 번호로요"): it was read as identifying themselves, and the order was left behind."""
        same = _SAME_NUMBER.get(heard.lang)
        phone = pending.slots.get("phone")
        return (
            pending.expect.kind == "confirm"
            and phone not in (None, NONE)
            and same is not None
            and same.search(normalize(heard.text)) is not None
        )

    def _for_the_next(self, session: Session, pending: Frame, heard: Heard) -> Reply | None:
        """Details of a product or service whose order or booking waits its turn ("a hoodie and a phone
        case" … "the case in pink" at the hoodie's phone question; "the setup, can you move it to 4" at
        the screen repair's confirmation): kept for that one, and the pending question asked again — they
        took the first one's place (the hoodie was gone, the repair booked at 4)."""
        key = _NAMED_BY.get(str(pending.intent))
        named = heard.answer.values.get(key) if key is not None else None
        if key is None or named is None or named == pending.slots.get(key):
            return None
        said = (
            _item(heard)
            if key == "product"
            else {k: v for k, v in heard.answer.values.items() if k in (key, "date", "time")}
        )
        for index, waiting in enumerate(session.queued):
            if waiting.intent == pending.intent and waiting.slots.get(key) == named:
                session.queued[index] = replace(waiting, slots={**waiting.slots, **said})
                if key == "product":
                    return self._next_after(session, pending)
                service = self.runner.store.service(str(named))
                name = service.name(session.lang) if service is not None else str(named)
                kept = self.replies.say(session, "kept_for_next", service=name)
                return join(kept, self.flow.reask(session, pending, ""))
        return None

    def _next_left_out(self, session: Session, pending: Frame, heard: Heard) -> Reply | None:
        """ "drop the screen protector", "필름은 빼주세요" while the phone case said with it is being ordered:
        the protector's order, waiting to come next, is left out (it was taken as one more order, and the
        yes placed it); ``None`` when no waiting order is named with words that leave it out."""
        words = _LEFT_OUT.get(heard.lang)
        named = heard.answer.values.get("product")
        looks = {k: v for k, v in heard.answer.values.items() if k in ("color", "size")}
        share = named in (None, pending.slots.get("product")) and bool(looks)  # "drop the gray one"
        if share and all(pending.slots.get(k) == v for k, v in looks.items()):
            return None  # the one being ordered
        if share:
            named = pending.slots.get("product")
        if pending.intent != I.ORDER_PLACE or words is None or named is None:
            return None
        if (named == pending.slots.get("product") and not share) or not words.search(normalize(heard.text)):
            return None
        for waiting in session.queued:
            fits = all(waiting.slots.get(k) == v for k, v in looks.items()) if share else True
            of = waiting.slots.get("product", named if share else None)  # "회색 하나요": a share
            if waiting.intent == I.ORDER_PLACE and of == named and fits:
                session.queued.remove(waiting)
                product = self.runner.store.product(str(named))
                name = product.name(session.lang) if product is not None else str(named)
                if share and "color" in looks:  # "Okay, no gray hoodie then."
                    name = f"{value_name('color', str(looks['color']), session.lang)} {name}"
                left = self.replies.say(session, "left_out_next", product=name)
                return join(left, self.flow.reask(session, pending, ""))
        return None

    def _added(
        self, session: Session, pending: Frame, heard: Heard, item: dict[str, SlotValue] | None = None
    ) -> Reply:
        """The other product (or ``item``) waits as a request of its own (with the colour, size and quantity
        said for it), and the pending question is asked again."""
        said = item if item is not None else _item(heard)
        session.queued.append(IntentMatch(heard.match.text, I.ORDER_PLACE, 1.0, said, "split"))
        phone = heard.answer.values.get("phone") if pending.expect.slot == "phone" else None
        if phone is not None:  # "my number is 213 555 0154 oh and add a phone case blue": the number kept
            return join(
                self.replies.say(session, "added_next"), self._answered(session, pending, {"phone": phone})
            )
        return self._next_after(session, pending)

    def _next_after(self, session: Session, pending: Frame) -> Reply:
        """ "That one comes next, as its own order", and the pending question again."""
        return join(self.replies.say(session, "added_next"), self.flow.reask(session, pending, ""))

    def _changed(self, session: Session, pending: Frame, heard: Heard) -> Reply:
        """The cancellation is dropped and the same record's change begins, with what was said for it
        (the change's own reading first: "change the t-shirts to size S" names the size)."""
        session.pending = None
        change = _CHANGED_INSTEAD[str(pending.intent)]
        if self.registry.handler(change) is None:
            return self.flow.finish(session, self.replies.say(session, "not_done"))
        record = {k: v for k, v in pending.slots.items() if k in RECORDS}
        said = dict(heard.match.slots) if heard.match.intent == change else {}
        if change == I.BOOKING_CHANGE and "daypart" not in said:  # "can we do saturday afternoon instead"
            spans = self.nlu.slot_spans(normalize(heard.text), heard.lang, change)
            said.update({name: value for name, value, _, _ in spans if name == "daypart"})
        slots = {**said, **heard.answer.values, **record}
        booking = self.runner.store.booking(int(record["booking_id"])) if "booking_id" in record else None
        if booking is not None and not {"date", "time"} & slots.keys():  # "no no keep it, just make it 5"
            now = {"date": booking.start.date().isoformat(), "time": booking.start.strftime("%H:%M")}
            # read as a new booking's words: for a change of booking 1 the 5 is another booking's number
            read = self.answers.read(normalize(heard.text), heard.lang, I.BOOKING_CREATE, None, now)
            hour = read.values.get("time")
            slots.update({} if hour is None else {"time": hour})
        return self.flow.finish(session, self.runner.run(session, change, slots))

    def _answered(
        self, session: Session, pending: Frame, values: Mapping[str, SlotValue], heard: Heard | None = None
    ) -> Reply:
        """The request runs again with the answer (and any corrections) added. Another product said
        alone (``heard``: "phone case" at the hoodie's question) takes nothing said of the first one's
        colour or size; said as a correction ("actually make it a hoodie") it keeps them."""
        slots = dict(pending.slots)
        kind = "service" if pending.intent == I.BOOKING_CREATE else "product"
        if pending.intent in _MAKING and slots.get(kind) not in (None, values.get(kind, slots.get(kind))):
            session.replaced = pending  # "actually a battery replacement instead", then "do both"
        if heard is not None and ALL_OF_THEM.match(normalize(heard.text)):  # "둘 다 엠": the next ones too
            session.queued = [
                replace(q, slots={**values, **q.slots})
                if q.intent == pending.intent and q.slots.get("product") == slots.get("product")
                else q
                for q in session.queued
            ]
        if heard is not None and _other_alone(pending, heard, values):
            slots = {k: v for k, v in slots.items() if k not in LOOKS}  # the hoodie's black is no case's
        if heard is not None and "quantity" in values and says_total(normalize(heard.text), heard.lang):
            slots.pop(ADDED, None)  # "actually three in total" after "add another t-shirt": 3, not 2 + 3
        for said, dropped in _EITHER_OF:  # "오후로 해주세요" at 11 AM's confirmation: which afternoon time
            if said in values and dropped not in values:
                slots.pop(dropped, None)
        return self.flow.finish(session, self.runner.run(session, pending.intent, {**slots, **values}))

    def _day_just_booked(self, session: Session) -> str | None:
        """The day of the booking this conversation made last, if it stands."""
        booking = last_booking(session, self.runner.store)
        standing = booking is not None and booking.status != "cancelled"
        return booking.start.date().isoformat() if booking is not None and standing else None

    def _both(self, session: Session, pending: Frame, heard: Heard) -> Reply | None:
        """ "hmm you know what, do both" after another service or product was said instead of the first: the
        first one is made too, once this one is (with the day, time and phone said for this one)."""
        first, both = session.replaced, _BOTH.get(heard.lang)
        if first is None or first.intent != pending.intent or both is None:
            return None
        if not both.search(normalize(heard.transcript.text)):
            return None
        session.replaced = None
        shared = {k: v for k, v in pending.slots.items() if k in _SHARED_BY_BOTH}
        session.queued.insert(
            0, IntentMatch(heard.text, first.intent, 1.0, {**first.slots, **shared}, "answer")
        )
        return join(self.replies.say(session, "both_then"), self.flow.reask(session, pending, ""))

    def _wanted_by(self, heard: Heard) -> bool:
        """Whether ``heard`` names a day and says neither yes nor no ("can it arrive tomorrow?")."""
        text = normalize(heard.text)
        dates = self.nlu.list_named(heard.lang, "date")
        if dates is None or self.answers.opening(text, heard.lang) is not None:
            return False
        return dates.find(text, self.nlu.env(heard.lang)) is not None

    def _keeps_other(self, pending: Frame, heard: Heard) -> bool:
        """Whether ``heard`` keeps a product or service other than the one ``pending`` undoes (the case is
        to be taken off; "yes i'll keep the shirts")."""
        if pending.intent not in I.UNDOING:
            return False
        undone = pending.slots.get("product") or pending.slots.get("service")
        kept = kept_words(normalize(heard.text), heard.lang)
        if undone is None or not kept:
            return False
        named = self.nlu.find_slots(kept, heard.lang, pending.intent)
        other = named.get("product") or named.get("service")
        return other is not None and other != undone

    def _confirmation(
        self, session: Session, pending: Frame, heard: Heard, intent: str | None, answer: Answer
    ) -> Reply | None:
        changes = {k: v for k, v in answer.values.items() if pending.slots.get(k) != v}
        said = self.answers.opening(heard.text, heard.lang)  # how the answer opens: "yes", "no" or None
        refused_day = answer.values.get("not_date")
        if (
            pending.intent == I.BOOKING_CREATE
            and refused_day is not None
            and refused_day == pending.slots.get("date")
        ):
            # "hmm thursday is actually bad for me" at "…on Thursday at 3, shall I book it?": another day
            slots = {k: v for k, v in pending.slots.items() if k not in ("date", "time", "not_date")}
            session.pending = None
            again = self.runner.run(session, pending.intent, {**slots, "not_date": refused_day})
            return self.flow.finish(session, again)
        if pending.intent == I.ORDER_CANCEL and "product" in changes and "quantity" not in changes:
            # "just cancel one of the shirts" at "cancel order 4822?": one shirt (both were taken off)
            count = self.nlu.find_slots(normalize(heard.text), heard.lang, I.ORDER_PLACE).get("quantity")
            changes.update({} if count is None else {"quantity": count})
        if _yes_then_another(pending, heard):
            changes = {}  # "yes, and can you also book me a screen repair tomorrow at ten": no 10 chargers
        if pending.intent == I.ORDER_PLACE and not changes and self._wanted_by(heard):
            # "i need it by tomorrow", "내일까지 받아야 해요" at the order's confirmation: the deliveries and
            # their days, then the question again (a yes sent it the slow way)
            options = self.runner.run(session, I.DELIVERY_INFO, {})
            return join(options, self.flow.reask(session, pending, ""))
        if said == "yes" and self._keeps_other(pending, heard):
            # "yes i'll keep the shirts", "네 티셔츠는 남겨주세요" when only the case is to be taken off
            confirmed = not pending.checking
            return self.flow.finish(
                session, self.runner.run(session, pending.intent, pending.slots, confirmed=confirmed)
            )
        refuses = evidence(heard.lang).refuses  # "그냥 두세요": said whole (그냥 is a filler)
        refused = refuses(pending.intent, normalize(heard.text)) or refuses(
            pending.intent, normalize(heard.transcript.text)
        )
        named = "product" in changes or "service" in changes  # "케이스만요 티셔츠는 남겨주세요": the case
        if pending.intent in I.UNDOING and keeps_part(normalize(heard.text), heard.lang) and not named:
            session.pending = None  # "네 근데 케이스는 남겨주세요": not all of it; what, then
            return self.flow.finish(session, self.replies.say(session, "keeps_part"))
        kept = pending.intent in I.UNDOING and refused is not None
        if kept:  # "yes keep it please", "아니요 그냥 교환할래요 250으로" at "shall I cancel it?": a no
            changes, intent = {}, I.NO
        offer = pending.intent not in I.ACTIONS  # "shall I pass your complaint on?" has no details to correct
        if changes and offer and said == "no":
            changes = {}  # "no i want my order, its number 4821": a no
        if changes and _names_a_record_at_offer(pending, heard):
            return None  # "order 4822" at "shall I pass your complaint on?": that order, asked after
        suggest = _SUGGEST.get(heard.lang)
        if pending.intent == I.PRODUCT_RECOMMEND and suggest is not None and suggest.search(heard.match.text):
            session.pending = None  # "러닝화 추천해줘" at "shall I recommend something?": that, asked for
            slots = {k: v for k, v in heard.match.slots.items() if k in ("product", "color", "size")}
            asked = IntentMatch(heard.match.text, I.PRODUCT_RECOMMEND, 1.0, slots, "context")
            return self.flow.new_request(session, replace(heard, match=asked, requests=()))
        if offer and intent == I.CUSTOMER_PREFERENCE and heard.match.score >= _SURE:
            session.pending = None  # "i like black" at the offer of recommendations: a taste to remember
            session.suspended.append(pending)  # (asked first), then the offer again
            return self.flow.new_request(session, heard)
        read = read_again(heard, self.checks.answers) if offer and changes and said is None else None
        read = read or next((r for r in heard.requests if r.intent in I.ACTIONS), None) if offer else None
        if read is not None and read.intent in I.ACTIONS:
            heard, intent = replace(heard, match=read), read.intent  # "암튼 폰케이스 핑크 하나요"
        if offer and changes and said is None and intent in I.ACTIONS and self.checks.certain(heard):
            # "anyway id like a phone case pink" at "shall I pass your complaint on?", "a hoodie please …
            # gray" at the offer of recommendations: that request ("please say yes or no" lost it); a
            # complaint is offered again afterwards
            session.pending = None
            session.suspended += [pending] if pending.intent == I.COMPLAINT else []
            return self.flow.new_request(session, heard)
        if set(changes) == {"delivery"} and asks(heard.match.text, heard.lang):
            # "wait whats the price with express", "dont place it yet, whats the price with express" at the
            # order's confirmation: the deliveries, then the question again ("please say yes or no"; once the
            # order was dropped); a question the NLU read as one is answered as such ("ok do that" follows it)
            if heard.match.intent in QUESTIONS:
                return None
            return join(self.runner.run(session, I.DELIVERY_INFO, {}), self.flow.reask(session, pending, ""))
        if changes and _said_in_passing(heard, answer):
            # "yeah I'll call you back in five minutes, I'm at the shop": talk to someone else, no 5 power
            # banks (a yes to the question asked again with 5 ordered them)
            return self.flow.reask(session, pending, "yes_or_no")
        if (
            changes
            and pending.rerun
            and not pending.checking
            and not self.checks.clearly_other(heard, pending)
        ):
            return self._answered(session, pending, changes, heard)  # asked again with it: never a yes
        opening = None if changes or kept else said
        plain = opening == "yes" and self.answers.only_yes(heard.text, heard.lang)
        guessed = heard.match.matcher != "template" and intent in (pending.intent, None)
        then = opening == "yes" and self._and_then(pending, heard, intent)
        if then:
            session.queued.insert(0, heard.match)  # "yes and text me the receipt too": after the yes
            intent = I.YES
        if opening == "yes" and (intent in (pending.intent, None) or plain):
            intent = I.YES  # "네 취소해 주세요" at "shall I cancel it?"; "네네", typed "ㅇㅇ"
        asked_for = intent == pending.intent and intent in _ASKED_FOR and opening is None
        if asked_for:
            intent = I.YES  # "what would you recommend for me" at the offer of recommendations
        elif opening == "no" and heard.match.matcher != "template" and intent != I.CANCEL:
            if offer and self._no_but(pending, heard, intent):
                session.queued.insert(0, heard.match)  # "no i dont want staff just cancel my order": after
            intent = I.NO  # "no, that's fine": never a yes, whatever the classifier guesses
        moment = self.answers.asks_a_moment(normalize(heard.transcript.text), heard.lang)  # "okay hmm"
        if intent == I.YES and not changes and moment:
            # "yes but wait", "네 근데 잠깐만요": no yes yet
            return join(self.replies.say(session, "take_your_time"), self.flow.reask(session, pending, ""))
        if (
            intent == I.YES
            and not (changes or asked_for or then)
            and self.answers.hedged(heard.transcript.text, heard.lang)
        ):
            return self.flow.reask(session, pending, "yes_or_no")  # "yeah no", "yes? what do you mean"
        if (
            intent == I.YES
            and not (changes or asked_for or then)
            and self.answers.with_but(normalize(heard.transcript.text), heard.lang)
        ):
            return self.flow.reask(session, pending, "yes_but")  # "yes if it arrives by monday"
        if intent == I.YES and not changes and find_digits(normalize(heard.text), heard.lang, 4):
            return self.flow.reask(session, pending, "yes_or_no")  # "ok 0187": digits for another question
        if intent == I.YES and pending.intent in I.CANCELLING and _EITHER_WAY.search(normalize(heard.text)):
            return self.flow.reask(session, pending, "yes_or_no")  # "that's fine" at "shall I cancel it?"
        said = normalize(heard.transcript.text)
        if intent == I.YES and not changes and guessed and self.answers.says_more(said, heard.lang):
            return self.flow.reask(session, pending, "yes_or_no")  # "sure, I'll meet you at the car"
        if (
            intent == I.YES
            and not (changes or asked_for or then)
            and pending.intent in I.ACTIONS
            and heard.match.matcher != "template"
            and heard.lang == "en"  # Korean endings vary too much for one word more ("네 그래주세요")
            and self.answers.says_more(said, heard.lang, at_least=1)
        ):
            return self.flow.reask(session, pending, "yes_or_no")  # "ok good to know", "ok interesting"
        if intent == I.YES and not changes:
            confirmed = not pending.checking
            return self.flow.finish(
                session, self.runner.run(session, pending.intent, pending.slots, confirmed=confirmed)
            )
        if intent == I.NO:
            session.pending = None
            if pending.intent in I.ACTIONS:
                session.declined = pending  # "no" then "actually yes": the confirmation again
            key = "no_staff" if pending.intent == I.AGENT_HANDOFF else "not_done"
            key = "not_done_next" if key == "not_done" and session.queued else key  # the next request follows
            exchange = EXCHANGE.get(heard.lang)
            if pending.intent == I.ORDER_RETURN and exchange is not None and exchange.search(heard.text):
                terms = self.runner.run(session, I.STORE_FAQ, {"topic": "exchange"})  # "반품 말고 교환이요"
                return self.flow.finish(session, join(self.replies.say(session, "no_return"), terms))
            return self.flow.finish(session, self.replies.say(session, key))
        restated = not changes and (intent == pending.intent or answer.extra <= 1)
        if answer.values and (answer.whole or restated):
            # the values chosen said again, alone or in the request ("i want two", "두 개 살게요",
            # "그럼 남색으로 주문해 주세요", "두 개 맞나?"): asked again, never taken as a yes
            return self.flow.reask(session, pending, "")
        offered = pending.intent == I.AGENT_HANDOFF and pending.slots.get("reason") == "not_understood"
        if intent is None and offered and not answer.values and heard.digits is None:
            # "tell me a joke" at the offer of staff made after two turns not understood: not understood
            # either, the offer dropped (it was "please say yes or no" and the offer, again and again)
            session.pending = None
            words = self.replies.capabilities(session.lang)
            return self.replies.say(session, "out_of_scope", capabilities=words)
        if intent is None or (answer.whole and intent not in CONTROL):
            return self.flow.reask(session, pending, "yes_or_no")
        return None

    def _answered_instead(self, session: Session, pending: Frame, heard: Heard) -> Reply | None:
        """ "ok medium" at the offer of staff made when the size question was not answered: the answer to
        that question, which comes back (it was a yes: a ticket was opened and the order lost); ``None``
        for anything else."""
        waiting = session.suspended[-1] if session.suspended else None
        if pending.intent != I.AGENT_HANDOFF or waiting is None or waiting.expect.slot is None:
            return None
        slot = waiting.expect.slot
        answer = self.answers.read(
            normalize(heard.text), heard.lang, str(waiting.intent), slot, waiting.slots
        )
        if slot not in answer.values:
            return None
        session.suspended.pop()
        session.pending = waiting
        return self.as_answer(session, waiting, replace(heard, answer=answer))

    def _dont_know(self, session: Session, pending: Frame) -> Reply:
        """The customer cannot answer: help with this question, or offer a member of staff."""
        loaded = self.registry.skill_for(pending.intent)
        key = f"dont_know_{pending.expect.slot}" if pending.expect.slot else ""
        lang = session.lang
        if loaded is not None and key and key in loaded.responses.get(lang, {}) and not pending.helped:
            text = render(loaded.responses[lang][key], {})  # helped once: "I don't know" again offers staff
            return join(Reply(text, lang), self._reask_marked(session, pending, helped=True))
        if self.registry.handler(I.AGENT_HANDOFF):
            session.suspended.append(pending)  # asked again after a no, or answered after all
            offer = self.replies.say(session, "dont_know_offer")
            session.pending = Frame(
                I.AGENT_HANDOFF, {"reason": "customer_stuck"}, Expect("confirm"), offer, rerun=False
            )
            return replace(offer, expect=Expect("confirm"), intent=I.AGENT_HANDOFF)
        return self.flow.reask(session, pending, "say_again")
