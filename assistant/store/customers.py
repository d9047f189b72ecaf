"""Customer records: lookup by phone, loyalty number or id; stated preferences; preferred language.

Plain functions over an open connection, shared with the seed and privacy code; ``Customers``
runs each one inside a transaction. Preferences are one row per kind in ``customer_preferences``
(see PRIVACY.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .base import Row, StoreBase, Tx
from .errors import StoreError
from .models import PREFERENCE_KINDS, Customer, Preferences, normalize_phone


class Customers(StoreBase):
    """Customer records (either database)."""

    def customer(self, phone: str) -> Customer | None:
        """A known customer by phone number (any formatting)."""
        with self._tx() as conn:
            return find(conn, "phone", normalize_phone(phone))

    def customer_by_id(self, customer_id: int) -> Customer | None:
        """A known customer by record number."""
        with self._tx() as conn:
            return find(conn, "id", customer_id)

    def customer_by_loyalty(self, loyalty_number: str) -> Customer | None:
        """A known customer by loyalty number (digits)."""
        with self._tx() as conn:
            return find(conn, "loyalty_number", normalize_phone(loyalty_number))

    def set_customer_preferences(self, customer_id: int, changes: dict[str, str]) -> Customer:
        """Store stated preferences (kind → value, see ``PREFERENCE_KINDS``); returns the updated record."""
        with self._tx(write=True) as conn:
            return set_preferences(conn, customer_id, changes, self._now())

    def set_customer_language(self, customer_id: int, lang: str) -> None:
        """Remember the customer's preferred language."""
        with self._tx(write=True) as conn:
            set_language(conn, customer_id, lang)


def find(conn: Tx, column: str, value: object) -> Customer | None:
    """The customer whose ``column`` (``phone``, ``loyalty_number`` or ``id``) equals ``value``."""
    if column not in ("phone", "loyalty_number", "id"):
        raise ValueError(f"customers cannot be looked up by {column!r}")
    row = conn.execute(f"SELECT * FROM customers WHERE {column} = ?", (value,)).fetchone()
    return _customer(conn, row) if row else None


def _customer(conn: Tx, row: Row) -> Customer:
    stated = {
        r["kind"]: r["value"]
        for r in conn.execute(
            "SELECT kind, value FROM customer_preferences WHERE customer_id = ?", (row["id"],)
        )
    }
    return Customer(
        row["phone"], row["name"], row["lang"], int(row["id"]), row["loyalty_number"], Preferences(**stated)
    )


def seed(conn: Tx, customers: Sequence[Customer], now: datetime) -> None:
    """Add or update the operator's customers; a stored language and stored preferences are kept."""
    for customer in customers:
        conn.execute(
            "INSERT INTO customers (phone, name, lang, loyalty_number) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(phone) DO UPDATE SET name = excluded.name, "
            "loyalty_number = excluded.loyalty_number, "
            "lang = CASE WHEN customers.lang = '' THEN excluded.lang ELSE customers.lang END",
            (customer.phone, customer.name, customer.lang, customer.loyalty_number),
        )
        stored = find(conn, "phone", customer.phone)
        if stored is None:
            raise StoreError(f"customer {customer.name!r} could not be stored")
        conn.executemany(
            "INSERT INTO customer_preferences (customer_id, kind, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (customer_id, kind) DO NOTHING",
            [
                (stored.id, kind, value, now.isoformat())
                for kind, value in customer.preferences.items().items()
            ],
        )


def set_preferences(conn: Tx, customer_id: int, changes: dict[str, str], now: datetime) -> Customer:
    """Store ``changes`` (kind → value) as the customer's preferences, replacing earlier ones."""
    unknown = sorted(set(changes) - set(PREFERENCE_KINDS))
    if unknown:
        raise StoreError(f"unknown preference {unknown[0]!r} (known: {', '.join(PREFERENCE_KINDS)})")
    conn.executemany(
        "INSERT INTO customer_preferences (customer_id, kind, value, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (customer_id, kind) DO UPDATE SET value = excluded.value, "
        "updated_at = excluded.updated_at",
        [(customer_id, kind, value, now.isoformat()) for kind, value in changes.items()],
    )
    customer = find(conn, "id", customer_id)
    if customer is None:
        raise StoreError(f"no customer {customer_id}")
    return customer


def set_language(conn: Tx, customer_id: int, lang: str) -> None:
    """Remember ``lang`` as the customer's preferred language."""
    conn.execute("UPDATE customers SET lang = ? WHERE id = ?", (lang, customer_id))


def forget(conn: Tx, phone: str) -> int:
    """Delete the stated preferences of the customer with ``phone``; returns how many were deleted."""
    return conn.execute(
        "DELETE FROM customer_preferences WHERE customer_id IN (SELECT id FROM customers WHERE phone = ?)",
        (phone,),
    ).rowcount
