"""Turns not understood in a row, and the offer of a member of staff they lead to."""

from __future__ import annotations

from dataclasses import dataclass

from assistant import intents as I
from assistant.dialogue.replies import CoreReplies
from assistant.dialogue.session import Frame, Session
from assistant.messages import Expect, Reply
from assistant.plugins import SkillRegistry


@dataclass(frozen=True)
class Failures:
    """Counts the turns not understood, and answers one."""

    registry: SkillRegistry
    replies: CoreReplies
    handoff_after: int

    def count(self, session: Session, pending: Frame | None) -> Reply | None:
        """One more turn not understood; after ``handoff_after`` in a row, the offer of a member of staff
        (the pending request waits for the answer)."""
        session.failures += 1
        if session.failures < self.handoff_after or not self.registry.handler(I.AGENT_HANDOFF):
            return None
        session.failures = 0
        if pending is not None and pending.intent != I.AGENT_HANDOFF:
            session.suspended.append(pending)
        offer = self.replies.say(session, "offer_handoff")
        question = Reply(offer.text, offer.lang, Expect("confirm"), intent=I.AGENT_HANDOFF)
        session.pending = Frame(
            I.AGENT_HANDOFF, {"reason": "not_understood"}, Expect("confirm"), question, rerun=False
        )
        return question

    def not_understood(self, session: Session, key: str) -> Reply:
        """A turn not understood: ``key``'s words with what the assistant can help with, or the offer."""
        offer = self.count(session, session.pending)
        if offer is not None:
            return offer
        if key == "out_of_scope" and session.failures > 1:
            key = "not_understood"
        return self.replies.say(session, key, capabilities=self.replies.capabilities(session.lang))
