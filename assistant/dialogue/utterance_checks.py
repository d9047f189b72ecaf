"""What an understood utterance amounts to: a bare value, an action clearly asked for, an answer to the
pending question, or plainly another request."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import intents as I
from assistant.dialogue.answers import AnswerReader
from assistant.dialogue.requests import asks_if_free
from assistant.dialogue.session import Frame
from assistant.dialogue.understanding import QUESTIONS, Heard, is_question
from assistant.dialogue.verification import RECORDS
from assistant.nlu.evidence import evidence
from assistant.nlu.language_asked import names_both
from assistant.slots import find_digits
from assistant.text import normalize

CONTROL = frozenset({I.YES, I.NO, I.CANCEL, I.REPEAT})
"""Words about the pending question itself, never a request of their own while one is pending."""
MAIN_ENTITY = {I.ORDER_PLACE: "product", I.BOOKING_CREATE: "service"}
"""The slot that names what a new order or booking is for."""
_ASKS_ADVICE = re.compile(
    r"\b(recommend|suggest|advice|what should|which (one|is better|is nicer)|any ideas|what do you think)\b"
    r"|추천|골라|나을까|나아요|좋을까|뭐가 (좋|나)|어떤 ?(게|거) (좋|나)"
)
"""Words that ask for advice, not a detail of the item ordered ("what would you recommend for my husband")."""

_CHANGE_VERB = {
    "en": re.compile(r"\b(change|chang|switch|swap|modify|update|edit)\w*"),
    "ko": re.compile(r"바꾸|바꿔|바꿀|변경|수정"),
}
"""A change said with its verb is a request, not a bare value: "actually i want to change it to green",
"핑크 말고 파란색으로 바꿀 수 있어요?" after an order."""
_NAMING = frozenset({I.ORDER_STATUS, I.BOOKING_STATUS, I.ORDER_CHANGE, I.BOOKING_CHANGE})
"""Intents about a record, which its word and number said with values are a request for."""
_RECORD_NAMED = re.compile(r"\b(order|booking|appointment) (number )?(is )?#?\d+\b|\d+ ?번 ?(주문|예약)")
"""A record named by its word and number, which a lookup of it may be said as alone."""
_NAMED_VALUES = frozenset({"product", "service", "size", "color", "delivery"})
"""Slots whose values are names from a closed list: a new one said is a correction, whatever else is said
around it (numbers are not: "what's two plus two" is no quantity)."""


_KEEPS = {
    "en": re.compile(r"\b(keep|except|leave|apart from|other than)\b (?!it\b|that\b|them\b|as\b|this\b)"),
    "ko": re.compile(
        r"남겨|남기고|(?:은|는) (?:그냥 )?두(?:시)?고|그대로 두(?:시)?고|놔두(?:시)?고"
        r"|(빼고|말고|제외하고) (나머지|다|전부|모두)"
    ),
}
"""Words that keep part of what a cancel would undo ("yes but keep the case", "케이스는 빼고 나머지 취소해
주세요", "배터리 교체는 남겨주세요"): the case was removed, the whole order or the kept booking cancelled."""


def keeps_part(text: str, lang: str) -> bool:
    """Whether ``text`` (normalized) keeps part of what it cancels."""
    return kept_words(text, lang) is not None


def kept_words(text: str, lang: str) -> str | None:
    """What ``text`` (normalized) keeps of what it cancels: the words after "keep" ("the shirts"), or
    before 두고 ("티셔츠는"); ``None`` when it keeps nothing."""
    keeps = _KEEPS.get(lang)
    found = keeps.search(text) if keeps is not None else None
    if found is None:
        return None
    return text[found.end() :] if lang == "en" else text[: found.start()]


_OPEN_ASKED = {
    "en": re.compile(r"\bopen\b"),
    "ko": re.compile(r"(?:해요|하나요|하세요|해|열어요|여나요|영업)\S*$"),
}
"""Words that ask whether the shop is open ("일요일에도 해요?"): no bare day."""


_STOP_FIRST = {"ko": re.compile(r"^(?:(?:아|어|음)\s+)?(?:됐다|됐어요|됐어|아니다)\s+(?P<rest>.+)$")}
"""A Korean stop said before a value ("아 됐다 하나만요"), which the classifier reads whole as the stop."""


@dataclass(frozen=True)
class UtteranceChecks:
    """Judges a ``Heard`` against the conversation's pending request."""

    answers: AnswerReader
    action_confidence: float

    def bare(self, heard: Heard) -> bool:
        """Whether the utterance is nothing but values of its own intent's slots ("two", "queen"): a bare
        value answers questions; it never starts an action, nor anything while a question is pending. A
        product or service named is different: "a black phone case" is how customers order."""
        match = heard.match
        if self._only_digits(match.text, heard.lang):
            return True  # digits alone ("공 일 팔 칠") ask for nothing, whatever they resemble
        if match.intent is None or not match.slots or MAIN_ENTITY.get(match.intent) in match.slots:
            return False
        open_asked = _OPEN_ASKED.get(heard.lang)
        if match.intent == I.STORE_HOURS and open_asked is not None and open_asked.search(match.text):
            return False  # "일요일에도 해요?", "are you open sunday": the hours that day
        if match.intent == I.PRODUCT_INFO and {"service", "product"} & match.slots.keys():
            return False  # "액정 수리 해요?": do you do screen repairs; "do you have headphones"
        if match.intent in _NAMING and _RECORD_NAMED.search(normalize(match.text)):
            return False  # "order 4822", "and order 4822?": that order's status, not a bare number;
            # "order 4822, i'd like the phone case in blue instead": a change of it
        if match.intent == I.ORDER_CHANGE and {"order_id", "product"} <= match.slots.keys():
            return False  # "4822 티셔츠 세 장으로 해 주세요": an item of the order numbered
        if match.intent == I.LANGUAGE and names_both(match.text):
            return False  # "한국어 말고 영어로 해주세요": English, not two bare language names
        verb = _CHANGE_VERB.get(heard.lang)
        changing = match.intent in (I.ORDER_CHANGE, I.BOOKING_CHANGE)
        if changing and verb is not None and verb.search(match.text):
            return False
        return self.answers.read(match.text, heard.lang, match.intent, None).whole

    @staticmethod
    def _only_digits(text: str, lang: str) -> bool:
        clean = normalize(text)
        digits = find_digits(clean, lang, 1)
        return digits is not None and (digits.start, digits.end) == (0, len(clean))

    def certain(self, heard: Heard) -> bool:
        """Whether an action intent was clearly asked for (not a guess). Starting an order or a booking
        for a product or service named is safe even when phrased loosely: it only asks questions, and
        confirms everything before anything is stored."""
        match = heard.match
        if self._only_digits(match.text, heard.lang):
            return False
        if match.matcher in ("template", "context"):
            # the skill's own sentence for it ("I'd like to change my order 4822"), or what the
            # conversation made of it ("wednesday instead" just after a booking: move it; still confirmed)
            return True
        if self.bare(heard):
            return False
        if not evidence(heard.lang).asks_for(str(match.intent), normalize(match.text)):
            return (
                False  # "사람 맞아요?", "are there human staff working today": about staff, no call for them
            )
        if match.score >= self.action_confidence:
            return True
        named = MAIN_ENTITY.get(str(match.intent))
        return named is not None and named in match.slots

    def was_answer(self, heard: Heard, pending: Frame) -> bool:
        """Whether this turn answered (or corrected) the pending request rather than asked something."""
        if heard.digits is not None or heard.answer.decline:
            return True
        return (
            bool(heard.answer.values)
            and heard.match.intent not in CONTROL
            and self.answers_it(heard, pending)
        )

    def answers_it(self, heard: Heard, pending: Frame) -> bool:
        """Whether the values found answer (or correct) the pending request: nothing else was said, or the
        NLU reads it as that request, or as a detail rather than a question ("express delivery please"),
        or next to nothing else was said ("put it on his number, 310 555 0166"); never when it plainly is
        another request ("where is my order 4821") or something else with a number in it ("what's two
        plus two")."""
        answer, match = heard.answer, heard.match
        if match.intent == pending.intent:
            return True
        if answer.whole and not self.asks_about_another(heard, pending):
            return True
        if self._asks_if_free(heard, pending):
            return True  # "what do you have on tuesday" at "which day?": tuesday, with its free times
        if self.clearly_other(heard, pending) or match.intent in I.CANCELLING:
            # a cancel's words are no answer to another request's question: "cancel the charger" made the
            # charger the product ordered; "아 충전기는 취소할래요" at the power bank's colour question too
            return False
        named = any(pending.slots.get(k) != v for k, v in answer.values.items() if k in _NAMED_VALUES)
        if match.intent is None and named and answer.extra <= 2:
            return True  # "아 발이 좀 커서 260으로 할게요": a new size said with a reason
        if match.intent == I.PRODUCT_RECOMMEND and named and not _ASKS_ADVICE.search(heard.text):
            return True  # "oh they're for my husband he's a 280": his size, no gift advice asked
        looks = pending.expect.slot in ("size", "color") and pending.expect.slot in answer.values
        if match.intent is None and looks and heard.lang == "en" and answer.extra <= 4:
            return True  # "medium's a bit tight, large" at the size question: what it asked, with a reason
        return match.intent in QUESTIONS or answer.extra <= 1

    def asks_about_another(self, heard: Heard, pending: Frame) -> bool:
        """Whether a product other than the pending request's is named in a question about it ("백팩은요?",
        "보조배터리 용량 몇이에요?" while earbuds are ordered): answered, not put in the earbuds' place."""
        product = heard.answer.values.get("product")
        other = product is not None and product != pending.slots.get("product")
        return other and heard.match.intent in QUESTIONS and is_question(heard.match, heard.lang)

    @staticmethod
    def _asks_if_free(heard: Heard, pending: Frame) -> bool:
        """Whether a day or time is asked about while a booking asks for one ("is tomorrow at 3 ok?",
        "금요일 오전 열한시 괜찮아요?"): an answer, though it reads as a question about opening hours."""
        booking = pending.intent in (I.BOOKING_CREATE, I.BOOKING_CHANGE)
        return booking and asks_if_free(heard.match, heard.answer.values, heard.lang)

    def corrects(self, heard: Heard, pending: Frame) -> bool:
        """Whether "wait no, a power bank instead" at the colour question gives the pending request a new
        value: what follows the "no" reads as changing an order but names no existing one, and a named
        value the request takes was said. Not a cancel followed by a change of some other order."""
        rest = heard.requests[1:]
        named = any(pending.slots.get(k) != v for k, v in heard.answer.values.items() if k in _NAMED_VALUES)
        return (
            named
            and bool(rest)
            and all(r.intent == I.ORDER_CHANGE and not RECORDS & set(r.slots) for r in rest)
        )

    def answered_after_stop(self, heard: Heard, pending: Frame) -> str | None:
        """The words after a stop that only give the order or booking being made a new value ("never mind,
        just one" at the phone question for two stands, "아 됐다 하나만요": the order was dropped); ``None``
        when there are none."""
        said, stop = heard.requests, _STOP_FIRST.get(heard.lang)
        if pending.intent not in (I.ORDER_PLACE, I.BOOKING_CREATE):
            return None
        if len(said) == 2 and said[0].intent == I.CANCEL:
            rest = said[1].text
        else:
            found = stop.match(normalize(heard.text)) if stop and heard.match.intent == I.CANCEL else None
            if found is None:
                return None
            rest = found.group("rest")
        answer = self.answers.read(rest, heard.lang, str(pending.intent), None, dict(pending.slots))
        new = any(pending.slots.get(k) != v for k, v in answer.values.items())
        return rest if answer.whole and answer.values and new else None

    def clearly_other(self, heard: Heard, pending: Frame) -> bool:
        """Whether the utterance is plainly another request (its own template, with its own words) or a
        question about something ("how much is express delivery?" is not "express delivery, please")."""
        match = heard.match
        if match.intent is None or match.intent == pending.intent or match.intent in CONTROL:
            return False
        if match.intent == I.CUSTOMER_IDENTIFY and "phone" in heard.answer.values:
            return False  # "use my other number, 503 555 0931" for the order, not "who I am"
        if self._asks_if_free(heard, pending):
            return False  # "내일 세 시쯤 되나요?" at "which day?": that day and time, if free
        if match.intent in QUESTIONS:  # "how much is express delivery?" but "express delivery please"
            return is_question(match, heard.lang)
        if (
            match.intent in I.ACTIONS
            and RECORDS & set(match.slots)
            and not heard.answer.whole
            and self.certain(heard)
        ):
            return True  # "잠깐만요, 그 전에 4822 주문 취소해 주세요" at a confirmation: 4822 is no quantity
        return match.matcher == "template"
