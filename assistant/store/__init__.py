"""Persistent store: catalog, services, orders, bookings, hand-off tickets and the interaction log.

``Store`` is the interface the assistant uses; ``SqliteStore`` is the embedded implementation::

    with SqliteStore.open(Path("kiosk.db")) as store:
        order = store.place_order([OrderLine("wireless-earbuds", 2, color="black")], lang="en")
"""

from .catalog_csv import COLUMNS as CATALOG_COLUMNS
from .catalog_csv import parse_catalog_csv
from .models import (
    CANCELLABLE_STATUSES,
    COLORS,
    ORDER_STATUSES,
    PREFERENCE_KINDS,
    Booking,
    CatalogImportError,
    Customer,
    DeliveryOption,
    FaqEntry,
    Interaction,
    InvalidBooking,
    InvalidOrder,
    InvalidTicket,
    NotFound,
    OpeningHours,
    Order,
    OrderLine,
    OutOfStock,
    Preferences,
    Product,
    Service,
    SlotTaken,
    Store,
    StoreBusy,
    StoreError,
    StoreInfo,
    Ticket,
    normalize_phone,
)
from .privacy import CustomerData, ForgetReport, LockState, PurgeReport
from .seed import StoreSeed, demo_seed, load_seed
from .sqlite import FIRST_ORDER_ID, SCHEMA_VERSION, SqliteStore

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
