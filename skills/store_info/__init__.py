"""Store information: opening hours, location, frequently asked questions, product details."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.skill_api import Context, OpeningHours, Reply, Skill, fmt, instead_of, intents

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


def _span(ctx: Context, entry: OpeningHours | None) -> str | None:
    """``10 AM to 8 PM`` for a day the store opens, else ``None``."""
    if entry is None or entry.opens is None or entry.closes is None:
        return None
    opens, closes = fmt.clock(entry.opens, ctx.lang), fmt.clock(entry.closes, ctx.lang)
    return ctx.text("hours_line", days="", open=opens, close=closes).strip()


def store_hours(ctx: Context) -> Reply:
    info = ctx.store.store_info()
    week = _week(ctx, info.hours)
    day = ctx.slots.date("date") or ctx.now.date()
    entry = next((h for h in info.hours if h.weekday == day.weekday()), None)
    hours = _span(ctx, entry)
    if day == ctx.now.date():
        if hours is None or entry is None or entry.closes is None:
            return ctx.say("closed_today", week=week)
        if ctx.now.time() >= entry.closes:  # "are you open right now" at 23:44: not any more
            return ctx.say("closed_for_today", today=hours, week=week)
        if entry.opens is not None and ctx.now.time() < entry.opens:  # at 2:25 AM: not yet
            return ctx.say("not_open_yet", today=hours, week=week)
        return ctx.say("hours_today", today=hours, week=week)
    day_name = fmt.day(day, ctx.lang, ctx.now.date())
    holiday = fmt.holiday(day, ctx.lang)
    if hours is None:
        return ctx.say("closed_day", day_name=day_name, week=week)
    if holiday is not None:  # the store keeps no holiday hours: its weekday's, said as such
        return ctx.say("hours_holiday", day_name=day_name, holiday=holiday, hours=hours)
    return ctx.say("hours_day", day_name=day_name, hours=hours)


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
        if ctx.slots.get("product") is not None:  # "i'm after a t-shirt": a product named, no policy
            return product_info(replace(ctx, intent=intents.PRODUCT_INFO))
        topics = fmt.join(
            [ctx.text(f"topic_{t}") for t in entries if f"topic_{t}" in ctx.responses], ctx.lang
        )
        return ctx.ask("topic", "ask_topic", topics=topics)
    answers = entries[str(topic)].answers
    return Reply(answers.get(ctx.lang) or answers.get("en", ""), ctx.lang, intent=ctx.intent)


_PHONES = re.compile(r"(?<!ear)(?<!head)phone|galaxy|pixel|\bcell|mobile|(?<!이어)(?<!헤드)폰|갤럭시|전화기")
"""What the shop's services are for: a repair of anything else is not offered."""


def product_info(ctx: Context) -> Reply:
    if ctx.slots.text("about") == "services":  # "what services do you have": every one, with its price
        return _services(ctx)
    service = ctx.store.service(ctx.slots.text("service") or "")
    if service is not None and "product" not in ctx.slots:  # "how much is a screen repair"
        other = ctx.slots.text("not_sold")  # "노트북 수리도 해요?": a repair of what the shop does not fix
        if other and not _PHONES.search(other.lower()):
            return ctx.say("service_not_for", service=service.name(ctx.lang), thing=other)
        currency = ctx.store.store_info().currency
        return ctx.say(
            "service_info",
            service=service.name(ctx.lang),
            price=fmt.price(service.price_cents, currency, ctx.lang),
            minutes=service.duration_min,
        )
    product = ctx.store.product(ctx.slots.text("product") or "")
    if product is None:
        missing = ctx.slots.text("not_sold")  # "do you have socks": goods this shop does not sell
        if missing:
            others = instead_of(ctx, missing)  # "do you have headphones": the earbuds and the speaker
            return ctx.say("not_sold_like" if others else "not_sold", thing=missing, others=others)
        unlisted = ctx.slots.text("unlisted")  # "how much is the ace of spades": nothing by that name
        if unlisted:
            return ctx.say("unlisted", thing=unlisted)
        return ctx.ask("product", "ask_product_info")
    currency = ctx.store.store_info().currency
    name = product.name(ctx.lang)
    stock = ctx.text("in_stock", stock=product.stock) if product.stock else ctx.text("out_of_stock")
    colors = [fmt.value_name("color", c, ctx.lang) for c in product.colors]
    for slot, offered in (("color", product.colors), ("size", product.sizes)):
        value = ctx.slots.text(slot)  # "흰색도 있어요?", "is there a size XL": that one, not the whole card
        if value is None or not offered:
            continue
        # sizes as on the card ("XL"), colours by their name
        shown = {v: v if slot == "size" else fmt.value_name(slot, v, ctx.lang) for v in (*offered, value)}
        if value in offered:
            price = fmt.price(product.price_cents, currency, ctx.lang)
            return ctx.say(f"has_{slot}", product=name, value=shown[value], price=price)
        options = fmt.join([shown[v] for v in offered], ctx.lang)
        ctx.shows(product.id)  # the product talked about next, not in that colour ("how much are they")
        return ctx.say(f"no_{slot}", product=name, value=shown[value], values=options)
    about = ctx.slots.text("about")  # "what colours does it come in": that, not the whole card
    if about == "colors" and colors:
        return ctx.say("product_colors", product=name, values=fmt.join(colors, ctx.lang))
    if about == "sizes" and product.sizes:
        return ctx.say("product_sizes", product=name, values=fmt.join(list(product.sizes), ctx.lang))
    return ctx.say(
        "product_info",
        product=name,
        price=fmt.price(product.price_cents, currency, ctx.lang),
        stock=stock,
        colors=ctx.text("colors", product=name, values=fmt.join(colors, ctx.lang)) if len(colors) > 1 else "",
        sizes=ctx.text("sizes", values=fmt.join(list(product.sizes), ctx.lang)) if product.sizes else "",
    )


def _services(ctx: Context) -> Reply:
    currency = ctx.store.store_info().currency
    services = ctx.store.services()
    lines = [
        ctx.text("service_line", service=s.name(ctx.lang), price=fmt.price(s.price_cents, currency, ctx.lang))
        for s in services
    ]
    first = services[0].name(ctx.lang) if services else ""
    return ctx.say("services_list", services=fmt.join(lines, ctx.lang), first=first)


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
