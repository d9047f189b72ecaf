"""The catalog and the shop: products, services, store information, opening hours, delivery, FAQ.

Connection-level functions (``get_product``, ``get_service``…) are shared with orders and bookings;
``Catalog`` is the read side a store offers. Products and services are listed in the order they were
first added (SQLite's implicit ``rowid``; PostgreSQL's tables have a ``rowid`` column for it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import time

from .base import Row, StoreBase, Tx, to_json
from .errors import StoreError
from .models import DeliveryOption, FaqEntry, OpeningHours, Product, Service, StoreInfo


class Catalog(StoreBase):
    """Catalog and store information (either database)."""

    def products(self) -> list[Product]:
        """The whole catalog, in insertion order."""
        with self._tx() as conn:
            return [product_from_row(row) for row in conn.execute("SELECT * FROM products ORDER BY rowid")]

    def product(self, product_id: str) -> Product | None:
        """One product by id."""
        with self._tx() as conn:
            return get_product(conn, product_id)

    def categories(self) -> list[str]:
        """Category ids in catalog order, without duplicates."""
        return list(dict.fromkeys(p.category for p in self.products()))

    def services(self) -> list[Service]:
        """Bookable services."""
        with self._tx() as conn:
            return [service_from_row(row) for row in conn.execute("SELECT * FROM services ORDER BY rowid")]

    def service(self, service_id: str) -> Service | None:
        """One service by id."""
        with self._tx() as conn:
            return get_service(conn, service_id)

    def store_info(self) -> StoreInfo:
        """Name, address, phone, hours and delivery options."""
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM store_info WHERE id = 1").fetchone()
            if row is None:
                raise StoreError(
                    f"store database {self.location} has no store information (seed or import it)"
                )
            hours = tuple(
                OpeningHours(int(h["weekday"]), clock_time(h["opens"]), clock_time(h["closes"]))
                for h in conn.execute("SELECT * FROM opening_hours ORDER BY weekday")
            )
            options = tuple(
                delivery_from_row(d)
                for d in conn.execute("SELECT * FROM delivery_options ORDER BY price_cents, id")
            )
        return StoreInfo(
            json.loads(row["name"]),
            json.loads(row["address"]),
            str(row["phone"]),
            str(row["currency"]),
            hours,
            options,
        )

    def faq(self) -> list[FaqEntry]:
        """FAQ answers by topic."""
        with self._tx() as conn:
            return [FaqEntry(r["topic"], json.loads(r["answers"])) for r in conn.execute("SELECT * FROM faq")]


def get_product(conn: Tx, product_id: str) -> Product | None:
    """One product by id."""
    row = conn.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()
    return product_from_row(row) if row else None


def get_service(conn: Tx, service_id: str) -> Service | None:
    """One service by id."""
    row = conn.execute("SELECT * FROM services WHERE id = ?", (service_id,)).fetchone()
    return service_from_row(row) if row else None


def get_delivery_option(conn: Tx, option_id: str) -> DeliveryOption | None:
    """One delivery option by id."""
    row = conn.execute("SELECT * FROM delivery_options WHERE id = ?", (option_id,)).fetchone()
    return delivery_from_row(row) if row else None


def opening_hours(conn: Tx, weekday: int) -> tuple[time | None, time | None]:
    """Opening and closing time on ``weekday`` (0 = Monday); ``(None, None)`` when closed."""
    row = conn.execute("SELECT * FROM opening_hours WHERE weekday = ?", (weekday,)).fetchone()
    return (clock_time(row["opens"]), clock_time(row["closes"])) if row else (None, None)


def upsert_products(conn: Tx, products: Sequence[Product]) -> None:
    """Add or replace ``products`` (by id)."""
    conn.executemany(
        "INSERT INTO products (id, names, category, price_cents, stock, sizes, colors) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "names = excluded.names, category = excluded.category, price_cents = excluded.price_cents, "
        "stock = excluded.stock, sizes = excluded.sizes, colors = excluded.colors",
        [
            (p.id, to_json(p.names), p.category, p.price_cents, p.stock, to_json(p.sizes), to_json(p.colors))
            for p in products
        ],
    )


def clock_time(text: str | None) -> time | None:
    """``"10:00"`` as a ``time``; ``None`` for no time."""
    return time.fromisoformat(text) if text else None


def _names(text: str) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(names) for lang, names in json.loads(text).items()}


def product_from_row(row: Row) -> Product:
    """A ``products`` row as a ``Product``."""
    return Product(
        row["id"],
        _names(row["names"]),
        row["category"],
        int(row["price_cents"]),
        int(row["stock"]),
        tuple(json.loads(row["sizes"])),
        tuple(json.loads(row["colors"])),
    )


def service_from_row(row: Row) -> Service:
    """A ``services`` row as a ``Service``."""
    return Service(row["id"], _names(row["names"]), int(row["duration_min"]), int(row["price_cents"]))


def delivery_from_row(row: Row) -> DeliveryOption:
    """A ``delivery_options`` row as a ``DeliveryOption``."""
    free = row["free_over_cents"]
    return DeliveryOption(
        row["id"],
        json.loads(row["names"]),
        int(row["days"]),
        int(row["price_cents"]),
        None if free is None else int(free),
    )
