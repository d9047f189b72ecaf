"""Ordering: place, track and cancel orders; delivery information.

An order's status, items and dates are told, and a cancellation is done, only after the customer
said the last four digits of the phone number on the order (``assistant.dialogue.verification``); orders
placed in the same session count as verified.
"""

from __future__ import annotations

from assistant import formatting as fmt
from assistant import intents
from assistant.dialogue.verification import gate, grant
from assistant.messages import Reply
from assistant.skill_api import Context, Skill
from assistant.store import InvalidOrder, NotFound, Order, OrderLine, OutOfStock, Product


def _options(ctx: Context, list_name: str, values: tuple[str, ...]) -> str:
    return fmt.join([fmt.value_name(list_name, v, ctx.lang) for v in values], ctx.lang)


def _choice(ctx: Context, product: Product, slot: str, allowed: tuple[str, ...]) -> Reply | None:
    """Ask for a size or color the product needs, or reject one it does not come in."""
    if not allowed:
        ctx.slots.pop(slot, None)
        return None
    value = ctx.slots.get(slot)
    if value is None:
        return ctx.ask(
            slot, f"ask_{slot}", product=product.name(ctx.lang), options=_options(ctx, slot, allowed)
        )
    if str(value).upper() not in {a.upper() for a in allowed}:
        ctx.slots.pop(slot)
        return ctx.ask(
            slot,
            f"no_such_{slot}",
            product=product.name(ctx.lang),
            value=fmt.value_name(slot, str(value), ctx.lang),
            options=_options(ctx, slot, allowed),
        )
    return None


def place_order(ctx: Context) -> Reply:
    product = ctx.store.product(str(ctx.slots.get("product", "")))
    if product is None:
        return ctx.ask("product", "ask_product")
    ctx.slots.setdefault("quantity", 1)
    quantity = int(ctx.slots["quantity"])
    name = product.name(ctx.lang)
    if product.colors and "color" not in ctx.slots:
        ctx.slots["color"] = product.colors[0]  # said in the confirmation; "no, white" corrects it
    for slot, allowed in (("size", product.sizes), ("color", product.colors)):
        question = _choice(ctx, product, slot, allowed)
        if question:
            return question
    if product.stock == 0:
        return ctx.say("sold_out", product=name)
    if quantity > product.stock:
        return ctx.ask("quantity", "not_enough_stock", product=name, available=product.stock)
    info = ctx.store.store_info()
    details = " ".join(
        fmt.value_name(slot, str(ctx.slots[slot]), ctx.lang)
        for slot in ("size", "color")
        if slot in ctx.slots
    )
    total = fmt.price(product.price_cents * quantity, info.currency, ctx.lang)
    if not ctx.confirmed:
        return ctx.confirm("confirm_order", quantity=quantity, product=name, details=details, total=total)
    line = OrderLine(product.id, quantity, ctx.slots.get("size"), ctx.slots.get("color"))
    try:
        order = ctx.store.place_order([line], lang=ctx.lang)
    except OutOfStock as exc:
        return ctx.say(
            "sold_out" if exc.available == 0 else "not_enough_stock", product=name, available=exc.available
        )
    ctx.session.data["last_order"] = order.id
    grant(ctx.session, "order", order.id)
    return ctx.say(
        "order_placed",
        order_id=order.id,
        quantity=quantity,
        product=name,
        total=fmt.price(order.total_cents, info.currency, ctx.lang),
        eta=fmt.day(order.delivery_eta, ctx.lang, ctx.now.date()),
    )


def _verified_order(ctx: Context, order_id: int) -> Order | Reply:
    """The order once the customer proved it is theirs; otherwise the identity question to ask.

    Unknown order numbers get the same questions as real ones, so nothing is revealed.
    """
    order = ctx.store.order(order_id)
    question = gate(ctx, "order", order_id, order.customer_phone if order else None)
    if question is not None:
        return question
    if order is None:  # verified in this session, then gone (e.g. purged): say so
        ctx.slots.pop("order_id", None)
        return ctx.ask("order_id", "order_not_found", order_id=order_id)
    return order


def order_status(ctx: Context) -> Reply:
    order_id = ctx.slots.get("order_id")
    if order_id is None:
        return ctx.ask("order_id", "ask_order_id")
    order = _verified_order(ctx, int(order_id))
    if isinstance(order, Reply):
        return order
    eta = fmt.day(order.delivery_eta, ctx.lang, ctx.now.date())
    return ctx.say(f"status_{order.status}", order_id=order.id, eta=eta)


def cancel_order(ctx: Context) -> Reply:
    order_id = ctx.slots.get("order_id") or ctx.session.data.get("last_order")
    if order_id is None:
        return ctx.ask("order_id", "ask_order_id")
    ctx.slots["order_id"] = order_id
    order = _verified_order(ctx, int(order_id))
    if isinstance(order, Reply):
        return order
    if not ctx.confirmed:
        return ctx.confirm("confirm_cancel", order_id=order.id)
    try:
        ctx.store.cancel_order(order.id)
    except (InvalidOrder, NotFound):
        return ctx.say("cannot_cancel", order_id=order.id, status=ctx.text(f"word_{order.status}"))
    return ctx.say("order_cancelled", order_id=order.id)


def delivery_info(ctx: Context) -> Reply:
    order_id = ctx.slots.get("order_id")
    if order_id is not None:
        order = _verified_order(ctx, int(order_id))
        if isinstance(order, Reply):
            return order
        return ctx.say(
            "order_eta", order_id=order.id, eta=fmt.day(order.delivery_eta, ctx.lang, ctx.now.date())
        )
    info = ctx.store.store_info()
    options = []
    for option in info.delivery:
        free = (
            ctx.text("free_over", amount=fmt.price(option.free_over_cents, info.currency, ctx.lang))
            if option.free_over_cents is not None
            else ""
        )
        options.append(
            ctx.text(
                "delivery_option",
                name=option.names.get(ctx.lang, option.id),
                days=option.days,
                price=fmt.price(option.price_cents, info.currency, ctx.lang),
                free=free,
            )
        )
    return ctx.say("delivery_options", options=fmt.join(options, ctx.lang))


skill = Skill(
    name="ordering",
    description="Place, track and cancel orders; delivery times and costs",
    handlers={
        intents.ORDER_PLACE: place_order,
        intents.ORDER_STATUS: order_status,
        intents.ORDER_CANCEL: cancel_order,
        intents.DELIVERY_INFO: delivery_info,
    },
)
