"""What the customer wants changed on an order: an item's size, colour or quantity, a swap for another
product, the delivery or the delivery address — read from the request's slots, checked against the
catalog, and said back before anything is changed."""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.skill_api import (
    MAX_QUANTITY,
    Context,
    Order,
    OrderLine,
    Product,
    Reply,
    contents,
    fmt,
    order_contents,
)

ITEM_SLOTS = ("size", "color", "quantity")


@dataclass(frozen=True)
class Change:
    """The order as it will be: its new lines, address or delivery (``None``: unchanged)."""

    lines: tuple[OrderLine, ...] | None = None
    address: str | None = None
    delivery: str | None = None

    def describe(self, ctx: Context) -> str:
        """``2 large navy t-shirts and 1 pink phone case``, ``delivery to 221 pine street``…"""
        parts = []
        if self.lines is not None:
            parts.append(contents(ctx, [(line, ctx.store.product(line.product_id)) for line in self.lines]))
        if self.address is not None:
            parts.append(ctx.text("to_address", address=self.address))
        if self.delivery is not None:
            option = next((o for o in ctx.store.store_info().delivery if o.id == self.delivery), None)
            parts.append(option.names.get(ctx.lang, option.id) if option else self.delivery)
        return fmt.join(parts, ctx.lang)


def requested_change(ctx: Context, order: Order) -> Change | Reply:
    """The change the slots ask for, or the question to ask first (what, which item, a valid value)."""
    slots = ctx.slots
    address, delivery = slots.text("address"), slots.text("delivery")
    wanted = {name: slots.get(name) for name in ITEM_SLOTS if slots.get(name) is not None}
    product = ctx.store.product(slots.text("product") or "")
    aspect = slots.text("aspect")  # "the address", "사이즈요": what to change, the new value still to ask
    if not wanted and product is None and address is None and delivery is None:
        if aspect == "address":
            return ctx.ask("address", "ask_new_address", order_id=order.id)
        if aspect in ITEM_SLOTS and len(order.lines) > 1:
            return ctx.ask("product", "ask_which_item", items=_names(ctx, order))
        if aspect not in ITEM_SLOTS:
            return ctx.ask("aspect", "ask_change", order_id=order.id, items=order_contents(ctx, order))
        product = ctx.store.product(order.lines[0].product_id)
    lines = None
    if product is not None and slots.get("added") is True and _new_item(order, product, wanted):
        added = _check(
            ctx, OrderLine(product.id, slots.int("quantity") or 1, slots.text("size"), slots.text("color"))
        )
        if isinstance(added, Reply):  # "add a phone case": which colour?
            return added
        return Change(
            (*order.lines, added), address, delivery
        )  # "add a charger to that order": one more item
    if wanted or product is not None:
        target = _target(order, product, wanted, ctx)
        if target is None and product is not None and _missing(order, product):
            ctx.slots.pop("product")  # "change the size of the hoodie" when the order has none
            for said in ITEM_SLOTS:  # its white is no other item's ("4822 이어폰 흰색으로"; a yes made the
                ctx.slots.pop(said, None)  # t-shirts white)
            name, items = product.name(ctx.lang), order_contents(ctx, order)
            return ctx.ask("product", "change_not_in_order", order_id=order.id, items=items, product=name)
        if target is None:
            return ctx.ask("product", "ask_which_item", items=_names(ctx, order))
        swap = product if product is not None and product.id != order.lines[target].product_id else None
        line = order.lines[target]
        if swap is not None:  # "can i swap that for a t-shirt instead": its size asked next, kept a swap
            size = line.size if line.size and line.size.upper() in {x.upper() for x in swap.sizes} else None
            color = line.color if line.color in swap.colors else None  # kept where the new one has them
            line = OrderLine(swap.id, line.quantity, size, color)
            ctx.slots["swap"] = True
        quantity = slots.int("quantity")
        if quantity is not None and slots.get("added") is True:  # "one more t-shirt": on top of the order's
            quantity += line.quantity
        elif quantity is not None and slots.get("fewer") is True and quantity < line.quantity:
            quantity = line.quantity - quantity  # "충전기 한 개 줄여 주세요" for three: two
        line = OrderLine(
            line.product_id,
            quantity if quantity is not None else line.quantity,
            slots.text("size") or line.size,
            slots.text("color") or line.color,
        )
        question = _check(ctx, line)
        if isinstance(question, Reply):
            return question
        kept = order.lines[target]
        if slots.get("only") is True and len(order.lines) > 1:  # "remove everything except one shirt"
            return Change((question,), address, delivery)
        rest_count = slots.int("rest_quantity")  # "one white one gray" for two navy shirts: both shares
        if rest_count is not None and question.quantity + rest_count != kept.quantity:
            for name in (*ITEM_SLOTS, "split", "rest_size", "rest_color", "rest_quantity"):
                ctx.slots.pop(name, None)  # counts that do not add up to the item's: what to change, asked
            return ctx.ask("aspect", "ask_change_item", product=_names(ctx, replace(order, lines=(kept,))))
        if slots.get("split") is True and question.quantity < kept.quantity:  # "make one of them black"
            rest = replace(
                kept,
                quantity=kept.quantity - question.quantity,
                size=slots.text("rest_size") or kept.size,
                color=slots.text("rest_color") or kept.color,
            )
            checked = _check(ctx, rest)
            if isinstance(checked, Reply):
                return checked
            shares = (question, rest) if rest_count is not None else (rest, question)  # in the order said
            return Change((*order.lines[:target], *shares, *order.lines[target + 1 :]), address, delivery)
        lines = tuple(question if i == target else old for i, old in enumerate(order.lines))
        if lines == order.lines and address is None and delivery is None:  # "the t-shirt": what about it?
            name = _names(ctx, replace(order, lines=(order.lines[target],)))
            if aspect in ITEM_SLOTS:  # "the size" was said: which one now?
                return _ask_new(ctx, order.lines[target], str(aspect))
            return ctx.ask("aspect", "ask_change_item", product=name)
    return Change(lines, address, delivery)


