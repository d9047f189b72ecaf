"""Hand-off tickets: opened by the assistant, listed, shown and closed by staff.

Plain functions over an open connection, like ``customers.py``; ``Tickets`` runs each one
inside a transaction. Everything written is redacted first (transcript, slot values, notes).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, NoReturn, cast

from assistant.redact import redact

from .base import Row, StoreBase, Tx
from .errors import InvalidTicket, NotFound
from .models import Ticket, TicketStatus


class Tickets(StoreBase):
    """Hand-off tickets (either database)."""

    def create_ticket(
        self,
        reason: str,
        lang: str,
        transcript: str,
        intent_history: str,
        request_intent: str | None = None,
        request_slots: Mapping[str, Any] | None = None,
    ) -> Ticket:
        """Open a ticket for a human agent; transcript and slot values are redacted (again) first."""
        with self._tx(write=True) as conn:
            now, slots = self._now(), request_slots or {}
            return create(conn, now, reason, lang, transcript, intent_history, request_intent, slots)

    def tickets(self, status: str | None = None) -> list[Ticket]:
        """All tickets, or those with ``status`` (``open``/``closed``), oldest first."""
        with self._tx() as conn:
            return listing(conn, status)

    def ticket(self, ticket_id: int) -> Ticket | None:
        """One ticket by number."""
        with self._tx() as conn:
            return get(conn, ticket_id)

    def close_ticket(self, ticket_id: int, note: str | None = None) -> Ticket:
        """Close an open ticket, with an optional note, in one transaction (``InvalidTicket`` if closed)."""
        with self._tx(write=True) as conn:
            return close(conn, ticket_id, self._now(), note)


def safe_slots(slots: Mapping[str, Any]) -> dict[str, Any]:
    """Slot values fit for a ticket: text redacted, long numbers (phones, cards) replaced."""
    safe: dict[str, Any] = {}
    for name, value in slots.items():
        if (
            isinstance(value, bool)
            or value is None
            or (isinstance(value, int | float) and abs(value) < 10**6)
        ):
            safe[name] = value
        else:
            safe[name] = redact(str(value))
    return safe


def create(
    conn: Tx,
    now: datetime,
    reason: str,
    lang: str,
    transcript: str,
    intent_history: str,
    request_intent: str | None,
    request_slots: Mapping[str, Any],
) -> Ticket:
    """Insert an open ticket; returns it as stored."""
    row = conn.execute(
        "INSERT INTO tickets (created_at, status, reason, lang, transcript, intent_history, request_intent, "
        "request_slots) VALUES (?, 'open', ?, ?, ?, ?, ?, ?) RETURNING *",
        (
            now.isoformat(),
            reason,
            lang,
            redact(transcript),
            intent_history,
            request_intent,
            json.dumps(safe_slots(request_slots), ensure_ascii=False),
        ),
    ).fetchone()
    return from_row(row)


def listing(conn: Tx, status: str | None) -> list[Ticket]:
    """All tickets, or those with ``status``, oldest first."""
    where, params = ("WHERE status = ?", (status,)) if status is not None else ("", ())
    return [from_row(r) for r in conn.execute(f"SELECT * FROM tickets {where} ORDER BY id", params)]


def get(conn: Tx, ticket_id: int) -> Ticket | None:
    """One ticket by number."""
    row = conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    return from_row(row) if row else None


def close(conn: Tx, ticket_id: int, now: datetime, note: str | None) -> Ticket:
    """Close an open ticket with an optional (redacted) note; a closed or unknown one is an error."""
    row = conn.execute(
        "UPDATE tickets SET status = 'closed', closed_at = ?, note = ? WHERE id = ? AND status = 'open' "
        "RETURNING *",
        (now.isoformat(), redact(note) if note else None, ticket_id),
    ).fetchone()
    if row is None:  # closed already (perhaps by someone else a moment ago), or never opened
        get(conn, ticket_id) or _missing(ticket_id)
        raise InvalidTicket(f"ticket {ticket_id} is already closed")
    return from_row(row)


def from_row(row: Row) -> Ticket:
    """A ``tickets`` row as a ``Ticket``."""
    closed_at = row["closed_at"]
    return Ticket(
        int(row["id"]),
        datetime.fromisoformat(row["created_at"]),
        cast(TicketStatus, row["status"]),
        row["reason"],
        row["lang"],
        row["transcript"],
        row["intent_history"],
        request_intent=row["request_intent"],
        request_slots=json.loads(row["request_slots"]),
        closed_at=datetime.fromisoformat(closed_at) if closed_at else None,
        note=row["note"],
    )


def _missing(ticket_id: int) -> NoReturn:
    raise NotFound(f"no ticket {ticket_id}")
