"""Persistent store: catalog, services, orders, bookings, hand-off tickets and the interaction log.

``Store`` is the interface the assistant uses and ``SkillStore`` the smaller one a skill may use
(``protocol.py``); ``SqliteStore`` is the embedded implementation::

    with SqliteStore.open(Path("kiosk.db")) as store:
        order = store.place_order([OrderLine("wireless-earbuds", 2, color="black")], lang="en")
"""

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
)
from .models import (
    CANCELLABLE_STATUSES,
    COLORS,
    FIRST_ORDER_ID,
    ORDER_STATUSES,
    PREFERENCE_KINDS,
    Booking,
    Customer,
    DeliveryOption,
    FaqEntry,
    Interaction,
    OpeningHours,
    Order,
    OrderLine,
    Preferences,
    Product,
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

__all__ = [
    "CANCELLABLE_STATUSES",
    "CATALOG_COLUMNS",
    "COLORS",
    "FIRST_ORDER_ID",
    "ORDER_STATUSES",
    "PREFERENCE_KINDS",
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
    "OrderLine",
    "OutOfStock",
    "Preferences",
    "Product",
    "PurgeReport",
    "Service",
    "SkillStore",
    "SlotTaken",
    "SqliteStore",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreInfo",
    "StoreSeed",
    "Ticket",
    "demo_seed",
    "load_seed",
    "normalize_phone",
    "parse_catalog_csv",
]
