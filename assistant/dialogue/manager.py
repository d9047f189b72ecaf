"""The dialogue manager: turns an utterance into a reply, one turn at a time.

A turn goes one way: the front end (chat, voice loop) hands ``understand`` a transcript and gets one
``Heard`` (text normalized once, the NLU run once, frustration scored once, and the utterance read
against the question pending); ``handle`` turns it into a reply. Skills only ever see a ``Context`` and a
read-only view of the session; what they want changed comes back in their reply's ``Effects``, and this
module is the only writer of the session.

While a question is pending the utterance is read as its answer first (``assistant.dialogue.answers``);
another request takes over only when it clearly is not an answer, and a bare value never starts an
action. A correction at a confirmation changes the request and asks again. Questions about something else
are answered and the pending question is asked again; a new action replaces the pending one.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from importlib.resources import files

import yaml

from assistant import intents as I
from assistant.dialogue.answers import Answer, AnswerReader
from assistant.dialogue.contact import PHONE
from assistant.dialogue.escalation import (
    Escalation,
    EscalationPolicy,
    Request,
    TextScore,
    load_lexicons,
    observe,
    score_text,
)
from assistant.dialogue.handlers import HandlerTimeout, call_handler
from assistant.dialogue.requests import TOPICS, split_requests
from assistant.dialogue.session import Frame, Session
from assistant.dialogue.verification import DIGITS, NONE, VerificationPolicy, verified_customer
from assistant.language import render
from assistant.messages import Expect, IntentMatch, Reply, SlotValue, Transcript
from assistant.nlu.builtin_lists import builtin_lists
from assistant.nlu.engine import ACTION_CONFIDENCE, NOT_SOLD, Nlu
from assistant.plugins import SkillRegistry
from assistant.redact import redact, redact_digits
from assistant.skill_api import Context, Slots
from assistant.slots import find_digits
from assistant.store import Store, StoreBusy, StoreError, StoreUnavailable
from assistant.text import MAX_CHARS, normalize

log = logging.getLogger(__name__)

__all__ = [
    "Dialogue",
    "DialogueSettings",
    "HandlerTimeout",
    "Heard",
    "Turn",
    "call_handler",
    "core_responses",
]

_LANGUAGE_NEUTRAL = frozenset({I.YES, I.NO, I.CANCEL, I.REPEAT})
"""Short answers ("ok", "네") that do not switch the conversation's language."""
_CONTROL = frozenset({I.YES, I.NO, I.CANCEL, I.REPEAT})
"""Words about the pending question itself, never a request of their own while one is pending."""
_QUESTIONS = frozenset(
    {I.DELIVERY_INFO, I.PRODUCT_INFO, I.STORE_HOURS, I.STORE_LOCATION, I.STORE_FAQ, I.ORDER_STATUS}
)
"""Questions a customer may ask in the middle of a request ("how much is express delivery?")."""
_ASKING = {
    "en": re.compile(r"^(?:how|what|what's|whats|when|where|which|why|is|are|does|do|will|would)\b"),
    "ko": re.compile(
        r"(?:나요|까요|니까|인가요|얼마예요|얼마에요|얼마죠|있어요|있나요|돼요|되나요|언제예요)$"
    ),
}
"""A question rather than an answer: "how much is express delivery", "빠른 배송은 얼마예요"."""
_ANSWERED_AT_ONCE = frozenset({I.STORE_HOURS, I.STORE_LOCATION, I.STORE_FAQ, I.PRODUCT_INFO})
"""Plain questions, answered first when said together with a request that asks questions of its own."""
_MAIN_ENTITY = {I.ORDER_PLACE: "product", I.BOOKING_CREATE: "service"}
"""The slot that names what a new order or booking is for."""
_RECORDS = frozenset({"order_id", "booking_id"})
"""Slots naming an existing order or booking: an action on one is never a detail of a new request."""
_CONTACT_SLOTS = ("phone", "delivery")
"""Details any new order or booking may have corrected at any step ("put it on 310 555 0166")."""
_SAME_DAY = {"en": re.compile(r"\bsame day\b"), "ko": re.compile(r"같은 날")}
"""A day said as the one of the request before ("and a data transfer the same day at 2")."""
_NAMED_VALUES = frozenset({"product", "service", "size", "color", "delivery"})
"""Slots whose values are names from a closed list: a new one said is a correction, whatever else is said
around it (numbers are not: "what's two plus two" is no quantity)."""
_NEEDS_CERTAINTY = I.ACTIONS | {I.AGENT_HANDOFF}
"""Intents that change the store (a ticket, too): a guess at one is asked about before it starts."""


