"""Persistent store: catalog, services, orders, bookings, hand-off tickets and the interaction log.

``Store`` is the interface the assistant uses and ``SkillStore`` the smaller one a skill may use
(``protocol.py``); ``SqliteStore`` is the embedded implementation and ``PostgresStore``
(``postgres.py``) the shared one for many kiosks. Every command opens its store with ``open_store``,
which picks the backend from the location (a file path or a ``postgresql://`` URL)::

    with open_store(Path("kiosk.db")) as store:
        order = store.place_order([OrderLine("wireless-earbuds", 2, color="black")], lang="en")
"""

from __future__ import annotations

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
    StoreUnavailable,
)
from .location import BadLocation, StoreLocation
from .models import (
    CANCELLABLE_STATUSES,
    COLORS,
    FIRST_ORDER_ID,
    MAX_QUANTITY,
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
from .opening import SchemaStatus, migrate_store, open_store, schema_status
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
    "MAX_QUANTITY",
    "ORDER_STATUSES",
    "PAYMENT_METHODS",
    "PREFERENCE_KINDS",
    "RECEIPT_CHANNELS",
    "RETURN_DAYS",
    "SCHEMA_VERSION",
    "BadLocation",
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
    "SchemaStatus",
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
    "StoreLocation",
    "StoreMissing",
    "StoreSeed",
    "StoreUnavailable",
    "Ticket",
    "check_name",
    "demo_seed",
    "load_seed",
    "migrate_store",
    "normalize_phone",
    "open_store",
    "parse_catalog_csv",
    "schema_status",
]
