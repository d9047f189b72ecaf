"""Starting a request (asking first when an action is not certain), asking a pending question again, and
moving on to a request put aside or said with it once one is done."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from assistant import intents as I
from assistant.dialogue.answers import (
    BOOKING_DAYS,
    NOT_AFTER,
    NOT_BEFORE,
    NOT_DATE,
    OR_TIME,
    Answer,
    DaysSaid,
)
from assistant.dialogue.choices import place_said
from assistant.dialogue.escalation import TextScore
from assistant.dialogue.failures import Failures
from assistant.dialogue.follow_ups import FollowUps
from assistant.dialogue.readings import (
    added_beside,
    change_beside_kept,
    change_in_passing,
    change_then_added,
    changes_named,
    items_taken_off,
    kept_beside_removed,
    order_named,
    products_listed,
    read_again,
    repair_gone_wrong,
)
from assistant.dialogue.replies import CoreReplies, join
from assistant.dialogue.requests import TOPICS, clauses
from assistant.dialogue.session import Frame, Session
from assistant.dialogue.shares import LOOKS, in_request, order_spans, undecided
from assistant.dialogue.skill_runner import SkillRunner
from assistant.dialogue.understanding import Heard
from assistant.dialogue.utterance_checks import MAIN_ENTITY, UtteranceChecks, keeps_part
from assistant.dialogue.verification import RECORDS
from assistant.messages import Expect, IntentMatch, Reply, SlotValue, Transcript
from assistant.nlu.engine import NOT_SOLD, UNLISTED, Nlu
from assistant.text import normalize

_ANSWERED_AT_ONCE = frozenset({I.STORE_HOURS, I.STORE_LOCATION, I.STORE_FAQ, I.PRODUCT_INFO})
"""Plain questions, answered first when said together with a request that asks questions of its own."""
_SAME_DAY = {"en": re.compile(r"\bsame day\b"), "ko": re.compile(r"같은 날")}
"""A day said as the one of the request before ("and a data transfer the same day at 2")."""
_UNLISTED_SIZE = re.compile(
    r"^(?:(?:in |a |is there a |do you have (?:it |them )?(?:in )?)?size )?(?P<n>2[0-9]{2}|3[0-2][0-9])"
    r"(?: ?(?:mm|미리|사이즈))?(?:도|은|는)?"
    r"(?: (?:있나요|있어요|있어|돼요|되나요|나와요|나오나요|please|then|too|as well))?$"
)
"""A shoe size said alone after a product question ("230도 있나요?", "in size 265?"), listed or not."""
_ASKED_ABOUT = frozenset({"color", "size"})
"""What a bare follow-up to a product question may ask about ("in red?")."""
NEEDS_CERTAINTY = I.ACTIONS | {I.AGENT_HANDOFF}
"""Intents that change the store (a ticket, too): a guess at one is asked about before it starts."""
_ASKED_BY = {I.STORE_FAQ: "topic", I.PRODUCT_RECOMMEND: "price_order"}
"""Questions that one value said alone asks in full: the policy ("그럼 반품은요?"), the price extreme ("and
the most expensive")."""
_DETAILS = ("date", *LOOKS)


def _one_shown(session: Session, heard: Heard) -> IntentMatch | None:
    """ "the second one" just after products were suggested: that product, told about (it was "can't
    help"); ``None`` for anything else."""
    shown = session.last_reply.effects.shown if session.last_reply is not None else None
    index = place_said(heard)
    if not shown or index is None or index >= len(shown):
        return None
    return IntentMatch(heard.match.text, I.PRODUCT_INFO, 1.0, {"product": shown[index]}, "context")


def _names_topic(session: Session, slots: Mapping[str, SlotValue]) -> bool:
    """Whether ``slots`` name a product or service; it becomes the topic (with its day, colour and size,
    if any)."""
    named = {k: slots[k] for k in (*TOPICS, *_DETAILS) if slots.get(k) is not None}
    if slots.get(NOT_SOLD) is not None:  # "a repair for my earbuds": refused, no topic (the next "can you
        return False  # replace my phone's battery tomorrow" booked the screen repair it was read as)
    if any(k in named for k in TOPICS):
        session.topic = named
        return True
    return False


@dataclass(frozen=True)
class RequestFlow:
    """Starts requests, asks their questions again, and goes on to the next one."""

    nlu: Nlu
    replies: CoreReplies
    runner: SkillRunner
    failures: Failures
    checks: UtteranceChecks
    follow_ups: FollowUps

    def new_request(self, session: Session, heard: Heard) -> Reply:
        """A request with nothing pending: run it, or ask first when an action is not certain. Further
        requests said with it wait their turn."""
        answers = self.checks.answers
        gone = repair_gone_wrong(heard)
        if gone is not None:  # "…replaced here last week and its draining again, can i get a refund": one
            heard = replace(heard, match=gone, requests=())  # complaint (the refund asked an order number)
        taken = (
            items_taken_off(heard, answers)
            or change_beside_kept(heard, answers)
            or kept_beside_removed(heard, answers)
        )
        if taken is not None:  # "take one shirt and the case off 4822": one cancellation of both
            heard = replace(heard, match=taken, requests=())
        each = (
            changes_named(heard, answers)
            or products_listed(heard, answers)
            or change_then_added(heard, answers)  # "… bump the shirts down to small and also throw in a …"
        )
        if each:  # "on order 4822 make the shirts large and the case blue": one, then the other
            session.queued[:0] = each[1:]
            heard = replace(heard, match=each[0], requests=())
        change = order_named(heard, self.checks.answers) if heard.requests else None
        if change is not None:  # "order 4822 - the tshirts, I need them in large": one change, no 4822 shirts
            session.queued.extend(added_beside(change, heard.requests, heard.lang))  # "…, and add a …"
            heard = replace(heard, match=change, requests=())
        first, *rest = heard.requests or (heard.match,)
        if first.intent == I.ORDER_CHANGE and "order_id" in first.slots and rest:
            added = added_beside(first, rest, heard.lang)
            if len(added) == len(rest):  # "for order 4822 change the shirts to small and add a screen
                session.queued[:0] = added  # protector": added to 4822 (a new order was begun for it)
                heard = replace(heard, match=first, requests=())
        heard = self._change_asked_too(heard)
        said = [r for r in heard.requests if r.intent not in (I.YES, I.NO)]  # "great, can I come in monday"
        pieces = {r.intent for r in said}
        ordered = pieces - {I.PRODUCT_RECOMMEND} == {I.ORDER_PLACE} or heard.match.intent == I.ORDER_PLACE
        if said and pieces <= {I.ORDER_PLACE, I.PRODUCT_INFO, I.PRODUCT_RECOMMEND} and ordered:
            # "three hoodies please - two black in medium and one navy in small": the shares of the count
            # said first (its pieces made 3 black and 1 navy)
            shared = in_request(heard, order_spans(heard, self.nlu), None)
            said = [IntentMatch(heard.text, I.ORDER_PLACE, 1.0, share, "split") for share in shared] or said
        if heard.requests and said:
            heard = replace(heard, requests=tuple(said))
            for request in heard.requests:  # "i need a phone case, what colours you got": about the case
                read = read_again(replace(heard, match=request), self.checks.answers)  # refused: no topic
                if _names_topic(session, (read or request).slots):
                    break
            first, *rest = sorted(heard.requests, key=lambda r: r.intent not in _ANSWERED_AT_ONCE)
            change = order_named(replace(heard, match=first), self.checks.answers)
            if change is not None:  # "on order 4822 keep one shirt and the case and cancel the other shirt":
                rest = added_beside(change, rest, heard.lang)  # one change (the case was ordered, the shirt
            session.queued.extend(rest)  # left taken off)
            heard = replace(heard, match=first, requests=())
        heard = self.follow_ups.read(session, heard)  # "how long does it take" after a repair's price
        read = read_again(heard, self.checks.answers)  # "how much to fix it", "what address is it going to"
        heard = replace(heard, match=read) if read is not None else heard
        picked = _one_shown(session, heard) if heard.match.intent == I.ORDER_PLACE else None
        if picked is not None and "product" not in heard.match.slots:  # "i'll take the first one" after
            slots = {**heard.match.slots, **picked.slots}  # suggestions: that one ("What would you like to
            heard = replace(heard, match=replace(heard.match, slots=slots))  # order?" again and again)
        if heard.match.matcher != "template" and heard.match.intent not in I.ACTIONS:
            # whatever the classifier guessed of "in red?"; suggestions asked for one named product
            asked = self._about_it(session, heard) or self._one_named(heard) or _one_shown(session, heard)
            heard = replace(heard, match=asked) if asked is not None else heard
        match = heard.match
        slots = self._on_topic(session, heard, dict(match.slots)) if match.intent else {}
        if match.intent in BOOKING_DAYS:
            piece, whole = normalize(match.text), normalize(heard.transcript.text)
            days = self.checks.answers.days_said(piece, heard.lang, match.intent)
            if days.fallback is None and whole != piece:  # "…tomorrow at noon, or 1 if not": read "…at noon"
                fallback = self.checks.answers.days_said(whole, heard.lang, match.intent).fallback
                days = replace(days, fallback=fallback)
            slots = _with_days(slots, days)
        from_topic = set(slots) - set(match.slots)
        topical = MAIN_ENTITY.get(str(match.intent)) in from_topic or self._of_shown(session, heard)
        if match.intent is None or (
            match.matcher not in ("template", "split", "context")
            and self.checks.bare(heard)
            and not from_topic & {*TOPICS}
            and not topical
            and _ASKED_BY.get(str(match.intent))
            not in match.slots  # "그럼 반품은요?", "and the most expensive"
        ):
            # "0 1 8 7", "three" ask for nothing; "… and the power bank" is the request before it again;
            # "I'll get two of those" after the hoodie's price is an order for hoodies, "do you have them
            # in white?" a question about them
            return self.failures.not_understood(session, "out_of_scope")
        cancels = match.intent in (I.ORDER_CANCEL, I.BOOKING_CANCEL)
        if cancels and keeps_part(normalize(match.text), heard.lang):
            undone = self.checks.answers.read(normalize(match.text), heard.lang, str(match.intent), None)
            named = {k: v for k, v in undone.values.items() if k in TOPICS}
            if not named:  # "케이스는 빼고 나머지 취소": what, then
                return self.finish(session, self.replies.say(session, "keeps_part"))
            slots = {**slots, **named}  # "티셔츠는 놔두고 케이스만 취소해 주세요": the case
        if match.intent in NEEDS_CERTAINTY and not self.checks.certain(heard) and not topical:
            # an order of the product just talked about only asks questions, then confirms it all
            return self._check(session, match.intent, slots)
        split = match.intent == I.ORDER_PLACE and match.matcher != "split"
        spans = order_spans(heard, self.nlu) if split else []
        shared = in_request(heard, spans, slots.get("product")) if split else []
        if split and not shared:  # "a black or white phone case": which colour is asked
            slots = {k: v for k, v in slots.items() if k not in undecided(heard, spans)}
        if shared:  # "two t-shirts in black, one medium and one large": two orders, one after the other
            one, *others = shared
            session.queued[:0] = [IntentMatch(match.text, I.ORDER_PLACE, 1.0, r, "split") for r in others]
            slots = {**{k: v for k, v in slots.items() if k not in (*LOOKS, "quantity")}, **one}
            ahead = self.replies.say(session, "shared_out")
            return join(ahead, self.finish(session, self.runner.run(session, I.ORDER_PLACE, slots)))
        return self.finish(session, self.runner.run(session, match.intent, slots))

    def _change_asked_too(self, heard: Heard) -> Heard:
        """``heard`` with the change of an order said beside a question about it ("on my order 4822 i only
        need one of the shirts not two, and can you tell me when it comes": only the status was told, and
        the change was lost), as two requests: the change (still confirmed), then the question."""
        if heard.requests or heard.match.intent not in (I.ORDER_STATUS, I.DELIVERY_INFO):
            return heard
        for piece in clauses(heard.transcript.text, heard.lang):
            read = replace(heard, match=self.nlu.parse(piece, heard.lang), requests=())
            change = order_named(read, self.checks.answers)
            if change is not None:
                return replace(heard, requests=(change, heard.match))
        change = change_in_passing(heard, self.checks.answers)
        return heard.read_as(I.ORDER_CHANGE, change.slots) if change is not None else heard

    def _of_shown(self, session: Session, heard: Heard) -> bool:
        """Whether the request takes a product, names none and comes just after several were suggested
        ("i'd like two of them"): it is about one of those, so it asks which."""
        shown = session.last_reply.effects.shown if session.last_reply is not None else None
        takes = self.nlu.slot_names(heard.lang, str(heard.match.intent))
        named = {NOT_SOLD, UNLISTED, *TOPICS} & heard.match.slots.keys()
        return len(shown or ()) > 1 and "product" in takes and not named

    def _one_named(self, heard: Heard) -> IntentMatch | None:
        """ "i'm looking for a hoodie", "후드티 추천해 주세요": suggestions asked for, but one product named,
        so the answer is that product (a question about it); ``None`` for anything else."""
        match = heard.match
        if match.intent != I.PRODUCT_RECOMMEND:
            return None
        named = self.nlu.find_slots(heard.text, heard.lang, I.PRODUCT_INFO)
        if "product" not in named:
            return None
        return replace(match, intent=I.PRODUCT_INFO, slots=named)

    def _about_it(self, session: Session, heard: Heard) -> IntentMatch | None:
        """ "in red?", "what about pink", "빨간색은요?" just after a product question: the same question,
        about that colour or size of the product talked about; ``None`` for anything else."""
        before = session.last_reply
        if before is None or before.intent != I.PRODUCT_INFO or "product" not in session.topic:
            return None
        answer = self.checks.answers.read(heard.match.text, heard.lang, I.PRODUCT_INFO, None)
        values = {k: v for k, v in answer.values.items() if k in _ASKED_ABOUT}
        unlisted = _UNLISTED_SIZE.search(heard.match.text)
        if not values and unlisted is not None:  # "230도 있나요?" after the shoes' sizes: it was order 230
            size = {"size": unlisted.group("n")}
            return IntentMatch(heard.match.text, I.PRODUCT_INFO, 1.0, size, "context")
        if not values or answer.extra > 2:
            return None
        if answer.values.get("product", session.topic["product"]) != session.topic["product"]:
            return None  # "how much are the t shirts in XL" after the shoes: the t-shirts
        return IntentMatch(heard.match.text, I.PRODUCT_INFO, 1.0, values, "context")

    def _on_topic(self, session: Session, heard: Heard, slots: dict[str, SlotValue]) -> dict[str, SlotValue]:
        """``slots`` with the product or service the conversation is about when the request takes one and
        names none ("사이즈는요?" after the shoes' colours), and its day when the customer says "the same
        day"; never for a request about an existing order or booking. What it names becomes the topic."""
        takes = self.nlu.slot_names(heard.lang, str(heard.match.intent))
        if heard.match.intent == I.CUSTOMER_PREFERENCE:
            return slots  # "oh and I prefer size L these days" after a gray t-shirt: no liking for gray
        if not RECORDS & takes:
            same_day = _SAME_DAY.get(heard.lang)
            if "date" in takes and "date" not in slots and same_day and same_day.search(heard.text):
                slots.update({k: v for k, v in session.topic.items() if k == "date"})
            named_other = slots.get(NOT_SOLD) or slots.get(UNLISTED)  # "a laptop", "the ace of spades"
            if not any(slots.get(k) is not None for k in TOPICS) and not named_other:
                # "보조 배터리 흰색 있어요?" … "그럼 하나 살게요": that product, in that colour
                looks = () if "about" in slots else LOOKS  # "what sizes" after "in red?": all of them
                topical = {k: v for k, v in session.topic.items() if k in takes and k in (*TOPICS, *looks)}
                slots.update({k: v for k, v in topical.items() if slots.get(k) is None})
        _names_topic(session, slots)
        return slots

    def _check(self, session: Session, intent: str, slots: dict[str, SlotValue]) -> Reply:
        """ "Did you want to …?": yes starts the request (which still confirms before acting)."""
        key = f"check_{intent.replace('.', '_')}"
        reply = self.replies.say(session, key if self.replies.has(session.lang, key) else "check_action")
        session.pending = Frame(intent, slots, Expect("confirm"), reply, rerun=False, checking=True)
        return Reply(reply.text, reply.lang, Expect("confirm"), intent=intent)

    def finish(self, session: Session, reply: Reply) -> Reply:
        """A request that is done gives way to one put aside, or to the next one said with it."""
        if reply.expect is not None or reply.end_session or session.pending is not None:
            return reply
        if session.suspended:
            return join(reply, self.reask(session, session.suspended.pop(), ""))
        if session.queued:
            match = session.queued.pop(0)
            heard = Heard(
                Transcript(match.text, session.lang), session.lang, match, Answer(), None, TextScore(0.0)
            )
            return join(reply, self.new_request(session, heard))
        return reply

    def reask(self, session: Session, frame: Frame, key: str) -> Reply:
        """Ask ``frame``'s question again, after ``key``'s words when the customer's words answered
        nothing (then it may be time to offer a member of staff instead)."""
        if key:
            offer = self.failures.count(session, frame)
            if offer is not None:
                return offer
        session.pending = frame
        if frame.rerun:
            asked = self.runner.run(session, frame.intent, frame.slots)
        elif frame.question is not None and frame.question.lang == session.lang:
            asked = frame.question
        elif frame.checking:
            return self._check(session, frame.intent, frame.slots)
        else:
            asked = replace(
                self.replies.say(session, "offer_staff"), expect=frame.expect, intent=frame.intent
            )
            session.pending = replace(frame, question=asked)
        if not key or asked.text.lower().startswith(("sorry", "죄송")):
            return asked
        prefix = self.replies.say(session, key, question="").text.strip()
        return replace(asked, text=f"{prefix} {asked.text}")


def _with_days(slots: dict[str, SlotValue], days: DaysSaid) -> dict[str, SlotValue]:
    """A booking request's slots with the days it turns down ("…, anything but today, earliest": never the
    first free time today; "earliest possible but not today or tomorrow" names no day) and the day it
    prefers ("this weekend, sunday if possible": sunday, saturday was taken)."""
    if days.refused is not None and NOT_DATE not in slots:
        slots = {**slots, NOT_DATE: days.refused}
    refused = str(slots.get(NOT_DATE, "")).split()
    if slots.get("soonest") and str(slots.get("date")) in refused:
        slots = {k: v for k, v in slots.items() if k != "date"}
    if days.earliest is not None:  # "tomorrow, not before 2pm", "after 3": the times from then are offered
        slots = {k: v for k, v in slots.items() if k != "time" or v != days.earliest}
        slots[NOT_BEFORE] = days.earliest
    if days.latest is not None:  # "tuesday sometime before noon": no time from noon on
        said = [k for k, v in slots.items() if k == "time"]
        slots = {k: v for k, v in slots.items() if k not in said}
        slots[NOT_AFTER] = days.latest
    if days.fallback is not None:  # "tomorrow at noon, or 1 if not": 1 PM when noon is taken
        slots[OR_TIME] = days.fallback
    return slots if days.preferred is None else {**slots, "date": days.preferred}
