"""Hand the customer over to a human: a ticket with the redacted conversation so far."""

from __future__ import annotations

from assistant import intents
from assistant.messages import Reply
from assistant.skill_api import Context, Skill


def handoff(ctx: Context) -> Reply:
    reason = str(ctx.slots.get("reason", "customer_request"))
    ticket = ctx.store.create_ticket(
        reason=reason,
        lang=ctx.lang,
        transcript="\n".join(ctx.session.transcript),
        intent_history=" ".join(ctx.session.intents),
    )
    return ctx.end("handoff", ticket_id=ticket.id)


skill = Skill(
    name="handoff",
    description="Connect the customer with a member of staff (creates a ticket)",
    handlers={intents.AGENT_HANDOFF: handoff},
)
