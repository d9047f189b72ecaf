"""A way back to a new order or booking: the customer's phone number, or a receipt code instead.

Whatever the kiosk creates can be looked at, cancelled or changed later only after the customer proves it
is theirs (``assistant.dialogue.verification``), so a new record asks for a phone number — unless the
conversation belongs to a verified customer (their number on record is used) or a number was given
earlier in it. "No phone" gives the record a 4-digit receipt code, told once, that works instead.

A skill using ``phone_for`` needs the responses ``ask_phone``, ``bad_phone``, ``contact_phone``
(value ``last4``) and ``contact_code``.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from assistant.dialogue.verification import NONE, verified_customer_now
from assistant.messages import Reply

if TYPE_CHECKING:
    from assistant.skill_api import Context

PHONE = "phone"
"""The slot of the phone number (digits, or ``NONE``: a receipt code instead)."""
REMEMBERED = "phone"
"""``session.data`` key of the phone number given earlier in the conversation."""


def phone_for(ctx: Context, **values: object) -> str | Reply:
    """The phone number for a new record: said now, on the verified customer's record, or given earlier in
    this conversation; otherwise the question to ask (``ask_phone`` with ``values``). ``NONE``: the
    customer would rather have a receipt code."""
    said = ctx.slots.text(PHONE)
    if said is None:
        known = verified_customer_now(ctx)
        customer = ctx.store.customer_by_id(known) if known is not None else None
        said = customer.phone if customer is not None else ctx.recall(REMEMBERED)
    if said is None:
        return ctx.ask_secret(PHONE, "ask_phone", **values)
    digits = "".join(ch for ch in str(said) if ch.isdigit())
    if said != NONE and not whole_phone(digits):
        ctx.slots.pop(PHONE, None)
        return ctx.ask_secret(PHONE, "bad_phone", **values)
    ctx.slots[PHONE] = said if said == NONE else digits
    return str(ctx.slots[PHONE])


def whole_phone(digits: str) -> bool:
    """Whether ``digits`` can be a whole phone number: a Korean mobile number (01x) has 10 or 11 digits, a
    Korean landline (0 and an area code) 9 to 11 ("010 123 456" is a number cut short); a North American one
    10, or 11 after its country code 1; one with another country code 12 to 15. A spoken number with a
    digit more or less (the voice round stored 21835550123 for "two one three five five five oh one two
    three", 32304122 for "three two three, oh oh four, one one oh two") is asked again: only its last four
    digits are read back, so the customer could not notice."""
    if digits.startswith("01"):
        return 10 <= len(digits) <= 11
    if digits.startswith("0"):
        return 9 <= len(digits) <= 11
    if digits.startswith("1"):
        return len(digits) == 11 or 12 <= len(digits) <= 15
    return len(digits) == 10 or 12 <= len(digits) <= 15


def contact(ctx: Context, phone: str) -> str:
    """How the confirmation says it: ``phone ending 0187`` / ``no phone: you'll get a receipt code``."""
    return ctx.text("contact_code") if phone == NONE else ctx.text("contact_phone", last4=phone[-4:])


def receipt_code(phone: str) -> str | None:
    """A fresh 4-digit code for a record made without a phone number (``None`` with one)."""
    return f"{secrets.randbelow(10_000):04d}" if phone == NONE else None


def stored_phone(phone: str) -> str | None:
    """The phone number to store on the record (``None`` for a receipt code)."""
    return None if phone == NONE else phone


def remember_contact(ctx: Context, phone: str) -> None:
    """Keep a phone number for the customer's next order or booking in this conversation."""
    if phone != NONE:
        ctx.remember(REMEMBERED, phone)
