"""Ordering: place, track and cancel orders; delivery information.

An order asks for what is missing (product, size, colour, a phone number for later), then confirms
everything that will be stored and charged — quantity, product, size, colour, the delivery and its price,
the total and the phone — and is placed only on yes. Without a phone number the order gets a receipt
code instead. An order's status, items and dates are told, and it is cancelled, only after the customer
said the last four digits of its phone number (or its receipt code); orders placed in the same
conversation count as verified.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.skill_api import (
    CANCELLABLE_STATUSES,
    Context,
    InvalidOrder,
    NotFound,
    Order,
    OrderLine,
    OutOfStock,
    Product,
    Reply,
    Skill,
    choices,
    contact,
    delivery_option,
    fmt,
    grant,
    holding,
    instead_of,
    intents,
    item,
    order_contents,
    phone_for,
    proved,
    receipt_code,
    remember_contact,
    stored_phone,
    totals,
    verified_record,
)


def _choice(ctx: Context, product: Product, slot: str, allowed: tuple[str, ...]) -> Reply | None:
    """Ask for a size or colour the product needs, or reject one it does not come in."""
    if len(allowed) <= 1:
        if allowed:
            ctx.slots[slot] = allowed[0]
        else:
            ctx.slots.pop(slot, None)
        return None
    value = ctx.slots.text(slot)
    name = product.name(ctx.lang)
    if value is None:
        return ctx.ask(slot, f"ask_{slot}", product=name, options=choices(ctx, slot, allowed))
    match = next((a for a in allowed if a.upper() == value.upper()), None)
    if match is None:
        ctx.slots.pop(slot)
        shown = fmt.value_name(slot, value, ctx.lang)
        return ctx.ask(
            slot, f"no_such_{slot}", product=name, value=shown, options=choices(ctx, slot, allowed)
        )
    ctx.slots[slot] = match
    return None


SIZE_MARGIN = 30
"""How far outside a product's numeric sizes (shoe sizes in mm) a number still is a size asked for."""


def _is_a_size(number: int, sizes: tuple[str, ...]) -> bool:
    """Whether ``number`` said with a product whose sizes are numbers (240–280 mm) is a size: 265 is one
    (not stocked, the customer is told), not a quantity of 265 pairs."""
    numeric = [int(size) for size in sizes if size.isdigit()]
    if not numeric or len(numeric) != len(sizes):
        return False
    return min(numeric) - SIZE_MARGIN <= number <= max(numeric) + SIZE_MARGIN


