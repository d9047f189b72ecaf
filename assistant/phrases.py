"""How the shop's things are said in a reply: items and orders, choices, the delivery and the money."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from assistant import formatting as fmt
from assistant.language import count
from assistant.messages import SlotValue
from assistant.store import DeliveryOption, Order, OrderLine, Product
from assistant.store.alternatives import alternatives

if TYPE_CHECKING:
    from assistant.skill_api import Context

LETTER_SIZES = frozenset({"XS", "S", "M", "L", "XL", "XXL"})


def choices(ctx: Context, slot: str, allowed: Sequence[str]) -> str:
    """The sizes or colours to choose from, as a list (``black and white``, ``S, M, L and XL``)."""
    if slot == "size":
        return fmt.join(list(allowed), ctx.lang)
    return fmt.join([fmt.value_name(slot, value, ctx.lang) for value in allowed], ctx.lang)


def item(ctx: Context, product: Product, quantity: int, details: Mapping[str, SlotValue]) -> str:
    """``1 large white t-shirt``, ``2 pairs of white running shoes, size 260``;
    ``흰색 티셔츠 L 사이즈 1벌``."""
    size, color = details.get("size"), details.get("color")
    name = product.name(ctx.lang)
    shade = fmt.value_name("color", str(color), ctx.lang) if color else ""
    if ctx.lang == "ko":
        sized = f"{size} 사이즈" if size else ""
        noun = " ".join(part for part in (shade, name, sized) if part)
        return count(quantity, noun, "ko", product.category)
    letter = size is not None and str(size).upper() in LETTER_SIZES
    adjective = fmt.value_name("size", str(size), "en") if letter else ""
    noun = " ".join(part for part in (adjective, shade, name) if part)
    counted = count(quantity, noun, "en")
    return f"{counted}, size {size}" if size and not letter else counted


def instead_of(ctx: Context, thing: str) -> str:
    """What the shop has instead of goods it does not sell, with prices ("the wireless earbuds ($59.99) and
    the bluetooth speaker ($49.99)"; "" when nothing is like them); they are the products shown."""
    offered = alternatives(ctx.store.products(), thing, ctx.lang)
    if not offered:
        return ""
    ctx.shows(*(p.id for p in offered))
    currency = ctx.store.store_info().currency
    said = [(p.name(ctx.lang), fmt.price(p.price_cents, currency, ctx.lang)) for p in offered]
    if ctx.lang == "ko":
        return fmt.join([f"{name}({price})" for name, price in said], ctx.lang)
    return fmt.join([f"the {name} ({price})" for name, price in said], ctx.lang)


def contents(ctx: Context, lines: Sequence[tuple[OrderLine, Product | None]]) -> str:
    """The lines of an order as one phrase (``2 navy t-shirts and a pink phone case``)."""
    said = []
    for line, product in lines:
        if product is None:
            said.append(f"{line.quantity} × {line.product_id}")
        else:
            said.append(item(ctx, product, line.quantity, {"size": line.size, "color": line.color}))
    return fmt.join(said, ctx.lang)


def order_contents(ctx: Context, order: Order) -> str:
    """What an existing order holds, said in ``ctx.lang``."""
    return contents(ctx, [(line, ctx.store.product(line.product_id)) for line in order.lines])


def delivery_option(ctx: Context) -> DeliveryOption | None:
    """The delivery chosen (``delivery`` slot), standard by default; ``None`` for an unknown one."""
    wanted = ctx.slots.text("delivery") or "standard"
    options = ctx.store.store_info().delivery
    chosen = next((option for option in options if option.id == wanted), None)
    if chosen is not None and "delivery" not in ctx.slots:
        ctx.slots["delivery"] = chosen.id
    return chosen


def totals(
    ctx: Context, lines: Sequence[tuple[OrderLine, Product]], option: DeliveryOption | None
) -> dict[str, str]:
    """``subtotal``, ``delivery`` (its name and price, or "free …"), ``total``, formatted."""
    currency = ctx.store.store_info().currency
    subtotal = sum(product.price_cents * line.quantity for line, product in lines)
    fee = 0
    name = ""
    if option is not None:
        name = option.names.get(ctx.lang, option.id)
        free = option.free_over_cents is not None and subtotal >= option.free_over_cents
        fee = 0 if free else option.price_cents
    delivery = (
        ctx.text("delivery_free", name=name)
        if fee == 0
        else ctx.text("delivery_paid", name=name, price=fmt.price(fee, currency, ctx.lang))
    )
    return {
        "subtotal": fmt.price(subtotal, currency, ctx.lang),
        "delivery": delivery,
        "total": fmt.price(subtotal + fee, currency, ctx.lang),
    }
