"""The SQLite store: one database file, WAL mode, every write that matters in one transaction."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NoReturn, Self, cast

from assistant.redact import redact

from . import customers, tickets
from .activity import Activity, interaction_from_row, load_activity
from .catalog_csv import parse_catalog_csv
from .models import (
    CANCELLABLE_STATUSES,
    Booking,
    BookingStatus,
    Customer,
    DeliveryOption,
    FaqEntry,
    Interaction,
    InvalidBooking,
    InvalidOrder,
    NotFound,
    OpeningHours,
    Order,
    OrderLine,
    OrderStatus,
    OutOfStock,
    Product,
    Service,
    SlotTaken,
    StoreBusy,
    StoreError,
    StoreInfo,
    Ticket,
    normalize_phone,
)
from .privacy import (
    CustomerData,
    ForgetReport,
    LockState,
    PurgeReport,
    clear_failures,
    forget,
    lock_state,
    purge,
    record_failure,
    subjects_of,
)
from .seed import StoreSeed, demo_seed, load_seed

SCHEMA_VERSION = 4
"""Stored in ``PRAGMA user_version``."""

FIRST_ORDER_ID = 5001
"""New order numbers start here (demo orders use lower fixed numbers)."""

_SCHEMA_V1 = """
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

_SCHEMA_V2 = """
-- Failed identity checks per subject (``order:4821``), kept so that a restart does not reset a cool-down.
CREATE TABLE verification_failures (
    subject TEXT PRIMARY KEY, failures INTEGER NOT NULL CHECK (failures >= 0),
    last_failure_at TEXT NOT NULL, locked_until TEXT);
"""

_SCHEMA_V3 = """
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

_MIGRATIONS = (_SCHEMA_V1, _SCHEMA_V2, _SCHEMA_V3, tickets.SCHEMA)
"""``_MIGRATIONS[n]`` takes a database from schema version ``n`` to ``n + 1``."""

_HOUR = timedelta(hours=1)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _names(text: str) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(names) for lang, names in json.loads(text).items()}


def _naive(moment: datetime) -> datetime:
    """Local wall-clock time without tzinfo."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _slot_key(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _clock_time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


