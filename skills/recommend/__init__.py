"""Recommendations from stated preferences: category, size and color (purchase history comes later)."""

from __future__ import annotations

from assistant import formatting as fmt
from assistant import intents
from assistant.messages import Reply
from assistant.skill_api import Context, Skill
from assistant.store import Product


def _fits(product: Product, category: object, size: object, color: object) -> bool:
    return (
        product.stock > 0
        and (category is None or product.category == category)
        and (size is None or str(size).upper() in {s.upper() for s in product.sizes})
        and (color is None or color in product.colors)
    )


def recommend(ctx: Context) -> Reply:
    category, size, color = (ctx.slots.get(k) for k in ("category", "size", "color"))
    products = sorted(ctx.store.products(), key=lambda p: (-p.stock, p.id))
    picks = [p for p in products if _fits(p, category, size, color)][:3]
    currency = ctx.store.store_info().currency

    def describe(product: Product, shade: object) -> str:
        color_name = f"{fmt.value_name('color', str(shade), ctx.lang)} " if shade else ""
        return ctx.text(
            "item",
            color=color_name,
            product=product.name(ctx.lang),
            price=fmt.price(product.price_cents, currency, ctx.lang),
        )

    if not picks:
        others = [p.name(ctx.lang) for p in products if p.stock > 0][:3]
        return ctx.say("nothing", others=fmt.join(others, ctx.lang))
    return ctx.say("recommend", items=fmt.join([describe(p, color) for p in picks], ctx.lang))


skill = Skill(
    name="recommend",
    description="Suggest products by category, size and color",
    handlers={intents.PRODUCT_RECOMMEND: recommend},
)
