"""Personal data in the SQLite store: identity-check failures, retention purge, export and erasure.

Plain functions over an open connection; ``Privacy`` runs each one inside a single transaction,
so a purge, export or erasure is all or nothing. What is kept and for how long is in ``PRIVACY.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from . import customers
from .base import StoreBase, Tx
from .bookings import booking_from_row
from .models import Booking, Customer, Order, OrderChange, ReceiptRequest, Return, normalize_phone
from .orders import changes_of, get_order
from .returns import get_return, receipt_from_row


@dataclass(frozen=True)
class LockState:
    """Failed identity checks of one subject (``order:4821``)."""

    failures: int
    """Wrong answers since the last success or cool-down."""
    locked_until: datetime | None
    """End of the cool-down, when one is running."""


@dataclass(frozen=True)
class PurgeReport:
    """What ``purge`` removed."""

    cutoff: datetime
    """Everything older than this was purged."""
    interactions: int
    """Interaction-log rows deleted."""
    tickets: int
    """Closed hand-off tickets deleted (open ones are kept for staff)."""
    orders: int
    """Finished orders (delivered or cancelled) whose phone number, delivery address and receipt code
    were removed."""
    bookings: int
    """Bookings whose appointment time is older than the cutoff and whose phone number and receipt
    code were removed."""
    verifications: int
    """Expired identity-check records deleted."""


@dataclass(frozen=True)
class CustomerData:
    """Everything stored under one phone number."""

    phone: str
    """The normalized phone number."""
    customer: Customer | None
    """The customer record, if there is one."""
    orders: tuple[Order, ...]
    """Orders placed with this phone number."""
    bookings: tuple[Booking, ...]
    """Bookings made with this phone number."""
    verifications: tuple[tuple[str, LockState], ...]
    """Identity-check failures recorded for those orders and bookings."""
    returns: tuple[Return, ...] = ()
    """Returns of those orders."""
    receipt_requests: tuple[ReceiptRequest, ...] = ()
    """Receipts asked for those orders."""
    order_changes: tuple[OrderChange, ...] = ()
    """Changes made to those orders (with the delivery addresses they had)."""


@dataclass(frozen=True)
class ForgetReport:
    """What ``forget_customer`` removed or anonymised."""

    customers: int
    """Customer records deleted (0 or 1)."""
    orders: int
    """Orders whose phone number, delivery address and receipt code were removed (the order itself
    stays for accounting and stock)."""
    bookings: int
    """Bookings whose phone number and receipt code were removed."""
    verifications: int
    """Identity-check records deleted."""
    preferences: int = 0
    """Stated preferences deleted with the customer record."""


class Privacy(StoreBase):
    """Identity checks, retention and a customer's requests, (either database)."""

    def verification_lock(self, subject: str) -> datetime | None:
        """End of the cool-down running for ``subject`` (``order:4821``), or ``None``."""
        with self._tx() as conn:
            locked = lock_state(conn, subject).locked_until
        return locked if locked is not None and locked > self._now() else None

    def record_verification_failure(self, subject: str, max_attempts: int, cooldown: timedelta) -> LockState:
        """Count a wrong answer for ``subject``; the ``max_attempts``-th in a row starts a cool-down."""
        with self._tx(write=True) as conn:
            conn.lock(f"verification:{subject}")
            return record_failure(conn, subject, self._now(), max_attempts, cooldown)

    def clear_verification_failures(self, subject: str) -> None:
        """Forget the wrong answers for ``subject`` (after a correct one)."""
        with self._tx(write=True) as conn:
            clear_failures(conn, subject)

    def purge(self, older_than: timedelta) -> PurgeReport:
        """Apply the retention rules of PRIVACY.md to everything older than ``older_than``."""
        now = self._now()
        with self._tx(write=True) as conn:
            return purge(conn, now - older_than, now)

    def customer_data(self, phone: str) -> CustomerData:
        """Everything stored under ``phone`` (any formatting)."""
        digits = normalize_phone(phone)
        with self._tx() as conn:
            return collect(conn, digits)

    def forget_customer(self, phone: str) -> ForgetReport:
        """Delete the customer record and remove ``phone`` from their orders and bookings, in one go."""
        with self._tx(write=True) as conn:
            return forget(conn, normalize_phone(phone))


def lock_state(conn: Tx, subject: str) -> LockState:
    """The failures recorded for ``subject`` (none when it has no row)."""
    row = conn.execute("SELECT * FROM verification_failures WHERE subject = ?", (subject,)).fetchone()
    if row is None:
        return LockState(0, None)
    locked = row["locked_until"]
    return LockState(int(row["failures"]), datetime.fromisoformat(locked) if locked else None)


def record_failure(
    conn: Tx, subject: str, now: datetime, max_attempts: int, cooldown: timedelta
) -> LockState:
    """Count one wrong answer; the ``max_attempts``-th within ``cooldown`` starts a cool-down."""
    row = conn.execute("SELECT * FROM verification_failures WHERE subject = ?", (subject,)).fetchone()
    if row is None:
        failures = 0
    else:
        locked = datetime.fromisoformat(row["locked_until"]) if row["locked_until"] else None
        if locked is not None and locked > now:
            return LockState(0, locked)
        recent = locked is None and now - datetime.fromisoformat(row["last_failure_at"]) < cooldown
        failures = int(row["failures"]) if recent else 0
    failures += 1
    locked_until = now + cooldown if failures >= max_attempts else None
    conn.execute(
        "INSERT INTO verification_failures (subject, failures, last_failure_at, locked_until) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, "
        "last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
        (
            subject,
            0 if locked_until else failures,
            now.isoformat(),
            locked_until and locked_until.isoformat(),
        ),
    )
    return LockState(0 if locked_until else failures, locked_until)


