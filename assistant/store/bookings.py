"""Service bookings: hourly slots within opening hours; a slot can be taken once (``booking_slots``).
A booking can be moved to another free time (``move_booking``) or cancelled."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import cast

from .base import Conflict, Row, StoreBase, Tx, missing, naive
from .catalog import get_service, opening_hours
from .errors import InvalidBooking, SlotTaken
from .models import Booking, BookingStatus, Service, is_receipt_code, normalize_phone

HOUR = timedelta(hours=1)
"""Appointments start on the hour and occupy whole hourly slots."""


class Bookings(StoreBase):
    """Bookings (either database)."""

    def free_slots(self, service_id: str, day: date) -> list[datetime]:
        """Start times on ``day`` that fit before closing, are free and not in the past: every hour, and
        every half hour for a service that takes half an hour."""
        with self._tx() as conn:
            service = get_service(conn, service_id) or missing("service", service_id)
            return self._free_slots(conn, service, day)

    def _free_slots(self, conn: Tx, service: Service, day: date) -> list[datetime]:
        opens, closes = opening_hours(conn, day.weekday())
        if opens is None or closes is None:
            return []
        held = {
            r["slot"]
            for r in conn.execute(
                "SELECT slot FROM booking_slots WHERE service_id = ? AND slot >= ? AND slot < ?",
                (service.id, day.isoformat(), (day + timedelta(days=1)).isoformat()),
            )
        }
        duration = timedelta(minutes=service.duration_min)
        now, start, end = self._now(), datetime.combine(day, opens), datetime.combine(day, closes)
        slots = []
        while start + duration <= end:
            if start > now and held.isdisjoint(slot_keys(start, duration)):
                slots.append(start)
            start += step(duration)
        return slots

    def book(
        self,
        service_id: str,
        start: datetime,
        customer_phone: str | None = None,
        receipt_code: str | None = None,
    ) -> Booking:
        """Book a free slot; raises ``SlotTaken`` if it is not (even when another process just took it).

        ``receipt_code`` (four digits, stored as given) is ``InvalidBooking`` when it is not four digits.
        """
        start = naive(start)
        phone = normalize_phone(customer_phone) if customer_phone else None
        if receipt_code is not None and not is_receipt_code(receipt_code):
            raise InvalidBooking(f"a receipt code is four digits, not {receipt_code!r}")
        with self._tx(write=True) as conn:
            service = get_service(conn, service_id) or missing("service", service_id)
            self._check_free(conn, service, start)
            booking_id = int(
                conn.execute(
                    "INSERT INTO bookings (service_id, start, status, customer_phone, created_at, "
                    "receipt_code) VALUES (?, ?, 'booked', ?, ?, ?) RETURNING id",
                    (service_id, slot_key(start), phone, self._now().isoformat(), receipt_code),
                ).fetchone()["id"]
            )
            hold_slots(conn, service, start, booking_id)
            return Booking(booking_id, service_id, start, "booked", phone, receipt_code)

    def booking(self, booking_id: int) -> Booking | None:
        """One booking by number."""
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM bookings WHERE id = ?", (booking_id,)).fetchone()
        return booking_from_row(row) if row else None

    def cancel_booking(self, booking_id: int) -> Booking:
        """Cancel a booking and free its slot."""
        with self._tx(write=True) as conn:
            booking = active_booking(conn, booking_id)
            conn.execute("UPDATE bookings SET status = 'cancelled' WHERE id = ?", (booking_id,))
            conn.execute("DELETE FROM booking_slots WHERE booking_id = ?", (booking_id,))
            return replace(booking, status="cancelled")

    def move_booking(self, booking_id: int, start: datetime) -> Booking:
        """Move an active booking to ``start`` (same service, same number, phone and receipt code).

        Its own slots are let go first, so it may move to a time overlapping its old one; raises
        ``SlotTaken`` (and keeps the old time) when ``start`` is not free, ``InvalidBooking`` when the
        booking is cancelled.
        """
        start = naive(start)
        with self._tx(write=True) as conn:
            booking = active_booking(conn, booking_id)
            service = get_service(conn, booking.service_id) or missing("service", booking.service_id)
            conn.execute("DELETE FROM booking_slots WHERE booking_id = ?", (booking_id,))
            self._check_free(conn, service, start)  # raising rolls back: the old slots are held again
            conn.execute("UPDATE bookings SET start = ? WHERE id = ?", (slot_key(start), booking_id))
            hold_slots(conn, service, start, booking_id)
            return replace(booking, start=start)

    def _check_free(self, conn: Tx, service: Service, start: datetime) -> None:
        """``SlotTaken`` unless ``start`` is one of ``service``'s free start times."""
        if start not in self._free_slots(conn, service, start.date()):
            raise slot_taken(service, start)

    def bookings_for_phone(self, phone: str) -> list[Booking]:
        """A customer's bookings (active and cancelled), earliest first."""
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT * FROM bookings WHERE customer_phone = ? ORDER BY start, id",
                (normalize_phone(phone),),
            ).fetchall()
        return [booking_from_row(row) for row in rows]


def active_booking(conn: Tx, booking_id: int) -> Booking:
    """The booking numbered ``booking_id``, locked for this transaction; ``NotFound`` when there is none,
    ``InvalidBooking`` when it is cancelled."""
    conn.lock(f"booking:{booking_id}")
    row = conn.execute("SELECT * FROM bookings WHERE id = ?", (booking_id,)).fetchone()
    booking = booking_from_row(row) if row else missing("booking", booking_id)
    if booking.status != "booked":
        raise InvalidBooking(f"booking {booking_id} is already cancelled")
    return booking


def hold_slots(conn: Tx, service: Service, start: datetime, booking_id: int) -> None:
    """Take the slots of an appointment of ``service`` at ``start`` for ``booking_id``; ``SlotTaken`` when
    another process took one meanwhile (the primary key refuses it)."""
    keys = slot_keys(start, timedelta(minutes=service.duration_min))
    try:
        conn.executemany(
            "INSERT INTO booking_slots (service_id, slot, booking_id) VALUES (?, ?, ?)",
            [(service.id, key, booking_id) for key in keys],
        )
    except Conflict:
        raise slot_taken(service, start) from None


def slot_taken(service: Service, start: datetime) -> SlotTaken:
    """The error for ``service``'s start time ``start`` not being free."""
    return SlotTaken(f"{service.id} at {start:%Y-%m-%d %H:%M} is not available")


def slot_key(moment: datetime) -> str:
    """How a slot is stored: ``2025-06-03T15:00``."""
    return moment.isoformat(timespec="minutes")


def step(duration: timedelta) -> timedelta:
    """How far apart a service's start times are: its duration, at most an hour."""
    return min(duration, HOUR)


def slot_keys(start: datetime, duration: timedelta) -> set[str]:
    """The slots of its service an appointment of ``duration`` starting at ``start`` occupies."""
    keys, moment = set(), start
    while moment < start + duration:
        keys.add(slot_key(moment))
        moment += step(duration)
    return keys


def booking_from_row(row: Row) -> Booking:
    """A ``bookings`` row as a ``Booking``."""
    return Booking(
        int(row["id"]),
        row["service_id"],
        datetime.fromisoformat(row["start"]),
        cast(BookingStatus, row["status"]),
        row["customer_phone"],
        row["receipt_code"],
    )
