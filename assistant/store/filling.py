"""Filling a store: the demo seed into an empty store, an operator's store file or catalog CSV.

The same statements for both databases; ``open`` of each backend calls ``_seed_if_empty``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from . import customers
from .base import Tx, to_json
from .catalog import get_delivery_option, upsert_products
from .catalog_csv import parse_catalog_csv
from .errors import StoreError
from .orders import Orders
from .seed import StoreSeed, load_seed


class Filling(Orders):
    """Seeding and imports (upserts, each in one transaction)."""

    def _seed_if_empty(self, seed: StoreSeed) -> None:
        with self._tx(write=True) as conn:
            conn.lock("seed")  # two kiosks starting on one new database seed it once
            if conn.execute("SELECT 1 AS found FROM products LIMIT 1").fetchone() is None:
                self._apply_seed(conn, seed)

    def import_store_toml(self, path: Path) -> None:
        """Load store info, hours, delivery, catalog, services and FAQ from a TOML file (upsert)."""
        seed = load_seed(path)
        with self._tx(write=True) as conn:
            self._apply_seed(conn, seed)

    def import_catalog_csv(self, path: Path) -> int:
        """Validate the whole CSV, then upsert every row in one transaction; returns rows imported."""
        products = parse_catalog_csv(path)
        with self._tx(write=True) as conn:
            upsert_products(conn, products)
        return len(products)

    def _apply_seed(self, conn: Tx, seed: StoreSeed) -> None:
        info = seed.info
        conn.execute(
            "INSERT INTO store_info (id, name, address, phone, currency) VALUES (1, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, "
            "phone = excluded.phone, currency = excluded.currency",
            (to_json(info.name), to_json(info.address), info.phone, info.currency),
        )
        conn.executemany(
            "INSERT INTO opening_hours (weekday, opens, closes) VALUES (?, ?, ?) "
            "ON CONFLICT (weekday) DO UPDATE SET opens = excluded.opens, closes = excluded.closes",
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
            "INSERT INTO delivery_options (id, names, days, price_cents, free_over_cents) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "names = excluded.names, days = excluded.days, price_cents = excluded.price_cents, "
            "free_over_cents = excluded.free_over_cents",
            [(d.id, to_json(d.names), d.days, d.price_cents, d.free_over_cents) for d in info.delivery],
        )
        upsert_products(conn, seed.products)
        conn.executemany(
            "INSERT INTO services (id, names, duration_min, price_cents) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET names = excluded.names, "
            "duration_min = excluded.duration_min, price_cents = excluded.price_cents",
            [(s.id, to_json(s.names), s.duration_min, s.price_cents) for s in seed.services],
        )
        conn.executemany(
            "INSERT INTO faq (topic, answers) VALUES (?, ?) "
            "ON CONFLICT (topic) DO UPDATE SET answers = excluded.answers",
            [(f.topic, to_json(f.answers)) for f in seed.faq],
        )
        customers.seed(conn, seed.customers, self._now())
        prices = {
            row["id"]: int(row["price_cents"]) for row in conn.execute("SELECT id, price_cents FROM products")
        }
        today = self._now()
        for order in seed.orders:
            if conn.execute("SELECT 1 AS found FROM orders WHERE id = ?", (order.id,)).fetchone():
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