def clear_failures(conn: Tx, subject: str) -> None:
    """Forget the failures of ``subject`` (after a correct answer)."""
    conn.execute("DELETE FROM verification_failures WHERE subject = ?", (subject,))


def purge(conn: Tx, cutoff: datetime, now: datetime) -> PurgeReport:
    """Delete log rows and closed tickets older than ``cutoff``; drop the phone numbers, delivery
    addresses (also those in the orders' changes) and receipt codes of orders delivered or cancelled
    and of appointments that took place before it; forget expired lock records."""
    before = cutoff.isoformat()
    interactions = conn.execute("DELETE FROM interactions WHERE at < ?", (before,)).rowcount
    tickets = conn.execute(
        "DELETE FROM tickets WHERE status = 'closed' AND created_at < ?", (before,)
    ).rowcount
    finished = "status IN ('delivered', 'cancelled') AND created_at < ?"
    _forget_addresses(conn, f"SELECT id FROM orders WHERE {finished}", (before,))
    orders = conn.execute(
        "UPDATE orders SET customer_phone = NULL, delivery_address = NULL, receipt_code = NULL "
        f"WHERE {_PERSONAL_ORDER} AND {finished}",
        (before,),
    ).rowcount
    bookings = conn.execute(
        "UPDATE bookings SET customer_phone = NULL, receipt_code = NULL "
        "WHERE (customer_phone IS NOT NULL OR receipt_code IS NOT NULL) AND start < ?",
        (cutoff.isoformat(timespec="minutes"),),
    ).rowcount
    verifications = conn.execute(
        "DELETE FROM verification_failures WHERE last_failure_at < ? "
        "AND (locked_until IS NULL OR locked_until <= ?)",
        (before, now.isoformat()),
    ).rowcount
    return PurgeReport(cutoff, interactions, tickets, orders, bookings, verifications)


_PERSONAL_ORDER = "(customer_phone IS NOT NULL OR delivery_address IS NOT NULL OR receipt_code IS NOT NULL)"
"""An order that still holds personal data."""


def _forget_addresses(conn: Tx, orders: str, params: tuple[str, ...]) -> None:
    """Blank the addresses recorded in the changes of the ``orders`` (a ``SELECT id`` query)."""
    conn.execute(
        "UPDATE order_changes SET old = 'null', new = 'null' WHERE what = 'address' "
        f"AND (CAST(old AS TEXT) != 'null' OR CAST(new AS TEXT) != 'null') AND order_id IN ({orders})",
        params,
    )


def subjects_of(conn: Tx, phone: str) -> list[str]:
    """Identity-check subjects (``customer:N``, ``order:N``, ``booking:N``) of the records stored under
    ``phone``."""
    customer = [
        f"customer:{r['id']}" for r in conn.execute("SELECT id FROM customers WHERE phone = ?", (phone,))
    ]
    orders = [
        f"order:{r['id']}" for r in conn.execute("SELECT id FROM orders WHERE customer_phone = ?", (phone,))
    ]
    bookings = [
        f"booking:{r['id']}"
        for r in conn.execute("SELECT id FROM bookings WHERE customer_phone = ?", (phone,))
    ]
    return customer + orders + bookings


def collect(conn: Tx, phone: str) -> CustomerData:
    """Everything stored under the normalized ``phone``."""
    customer = customers.find(conn, "phone", phone)
    ids = conn.execute("SELECT id FROM orders WHERE customer_phone = ? ORDER BY id", (phone,)).fetchall()
    orders = tuple(order for r in ids if (order := get_order(conn, int(r["id"]))))
    bookings = tuple(
        booking_from_row(r)
        for r in conn.execute("SELECT * FROM bookings WHERE customer_phone = ? ORDER BY id", (phone,))
    )
    locks = tuple(
        (subject, state)
        for subject in subjects_of(conn, phone)
        if (state := lock_state(conn, subject)) != LockState(0, None)
    )
    of_orders = "IN (SELECT id FROM orders WHERE customer_phone = ?)"
    returns = tuple(
        found
        for r in conn.execute(f"SELECT id FROM returns WHERE order_id {of_orders} ORDER BY id", (phone,))
        if (found := get_return(conn, int(r["id"])))
    )
    receipts = tuple(
        receipt_from_row(r)
        for r in conn.execute(
            f"SELECT * FROM receipt_requests WHERE order_id {of_orders} ORDER BY id", (phone,)
        )
    )
    changes = tuple(change for order in orders for change in changes_of(conn, order.id))
    return CustomerData(phone, customer, orders, bookings, locks, returns, receipts, changes)


def forget(conn: Tx, phone: str) -> ForgetReport:
    """Delete the customer record and remove ``phone`` from every order and booking, with the
    delivery addresses (also those in the orders' changes) and receipt codes stored with it."""
    subjects = subjects_of(conn, phone)
    verifications = sum(
        conn.execute("DELETE FROM verification_failures WHERE subject = ?", (s,)).rowcount for s in subjects
    )
    preferences = customers.forget(conn, phone)
    deleted = conn.execute("DELETE FROM customers WHERE phone = ?", (phone,)).rowcount
    _forget_addresses(conn, "SELECT id FROM orders WHERE customer_phone = ?", (phone,))
    orders = conn.execute(
        "UPDATE orders SET customer_phone = NULL, delivery_address = NULL, receipt_code = NULL "
        "WHERE customer_phone = ?",
        (phone,),
    ).rowcount
    bookings = conn.execute(
        "UPDATE bookings SET customer_phone = NULL, receipt_code = NULL WHERE customer_phone = ?", (phone,)
    ).rowcount
    return ForgetReport(deleted, orders, bookings, verifications, preferences)