def _missing(order: Order, product: Product) -> bool:
    return all(line.product_id != product.id for line in order.lines)


def _new_item(order: Order, product: Product, wanted: dict[str, object]) -> bool:
    """Whether a product added to ``order`` is an item of its own: not on the order yet, or on it in
    another size or colour ("add a blue phone case" to an order with a pink one)."""
    same = [line for line in order.lines if line.product_id == product.id]
    return not same or all(
        any(
            name in wanted and str(wanted[name]).upper() != str(getattr(line, name) or "").upper()
            for name in ("size", "color")
        )
        for line in same
    )


def _target(order: Order, product: Product | None, wanted: dict[str, object], ctx: Context) -> int | None:
    """The line to change: the one of the product named, the only one, or the only one that can take
    the size or colour asked for."""
    instead_of = ctx.slots.text("instead_of")  # "swap the phone case for a screen protector": the case's
    if instead_of is not None:
        return next((i for i, line in enumerate(order.lines) if line.product_id == instead_of), None)
    if product is not None:
        for index, line in enumerate(order.lines):
            if line.product_id == product.id:
                return index
        if {"size", "color"} & wanted.keys() and ctx.slots.get("swap") is not True:
            return None  # "change the earbuds on order 4822 to white": no earbuds on it (the shirts were
            # swapped for white earbuds): which item is asked; a swap begun asks its size or colour
    if len(order.lines) == 1:
        return 0
    fitting = []
    for index, line in enumerate(order.lines):
        item = ctx.store.product(line.product_id)
        if item is None:
            continue
        size_ok = "size" not in wanted or str(wanted["size"]).upper() in {s.upper() for s in item.sizes}
        color_ok = "color" not in wanted or wanted["color"] in item.colors
        if size_ok and color_ok:
            fitting.append(index)
    return fitting[0] if len(fitting) == 1 and "quantity" not in wanted else None


def _check(ctx: Context, line: OrderLine) -> OrderLine | Reply:
    """The line with its size and colour checked against the catalog (asked again when not offered)."""
    product = ctx.store.product(line.product_id)
    if product is None:
        return ctx.ask("product", "ask_which_item", items="")
    name = product.name(ctx.lang)
    chosen: dict[str, str | None] = {}
    for slot, allowed in (("size", product.sizes), ("color", product.colors)):
        value = line.size if slot == "size" else line.color
        if not allowed:
            chosen[slot] = None
            continue
        match = next((a for a in allowed if value is not None and a.upper() == str(value).upper()), None)
        if match is None:
            ctx.slots.pop(slot, None)
            options = _options(ctx, slot, allowed)
            key = f"no_such_{slot}" if value is not None else f"ask_{slot}"
            shown = fmt.value_name(slot, str(value), ctx.lang) if value is not None else ""
            return ctx.ask(slot, key, product=name, value=shown, options=options)
        chosen[slot] = match
    line = replace(line, size=chosen["size"], color=chosen["color"])
    if not 1 <= line.quantity <= MAX_QUANTITY:  # "4822 t-shirts": a number that is no quantity
        ctx.slots.pop("quantity", None)
        return ctx.ask("quantity", "ask_quantity", product=name)
    return line


def _ask_new(ctx: Context, line: OrderLine, aspect: str) -> Reply:
    """The question for the new size, colour or quantity of ``line``."""
    product = ctx.store.product(line.product_id)
    name = product.name(ctx.lang) if product is not None else line.product_id
    allowed = (product.sizes if aspect == "size" else product.colors) if product is not None else ()
    if aspect == "quantity" or not allowed:
        return ctx.ask("quantity", "ask_quantity", product=name)
    return ctx.ask(aspect, f"ask_{aspect}", product=name, options=_options(ctx, aspect, allowed))


def _options(ctx: Context, slot: str, allowed: tuple[str, ...]) -> str:
    """The sizes or colours a product comes in, said as a list ("small, medium and large")."""
    return fmt.join([fmt.value_name(slot, a, ctx.lang) for a in allowed], ctx.lang)


def _names(ctx: Context, order: Order) -> str:
    names = []
    for line in order.lines:
        product = ctx.store.product(line.product_id)
        names.append(product.name(ctx.lang) if product else line.product_id)
    return fmt.join(names, ctx.lang, "or" if ctx.lang == "en" else "나")
