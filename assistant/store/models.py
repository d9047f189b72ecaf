"""Store records: frozen dataclasses and the constants that go with them (errors: ``errors.py``).

Money is always integer cents, colors are English canonical ids (see ``COLORS``), times are naive
local ``datetime`` values, phone numbers are kept as digits (and a leading ``+``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

COLORS = ("black", "white", "blue", "red", "pink", "green", "gray", "navy", "beige", "silver")
"""Canonical color ids a product may have; translating them is the caller's job."""

ORDER_STATUSES = ("placed", "processing", "shipped", "delivered", "cancelled")
"""Order lifecycle, in order."""

CANCELLABLE_STATUSES = ("placed", "processing")
"""Statuses from which an order may still be cancelled."""

MAX_QUANTITY = 99
"""Most units of one product on one order line."""

FIRST_ORDER_ID = 5001
"""New order numbers start here (demo orders use lower fixed numbers)."""

PAYMENT_METHODS = ("card", "cash", "apple_pay", "google_pay", "pay_in_store")
"""How an order is paid; all but ``pay_in_store`` are paid when the order is placed."""

RETURN_DAYS = 30
"""A delivered order may be returned until this many days after its delivery date."""

RECEIPT_CHANNELS = ("sms",)
"""How a receipt can be sent to the phone number on an order."""

OrderStatus = Literal["placed", "processing", "shipped", "delivered", "cancelled"]
BookingStatus = Literal["booked", "cancelled"]
TicketStatus = Literal["open", "closed"]
ReturnStatus = Literal["requested", "received", "refunded", "rejected"]
ReceiptStatus = Literal["queued", "sent", "failed"]
ChangeKind = Literal["lines", "address", "delivery"]


def is_receipt_code(code: str) -> bool:
    """A receipt code is four digits (``0187``)."""
    return len(code) == 4 and code.isascii() and code.isdigit()


def normalize_phone(phone: str) -> str:
    """Keep the digits of a phone number (and a leading ``+``): ``(213) 555-0187`` → ``2135550187``."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "+" + digits if phone.strip().startswith("+") else digits


def _localized(values: dict[str, tuple[str, ...]], lang: str) -> str:
    names = values.get(lang) or values.get("en") or next(iter(values.values()), ())
    return names[0] if names else ""


@dataclass(frozen=True)
class Product:
    """A catalog item."""

    id: str
    """Slug, e.g. ``wireless-earbuds``."""
    names: dict[str, tuple[str, ...]]
    """Language → (display name, *aliases)."""
    category: str
    """Category id, e.g. ``audio``."""
    price_cents: int
    """Unit price in cents."""
    stock: int
    """Units in stock (for all sizes and colors together)."""
    sizes: tuple[str, ...] = ()
    """Sizes to choose from; empty when the product has none."""
    colors: tuple[str, ...] = ()
    """Canonical color ids to choose from; empty when the product has none."""

    def name(self, lang: str) -> str:
        """Display name in ``lang``, falling back to English."""
        return _localized(self.names, lang)


@dataclass(frozen=True)
class Service:
    """A bookable in-store service."""

    id: str
    """Slug, e.g. ``screen-repair``."""
    names: dict[str, tuple[str, ...]]
    """Language → (display name, *aliases)."""
    duration_min: int
    """How long one appointment takes."""
    price_cents: int
    """Price in cents."""

    def name(self, lang: str) -> str:
        """Display name in ``lang``, falling back to English."""
        return _localized(self.names, lang)


@dataclass(frozen=True)
class OpeningHours:
    """Opening hours of one weekday."""

    weekday: int
    """0 = Monday … 6 = Sunday."""
    opens: time | None
    """Opening time, ``None`` when closed all day."""
    closes: time | None
    """Closing time, ``None`` when closed all day."""


@dataclass(frozen=True)
class DeliveryOption:
    """A way to get an order delivered."""

    id: str
    """``standard`` or ``express``."""
    names: dict[str, str]
    """Language → display name."""
    days: int
    """Days from order to delivery."""
    price_cents: int
    """Delivery fee in cents."""
    free_over_cents: int | None
    """Order subtotal from which delivery is free; ``None`` if never free."""


@dataclass(frozen=True)
class StoreInfo:
    """The store itself."""

    name: dict[str, str]
    """Language → store name."""
    address: dict[str, str]
    """Language → street address."""
    phone: str
    """Store phone number, as printed."""
    currency: str
    """ISO 4217 code, e.g. ``USD``."""
    hours: tuple[OpeningHours, ...]
    """One entry per weekday, Monday first."""
    delivery: tuple[DeliveryOption, ...]
    """Delivery options, cheapest first."""


@dataclass(frozen=True)
class FaqEntry:
    """One answer the assistant can read out."""

    topic: str
    """``payment``, ``returns``, ``warranty``, ``parking``, ``gift_wrap``, ``exchange``, …"""
    answers: dict[str, str]
    """Language → answer text."""


@dataclass(frozen=True)
class OrderLine:
    """One product line of an order."""

    product_id: str
    """Product slug."""
    quantity: int
    """1 to ``MAX_QUANTITY``."""
    size: str | None = None
    """Required when the product has sizes."""
    color: str | None = None
    """Canonical color id; required when the product has colors."""


@dataclass(frozen=True)
class Order:
    """A placed order."""

    id: int
    """Order number (demo orders 4821–4823, new orders from 5001)."""
    status: OrderStatus
    """Where the order is in its lifecycle."""
    lines: tuple[OrderLine, ...]
    """What was ordered."""
    total_cents: int
    """Products plus delivery fee, in cents."""
    created_at: datetime
    """When it was placed."""
    delivery_eta: date
    """Expected delivery date."""
    customer_phone: str | None
    """Digits of the customer's phone, if given."""
    lang: str
    """Language the order was placed in."""
    delivery: str = "standard"
    """Delivery option id."""
    delivery_cents: int = 0
    """Delivery fee included in ``total_cents``."""
    receipt_code: str | None = None
    """Four digits the customer may say instead of the last four digits of the phone number."""
    delivery_address: str | None = None
    """Where it is delivered, as given."""
    payment: str = "pay_in_store"
    """One of ``PAYMENT_METHODS``."""
    paid_cents: int = 0
    """Paid so far: 0 for ``pay_in_store``, else ``total_cents``."""


