"""Persistent store: catalog, services, orders, bookings, hand-off tickets and the interaction log.

``Store`` is the interface the assistant uses and ``SkillStore`` the smaller one a skill may use
(``protocol.py``); ``SqliteStore`` is the embedded implementation. Every command opens its store
with ``open_store``, which picks the backend from the location::

    with open_store(Path("kiosk.db")) as store:
        order = store.place_order([OrderLine("wireless-earbuds", 2, color="black")], lang="en")
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePath
from typing import Protocol

from .catalog_csv import COLUMNS as CATALOG_COLUMNS
from .catalog_csv import parse_catalog_csv
from .errors import (
    CatalogImportError,
    InvalidBooking,
    InvalidOrder,
    InvalidTicket,
    NotFound,
    OutOfStock,
    SlotTaken,
    StoreBusy,
    StoreError,
    StoreMissing,
)
from .models import (
    CANCELLABLE_STATUSES,
    COLORS,
    FIRST_ORDER_ID,
    ORDER_STATUSES,
    PAYMENT_METHODS,
    PREFERENCE_KINDS,
    RECEIPT_CHANNELS,
    RETURN_DAYS,
    Booking,
    Customer,
    DeliveryOption,
    FaqEntry,
    Interaction,
    OpeningHours,
    Order,
    OrderChange,
    OrderLine,
    Preferences,
    Product,
    ReceiptRequest,
    Return,
    Service,
    StoreInfo,
    Ticket,
    normalize_phone,
)
from .privacy import CustomerData, ForgetReport, LockState, PurgeReport
from .protocol import SkillStore, Store
from .schema import SCHEMA_VERSION
from .seed import StoreSeed, demo_seed, load_seed
from .sqlite import SqliteStore
from .staff import StaffAccount, StaffError, check_name

__all__ = [
    "CANCELLABLE_STATUSES",
    "CATALOG_COLUMNS",
    "COLORS",
    "FIRST_ORDER_ID",
    "ORDER_STATUSES",
    "PAYMENT_METHODS",
    "PREFERENCE_KINDS",
    "RECEIPT_CHANNELS",
    "RETURN_DAYS",
    "SCHEMA_VERSION",
    "Booking",
    "CatalogImportError",
    "Customer",
    "CustomerData",
    "DeliveryOption",
    "FaqEntry",
    "ForgetReport",
    "Interaction",
    "InvalidBooking",
    "InvalidOrder",
    "InvalidTicket",
    "LockState",
    "NotFound",
    "OpeningHours",
    "Order",
    "OrderChange",
    "OrderLine",
    "OutOfStock",
    "Preferences",
    "Product",
    "PurgeReport",
    "ReceiptRequest",
    "Return",
    "Service",
    "SkillStore",
    "SlotTaken",
    "SqliteStore",
    "StaffAccount",
    "StaffError",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreInfo",
    "StoreMissing",
    "StoreSeed",
    "Ticket",
    "check_name",
    "demo_seed",
    "load_seed",
    "normalize_phone",
    "open_store",
    "parse_catalog_csv",
]


class Located(Protocol):
    """Settings that name a store (``Config``): ``db`` is a file path (later also a database URL)."""

    @property
    def db(self) -> Path | str: ...


_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):/")
"""``postgresql://…`` (or what ``Path`` makes of it, ``postgresql:/…``); one letter is a drive."""


def open_store(
    config_or_path: Located | Path | str,
    *,
    seed: bool = True,
    must_exist: bool = False,
    clock: Callable[[], datetime] = datetime.now,
) -> Store:
    """Open the store named by the settings (their ``db``) or by a location; every command opens it so.

    A path is a SQLite file, created (with its folder) and seeded with the demo store when
    ``seed`` and its catalog is empty; with ``must_exist`` a missing file is ``StoreMissing``
    ("no store database at …") and nothing is created. Database URLs are refused until a backend
    for them exists. Raises ``StoreError`` on a database that cannot be used.
    """
    location = config_or_path if isinstance(config_or_path, str | PurePath) else config_or_path.db
    url = _URL.match(str(location))
    if url:
        raise StoreError(
            f"cannot open {location}: {url.group(1)} stores are not supported yet (give a SQLite file path)"
        )
    path = Path(location)
    if must_exist and not path.is_file():
        raise StoreMissing(f"no store database at {path}")
    return SqliteStore.open(path, seed=seed, clock=clock)