@dataclass(frozen=True)
class DialogueSettings:
    """Tunable behaviour of conversations."""

    timeout_s: float = 120.0
    """A session silent for this long starts afresh (a kiosk customer walked away)."""
    handoff_after: int = 2
    """Offer a human after this many turns in a row were not understood."""
    verification: VerificationPolicy = field(default_factory=VerificationPolicy)
    """Wrong answers allowed to identity questions, and the cool-down after them."""
    escalation: EscalationPolicy = field(default_factory=EscalationPolicy)
    """When frustration or repeated requests offer a member of staff, or call one at once."""
    handler_timeout_s: float = 15.0
    """A skill handler that takes longer is abandoned and the customer told politely. Longer than the
    store's 5 s busy timeout, so a handler waiting for a locked database reports that instead."""
    action_confidence: float = ACTION_CONFIDENCE
    """An action intent matched by anything but a template below this score is asked about first
    ("Did you want to cancel an order?") instead of started."""


@dataclass(frozen=True)
class Heard:
    """One utterance, understood once: what the front end hands the dialogue."""

    transcript: Transcript
    lang: str
    """The language it is read in (the transcript's, when the NLU knows it)."""
    match: IntentMatch
    """The NLU's reading of the whole utterance."""
    answer: Answer
    """The utterance read against the question pending when it was heard (empty when none)."""
    digits: str | None
    """Digits answering an identity question that was pending (never logged)."""
    said: TextScore
    """Frustration in the words (and, typed, the capitals and "!!")."""
    requests: tuple[IntentMatch, ...] = ()
    """Two or more requests said in one sentence, in order (``assistant.dialogue.requests``)."""

    @property
    def text(self) -> str:
        return self.match.text

    @property
    def understood(self) -> bool:
        """Whether it means something in the conversation's current state (for a recognizer's fallback)."""
        return self.match.intent is not None or bool(self.answer.values) or self.digits is not None


@dataclass(frozen=True)
class Turn:
    """The outcome of one utterance."""

    match: IntentMatch
    reply: Reply
    timed_out: bool = False
    """The session had expired and was started afresh before this turn."""
    error: str | None = None
    """Set when a skill failed; the reply is a polite fallback."""


