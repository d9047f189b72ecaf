"""Running a skill's handler for the dialogue, and applying what its reply asks for."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from assistant.dialogue.failures import Failures
from assistant.dialogue.handlers import call_handler
from assistant.dialogue.replies import CoreReplies
from assistant.dialogue.session import Frame, Session
from assistant.dialogue.verification import VerificationPolicy
from assistant.intents import (
    AGENT_HANDOFF,
    BOOKING_CANCEL,
    BOOKING_CHANGE,
    BOOKING_CREATE,
    BOOKING_STATUS,
    ORDER_CANCEL,
    ORDER_CHANGE,
    ORDER_PLACE,
    ORDER_RETURN,
    ORDER_STATUS,
)
from assistant.messages import Reply, SlotValue
from assistant.plugins import SkillRegistry
from assistant.skill_api import Context, Slots
from assistant.store import Store, StoreError

log = logging.getLogger(__name__)

UNDO = {
    BOOKING_CREATE: BOOKING_CANCEL,
    BOOKING_STATUS: BOOKING_CANCEL,
    BOOKING_CHANGE: BOOKING_CANCEL,
    ORDER_PLACE: ORDER_CANCEL,
    ORDER_STATUS: ORDER_CANCEL,
    ORDER_CHANGE: ORDER_CANCEL,
    ORDER_RETURN: ORDER_CANCEL,  # "not shipped yet, you can cancel it instead": "그럼 취소해 주세요"
}
"""What "cancel that" means right after a completed request of these: cancelling the booking or order just
made, moved or looked up (still asked about first)."""
TICKET = "ticket"
"""The key under which a skill remembers the ticket it opened (a hand-off, a complaint): the customer may
take it back (``assistant.dialogue.staff_offers``)."""


@dataclass
class SkillRunner:
    """Runs intents' handlers with a ``Context`` of the conversation."""

    registry: SkillRegistry
    store: Store
    """The store handlers get (``Dialogue.store`` may replace it)."""
    clock: Callable[[], datetime]
    replies: CoreReplies
    failures: Failures
    handler_timeout_s: float
    verification: VerificationPolicy

    def run(
        self, session: Session, intent: str, slots: Mapping[str, SlotValue], confirmed: bool = False
    ) -> Reply:
        """Run ``intent``'s handler and apply what its reply asks for; the new pending question, if any."""
        loaded = self.registry.skill_for(intent)
        if loaded is None:
            return self.failures.not_understood(session, "out_of_scope")
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
            capabilities=self.replies.capabilities(lang),
            verification=self.verification,
        )
        try:
            reply = call_handler(loaded.skill.handlers[intent], ctx, self.handler_timeout_s)
        except StoreError:
            raise
        except Exception:
            log.exception("skill %r failed on %s", loaded.name, intent)
            session.pending = None
            return self.replies.say(session, "skill_failed")
        session.failures = 0
        self._apply(session, reply, intent)
        return reply

    @staticmethod
    def _apply(session: Session, reply: Reply, intent: str) -> None:
        """What the skill's reply asks for: the conversation's language, proofs, data, the products shown,
        the next question.

        A reply may hand the follow-up to another intent (``Context.hand_over``: "shall I get staff?").
        """
        effects = reply.effects
        if effects.lang is not None:
            session.lang = effects.lang
        session.verified |= effects.verified
        if effects.customer_id is not None:
            session.customer_id = effects.customer_id
        session.data.update(effects.remember)
        if effects.shown is not None:  # suggestions: "them" is one of several, unless only one was shown
            session.topic = {"product": effects.shown[0]} if len(effects.shown) == 1 else {}
        if reply.expect is None:
            session.pending = None
            if intent in UNDO and effects.remember:  # a booking or order was just made or looked up
                session.undoable = UNDO[intent]
            elif TICKET in effects.remember:  # a ticket just opened: "wait no dont bother" takes it back
                session.undoable = AGENT_HANDOFF
                if intent == AGENT_HANDOFF:  # staff take over what was put aside or still to come
                    session.with_staff = [*session.with_staff, *session.suspended]
                    session.suspended.clear()
                    session.queued.clear()
            return
        asked_for = reply.intent or intent
        session.pending = Frame(
            asked_for, dict(effects.slots), reply.expect, reply, rerun=asked_for == intent
        )
