"""Proving who the customer is before order, booking or customer details are told or changed.

The customer names an order (or booking) and then says the last four digits of the phone number
given with it, or the receipt code they were given instead of a phone number. A wrong answer is
counted per order number in the store; the ``max_attempts``-th in a row starts a cool-down that
survives restarts and new sessions. Unknown numbers and records without a phone number get exactly the
same replies as existing ones, so nothing is revealed.
A returning customer is checked the same way under ``customer:<id>`` (``customer_gate``).
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from assistant import intents
from assistant.messages import Reply
from assistant.store.models import Customer, Order, normalize_phone

if TYPE_CHECKING:
    from assistant.dialogue.session import Session, SessionView
    from assistant.skill_api import Context

SECRET_SLOT = "phone_last4"
"""The slot the customer's answer arrives in (as a digit string; never logged)."""
DIGITS = 4
"""How many trailing digits of the phone number the customer says."""
NONE = "none"
"""The value of a question the customer declined to answer (a phone number: "no phone")."""
CUSTOMER = "customer"
"""Subject kind of a customer record (``customer:<id>``): who the customer is, for personal answers."""
RECORDS = frozenset({"order_id", "booking_id"})
"""Slots naming an existing order or booking: an action on one is never a detail of a new request."""


@dataclass(frozen=True)
class VerificationPolicy:
    """How many wrong answers are allowed, and for how long a record is then locked."""

    max_attempts: int = 3
    """Wrong answers in a row that start a cool-down."""
    cooldown: timedelta = timedelta(minutes=10)
    """How long a record cannot be verified after ``max_attempts`` wrong answers."""


VerdictStatus = Literal["verified", "ask", "wrong", "four_digits", "locked"]


@dataclass(frozen=True)
class Verdict:
    """The outcome of one identity check."""

    status: VerdictStatus
    """``verified``; ``ask`` (no answer yet); ``wrong``; ``four_digits`` (not four digits, not
    counted); ``locked`` (cool-down running)."""
    minutes_left: int = 0
    """Minutes until the cool-down ends, when ``locked``."""


def subject(kind: str, number: int) -> str:
    """The key failures and session grants are kept under: ``order:4821``."""
    return f"{kind}:{int(number)}"


def grant(ctx: Context, kind: str, number: int) -> None:
    """Count ``kind`` ``number`` as verified for the rest of the conversation (the customer just made it)."""
    ctx.grant(subject(kind, number))


def check(ctx: Context, kind: str, number: int, phone: str | None, code: str | None = None) -> Verdict:
    """Check the answer in ``ctx.slots`` (consuming it) against ``phone``, the number on record, or
    ``code``, the record's receipt code."""
    key = subject(kind, number)
    answer = ctx.slots.pop(SECRET_SLOT, None)
    if ctx.is_verified(key):
        return Verdict("verified")
    locked = ctx.store.verification_lock(key)
    if locked is not None:
        return Verdict("locked", _minutes(locked - ctx.now))
    if answer is None:
        return Verdict("ask")
    said = str(answer)
    on_record = normalize_phone(phone or "").lstrip("+")
    if _whole_number(said, on_record):  # "213 555 0123": the whole number on record
        said = on_record[-DIGITS:]
    if len(said) != DIGITS or not said.isdigit():
        return Verdict("four_digits")
    expected = on_record[-DIGITS:] if len(on_record) >= DIGITS else "no phone"
    by_phone = hmac.compare_digest(expected.encode(), said.encode())
    by_code = hmac.compare_digest((code or "no code").encode(), said.encode())
    if by_phone or by_code:
        ctx.grant(key)
        ctx.store.clear_verification_failures(key)
        return Verdict("verified")
    policy = ctx.verification
    state = ctx.store.record_verification_failure(key, policy.max_attempts, policy.cooldown)
    if state.locked_until is not None:
        return Verdict("locked", _minutes(state.locked_until - ctx.now))
    return Verdict("wrong")


def _whole_number(said: str, on_record: str) -> bool:
    """Whether the digits ``said`` are the whole phone number ``on_record``, perhaps with a country code
    before it ("1 213 555 0123"); any other long number is no answer (it is not counted as wrong)."""
    return (
        said.isdigit()
        and len(on_record) >= 7
        and said.endswith(on_record)
        and len(said) - len(on_record) <= 2
    )


def gate(
    ctx: Context,
    kind: str,
    number: int,
    phone: str | None,
    code: str | None = None,
    asked: str = "verify",
) -> Reply | None:
    """``None`` once the customer is verified for this record, else the reply to give.

    Uses the skill's responses ``verify_ask``, ``verify_wrong``, ``verify_four_digits`` (or those
    ``asked`` names in their place: ``verify_loyalty_ask``…) and ``verify_locked`` (values ``number`` and
    ``minutes``); a locked record offers a member of staff (digits said in answer to that offer are still
    kept out of the log).
    """
    verdict = check(ctx, kind, number, phone, code)
    if verdict.status == "verified":
        return None
    if verdict.status == "locked":
        return ctx.hand_over(
            intents.AGENT_HANDOFF,
            {"reason": "verification_locked"},
            "verify_locked",
            secret=True,
            number=number,
            minutes=verdict.minutes_left,
        )
    return ctx.ask_secret(SECRET_SLOT, f"{asked}_{verdict.status}", number=number)


class Record(Protocol):
    """What ``verified_record`` needs of an order or a booking."""

    @property
    def id(self) -> int: ...
    @property
    def customer_phone(self) -> str | None: ...
    @property
    def receipt_code(self) -> str | None: ...


R = TypeVar("R", bound=Record)


