"""Placing and cancelling orders on both backends: stock, delivery fees, refusals that change nothing."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from assistant.store import (
    InvalidOrder,
    NotFound,
    OrderLine,
    OutOfStock,
    StoreError,
)
from assistant.store.base import Tx
from tests.support.backends import Backend, Opened
from tests.support.demo_store import NOW, open_store, stock


def test_place_order_takes_stock_and_writes_order_and_lines(store: Opened, backend: Backend) -> None:
    order = store.place_order(
        [OrderLine("wireless-earbuds", 2, color="Black"), OrderLine("t-shirt", 1, size="m", color="navy")],
        lang="en",
        customer_phone="213-555-0100",
    )
    assert order.id == 5001
    assert order.status == "placed"
    assert order.lines == (
        OrderLine("wireless-earbuds", 2, None, "black"),
        OrderLine("t-shirt", 1, "M", "navy"),
    )
    assert order.total_cents == 2 * 5999 + 1999  # over 50.00: free standard delivery
    assert order.delivery_eta == NOW.date() + timedelta(days=3)
    assert order.customer_phone == "2135550100"
    assert store.order(5001) == order
    assert stock(store, "wireless-earbuds") == 23
    assert stock(store, "t-shirt") == 49
    assert backend.count("order_lines") == 4 + 2
    assert store.place_order([OrderLine("hoodie", 1, "L", "gray")], "ko").id == 5002


def test_delivery_fee_and_express(store: Opened) -> None:
    standard = store.place_order([OrderLine("screen-protector", 1)], "en")
    assert (standard.total_cents, standard.delivery_cents) == (999 + 499, 499)
    express = store.place_order([OrderLine("smart-watch", 1, color="silver")], "en", delivery="express")
    assert (express.total_cents, express.delivery) == (14999 + 1299, "express")
    assert express.delivery_eta == NOW.date() + timedelta(days=1)


def test_out_of_stock_changes_nothing(store: Opened, backend: Backend) -> None:
    with pytest.raises(OutOfStock) as caught:
        store.place_order(
            [OrderLine("smart-watch", 3, color="black"), OrderLine("smart-watch", 3, color="silver")], "en"
        )
    assert (caught.value.product_id, caught.value.available) == ("smart-watch", 5)
    assert isinstance(caught.value, StoreError)
    assert stock(store, "smart-watch") == 5
    assert backend.count("orders") == 3


@pytest.mark.parametrize(
    ("lines", "delivery", "message"),
    [
        ([], "standard", "at least one"),
        ([OrderLine("flying-car", 1)], "standard", "unknown product"),
        ([OrderLine("phone-charger", 0)], "standard", "1 to 99"),
        ([OrderLine("phone-charger", 100)], "standard", "1 to 99"),
        ([OrderLine("t-shirt", 1, color="navy")], "standard", "size is required"),
        ([OrderLine("t-shirt", 1, size="XXL", color="navy")], "standard", "not available"),
        ([OrderLine("phone-case", 1, color="purple")], "standard", "not available"),
        ([OrderLine("phone-charger", 1, size="M")], "standard", "cannot be chosen"),
        ([OrderLine("phone-charger", 1)], "drone", "delivery option"),
    ],
)
def test_invalid_orders_change_nothing(
    store: Opened, backend: Backend, lines: Sequence[OrderLine], delivery: str, message: str
) -> None:
    before = store.products()
    with pytest.raises(InvalidOrder, match=message):
        store.place_order(lines, "en", delivery=delivery)
    assert store.products() == before
    assert backend.count("orders") == 3


def test_interrupted_order_leaves_nothing_behind(
    store: Opened, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_stock: list[int] = []

    def crash(self: Opened, conn: Tx, *args: object) -> None:
        seen_stock.append(
            conn.execute("SELECT stock FROM products WHERE id = 'wireless-earbuds'").fetchone()["stock"]
        )
        raise RuntimeError("power cut")

    monkeypatch.setattr(type(store), "_insert_lines", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        store.place_order([OrderLine("wireless-earbuds", 4, color="white")], "en")
    assert seen_stock == [21]  # the stock had been taken when the failure hit
    assert stock(store, "wireless-earbuds") == 25
    assert backend.count("orders") == 3
    assert store.order(5001) is None
    monkeypatch.undo()
    assert store.place_order([OrderLine("wireless-earbuds", 1, color="white")], "en").id == 5001


def test_cancel_order_restores_stock(store: Opened) -> None:
    order = store.place_order([OrderLine("backpack", 3, color="navy")], "en")
    assert stock(store, "backpack") == 15
    cancelled = store.cancel_order(order.id)
    assert cancelled.status == "cancelled"
    assert store.order(order.id) == cancelled
    assert stock(store, "backpack") == 18
    with pytest.raises(InvalidOrder, match="cancelled"):
        store.cancel_order(order.id)
    assert stock(store, "backpack") == 18


def test_kiosks_cancelling_the_same_order_at_once_put_its_stock_back_once(backend: Backend) -> None:
    with open_store(backend) as store:
        order = store.place_order([OrderLine("backpack", 3, color="navy")], "en")
    kiosks = [open_store(backend) for _ in range(6)]
    start = threading.Barrier(len(kiosks))

    def cancel(kiosk: Opened) -> str:
        start.wait()
        try:
            return kiosk.cancel_order(order.id).status
        except InvalidOrder:
            return "refused"

    try:
        with ThreadPoolExecutor(len(kiosks)) as pool:
            outcomes = sorted(pool.map(cancel, kiosks))
    finally:
        for kiosk in kiosks:
            kiosk.close()
    assert outcomes == ["cancelled"] + ["refused"] * (len(kiosks) - 1)
    assert backend.scalar("SELECT stock FROM products WHERE id = 'backpack'") == 18


def test_cancel_order_rules(store: Opened) -> None:
    with pytest.raises(InvalidOrder, match="shipped"):
        store.cancel_order(4821)
    with pytest.raises(InvalidOrder, match="delivered"):
        store.cancel_order(4823)
    assert store.cancel_order(4822).status == "cancelled"
    with pytest.raises(NotFound):
        store.cancel_order(9999)