@dataclass(frozen=True)
class Booking:
    """A service appointment."""

    id: int
    """Booking number."""
    service_id: str
    """Service slug."""
    start: datetime
    """Appointment start."""
    status: BookingStatus
    """``booked`` or ``cancelled``."""
    customer_phone: str | None
    """Digits of the customer's phone, if given."""
    receipt_code: str | None = None
    """Four digits the customer may say instead of the last four digits of the phone number."""


@dataclass(frozen=True)
class OrderChange:
    """One change made to an order after it was placed (``change_order``)."""

    id: int
    """Change number."""
    order_id: int
    """The order changed."""
    at: datetime
    """When."""
    what: ChangeKind
    """``lines``, ``address`` or ``delivery``."""
    old: Any
    """The value before, decoded from JSON: lines are a list of ``{product_id, quantity, size, color,
    unit_price_cents}``, an address a string (``None`` when there was none or it was purged), a
    delivery option its id."""
    new: Any
    """The value after, in the same form."""


@dataclass(frozen=True)
class Return:
    """A customer's request to return lines of a delivered order."""

    id: int
    """Return number."""
    order_id: int
    """The order the lines come from."""
    created_at: datetime
    """When it was requested."""
    status: ReturnStatus = "requested"
    """``requested`` (the store sets no other status yet; staff tools will)."""
    lines: tuple[OrderLine, ...] = ()
    """The order lines returned (whole lines)."""
    reason: str | None = None
    """What the customer said (redacted)."""
    refund_cents: int = 0
    """What the returned lines cost (the delivery fee is not refunded)."""


@dataclass(frozen=True)
class ReceiptRequest:
    """A receipt to send to the phone number on an order, queued for staff or a gateway."""

    id: int
    """Request number."""
    order_id: int
    """The order whose receipt is wanted."""
    created_at: datetime
    """When it was requested."""
    channel: str
    """One of ``RECEIPT_CHANNELS``."""
    status: ReceiptStatus = "queued"
    """``queued`` until a gateway or staff send it (``sent``/``failed``; nothing sets those yet)."""


@dataclass(frozen=True)
class Ticket:
    """A hand-off to a human agent."""

    id: int
    """Ticket number."""
    created_at: datetime
    """When it was opened."""
    status: TicketStatus
    """``open`` or ``closed``."""
    reason: str
    """Why the assistant escalated."""
    lang: str
    """Conversation language."""
    transcript: str
    """The (redacted) conversation so far."""
    intent_history: str
    """The intents recognized in the session."""
    request_intent: str | None = None
    """What the customer wanted last (an intent id), if anything."""
    request_slots: Mapping[str, Any] = field(default_factory=dict)
    """The slots of that request (redacted)."""
    closed_at: datetime | None = None
    """When staff closed it."""
    note: str | None = None
    """Staff's closing note (redacted)."""

    @property
    def reasons(self) -> tuple[str, ...]:
        """``reason`` split at commas (``frustration,repeated_request``)."""
        return tuple(r for r in self.reason.split(",") if r)


PREFERENCE_KINDS = ("category", "size", "color", "style")
"""What a customer may state a preference for."""


@dataclass(frozen=True)
class Preferences:
    """What a customer said they like; ``None`` where they said nothing."""

    category: str | None = None
    """Category id, e.g. ``clothing``."""
    size: str | None = None
    """Size as the catalog spells it (``M``, ``260``)."""
    color: str | None = None
    """Canonical color id."""
    style: str | None = None
    """Style id (``casual``, ``sporty``…), as the recommend skill knows them."""

    def items(self) -> dict[str, str]:
        """The stated preferences only, by kind."""
        return {kind: value for kind in PREFERENCE_KINDS if (value := getattr(self, kind)) is not None}

    def updated(self, changes: dict[str, str]) -> Preferences:
        """These preferences with ``changes`` (kind → value) applied; unknown kinds are ignored."""
        return Preferences(**{**self.items(), **{k: v for k, v in changes.items() if k in PREFERENCE_KINDS}})


@dataclass(frozen=True)
class Customer:
    """A known customer."""

    phone: str
    """Digits of the phone number; the customer's key."""
    name: str
    """Name to greet them with."""
    lang: str
    """Preferred language (``""`` when not known yet)."""
    id: int = 0
    """Record number (identity checks are kept under ``customer:<id>``); 0 before it is stored."""
    loyalty_number: str | None = None
    """Loyalty card number (digits), if they have one."""
    preferences: Preferences = Preferences()
    """What they said they like (stored only after they proved who they are)."""


@dataclass(frozen=True)
class Interaction:
    """One logged turn of a conversation."""

    id: int
    """Log row number."""
    at: datetime
    """When it was logged."""
    session_id: str
    """Conversation id."""
    lang: str
    """Language of the turn."""
    text: str
    """What the customer said (already redacted by the caller)."""
    intent: str | None
    """Recognized intent, ``None`` when not understood."""
    score: float
    """NLU score."""
    reply: str
    """What the assistant answered."""
    latency_ms: float
    """End of speech to reply, in milliseconds."""
