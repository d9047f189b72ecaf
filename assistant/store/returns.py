"""After a sale: returns of delivered orders and receipts to send to the phone number on an order.

A return takes whole order lines (``return_lines`` holds each returned line once, so a line cannot be
returned twice, even by two kiosks at the same moment); its refund is what those lines cost. Stock
is not put back: the goods come back to staff first. A receipt request is queued for staff or an
SMS gateway, which read the phone number from the order when they send it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import cast

from assistant.redact import redact

from .base import Conflict, Row, StoreBase, Tx, missing
from .errors import InvalidOrder
from .models import (
    RECEIPT_CHANNELS,
    RETURN_DAYS,
    OrderLine,
    ReceiptRequest,
    ReceiptStatus,
    Return,
    ReturnStatus,
)
from .orders import get_order


class Returns(StoreBase):
    """Returns and receipt requests (either database)."""

    def start_return(
        self, order_id: int, lines: Sequence[OrderLine] | None = None, reason: str | None = None
    ) -> Return:
        """Ask to return ``lines`` of a delivered order (``None``: all of them), in one transaction.

        Each line must equal one of the order's lines (product, quantity, size, color) that has not
        been returned yet; the order must be delivered, and today no later than ``RETURN_DAYS``
        after its delivery date. ``reason`` is redacted before it is stored.
        """
        with self._tx(write=True) as conn:
            conn.lock(f"order:{order_id}")
            order = get_order(conn, order_id) or missing("order", order_id)
            if order.status != "delivered":
                raise InvalidOrder(
                    f"order {order_id} is {order.status}; only delivered orders can be returned"
                )
            last_day = order.delivery_eta + timedelta(days=RETURN_DAYS)
            today = self._now().date()
            if today > last_day:
                raise InvalidOrder(
                    f"order {order_id} was delivered on {order.delivery_eta}; returns are accepted for "
                    f"{RETURN_DAYS} days, until {last_day}"
                )
            returned = {
                int(r["line_no"])
                for r in conn.execute("SELECT line_no FROM return_lines WHERE order_id = ?", (order_id,))
            }
            numbers = _line_numbers(order_id, order.lines, returned, lines)
            prices = {
                int(r["line_no"]): int(r["unit_price_cents"]) * int(r["quantity"])
                for r in conn.execute("SELECT * FROM order_lines WHERE order_id = ?", (order_id,))
            }
            refund = sum(prices[n] for n in numbers)
            text = redact(reason) if reason and reason.strip() else None
            return_id = int(
                conn.execute(
                    "INSERT INTO returns (order_id, created_at, status, reason, refund_cents) "
                    "VALUES (?, ?, 'requested', ?, ?) RETURNING id",
                    (order_id, self._now().isoformat(), text, refund),
                ).fetchone()["id"]
            )
            self._insert_return_lines(conn, return_id, order_id, numbers)
            return get_return(conn, return_id) or missing("return", return_id)

    def _insert_return_lines(self, conn: Tx, return_id: int, order_id: int, numbers: Sequence[int]) -> None:
        """Claim the lines; the primary key refuses a line another return claimed meanwhile."""
        try:
            conn.executemany(
                "INSERT INTO return_lines (order_id, line_no, return_id) VALUES (?, ?, ?)",
                [(order_id, n, return_id) for n in numbers],
            )
        except Conflict:
            raise InvalidOrder(f"a line of order {order_id} has been returned already") from None

    def returns(self, order_id: int | None = None) -> list[Return]:
        """All returns, or those of one order, oldest first."""
        where, params = ("WHERE order_id = ?", (order_id,)) if order_id is not None else ("", ())
        with self._tx() as conn:
            ids = [int(r["id"]) for r in conn.execute(f"SELECT id FROM returns {where} ORDER BY id", params)]
            return [found for i in ids if (found := get_return(conn, i))]

    def request_receipt(self, order_id: int, channel: str = "sms") -> ReceiptRequest:
        """Queue the order's receipt to be sent to the phone number on it (``InvalidOrder`` if none).

        A request already queued for the same order and channel is returned instead of a second one.
        """
        if channel not in RECEIPT_CHANNELS:
            raise InvalidOrder(f"a receipt cannot be sent by {channel!r} (use {', '.join(RECEIPT_CHANNELS)})")
        with self._tx(write=True) as conn:
            conn.lock(f"order:{order_id}")
            order = get_order(conn, order_id) or missing("order", order_id)
            if order.customer_phone is None:
                raise InvalidOrder(f"order {order_id} has no phone number to send a receipt to")
            row = conn.execute(
                "SELECT * FROM receipt_requests WHERE order_id = ? AND channel = ? AND status = 'queued'",
                (order_id, channel),
            ).fetchone()
            if row is None:
                row = conn.execute(
                    "INSERT INTO receipt_requests (order_id, created_at, channel, status) "
                    "VALUES (?, ?, ?, 'queued') RETURNING *",
                    (order_id, self._now().isoformat(), channel),
                ).fetchone()
            return receipt_from_row(row)

    def receipt_requests(self, status: str | None = None) -> list[ReceiptRequest]:
        """All receipt requests, or those with ``status`` (``queued``, ``sent``, ``failed``), oldest first."""
        where, params = ("WHERE status = ?", (status,)) if status is not None else ("", ())
        with self._tx() as conn:
            rows = conn.execute(f"SELECT * FROM receipt_requests {where} ORDER BY id", params).fetchall()
        return [receipt_from_row(r) for r in rows]


def _line_numbers(
    order_id: int, lines: tuple[OrderLine, ...], returned: set[int], wanted: Sequence[OrderLine] | None
) -> list[int]:
    """The numbers (1-based) of the order lines to return; refuses lines returned before or not there."""
    if wanted is None:
        again = sorted(returned)
        if again:
            raise InvalidOrder(f"line {again[0]} of order {order_id} has been returned already")
        return list(range(1, len(lines) + 1))
    if not wanted:
        raise InvalidOrder("a return needs at least one line")
    taken: list[int] = []
    for line in wanted:
        same = [n for n, have in enumerate(lines, 1) if _same(have, line) and n not in taken]
        free = [n for n in same if n not in returned]
        if not free:
            state = "has been returned already" if same else "is not on the order"
            raise InvalidOrder(f"{_describe(line)} of order {order_id} {state}")
        taken.append(free[0])
    return sorted(taken)


def _same(have: OrderLine, wanted: OrderLine) -> bool:
    def fold(value: str | None) -> str | None:
        return value.strip().casefold() if value is not None else None

    return (have.product_id, have.quantity, fold(have.size), fold(have.color)) == (
        wanted.product_id,
        wanted.quantity,
        fold(wanted.size),
        fold(wanted.color),
    )


def _describe(line: OrderLine) -> str:
    details = ", ".join(x for x in (line.size, line.color) if x)
    return f"{line.quantity} × {line.product_id}" + (f" ({details})" if details else "")


def get_return(conn: Tx, return_id: int) -> Return | None:
    """One return by number, with the lines it returns."""
    row = conn.execute("SELECT * FROM returns WHERE id = ?", (return_id,)).fetchone()
    if row is None:
        return None
    lines = tuple(
        OrderLine(r["product_id"], int(r["quantity"]), r["size"], r["color"])
        for r in conn.execute(
            "SELECT l.* FROM return_lines r JOIN order_lines l ON l.order_id = r.order_id "
            "AND l.line_no = r.line_no WHERE r.return_id = ? ORDER BY l.line_no",
            (return_id,),
        )
    )
    return Return(
        int(row["id"]),
        int(row["order_id"]),
        datetime.fromisoformat(row["created_at"]),
        cast(ReturnStatus, row["status"]),
        lines,
        row["reason"],
        int(row["refund_cents"]),
    )


def receipt_from_row(row: Row) -> ReceiptRequest:
    """A ``receipt_requests`` row as a ``ReceiptRequest``."""
    return ReceiptRequest(
        int(row["id"]),
        int(row["order_id"]),
        datetime.fromisoformat(row["created_at"]),
        row["channel"],
        cast(ReceiptStatus, row["status"]),
    )
