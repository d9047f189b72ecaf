"""Short follow-ups read from the answer just given: "and sunday?" after the opening hours asks that
day's, "how long does it take" after a repair's price is about that repair, "그걸로 하나 주세요" after a
product's colours orders it, "great, can I come in on monday" books the service, "파란색 폰 케이스도
하나요" after an order orders that too, "can you email it to me too?" is about the receipt just sent. An
order or booking started this way still asks and confirms."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant import intents as I
from assistant.dialogue.session import Session
from assistant.dialogue.understanding import Heard
from assistant.messages import IntentMatch
from assistant.nlu.engine import Nlu
from assistant.text import normalize

_DELIVERY_WORDS = re.compile(
    r"\b(deliver\w*|shipping|ship\w*|orders?|package|parcel|arriv\w*)\b|배송|택배|주문|도착"
)
"""Words that make "how long does it take" about a delivery, not the service just talked about."""
_TAKES = {
    "en": re.compile(r"\b(i'll take|i will take|(take|buy|get|order) (it|that|them|one|those|a pair))\b"),
    "ko": re.compile(
        r"(그걸로|이걸로|저걸로|그거|이거|저거|그것|이것|하나|한 ?개|한 ?켤레|한 ?벌)\S* ?(\S+ )?"
        r"(주세요|줘요|살게요|살래요|할게요|할래요|주문)"
    ),
}
"""A yes that takes the product just talked about ("그걸로 하나 주세요" after its colours)."""
_VISIT = {
    "en": re.compile(r"\b(come in|come by|stop by|drop by|book|schedule|appointment|reserve)\b"),
    "ko": re.compile(r"예약|방문|갈게요|가도 (돼요|되나요)|가면 (돼요|되나요)"),
}
"""Words that ask to come in for the service just talked about."""
_TOO = {
    "en": re.compile(r"\b(too|also|as well|another|and (a|an|one|two))\b"),
    "ko": re.compile(r"\S도 |\S도$|추가|하나 더"),
}
"""Words that ask for one more thing after an order."""
_FEW_WORDS = 5
"""At most this many words in a follow-up that only names another day ("and what about next monday")."""
_LOOKUPS = frozenset({I.ORDER_STATUS, I.BOOKING_STATUS})
_AND_THAT = {
    "en": re.compile(r"^(and|what about|how about|or|also) (order |booking )?(number )?#?\d+$"),
    "ko": re.compile(r"^(그럼 |그리고 )?\d+ ?번? ?(주문|예약)?(은|는) ?(요|어때요)$"),
}
"""Questions about one order or booking that "and 4823?" / "4823은요?" asks again about another."""
_E_MAIL = re.compile(r"\b(e-?mail\w*|inbox)\b|이메일|메일")
"""A receipt asked for by e-mail."""


def _says(patterns: dict[str, re.Pattern[str]], heard: Heard) -> bool:
    pattern = patterns.get(heard.lang)
    return pattern is not None and pattern.search(normalize(heard.match.text)) is not None


def about_the_service(match: IntentMatch) -> bool:
    """Whether a delivery question ("how long does it take", "how much will that be?") said while a service
    is talked about or booked is about that service: it names no delivery, order or detail."""
    return match.intent == I.DELIVERY_INFO and not match.slots and not _DELIVERY_WORDS.search(match.text)


@dataclass(frozen=True)
class FollowUps:
    """Reads a request with nothing pending against the reply just given."""

    nlu: Nlu

    def read(self, session: Session, heard: Heard) -> Heard:
        """``heard`` as the follow-up it is, or as it was."""
        rules: tuple[Callable[[Session, Heard], Heard | None], ...] = (
            self._another_day,
            self._service_time,
            self._takes_it,
            self._receipt_again,
            self._books_it,
            self._one_more,
            self._another_record,
        )
        for rule in rules:
            heard = rule(session, heard) or heard
        return heard

    @staticmethod
    def _after(session: Session, intent: str) -> bool:
        before = session.last_reply
        return before is not None and before.intent == intent

    def _another_day(self, session: Session, heard: Heard) -> Heard | None:
        """ "And sunday?", "what about tomorrow", "일요일은요?" after the opening hours: that day's hours."""
        match = heard.match
        if match.intent is not None or not self._after(session, I.STORE_HOURS):
            return None
        if len(match.text.split()) > _FEW_WORDS:
            return None
        said = self.nlu.find_slots(match.text, heard.lang, I.STORE_HOURS)
        return heard.read_as(I.STORE_HOURS, said) if "date" in said else None

    def _service_time(self, session: Session, heard: Heard) -> Heard | None:
        """ "How long does it take", "얼마나 걸려요?" after a service's price: its price and time, unless a
        delivery or order is named."""
        match, topic = heard.match, session.topic
        if not self._after(session, I.PRODUCT_INFO) or "service" not in topic or "product" in topic:
            return None
        if not about_the_service(match):
            return None
        return heard.read_as(I.PRODUCT_INFO, {"service": topic["service"]})

    def _takes_it(self, session: Session, heard: Heard) -> Heard | None:
        """A yes with nothing to confirm that takes the product just talked about ("그걸로 하나 주세요",
        "ok i'll take that"): an order of it."""
        if heard.match.intent != I.YES or not self._after(session, I.PRODUCT_INFO):
            return None
        if "product" not in session.topic or not _says(_TAKES, heard):
            return None
        return heard.read_as(I.ORDER_PLACE, self.nlu.find_slots(heard.match.text, heard.lang, I.ORDER_PLACE))

    def _books_it(self, session: Session, heard: Heard) -> Heard | None:
        """ "Great, can I come in on monday", "그럼 월요일에 가도 돼요?" after a service's price: a booking of
        that service."""
        match, topic = heard.match, session.topic
        if not self._after(session, I.PRODUCT_INFO) or "service" not in topic or "product" in topic:
            return None
        if match.intent not in (None, I.BOOKING_CREATE, I.STORE_HOURS) or not _says(_VISIT, heard):
            return None
        if match.slots.get("service") not in (None, topic["service"]):
            return None
        said = self.nlu.find_slots(match.text, heard.lang, I.BOOKING_CREATE)
        return heard.read_as(I.BOOKING_CREATE, {**said, "service": topic["service"]})

    def _one_more(self, session: Session, heard: Heard) -> Heard | None:
        """ "파란색 폰 케이스도 하나요", "and a blue phone case too" just after an order: that too."""
        if (
            heard.match.intent is not None
            or not self._after(session, I.ORDER_PLACE)
            or not _says(_TOO, heard)
        ):
            return None
        said = self.nlu.find_slots(heard.match.text, heard.lang, I.ORDER_PLACE)
        return heard.read_as(I.ORDER_PLACE, said) if "product" in said else None

    def _another_record(self, session: Session, heard: Heard) -> Heard | None:
        """ "And 4823?", "what about 4823" just after an order or booking was looked up: the same question
        about that one (it was "can't help": a number alone asks for nothing)."""
        before, match = session.last_reply, heard.match
        if before is None or before.intent not in _LOOKUPS or len(match.text.split()) > _FEW_WORDS:
            return None
        if not _says(_AND_THAT, heard):
            return None
        said = self.nlu.find_slots(match.text, heard.lang, str(before.intent))
        named = {k: v for k, v in said.items() if k in ("order_id", "booking_id")}
        return heard.read_as(str(before.intent), named) if len(named) == 1 else None

    def _receipt_again(self, session: Session, heard: Heard) -> Heard | None:
        """ "Can you email it to me too?", "이메일로도 보내주실 수 있어요?" just after a receipt was sent:
        about that receipt (which says how receipts go)."""
        if not self._after(session, I.ORDER_RECEIPT) or not _E_MAIL.search(heard.match.text):
            return None
        return heard.read_as(I.ORDER_RECEIPT, {})
