"""Orders with a receipt code, an address and a payment, and changes to them, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest

from assistant.store import (
    PAYMENT_METHODS,
    InvalidOrder,
    NotFound,
    OrderLine,
    OutOfStock,
)
from assistant.store.base import Tx
from tests.support.backends import Backend, Opened

NOW = datetime(2025, 6, 2, 9, 30)  # a Monday
EARBUDS, WATCH, PROTECTOR = 5999, 14999, 999


@pytest.fixture
def store(backend: Backend) -> Iterator[Opened]:
    with backend.open(clock=lambda: NOW) as opened:
        yield opened


def stock(store: Opened, product_id: str) -> int:
    product = store.product(product_id)
    assert product is not None
    return product.stock


# --- placing --------------------------------------------------------------------------------


def test_an_order_keeps_its_receipt_code_address_and_payment(store: Opened) -> None:
    order = store.place_order(
        [OrderLine("wireless-earbuds", 1, color="white")],
        "en",
        receipt_code="0042",
        address="  12 Main   Street, Springfield ",
        payment="card",
    )
    assert (order.receipt_code, order.delivery_address) == ("0042", "12 Main Street, Springfield")
    assert (order.payment, order.paid_cents, order.total_cents) == ("card", EARBUDS, EARBUDS)
    assert store.order(order.id) == order
    unpaid = store.place_order([OrderLine("screen-protector", 1)], "ko")
    assert (unpaid.payment, unpaid.paid_cents, unpaid.total_cents) == ("pay_in_store", 0, PROTECTOR + 499)
    assert (unpaid.receipt_code, unpaid.delivery_address) == (None, None)
    paid = [
        store.place_order([OrderLine("phone-charger", 1)], "en", payment=p).paid_cents
        for p in PAYMENT_METHODS
    ]
    assert paid == [
        2499 + 499,
        2499 + 499,
        2499 + 499,
        2499 + 499,
        0,
    ]  # card, cash, Apple/Google Pay; in store


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"receipt_code": "187"}, "four digits"),
        ({"receipt_code": "01870"}, "four digits"),
        ({"receipt_code": "o187"}, "four digits"),
        ({"receipt_code": "٠١٨٧"}, "four digits"),  # Arabic-Indic digits are digits, but not ours
        ({"payment": "bitcoin"}, "unknown payment 'bitcoin'"),
        ({"address": "   "}, "address is empty"),
    ],
)
def test_bad_order_details_are_refused_and_nothing_is_written(
    store: Opened, backend: Backend, options: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidOrder, match=message):
        store.place_order([OrderLine("phone-charger", 1)], "en", **options)
    assert stock(store, "phone-charger") == 30
    assert backend.sql("SELECT COUNT(*) FROM orders") == [(3,)]


def test_the_demo_orders_have_an_address_and_were_paid(store: Opened) -> None:
    payments = {}
    for order_id in (4821, 4822, 4823):
        order = store.order(order_id)
        assert order is not None and order.delivery_address and order.paid_cents == order.total_cents > 0
        payments[order_id] = order.payment
    assert payments == {4821: "card", 4822: "apple_pay", 4823: "card"}


# --- changing -------------------------------------------------------------------------------


def test_new_lines_move_stock_keep_ordered_prices_and_reprice_delivery(
    store: Opened, backend: Backend
) -> None:
    order = store.place_order([OrderLine("wireless-earbuds", 2, color="black")], "en", payment="card")
    assert (order.total_cents, order.delivery_cents, stock(store, "wireless-earbuds")) == (2 * EARBUDS, 0, 23)
    # the price goes up after the order was placed
    backend.sql("UPDATE products SET price_cents = 6999 WHERE id = 'wireless-earbuds'")
    changed = store.change_order(
        order.id,
        lines=[OrderLine("wireless-earbuds", 1, color="black"), OrderLine("smart-watch", 1, color="silver")],
    )
    assert changed.lines == (
        OrderLine("wireless-earbuds", 1, None, "black"),
        OrderLine("smart-watch", 1, None, "silver"),
    )
    assert (changed.total_cents, changed.delivery_cents) == (EARBUDS + WATCH, 0)  # the earbuds keep 59.99
    assert changed.paid_cents == changed.total_cents  # paid by card: the charge follows the total
    assert (stock(store, "wireless-earbuds"), stock(store, "smart-watch")) == (24, 4)
    small = store.change_order(order.id, lines=[OrderLine("screen-protector", 1)])
    assert (small.total_cents, small.delivery_cents) == (PROTECTOR + 499, 499)  # under 50.00: a fee again
    assert (
        stock(store, "wireless-earbuds"),
        stock(store, "smart-watch"),
        stock(store, "screen-protector"),
    ) == (
        25,
        5,
        44,
    )
    assert store.order(order.id) == small
    first, second = store.order_changes(order.id)
    assert (first.what, first.at, first.order_id) == ("lines", NOW, order.id)
    assert first.old == [
        {
            "product_id": "wireless-earbuds",
            "quantity": 2,
            "size": None,
            "color": "black",
            "unit_price_cents": EARBUDS,
        }
    ]
    assert [line["product_id"] for line in first.new] == ["wireless-earbuds", "smart-watch"]
    assert second.old == first.new and second.new[0]["unit_price_cents"] == PROTECTOR


def test_the_total_of_a_change_is_known_before_it_is_made(store: Opened, backend: Backend) -> None:
    order = store.place_order([OrderLine("wireless-earbuds", 1, color="black")], "en")
    backend.sql("UPDATE products SET price_cents = 6999 WHERE id = 'wireless-earbuds'")
    lines = [OrderLine("wireless-earbuds", 2, color="black"), OrderLine("screen-protector", 1)]
    before = (store.order(order.id), stock(store, "wireless-earbuds"), store.order_changes(order.id))
    assert store.change_total(order.id, lines=lines) == 2 * EARBUDS + PROTECTOR  # ordered price kept
    assert store.change_total(order.id, delivery="express") == EARBUDS + 1299
    assert store.change_total(order.id) == order.total_cents
    assert (store.order(order.id), stock(store, "wireless-earbuds"), store.order_changes(order.id)) == before
    assert store.change_order(order.id, lines=lines).total_cents == 2 * EARBUDS + PROTECTOR
    with pytest.raises(NotFound):
        store.change_total(999)


def test_delivery_and_address_changes_are_recorded_once(store: Opened) -> None:
    order = store.place_order([OrderLine("smart-watch", 1, color="black")], "en", address="1 First St")
    express = store.change_order(order.id, delivery="express", address="2 Second Ave")
    assert (express.delivery, express.delivery_cents, express.total_cents) == ("express", 1299, WATCH + 1299)
    assert express.delivery_eta == NOW.date() + timedelta(days=1)
    assert express.delivery_address == "2 Second Ave"
    same = store.change_order(order.id, delivery="express", address="2  Second Ave")  # nothing new
    assert same == express
    back = store.change_order(order.id, delivery="standard")
    assert (back.delivery_cents, back.total_cents) == (0, WATCH)  # standard is free over 50.00
    assert back.paid_cents == 0  # pay in store: nothing paid yet
    assert [(c.what, c.old, c.new) for c in store.order_changes(order.id)] == [
        ("delivery", "standard", "express"),
        ("address", "1 First St", "2 Second Ave"),
        ("delivery", "express", "standard"),
    ]
    assert store.order_changes(4821) == [] and store.order_changes(999) == []


def test_the_same_lines_again_are_no_change(store: Opened) -> None:
    order = store.place_order([OrderLine("t-shirt", 2, "M", "navy")], "en")
    assert store.change_order(order.id, lines=[OrderLine("t-shirt", 2, "m", "Navy")]) == order
    assert store.order_changes(order.id) == [] and stock(store, "t-shirt") == 48


@pytest.mark.parametrize(("order_id", "status"), [(4821, "shipped"), (4823, "delivered")])
def test_only_placed_or_processing_orders_change(store: Opened, order_id: int, status: str) -> None:
    before = store.order(order_id)
    with pytest.raises(InvalidOrder, match=f"order {order_id} is {status} and can no longer be changed"):
        store.change_order(order_id, address="9 Elsewhere Rd")
    assert store.order(order_id) == before and store.order_changes(order_id) == []
    processing = store.change_order(4822, address="9 Elsewhere Rd")
    assert processing.delivery_address == "9 Elsewhere Rd"
    store.cancel_order(4822)
    with pytest.raises(InvalidOrder, match="is cancelled"):
        store.change_order(4822, delivery="standard")
    with pytest.raises(NotFound):
        store.change_order(999, address="x")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({}, "nothing to change"),
        ({"lines": []}, "at least one product"),
        ({"lines": [OrderLine("flying-car", 1)]}, "unknown product"),
        ({"lines": [OrderLine("t-shirt", 1, "XXL", "navy")]}, "not available"),
        ({"delivery": "drone"}, "unknown delivery option 'drone'"),
        ({"lines": [OrderLine("phone-charger", 1)], "delivery": "drone"}, "unknown delivery option"),
        ({"lines": [OrderLine("phone-charger", 1)], "address": " "}, "address is empty"),
    ],
)
def test_a_refused_change_leaves_everything_as_it_was(
    store: Opened, backend: Backend, change: dict[str, object], message: str
) -> None:
    order = store.place_order([OrderLine("backpack", 2, color="navy")], "en", address="1 First St")
    products = store.products()
    with pytest.raises(InvalidOrder, match=message):
        store.change_order(order.id, **change)  # type: ignore[arg-type]
    assert store.order(order.id) == order and store.products() == products
    assert backend.sql("SELECT COUNT(*) FROM order_changes") == [(0,)]


def test_out_of_stock_counts_the_orders_own_units_and_changes_nothing(
    store: Opened, backend: Backend
) -> None:
    order = store.place_order([OrderLine("smart-watch", 2, color="black")], "en", address="1 First St")
    assert stock(store, "smart-watch") == 3
    with pytest.raises(OutOfStock) as caught:
        store.change_order(
            order.id,
            lines=[OrderLine("smart-watch", 6, color="black")],
            address="2 Second Ave",
            delivery="express",
        )
    assert (caught.value.product_id, caught.value.available) == ("smart-watch", 5)  # 3 left + its own 2
    assert stock(store, "smart-watch") == 3
    assert store.order(order.id) == order and store.order_changes(order.id) == []
    assert (
        store.change_order(order.id, lines=[OrderLine("smart-watch", 5, color="black")]).lines[0].quantity
        == 5
    )
    assert stock(store, "smart-watch") == 0


def test_a_change_cut_short_leaves_stock_lines_and_history_untouched(
    store: Opened, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = store.place_order([OrderLine("hoodie", 1, "L", "gray")], "en")
    seen: list[object] = []

    def crash(self: Opened, conn: Tx, *args: object) -> None:
        lines = "SELECT COUNT(*) AS n FROM order_lines WHERE order_id = ?"
        seen.append(conn.execute(lines, (order.id,)).fetchone()["n"])
        seen.append(conn.execute("SELECT stock FROM products WHERE id = 'hoodie'").fetchone()["stock"])
        raise RuntimeError("power cut")

    monkeypatch.setattr(type(store), "_insert_lines", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        store.change_order(order.id, lines=[OrderLine("hoodie", 3, "L", "gray")], address="1 First St")
    assert seen == [0, 17]  # the old lines were gone and the new stock taken when it failed
    assert store.order(order.id) == order and stock(store, "hoodie") == 19
    assert backend.sql("SELECT COUNT(*) FROM order_changes") == [(0,)]


def test_another_process_sees_a_change_whole(store: Opened, backend: Backend) -> None:
    order = store.place_order([OrderLine("backpack", 1, color="black")], "en")
    store.change_order(order.id, lines=[OrderLine("backpack", 4, color="black")], delivery="express")
    with backend.open(clock=lambda: NOW) as other:
        seen = other.order(order.id)
        assert seen is not None and seen.lines[0].quantity == 4 and seen.delivery == "express"
        assert stock(other, "backpack") == 14
        assert [c.what for c in other.order_changes(order.id)] == ["lines", "delivery"]
    assert date.fromisoformat(
        str(backend.sql(f"SELECT delivery_eta FROM orders WHERE id = {order.id}")[0][0])
    ) == (NOW.date() + timedelta(days=1))
