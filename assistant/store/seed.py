"""Store seed data (store info, catalog, services, FAQ, demo customers and orders) read from TOML."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

from .errors import StoreError
from .models import (
    COLORS,
    ORDER_STATUSES,
    PAYMENT_METHODS,
    PREFERENCE_KINDS,
    Customer,
    DeliveryOption,
    FaqEntry,
    OpeningHours,
    OrderLine,
    OrderStatus,
    Preferences,
    Product,
    Service,
    StoreInfo,
    normalize_phone,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Keys of the ``[hours]`` table, Monday first."""

T = TypeVar("T")

COLOR_ID = re.compile(r"[a-z]+(?:[ -][a-z]+)*")
"""A colour id: one or a few lowercase English words (new ones are said as written, in both languages)."""
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What product and service ids look like."""


@dataclass(frozen=True)
class SeedOrder:
    """A historical order to seed; its dates are relative to the seeding day."""

    id: int
    """Fixed order number."""
    status: OrderStatus
    """Its status."""
    lines: tuple[OrderLine, ...]
    """What was ordered."""
    created_days_ago: int
    """Days before seeding it was placed."""
    delivery: str
    """Delivery option id."""
    customer_phone: str | None
    """Digits of the customer's phone."""
    lang: str
    """Language it was placed in."""
    address: str | None = None
    """Delivery address."""
    payment: str = "pay_in_store"
    """One of ``PAYMENT_METHODS``."""


@dataclass(frozen=True)
class StoreSeed:
    """Everything a store needs to start."""

    info: StoreInfo
    """Name, address, hours, delivery options."""
    products: tuple[Product, ...]
    """The catalog."""
    services: tuple[Service, ...]
    """Bookable services."""
    faq: tuple[FaqEntry, ...]
    """FAQ answers."""
    customers: tuple[Customer, ...] = ()
    """Known customers."""
    orders: tuple[SeedOrder, ...] = ()
    """Historical orders."""


def check_product(product: Product) -> None:
    """Raise ``ValueError`` naming what is wrong with ``product``."""
    if not SLUG.fullmatch(product.id):
        raise ValueError(f"product id {product.id!r} must be a lowercase slug like 'wireless-earbuds'")
    if not product.names.get("en") or not product.names["en"][0].strip():
        raise ValueError(f"product {product.id}: an English name is required")
    if not product.category.strip():
        raise ValueError(f"product {product.id}: category is empty")
    if product.price_cents < 0:
        raise ValueError(f"product {product.id}: negative price")
    if product.stock < 0:
        raise ValueError(f"product {product.id}: negative stock")
    odd = [c for c in product.colors if not COLOR_ID.fullmatch(c)]
    if odd:
        raise ValueError(
            f"product {product.id}: color {odd[0]!r} must be a lowercase English word like 'navy' "
            f"(the known ones have Korean names too: {', '.join(COLORS)})"
        )


def demo_seed() -> StoreSeed:
    """The bundled demo store, ``assistant/data/demo_store.toml``."""
    text = resources.files("assistant.data").joinpath("demo_store.toml").read_text(encoding="utf-8")
    return parse_seed(tomllib.loads(text), "demo_store.toml")


