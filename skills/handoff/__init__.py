"""Hand the customer over to a human: a ticket with the redacted conversation so far.

The ticket carries the redacted transcript, the intent history, what the customer wanted last
(intent and slots) and why the assistant escalated (``reason``: comma-separated reasons of
``assistant.dialogue.escalation``, or ``customer_request``). Slot ``empathy`` apologises first.

The conversation goes on while the customer waits (it ends on goodbye or silence, as any): the ticket's
number is remembered (``ticket``), so "never mind, I'll do it myself" withdraws it
(``assistant.dialogue.staff_offers``).
"""

from __future__ import annotations

from assistant.skill_api import CUSTOMER_REQUEST, Context, Reply, Skill, intents


def handoff(ctx: Context) -> Reply:
    opened = ctx.recall("ticket")
    ticket = ctx.store.ticket(int(opened)) if opened is not None else None
    if ticket is not None and ticket.status == "open" and ticket.reason != "complaint":
        # asked again while waiting: one ticket is enough
        return ctx.say("handoff_waiting", ticket_id=ticket.id)
    reason = str(ctx.slots.get("reason") or CUSTOMER_REQUEST)
    wanted = ctx.session.last_request
    ticket = ctx.store.create_ticket(
        reason=reason,
        lang=ctx.lang,
        transcript="\n".join(ctx.session.transcript),
        intent_history=" ".join(ctx.session.intents),
        request_intent=wanted.intent if wanted else None,
        request_slots=wanted.slots if wanted else None,
    )
    ctx.remember("ticket", ticket.id)
    return ctx.say("handoff_sorry" if ctx.slots.get("empathy") else "handoff", ticket_id=ticket.id)


skill = Skill(
    name="handoff",
    description="Connect the customer with a member of staff (creates a ticket)",
    handlers={intents.AGENT_HANDOFF: handoff},
)