def place_order(ctx: Context) -> Reply:
    product = ctx.store.product(ctx.slots.text("product") or "")
    if product is None:
        missing = ctx.slots.text("not_sold")  # "a tablet": goods this shop does not sell
        if missing:
            ctx.slots["not_sold"] = None
            others = instead_of(ctx, missing)  # "headphones": the earbuds and the speaker
            return ctx.ask("product", "not_sold_like" if others else "not_sold", thing=missing, others=others)
        unlisted = ctx.slots.text("unlisted")  # "two bananas": nothing by that name
        if unlisted:
            ctx.slots["unlisted"] = None
            return ctx.ask("product", "unlisted", thing=unlisted)
        return ctx.ask("product", "ask_product")
    if "quantity" not in ctx.slots:
        ctx.slots["quantity"] = 1
    quantity = ctx.slots.int("quantity")
    if quantity is not None and ctx.slots.text("size") is None and _is_a_size(quantity, product.sizes):
        ctx.slots["size"], ctx.slots["quantity"] = str(quantity), 1  # "265 빨간 운동화": no 265 pairs
        quantity = 1
    name = product.name(ctx.lang)
    if product.stock == 0:
        return ctx.say("sold_out", product=name)
    if quantity is not None and quantity > product.stock:  # before the colour: "200 earbuds" is refused first
        ctx.slots["quantity"] = None
        return ctx.ask("quantity", "not_enough_stock", available=item(ctx, product, product.stock, {}))
    for slot, allowed in (("size", product.sizes), ("color", product.colors)):
        question = _choice(ctx, product, slot, allowed)
        if question:
            return question
    if quantity is None or quantity < 1:  # asked again after a refusal: the answer is still to come
        ctx.slots["quantity"] = None
        return ctx.ask("quantity", "ask_quantity")
    option = delivery_option(ctx)
    if option is None:
        ctx.slots.pop("delivery", None)
        option = delivery_option(ctx)
    what = item(ctx, product, quantity, ctx.slots)
    phone = phone_for(ctx, item=what)
    if isinstance(phone, Reply):
        return phone
    line = OrderLine(product.id, quantity, ctx.slots.text("size"), ctx.slots.text("color"))
    address = ctx.slots.text("address")  # "delivered to 12 main street": kept, and said back
    if not ctx.confirmed:
        money = totals(ctx, [(line, product)], option)
        said = contact(ctx, phone)
        if address:
            said = ctx.text("with_address", contact=said, address=address)
        return ctx.confirm("confirm_order", items=what, contact=said, **money)
    code = receipt_code(phone)
    try:
        order = ctx.store.place_order(
            [line],
            lang=ctx.lang,
            customer_phone=stored_phone(phone),
            delivery=option.id if option else "standard",
            receipt_code=code,
            address=address,
        )
    except OutOfStock as exc:
        ctx.slots["quantity"] = None
        if exc.available == 0:
            return ctx.say("sold_out", product=name)
        return ctx.ask("quantity", "not_enough_stock", available=item(ctx, product, exc.available, {}))
    ctx.remember("last_order", order.id)
    remember_contact(ctx, phone)
    grant(ctx, "order", order.id)
    currency = ctx.store.store_info().currency
    placed = ctx.text(
        "order_placed",
        order_id=order.id,
        items=what,
        total=fmt.price(order.total_cents, currency, ctx.lang),
        eta=fmt.day(order.delivery_eta, ctx.lang, ctx.now.date()),
    )
    if code is not None:
        placed += " " + ctx.text("receipt_code", code=code)
    return ctx.tell(placed)


def order_status(ctx: Context) -> Reply:
    # or "where is what i just ordered?"; "where are the earbuds I ordered?": the order that holds them
    order = verified_record(ctx, "order", ctx.store.order, holding(ctx.slots.text("product")))
    if isinstance(order, Reply):
        return order
    if ctx.slots.get("about") == "address":  # "what address is it going to?"
        if order.delivery_address is None:
            return ctx.say("order_no_address", order_id=order.id)
        return ctx.say("order_address", order_id=order.id, address=order.delivery_address)
    eta = fmt.day(order.delivery_eta, ctx.lang, ctx.now.date())
    status = ctx.text(f"status_{order.status}", order_id=order.id, eta=eta)
    if ctx.slots.get("about") == "items":  # "what items are on order 4822 and how much was it"
        total = fmt.price(order.total_cents, ctx.store.store_info().currency, ctx.lang)
        items = ctx.text("order_items", order_id=order.id, items=order_contents(ctx, order), total=total)
        return ctx.tell(f"{items} {status}")
    return ctx.tell(status)


def cancel_order(ctx: Context) -> Reply:
    product = ctx.slots.text("product")
    order = verified_record(ctx, "order", ctx.store.order, holding(product, ctx.slots.text("color")))
    if isinstance(order, Reply):
        return order
    if order.status == "cancelled":
        return ctx.say("status_cancelled", order_id=order.id)
    if order.status not in CANCELLABLE_STATUSES:  # told now, not after a yes to "shall I cancel it?"
        return ctx.say("cannot_cancel", order_id=order.id, status=ctx.text(f"word_{order.status}"))
    kept = _without(order.lines, product, ctx.slots.int("quantity"))
    also = ctx.slots.text("also")  # "take one shirt and the case off 4822": a second item with it
    if also is not None and any(line.product_id == also for line in order.lines):
        kept = _without(kept, also, ctx.slots.int("also_quantity"))
    if product and kept and kept != order.lines:  # "cancel the phone case": that item, not the order;
        return _take_off(ctx, order, kept)  # "cancel just one t-shirt on order 4822": one of the two
    if not ctx.confirmed:
        total = fmt.price(order.total_cents, ctx.store.store_info().currency, ctx.lang)
        said = {"order_id": order.id, "items": order_contents(ctx, order), "total": total}
        named = ctx.store.product(product) if product and len(kept) == len(order.lines) else None
        if named is not None:  # "cancel the hoodie, order 5002" for running shoes: the whole order, asked so
            return ctx.confirm("confirm_cancel_not_on", product=named.name(ctx.lang), **said)
        return ctx.confirm("confirm_cancel", **said)
    try:
        ctx.store.cancel_order(order.id)
    except (InvalidOrder, NotFound):
        return ctx.say("cannot_cancel", order_id=order.id, status=ctx.text(f"word_{order.status}"))
    paid = order.paid_cents > 0  # an order to pay at pickup has nothing to refund
    return ctx.say("order_cancelled" if paid else "order_cancelled_unpaid", order_id=order.id)