def load_seed(path: Path) -> StoreSeed:
    """Read a store seed TOML file; raises ``StoreError`` naming the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"cannot read store file {path}: {exc}") from exc
    return parse_seed(data, str(path))


def parse_seed(data: Mapping[str, Any], source: str) -> StoreSeed:
    """Build a ``StoreSeed`` from parsed TOML; raises ``StoreError`` naming ``source``."""
    try:
        products = tuple(_product(p) for p in _tables(data, "products"))
        for product in products:
            check_product(product)
        return StoreSeed(
            info=_info(data),
            products=products,
            services=tuple(_service(s) for s in _tables(data, "services")),
            faq=tuple(
                FaqEntry(topic, _str_map(answers, f"faq.{topic}"))
                for topic, answers in _table(data, "faq").items()
            ),
            customers=tuple(_customer(c) for c in _tables(data, "customers")),
            orders=tuple(_order(o) for o in _tables(data, "orders")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"bad store file {source}: {exc}") from exc


def _get(table: Mapping[str, Any], key: str, kind: type[T], default: T | None = None) -> T:
    value = table.get(key, default)
    if value is None:
        raise KeyError(f"missing {key!r}")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{key!r} must be {kind.__name__}, got {value!r}")
    return value


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    return cast(dict[str, Any], _get(data, key, dict, {}))


def _tables(data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    items = _get(data, key, list, [])
    if not all(isinstance(item, dict) for item in items):
        raise TypeError(f"{key!r} must be an array of tables")
    return cast(list[dict[str, Any]], items)


def _strs(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    items = _get(table, key, list, [])
    if not all(isinstance(item, str) for item in items):
        raise TypeError(f"{key!r} must be a list of strings")
    return tuple(cast(list[str], items))


def _str_map(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TypeError(f"{where} must map languages to strings")
    return cast(dict[str, str], value)


def _names(table: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    names = _table(table, "names")
    result = {lang: _strs(names, lang) for lang in names}
    if not result.get("en"):
        raise ValueError(f"{table.get('id')!r}: names.en is required")
    return result


def _info(data: Mapping[str, Any]) -> StoreInfo:
    store = _table(data, "store")
    hours = _table(data, "hours")
    return StoreInfo(
        name=_str_map(_get(store, "name", dict), "store.name"),
        address=_str_map(_get(store, "address", dict), "store.address"),
        phone=_get(store, "phone", str),
        currency=_get(store, "currency", str),
        hours=tuple(_hours(i, _get(hours, day, str, "closed")) for i, day in enumerate(WEEKDAYS)),
        delivery=tuple(
            DeliveryOption(
                id=_get(d, "id", str),
                names=_str_map(_get(d, "names", dict), "delivery.names"),
                days=_get(d, "days", int),
                price_cents=_get(d, "price_cents", int),
                free_over_cents=_get(d, "free_over_cents", int) if "free_over_cents" in d else None,
            )
            for d in _tables(data, "delivery")
        ),
    )


def _hours(weekday: int, text: str) -> OpeningHours:
    """``"10:00-20:00"`` or ``"closed"``."""
    if text.strip().lower() == "closed":
        return OpeningHours(weekday, None, None)
    opens, _, closes = text.partition("-")
    start, end = time.fromisoformat(opens.strip()), time.fromisoformat(closes.strip())
    if end <= start:
        raise ValueError(f"hours {text!r}: closing must be after opening")
    return OpeningHours(weekday, start, end)


def _product(p: Mapping[str, Any]) -> Product:
    return Product(
        id=_get(p, "id", str),
        names=_names(p),
        category=_get(p, "category", str),
        price_cents=_get(p, "price_cents", int),
        stock=_get(p, "stock", int),
        sizes=_strs(p, "sizes"),
        colors=_strs(p, "colors"),
    )


def _service(s: Mapping[str, Any]) -> Service:
    service = Service(
        id=_get(s, "id", str),
        names=_names(s),
        duration_min=_get(s, "duration_min", int),
        price_cents=_get(s, "price_cents", int),
    )
    if not SLUG.fullmatch(service.id) or service.duration_min <= 0:
        raise ValueError(f"service {service.id!r}: needs a slug id and a positive duration")
    return service


def _customer(c: Mapping[str, Any]) -> Customer:
    """``phone``, ``name``, optional ``lang``, ``loyalty_number`` and ``preferences`` (kind → value)."""
    loyalty = c.get("loyalty_number")
    if loyalty is not None and not (isinstance(loyalty, str) and loyalty.isdigit()):
        raise ValueError(f"customer {c.get('name')!r}: loyalty_number must be a string of digits")
    stated = _str_map(_get(c, "preferences", dict, {}), "customers.preferences")
    unknown = sorted(set(stated) - set(PREFERENCE_KINDS))
    if unknown:
        raise ValueError(f"customer {c.get('name')!r}: unknown preference {unknown[0]!r}")
    return Customer(
        normalize_phone(_get(c, "phone", str)),
        _get(c, "name", str),
        _get(c, "lang", str, ""),
        loyalty_number=loyalty,
        preferences=Preferences(**stated),
    )


def _order(o: Mapping[str, Any]) -> SeedOrder:
    status = _get(o, "status", str)
    if status not in ORDER_STATUSES:
        raise ValueError(f"order {o.get('id')}: unknown status {status!r}")
    phone = o.get("customer_phone")
    payment = _get(o, "payment", str, "pay_in_store")
    if payment not in PAYMENT_METHODS:
        raise ValueError(f"order {o.get('id')}: unknown payment {payment!r}")
    return SeedOrder(
        id=_get(o, "id", int),
        status=cast(OrderStatus, status),
        lines=tuple(
            OrderLine(
                _get(line, "product_id", str),
                _get(line, "quantity", int),
                line.get("size"),
                line.get("color"),
            )
            for line in _tables(o, "lines")
        ),
        created_days_ago=_get(o, "created_days_ago", int, 0),
        delivery=_get(o, "delivery", str, "standard"),
        customer_phone=normalize_phone(phone) if isinstance(phone, str) else None,
        lang=_get(o, "lang", str, "en"),
        address=_get(o, "address", str) if "address" in o else None,
        payment=payment,
    )
