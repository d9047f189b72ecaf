"""Orders: placed (stock taken and the order written in one transaction), looked up and cancelled."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import cast

from .base import SqliteBase, missing
from .catalog import get_delivery_option, get_product
from .errors import InvalidOrder, OutOfStock
from .models import (
    CANCELLABLE_STATUSES,
    FIRST_ORDER_ID,
    DeliveryOption,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    normalize_phone,
)


class SqliteOrders(SqliteBase):
    """Orders in SQLite."""

    def place_order(
        self,
        lines: Sequence[OrderLine],
        lang: str,
        customer_phone: str | None = None,
        delivery: str = "standard",
    ) -> Order:
        """Check, take stock and write the order in one transaction: all of it or nothing."""
        if not lines:
            raise InvalidOrder("an order needs at least one product")
        phone = normalize_phone(customer_phone) if customer_phone else None
        with self._tx("IMMEDIATE") as conn:
            option = get_delivery_option(conn, delivery)
            if option is None:
                raise InvalidOrder(f"unknown delivery option {delivery!r}")
            products: dict[str, Product] = {}
            checked: list[OrderLine] = []
            needed: dict[str, int] = {}
            for line in lines:
                product = products.get(line.product_id) or get_product(conn, line.product_id)
                if product is None:
                    raise InvalidOrder(f"unknown product {line.product_id!r}")
                products[product.id] = product
                checked.append(check_line(product, line))
                needed[product.id] = needed.get(product.id, 0) + line.quantity
            for product_id, quantity in needed.items():
                if products[product_id].stock < quantity:
                    raise OutOfStock(product_id, products[product_id].stock)
            prices = {p.id: p.price_cents for p in products.values()}
            subtotal = sum(prices[line.product_id] * line.quantity for line in checked)
            self._take_stock(conn, needed)
            order_id = int(
                conn.execute(
                    "SELECT MAX(?, COALESCE(MAX(id), 0) + 1) FROM orders", (FIRST_ORDER_ID,)
                ).fetchone()[0]
            )
            self._insert_order(
                conn, order_id, "placed", checked, prices, option, subtotal, self._now(), phone, lang
            )
            return get_order(conn, order_id) or missing("order", order_id)

    def _take_stock(self, conn: sqlite3.Connection, needed: dict[str, int]) -> None:
        for product_id, quantity in needed.items():
            cursor = conn.execute(
                "UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?",
                (quantity, product_id, quantity),
            )
            if cursor.rowcount != 1:
                row = conn.execute("SELECT stock FROM products WHERE id = ?", (product_id,)).fetchone()
                raise OutOfStock(product_id, int(row["stock"]) if row else 0)

    def _insert_order(
        self,
        conn: sqlite3.Connection,
        order_id: int,
        status: OrderStatus,
        lines: Sequence[OrderLine],
        prices: dict[str, int],
        option: DeliveryOption,
        subtotal: int,
        created: datetime,
        phone: str | None,
        lang: str,
    ) -> None:
        fee = delivery_fee(option, subtotal)
        eta = created.date() + timedelta(days=option.days)
        conn.execute(
            "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                order_id,
                status,
                subtotal + fee,
                option.id,
                fee,
                created.isoformat(),
                eta.isoformat(),
                phone,
                lang,
            ),
        )
        self._insert_lines(conn, order_id, lines, prices)

    def _insert_lines(
        self, conn: sqlite3.Connection, order_id: int, lines: Sequence[OrderLine], prices: dict[str, int]
    ) -> None:
        """Write the order lines (a separate step so tests can make it fail mid-order)."""
        conn.executemany(
            "INSERT INTO order_lines VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (order_id, n, line.product_id, line.quantity, line.size, line.color, prices[line.product_id])
                for n, line in enumerate(lines, 1)
            ],
        )

    def order(self, order_id: int) -> Order | None:
        """One order by number."""
        with self._tx() as conn:
            return get_order(conn, order_id)

    def orders_for_phone(self, phone: str) -> list[Order]:
        """A customer's orders, newest first."""
        with self._tx() as conn:
            ids = [
                r["id"]
                for r in conn.execute(
                    "SELECT id FROM orders WHERE customer_phone = ? ORDER BY created_at DESC, id DESC",
                    (normalize_phone(phone),),
                )
            ]
            return [order for i in ids if (order := get_order(conn, i))]

    def cancel_order(self, order_id: int) -> Order:
        """Cancel a placed or processing order and put its stock back, in one transaction."""
        with self._tx("IMMEDIATE") as conn:
            order = get_order(conn, order_id) or missing("order", order_id)
            if order.status not in CANCELLABLE_STATUSES:
                raise InvalidOrder(f"order {order_id} is {order.status} and can no longer be cancelled")
            conn.executemany(
                "UPDATE products SET stock = stock + ? WHERE id = ?",
                [(line.quantity, line.product_id) for line in order.lines],
            )
            conn.execute("UPDATE orders SET status = 'cancelled' WHERE id = ?", (order_id,))
            return replace(order, status="cancelled")


def get_order(conn: sqlite3.Connection, order_id: int) -> Order | None:
    """One order by number, with its lines."""
    row = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
    if row is None:
        return None
    lines = tuple(
        OrderLine(r["product_id"], int(r["quantity"]), r["size"], r["color"])
        for r in conn.execute("SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no", (order_id,))
    )
    return Order(
        id=int(row["id"]),
        status=cast(OrderStatus, row["status"]),
        lines=lines,
        total_cents=int(row["total_cents"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        delivery_eta=date.fromisoformat(row["delivery_eta"]),
        customer_phone=row["customer_phone"],
        lang=row["lang"],
        delivery=row["delivery"],
        delivery_cents=int(row["delivery_cents"]),
    )


def delivery_fee(option: DeliveryOption, subtotal: int) -> int:
    """The fee of ``option`` for an order of ``subtotal`` cents (free from ``free_over_cents``)."""
    free = option.free_over_cents is not None and subtotal >= option.free_over_cents
    return 0 if free else option.price_cents


def check_line(product: Product, line: OrderLine) -> OrderLine:
    """Validate quantity, size and color against the product; returns the line with canonical spelling."""
    name = product.name("en")
    if isinstance(line.quantity, bool) or not isinstance(line.quantity, int) or not 1 <= line.quantity <= 99:
        raise InvalidOrder(f"quantity of {name} must be 1 to 99, not {line.quantity!r}")
    size = _pick(line.size, product.sizes, f"{name} size")
    color = _pick(line.color, product.colors, f"{name} color")
    return replace(line, size=size, color=color)


def _pick(value: str | None, choices: tuple[str, ...], what: str) -> str | None:
    if not choices:
        if value is not None:
            raise InvalidOrder(f"{what} cannot be chosen")
        return None
    if value is None:
        raise InvalidOrder(f"{what} is required: {', '.join(choices)}")
    for choice in choices:
        if choice.casefold() == value.strip().casefold():
            return choice
    raise InvalidOrder(f"{what} {value!r} is not available: {', '.join(choices)}")