def core_responses() -> dict[str, dict[str, str]]:
    """The dialogue manager's own reply templates, by language."""
    text = files("assistant.data").joinpath("responses.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return data


class Dialogue:
    """Runs conversations over the registered skills."""

    def __init__(
        self,
        registry: SkillRegistry,
        nlu: Nlu,
        store: Store,
        clock: Callable[[], datetime] = datetime.now,
        settings: DialogueSettings | None = None,
    ) -> None:
        self.registry = registry
        self.nlu = nlu
        self.store = store
        self.clock = clock
        self.settings = settings or DialogueSettings()
        self._core = core_responses()
        self._lexicons = load_lexicons()
        self._answers = AnswerReader(nlu, builtin_lists(store))

    def new_session(self, lang: str) -> Session:
        return Session(lang=lang, last_active=self.clock())

    def say(self, session: Session, key: str, **values: object) -> Reply:
        """A reply from the dialogue manager's own templates, in the session's language."""
        table = self._core.get(session.lang, self._core["en"])
        return Reply(render(table[key], values), session.lang)

    # --- understanding ------------------------------------------------------------------------------

    def understand(self, session: Session, transcript: Transcript) -> Heard:
        """Read one utterance once: the NLU's reading, the answer to the pending question, frustration."""
        lang = transcript.lang if transcript.lang in self.nlu.languages else session.lang
        match = self.nlu.parse(transcript.text, lang)
        pending = session.pending
        answer, digits = Answer(), None
        if pending is not None and match.text:
            contact = {name: None for name in _CONTACT_SLOTS} if pending.intent in I.ACTIONS else {}
            known = {**contact, **pending.slots}
            answer = self._answers.read(match.text, lang, pending.intent, pending.expect.slot, known)
            if pending.expect.secret and pending.expect.kind == "slot":
                digits = self._digits(match, transcript.text, lang, pending.expect.slot)
        lexicon = self._lexicons.get(lang)
        said = (
            score_text(transcript.text, lexicon, transcript.engine == "text") if lexicon else TextScore(0.0)
        )
        if digits is not None and said.score >= self.settings.escalation.offer_at:
            digits = None  # "two weeks I've waited, this is ridiculous" is no answer to the question
        requests: tuple[IntentMatch, ...] = ()
        if match.matcher != "template" and digits is None and not answer.whole:
            requests = split_requests(
                transcript.text,
                lang,
                self.nlu,
                self._answers,
                self._is_question,
                self.settings.action_confidence,
            )
            if len(requests) == 1:  # one clear request among words that mean nothing
                match, requests = requests[0], ()
        return Heard(transcript, lang, match, answer, digits, said, requests)

    def _digits(self, match: IntentMatch, text: str, lang: str, slot: str | None) -> str | None:
        """The digits said in answer to a question for personal digits; ``None`` when the customer said
        something else (a new request, "cancel", "talk to a human", "make it two"). A phone number needs
        seven digits or more; anything shorter still answers an identity question (to be told it is
        not four digits)."""
        if match.matcher == "template" and match.intent and not match.intent.startswith("dialog."):
            return None
        clean = normalize(text)
        if slot == PHONE:  # a number of seven digits or more, or digits alone ("0187": not a phone number)
            found = find_digits(clean, lang, 1)
            if (
                found is not None
                and len(str(found.value)) < 7
                and (found.start, found.end) != (0, len(clean))
            ):
                found = None
        else:
            found = find_digits(clean, lang, DIGITS) or find_digits(clean, lang, 1)
        return str(found.value) if found else None

    def redacted(self, session: Session, text: str, pending: Frame | None = None) -> str:
        """``text`` as it may be logged or shown in the event stream: personal data replaced, and every
        digit of an answer to a question for personal digits (a phone number, an identity check)."""
        asked = pending if pending is not None else session.pending
        secret = asked is not None and asked.expect.secret
        return (redact_digits if secret else redact)(text[:MAX_CHARS])

    # --- one turn -----------------------------------------------------------------------------------

    def respond(self, session: Session, transcript: Transcript) -> Turn:
        """Understand and handle one utterance (for front ends that need nothing in between)."""
        return self.handle(session, self.understand(session, transcript))

    def handle(self, session: Session, heard: Heard) -> Turn:
        """Reply to one understood utterance; never raises for a skill's failure."""
        started = time.perf_counter()
        now = self.clock()
        timed_out = now - session.last_active > timedelta(seconds=self.settings.timeout_s)
        if timed_out:
            fresh = self.new_session(session.lang)
            fresh.id = session.id
            session.__dict__.update(fresh.__dict__)
            heard = replace(heard, answer=Answer(), digits=None)
        session.last_active = now
        lang_before = session.lang
        match, lang = heard.match, heard.lang
        pending = session.pending
        secret = pending is not None and pending.expect.secret
        if (
            match.intent
            and lang != session.lang
            and match.intent not in _LANGUAGE_NEUTRAL
            and not secret
            and not heard.answer.whole  # "XL" at "사이즈는 어떤 걸로 하시겠어요?" is no switch to English
        ):
            session.lang = lang
        said = self.redacted(session, heard.transcript.text, pending)
        session.transcript.append(f"customer: {said}")  # before routing: a ticket opened now includes it
        if match.intent:
            session.intents.append(match.intent)
        escalation = None
        if heard.digits is None and match.text:  # an identity answer is not read for frustration or repeats
            escalation = self._escalation(session, heard)
        error: str | None = None
        if not match.text:
            reply = self.say(session, "empty")
            if pending is not None:  # the question is still open: ask it again
                reply = self._join(self.say(session, "empty_again"), self._reask(session, pending, ""))
        else:
            try:
                if escalation is not None and escalation.action == "handoff":
                    reply = self._hand_off(session, escalation)
                else:
                    failures = session.failures
                    reply = self._route(session, heard)
                    if escalation is not None and escalation.action == "offer":
                        reply = self._offer(session, reply, escalation, session.failures > failures)
            except (StoreBusy, StoreUnavailable) as exc:
                log.error("store not available: %s", exc)
                error, reply = str(exc), self._store_down(session, pending, exc)
            except StoreError as exc:
                log.error("store error: %s", exc)
                error, reply = str(exc), self.say(session, "skill_failed")
                session.pending = None
        if match.intent != I.REPEAT:
            session.last_reply = reply
        answered = redact(reply.text)
        session.transcript.append(f"assistant: {answered}")
        self._remember_language(session, lang_before)
        latency_ms = (time.perf_counter() - started) * 1000
        if pending is not None and self._was_answer(heard, pending):  # part of the pending request
            values = {} if secret else dict(heard.answer.values)
            match = IntentMatch(match.text, pending.intent, 1.0, values, "answer")
        try:
            self.store.log_interaction(
                session.id, lang, said, match.intent, match.score, answered, latency_ms
            )
        except StoreError as exc:  # the customer still gets the reply; the operator sees the warning
            log.warning("interaction not logged: %s", exc)
        return Turn(match, reply, timed_out, error)

    # --- routing ------------------------------------------------------------------------------------

    def _route(self, session: Session, heard: Heard) -> Reply:
        intent = heard.match.intent
        if intent == I.REPEAT and (heard.match.matcher == "template" or not heard.answer.values):
            return session.last_reply or self.say(session, "nothing_to_repeat")
        pending = session.pending
        if pending is not None and heard.requests and heard.requests[0].intent == I.CANCEL:
            session.pending = None  # "never mind that, I want a white power bank"
            rest = heard.requests[1:]
            return self._new_request(
                session, replace(heard, match=rest[0], requests=rest if len(rest) > 1 else ())
            )
        if pending is not None:
            reply = self._continue(session, pending, heard)
            if reply is not None:
                return reply
            return self._interrupt(session, pending, heard)
        return self._new_request(session, heard)

    def _new_request(self, session: Session, heard: Heard) -> Reply:
        """A request with nothing pending: run it, or ask first when an action is not certain. Further
        requests said with it wait their turn."""
        if heard.requests:
            first, *rest = sorted(heard.requests, key=lambda r: r.intent not in _ANSWERED_AT_ONCE)
            session.queued.extend(rest)
            heard = replace(heard, match=first, requests=())
        match = heard.match
        slots = self._on_topic(session, heard, dict(match.slots)) if match.intent else {}
        topical = _MAIN_ENTITY.get(str(match.intent)) in set(slots) - set(match.slots)
        if match.intent is None or (
            match.matcher not in ("template", "split") and self._bare(heard) and not topical
        ):
            # "0 1 8 7", "three" ask for nothing; "… and the power bank" is the request before it again;
            # "I'll get two of those" after the hoodie's price is an order for hoodies
            return self._not_understood(session, "out_of_scope")
        if match.intent in _NEEDS_CERTAINTY and not self._certain(heard):
            return self._check(session, match.intent, slots)
        return self._finish(session, self._run(session, match.intent, slots))

    def _on_topic(self, session: Session, heard: Heard, slots: dict[str, SlotValue]) -> dict[str, SlotValue]:
        """``slots`` with the product or service the conversation is about when the request takes one and
        names none ("사이즈는요?" after the shoes' colours), and its day when the customer says "the same
        day"; never for a request about an existing order or booking. What it names becomes the topic."""
        takes = self.nlu.slot_names(heard.lang, str(heard.match.intent))
        if not _RECORDS & takes:
            same_day = _SAME_DAY.get(heard.lang)
            if "date" in takes and "date" not in slots and same_day and same_day.search(heard.text):
                slots.update({k: v for k, v in session.topic.items() if k == "date"})
            if not any(slots.get(k) is not None for k in TOPICS) and not slots.get(NOT_SOLD):
                slots.update({k: v for k, v in session.topic.items() if k in takes and k in TOPICS})
        named = {k: slots[k] for k in (*TOPICS, "date") if slots.get(k) is not None}
        if any(k in named for k in TOPICS):
            session.topic = named
        return slots

    def _bare(self, heard: Heard) -> bool:
        """Whether the utterance is nothing but values of its own intent's slots ("two", "queen"): a bare
        value answers questions; it never starts an action, nor anything while a question is pending. A
        product or service named is different: "a black phone case" is how customers order."""
        match = heard.match
        if self._only_digits(match.text, heard.lang):
            return True  # digits alone ("공 일 팔 칠") ask for nothing, whatever they resemble
        if match.intent is None or not match.slots or _MAIN_ENTITY.get(match.intent) in match.slots:
            return False
        return self._answers.read(match.text, heard.lang, match.intent, None).whole

    @staticmethod
    def _only_digits(text: str, lang: str) -> bool:
        clean = normalize(text)
        digits = find_digits(clean, lang, 1)
        return digits is not None and (digits.start, digits.end) == (0, len(clean))

    def _certain(self, heard: Heard) -> bool:
        """Whether an action intent was clearly asked for (not a guess). Starting an order or a booking
        for a product or service named is safe even when phrased loosely: it only asks questions, and
        confirms everything before anything is stored."""
        match = heard.match
        if self._only_digits(match.text, heard.lang):
            return False
        if match.matcher == "template":
            return True  # the skill's own sentence for it ("I'd like to change my order 4822")
        if self._bare(heard):
            return False
        if match.score >= self.settings.action_confidence:
            return True
        named = _MAIN_ENTITY.get(str(match.intent))
        return named is not None and named in match.slots

    def _check(self, session: Session, intent: str, slots: dict[str, SlotValue]) -> Reply:
        """ "Did you want to …?": yes starts the request (which still confirms before acting)."""
        key = f"check_{intent.replace('.', '_')}"
        table = self._core.get(session.lang, self._core["en"])
        reply = self.say(session, key if key in table else "check_action")
        session.pending = Frame(intent, slots, Expect("confirm"), reply, rerun=False, checking=True)
        return Reply(reply.text, reply.lang, Expect("confirm"), intent=intent)

    def _continue(self, session: Session, pending: Frame, heard: Heard) -> Reply | None:
        """This turn as an answer to the pending question; ``None`` when it is about something else."""
        intent, answer, expect = heard.match.intent, heard.answer, pending.expect
        if heard.match.matcher == "template" and intent in _CONTROL:
            answer = Answer()  # "네" is yes, not the number four; "no" is no
        elif intent in _CONTROL and heard.match.score < self.settings.action_confidence:
            intent = None  # a guess at "cancel" ("hold on") does not drop the request
        if expect.secret and expect.kind == "slot" and expect.slot:
            if heard.digits is not None:
                return self._answered(session, pending, {expect.slot: heard.digits})
            if answer.decline:
                return self._answered(session, pending, {expect.slot: NONE})
            if answer.dont_know:
                return self._dont_know(session, pending)
            corrections = {k: v for k, v in answer.values.items() if k != expect.slot}
            if corrections and answer.whole:  # "express delivery please" while asked for a phone number
                return self._answered(session, pending, corrections)
        if answer.wait:  # "hold on" is never "cancel", whatever the classifier guesses
            return self._join(self.say(session, "take_your_time"), self._reask(session, pending, ""))
        if (
            intent == I.CANCEL
            and expect.kind == "confirm"
            and heard.match.matcher != "template"
            and self._answers.opening(heard.text, heard.lang) == "yes"
        ):
            intent = None  # "네 취소해 주세요" at "shall I cancel it?" is a yes, not "never mind"
        if intent == I.CANCEL:
            session.pending = None
            return self.say(session, "cancelled")
        if expect.kind == "confirm":
            return self._confirmation(session, pending, heard, intent, answer)
        if answer.decline:
            return self._answered(session, pending, {str(expect.slot): NONE})
        if answer.values and self._answers_it(heard, pending):
            return self._answered(session, pending, answer.values)
        if answer.dont_know:
            return self._dont_know(session, pending)
        if intent == I.NO:
            session.pending = None
            return self.say(session, "cancelled")
        if intent is None or intent == I.YES:
            return self._reask(session, pending, "say_again")
        return None

    def _was_answer(self, heard: Heard, pending: Frame) -> bool:
        """Whether this turn answered (or corrected) the pending request rather than asked something."""
        if heard.digits is not None or heard.answer.decline:
            return True
        return (
            bool(heard.answer.values)
            and heard.match.intent not in _CONTROL
            and self._answers_it(heard, pending)
        )

    def _answered(self, session: Session, pending: Frame, values: Mapping[str, SlotValue]) -> Reply:
        """The request runs again with the answer (and any corrections) added."""
        return self._finish(session, self._run(session, pending.intent, {**pending.slots, **values}))

    def _confirmation(
        self, session: Session, pending: Frame, heard: Heard, intent: str | None, answer: Answer
    ) -> Reply | None:
        changes = {k: v for k, v in answer.values.items() if pending.slots.get(k) != v}
        if changes and pending.rerun and not pending.checking and not self._clearly_other(heard, pending):
            return self._answered(session, pending, changes)  # asked again with the change: never a yes
        opening = None if changes else self._answers.opening(heard.text, heard.lang)
        plain = opening == "yes" and self._answers.only_yes(heard.text, heard.lang)
        if opening == "yes" and (intent in (pending.intent, None) or plain):
            intent = I.YES  # "네 취소해 주세요" at "shall I cancel it?"; "네네", typed "ㅇㅇ"
        elif opening == "no" and heard.match.matcher != "template" and intent != I.CANCEL:
            intent = I.NO  # "no, that's fine": never a yes, whatever the classifier guesses
        if intent == I.YES and not changes:
            confirmed = not pending.checking
            return self._finish(
                session, self._run(session, pending.intent, pending.slots, confirmed=confirmed)
            )
        if intent == I.NO:
            session.pending = None
            return self._finish(
                session, self.say(session, "no_staff" if pending.intent == I.AGENT_HANDOFF else "not_done")
            )
        if answer.values and answer.whole:  # the value already chosen, said again: ask again
            return self._reask(session, pending, "")
        if intent is None or (answer.whole and intent not in _CONTROL):
            return self._reask(session, pending, "yes_or_no")
        return None

    @staticmethod
    def _is_question(match: IntentMatch, lang: str) -> bool:
        """A question about something rather than a request or a detail: "how much is express delivery"."""
        asking = _ASKING.get(lang)
        return match.intent in _QUESTIONS and asking is not None and asking.search(match.text) is not None

    def _answers_it(self, heard: Heard, pending: Frame) -> bool:
        """Whether the values found answer (or correct) the pending request: nothing else was said, or the
        NLU reads it as that request, or as a detail rather than a question ("express delivery please"),
        or next to nothing else was said ("put it on his number, 310 555 0166"); never when it plainly is
        another request ("where is my order 4821") or something else with a number in it ("what's two
        plus two")."""
        answer, match = heard.answer, heard.match
        if answer.whole or match.intent == pending.intent:
            return True
        if self._clearly_other(heard, pending):
            return False
        named = any(pending.slots.get(k) != v for k, v in answer.values.items() if k in _NAMED_VALUES)
        if match.intent is None and named and answer.extra <= 2:
            return True  # "아 발이 좀 커서 260으로 할게요": a new size said with a reason
        return match.intent in _QUESTIONS or answer.extra <= 1

    def _clearly_other(self, heard: Heard, pending: Frame) -> bool:
        """Whether the utterance is plainly another request (its own template, with its own words) or a
        question about something ("how much is express delivery?" is not "express delivery, please")."""
        match = heard.match
        if match.intent is None or match.intent == pending.intent or match.intent in _CONTROL:
            return False
        if match.intent == I.CUSTOMER_IDENTIFY and "phone" in heard.answer.values:
            return False  # "use my other number, 503 555 0931" for the order, not "who I am"
        if match.intent in _QUESTIONS:  # "how much is express delivery?" but "express delivery please"
            return self._is_question(match, heard.lang)
        if (
            match.intent in I.ACTIONS
            and _RECORDS & set(match.slots)
            and not heard.answer.whole
            and self._certain(heard)
        ):
            return True  # "잠깐만요, 그 전에 4822 주문 취소해 주세요" at a confirmation: 4822 is no quantity
        return match.matcher == "template"

    def _interrupt(self, session: Session, pending: Frame, heard: Heard) -> Reply:
        """Another request while one is pending: an action replaces it; anything else is answered and the
        pending question asked again (or, when it asks something itself, the pending one waits)."""
        match = heard.match
        intent = match.intent
        if intent == I.LANGUAGE and match.slots.get("language") in self.nlu.languages:  # "영어로 해 주세요"
            session.lang = str(match.slots["language"])
            return self._join(self.say(session, "language_now"), self._reask(session, pending, ""))
        asked = match.matcher == "template" and intent in _QUESTIONS  # "그럼 4823 주문은요?"
        if intent is None or heard.answer.whole or (self._bare(heard) and not asked):
            return self._reask(session, pending, "say_again")
        if intent in _NEEDS_CERTAINTY:
            if not self._certain(heard):
                return self._reask(session, pending, "say_again")
            session.pending = None
            return self._new_request(session, heard)
        if intent in (I.GREET, I.THANKS):  # small talk in the middle: a word back, then the question
            short = self.say(session, "hello" if intent == I.GREET else "welcome")
            return self._join(short, self._reask(session, pending, ""))
        session.pending = None
        slots = dict(match.slots)
        for name, value in pending.slots.items():  # "how much is it?" about the product being ordered
            if name in ("product", "service") and name in self.nlu.slot_names(session.lang, intent):
                slots.setdefault(name, value)
        reply = self._run(session, intent, slots)
        if reply.end_session:
            return reply
        if session.pending is not None:  # it asks something itself: the pending request waits
            session.suspended.append(pending)
            return reply
        return self._join(reply, self._reask(session, pending, ""))

    def _finish(self, session: Session, reply: Reply) -> Reply:
        """A request that is done gives way to one put aside, or to the next one said with it."""
        if reply.expect is not None or reply.end_session or session.pending is not None:
            return reply
        if session.suspended:
            return self._join(reply, self._reask(session, session.suspended.pop(), ""))
        if session.queued:
            match = session.queued.pop(0)
            heard = Heard(
                Transcript(match.text, session.lang), session.lang, match, Answer(), None, TextScore(0.0)
            )
            return self._join(reply, self._new_request(session, heard))
        return reply

    @staticmethod
    def _join(first: Reply, then: Reply) -> Reply:
        return replace(then, text=f"{first.text} {then.text}".strip())

    def _reask(self, session: Session, frame: Frame, key: str) -> Reply:
        """Ask ``frame``'s question again, after ``key``'s words when the customer's words answered
        nothing (then it may be time to offer a member of staff instead)."""
        if key:
            offer = self._count_failure(session, frame)
            if offer is not None:
                return offer
        session.pending = frame
        if frame.rerun:
            asked = self._run(session, frame.intent, frame.slots)
        elif frame.question is not None and frame.question.lang == session.lang:
            asked = frame.question
        elif frame.checking:
            return self._check(session, frame.intent, frame.slots)
        else:
            asked = replace(self.say(session, "offer_staff"), expect=frame.expect, intent=frame.intent)
            session.pending = replace(frame, question=asked)
        if not key or asked.text.lower().startswith(("sorry", "죄송")):
            return asked
        prefix = self.say(session, key, question="").text.strip()
        return replace(asked, text=f"{prefix} {asked.text}")

    def _count_failure(self, session: Session, pending: Frame | None) -> Reply | None:
        """One more turn not understood; after ``handoff_after`` in a row, the offer of a member of staff
        (the pending request waits for the answer)."""
        session.failures += 1
        if session.failures < self.settings.handoff_after or not self.registry.handler(I.AGENT_HANDOFF):
            return None
        session.failures = 0
        if pending is not None and pending.intent != I.AGENT_HANDOFF:
            session.suspended.append(pending)
        offer = self.say(session, "offer_handoff")
        question = Reply(offer.text, offer.lang, Expect("confirm"), intent=I.AGENT_HANDOFF)
        session.pending = Frame(
            I.AGENT_HANDOFF, {"reason": "not_understood"}, Expect("confirm"), question, rerun=False
        )
        return question

    def _dont_know(self, session: Session, pending: Frame) -> Reply:
        """The customer cannot answer: help with this question, or offer a member of staff."""
        loaded = self.registry.skill_for(pending.intent)
        key = f"dont_know_{pending.expect.slot}" if pending.expect.slot else ""
        lang = session.lang
        if loaded is not None and key and key in loaded.responses.get(lang, {}):
            text = render(loaded.responses[lang][key], {})
            return self._join(Reply(text, lang), self._reask(session, pending, ""))
        if self.registry.handler(I.AGENT_HANDOFF):
            offer = self.say(session, "dont_know_offer")
            session.pending = Frame(
                I.AGENT_HANDOFF, {"reason": "customer_stuck"}, Expect("confirm"), offer, rerun=False
            )
            return replace(offer, expect=Expect("confirm"), intent=I.AGENT_HANDOFF)
        return self._reask(session, pending, "say_again")

    def _not_understood(self, session: Session, key: str) -> Reply:
        offer = self._count_failure(session, session.pending)
        if offer is not None:
            return offer
        if key == "out_of_scope" and session.failures > 1:
            key = "not_understood"
        return self.say(session, key, capabilities=self._capabilities(session.lang))

    def _capabilities(self, lang: str) -> str:
        helps = [s.help.get(lang, "") for s in self.registry.skills]
        helps = [h for h in helps if h]
        if len(helps) > 1:
            joiner = self._core.get(lang, self._core["en"])["and"]
            return ", ".join(helps[:-1]) + f" {joiner} " + helps[-1] if lang == "en" else ", ".join(helps)
        return "".join(helps)

    # --- running skills -----------------------------------------------------------------------------

    def _run(
        self, session: Session, intent: str, slots: Mapping[str, SlotValue], confirmed: bool = False
    ) -> Reply:
        """Run ``intent``'s handler and apply what its reply asks for; the new pending question, if any."""
        loaded = self.registry.skill_for(intent)
        if loaded is None:
            return self._not_understood(session, "out_of_scope")
        lang = session.lang if session.lang in loaded.responses else next(iter(loaded.responses))
        ctx = Context(
            intent=intent,
            slots=Slots(slots),
            lang=lang,
            session=session.view(),
            store=self.store,
            now=self.clock(),
            confirmed=confirmed,
            responses=loaded.responses[lang],
            translations=loaded.responses,
            capabilities=self._capabilities(lang),
            verification=self.settings.verification,
        )
        try:
            reply = call_handler(loaded.skill.handlers[intent], ctx, self.settings.handler_timeout_s)
        except StoreError:
            raise
        except Exception:
            log.exception("skill %r failed on %s", loaded.name, intent)
            session.pending = None
            return self.say(session, "skill_failed")
        session.failures = 0
        self._apply(session, reply, intent)
        return reply

    @staticmethod
    def _apply(session: Session, reply: Reply, intent: str) -> None:
        """What the skill's reply asks for: the conversation's language, proofs, data, the next question.

        A reply may hand the follow-up to another intent (``Context.hand_over``: "shall I get staff?").
        """
        effects = reply.effects
        if effects.lang is not None:
            session.lang = effects.lang
        session.verified |= effects.verified
        if effects.customer_id is not None:
            session.customer_id = effects.customer_id
        session.data.update(effects.remember)
        if reply.expect is None:
            session.pending = None
            return
        asked_for = reply.intent or intent
        session.pending = Frame(
            asked_for, dict(effects.slots), reply.expect, reply, rerun=asked_for == intent
        )

    # --- staff and faults ---------------------------------------------------------------------------

    def _store_down(self, session: Session, pending: Frame | None, exc: StoreError) -> Reply:
        """The database is locked or cannot be reached, and nothing was saved: keep what the customer was
        doing and offer to try again (the store connects again on the next turn). A write whose outcome
        is not known is not offered again: staff can check whether it went through."""
        if isinstance(exc, StoreUnavailable) and exc.in_doubt:
            session.pending = None
            return self.say(session, "store_in_doubt")
        key = "store_unavailable" if isinstance(exc, StoreUnavailable) else "store_busy"
        session.pending = pending
        if pending is None or pending.expect.kind != "confirm":
            return self.say(session, key)
        return replace(self.say(session, f"{key}_retry"), expect=pending.expect, intent=pending.intent)

    def _remember_language(self, session: Session, before: str) -> None:
        """A verified customer who switched language gets it remembered as their preferred one."""
        customer_id = verified_customer(session.view())
        if customer_id is None or session.lang == before:
            return
        try:
            self.store.set_customer_language(customer_id, session.lang)
        except StoreError as exc:
            log.warning("preferred language not stored: %s", exc)

    def _escalation(self, session: Session, heard: Heard) -> Escalation | None:
        """Frustration, repeats and requests for a human in this turn (``None``: no one to hand to)."""
        if not self.registry.handler(I.AGENT_HANDOFF):
            return None
        match = heard.match
        pending = session.pending
        if pending is not None and pending.intent == I.AGENT_HANDOFF and match.intent == I.NO:
            session.escalation.declined = True
        request = None
        if match.intent and match.intent != I.AGENT_HANDOFF and not match.intent.startswith("dialog."):
            request = Request(match.intent, dict(match.slots))
        return observe(
            session.escalation,
            heard.said,
            heard.transcript.text,
            request,
            failures=session.failures,
            asked_for_human=match.intent == I.AGENT_HANDOFF and self._certain(heard),
            policy=self.settings.escalation,
        )

    def _hand_off(self, session: Session, escalation: Escalation) -> Reply:
        """Open a hand-off ticket now (strong anger or an explicit request), apologising if upset."""
        reasons = [*self._offered_reasons(session), *escalation.reasons]
        session.pending = None
        session.escalation.calm_down()
        slots = {"reason": ",".join(dict.fromkeys(reasons)), "empathy": escalation.frustrated}
        return self._run(session, I.AGENT_HANDOFF, slots, confirmed=True)

    def _offer(self, session: Session, reply: Reply, escalation: Escalation, misunderstood: bool) -> Reply:
        """Empathy first, then "shall I get a member of staff?" (yes opens a ticket)."""
        from assistant.dialogue.escalation import REPEATED_REQUEST

        if reply.end_session:
            return reply
        reasons = ",".join(dict.fromkeys([*self._offered_reasons(session), *escalation.reasons]))
        if reply.intent == I.AGENT_HANDOFF and session.pending is not None:  # offered already
            session.pending.slots["reason"] = reasons
            return reply
        sorry = self.say(session, "empathy" if escalation.frustrated else "empathy_repeat").text
        if reply.expect is not None and not misunderstood and REPEATED_REQUEST not in escalation.reasons:
            return replace(reply, text=f"{sorry} {reply.text}")
        offer = self.say(session, "offer_staff").text
        text = (
            f"{sorry} {offer}"
            if reply.expect is not None or misunderstood
            else f"{sorry} {reply.text} {offer}"
        )
        if session.pending is not None:
            session.suspended.append(session.pending)
        question = Reply(text, session.lang, Expect("confirm"), intent=I.AGENT_HANDOFF)
        session.pending = Frame(
            I.AGENT_HANDOFF, {"reason": reasons}, Expect("confirm"), question, rerun=False
        )
        session.failures = 0
        session.escalation.calm_down()
        return question

    @staticmethod
    def _offered_reasons(session: Session) -> list[str]:
        """The reasons of a member of staff already offered (pending yes/no), if any."""
        pending = session.pending
        if pending is None or pending.intent != I.AGENT_HANDOFF:
            return []
        return [r for r in str(pending.slots.get("reason", "")).split(",") if r]
