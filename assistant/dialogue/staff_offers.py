"""Offering a member of staff, or calling one at once: frustration, repeats and requests for a human."""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant import intents as I
from assistant.dialogue.escalation import REPEATED_REQUEST, Escalation, EscalationPolicy, Request, observe
from assistant.dialogue.replies import CoreReplies
from assistant.dialogue.session import Frame, Session
from assistant.dialogue.skill_runner import SkillRunner
from assistant.dialogue.understanding import Heard
from assistant.dialogue.utterance_checks import UtteranceChecks
from assistant.messages import Expect, Reply
from assistant.plugins import SkillRegistry


@dataclass(frozen=True)
class StaffOffers:
    """Decides each turn whether to offer staff or hand over, and does it."""

    registry: SkillRegistry
    replies: CoreReplies
    runner: SkillRunner
    checks: UtteranceChecks
    policy: EscalationPolicy

    def observe(self, session: Session, heard: Heard) -> Escalation | None:
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
            asked_for_human=match.intent == I.AGENT_HANDOFF and self.checks.certain(heard),
            policy=self.policy,
        )

    def hand_off(self, session: Session, escalation: Escalation) -> Reply:
        """Open a hand-off ticket now (strong anger or an explicit request), apologising if upset."""
        reasons = [*self._offered_reasons(session), *escalation.reasons]
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

    @staticmethod
    def _offered_reasons(session: Session) -> list[str]:
        """The reasons of a member of staff already offered (pending yes/no), if any."""
        pending = session.pending
        if pending is None or pending.intent != I.AGENT_HANDOFF:
            return []
        return [r for r in str(pending.slots.get("reason", "")).split(",") if r]
