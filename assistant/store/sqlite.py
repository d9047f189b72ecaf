"""The SQLite store: one database file, WAL mode, every write that matters in one transaction.

``SqliteStore`` combines one class per aggregate (``catalog.py``, ``orders.py``, ``returns.py``,
``bookings.py``, ``customers.py``, ``tickets.py``, ``activity.py``, ``privacy.py``, ``staff.py``); here it is
opened, migrated (``schema.py``) and filled from a seed or an operator's import.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Self

from . import customers
from .activity import SqliteActivity
from .base import to_json
from .bookings import SqliteBookings
from .catalog import SqliteCatalog, get_delivery_option, upsert_products
from .catalog_csv import parse_catalog_csv
from .customers import SqliteCustomers
from .errors import StoreError
from .orders import SqliteOrders
from .privacy import SqlitePrivacy
from .returns import SqliteReturns
from .schema import migrate
from .seed import StoreSeed, demo_seed, load_seed
from .staff import SqliteStaff
from .tickets import SqliteTickets


class SqliteStore(
    SqliteCatalog,
    SqliteOrders,
    SqliteReturns,
    SqliteBookings,
    SqliteCustomers,
    SqliteTickets,
    SqliteActivity,
    SqlitePrivacy,
    SqliteStaff,
):
    """A ``Store`` in one SQLite file; safe to share between threads and processes."""

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
            with store._tx("IMMEDIATE") as tx:
                migrate(tx, path)
            if seed:
                store._seed_if_empty(demo_seed())
        except sqlite3.Error as exc:
            conn.close()
            raise store._error(exc) from exc
        except BaseException:
            conn.close()
            raise
        return store

    def _seed_if_empty(self, seed: StoreSeed) -> None:
        with self._tx("IMMEDIATE") as conn:
            if conn.execute("SELECT 1 FROM products LIMIT 1").fetchone() is None:
                self._apply_seed(conn, seed)

    def import_store_toml(self, path: Path) -> None:
        """Load store info, hours, delivery, catalog, services and FAQ from a TOML file (upsert)."""
        seed = load_seed(path)
        with self._tx("IMMEDIATE") as conn:
            self._apply_seed(conn, seed)

    def import_catalog_csv(self, path: Path) -> int:
        """Validate the whole CSV, then upsert every row in one transaction; returns rows imported."""
        products = parse_catalog_csv(path)
        with self._tx("IMMEDIATE") as conn:
            upsert_products(conn, products)
        return len(products)

    def _apply_seed(self, conn: sqlite3.Connection, seed: StoreSeed) -> None:
        info = seed.info
        conn.execute(
            "INSERT OR REPLACE INTO store_info VALUES (1, ?, ?, ?, ?)",
            (to_json(info.name), to_json(info.address), info.phone, info.currency),
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
            [(d.id, to_json(d.names), d.days, d.price_cents, d.free_over_cents) for d in info.delivery],
        )
        upsert_products(conn, seed.products)
        conn.executemany(
            "INSERT INTO services VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET names = excluded.names, "
            "duration_min = excluded.duration_min, price_cents = excluded.price_cents",
            [(s.id, to_json(s.names), s.duration_min, s.price_cents) for s in seed.services],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO faq VALUES (?, ?)", [(f.topic, to_json(f.answers)) for f in seed.faq]
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
            option = get_delivery_option(conn, order.delivery)
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
                address=order.address,
                payment=order.payment,
            )
