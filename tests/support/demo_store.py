"""The seeded demo store as the store tests see it: the moment they run at, the days they book on,
opening a store at that moment, and a product's stock."""

from __future__ import annotations

from datetime import date, datetime

from assistant.store import Store
from tests.support.backends import Backend, Opened

NOW = datetime(2025, 6, 2, 9, 30)  # a Monday, before opening
TUESDAY = date(2025, 6, 3)
SUNDAY = date(2025, 6, 8)


def open_store(backend: Backend, now: datetime = NOW, seed: bool = True) -> Opened:
    return backend.open(seed=seed, clock=lambda: now)


def stock(store: Store, product_id: str) -> int:
    product = store.product(product_id)
    assert product is not None
    return product.stock