class SqliteStore:
    """A ``Store`` in one SQLite file; safe to share between threads and processes."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime]) -> None:
        """Use ``SqliteStore.open``."""
        self._conn = conn
        self._path = path
        self._clock = clock
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path, seed: bool = True, clock: Callable[[], datetime] = datetime.now) -> Self:
        """Open (creating if needed) the store at ``path``; seed the demo store into an empty catalog."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open store database {path}: {exc}") from exc
        store = cls(conn, path, clock)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            store._migrate()
            if seed:
                store._seed_if_empty(demo_seed())
        except sqlite3.Error as exc:
            conn.close()
            raise store._error(exc) from exc
        except BaseException:
            conn.close()
            raise
        return store

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    def close(self) -> None:
        """Close the database; the store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -------------------------------------------------------------------------

    def _error(self, exc: sqlite3.Error) -> StoreError:
        if "file is not a database" in str(exc):
            return StoreError(f"{self._path} is not a SQLite database")
        if "database is locked" in str(exc) or "database is busy" in str(exc):
            return StoreBusy(f"store database {self._path}: database is locked by another program")
        return StoreError(f"store database {self._path}: {exc}")

    @contextmanager
    def _tx(self, mode: str = "DEFERRED") -> Iterator[sqlite3.Connection]:
        """One transaction: ``IMMEDIATE`` for writes (takes the write lock up front)."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute(f"BEGIN {mode}")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc) from exc
                raise

    def _now(self) -> datetime:
        return _naive(self._clock()).replace(microsecond=0)

    def _migrate(self) -> None:
        with self._tx("IMMEDIATE") as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self._path} was written by a newer version (schema {version})")
            if version == 0 and conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
                raise StoreError(f"{self._path} is a SQLite database of another application")
            for script in _MIGRATIONS[version:]:
                for statement in script.split(";"):
                    if statement.strip():
                        conn.execute(statement)
            # Always written: proves at open time that the file is writable.
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _seed_if_empty(self, seed: StoreSeed) -> None:
        with self._tx("IMMEDIATE") as conn:
            if conn.execute("SELECT 1 FROM products LIMIT 1").fetchone() is None:
                self._apply_seed(conn, seed)

    def import_store_toml(self, path: Path) -> None:
        """Load store info, hours, delivery, catalog, services and FAQ from a TOML file (upsert)."""
        seed = load_seed(path)
        with self._tx("IMMEDIATE") as conn:
            self._apply_seed(conn, seed)

    def _apply_seed(self, conn: sqlite3.Connection, seed: StoreSeed) -> None:
        info = seed.info
        conn.execute(
            "INSERT OR REPLACE INTO store_info VALUES (1, ?, ?, ?, ?)",
            (_json(info.name), _json(info.address), info.phone, info.currency),
        )
        conn.executemany(
            "INSERT OR REPLACE INTO opening_hours VALUES (?, ?, ?)",
            [
                (
                    h.weekday,
                    h.opens and h.opens.isoformat("minutes"),
                    h.closes and h.closes.isoformat("minutes"),
                )
                for h in info.hours
            ],
        )
        conn.executemany(
            "INSERT INTO delivery_options VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "names = excluded.names, days = excluded.days, price_cents = excluded.price_cents, "
            "free_over_cents = excluded.free_over_cents",
            [(d.id, _json(d.names), d.days, d.price_cents, d.free_over_cents) for d in info.delivery],
        )
        self._upsert_products(conn, seed.products)
        conn.executemany(
            "INSERT INTO services VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET names = excluded.names, "
            "duration_min = excluded.duration_min, price_cents = excluded.price_cents",
            [(s.id, _json(s.names), s.duration_min, s.price_cents) for s in seed.services],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO faq VALUES (?, ?)", [(f.topic, _json(f.answers)) for f in seed.faq]
        )
        customers.seed(conn, seed.customers, self._now())
        prices = {
            row["id"]: int(row["price_cents"]) for row in conn.execute("SELECT id, price_cents FROM products")
        }
        today = self._now()
        for order in seed.orders:
            if conn.execute("SELECT 1 FROM orders WHERE id = ?", (order.id,)).fetchone():
                continue
            created = today - timedelta(days=order.created_days_ago)
            option = self._delivery_option(conn, order.delivery)
            if option is None:
                raise StoreError(f"demo order {order.id}: unknown delivery option {order.delivery!r}")
            subtotal = sum(prices.get(line.product_id, 0) * line.quantity for line in order.lines)
            self._insert_order(
                conn,
                order.id,
                order.status,
                order.lines,
                prices,
                option,
                subtotal,
                created,
                order.customer_phone,
                order.lang,
            )

    def _upsert_products(self, conn: sqlite3.Connection, products: Sequence[Product]) -> None:
        conn.executemany(
            "INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "names = excluded.names, category = excluded.category, price_cents = excluded.price_cents, "
            "stock = excluded.stock, sizes = excluded.sizes, colors = excluded.colors",
            [
                (p.id, _json(p.names), p.category, p.price_cents, p.stock, _json(p.sizes), _json(p.colors))
                for p in products
            ],
        )

    # --- catalog and store information ------------------------------------------------------

    def products(self) -> list[Product]:
        """The whole catalog, in insertion order."""
        with self._tx() as conn:
            return [_product(row) for row in conn.execute("SELECT * FROM products ORDER BY rowid")]

    def product(self, product_id: str) -> Product | None:
        """One product by id."""
        with self._tx() as conn:
            return self._product(conn, product_id)

    def _product(self, conn: sqlite3.Connection, product_id: str) -> Product | None:
        row = conn.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()
        return _product(row) if row else None

    def categories(self) -> list[str]:
        """Category ids in catalog order, without duplicates."""
        return list(dict.fromkeys(p.category for p in self.products()))

    def services(self) -> list[Service]:
        """Bookable services."""
        with self._tx() as conn:
            return [_service(row) for row in conn.execute("SELECT * FROM services ORDER BY rowid")]

    def service(self, service_id: str) -> Service | None:
        """One service by id."""
        with self._tx() as conn:
            return self._service(conn, service_id)

    def _service(self, conn: sqlite3.Connection, service_id: str) -> Service | None:
        row = conn.execute("SELECT * FROM services WHERE id = ?", (service_id,)).fetchone()
        return _service(row) if row else None

    def store_info(self) -> StoreInfo:
        """Name, address, phone, hours and delivery options."""
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM store_info WHERE id = 1").fetchone()
            if row is None:
                raise StoreError(f"store database {self._path} has no store information (seed or import it)")
            hours = tuple(
                OpeningHours(int(h["weekday"]), _clock_time(h["opens"]), _clock_time(h["closes"]))
                for h in conn.execute("SELECT * FROM opening_hours ORDER BY weekday")
            )
            options = tuple(
                _delivery(d) for d in conn.execute("SELECT * FROM delivery_options ORDER BY price_cents, id")
            )
        return StoreInfo(
            json.loads(row["name"]),
            json.loads(row["address"]),
            str(row["phone"]),
            str(row["currency"]),
            hours,
            options,
        )

    def _delivery_option(self, conn: sqlite3.Connection, option_id: str) -> DeliveryOption | None:
        row = conn.execute("SELECT * FROM delivery_options WHERE id = ?", (option_id,)).fetchone()
        return _delivery(row) if row else None

    def faq(self) -> list[FaqEntry]:
        """FAQ answers by topic."""
        with self._tx() as conn:
            return [FaqEntry(r["topic"], json.loads(r["answers"])) for r in conn.execute("SELECT * FROM faq")]

    def customer(self, phone: str) -> Customer | None:
        """A known customer by phone number (any formatting)."""
        with self._tx() as conn:
            return customers.find(conn, "phone", normalize_phone(phone))

    def customer_by_id(self, customer_id: int) -> Customer | None:
        """A known customer by record number."""
        with self._tx() as conn:
            return customers.find(conn, "id", customer_id)

    def customer_by_loyalty(self, loyalty_number: str) -> Customer | None:
        """A known customer by loyalty number (digits)."""
        with self._tx() as conn:
            return customers.find(conn, "loyalty_number", normalize_phone(loyalty_number))

    def set_customer_preferences(self, customer_id: int, changes: dict[str, str]) -> Customer:
        """Store stated preferences (kind → value, see ``PREFERENCE_KINDS``); returns the updated record."""
        with self._tx("IMMEDIATE") as conn:
            return customers.set_preferences(conn, customer_id, changes, self._now())

    def set_customer_language(self, customer_id: int, lang: str) -> None:
        """Remember the customer's preferred language."""
        with self._tx("IMMEDIATE") as conn:
            customers.set_language(conn, customer_id, lang)

    # --- orders ---------------------------------------------------------------------------

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
            option = self._delivery_option(conn, delivery)
            if option is None:
                raise InvalidOrder(f"unknown delivery option {delivery!r}")
            products: dict[str, Product] = {}
            checked: list[OrderLine] = []
            needed: dict[str, int] = {}
            for line in lines:
                product = products.get(line.product_id) or self._product(conn, line.product_id)
                if product is None:
                    raise InvalidOrder(f"unknown product {line.product_id!r}")
                products[product.id] = product
                checked.append(_check_line(product, line))
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
            return self._order(conn, order_id) or _missing("order", order_id)

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
        free = option.free_over_cents is not None and subtotal >= option.free_over_cents
        fee = 0 if free else option.price_cents
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
            return self._order(conn, order_id)

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
            return [order for i in ids if (order := self._order(conn, i))]

    def _order(self, conn: sqlite3.Connection, order_id: int) -> Order | None:
        row = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
        if row is None:
            return None
        lines = tuple(
            OrderLine(r["product_id"], int(r["quantity"]), r["size"], r["color"])
            for r in conn.execute(
                "SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no", (order_id,)
            )
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

    def cancel_order(self, order_id: int) -> Order:
        """Cancel a placed or processing order and put its stock back, in one transaction."""
        with self._tx("IMMEDIATE") as conn:
            order = self._order(conn, order_id) or _missing("order", order_id)
            if order.status not in CANCELLABLE_STATUSES:
                raise InvalidOrder(f"order {order_id} is {order.status} and can no longer be cancelled")
            conn.executemany(
                "UPDATE products SET stock = stock + ? WHERE id = ?",
                [(line.quantity, line.product_id) for line in order.lines],
            )
            conn.execute("UPDATE orders SET status = 'cancelled' WHERE id = ?", (order_id,))
            return replace(order, status="cancelled")

    # --- bookings -------------------------------------------------------------------------

    def free_slots(self, service_id: str, day: date) -> list[datetime]:
        """Hourly start times on ``day`` that fit before closing, are free and not in the past."""
        with self._tx() as conn:
            service = self._service(conn, service_id) or _missing("service", service_id)
            return self._free_slots(conn, service, day)

    def _free_slots(self, conn: sqlite3.Connection, service: Service, day: date) -> list[datetime]:
        row = conn.execute("SELECT * FROM opening_hours WHERE weekday = ?", (day.weekday(),)).fetchone()
        opens, closes = (_clock_time(row["opens"]), _clock_time(row["closes"])) if row else (None, None)
        if opens is None or closes is None:
            return []
        held = {
            r["slot"]
            for r in conn.execute(
                "SELECT slot FROM booking_slots WHERE service_id = ? AND slot LIKE ?", (service.id, f"{day}%")
            )
        }
        duration = timedelta(minutes=service.duration_min)
        now, start, end = self._now(), datetime.combine(day, opens), datetime.combine(day, closes)
        slots = []
        while start + duration <= end:
            if start > now and held.isdisjoint(_slot_keys(start, duration)):
                slots.append(start)
            start += _HOUR
        return slots

    def book(self, service_id: str, start: datetime, customer_phone: str | None = None) -> Booking:
        """Book a free slot; raises ``SlotTaken`` if it is not (even when another process just took it)."""
        start = _naive(start)
        phone = normalize_phone(customer_phone) if customer_phone else None
        with self._tx("IMMEDIATE") as conn:
            service = self._service(conn, service_id) or _missing("service", service_id)
            taken = SlotTaken(f"{service_id} at {start:%Y-%m-%d %H:%M} is not available")
            if start not in self._free_slots(conn, service, start.date()):
                raise taken
            cursor = conn.execute(
                "INSERT INTO bookings (service_id, start, status, customer_phone, created_at) "
                "VALUES (?, ?, 'booked', ?, ?)",
                (service_id, _slot_key(start), phone, self._now().isoformat()),
            )
            booking_id = int(cursor.lastrowid or 0)
            try:
                conn.executemany(
                    "INSERT INTO booking_slots VALUES (?, ?, ?)",
                    [
                        (service_id, key, booking_id)
                        for key in _slot_keys(start, timedelta(minutes=service.duration_min))
                    ],
                )
            except sqlite3.IntegrityError:
                raise taken from None
            return Booking(booking_id, service_id, start, "booked", phone)

    def booking(self, booking_id: int) -> Booking | None:
        """One booking by number."""
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM bookings WHERE id = ?", (booking_id,)).fetchone()
        return _booking(row) if row else None

    def cancel_booking(self, booking_id: int) -> Booking:
        """Cancel a booking and free its slot."""
        with self._tx("IMMEDIATE") as conn:
            row = conn.execute("SELECT * FROM bookings WHERE id = ?", (booking_id,)).fetchone()
            booking = _booking(row) if row else _missing("booking", booking_id)
            if booking.status != "booked":
                raise InvalidBooking(f"booking {booking_id} is already cancelled")
            conn.execute("UPDATE bookings SET status = 'cancelled' WHERE id = ?", (booking_id,))
            conn.execute("DELETE FROM booking_slots WHERE booking_id = ?", (booking_id,))
            return replace(booking, status="cancelled")

    def bookings_for_phone(self, phone: str) -> list[Booking]:
        """A customer's bookings (active and cancelled), earliest first."""
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT * FROM bookings WHERE customer_phone = ? ORDER BY start, id",
                (normalize_phone(phone),),
            ).fetchall()
        return [_booking(row) for row in rows]

    # --- hand-off tickets and the interaction log -------------------------------------------

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
        with self._tx("IMMEDIATE") as conn:
            now, slots = self._now(), request_slots or {}
            return tickets.create(conn, now, reason, lang, transcript, intent_history, request_intent, slots)

    def tickets(self, status: str | None = None) -> list[Ticket]:
        """All tickets, or those with ``status`` (``open``/``closed``), oldest first."""
        with self._tx() as conn:
            return tickets.listing(conn, status)

    def ticket(self, ticket_id: int) -> Ticket | None:
        """One ticket by number."""
        with self._tx() as conn:
            return tickets.get(conn, ticket_id)

    def close_ticket(self, ticket_id: int, note: str | None = None) -> Ticket:
        """Close an open ticket, with an optional note, in one transaction (``InvalidTicket`` if closed)."""
        with self._tx("IMMEDIATE") as conn:
            return tickets.close(conn, ticket_id, self._now(), note)

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
        with self._tx("IMMEDIATE") as conn:
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
            return load_activity(conn, _naive(since), _naive(until), FIRST_ORDER_ID)

    # --- identity checks and personal data ----------------------------------------------------

    def verification_lock(self, subject: str) -> datetime | None:
        """End of the cool-down running for ``subject`` (``order:4821``), or ``None``."""
        with self._tx() as conn:
            locked = lock_state(conn, subject).locked_until
        return locked if locked is not None and locked > self._now() else None

    def record_verification_failure(self, subject: str, max_attempts: int, cooldown: timedelta) -> LockState:
        """Count a wrong answer for ``subject``; the ``max_attempts``-th in a row starts a cool-down."""
        with self._tx("IMMEDIATE") as conn:
            return record_failure(conn, subject, self._now(), max_attempts, cooldown)

    def clear_verification_failures(self, subject: str) -> None:
        """Forget the wrong answers for ``subject`` (after a correct one)."""
        with self._tx("IMMEDIATE") as conn:
            clear_failures(conn, subject)

    def purge(self, older_than: timedelta) -> PurgeReport:
        """Apply the retention rules of PRIVACY.md to everything older than ``older_than``."""
        now = self._now()
        with self._tx("IMMEDIATE") as conn:
            return purge(conn, now - older_than, now)

    def customer_data(self, phone: str) -> CustomerData:
        """Everything stored under ``phone`` (any formatting)."""
        digits = normalize_phone(phone)
        with self._tx() as conn:
            customer = customers.find(conn, "phone", digits)
            ids = conn.execute(
                "SELECT id FROM orders WHERE customer_phone = ? ORDER BY id", (digits,)
            ).fetchall()
            orders = tuple(order for r in ids if (order := self._order(conn, int(r["id"]))))
            bookings = tuple(
                _booking(r)
                for r in conn.execute(
                    "SELECT * FROM bookings WHERE customer_phone = ? ORDER BY id", (digits,)
                )
            )
            locks = tuple(
                (subject, state)
                for subject in subjects_of(conn, digits)
                if (state := lock_state(conn, subject)) != LockState(0, None)
            )
        return CustomerData(digits, customer, orders, bookings, locks)

    def forget_customer(self, phone: str) -> ForgetReport:
        """Delete the customer record and remove ``phone`` from their orders and bookings, in one go."""
        with self._tx("IMMEDIATE") as conn:
            return forget(conn, normalize_phone(phone))

    # --- operator import --------------------------------------------------------------------

    def import_catalog_csv(self, path: Path) -> int:
        """Validate the whole CSV, then upsert every row in one transaction; returns rows imported."""
        products = parse_catalog_csv(path)
        with self._tx("IMMEDIATE") as conn:
            self._upsert_products(conn, products)
        return len(products)


