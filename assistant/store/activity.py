"""What happened in a period, for reports: logged turns, hand-off tickets, orders and bookings made.

The interaction log (``ActivityLog`` writes and reads it) and ``load_activity``, a plain function
over an open transaction that ``ActivityLog.activity`` runs in one read transaction. Times are
naive local ``datetime`` values; a period is ``since <= t < until``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.redact import redact

from .base import Row, StoreBase, Tx, naive
from .models import FIRST_ORDER_ID, Interaction, Ticket
from .tickets import from_row as ticket_from_row


@dataclass(frozen=True)
class OrderMade:
    """An order placed through the store (numbers from ``FIRST_ORDER_ID``; not the demo orders)."""

    id: int
    """Order number."""
    created_at: datetime
    """When it was placed."""
    lang: str
    """Language it was placed in."""
    status: str
    """Status today (it may have been cancelled since)."""
    total_cents: int
    """Products plus delivery, in cents."""
    items: int
    """Units ordered, all lines together."""


@dataclass(frozen=True)
class BookingMade:
    """A service appointment booked (the store does not record its language)."""

    id: int
    """Booking number."""
    created_at: datetime
    """When it was booked (not the appointment time)."""
    service_id: str
    """Service slug."""
    start: datetime
    """Appointment start."""
    status: str
    """``booked`` or ``cancelled`` (today)."""


@dataclass(frozen=True)
class Activity:
    """Everything recorded in ``since <= t < until``, oldest first."""

    since: datetime
    """Start of the period (included)."""
    until: datetime
    """End of the period (excluded)."""
    turns: tuple[Interaction, ...]
    """Logged conversation turns (redacted)."""
    tickets: tuple[Ticket, ...]
    """Hand-off tickets opened."""
    orders: tuple[OrderMade, ...]
    """Orders placed."""
    bookings: tuple[BookingMade, ...]
    """Bookings made."""


class ActivityLog(StoreBase):
    """The interaction log and the activity of a period, (either database)."""

    def log_interaction(
        self,
        session_id: str,
        lang: str,
        text: str,
        intent: str | None,
        score: float,
        reply: str,
        latency_ms: float,
    ) -> None:
        """Append one conversation turn; ``text`` and ``reply`` are redacted (again) before writing."""
        text, reply = redact(text), redact(reply)
        with self._tx(write=True) as conn:
            conn.execute(
                "INSERT INTO interactions (at, session_id, lang, text, intent, score, reply, latency_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self._now().isoformat(), session_id, lang, text, intent, score, reply, latency_ms),
            )

    def interactions(self, session_id: str | None = None) -> list[Interaction]:
        """Logged turns, oldest first, optionally of one session."""
        where, params = ("WHERE session_id = ?", (session_id,)) if session_id is not None else ("", ())
        with self._tx() as conn:
            rows = conn.execute(f"SELECT * FROM interactions {where} ORDER BY id", params).fetchall()
        return [interaction_from_row(r) for r in rows]

    def activity(self, since: datetime, until: datetime) -> Activity:
        """Turns, tickets, orders and bookings recorded in ``since <= t < until`` (for reports)."""
        with self._tx() as conn:
            return load_activity(conn, naive(since), naive(until), FIRST_ORDER_ID)


def load_activity(conn: Tx, since: datetime, until: datetime, first_order_id: int) -> Activity:
    """The period's records; orders numbered below ``first_order_id`` (seeded demo orders) are left out."""
    bounds = (since.isoformat(), until.isoformat())
    turns = tuple(
        interaction_from_row(r)
        for r in conn.execute("SELECT * FROM interactions WHERE at >= ? AND at < ? ORDER BY at, id", bounds)
    )
    tickets = tuple(
        ticket_from_row(r)
        for r in conn.execute(
            "SELECT * FROM tickets WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id", bounds
        )
    )
    orders = tuple(
        OrderMade(
            int(r["id"]),
            datetime.fromisoformat(r["created_at"]),
            r["lang"],
            r["status"],
            int(r["total_cents"]),
            int(r["items"]),
        )
        for r in conn.execute(
            "SELECT o.id, o.created_at, o.lang, o.status, o.total_cents, "
            "(SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE order_id = o.id) AS items "
            "FROM orders o WHERE o.id >= ? AND o.created_at >= ? AND o.created_at < ? "
            "ORDER BY o.created_at, o.id",
            (first_order_id, *bounds),
        )
    )
    bookings = tuple(
        BookingMade(
            int(r["id"]),
            datetime.fromisoformat(r["created_at"]),
            r["service_id"],
            datetime.fromisoformat(r["start"]),
            r["status"],
        )
        for r in conn.execute(
            "SELECT * FROM bookings WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id", bounds
        )
    )
    return Activity(since, until, turns, tickets, orders, bookings)


def interaction_from_row(r: Row) -> Interaction:
    """An ``interactions`` row as an ``Interaction``."""
    return Interaction(
        int(r["id"]),
        datetime.fromisoformat(r["at"]),
        r["session_id"],
        r["lang"],
        r["text"],
        r["intent"],
        float(r["score"]),
        r["reply"],
        float(r["latency_ms"]),
    )