def _without(lines: tuple[OrderLine, ...], product: str | None, count: int | None) -> tuple[OrderLine, ...]:
    """``lines`` with ``count`` of the one line of ``product`` taken off when more than that were ordered
    ("cancel just one t-shirt": both were taken off), else with every line of ``product`` taken off."""
    of = [line for line in lines if line.product_id == product]
    if count is not None and len(of) == 1 and 0 < count < of[0].quantity:
        return tuple(replace(x, quantity=x.quantity - count) if x is of[0] else x for x in lines)
    return tuple(line for line in lines if line.product_id != product)


def _gone(lines: tuple[OrderLine, ...], kept: tuple[OrderLine, ...]) -> tuple[OrderLine, ...]:
    """What of ``lines`` is not in ``kept``: whole lines, and the part of a line kept with fewer."""
    left = list(kept)
    gone = []
    for line in lines:
        same = next((k for k in left if replace(k, quantity=line.quantity) == line), None)
        if same is None:
            gone.append(line)
            continue
        left.remove(same)
        if same.quantity < line.quantity:
            gone.append(replace(line, quantity=line.quantity - same.quantity))
    return tuple(gone)


def _take_off(ctx: Context, order: Order, kept: tuple[OrderLine, ...]) -> Reply:
    """Items (or part of one) of an order cancelled: asked with what stays and the new total, then taken
    off (the whole order was offered to be cancelled, and a yes cancelled it all)."""
    currency = ctx.store.store_info().currency
    gone = _gone(order.lines, kept)
    said = {
        "order_id": order.id,
        "items": order_contents(ctx, replace(order, lines=gone)),
        "left": order_contents(ctx, replace(order, lines=kept)),
    }
    if not ctx.confirmed:
        total = ctx.store.change_total(order.id, lines=kept)
        return ctx.confirm("confirm_take_off", total=fmt.price(total, currency, ctx.lang), **said)
    try:
        changed = ctx.store.change_order(order.id, lines=kept)
    except (InvalidOrder, NotFound):
        return ctx.say("cannot_cancel", order_id=order.id, status=ctx.text(f"word_{order.status}"))
    return ctx.say("taken_off", total=fmt.price(changed.total_cents, currency, ctx.lang), **said)


def delivery_info(ctx: Context) -> Reply:
    if ctx.slots.int("order_id") is not None or ctx.slots.get("about") == "order":
        # "when will order 4821 arrive", or "…my order": the one placed or looked up in this conversation;
        # "when are my earbuds gonna arrive": the order that holds them
        order = verified_record(ctx, "order", ctx.store.order, holding(ctx.slots.text("product")))
        if isinstance(order, Reply):
            return order
        if order.status in ("cancelled", "delivered"):
            return ctx.say(f"status_{order.status}", order_id=order.id, items=order_contents(ctx, order))
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
    reply = ctx.say("delivery_options", options=fmt.join(options, ctx.lang))
    coming = _coming(ctx)  # "언제 도착해요?" just after ordering: that order's day first
    if coming is None:
        return reply
    eta = ctx.text(
        "order_eta", order_id=coming.id, eta=fmt.day(coming.delivery_eta, ctx.lang, ctx.now.date())
    )
    return ctx.tell(f"{eta} {reply.text}")


def _coming(ctx: Context) -> Order | None:
    """The order placed or looked up (and verified) in this conversation, while it is still to come."""
    number = proved(ctx, "order")
    order = ctx.store.order(number) if number is not None else None
    return order if order is not None and order.status not in ("cancelled", "delivered") else None


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

__all__ = ["skill"]