def verified_record(
    ctx: Context,
    kind: Literal["order", "booking"],
    find: Callable[[int], R | None],
    named: Callable[[R], bool] | None = None,
    prefer: Callable[[R], bool] | None = None,
) -> R | Reply:
    """The order or booking the customer means, once they proved it is theirs; otherwise the reply to give.

    The slot ``<kind>_id``, else the one this conversation placed or proved (``last_<kind>``: "my
    order"). ``named`` tells whether a record holds what the customer named ("cancel the phone case"):
    then the proved record that holds it, and when none or several do, the question for the number.
    With none of them it asks ``ask_<kind>_id``. Unknown numbers get the same questions as real ones,
    so nothing is revealed; one verified and then gone asks again (``<kind>_not_found``). A proved
    record becomes the conversation's ``last_<kind>``. ``prefer`` is a weaker ``named``: the proved record
    that holds it when one does, else the last ("이어폰 흰색으로 바꿔 주세요" after an order of earbuds and
    one of a case changes the earbuds' order; "change the case to earbuds" still the last one).
    """
    slot = f"{kind}_id"
    number = ctx.slots.int(slot)
    if number is None and named is not None:
        number = _the_one_named(ctx, kind, find, named)
        if number is None:
            return ctx.ask(slot, f"ask_{kind}_id")
    if number is None and prefer is not None:
        number = _the_one_named(ctx, kind, find, prefer)
    number = number or ctx.recall(f"last_{kind}")
    if number is None:
        return ctx.ask(slot, f"ask_{kind}_id")
    ctx.slots[slot] = number
    record = find(number)
    phone, code = (record.customer_phone, record.receipt_code) if record is not None else (None, None)
    question = gate(ctx, kind, number, phone, code)
    if question is not None:
        return question
    if record is None:
        ctx.slots.pop(slot, None)
        return ctx.ask(slot, f"{kind}_not_found", **{slot: number})
    ctx.remember(f"last_{kind}", record.id)
    return record


def holding(product: str | None, color: str | None = None) -> Callable[[Order], bool] | None:
    """For ``verified_record``'s ``named``: whether an order holds ``product`` in ``color`` (what the
    customer named: "cancel the phone case", "return the earbuds", "cancel the pink one"); ``None`` when
    neither was named."""
    if not product and not color:
        return None
    return lambda order: any(
        (not product or line.product_id == product) and (not color or line.color == color)
        for line in order.lines
    )


def proved_numbers(subjects: Iterable[str], kind: str) -> list[int]:
    """The numbers of the records of ``kind`` among the proved ``subjects`` (``order:5001``), in order."""
    return sorted(
        int(number)
        for key, _, number in (s.partition(":") for s in subjects)
        if key == kind and number.isdigit()
    )


def _the_one_named(
    ctx: Context, kind: str, find: Callable[[int], R | None], named: Callable[[R], bool]
) -> int | None:
    """The number of the record this conversation proved that holds what the customer named: the last
    one when it does, else the only one; ``None`` (the number is asked) when none or several do."""
    last = ctx.recall(f"last_{kind}")
    holding = [
        n for n in proved_numbers(ctx.verified_subjects(), kind) if (r := find(n)) is not None and named(r)
    ]
    if last is not None and int(last) in holding:
        return int(last)
    return holding[0] if len(holding) == 1 else None


def proved(ctx: Context, kind: str) -> int | None:
    """The number of the order or booking this conversation placed or proved (``last_<kind>``) while the
    customer is verified for it; ``None`` otherwise. Asks nothing."""
    number = ctx.recall(f"last_{kind}")
    return int(number) if number is not None and ctx.is_verified(subject(kind, int(number))) else None


def customer_gate(ctx: Context, customer: Customer | None, said: str, by_phone: bool = False) -> Reply | None:
    """``gate`` for the customer record found by the phone or loyalty number ``said``.

    The subject is ``customer:<id>``. An unknown number is checked under a stand-in subject derived
    from it, so it gets the same questions, "doesn't match" and cool-down as a real one. Found ``by_phone``,
    the proof is the last four digits of the loyalty number (the phone's were just said: anyone who knew
    the number was verified), unless the record has none. Once the customer is verified the session is
    theirs (``session.customer_id``).
    """
    number = customer.id if customer is not None else _stand_in(said)
    loyalty = customer.loyalty_number if customer is not None else None
    if by_phone and (customer is None or loyalty):
        code = loyalty[-DIGITS:] if loyalty else None
        question = gate(ctx, CUSTOMER, number, None, code, asked="verify_loyalty")
    else:
        question = gate(ctx, CUSTOMER, number, customer.phone if customer is not None else None)
    if question is None and customer is not None:
        ctx.belongs_to(customer.id)
    return question


def verified_customer(session: SessionView | Session) -> int | None:
    """The id of the customer record the conversation is verified for, or ``None``."""
    customer_id = session.customer_id
    verified = customer_id is not None and subject(CUSTOMER, customer_id) in session.verified
    return customer_id if verified else None


def verified_customer_now(ctx: Context) -> int | None:
    """Like ``verified_customer``, counting what this turn proved too."""
    customer_id = ctx.customer_id
    return (
        customer_id if customer_id is not None and ctx.is_verified(subject(CUSTOMER, customer_id)) else None
    )


def _stand_in(said: str) -> int:
    """A negative record number for an unknown phone or loyalty number (never a real id)."""
    return -1 - int(hashlib.sha256(said.encode()).hexdigest()[:12], 16) % 1_000_000_000


def _minutes(left: timedelta) -> int:
    return max(1, math.ceil(left.total_seconds() / 60))
