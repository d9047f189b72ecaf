"""What the console shows, shaped from the store as ``PRIVACY.md`` allows staff to see it.

Tickets are stored redacted already. Of an order or a booking staff see what they need to help the
customer in front of them: items, status, dates, money, and of the personal data only the last four
digits of the phone number (to check the customer's answer, as the assistant does); the delivery
address and the receipt code are never shown, only whether there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assistant.report.data import Period, Report, summarize
from assistant.store import Booking, Order, Store, Ticket


@dataclass(frozen=True)
class TicketRow:
    """One line of the live queue (also the JSON of ``/api/tickets``)."""

    id: int
    opened: str
    lang: str
    reasons: str
    wanted: str


def ticket_row(ticket: Ticket) -> TicketRow:
    return TicketRow(
        ticket.id,
        f"{ticket.created_at:%Y-%m-%d %H:%M}",
        ticket.lang,
        ", ".join(ticket.reasons),
        wanted(ticket),
    )


def wanted(ticket: Ticket) -> str:
    """What the customer last asked for: the intent and its (redacted) slot values."""
    if not ticket.request_intent:
        return "-"
    slots = ", ".join(f"{name}={value}" for name, value in ticket.request_slots.items())
    return ticket.request_intent + (f" ({slots})" if slots else "")


def phone_tail(phone: str | None) -> str:
    """``… 0187``: the last four digits only, or that there is none."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return f"… {digits[-4:]}" if len(digits) >= 4 else "none on record"


def money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency}"


def order_view(store: Store, order: Order) -> dict[str, Any]:
    """An order as staff may see it."""
    currency = store.store_info().currency
    names = {p.id: p.names.get("en", (p.id,))[0] for p in store.products()}
    return {
        "kind": "order",
        "id": order.id,
        "status": order.status,
        "placed": f"{order.created_at:%Y-%m-%d %H:%M}",
        "lines": [
            {
                "item": names.get(line.product_id, line.product_id),
                "quantity": line.quantity,
                "details": ", ".join(v for v in (line.size, line.color) if v) or "-",
            }
            for line in order.lines
        ],
        "total": money(order.total_cents, currency),
        "delivery": f"{order.delivery}, expected {order.delivery_eta:%Y-%m-%d}",
        "payment": f"{order.payment}, paid {money(order.paid_cents, currency)}",
        "phone": phone_tail(order.customer_phone),
        "address": "on record (not shown)" if order.delivery_address else "none",
        "receipt_code": "set (not shown)" if order.receipt_code else "none",
        "returns": [
            f"return {r.id}: {r.status}, refund {money(r.refund_cents, currency)}"
            for r in store.returns(order.id)
        ],
        "changes": [f"{c.at:%Y-%m-%d %H:%M} {c.what} changed" for c in store.order_changes(order.id)],
    }


def booking_view(store: Store, booking: Booking) -> dict[str, Any]:
    """A booking as staff may see it."""
    service = store.service(booking.service_id)
    return {
        "kind": "booking",
        "id": booking.id,
        "status": booking.status,
        "service": service.names.get("en", (booking.service_id,))[0] if service else booking.service_id,
        "start": f"{booking.start:%Y-%m-%d %H:%M}",
        "phone": phone_tail(booking.customer_phone),
        "receipt_code": "set (not shown)" if booking.receipt_code else "none",
    }


def today(store: Store, now: datetime) -> Report:
    """Today's numbers, as the report computes them."""
    period = Period(now.date(), now.date())
    return summarize(store.activity(period.since, period.until), period, now)
