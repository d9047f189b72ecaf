"""The dialogue manager: turns an utterance into a reply, one turn at a time.

A turn goes one way: the front end (chat, voice loop) hands ``understand`` a transcript and gets one
``Heard`` (text normalized once, the NLU run once, frustration scored once, and the utterance read
against the question pending); ``handle`` turns it into a reply. Skills only ever see a ``Context`` and a
read-only view of the session; what they want changed comes back in their reply's ``Effects``, and the
dialogue (this module and the parts it wires together below) is the only writer of the session.

While a question is pending the utterance is read as its answer first (``assistant.dialogue.answers``);
another request takes over only when it clearly is not an answer, and a bare value never starts an
action. A correction at a confirmation changes the request and asks again. Questions about something else
are answered and the pending question is asked again; a new action replaces the pending one.

The parts: ``understanding`` (one utterance into a ``Heard``), ``utterance_checks`` (what it amounts to),
``request_flow`` (starting a request, asking again, moving on), ``readings`` (a request read again from
its words: "how much to fix it?" is a price), ``order_corrections`` and ``booking_moves`` (what was just
ordered or booked, changed), ``pending_question`` (answers, confirmations, interruptions),
``staff_offers`` (offering staff, handing over), ``failures`` (turns not understood), ``skill_runner`` (a
skill's handler and its reply's effects), ``replies`` (the manager's own words).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial

from assistant import intents as I
from assistant.dialogue.answers import Answer, AnswerReader, kept_as_is
from assistant.dialogue.booking_moves import another_booking, booking_move, last_booking, service_swap
from assistant.dialogue.booking_picked import booking_picked, order_picked
from assistant.dialogue.escalation import EscalationPolicy
from assistant.dialogue.failures import Failures
from assistant.dialogue.follow_ups import FollowUps
from assistant.dialogue.handlers import HandlerTimeout, call_handler
from assistant.dialogue.order_corrections import one_more, order_correction
from assistant.dialogue.pending_question import PendingQuestion, cancels_another, changes_instead
from assistant.dialogue.replies import CoreReplies, core_responses, join
from assistant.dialogue.request_flow import RequestFlow
from assistant.dialogue.requests import GREETING_FIRST
from assistant.dialogue.session import Frame, Session
from assistant.dialogue.skill_runner import UNDO, SkillRunner
from assistant.dialogue.staff_offers import StaffOffers
from assistant.dialogue.understanding import CANCEL_TAKEN_BACK, Heard, Understanding, asks
from assistant.dialogue.utterance_checks import CONTROL, UtteranceChecks
from assistant.dialogue.verification import RECORDS, VerificationPolicy, proved_numbers, verified_customer
from assistant.messages import IntentMatch, Reply, SlotValue, Transcript
from assistant.nlu.builtin_lists import builtin_lists
from assistant.nlu.engine import ACTION_CONFIDENCE, Nlu
from assistant.nlu.evidence import evidence
from assistant.nlu.relative import FEWER
from assistant.plugins import SkillRegistry
from assistant.redact import DIGITS, redact, redact_digits
from assistant.slots.numbers import cardinal
from assistant.store import (
    CANCELLABLE_STATUSES,
    Booking,
    Order,
    Store,
    StoreBusy,
    StoreError,
    StoreUnavailable,
)
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

_DIGITS_AFTER_NUMBER = re.compile(r"([0-9]{3,}[^0-9]+?)(?<![0-9])([0-9]{4})(?![0-9])")
"""Four digits said after an order or booking number at the question for that number ("4822 0123",
"order 4822, phone ends 0123"): the phone's last four, which are not logged."""

_ONLY_DIGITS = re.compile(r"[\s.,!?-]*((ok|okay|yes|yeah|um|uh|it's|its|네|음)[\s,]+)?#[\s.,!?-]*")
"""Digits said alone (``#`` stands for them), maybe after an "ok": the digits of a phone or a receipt code
whatever was asked ("order 4821" keeps its number)."""

_WENT_THROUGH = {
    "en": re.compile(
        r"^(?:so |ok |okay |and )?(?:did|has|have) (?:that|it|this|everything|my \w+)"
        r" (?:go|gone|went|get|got) (?:through|booked|placed|confirmed)\b"
        r"|^(?:so )?(?:is|was) (?:that|it|this|everything) "
        r"(?:booked|confirmed|done|placed|set|all set|gone through)\b"
        r"|^(?:so )?(?:are we|am i) (?:all )?(?:set|booked)\b"
    )
}
"""Whether the request just done went through ("did that go through?"): its status."""
_STATUS_OF = {I.BOOKING_CANCEL: I.BOOKING_STATUS, I.ORDER_CANCEL: I.ORDER_STATUS}
_LANGUAGE_NEUTRAL = frozenset({I.YES, I.NO, I.CANCEL, I.REPEAT})
"""Short answers ("ok", "네") that do not switch the conversation's language."""
_SMALL_TALK = (I.AGENT_HANDOFF, I.THANKS, I.GREET, I.GOODBYE)
"""Said with a call for staff taken back, no request of its own ("no thanks i dont need anyone")."""


_WISH = {
    "en": re.compile(
        r"(?:(?:hi|hello|hey|um|uh|so|ok|okay|yeah|yes)[\s,]+)*(?:i\s+|i'd\s+|id\s+)?"
        r"(?:want|need|wanna|would like|like|have|got|gotta)\s+(?:to\s+)?(?P<wish>cancel|change|modify)"
        r"(?:\s+(?:something|a thing|stuff|some stuff|something please))?(?:\s+please)?"
    ),
    "ko": re.compile(
        r"(?:(?:저기요|저기|음|아|네)\s*)*(?:뭐\s*좀\s*|뭘\s*좀\s*|좀\s*)?(?P<wish>취소|변경|바꾸|바꿀)\S*\s*"
        r"(?:하고\s?싶|하려|할래|해야|싶)\S*(?:\s*(?:요|는데요|은데요))?"
    ),
}
"""A wish to cancel or change, said with nothing named ("i want to cancel", "취소하고 싶어요", "뭐 좀 바꾸고
싶은데요")."""
_BOOKING_WORD = re.compile(r"\b(?:booking|appointment|appt|reservation)\b|예약")
_WISHED = {"cancel": (I.ORDER_CANCEL, I.BOOKING_CANCEL), "change": (I.ORDER_CHANGE, I.BOOKING_CHANGE)}
"""The requests of a wish, for an order and for a booking."""


