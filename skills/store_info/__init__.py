"""Store information: opening hours, location, frequently asked questions, product details."""

from __future__ import annotations

from assistant import formatting as fmt
from assistant import intents
from assistant.messages import Reply
from assistant.skill_api import Context, Skill
from assistant.store import OpeningHours

_DAY_NAMES = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ko": ("월", "화", "수", "목", "금", "토", "일"),
}


def _week(ctx: Context, hours: tuple[OpeningHours, ...]) -> str:
    """Consecutive days with the same hours grouped: ``Mon-Sat 10 AM to 8 PM``."""
    names = _DAY_NAMES["ko" if ctx.lang == "ko" else "en"]
    groups: list[tuple[list[int], OpeningHours]] = []
    for entry in sorted(hours, key=lambda h: h.weekday):
        if groups and (groups[-1][1].opens, groups[-1][1].closes) == (entry.opens, entry.closes):
            groups[-1][0].append(entry.weekday)
        else:
            groups.append(([entry.weekday], entry))
    parts = []
    for days, entry in groups:
        label = names[days[0]] if len(days) == 1 else f"{names[days[0]]}-{names[days[-1]]}"
        if entry.opens is None or entry.closes is None:
            parts.append(ctx.text("closed_line", days=label))
        else:
            parts.append(
                ctx.text(
                    "hours_line",
                    days=label,
                    open=fmt.clock(entry.opens, ctx.lang),
                    close=fmt.clock(entry.closes, ctx.lang),
                )
            )
    return ", ".join(parts) + "."


def store_hours(ctx: Context) -> Reply:
    info = ctx.store.store_info()
    week = _week(ctx, info.hours)
    today = next((h for h in info.hours if h.weekday == ctx.now.weekday()), None)
    if today is None or today.opens is None or today.closes is None:
        return ctx.say("closed_today", week=week)
    span = ctx.text(
        "hours_line", days="", open=fmt.clock(today.opens, ctx.lang), close=fmt.clock(today.closes, ctx.lang)
    ).strip()
    return ctx.say("hours_today", today=span, week=week)


def store_location(ctx: Context) -> Reply:
    info = ctx.store.store_info()
    return ctx.say(
        "location",
        store=info.name.get(ctx.lang, info.name.get("en", "")),
        address=info.address.get(ctx.lang, info.address.get("en", "")),
        phone=info.phone,
    )


def store_faq(ctx: Context) -> Reply:
    entries = {entry.topic: entry for entry in ctx.store.faq()}
    topic = ctx.slots.get("topic")
    if topic not in entries:
        topics = fmt.join(
            [ctx.text(f"topic_{t}") for t in entries if f"topic_{t}" in ctx.responses], ctx.lang
        )
        return ctx.ask("topic", "ask_topic", topics=topics)
    answers = entries[str(topic)].answers
    return Reply(answers.get(ctx.lang) or answers.get("en", ""), ctx.lang, intent=ctx.intent)


def product_info(ctx: Context) -> Reply:
    product = ctx.store.product(str(ctx.slots.get("product", "")))
    if product is None:
        return ctx.ask("product", "ask_product_info")
    currency = ctx.store.store_info().currency
    stock = ctx.text("in_stock", stock=product.stock) if product.stock else ctx.text("out_of_stock")
    values = [fmt.value_name("color", c, ctx.lang) for c in product.colors]
    values += [fmt.value_name("size", s, ctx.lang) for s in product.sizes]
    options = ctx.text("options", values=fmt.join(values, ctx.lang)) if values else ""
    return ctx.say(
        "product_info",
        product=product.name(ctx.lang),
        price=fmt.price(product.price_cents, currency, ctx.lang),
        stock=stock,
        options=options,
    )


skill = Skill(
    name="store_info",
    description="Opening hours, location, store policies and product details",
    handlers={
        intents.STORE_HOURS: store_hours,
        intents.STORE_LOCATION: store_location,
        intents.STORE_FAQ: store_faq,
        intents.PRODUCT_INFO: product_info,
    },
)
