"""Ranking the catalog for one customer: a scored, deterministic sort.

A product scores for the categories the customer bought before and for the preferences they
stated (category, color, size, style); products they already bought are left out unless
consumable. Ties, and customers with nothing to go on, fall back to the best sellers
(most in stock first, as the generic suggestions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant.skill_api import Order, Preferences, Product, load_yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")
"""Consumable products and the categories of each style, as data."""


@dataclass(frozen=True)
class Weights:
    """Points a product gets for each thing it has in common with the customer."""

    bought_category: int = 3
    """A category the customer bought from before."""
    category: int = 2
    """The category they said they like."""
    color: int = 2
    """Comes in the color they like."""
    style: int = 2
    """In a category of the style they like."""
    size: int = 1
    """Comes in their size."""


@dataclass(frozen=True)
class Rules:
    """What the catalog does not say: which products are consumable, which categories suit a style."""

    consumable: frozenset[str] = frozenset()
    """Product ids recommended again after a purchase."""
    styles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Style id → category ids."""
    weights: Weights = Weights()
    """Points per match."""


ReasonKind = Literal["bought", "liked"]


@dataclass(frozen=True)
class Reason:
    """Why a product is suggested: something bought before, or preferences it matches."""

    kind: ReasonKind
    """``bought``: same category as ``product``; ``liked``: matches the ``liked`` preferences."""
    product: Product | None = None
    """The product bought before, for ``bought``."""
    liked: tuple[tuple[str, str], ...] = ()
    """Matched preferences as (kind, value), for ``liked``."""


@dataclass(frozen=True)
class Pick:
    """One suggested product."""

    product: Product
    score: int
    """Points from history and preferences (0: a plain best seller)."""
    reason: Reason | None
    """The strongest reason, ``None`` for a plain best seller."""


def load_rules(path: Path = RULES_FILE) -> Rules:
    """Read ``rules.yaml`` (a missing file means no consumables and no styles)."""
    data: Any = load_yaml(path) if path.is_file() else {}
    styles = {str(k): tuple(str(c) for c in v) for k, v in (data.get("styles") or {}).items()}
    return Rules(frozenset(str(p) for p in data.get("consumable") or ()), styles)


def _has_size(product: Product, size: str) -> bool:
    return size.upper() in {s.upper() for s in product.sizes}


def purchases(orders: Sequence[Order], catalog: Sequence[Product]) -> list[Product]:
    """Products in the customer's orders (not cancelled), most recent first, without repeats."""
    by_id = {p.id: p for p in catalog}
    bought = [line.product_id for order in orders if order.status != "cancelled" for line in order.lines]
    return [by_id[i] for i in dict.fromkeys(bought) if i in by_id]


def rank(
    products: Sequence[Product], bought: Sequence[Product], prefs: Preferences, rules: Rules
) -> list[Pick]:
    """``products`` (already filtered by what the customer asked for) best first."""
    weights = rules.weights
    bought_ids = {p.id for p in bought}
    style_categories = rules.styles.get(prefs.style or "", ())
    picks = []
    for product in products:
        if product.id in bought_ids and product.id not in rules.consumable:
            continue
        earlier = next((p for p in bought if p.category == product.category), None)
        liked: list[tuple[str, str]] = []
        if prefs.category is not None and product.category == prefs.category:
            liked.append(("category", prefs.category))
        if prefs.color is not None and prefs.color in product.colors:
            liked.append(("color", prefs.color))
        if prefs.style is not None and product.category in style_categories:
            liked.append(("style", prefs.style))
        if prefs.size is not None and _has_size(product, prefs.size):
            liked.append(("size", prefs.size))
        score = (weights.bought_category if earlier else 0) + sum(getattr(weights, k) for k, _ in liked)
        reason = Reason("bought", product=earlier) if earlier else None
        if reason is None and liked:
            reason = Reason("liked", liked=tuple(liked))
        picks.append(Pick(product, score, reason))
    return sorted(picks, key=lambda pick: (-pick.score, -pick.product.stock, pick.product.id))