def _wish(heard: Heard) -> str | None:
    """``cancel`` or ``change`` when ``heard`` is only a wish to cancel or change, naming nothing."""
    pattern = _WISH.get(heard.lang)
    said = pattern.fullmatch(normalize(heard.transcript.text)) if pattern is not None else None
    if said is None:
        return None
    return "cancel" if said["wish"] in ("cancel", "취소") else "change"


_PART_OF_IT = {
    "en": re.compile(
        r"(?:(?:no|oh|um|uh|actually|sorry|wait)[\s,]+)*(?:just|only)\s+(?P<n>one|two|1|2)"
        r"(?:\s+of\s+(?:them|those|the \w+))?(?:\s+please)?"
    ),
    "ko": re.compile(
        r"(?:(?:아니|아니요|아뇨|아)\s*)*(?P<n>하나|한|두|둘|1|2)\s?(?:개|장|벌|켤레)?만\s?(?:요|취소(?:해\s?주세요|요)?)?"
    ),
}
"""Part of an order's item said at the confirmation of its whole cancel ("just one of them", "한 장만요")."""


def _part_of_it(pending: Frame, heard: Heard) -> dict[str, SlotValue] | None:
    """The change taking some of an order off when its whole cancel is being confirmed and the customer says
    only part of it ("just one of them"); ``None`` otherwise."""
    pattern = _PART_OF_IT.get(heard.lang)
    if pattern is None or pending.intent != I.ORDER_CANCEL or pending.expect.kind != "confirm":
        return None
    said = pattern.fullmatch(normalize(heard.transcript.text))
    count = cardinal(said["n"], heard.lang) if said is not None else None
    order_id = pending.slots.get("order_id")
    if count is None or order_id is None:
        return None
    return {"order_id": order_id, "quantity": count, FEWER: True}


_KEEP_IT = re.compile(
    r"(?:(?:ok|okay|oh|ah|no|never ?mind|nevermind|actually|sorry|fine|hmm|um|uh|i'll|ill|i will|just|let's"
    r"|lets)[\s,.]+)*keep (?:it|that|them|the order|my order)(?: then| please| as it is)?"
    r"|(?:(?:아|그냥|아니|아니에요|됐어요)\s*)*그대로 ?(?:둘게요|두세요|둬 ?주세요|할게요)"
)
"""The order just placed kept, said alone ("ok never mind, keep it", "아 그냥 그대로 둘게요")."""


def _names_only(requests: Sequence[IntentMatch]) -> bool:
    """Whether ``requests`` only name a service or a product ("the repair one", "the case"), no day, time or
    look of a new booking or order."""
    return all(
        r.intent in (I.BOOKING_CREATE, I.ORDER_PLACE, I.PRODUCT_INFO, None)
        and set(r.slots) <= {"service", "product"}
        for r in requests
    )


def undoes(heard: Heard) -> bool:
    """Whether ``heard`` is a bare "cancel that" (no order or booking named by its number), which right
    after a booking or an order was made means that one: "actually, cancel that", "그거 취소해 주세요"."""
    said_whole = normalize(heard.transcript.text)  # "ok never mind, keep it" (the NLU read "never mind")
    if CANCEL_TAKEN_BACK.search(normalize(heard.text)) or _NOT_CANCELLED.search(said_whole):
        return False  # "cancel it, actually no, just move it to thursday"; "ok never mind i wont cancel it"
    if _NO_LONGER.search(heard.text) and not RECORDS & heard.match.slots.keys():
        return True  # "hmm actually i dont need it anymore" (read as nothing)
    if heard.match.intent is None and not heard.requests and _CANCEL_IT_SAID.search(heard.text):
        return True
    if _CANCEL_EVERY.search(normalize(heard.text)) and not RECORDS & heard.match.slots.keys():
        return True  # "please cancel both appointments" (read as nothing): each, asked in turn
    said = [m for m in heard.requests or (heard.match,) if m.intent not in (I.YES, I.GREET, I.THANKS)]
    if len(said) > 1:  # "I ordered the wrong thing, cancel that": a change that says nothing is the reason
        said = [m for m in said if m.intent != I.ORDER_CHANGE or m.slots]
    return bool(said) and all(_bare_cancel(m) for m in said)  # "never mind, cancel it": both


_NOT_CANCELLED = re.compile(
    r"\b(?:won't|wont|will not|don't|dont|do not|not going to|not gonna|no need to|not trying to) "
    r"(?:\w+ )?(?:cancel|cancl|cancle)\w*\b"
    r"|취소 ?(?:안|않|하지 ?마|말아|하려는 ?게 ?아니|하려는 ?건 ?아니)|취소는 ?(?:안|하지 ?마|말고)"
    r"|\bkeep (?:it|that|them|the order|my order)\b|그대로 ?(?:둘게요|두세요|둬 ?주세요)"
)
"""Words that say nothing is to be cancelled ("ok never mind i wont cancel it", "취소 안 할게요",
"취소하려는게 아니라", "ok never mind, keep it"): no cancel is asked."""


