"""The SQLite schema: versioned migrations, applied in order when a store is opened (PostgreSQL's:
``pg_schema.py``, the same tables and version numbers).

``MIGRATIONS[n]`` takes a database from schema version ``n`` to ``n + 1``; the version is kept in
``PRAGMA user_version``. A new database runs them all, an older one the ones it lacks.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import StoreError

SCHEMA_V1 = """
CREATE TABLE store_info (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL, address TEXT NOT NULL, phone TEXT NOT NULL, currency TEXT NOT NULL);
CREATE TABLE opening_hours (
    weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6), opens TEXT, closes TEXT);
CREATE TABLE delivery_options (
    id TEXT PRIMARY KEY, names TEXT NOT NULL, days INTEGER NOT NULL CHECK (days >= 0),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0), free_over_cents INTEGER);
CREATE TABLE products (
    id TEXT PRIMARY KEY, names TEXT NOT NULL, category TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0), stock INTEGER NOT NULL CHECK (stock >= 0),
    sizes TEXT NOT NULL DEFAULT '[]', colors TEXT NOT NULL DEFAULT '[]');
CREATE TABLE services (
    id TEXT PRIMARY KEY, names TEXT NOT NULL, duration_min INTEGER NOT NULL CHECK (duration_min > 0),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0));
CREATE TABLE faq (topic TEXT PRIMARY KEY, answers TEXT NOT NULL);
CREATE TABLE customers (phone TEXT PRIMARY KEY, name TEXT NOT NULL, lang TEXT NOT NULL);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('placed', 'processing', 'shipped', 'delivered', 'cancelled')),
    total_cents INTEGER NOT NULL, delivery TEXT NOT NULL REFERENCES delivery_options(id),
    delivery_cents INTEGER NOT NULL, created_at TEXT NOT NULL, delivery_eta TEXT NOT NULL,
    customer_phone TEXT, lang TEXT NOT NULL);
CREATE INDEX orders_by_phone ON orders(customer_phone);
CREATE TABLE order_lines (
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE, line_no INTEGER NOT NULL,
    product_id TEXT NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99), size TEXT, color TEXT,
    unit_price_cents INTEGER NOT NULL, PRIMARY KEY (order_id, line_no));
CREATE TABLE bookings (
    id INTEGER PRIMARY KEY AUTOINCREMENT, service_id TEXT NOT NULL REFERENCES services(id),
    start TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
    customer_phone TEXT, created_at TEXT NOT NULL);
CREATE INDEX bookings_by_phone ON bookings(customer_phone);
-- One row per service and hour an active booking occupies: the primary key forbids double booking.
CREATE TABLE booking_slots (
    service_id TEXT NOT NULL, slot TEXT NOT NULL,
    booking_id INTEGER NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, slot));
CREATE TABLE tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')), reason TEXT NOT NULL, lang TEXT NOT NULL,
    transcript TEXT NOT NULL, intent_history TEXT NOT NULL);
CREATE TABLE interactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, session_id TEXT NOT NULL, lang TEXT NOT NULL,
    text TEXT NOT NULL, intent TEXT, score REAL NOT NULL, reply TEXT NOT NULL, latency_ms REAL NOT NULL);
CREATE INDEX interactions_by_session ON interactions(session_id);
"""

SCHEMA_V2 = """
-- Failed identity checks per subject (``order:4821``), kept so that a restart does not reset a cool-down.
CREATE TABLE verification_failures (
    subject TEXT PRIMARY KEY, failures INTEGER NOT NULL CHECK (failures >= 0),
    last_failure_at TEXT NOT NULL, locked_until TEXT);
"""

SCHEMA_V3 = """
-- Customers get a record number, an optional loyalty number and stated preferences (issue 5).
CREATE TABLE customers_v3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT, phone TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    lang TEXT NOT NULL, loyalty_number TEXT UNIQUE);
INSERT INTO customers_v3 (phone, name, lang) SELECT phone, name, lang FROM customers ORDER BY rowid;
DROP TABLE customers;
ALTER TABLE customers_v3 RENAME TO customers;
CREATE TABLE customer_preferences (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('category', 'size', 'color', 'style')), value TEXT NOT NULL,
    updated_at TEXT NOT NULL, PRIMARY KEY (customer_id, kind));
"""

SCHEMA_V4 = """
-- What the customer wanted (last intent and its slots), and how staff closed the ticket (issue 5).
ALTER TABLE tickets ADD COLUMN request_intent TEXT;
ALTER TABLE tickets ADD COLUMN request_slots TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tickets ADD COLUMN closed_at TEXT;
ALTER TABLE tickets ADD COLUMN note TEXT;
"""


SCHEMA_V5 = """
-- Orders carry a receipt code, a delivery address and how they are paid, bookings a receipt code.
ALTER TABLE orders ADD COLUMN receipt_code TEXT;
ALTER TABLE orders ADD COLUMN delivery_address TEXT;
ALTER TABLE orders ADD COLUMN payment TEXT NOT NULL DEFAULT 'pay_in_store'
    CHECK (payment IN ('card', 'cash', 'apple_pay', 'google_pay', 'pay_in_store'));
ALTER TABLE orders ADD COLUMN paid_cents INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0);
ALTER TABLE bookings ADD COLUMN receipt_code TEXT;
-- Every change to a placed order: what changed, old and new value as JSON.
CREATE TABLE order_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL REFERENCES orders(id),
    at TEXT NOT NULL, what TEXT NOT NULL CHECK (what IN ('lines', 'address', 'delivery')),
    old TEXT NOT NULL, new TEXT NOT NULL);
CREATE INDEX order_changes_by_order ON order_changes(order_id);
CREATE TABLE returns (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL REFERENCES orders(id),
    created_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('requested', 'received', 'refunded', 'rejected')),
    reason TEXT, refund_cents INTEGER NOT NULL CHECK (refund_cents >= 0));
CREATE INDEX returns_by_order ON returns(order_id);
-- One row per order line returned: the primary key forbids returning a line twice.
CREATE TABLE return_lines (
    order_id INTEGER NOT NULL, line_no INTEGER NOT NULL,
    return_id INTEGER NOT NULL REFERENCES returns(id),
    PRIMARY KEY (order_id, line_no),
    FOREIGN KEY (order_id, line_no) REFERENCES order_lines(order_id, line_no));
CREATE TABLE receipt_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL REFERENCES orders(id),
    created_at TEXT NOT NULL, channel TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')));
CREATE INDEX receipt_requests_by_status ON receipt_requests(status);
"""

SCHEMA_V6 = """
-- Staff accounts for the console (issue 15): an argon2 hash, never the password. Failed logins are
-- counted per account so that a lock survives a restart and holds for every console of the shop.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL, failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until TEXT);
"""

MIGRATIONS = (SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6)
"""``MIGRATIONS[n]`` takes a database from schema version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)
"""Stored in ``PRAGMA user_version``."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's schema version (0: a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the database up to ``SCHEMA_VERSION`` inside the caller's write transaction."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer version (schema {version})")
    if version == 0 and conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
        raise StoreError(f"{path} is a SQLite database of another application")
    for script in MIGRATIONS[version:]:
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)
    # Always written: proves at open time that the file is writable.
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
