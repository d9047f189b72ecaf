"""Booking: service appointments in free time slots, and cancelling them.

A booking's details are told, and it is cancelled, only after the customer said the last four
digits of the phone number on it (``assistant.dialogue.verification``); bookings made in the same session
count as verified.
"""

from __future__ import annotations

from datetime import date, datetime, time

from assistant import formatting as fmt
from assistant import intents
from assistant.dialogue.verification import gate, grant
from assistant.messages import Reply
from assistant.skill_api import Context, Skill
from assistant.store import InvalidBooking, NotFound, SlotTaken


def _times(ctx: Context, slots: list[datetime]) -> str:
    return fmt.join([fmt.clock(s.time(), ctx.lang) for s in slots[:3]], ctx.lang)


def create_booking(ctx: Context) -> Reply:
    services = ctx.store.services()
    service = ctx.store.service(str(ctx.slots.get("service", "")))
    if service is None:
        options = fmt.join([s.name(ctx.lang) for s in services], ctx.lang)
        return ctx.ask("service", "ask_service", options=options)
    name = service.name(ctx.lang)
    if "date" not in ctx.slots:
        return ctx.ask("date", "ask_date", service=name)
    day = date.fromisoformat(str(ctx.slots["date"]))
    day_name = fmt.day(day, ctx.lang, ctx.now.date())
    if day < ctx.now.date():
        ctx.slots.pop("date")
        return ctx.ask("date", "past_date")
    free = ctx.store.free_slots(service.id, day)
    if not free:
        ctx.slots.pop("date")
        ctx.slots.pop("time", None)
        return ctx.ask("date", "closed", day=day_name)
    if "time" not in ctx.slots:
        return ctx.ask("time", "ask_time", day=day_name, times=_times(ctx, free))
    start = datetime.combine(day, time.fromisoformat(str(ctx.slots["time"])))
    when = {"service": name, "day": day_name, "time": fmt.clock(start.time(), ctx.lang)}
    if start not in free:
        ctx.slots.pop("time")
        return ctx.ask("time", "slot_taken", times=_times(ctx, free), **when)
    if not ctx.confirmed:
        price = fmt.price(service.price_cents, ctx.store.store_info().currency, ctx.lang)
        return ctx.confirm("confirm_booking", price=price, **when)
    try:
        booking = ctx.store.book(service.id, start)
    except SlotTaken:
        ctx.slots.pop("time")
        return ctx.ask("time", "slot_taken", times=_times(ctx, ctx.store.free_slots(service.id, day)), **when)
    ctx.session.data["last_booking"] = booking.id
    grant(ctx.session, "booking", booking.id)
    return ctx.say("booked", booking_id=booking.id, **when)


def cancel_booking(ctx: Context) -> Reply:
    booking_id = ctx.slots.get("booking_id") or ctx.session.data.get("last_booking")
    if booking_id is None:
        return ctx.ask("booking_id", "ask_booking_id")
    ctx.slots["booking_id"] = booking_id
    booking = ctx.store.booking(int(booking_id))
    question = gate(ctx, "booking", int(booking_id), booking.customer_phone if booking else None)
    if question is not None:  # unknown numbers get the same questions: nothing is revealed
        return question
    if booking is None:
        ctx.slots.pop("booking_id", None)
        return ctx.ask("booking_id", "booking_not_found", booking_id=booking_id)
    service = ctx.store.service(booking.service_id)
    when = {
        "service": service.name(ctx.lang) if service else booking.service_id,
        "day": fmt.day(booking.start.date(), ctx.lang, ctx.now.date()),
        "time": fmt.clock(booking.start.time(), ctx.lang),
    }
    if booking.status == "cancelled":
        return ctx.say("already_cancelled", booking_id=booking.id)
    if not ctx.confirmed:
        return ctx.confirm("confirm_cancel_booking", **when)
    try:
        ctx.store.cancel_booking(booking.id)
    except (InvalidBooking, NotFound):
        return ctx.say("already_cancelled", booking_id=booking.id)
    return ctx.say("booking_cancelled", booking_id=booking.id)


skill = Skill(
    name="booking",
    description="Book and cancel service appointments",
    handlers={intents.BOOKING_CREATE: create_booking, intents.BOOKING_CANCEL: cancel_booking},
)
