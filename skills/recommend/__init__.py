"""Recommendations, personalized for a verified returning customer.

Anyone gets the best sellers, narrowed by the category, size and color they ask for (and the
preferences they stated in this conversation). A customer who proved who they are
(``profile.identify``) gets the catalog ranked by what they bought and what they like
(``ranking.rank``), with the reason; their preferences and language are remembered.
"""

from __future__ import annotations

from assistant.skill_api import Context, Product, Reply, Skill, fmt, intents

from .profile import (
    IDENTIFY,
    PREFERENCE,
    PROFILE,
    customer,
    identify,
    preferences,
    show_profile,
    state_preference,
)
from .profile import describe as describe_prefs
from .ranking import Pick, load_rules, purchases, rank

SUGGESTIONS = 3
"""How many products one answer suggests."""


def _fits(product: Product, category: object, size: object, color: object) -> bool:
    return (
        product.stock > 0
        and (category is None or product.category == category)
        and (size is None or str(size).upper() in {s.upper() for s in product.sizes})
        and (color is None or color in product.colors)
    )


def _reason(ctx: Context, top: Pick, items: str) -> Reply:
    reason = top.reason
    if reason is None:
        return ctx.say("recommend", items=items)
    if reason.kind == "bought" and reason.product is not None:
        return ctx.say("recommend_bought", bought=reason.product.name(ctx.lang), items=items)
    liked = dict(pair for pair in reason.liked if pair[0] != "size")
    if not liked:
        return ctx.say("recommend", items=items)
    return ctx.say("recommend_liked", liked=describe_prefs(ctx, liked), items=items)


def recommend(ctx: Context) -> Reply:
    category, size, color = (ctx.slots.get(k) for k in ("category", "size", "color"))
    known = customer(ctx)  # None unless verified: then only what was said in this conversation counts
    prefs = preferences(ctx, known)
    products = sorted(ctx.store.products(), key=lambda p: (-p.stock, p.id))
    fitting = [p for p in products if _fits(p, category, size, color)]
    currency = ctx.store.store_info().currency
    budget = ctx.slots.int("budget")  # "under 30 dollars": whole units of the store's currency
    limit = fmt.price(100 * budget, currency, ctx.lang).replace(".00", "") if budget is not None else ""
    if budget is not None:
        within = [p for p in fitting if p.price_cents <= 100 * budget]
        if fitting and not within:
            cheapest = min(fitting, key=lambda p: (p.price_cents, p.id))
            ctx.shows(cheapest.id)
            price = fmt.price(cheapest.price_cents, currency, ctx.lang)
            return ctx.say("over_budget", budget=limit, product=cheapest.name(ctx.lang), price=price)
        fitting = within

    def describe(product: Product) -> str:
        shade = color or (prefs.color if prefs.color in product.colors else None)
        color_name = f"{fmt.value_name('color', str(shade), ctx.lang)} " if shade else ""
        return ctx.text(
            "item",
            color=color_name,
            product=product.name(ctx.lang),
            price=fmt.price(product.price_cents, currency, ctx.lang),
        )

    order = ctx.slots.get("price_order")  # "the cheapest thing you have": by price, not by taste
    if order in ("low", "high") and fitting:
        by_price = sorted(fitting, key=lambda p: (p.price_cents, p.id), reverse=order == "high")
        ctx.shows(*(p.id for p in by_price[:SUGGESTIONS]))
        items = fmt.join([describe(p) for p in by_price[:SUGGESTIONS]], ctx.lang)
        return ctx.say(f"price_{order}", items=items)
    bought = purchases(ctx.store.orders_for_phone(known.phone), products) if known is not None else []
    picks = rank(fitting, bought, prefs, load_rules())[:SUGGESTIONS]
    if not picks:
        others = [p for p in products if p.stock > 0][:SUGGESTIONS]
        ctx.shows(*(p.id for p in others))
        return ctx.say("nothing", others=fmt.join([p.name(ctx.lang) for p in others], ctx.lang))
    ctx.shows(*(p.product.id for p in picks))
    listed = fmt.join([describe(p.product) for p in picks], ctx.lang)
    if budget is not None and picks[0].reason is None:
        return ctx.say("recommend_budget", budget=limit, items=listed)
    return _reason(ctx, picks[0], listed)


skill = Skill(
    name="recommend",
    description="Suggest products by category, size, color, preferences and purchase history",
    handlers={
        intents.PRODUCT_RECOMMEND: recommend,
        IDENTIFY: identify,
        PREFERENCE: state_preference,
        PROFILE: show_profile,
    },
)
