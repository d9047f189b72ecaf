"""Orders: placed (stock taken and the order written in one transaction), looked up, changed while
not yet shipped (stock, prices and a record of the change in one transaction) and cancelled."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from typing import Any, NoReturn, cast

from .base import StoreBase, Tx, missing, to_json
from .catalog import get_delivery_option, get_product
from .errors import InvalidOrder, OutOfStock
from .models import (
    CANCELLABLE_STATUSES,
    FIRST_ORDER_ID,
    MAX_QUANTITY,
    PAYMENT_METHODS,
    ChangeKind,
    DeliveryOption,
    Order,
    OrderChange,
    OrderLine,
    OrderStatus,
    Product,
    is_receipt_code,
    normalize_phone,
)


class Orders(StoreBase):
    """Orders (either database)."""

    def place_order(
        self,
        lines: Sequence[OrderLine],
        lang: str,
        customer_phone: str | None = None,
        delivery: str = "standard",
        receipt_code: str | None = None,
        address: str | None = None,
        payment: str = "pay_in_store",
    ) -> Order:
        """Check, take stock and write the order in one transaction: all of it or nothing.

        ``receipt_code`` (four digits) is stored as given; ``payment`` is one of ``PAYMENT_METHODS``
        (all but ``pay_in_store`` count as paid in full).
        """
        if not lines:
            raise InvalidOrder("an order needs at least one product")
        phone = normalize_phone(customer_phone) if customer_phone else None
        if receipt_code is not None and not is_receipt_code(receipt_code):
            raise InvalidOrder(f"a receipt code is four digits, not {receipt_code!r}")
        if payment not in PAYMENT_METHODS:
            raise InvalidOrder(f"unknown payment {payment!r} (use one of {', '.join(PAYMENT_METHODS)})")
        address = _address(address) if address is not None else None
        with self._tx(write=True) as conn:
            option = get_delivery_option(conn, delivery) or _unknown_delivery(delivery)
            checked, products = _check_lines(conn, lines)
            needed = units(checked)
            for product_id, quantity in needed.items():
                if products[product_id].stock < quantity:
                    raise OutOfStock(product_id, products[product_id].stock)
            prices = {p.id: p.price_cents for p in products.values()}
            subtotal = sum(prices[line.product_id] * line.quantity for line in checked)
            self._move_stock(conn, {product_id: -quantity for product_id, quantity in needed.items()})
            order_id = next_order_id(conn)
            self._insert_order(
                conn,
                order_id,
                "placed",
                checked,
                prices,
                option,
                subtotal,
                self._now(),
                phone,
                lang,
                receipt_code=receipt_code,
                address=address,
                payment=payment,
            )
            return get_order(conn, order_id) or missing("order", order_id)

    def _move_stock(self, conn: Tx, deltas: dict[str, int], given_back: dict[str, int] | None = None) -> None:
        """Add ``deltas`` (product → units, negative to take) to the stock; a product that would go below
        zero is ``OutOfStock`` (counting as available the units ``given_back`` in the same change).
        Products are updated in id order, so that two transactions moving the same products lock their
        rows in the same order (no deadlock)."""
        for product_id in sorted(deltas):
            delta = deltas[product_id]
            if delta == 0:
                continue
            cursor = conn.execute(
                "UPDATE products SET stock = stock + ? WHERE id = ? AND stock + ? >= 0",
                (delta, product_id, delta),
            )
            if cursor.rowcount != 1:
                row = conn.execute("SELECT stock FROM products WHERE id = ?", (product_id,)).fetchone()
                own = (given_back or {}).get(product_id, 0)
                raise OutOfStock(product_id, int(row["stock"]) + own if row else 0)

    def _insert_order(
        self,
        conn: Tx,
        order_id: int,
        status: OrderStatus,
        lines: Sequence[OrderLine],
        prices: dict[str, int],
        option: DeliveryOption,
        subtotal: int,
        created: datetime,
        phone: str | None,
        lang: str,
        *,
        receipt_code: str | None = None,
        address: str | None = None,
        payment: str = "pay_in_store",
    ) -> None:
        fee = delivery_fee(option, subtotal)
        eta = created.date() + timedelta(days=option.days)
        conn.execute(
            "INSERT INTO orders (id, status, total_cents, delivery, delivery_cents, created_at, "
            "delivery_eta, customer_phone, lang, receipt_code, delivery_address, payment, paid_cents) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                receipt_code,
                address,
                payment,
                paid(payment, subtotal + fee),
            ),
        )
        self._insert_lines(conn, order_id, lines, prices)

    def _insert_lines(
        self, conn: Tx, order_id: int, lines: Sequence[OrderLine], prices: dict[str, int]
    ) -> None:
        """Write the order lines (a separate step so tests can make it fail mid-order)."""
        conn.executemany(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, size, color, "
            "unit_price_cents) VALUES (?, ?, ?, ?, ?, ?, ?)",
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
        with self._tx(write=True) as conn:
            conn.lock(f"order:{order_id}")
            order = get_order(conn, order_id) or missing("order", order_id)
            if order.status not in CANCELLABLE_STATUSES:
                raise InvalidOrder(f"order {order_id} is {order.status} and can no longer be cancelled")
            self._move_stock(conn, units(order.lines))
            conn.execute("UPDATE orders SET status = 'cancelled' WHERE id = ?", (order_id,))
            return replace(order, status="cancelled")

    def change_order(
        self,
        order_id: int,
        *,
        lines: Sequence[OrderLine] | None = None,
        address: str | None = None,
        delivery: str | None = None,
    ) -> Order:
        """Change what a placed or processing order holds, where it goes or how, in one transaction.

        New ``lines`` replace the old ones: their stock is given back and the new lines' stock taken
        (``OutOfStock`` leaves everything as it was); products already on the order keep the price
        they were ordered at, others cost today's price. The delivery fee follows the new subtotal
        (free from ``free_over_cents``) and the option; a new option counts its days from today.
        Each change is recorded (``order_changes``); a value equal to the current one is no change.
        """
        if lines is None and address is None and delivery is None:
            raise InvalidOrder(f"nothing to change on order {order_id}")
        new_address = _address(address) if address is not None else None
        with self._tx(write=True) as conn:
            conn.lock(f"order:{order_id}")
            order = get_order(conn, order_id) or missing("order", order_id)
            if order.status not in CANCELLABLE_STATUSES:
                raise InvalidOrder(f"order {order_id} is {order.status} and can no longer be changed")
            changes: list[tuple[ChangeKind, Any, Any]] = []
            priced = _priced_lines(conn, order_id)
            if lines is not None:
                new_priced = self._replace_lines(conn, order, priced, lines)
                if new_priced != priced:
                    changes.append(("lines", _lines_json(priced), _lines_json(new_priced)))
                    priced = new_priced
            option = get_delivery_option(conn, order.delivery) or _unknown_delivery(order.delivery)
            eta = order.delivery_eta
            if delivery is not None and delivery != order.delivery:
                option = get_delivery_option(conn, delivery) or _unknown_delivery(delivery)
                eta = self._now().date() + timedelta(days=option.days)
                changes.append(("delivery", order.delivery, option.id))
            if changes:  # lines or delivery: the price follows
                subtotal = sum(line.quantity * price for line, price in priced)
                total = subtotal + delivery_fee(option, subtotal)
                conn.execute(
                    "UPDATE orders SET total_cents = ?, delivery = ?, delivery_cents = ?, delivery_eta = ?, "
                    "paid_cents = ? WHERE id = ?",
                    (
                        total,
                        option.id,
                        total - subtotal,
                        eta.isoformat(),
                        paid(order.payment, total),
                        order_id,
                    ),
                )
            if new_address is not None and new_address != order.delivery_address:
                conn.execute("UPDATE orders SET delivery_address = ? WHERE id = ?", (new_address, order_id))
                changes.append(("address", order.delivery_address, new_address))
            now = self._now().isoformat()
            conn.executemany(
                "INSERT INTO order_changes (order_id, at, what, old, new) VALUES (?, ?, ?, ?, ?)",
                [(order_id, now, what, to_json(old), to_json(new)) for what, old, new in changes],
            )
            return get_order(conn, order_id) or missing("order", order_id)

    def _replace_lines(
        self,
        conn: Tx,
        order: Order,
        priced: list[tuple[OrderLine, int]],
        lines: Sequence[OrderLine],
    ) -> list[tuple[OrderLine, int]]:
        """Put the old lines' stock back, take the new lines' and write them; returns them priced."""
        checked, products = _check_lines(conn, lines)
        if tuple(checked) == order.lines:
            return priced
        prices = {line.product_id: price for line, price in _repriced(priced, checked, products)}
        given_back, taken = units(order.lines), units(checked)
        deltas = {p: given_back.get(p, 0) - taken.get(p, 0) for p in {*given_back, *taken}}
        self._move_stock(conn, deltas, given_back)
        conn.execute("DELETE FROM order_lines WHERE order_id = ?", (order.id,))
        self._insert_lines(conn, order.id, checked, prices)
        return [(line, prices[line.product_id]) for line in checked]

    def change_total(
        self, order_id: int, *, lines: Sequence[OrderLine] | None = None, delivery: str | None = None
    ) -> int:
        """What order ``order_id`` would cost in cents with ``lines`` and ``delivery`` instead of its own,
        priced as ``change_order`` prices them (said before the customer agrees); nothing is changed."""
        with self._tx() as conn:
            order = get_order(conn, order_id) or missing("order", order_id)
            priced = _priced_lines(conn, order_id)
            if lines is not None:
                checked, products = _check_lines(conn, lines)
                priced = _repriced(priced, checked, products)
            chosen = delivery or order.delivery
            option = get_delivery_option(conn, chosen) or _unknown_delivery(chosen)
            subtotal = sum(line.quantity * price for line, price in priced)
            return subtotal + delivery_fee(option, subtotal)

    def order_changes(self, order_id: int) -> list[OrderChange]:
        """The changes made to an order, oldest first (empty for an unknown order)."""
        with self._tx() as conn:
            return changes_of(conn, order_id)


def next_order_id(conn: Tx) -> int:
    """The next order number: one above the highest, from ``FIRST_ORDER_ID``. Numbers have no gaps,
    so numbering holds a lock until the order is committed (taken last, after the stock)."""
    conn.lock("order-numbers")
    row = conn.execute(
        "SELECT CASE WHEN COALESCE(MAX(id), 0) >= ? THEN MAX(id) + 1 ELSE ? END AS id FROM orders",
        (FIRST_ORDER_ID, FIRST_ORDER_ID),
    ).fetchone()
    return int(row["id"])


def get_order(conn: Tx, order_id: int) -> Order | None:
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
        receipt_code=row["receipt_code"],
        delivery_address=row["delivery_address"],
        payment=row["payment"],
        paid_cents=int(row["paid_cents"]),
    )


def changes_of(conn: Tx, order_id: int) -> list[OrderChange]:
    """The recorded changes of one order, oldest first."""
    return [
        OrderChange(
            int(r["id"]),
            int(r["order_id"]),
            datetime.fromisoformat(r["at"]),
            cast(ChangeKind, r["what"]),
            json.loads(r["old"]),
            json.loads(r["new"]),
        )
        for r in conn.execute("SELECT * FROM order_changes WHERE order_id = ? ORDER BY id", (order_id,))
    ]


def units(lines: Sequence[OrderLine]) -> dict[str, int]:
    """Units per product of ``lines``."""
    counted: dict[str, int] = {}
    for line in lines:
        counted[line.product_id] = counted.get(line.product_id, 0) + line.quantity
    return counted


def paid(payment: str, total_cents: int) -> int:
    """What is paid of an order of ``total_cents``: nothing when paid in the store, else all of it."""
    return 0 if payment == "pay_in_store" else total_cents


def delivery_fee(option: DeliveryOption, subtotal: int) -> int:
    """The fee of ``option`` for an order of ``subtotal`` cents (free from ``free_over_cents``)."""
    free = option.free_over_cents is not None and subtotal >= option.free_over_cents
    return 0 if free else option.price_cents


def _check_lines(conn: Tx, lines: Sequence[OrderLine]) -> tuple[list[OrderLine], dict[str, Product]]:
    """The lines checked against the catalog, and their products."""
    if not lines:
        raise InvalidOrder("an order needs at least one product")
    products: dict[str, Product] = {}
    checked: list[OrderLine] = []
    for line in lines:
        product = products.get(line.product_id) or get_product(conn, line.product_id)
        if product is None:
            raise InvalidOrder(f"unknown product {line.product_id!r}")
        products[product.id] = product
        checked.append(check_line(product, line))
    return checked, products


def _priced_lines(conn: Tx, order_id: int) -> list[tuple[OrderLine, int]]:
    """An order's lines with the unit price each was ordered at."""
    return [
        (OrderLine(r["product_id"], int(r["quantity"]), r["size"], r["color"]), int(r["unit_price_cents"]))
        for r in conn.execute("SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no", (order_id,))
    ]


def _repriced(
    priced: Sequence[tuple[OrderLine, int]], lines: Sequence[OrderLine], products: dict[str, Product]
) -> list[tuple[OrderLine, int]]:
    """``lines`` with their unit prices: a product already on the order (``priced``) keeps the price it was
    ordered at, another costs today's."""
    ordered_at = {line.product_id: price for line, price in priced}
    return [(line, ordered_at.get(line.product_id, products[line.product_id].price_cents)) for line in lines]


def _lines_json(priced: Sequence[tuple[OrderLine, int]]) -> list[dict[str, Any]]:
    return [{**asdict(line), "unit_price_cents": price} for line, price in priced]


def _address(address: str) -> str:
    cleaned = " ".join(address.split())
    if not cleaned:
        raise InvalidOrder("the delivery address is empty")
    return cleaned


def _unknown_delivery(option_id: str) -> NoReturn:
    raise InvalidOrder(f"unknown delivery option {option_id!r}")


def check_line(product: Product, line: OrderLine) -> OrderLine:
    """Validate quantity, size and color against the product; returns the line with canonical spelling."""
    name = product.name("en")
    quantity = line.quantity
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidOrder(f"quantity of {name} must be 1 to {MAX_QUANTITY}, not {line.quantity!r}")
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
