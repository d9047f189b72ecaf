"""Opening a store on both backends: the schema, the demo data seeded once, and what that data holds."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from assistant.store import (
    COLORS,
    SCHEMA_VERSION,
    Store,
    StoreError,
)
from tests.support.backends import Backend, Opened
from tests.support.demo_store import NOW, open_store


def test_open_creates_the_schema_and_seeds_once(backend: Backend) -> None:
    with open_store(backend) as store:
        assert len(store.products()) == 12
        assert store.schema_version() == SCHEMA_VERSION
    if backend.name == "sqlite":
        assert backend.location.path.parent.is_dir()
        assert backend.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert backend.scalar("PRAGMA journal_mode") == "wal"
    else:
        assert backend.scalar("SELECT MAX(version) FROM schema_migrations") == SCHEMA_VERSION
    with open_store(backend) as store:
        assert len(store.products()) == 12
        assert len(store.services()) == 4
    assert backend.count("orders") == 3
    assert backend.count("order_lines") == 4


def test_store_satisfies_protocol(store: Opened) -> None:
    as_protocol: Store = store
    assert as_protocol.product("hoodie") is not None


def test_open_without_seed_is_empty(backend: Backend) -> None:
    with open_store(backend, seed=False) as store:
        assert store.products() == []
        with pytest.raises(StoreError, match="no store information"):
            store.store_info()


def test_demo_store_content(store: Opened) -> None:
    earbuds = store.product("wireless-earbuds")
    assert earbuds is not None
    assert earbuds.stock == 25
    assert earbuds.name("ko") == "무선 이어폰"
    assert earbuds.names["en"] == ("wireless earbuds", "earbuds", "earphones")
    assert earbuds.name("ja") == "wireless earbuds"
    assert set(store.categories()) == {"audio", "accessories", "clothing", "shoes", "wearables", "bags"}
    for product in store.products():
        assert 5 <= product.stock <= 50
        assert product.names["ko"][0]
        assert set(product.colors) <= set(COLORS)
    shoes = store.product("running-shoes")
    assert shoes is not None and shoes.sizes == ("240", "250", "260", "270", "280")
    info = store.store_info()
    assert info.name == {"en": "Hanbit Store", "ko": "한빛 스토어"}
    assert info.currency == "USD"
    assert info.hours[0].opens == time(10) and info.hours[0].closes == time(20)
    assert info.hours[6].opens == time(11) and info.hours[6].closes == time(18)
    assert [(d.id, d.days, d.price_cents, d.free_over_cents) for d in info.delivery] == [
        ("standard", 3, 499, 5000),
        ("express", 1, 1299, None),
    ]
    topics = {entry.topic for entry in store.faq()}
    assert {"payment", "returns", "warranty", "parking", "gift_wrap", "exchange"} <= topics
    assert all(set(entry.answers) == {"en", "ko"} for entry in store.faq())
    statuses = {}
    for order_id in (4821, 4822, 4823):
        order = store.order(order_id)
        assert order is not None and order.customer_phone
        statuses[order_id] = order.status
    assert statuses == {4821: "shipped", 4822: "processing", 4823: "delivered"}
    shipped = store.order(4821)
    assert shipped is not None and shipped.delivery_eta == NOW.date() + timedelta(days=1)
    customer = store.customer("(213) 555-0187")
    assert customer is not None and customer.name == "Jimin Park"
    assert [o.id for o in store.orders_for_phone("213-555-0187")] == [4821, 4823]