_EVERY = re.compile(
    r"\b(both|all of (them|those|my orders|my bookings)|all my (orders|bookings|appointments)"
    r"|all the (orders|bookings|appointments))\b|둘 ?다|두 ?개 ?다|모두|전부"
)
"""Words of a bare cancel that mean every order just had ("cancel both of them", "둘 다 취소해 주세요")."""
_CANCEL_EVERY = re.compile(r"\bcancel\w* (both|all)\b")
"""A cancel of every order or booking just had, whatever the NLU made of it ("please cancel both
appointments")."""
_KIND = {
    I.ORDER_CANCEL: re.compile(r"\border|주문"),
    I.BOOKING_CANCEL: re.compile(r"\b(appointment|booking|reservation)|예약"),
}
"""Words naming which records a cancel of every one means ("cancel all my orders" after a booking too)."""
_IT = re.compile(r"^(please )?cancel (it|that|this)( please| for me| now)?$")
"""A cancel of whatever was just made or looked up, in the words of a skill's template."""
_SURE_STOP = 0.8
"""How sure a guessed "never mind" before another request must be to drop the request being made."""
_DETAILS_SAID = frozenset({"color", "size", "quantity", "delivery", "date", "time"})
"""Details a correction may give an order or booking just declined."""
_AFTER_ALL = re.compile(
    r"\b(no wait,? (do it|go ahead)|on second thought,? (yes|do it|go ahead)"
    r"|actually,? (yes,? |yeah,? |yep,? |ok,? |okay,? )?(do it|go ahead|(please )?(order|book|place) it))\b"
    r"|^(아 )?(아니다|아니 아니|아뇨 아뇨),? (그냥 )?"
    r"(해 ?주세요|해 ?줘|할게요|주문할게요|예약할게요|주문해 ?주세요|예약해 ?주세요)"
)
"""Words that take back a no just said ("아 아니다 그냥 해주세요", "no wait do it"): the question asked
again."""
_ONLY_KIND = re.compile(
    r"(?:(?:it'?s |its |an? |the |my |for )*(?:order|booking|appointment|reservation)s?(?: please)?)"
    r"|(?:(?:제 |그 )?(?:주문|예약)(?:이요|요|이에요|입니다|건이요|건요|한 거요|이었어요)?)"
)
"""An answer to "an order or a booking?" that names only the kind ("a booking", "예약이요")."""
_TAKEN_UP = {
    "en": re.compile(
        r"\b(i (do|still) (need|want) (it|that|one|to)|(i'?ve |i )changed my mind|on second thought"
        r"|actually,? (yes|yeah|i do|let'?s do it|go ahead))\b"
    ),
    "ko": re.compile(
        r"^(아 |어 )?(아니다|아니 아니|아뇨 아뇨)\b|(그냥|다시) (할게요|해 ?주세요|예약할게요|주문할게요)"
    ),
}
"""Words that take back a stop just said ("never mind", then "wait actually yes i do need it")."""
_NO_LONGER = re.compile(
    r"\b(don't|do not|dont) (need|want) (it|that|them|this|those|the order|the booking) "
    r"(anymore|any more|after all)\b|\bno longer (need|want)\b"
    # "actually i dont need the blue one", "i dont need the speaker after all": it was ordered again
    r"|\b(don't|do not|dont) (need|want) (the|that) ([a-z-]+ ){0,2}(one|ones|[a-z-]+ (anymore|after all))$"
    # "hmm on second thought i don't think i need it", "on second thought, I don't really need it, sorry"
    # (an "alright" left it ordered)
    r"|\b(don't|do not|dont) (think|guess) (i|we) (really )?(need|want) (it|that|them|this|those|one)\b"
    r"|\b(don't|do not|dont) (really |actually )?(need|want) (it|that|them|this one|that one)"
    r"( anymore| after all| now)?(,? sorry)?$"
    r"|^(그거|그 주문|그 예약|주문한 거|예약한 거)?\s?(이제 )?(필요 ?없어|필요가 ?없어)"
    r"|^(아 |음 |흠 )?(다시 )?생각해 ?보니(까)?\s?(그거 |그냥 )?(필요 ?없|필요가 ?없|안 ?살래|안 ?할래)"
    # "헐 잘못 시켰어요 없던걸로 해주세요" (the order stayed)
    r"|(없던|없었던) ?(걸로|거로|것으로|일로)|잘못 (시켰|주문했|눌렀)"
)
"""Words that say what was just made is not wanted after all."""
_CANCEL_IT_SAID = re.compile(
    r"^(?!.*\b(how|what|when|why|if|whether|can i|could i)\b).*\bcancel (it|that|this)\b"
    r"|^(?!.*(어떻게|언제|왜|방법|수수료|되나요|될까요|돼요\?|가능|\?))"
    r".*(취소|캔슬) ?(해 ?주세요|해 ?줘|할게요|할래요|해요|하고 싶어요|부탁)"
)
"""A cancel of what was just made said among other words, no question ("oh and cancel it actually, i can't
come saturday", "shoot, I can't make saturday after all, please cancel it", "그날 일이 생겼어요 취소해
주세요": read as nothing, the booking stayed)."""


_CANCEL_IT = re.compile(
    r"\b(cancel\w*) (it|that|this|them|the order|my order|the booking|my booking|the appointment)$"
    r"|^(그거|이거|그 주문|이 주문|그 예약|이 예약|주문|예약)?\s?"
    r"취소(할 수 있어요|할 수 있나요|돼요|되나요|가능해요|가능한가요)$"
)
"""A question whether "it" can be cancelled, said right after an order or booking was made or looked up:
that one is offered to be cancelled ("can I cancel it?" asks nothing about rules; "if", "later" would)."""


_CONDITION = re.compile(
    r"\b(if|when|later|until|before|after|how|policy|fee)\b|나중에|하면|되면|어떻게|수수료"
)
"""Words of a question about cancelling ("can I cancel it later if I change my mind?"), not a cancel."""


_ONLY_STOP = re.compile(
    r"^(?:(?:ok|okay|alright|hold on|wait) )?(?:stop|quit|abort|let's start (?:over|again)|start over)"
    r"(?: it| that| this| please)?$"
    r"|^(?:이제 |아 |네 )?"
    r"(?:그만|됐어요|됐어|됐습니다|그만할게요|그만할래요|그만해요|멈춰|멈춰요|중지해|처음부터 다시|다시 시작)"
    r"(?:요| 주세요)?$"
)
"""Words that stop the conversation's current business, said right after an order or booking was made: the
customer is done ("됐어요", "그만", "stop"), not asking to cancel what was just made (that takes a cancel
word)."""


