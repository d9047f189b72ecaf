"""After-sales service: changing an order, returns and refunds, receipts, payment questions, complaints.

Everything about an existing order is told or done only after the customer proved the order is theirs
(``assistant.dialogue.verification``). Until these requests are carried out in the store, a verified
request is passed to a member of staff as a ticket; a complaint is always a ticket with the customer's
words.
"""

from __future__ import annotations

from assistant import intents
from assistant.dialogue.verification import gate
from assistant.messages import Reply
from assistant.skill_api import Context, Skill


def _staff_ticket(ctx: Context, reason: str, key: str, **values: object) -> Reply:
    ticket = ctx.store.create_ticket(
        reason=reason,
        lang=ctx.lang,
        transcript="\n".join(ctx.session.transcript),
        intent_history=" ".join(ctx.session.intents),
        request_intent=ctx.intent,
        request_slots=dict(ctx.slots),
    )
    return ctx.say(key, ticket_id=ticket.id, **values)


def _order_request(ctx: Context) -> Reply:
    """Ask for the order number and the identity check, then pass the request to staff."""
    order_id = ctx.slots.get("order_id") or ctx.session.data.get("last_order")
    if order_id is None:
        return ctx.ask("order_id", "ask_order_id")
    ctx.slots["order_id"] = order_id
    order = ctx.store.order(int(order_id))
    question = gate(ctx, "order", int(order_id), order.customer_phone if order else None)
    if question is not None:
        return question
    if order is None:
        ctx.slots.pop("order_id", None)
        return ctx.ask("order_id", "order_not_found", order_id=order_id)
    return _staff_ticket(ctx, ctx.intent, "passed_to_staff", order_id=order.id)


def complaint(ctx: Context) -> Reply:
    if not ctx.confirmed:
        return ctx.confirm("confirm_complaint")
    return _staff_ticket(ctx, "complaint", "complaint_recorded")


skill = Skill(
    name="service",
    description="Order changes, returns, receipts, payment questions and complaints",
    handlers={
        intents.ORDER_CHANGE: _order_request,
        intents.ORDER_RETURN: _order_request,
        intents.ORDER_RECEIPT: _order_request,
        intents.ORDER_PAYMENT: _order_request,
        intents.COMPLAINT: complaint,
    },
)
