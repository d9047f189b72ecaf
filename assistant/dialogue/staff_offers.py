"""Offering a member of staff, or calling one at once: frustration, repeats and requests for a human; and
taking the call back ("never mind, I'll do it myself") while the ticket is open."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace

from assistant import intents as I
from assistant.dialogue.escalation import REPEATED_REQUEST, Escalation, EscalationPolicy, Request, observe
from assistant.dialogue.replies import CoreReplies
from assistant.dialogue.session import Frame, Session
from assistant.dialogue.skill_runner import TICKET, SkillRunner
from assistant.dialogue.understanding import Heard
from assistant.dialogue.utterance_checks import UtteranceChecks
from assistant.messages import Expect, Reply
from assistant.nlu.evidence import evidence
from assistant.plugins import SkillRegistry
from assistant.store import InvalidTicket, NotFound
from assistant.text import normalize

_WITHDRAWS = {
    "en": re.compile(
        r"\b(never ?mind|forget (it|that)|forget (about )?(the |a )?(person|staff|human|agent|manager|ticket)"
        r"|don'?t bother|no need|not needed|figure it out|"
        r"(do|sort|manage|handle) (it|this|that)( out)? (myself|on my own)|"
        r"(i'll|i will|i can) (manage|handle it)|"
        r"(it'?s|its) (fine|ok|okay|alright)|cancel (the |my )?(ticket|staff|call|request)|no staff|"
        r"(don'?t|do not) (need|want) (the |a |any )?(staff|help|anyone|someone|person|agent|human))\b"
    ),
    "ko": re.compile(
        r"됐어요|됐습니다|됐어|괜찮아요|괜찮습니다|혼자 (할|해 ?볼)게요|제가 (할|해 ?볼)게요|"
        r"안 불러도|부르지 (마|않)|취소해 ?주세요|취소할게요|필요 없어요|아니에요|안 오셔도|"
        r"(직원|상담원) 말고"
    ),
}
"""Words that take back a call for staff ("wait no dont bother", "actually forget the person", "됐어요 그냥
혼자 할게요")."""

_WAITS = {
    "en": re.compile(
        r"\b((i'll|ill|i will|i can|i'm happy to|happy to|we'll|we will) (just )?wait|waiting)\b"
    ),
    "ko": re.compile(r"기다릴게|기다릴께|기다릴래|기다리고 있을게|기다려도 돼|기다릴 수 있"),
}
"""Words that wait for the member of staff called: never a withdrawal, whatever "no" or "it's fine"
they open with."""
_STAFF = {
    "en": re.compile(r"\b(staff|ticket|agent|person|human|someone|anyone|manager|employee)\b"),
    "ko": re.compile(r"직원|상담원|사람|접수|호출|매니저"),
}
"""Words naming the call itself: a later turn takes it back only when it says which."""


_GOES_ON = {
    "en": re.compile(r"\b(finish|continue|carry on|go on|get on|complete|back to|keep going)\b"),
    "ko": re.compile(r"계속|마저|이어서"),
}
"""Words that go back to what was being done when staff were called ("i'll just finish my order")."""


def _said(words: dict[str, re.Pattern[str]], heard: Heard) -> bool:
    pattern = words.get(heard.lang)
    return pattern is not None and pattern.search(normalize(heard.transcript.text)) is not None


def declines_staff(heard: Heard) -> bool:
    """Whether ``heard`` says no to a member of staff ("i don't need a staff member", "직원 필요 없어요")."""
    return _said(_STAFF, heard) and (_said(_WITHDRAWS, heard) or heard.match.intent == I.NO)


@dataclass(frozen=True)
class StaffOffers:
    """Decides each turn whether to offer staff or hand over, and does it."""

    registry: SkillRegistry
    replies: CoreReplies
    runner: SkillRunner
    checks: UtteranceChecks
    policy: EscalationPolicy

    def observe(self, session: Session, heard: Heard, undo: str | None = None) -> Escalation | None:
        """Frustration, repeats and requests for a human in this turn (``None``: no one to hand to);
        ``undo``: the undoing of the record just made that the turn asks for ("ugh this is so frustrating
        i cant make it, cancel it" after a booking), a request like any other (staff were called at once)."""
        if not self.registry.handler(I.AGENT_HANDOFF) or session.data.get(TICKET) is not None:
            return None  # staff are on their way already
        match = heard.match
        pending = session.pending
        if pending is not None and pending.intent == I.AGENT_HANDOFF and match.intent == I.NO:
            session.escalation.declined = True
        refused = _NO_STAFF.get(heard.lang)
        if (match.intent == I.NO and _names_staff(heard)) or (
            refused is not None and refused.search(normalize(heard.transcript.text))
        ):  # "i don't want to talk to staff", "no i don't want staff, i want a refund"
            session.escalation.declined = True
        request = None
        if match.intent and match.intent != I.AGENT_HANDOFF and not match.intent.startswith("dialog."):
            request = Request(match.intent, dict(match.slots))
        elif undo is not None:
            request = Request(undo, {})
        return observe(
            session.escalation,
            heard.said,
            heard.transcript.text,
            request,
            failures=session.failures,
            asked_for_human=match.intent == I.AGENT_HANDOFF
            and self.checks.certain(heard)
            and not self.vented(session, heard),
            policy=self.policy,
        )

    @staticmethod
    def vented(session: Session, heard: Heard) -> bool:
        """Whether ``heard`` reads as a call for staff only by its annoyance ("this is useless") after the
        customer said no to staff: no call for a person (a ticket was opened at once)."""
        return (
            heard.match.intent == I.AGENT_HANDOFF and session.escalation.declined and not _names_staff(heard)
        )

    def hand_off(self, session: Session, escalation: Escalation) -> Reply:
        """Open a hand-off ticket now (strong anger or an explicit request), apologising if upset."""
        reasons = [*self._offered_reasons(session), *escalation.reasons]
        if session.pending is not None and session.pending.intent != I.AGENT_HANDOFF:
            session.suspended.append(session.pending)  # given back if the call is taken back
        session.pending = None
        session.escalation.calm_down()
        slots = {"reason": ",".join(dict.fromkeys(reasons)), "empathy": escalation.frustrated}
        return self.runner.run(session, I.AGENT_HANDOFF, slots, confirmed=True)

    def offer(self, session: Session, reply: Reply, escalation: Escalation, misunderstood: bool) -> Reply:
        """Empathy first, then "shall I get a member of staff?" (yes opens a ticket)."""
        if reply.end_session:
            return reply
        reasons = ",".join(dict.fromkeys([*self._offered_reasons(session), *escalation.reasons]))
        if reply.intent == I.AGENT_HANDOFF and session.pending is not None:  # offered already
            session.pending.slots["reason"] = reasons
            return reply
        sorry = self.replies.say(session, "empathy" if escalation.frustrated else "empathy_repeat").text
        if reply.expect is not None and not misunderstood and REPEATED_REQUEST not in escalation.reasons:
            if reply.intent == I.COMPLAINT:  # it apologises and offers staff itself: once is enough
                return reply
            return replace(reply, text=f"{sorry} {reply.text}")
        offer = self.replies.say(session, "offer_staff").text
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

    def withdraws(self, session: Session, heard: Heard, just_called: bool) -> bool:
        """Whether ``heard`` takes back the ticket opened in this conversation (a call for staff, a
        complaint passed on): right after it any "no", "never mind" or "I'll do it myself"; later only
        words that name the call ("never mind the staff", "직원 안 불러도 돼요")."""
        if session.data.get(TICKET) is None or self.waits(session, heard):
            return False  # "no that's fine, I'll wait": the call stands (it was withdrawn)
        if just_called:
            return _said(_WITHDRAWS, heard) or heard.match.intent in (I.NO, I.CANCEL)
        return declines_staff(heard) or (heard.match.intent == I.CANCEL and _said(_STAFF, heard))

    @staticmethod
    def waits(session: Session, heard: Heard) -> bool:
        """Whether ``heard`` says the customer waits for the member of staff called ("no that's fine,
        I'll wait", "기다릴게요")."""
        return session.data.get(TICKET) is not None and _said(_WAITS, heard)

    @staticmethod
    def goes_on(session: Session, heard: Heard, asked_else: bool) -> bool:
        """Whether ``heard``, taking the call back, goes back to the requests put aside for it: it asks
        nothing else, or says to go on ("i'll just finish my order")."""
        return bool(session.with_staff) and (not asked_else or _said(_GOES_ON, heard))

    def withdraw(self, session: Session, back: bool) -> Reply:
        """Close the conversation's ticket: the customer no longer needs help (staff may have closed it).
        The requests put aside for the call are taken up again (``back``: at once)."""
        number = int(session.data.pop(TICKET))
        with contextlib.suppress(InvalidTicket, NotFound):  # closed by staff a moment ago: nothing left
            self.runner.store.close_ticket(number, note="withdrawn by the customer")
        session.escalation.declined = True  # no new offer of staff for the same trouble
        session.suspended.extend(session.with_staff)
        session.with_staff = []
        return self.replies.say(
            session, "staff_withdrawn_back" if back else "staff_withdrawn", ticket_id=number
        )

    @staticmethod
    def _offered_reasons(session: Session) -> list[str]:
        """The reasons of a member of staff already offered (pending yes/no), if any."""
        pending = session.pending
        if pending is None or pending.intent != I.AGENT_HANDOFF:
            return []
        return [r for r in str(pending.slots.get("reason", "")).split(",") if r]


def _names_staff(heard: Heard) -> bool:
    """Whether ``heard`` names a person to talk to ("staff", "a human", "직원")."""
    return evidence(heard.lang).asks_for(I.AGENT_HANDOFF, normalize(heard.transcript.text))


_NO_STAFF = {
    "en": re.compile(
        r"\b(?:don't|dont|do not|no need for|not)\s+(?:want|need)?\s*"
        r"(?:to\s+(?:talk|speak)\s+(?:to|with)\s+)?(?:a\s+|any\s+|the\s+)?(?:staff|human|person|manager|employee|someone|anyone)\b"
    ),
    "ko": re.compile(r"(?:직원|사람|상담원|매니저)\S*\s*(?:필요 ?없|안 ?불러|부르지 ?마|안 ?불러도|말고)"),
}
"""Staff turned down in so many words ("no i don't want staff, i want a refund", "직원은 필요 없어요")."""