def _bare_cancel(match: IntentMatch) -> bool:
    if RECORDS & set(match.slots):
        return False
    if match.matcher != "template" and _CONDITION.search(match.text):
        return False
    if match.intent == I.CANCEL:
        return not _ONLY_STOP.search(match.text)
    if match.intent == I.STORE_FAQ and match.slots.get("topic") == "cancellation":
        return _CANCEL_IT.search(match.text) is not None  # "can I cancel it?": asked before anything is done
    named = "product" in match.slots or "service" in match.slots  # "cancel just the phone case": its order
    template = match.matcher == "template" and not _IT.search(match.text)  # "please cancel it": a booking too
    return match.intent in UNDO.values() and not template and not named


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
class Turn:
    """The outcome of one utterance."""

    match: IntentMatch
    reply: Reply
    timed_out: bool = False
    """The session had expired and was started afresh before this turn."""
    error: str | None = None
    """Set when a skill failed; the reply is a polite fallback."""


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
        self.clock = clock
        self.settings = settings = settings or DialogueSettings()
        answers = AnswerReader(nlu, builtin_lists(store))
        self._replies = CoreReplies(registry)
        self._understanding = Understanding(
            nlu, answers, settings.escalation.offer_at, settings.action_confidence
        )
        self._checks = UtteranceChecks(answers, settings.action_confidence)
        failures = Failures(registry, self._replies, settings.handoff_after)
        self._runner = SkillRunner(
            registry,
            store,
            clock,
            self._replies,
            failures,
            settings.handler_timeout_s,
            settings.verification,
        )
        self._staff = StaffOffers(registry, self._replies, self._runner, self._checks, settings.escalation)
        self._flow = RequestFlow(nlu, self._replies, self._runner, failures, self._checks, FollowUps(nlu))
        self._pending = PendingQuestion(
            registry,
            nlu,
            answers,
            self._replies,
            self._runner,
            self._flow,
            self._checks,
            settings.action_confidence,
        )

    @property
    def store(self) -> Store:
        """The store the skills' handlers get and turns are logged to (a benchmark may wrap it)."""
        return self._runner.store

    @store.setter
    def store(self, store: Store) -> None:
        self._runner.store = store

    def new_session(self, lang: str) -> Session:
        return Session(lang=lang, last_active=self.clock())

    def say(self, session: Session, key: str, **values: object) -> Reply:
        """A reply from the dialogue manager's own templates, in the session's language."""
        return self._replies.say(session, key, **values)

    def understand(self, session: Session, transcript: Transcript) -> Heard:
        """Read one utterance once: the NLU's reading, the answer to the pending question, frustration."""
        return self._understanding.understand(session, transcript)

    def redacted(self, session: Session, text: str, pending: Frame | None = None) -> str:
        """``text`` as it may be logged or shown in the event stream: personal data replaced, and every
        digit of an answer to a question for personal digits (a phone number, an identity check)."""
        asked = pending if pending is not None else session.pending
        secret = asked is not None and asked.expect.secret
        if asked is not None and asked.expect.slot in RECORDS:  # "4822 0123": the number and its digits
            return _DIGITS_AFTER_NUMBER.sub(rf"\1{DIGITS}", redact(text[:MAX_CHARS]))
        digits_only = redact_digits(text[:MAX_CHARS])
        # "0187" said alone at another question (a complaint's yes or no) is still a phone's digits
        alone = _ONLY_DIGITS.fullmatch(digits_only.replace(DIGITS, "#")) is not None
        return digits_only if secret or alone else redact(text[:MAX_CHARS])

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
            heard = replace(heard, answer=Answer(), digits=None)
        if timed_out or _next_customer(session, heard):  # "hi there" after an order: maybe someone else
            fresh = self.new_session(session.lang)
            fresh.id = session.id
            session.__dict__.update(fresh.__dict__)
        session.last_active = now
        undoable, session.undoable = session.undoable, None  # "cancel that" undoes only the request before
        declined, session.declined = session.declined, None  # "actually yes" takes back only the last no
        left, session.stopped = session.stopped, None
        match, lang = heard.match, heard.lang
        pending = session.pending
        secret = pending is not None and pending.expect.secret
        typed = heard.transcript.engine == "text" and bool(match.text)  # its script says its language
        if (
            (match.intent or typed)
            and lang != session.lang
            and match.intent not in _LANGUAGE_NEUTRAL
            and not (secret and heard.digits is not None)  # digits said in answer switch nothing
            and not heard.answer.whole  # "XL" at "사이즈는 어떤 걸로 하시겠어요?" is no switch to English
        ):
            session.lang = lang
            if _unaskable(pending, lang):
                session.pending = pending = None
        said = self.redacted(session, heard.transcript.text, pending)
        session.transcript.append(f"customer: {said}")  # before routing: a ticket opened now includes it
        if match.intent:
            session.intents.append(match.intent)
        escalation = None
        if heard.digits is None and match.text:  # an identity answer is not read for frustration or repeats
            undo = undoable if undoable is not None and pending is None and undoes(heard) else None
            escalation = self._staff.observe(session, heard, undo)  # "ugh … i cant make it, cancel it"
        if heard.vented is not None:  # "ugh this is the third time ive come here, my order 4822 still …"
            offered = escalation is not None and escalation.action == "offer"
            if offered or match.intent == I.COMPLAINT:  # staff or the complaint offered: then the request
                session.queued.insert(0, heard.vented)
            else:
                heard = replace(heard, match=heard.vented)
                match = heard.match
        error: str | None = None
        if not match.text:
            reply = self.say(session, "empty")
            if pending is not None:  # the question is still open: ask it again
                reply = join(self.say(session, "empty_again"), self._flow.reask(session, pending, ""))
        else:
            try:
                if escalation is not None and escalation.action == "handoff":
                    reply = self._staff.hand_off(session, escalation)
                elif escalation is not None and self._staff.vented(session, heard):
                    # "this is useless" after "i don't want staff": sorry, and staff offered, no ticket
                    reply = self._staff.offer(session, Reply("", session.lang), escalation, True)
                elif escalation is not None and escalation.frustrated and match.intent == I.GOODBYE:
                    # "im so done with this store": leaving upset, not a goodbye to thank for; staff offered
                    reply = self._staff.offer(session, Reply("", session.lang), escalation, True)
                else:
                    failures = session.failures
                    reply = self._route(session, heard, undoable, declined, left)
                    stopped = match.intent == I.CANCEL and not undoes(heard)  # "됐어요" after an order
                    again = match.intent == I.REPEAT  # "what time was that again?", then "cancel it"
                    if (session.failures > failures or stopped or again) and session.pending is None:
                        session.undoable = undoable  # a turn not understood leaves "that" what it was
                    if escalation is not None and escalation.action == "offer":
                        reply = self._staff.offer(session, reply, escalation, session.failures > failures)
            except (StoreBusy, StoreUnavailable) as exc:
                log.error("store not available: %s", exc)
                error, reply = str(exc), self._store_down(session, pending, exc)
            except StoreError as exc:
                log.error("store error: %s", exc)
                error, reply = str(exc), self.say(session, "skill_failed")
                session.pending = None
        if match.intent != I.REPEAT:
            session.last_reply = reply
        if session.pending is None:
            session.replaced = None  # "do both" only while the second one is being made
        answered = redact(reply.text)
        session.transcript.append(f"assistant: {answered}")
        if match.intent == I.LANGUAGE and match.slots.get("language") == session.lang:  # the one asked for
            self._remember_language(session)
        latency_ms = (time.perf_counter() - started) * 1000
        if pending is not None and self._checks.was_answer(heard, pending):  # part of the pending request
            values = {} if secret else dict(heard.answer.values)
            match = IntentMatch(match.text, pending.intent, 1.0, values, "answer")
        try:
            self.store.log_interaction(
                session.id, lang, said, match.intent, match.score, answered, latency_ms
            )
        except StoreError as exc:  # the customer still gets the reply; the operator sees the warning
            log.warning("interaction not logged: %s", exc)
        return Turn(match, reply, timed_out, error)

    def _route(
        self,
        session: Session,
        heard: Heard,
        undoable: str | None = None,
        declined: Frame | None = None,
        stopped: Frame | None = None,
    ) -> Reply:
        instead = self._corrects_declined(heard, declined) if session.pending is None else {}
        if declined is not None and instead:  # "no", "what would you like instead?", "sorry i meant white"
            slots = {**declined.slots, **instead}
            return self._flow.finish(session, self._runner.run(session, str(declined.intent), slots))
        if stopped is not None and session.pending is None and self._takes_up(heard, stopped):
            # "never mind", then "wait actually yes i do need it, saturday": the booking again, on saturday
            taken = self._checks.answers.read(
                normalize(heard.text), heard.lang, str(stopped.intent), None, stopped.slots
            )
            slots = {**stopped.slots, **{k: v for k, v in taken.values.items() if k in _DETAILS_SAID}}
            return self._flow.finish(session, self._runner.run(session, str(stopped.intent), slots))
        intent = heard.match.intent
        more = None
        if undoable == I.ORDER_CANCEL and session.pending is None:  # "한개 더요" is no "한 번 더요"
            more = one_more(heard, self._checks.answers, lambda: self._orders_just_had(session))
        if more is not None:  # "add one more in gray": one more of the order just placed, asked first
            return self._flow.new_request(session, more)
        went = _WENT_THROUGH.get(heard.lang)
        status = _STATUS_OF.get(str(undoable))
        if status is not None and went is not None and went.search(normalize(heard.text)):
            # "did that go through?" right after a booking: it (its payment was told, an order number asked)
            return self._flow.new_request(session, heard.read_as(status, {}))
        repeat = heard.match.matcher == "template" or not (heard.answer.values or heard.answer.dont_know)
        if intent == I.REPEAT and repeat:  # "i dont know the phone number sorry" is no "sorry?"
            return session.last_reply or self.say(session, "nothing_to_repeat")
        pending = session.pending
        # as said: "actually yeah go ahead and order it" (the NLU's text has lost its "actually")
        after_all = _AFTER_ALL.search(normalize(heard.transcript.text)) is not None
        back = after_all or (heard.match.intent == I.YES and not heard.requests)
        if pending is None and declined is not None and back:
            # "no" at "shall I place the order?", then "actually yes": asked again, never done on this yes
            return join(self.say(session, "asked_again"), self._flow.reask(session, declined, ""))
        if pending is None and self._staff.waits(session, heard):  # "no that's fine, I'll wait"
            return self.say(session, "staff_on_the_way")
        wished, session.wished = session.wished, None
        wish = _wish(heard) if pending is None and undoable is None else None
        if wish is not None:  # "i want to cancel": an order or a booking? ("can't help" was said)
            session.wished = wish
            return self.say(session, f"{wish}_which")
        if wished is not None and pending is None:  # "order 4822" after "i want to cancel": its cancel
            heard = self._as_wished(heard, wished)
        if self._staff.withdraws(session, heard, just_called=undoable == I.AGENT_HANDOFF):
            said, last = heard.requests or (heard.match,), session.escalation.last_request
            rest = tuple(  # "…just tell me where my order is": the order 4821 said before the call
                replace(m, slots={**last.slots, **m.slots})
                if last is not None and m.intent == last.intent
                else m
                for m in said
                if m.intent not in (None, *CONTROL, *_SMALL_TALK)
            )
            # "never mind the staff, i'll just finish my order": back to the order put aside for the call
            back = pending is None and self._staff.goes_on(session, heard, asked_else=bool(rest))
            withdrawn = self._staff.withdraw(
                session, back
            )  # "no i dont need staff anymore, where's my order?"
            if back:
                answered = self._answered_after_call(
                    session, heard
                )  # "actually forget the person, 2pm is fine"
                return join(withdrawn, answered) if answered else self._flow.finish(session, withdrawn)
            if not rest or pending is not None:
                return withdrawn
            heard = replace(heard, match=rest[0], requests=rest if len(rest) > 1 else ())
            return join(withdrawn, self._flow.new_request(session, heard))
        after_stop = self._checks.answered_after_stop(heard, pending) if pending is not None else None
        if pending is not None and after_stop is not None:  # "never mind, just one": one (it was dropped)
            again = self._understanding.understand(session, replace(heard.transcript, text=after_stop))
            reply = self._pending.as_answer(session, pending, again)
            if reply is not None:
                return reply
        if (
            pending is not None
            and heard.requests
            and heard.requests[0].intent == I.CANCEL
            # "wait that's my old number, it's 310 555 4321" guessed a cancel: the order was dropped
            and (heard.requests[0].matcher == "template" or heard.requests[0].score >= _SURE_STOP)
            and not self._checks.corrects(heard, pending)
            and not changes_instead(pending, heard)
            and not evidence(heard.lang).refuses(pending.intent, normalize(heard.text))  # "…, keep it"
        ):
            session.pending = None  # "never mind that, I want a white power bank"
            rest = heard.requests[1:]
            return self._flow.new_request(
                session, replace(heard, match=rest[0], requests=rest if len(rest) > 1 else ())
            )
        if pending is not None:
            other = cancels_another(pending, heard)  # "oh and cancel the screen repair" while one is booked
            if other is not None:
                return self._pending.interrupt(session, pending, other)
            placed = self._placed_corrected(session, pending, heard)
            if placed is not None:  # "the blue one is fine but swap the pink for black": the pink order
                session.pending = None  # changed first, then back to the blue one's question
                session.suspended.append(pending)
                return self._flow.new_request(session, placed)
            heard = self._right_after(session, pending, heard) or heard  # "right after the repair"
            moved = self._made_booking_moved(session, pending, heard)
            if moved is not None:  # "wait, can the repair be at 11 instead" while a data transfer is asked
                session.pending = None  # (the data transfer was booked at 11): the repair moved, then it
                session.suspended.append(pending)
                return self._flow.new_request(session, moved)
            part = _part_of_it(pending, heard)
            if part is not None:  # "just one of them" at "cancel order 5001: 3 t-shirts?": one taken off
                session.pending = None  # (a yes after "please say yes or no" cancelled all three)
                return self._flow.new_request(session, heard.read_as(I.ORDER_CHANGE, part))
            reply = self._pending.as_answer(session, pending, heard)
            if reply is not None:
                return reply
            return self._pending.interrupt(session, pending, heard)
        if undoable == I.ORDER_CANCEL:  # an order was just placed or looked up: "oh, I wanted gray"?
            corrected = order_correction(heard, self._checks.answers, lambda: self._orders_just_had(session))
            if corrected is not None:
                return self._flow.new_request(session, corrected)
        if undoable is not None and heard.match.intent is None:
            heard = self._after_a_yes(heard)  # "네 취소해 주세요" after "you can cancel it instead"
        some = self._cancels_some(session, heard) if undoable == I.ORDER_CANCEL else None
        if some is not None:  # "cancel two of them, keep one" after three shirts: two taken off (all were)
            return self._flow.new_request(session, replace(heard.read_as(I.ORDER_CHANGE, some), requests=()))
        cancel = replace(heard, match=heard.requests[-1], requests=()) if heard.requests else heard
        if (
            undoable is not None
            and len(heard.requests) > 1
            and undoes(cancel)
            and _names_only(heard.requests[:-1])
        ):
            # "the repair one, cancel it" after two bookings: the repair's cancelled (a repair was booked)
            whole = replace(cancel.match, text=normalize(heard.transcript.text))
            heard = replace(heard, match=whole, requests=())
        if undoable is not None and len(heard.requests) > 1 and not undoes(heard):
            first = replace(heard, match=heard.requests[0], requests=())
            if undoes(first):  # "actually cancel that and book me a battery replacement instead": that
                session.queued[:0] = heard.requests[1:]  # one (there was "nothing to cancel"), then the rest
                heard = first
        if undoable is not None and AnswerReader.is_wait(normalize(heard.text), heard.lang):
            return self.say(session, "take_your_time")  # "잠깐만요" right after an order: no cancel asked
        if undoable is not None and undoes(heard):  # asked before anything is cancelled
            each = self._each_one(session, heard, undoable)
            if each:  # "둘 다 취소해 주세요" after two orders: each asked in turn (only the last was)
                session.queued[:0] = each[1:]
                heard = replace(heard, match=each[0], requests=())
            else:
                heard = heard.read_as(undoable, self._named_in(session, heard, undoable))  # still confirmed
        elif undoable is not None and intent == I.CANCEL and not heard.requests:  # "됐어요" after an order
            return self.say(session, "stays_as_it_is")
        elif undoable is not None and _KEEP_IT.fullmatch(normalize(heard.transcript.text)):
            # "ok never mind, keep it": no cancel asked, and "keep it" is no preference to remember
            return self.say(session, "stays_as_it_is")
        elif undoable == I.BOOKING_CANCEL:  # a booking was just made or looked up: "wednesday instead"?
            just_had = partial(self._booking_just_had, session)
            heard = (
                self._picked_moved(session, heard)  # "can you move the morning one to saturday"
                or service_swap(heard, self.nlu, just_had)
                or booking_move(heard, self.nlu, just_had)
                or another_booking(heard, self.nlu, just_had)
                or heard
            )
        return self._flow.new_request(session, heard)

    def _answered_after_call(self, session: Session, heard: Heard) -> Reply | None:
        """The question put aside for the call just taken back, answered by the words said with taking it
        back ("actually forget the person, 2pm is fine": the 2 PM was lost and the time asked again);
        ``None`` when they answer nothing of it."""
        frame = session.suspended[-1] if session.suspended else None
        if frame is None or frame.expect.slot is None:
            return None
        text, intent = normalize(heard.transcript.text), str(frame.intent)
        answer = self._checks.answers.read(text, heard.lang, intent, frame.expect.slot, frame.slots)
        if frame.expect.slot not in answer.values:
            return None
        session.suspended.pop()
        return self._flow.finish(session, self._runner.run(session, intent, {**frame.slots, **answer.values}))

    def _takes_up(self, heard: Heard, stopped: Frame) -> bool:
        """Whether ``heard`` takes back the stop of request ``stopped`` the turn before ("wait actually yes
        i do need it", "아 아니다 그냥 할게요 토요일로"), saying nothing else."""
        said = normalize(heard.transcript.text)
        taken = _AFTER_ALL.search(said) or _TAKEN_UP[heard.lang].search(said)
        return taken is not None and heard.match.intent in (None, I.YES, stopped.intent)

    def _corrects_declined(self, heard: Heard, declined: Frame | None) -> dict[str, SlotValue]:
        """The details a correction gives the order or booking just declined ("sorry i meant white, still
        two" after "no" at its confirmation: "what would you like instead?" was asked again and again);
        ``{}`` for anything else (another request, or nothing said of it)."""
        if declined is None or declined.intent not in (I.ORDER_PLACE, I.BOOKING_CREATE):
            return {}
        if (
            heard.match.intent not in (None, declined.intent, I.NO, I.REPEAT)
            and heard.match.matcher == "template"
        ):
            return {}
        said = self._checks.answers.read(
            normalize(heard.text), heard.lang, str(declined.intent), None, declined.slots
        )
        values = {k: v for k, v in said.values.items() if k in _DETAILS_SAID}
        changed = any(declined.slots.get(k) != v for k, v in values.items())
        return values if changed and len(values) == len(said.values) else {}

    def _after_a_yes(self, heard: Heard) -> Heard:
        """``heard`` read without the yes it opens with, when the rest is a request ("네 취소해 주세요", read
        as nothing whole: the cancel the reply before offered was "can't help")."""
        if self._checks.answers.opening(heard.text, heard.lang) != "yes":
            return heard
        rest = " ".join(heard.text.split()[1:])
        match = self.nlu.parse(rest, heard.lang) if rest else None
        return replace(heard, match=match) if match is not None and match.intent is not None else heard

    def _named_in(self, session: Session, heard: Heard, intent: str) -> dict[str, SlotValue]:
        """The product (or the order its colour picks), or the service and time, ``heard`` names, which
        pick the order or booking a bare cancel means ("아 후드티는 안 살래요" after a hoodie and a case were
        ordered cancelled the case's order); never one said to stay ("the blue one is fine, just cancel
        the pink one" cancelled the blue one)."""
        text, intent_said = heard.text, I.BOOKING_CREATE if intent == I.BOOKING_CANCEL else I.ORDER_PLACE
        said = [
            (name, value)
            for name, value, start, end in self._checks.answers.slot_spans(text, heard.lang, intent_said)
            if not kept_as_is(text, heard.lang, start, end)
        ]
        if intent == I.BOOKING_CANCEL:  # "cancel the 10 o'clock one": its service or time
            picked = booking_picked(normalize(text), heard.lang, self._bookings_just_had(session))
            if picked is not None:  # "cancel the morning one", "첫번째 예약 취소요": that one (the last was)
                return {"booking_id": picked[0].id}
            return {name: value for name, value in said if name in ("service", "time")}
        orders = self._orders_just_had(session)
        standing = [o.id for o in orders if o.status != "cancelled"]
        place = order_picked(normalize(text), heard.lang, standing)
        # "cancel the first one", "첫번째꺼 취소해주세요" after two orders: that one, not the last
        if place is not None:
            return {"order_id": place}
        product = next((value for name, value in said if name == "product"), None)
        colors = {value for name, value in said if name == "color"}
        holding = [
            order
            for order in orders
            if any(line.color in colors and product in (None, line.product_id) for line in order.lines)
        ]
        if len(holding) == 1:  # "just cancel the pink one" after a pink and a blue case
            return {"order_id": holding[0].id}
        return {} if product is None else {"product": product}

    def _each_one(self, session: Session, heard: Heard, undoable: str) -> list[IntentMatch]:
        """A cancel of each order (or booking) this conversation had that can still be cancelled, when
        ``heard`` says both or all of them ("cancel both", "둘 다 취소해 주세요"); ``[]`` for anything
        else."""
        said = normalize(heard.text)
        if _EVERY.search(said) is None:
            return []
        named = [kind for kind, words in _KIND.items() if words.search(said)]
        undoable = named[0] if len(named) == 1 else undoable
        if undoable == I.ORDER_CANCEL:
            orders = [o for o in self._orders_just_had(session) if o.status in CANCELLABLE_STATUSES]
            records = [("order_id", o.id) for o in orders]
        elif undoable == I.BOOKING_CANCEL:
            bookings = [b for n in _just_had(session, "booking") if (b := self.store.booking(n)) is not None]
            records = [("booking_id", b.id) for b in bookings if b.status == "booked"]
        else:
            return []
        if len(records) < 2:
            return []
        return [IntentMatch(heard.text, undoable, 1.0, {slot: n}, "context") for slot, n in records]

    def _placed_corrected(self, session: Session, pending: Frame, heard: Heard) -> Heard | None:
        """A correction of an order placed in this conversation said while the next one's questions are
        asked ("2 phone cases, one pink one blue", then at the blue one's phone question "the blue one is
        fine but swap the pink for black"): it names a look of the placed order that the one asked about
        has not (the blue case became black, or pink); ``None`` otherwise."""
        if pending.intent != I.ORDER_PLACE or session.data.get("last_order") is None:
            return None
        orders = self._orders_just_had(session)
        looks = {
            (name, getattr(line, name)) for o in orders[:1] for line in o.lines for name in ("color", "size")
        }
        spans = self.nlu.slot_spans(heard.text, heard.lang, I.ORDER_CHANGE)
        named = [
            (name, value)
            for name, value, start, end in spans
            if (name, value) in looks
            and pending.slots.get(name) not in (None, value)
            and not kept_as_is(heard.text, heard.lang, start, end)
        ]
        return order_correction(heard, self._checks.answers, lambda: orders[:1]) if named else None

    def _orders_just_had(self, session: Session) -> list[Order]:
        """The order placed or looked up last, then the others this conversation proved, newest first."""
        if session.data.get("last_order") is None:
            return []
        return [order for n in _just_had(session, "order") if (order := self.store.order(n)) is not None]

    def _picked_moved(self, session: Session, heard: Heard) -> Heard | None:
        """A move of the booking of this conversation's several that ``heard`` names by its part of the day or
        place ("can you move the morning one to saturday": the last one was moved, to the morning); ``None``
        when it names none or moves nothing."""
        picked = booking_picked(heard.text, heard.lang, self._bookings_just_had(session))
        if picked is None:
            return None
        (booking, (start, end)), text = picked, heard.text
        unnamed = replace(heard, match=replace(heard.match, text=f"{text[:start]} {text[end:]}".strip()))
        moved = booking_move(unnamed, self.nlu, lambda: booking)
        return (
            moved.read_as(I.BOOKING_CHANGE, {**moved.match.slots, "booking_id": booking.id})
            if moved
            else None
        )

    def _made_booking_moved(self, session: Session, pending: Frame, heard: Heard) -> Heard | None:
        """``heard`` as the move of the booking this conversation made of the other service it names, with a
        new day or time, while another booking is being made ("wait, can the repair be at 11 instead", "아
        잠깐 수리는 11시로 해주세요"); ``None`` otherwise."""
        if pending.intent != I.BOOKING_CREATE or heard.match.intent not in (I.BOOKING_CHANGE, None):
            return None
        service = heard.match.slots.get("service") or heard.answer.values.get("service")
        if service is None or service == pending.slots.get("service"):
            return None
        made = [b for b in self._bookings_just_had(session) if b.service_id == service]
        if len(made) != 1:
            return None
        moved = booking_move(heard, self.nlu, lambda: made[0])
        slots = moved.match.slots if moved is not None else heard.match.slots
        if not {"date", "time"} & slots.keys():
            return None
        return heard.read_as(I.BOOKING_CHANGE, {**slots, "booking_id": made[0].id})

    def _right_after(self, session: Session, pending: Frame, heard: Heard) -> Heard | None:
        """``heard`` answering a booking's time (or day) question with the end of the booking just made that
        day ("right after the repair", "수리 끝나고 바로요": the repair's service was taken, and a second
        repair booked); ``None`` when it says no such thing."""
        pattern = _RIGHT_AFTER.get(heard.lang)
        asked = pending.expect.slot
        if pattern is None or pending.intent != I.BOOKING_CREATE or asked not in ("time", "date"):
            return None
        if pattern.search(normalize(heard.transcript.text)) is None:
            return None
        booking = self._booking_just_had(session)
        service = self.store.service(booking.service_id) if booking is not None else None
        if booking is None or service is None or booking.status != "booked":
            return None
        if (
            str(pending.slots.get("date", booking.start.date().isoformat()))
            != booking.start.date().isoformat()
        ):
            return None
        end = booking.start + timedelta(minutes=service.duration_min)
        day = {"date": end.date().isoformat()} if asked == "date" else {}  # at "which day?": that day too
        return replace(heard, answer=Answer({**day, "time": end.strftime("%H:%M")}, True))

    def _cancels_some(self, session: Session, heard: Heard) -> dict[str, SlotValue] | None:
        """The change taking some of the one item of the order just placed off, when the cancel counts fewer
        than it holds ("cancel two of them, keep one", "두장은 취소하고 한장만 주세요"); ``None``
        otherwise."""
        pattern = _SOME_CANCELLED.get(heard.lang)
        said = pattern.search(normalize(heard.transcript.text)) if pattern is not None else None
        count = cardinal(said.group("n"), heard.lang) if said is not None else None
        orders = self._orders_just_had(session)
        if count is None or not orders or len(orders[0].lines) != 1 or orders[0].lines[0].quantity <= count:
            return None
        line = orders[0].lines[0]
        return {"order_id": orders[0].id, "product": line.product_id, "quantity": count, FEWER: True}

    def _as_wished(self, heard: Heard, wished: str) -> Heard:
        """``heard`` naming an order or a booking (read as a lookup of it, or as nothing) as the cancel or
        change wished for just before ("i want to cancel" … "booking 1"); ``heard`` itself otherwise."""
        if heard.requests or asks(heard.text, heard.lang):  # "where is order 4822?" asks where it is
            return heard
        order, booking = _WISHED[wished]
        booked = heard.match.intent == I.BOOKING_STATUS or _BOOKING_WORD.search(heard.text) is not None
        intent = booking if booked else order
        if _ONLY_KIND.fullmatch(normalize(heard.text)):  # "a booking", "예약이요": which one is asked next
            return replace(heard, match=IntentMatch(heard.text, intent, 1.0, {}, "context"), requests=())
        said = self._checks.answers.read(heard.text, heard.lang, intent, None)
        slot = "booking_id" if booked else "order_id"
        if slot not in said.values or said.extra > 2:  # "booking 1", "4822번 주문이요": the record alone
            return heard  # a request of its own ("where is order 4822?" asks where it is)
        # "4822" alone is named in so many words: the cancel of order 4822 (not "did you want to …?")
        match = IntentMatch(f"{wished} {heard.text}", intent, 1.0, {slot: said.values[slot]}, "context")
        return replace(heard, match=match, requests=())

    def _bookings_just_had(self, session: Session) -> list[Booking]:
        """The bookings this conversation made or proved that still stand."""
        found = (self.store.booking(n) for n in _just_had(session, "booking"))
        return [b for b in found if b is not None and b.status != "cancelled"]

    def _booking_just_had(self, session: Session) -> Booking | None:
        return last_booking(session, self.store)

    # --- faults and preferences ---------------------------------------------------------------------

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

    def _remember_language(self, session: Session) -> None:
        """A verified customer who asked for a language gets it remembered as their preferred one, even
        the one spoken already ("English please" from a record that prefers Korean); not one who only said
        something in it ("ok thanks" in a Korean conversation)."""
        customer_id = verified_customer(session.view())
        if customer_id is None:
            return
        try:
            self.store.set_customer_language(customer_id, session.lang)
        except StoreError as exc:
            log.warning("preferred language not stored: %s", exc)