def _missing(kind: str, key: object) -> NoReturn:
    raise NotFound(f"no {kind} {key}")


def _slot_keys(start: datetime, duration: timedelta) -> set[str]:
    """The hourly slots an appointment of ``duration`` starting at ``start`` occupies."""
    keys, moment = set(), start
    while moment < start + duration:
        keys.add(_slot_key(moment))
        moment += _HOUR
    return keys


def _check_line(product: Product, line: OrderLine) -> OrderLine:
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


def _product(row: sqlite3.Row) -> Product:
    return Product(
        row["id"],
        _names(row["names"]),
        row["category"],
        int(row["price_cents"]),
        int(row["stock"]),
        tuple(json.loads(row["sizes"])),
        tuple(json.loads(row["colors"])),
    )


def _service(row: sqlite3.Row) -> Service:
    return Service(row["id"], _names(row["names"]), int(row["duration_min"]), int(row["price_cents"]))


def _delivery(row: sqlite3.Row) -> DeliveryOption:
    free = row["free_over_cents"]
    return DeliveryOption(
        row["id"],
        json.loads(row["names"]),
        int(row["days"]),
        int(row["price_cents"]),
        None if free is None else int(free),
    )


def _booking(row: sqlite3.Row) -> Booking:
    return Booking(
        int(row["id"]),
        row["service_id"],
        datetime.fromisoformat(row["start"]),
        cast(BookingStatus, row["status"]),
        row["customer_phone"],
    )
