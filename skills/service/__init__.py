"""After-sales service: changing an order, returns, receipts, payment questions and complaints.

Everything about an existing order is told or done only after the customer proved the order is theirs
(``gate``: the last four digits of its phone number or its receipt code; orders made in the same
conversation count as proved). A change (size, colour, quantity, item, delivery address) is possible
until the order ships, a return once it is delivered; both are confirmed with everything they change
before the store is touched. A complaint becomes a staff ticket with the customer's words after a yes.
"""

from __future__ import annotations

from assistant.skill_api import (
    Context,
    InvalidOrder,
    NotFound,
    OutOfStock,
    Reply,
    Skill,
    fmt,
    holding,
    intents,
    order_contents,
    verified_record,
)

from .changes import requested_change

CHANGEABLE = ("placed", "processing")
"""Statuses from which an order may still be changed."""


def _money(ctx: Context, cents: int) -> str:
    return fmt.price(cents, ctx.store.store_info().currency, ctx.lang)


def change_order(ctx: Context) -> Reply:
    named = None if ctx.slots.get("added") is True else holding(ctx.slots.text("product"))
    order = verified_record(ctx, "order", ctx.store.order, prefer=named)  # the order holding the product
    if isinstance(order, Reply):
        return order
    if order.status not in CHANGEABLE:
        return ctx.say("cannot_change", order_id=order.id, status=ctx.text(f"word_{order.status}"))
    change = requested_change(ctx, order)
    if isinstance(change, Reply):
        return change
    if not ctx.confirmed:  # the new total said before the yes: "…, $19.99 more"
        total = ctx.store.change_total(order.id, lines=change.lines, delivery=change.delivery)
        more = total - order.total_cents
        key = "confirm_change_more" if more > 0 else "confirm_change_less" if more < 0 else "confirm_change"
        return ctx.confirm(
            key,
            order_id=order.id,
            change=change.describe(ctx),
            total=_money(ctx, total),
            difference=_money(ctx, abs(more)),
        )
    try:
        changed = ctx.store.change_order(
            order.id, lines=change.lines, address=change.address, delivery=change.delivery
        )
    except OutOfStock as exc:
        return ctx.say("change_out_of_stock", order_id=order.id, available=exc.available)
    except (InvalidOrder, NotFound):
        return ctx.say("cannot_change", order_id=order.id, status=ctx.text("word_shipped"))
    return ctx.say("order_changed", order_id=changed.id, total=_money(ctx, changed.total_cents))


def return_order(ctx: Context) -> Reply:
    wanted = ctx.slots.text("product")  # "return the earbuds": the order they are in
    order = verified_record(ctx, "order", ctx.store.order, holding(wanted))
    if isinstance(order, Reply):
        return order
    if order.status != "delivered":
        return ctx.say(f"cannot_return_{order.status}", order_id=order.id)
    earlier = ctx.store.returns(order.id)
    returned = [line for r in earlier for line in r.lines]
    if earlier and all(line in returned for line in order.lines):  # told in the customer's words (the
        return ctx.say("return_exists", order_id=order.id, return_id=earlier[-1].id)  # store's were read)
    insists = ctx.slots.int("told_order") == order.id  # the order said again after "not the earbuds"
    if wanted and not insists and all(line.product_id != wanted for line in order.lines):
        product = ctx.store.product(wanted)
        ctx.slots["told_order"] = order.id
        ctx.slots.pop("order_id")
        name = product.name(ctx.lang) if product is not None else wanted
        items = order_contents(ctx, order)
        return ctx.ask("order_id", "return_not_in_order", order_id=order.id, items=items, product=name)
    refund = _money(ctx, sum(line.quantity * _unit_price(ctx, line.product_id) for line in order.lines))
    if not ctx.confirmed:
        return ctx.confirm(
            "confirm_return", order_id=order.id, items=order_contents(ctx, order), refund=refund
        )
    try:
        started = ctx.store.start_return(order.id)
    except InvalidOrder as exc:
        return ctx.say("cannot_return", order_id=order.id, reason=str(exc))
    return ctx.say(
        "return_started", order_id=order.id, return_id=started.id, refund=_money(ctx, started.refund_cents)
    )


def _unit_price(ctx: Context, product_id: str) -> int:
    product = ctx.store.product(product_id)
    return product.price_cents if product is not None else 0


def send_receipt(ctx: Context) -> Reply:
    order = verified_record(ctx, "order", ctx.store.order)
    if isinstance(order, Reply):
        return order
    if not order.customer_phone and order.receipt_code:  # "whats my receipt code again": told, proved
        return ctx.say("receipt_no_phone_code", order_id=order.id, code=order.receipt_code)
    if not order.customer_phone:
        return ctx.say("receipt_no_phone", order_id=order.id)
    sent = list(ctx.recall("receipts_sent", []))
    if order.id in sent:  # "이메일로도 보내주실 수 있어요?": asked once in this conversation is enough
        return ctx.say("receipt_already", order_id=order.id, last4=order.customer_phone[-4:])
    channel = ctx.slots.text("channel")  # "email me the receipt", "영수증 출력해 주세요": text it instead?
    if channel in ("email", "print") and not ctx.confirmed:
        key = "receipt_text_instead" if channel == "email" else "receipt_no_print"
        return ctx.confirm(key, order_id=order.id, last4=order.customer_phone[-4:])
    ctx.store.request_receipt(order.id)
    ctx.remember("receipts_sent", [*sent, order.id])
    total = _money(ctx, order.total_cents)
    return ctx.say("receipt_queued", order_id=order.id, total=total, last4=order.customer_phone[-4:])


def payment(ctx: Context) -> Reply:
    order = verified_record(ctx, "order", ctx.store.order)
    if isinstance(order, Reply):
        return order
    total = _money(ctx, order.total_cents)
    if order.status == "cancelled":
        return ctx.say("paid_cancelled", order_id=order.id)
    if order.paid_cents == 0:
        return ctx.say("pay_in_store", order_id=order.id, total=total)
    method = ctx.text(f"method_{order.payment}")
    day = fmt.day(order.created_at.date(), ctx.lang, ctx.now.date())
    return ctx.say("paid", order_id=order.id, total=_money(ctx, order.paid_cents), method=method, day=day)


def complaint(ctx: Context) -> Reply:
    if not ctx.confirmed:
        return ctx.confirm("confirm_complaint")
    ticket = ctx.store.create_ticket(
        reason="complaint",
        lang=ctx.lang,
        transcript="\n".join(ctx.session.transcript),
        intent_history=" ".join(ctx.session.intents),
        request_intent=ctx.intent,
        request_slots=None,
    )
    ctx.remember("ticket", ticket.id)  # "아 그냥 괜찮아요 취소해 주세요" takes it back
    return ctx.say("complaint_recorded", ticket_id=ticket.id)


skill = Skill(
    name="service",
    description="Order changes, returns, receipts, payment questions and complaints",
    handlers={
        intents.ORDER_CHANGE: change_order,
        intents.ORDER_RETURN: return_order,
        intents.ORDER_RECEIPT: send_receipt,
        intents.ORDER_PAYMENT: payment,
        intents.COMPLAINT: complaint,
    },
)