_RIGHT_AFTER = {
    "en": re.compile(
        r"^(?:(?:ok|okay|so|then|um|uh)\s+)*(?:(?:right|just|straight|immediately)\s+)?after\s+(?:the|my|that|it)\b"
        r"(?:\s+\w+){0,3}(?:\s+please)?$|^(?:right|straight|just)\s+after(?:\s+(?:it|that))?(?:\s+please)?$"
    ),
    "ko": re.compile(r"(?:끝나고|끝난 ?다음|끝난 ?후|끝나자마자|바로 다음|바로 뒤)"),
}
"""A time said as the end of the booking just made ("right after the repair", "수리 끝나고 바로요")."""
_SOME_CANCELLED = {
    "en": re.compile(
        r"\bcancel (?:just |only )?(?P<n>one|two|three|four|[1-9])\b"
        r"(?! (?:orders?|bookings?|appointments?|of (?:my|the|our) (?:orders|bookings)))"
    ),
    "ko": re.compile(r"(?P<n>하나|한|두|둘|세|셋|네|[1-9])\s?(?:개|장|벌|켤레|대)?\s?(?:은|는|만)?\s?취소"),
}
"""A cancel of part of an order's one item, counted ("cancel two of them", "두장은 취소")."""


def _just_had(session: Session, kind: str) -> list[int]:
    """The numbers of the records of ``kind`` (``order``, ``booking``) this conversation had: the one
    placed, made or looked up last, then the others it proved, newest first, each once."""
    last = session.data.get(f"last_{kind}")
    first = [int(last)] if last is not None else []
    return list(dict.fromkeys([*first, *reversed(proved_numbers(session.verified, kind))]))


def _unaskable(pending: Frame | None, lang: str) -> bool:
    """Whether ``pending`` is an offer made in another language than ``lang`` that cannot be asked
    again in it (only the offer of a member of staff has words of its own in every language): a
    stranger's Korean request after the English "would you like recommendations…?" was followed by
    "직원을 불러 드릴까요?" ("shall I call a member of staff?"), which a yes would have answered with
    recommendations."""
    if pending is None or pending.rerun or pending.checking or pending.intent == I.AGENT_HANDOFF:
        return False
    return pending.question is not None and pending.question.lang != lang


def _next_customer(session: Session, heard: Heard) -> bool:
    """Whether a plain greeting with nothing pending comes after records were proved or made in this
    conversation: at a kiosk it is most often the next customer, who must not see the last one's order
    ("hi there" … "where is my order" told them order 5001's delivery)."""
    match = heard.match
    proved = bool(session.verified) or session.customer_id is not None
    if session.pending is not None or not proved:
        return False
    if match.intent == I.GREET:  # a guess too: "hi there" heard as "hide there" kept booking 1 proved
        return True
    # "hello there, what was in order 4821 and where is it going": a greeting that opens a request too
    return GREETING_FIRST.match(normalize(heard.transcript.text)) is not None
