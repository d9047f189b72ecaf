"""What a skill author writes against — everything a skill needs, behind this one import.

A skill is a Python package holding a module-level ``skill = Skill(...)`` plus ``sentences/<lang>.yaml``
and ``responses/<lang>.yaml`` beside it. Handlers get a ``Context`` and return a ``Reply``; they never
touch speech engines, and they never change the conversation themselves: what should change (the slots to
keep, a language switch, a record the customer proved to be theirs, data to remember) travels back in the
reply's ``Effects``, and the dialogue manager applies it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from assistant import LANGUAGES, intents
from assistant import formatting as fmt
from assistant.dialogue.contact import contact, phone_for, receipt_code, remember_contact, stored_phone
from assistant.dialogue.escalation import CUSTOMER_REQUEST
from assistant.dialogue.verification import (
    NONE,
    customer_gate,
    gate,
    grant,
    holding,
    proved,
    proved_numbers,
    subject,
    verified_customer_now,
    verified_record,
)
from assistant.language import count, join, render, sentence
from assistant.messages import Effects, Expect, Reply, SlotValue
from assistant.phrases import choices, contents, delivery_option, instead_of, item, order_contents, totals
from assistant.store import (
    CANCELLABLE_STATUSES,
    MAX_QUANTITY,
    PREFERENCE_KINDS,
    Booking,
    Customer,
    DeliveryOption,
    InvalidBooking,
    InvalidOrder,
    NotFound,
    OpeningHours,
    Order,
    OrderLine,
    OutOfStock,
    Preferences,
    Product,
    Service,
    SlotTaken,
)
from assistant.yamlfile import load_yaml

if TYPE_CHECKING:
    from assistant.dialogue.session import SessionView
    from assistant.dialogue.verification import VerificationPolicy
    from assistant.store import SkillStore

__all__ = [
    "CANCELLABLE_STATUSES",
    "CUSTOMER_REQUEST",
    "LANGUAGES",
    "MAX_QUANTITY",
    "NONE",
    "PREFERENCE_KINDS",
    "Booking",
    "Context",
    "Customer",
    "DeliveryOption",
    "Effects",
    "Handler",
    "InvalidBooking",
    "InvalidOrder",
    "NotFound",
    "OpeningHours",
    "Order",
    "OrderLine",
    "OutOfStock",
    "Preferences",
    "Product",
    "Reply",
    "Service",
    "Skill",
    "SlotTaken",
    "SlotValue",
    "Slots",
    "choices",
    "contact",
    "contents",
    "count",
    "customer_gate",
    "delivery_option",
    "fmt",
    "gate",
    "grant",
    "holding",
    "instead_of",
    "intents",
    "item",
    "join",
    "load_yaml",
    "order_contents",
    "phone_for",
    "proved",
    "proved_numbers",
    "receipt_code",
    "remember_contact",
    "stored_phone",
    "subject",
    "totals",
    "verified_customer_now",
    "verified_record",
]

Handler = Callable[["Context"], Reply]
"""A function answering one intent."""


@dataclass(frozen=True)
class Skill:
    """A skill: its name and a handler per intent id it serves."""

    name: str
    """Short unique name, used in errors and listings."""
    handlers: Mapping[str, Handler]
    """Intent id (``order.place``) → handler."""
    description: str = ""
    """One line for ``assistant skills list``."""


class Slots(dict[str, SlotValue]):
    """Slot values by name, with typed access: ``ctx.slots.int("quantity")``, ``.date("date")``."""

    def int(self, name: str) -> int | None:
        """The value as a whole number, or ``None`` when missing or not a number."""
        value = self.get(name)
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        text = str(value) if value is not None else ""
        return int(text) if text.isdigit() else None

    def text(self, name: str) -> str | None:
        """The value as text (ids, digit strings), or ``None`` when missing."""
        value = self.get(name)
        return None if value is None else str(value)

    def date(self, name: str) -> date | None:
        """An ISO date slot (``date``) as a ``datetime.date``, or ``None``."""
        text = self.text(name)
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    def time(self, name: str) -> time | None:
        """An ``HH:MM`` slot (``time``) as a ``datetime.time``, or ``None``."""
        text = self.text(name)
        try:
            return time.fromisoformat(text) if text else None
        except ValueError:
            return None


def _policy() -> VerificationPolicy:
    from assistant.dialogue.verification import VerificationPolicy

    return VerificationPolicy()


@dataclass
class Context:
    """Everything a handler may use for one turn."""

    intent: str
    """The intent being handled."""
    slots: Slots
    """Slot values collected so far (from this and earlier turns of the same request); the handler may
    change them: what they hold when it asks a question is kept for the answer."""
    lang: str
    """Language to answer in."""
    session: SessionView
    """The conversation, read-only: language, verified records, remembered data, transcript."""
    store: SkillStore
    """The shop's data a skill may read and write: catalog, orders, bookings, returns, tickets."""
    now: datetime
    """The current time (from the dialogue's clock)."""
    confirmed: bool = False
    """True when the customer just said yes to this request's confirmation question."""
    responses: Mapping[str, str] = field(default_factory=dict)
    """This skill's reply templates in ``lang``."""
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """This skill's reply templates in every language it has."""
    capabilities: str = ""
    """What the installed skills can do, as one phrase in ``lang`` (for help and fallbacks)."""
    verification: VerificationPolicy = field(default_factory=_policy)
    """Attempts and cool-down of identity checks (see ``assistant.dialogue.verification.gate``)."""
    _effects: dict[str, Any] = field(default_factory=dict, repr=False)
    """What the reply will ask the dialogue to change (shared by ``in_language`` copies)."""

    # --- effects ------------------------------------------------------------------------------------

    def grant(self, subject: str) -> None:
        """Count record ``subject`` (``order:5001``) as the customer's for the rest of the conversation."""
        self._effects.setdefault("verified", set()).add(subject)

    def is_verified(self, subject: str) -> bool:
        """Whether the customer proved ``subject`` is theirs, in this conversation or this turn."""
        return subject in self.verified_subjects()

    def verified_subjects(self) -> frozenset[str]:
        """Every record the customer proved is theirs, in this conversation or this turn."""
        return self.session.verified | frozenset(self._effects.get("verified", ()))

    def remember(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key`` for later requests of this conversation (``ctx.session.data``)."""
        self._effects.setdefault("remember", {})[key] = value

    def recall(self, key: str, default: Any = None) -> Any:
        """What was remembered under ``key`` (this turn first, then earlier)."""
        remembered = self._effects.get("remember", {})
        return remembered[key] if key in remembered else self.session.data.get(key, default)

    def shows(self, *product_ids: str) -> None:
        """The reply puts these products before the customer (suggestions): one of them is what "it"
        means next; with several, a request that names none asks which."""
        self._effects["shown"] = tuple(product_ids)

    def belongs_to(self, customer_id: int) -> None:
        """The conversation belongs to customer record ``customer_id`` from now on."""
        self._effects["customer_id"] = customer_id

    @property
    def customer_id(self) -> int | None:
        """The customer record the conversation belongs to (this turn first, then earlier)."""
        chosen = self._effects.get("customer_id")
        return chosen if isinstance(chosen, int) else self.session.customer_id

    def in_language(self, lang: str) -> Context:
        """This context answering in ``lang``; the conversation switches to it with the reply."""
        self._effects["lang"] = lang
        return replace(self, lang=lang, responses=self.translations.get(lang, self.responses))

    # --- replies ------------------------------------------------------------------------------------

    def text(self, key: str, **values: Any) -> str:
        """Render reply template ``key`` with ``values`` (see ``assistant.language`` for the specs)."""
        template = self.responses.get(key)
        if template is None:
            raise KeyError(f"no response {key!r} for language {self.lang!r}")
        return render(template, values)

    def _said(self, key: str, values: dict[str, Any]) -> str:
        """Reply ``key`` as a sentence: one that starts with a value starts with a capital letter
        ("{service:a} tomorrow at 3 PM" → "A screen repair tomorrow at 3 PM")."""
        text = self.text(key, **values)
        return sentence(text) if self.responses.get(key, "").startswith("{") else text

    def _reply(
        self, text: str, expect: Expect | None = None, *, end: bool = False, intent: str = ""
    ) -> Reply:
        effects = Effects(
            slots=dict(self.slots),
            lang=self._effects.get("lang"),
            verified=frozenset(self._effects.get("verified", ())),
            customer_id=self._effects.get("customer_id"),
            remember=dict(self._effects.get("remember", {})),
            shown=self._effects.get("shown"),
        )
        return Reply(text, self.lang, expect, end, intent or self.intent, effects)

    def say(self, key: str, **values: Any) -> Reply:
        """A plain answer; the request is done."""
        return self._reply(self._said(key, values))

    def tell(self, text: str) -> Reply:
        """A plain answer already put together from ``text(...)`` pieces; the request is done."""
        return self._reply(text)

    def ask(self, slot: str, key: str, **values: Any) -> Reply:
        """Ask for ``slot``; the customer's next words fill it and the handler runs again."""
        return self._reply(self._said(key, values), Expect("slot", slot))

    def ask_secret(self, slot: str, key: str, **values: Any) -> Reply:
        """Like ``ask``, for personal data: the answer is read as digits and never logged."""
        return self._reply(self._said(key, values), Expect("slot", slot, secret=True))

    def confirm(self, key: str, **values: Any) -> Reply:
        """Ask yes or no; on yes the handler runs again with ``confirmed`` set. A correction instead of
        yes ("no, white") changes the slots and runs the handler again (unconfirmed)."""
        return self._reply(self._said(key, values), Expect("confirm"))

    def hand_over(
        self, intent: str, slots: dict[str, SlotValue], key: str, *, secret: bool = False, **values: Any
    ) -> Reply:
        """Ask yes or no about another request (e.g. a member of staff): on yes, ``intent`` runs with
        ``slots``. ``secret``: digits said now are personal (the customer was just asked for some)."""
        self.slots = Slots(slots)
        return self._reply(self._said(key, values), Expect("confirm", secret=secret), intent=intent)

    def end(self, key: str, **values: Any) -> Reply:
        """A last answer: the conversation ends."""
        return self._reply(self._said(key, values), end=True)
