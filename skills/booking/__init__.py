"""Booking: service appointments in free time slots, looking them up, moving and cancelling them.

A booking asks for the service, the day, the time and a phone number (or gives a receipt code), then
confirms all of it with the price, and is made only on yes. A booking's details are told, and it is moved
(to a free time of its service, confirmed first) or cancelled, only after the customer said the last four
digits of the phone number on it (or its receipt code); bookings made in the same conversation count as
verified."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from assistant.skill_api import (
    Booking,
    Context,
    InvalidBooking,
    NotFound,
    Reply,
    Service,
    Skill,
    SlotTaken,
    SlotValue,
    contact,
    fmt,
    grant,
    intents,
    phone_for,
    proved_numbers,
    receipt_code,
    remember_contact,
    stored_phone,
    verified_record,
)

DAYPARTS = {"morning": (0, 12), "afternoon": (12, 17), "evening": (17, 24)}
"""Hours (from, to) of the parts of a day a customer may name instead of a time ("tomorrow afternoon")."""
SOONEST_DAYS = 14
"""How far ahead "whenever" / "제일 빠른 시간으로" looks for a free time."""


def _times(ctx: Context, slots: list[datetime]) -> str:
    return fmt.join([fmt.clock(s.time(), ctx.lang) for s in slots[:3]], ctx.lang)


def _ask_time(ctx: Context, free: list[datetime], **when: str) -> Reply:
    """Which time, offering the free times of the part of the day the customer named, if any, and none
    before the earliest time they can come ("not before 2pm") while there are later ones."""
    later = [s for s in free if _in_bounds(ctx, s)]
    free = later or free
    part = ctx.slots.text("daypart")
    if part not in DAYPARTS:
        return ctx.ask("time", "ask_time", times=_times(ctx, free), **when)
    start, end = DAYPARTS[part]
    within = [s for s in free if start <= s.hour < end]
    named = ctx.text(f"daypart_{part}")
    if not within:
        return ctx.ask("time", "daypart_full", part=named, times=_times(ctx, free), **when)
    return ctx.ask("time", "ask_time_daypart", part=named, times=_times(ctx, within), **when)


def _start(
    ctx: Context, service: Service, ask_day: Callable[[], Reply], own: datetime | None = None
) -> datetime | Reply:
    """The free start for ``service`` that the slots ``date`` and ``time`` name, or the question that gets
    there (``ask_day()`` when no day is named). ``own``: the customer's booking being moved, whose time counts
    as free."""
    name = service.name(ctx.lang)
    day = ctx.slots.date("date")
    soonest = ctx.slots.text("soonest") == "yes"  # "whenever", "제일 빠른 시간으로": the first free time
    latest = ctx.slots.text("soonest") == "latest"
    if soonest and day is None:
        day = _first_free_day(ctx, service, own)
    refused = _refused_from(set((ctx.slots.text("not_date") or "").split()), day)
    while day is not None and day.isoformat() in refused:  # "next week but not monday": tuesday, then
        day += timedelta(days=1)  # (the monday turned down was booked)
        ctx.slots["date"] = day.isoformat()
    if day is None:
        ctx.slots.pop("date", None)
        return ask_day()
    day_name = fmt.day(day, ctx.lang, ctx.now.date())
    if day < ctx.now.date():
        ctx.slots.pop("date")
        return ctx.ask("date", "past_date")
    free = ctx.store.free_slots(service.id, day)
    if own is not None and own.date() == day:
        free = sorted({*free, own})
    free = [start for start in free if start > ctx.now]
    week_on = day + timedelta(days=7)
    later = ctx.store.free_slots(service.id, week_on) if not free and day == ctx.now.date() else []
    if later:  # "saturday" said on a Saturday night: the next one, its time asked
        ctx.slots["date"] = week_on.isoformat()
        ctx.slots.pop("time", None)  # "오늘 밤 9시" is no time a week on without saying so
        next_day = fmt.day(week_on, ctx.lang, ctx.now.date())
        return ctx.ask("time", "none_left_today", day=next_day, service=name, times=_times(ctx, later))
    if not free:
        ctx.slots.pop("date")
        ctx.slots.pop("time", None)
        return ctx.ask("date", "closed", day=day_name)
    at = ctx.slots.time("time")
    if at is None and (soonest or latest):  # "the latest you have": the day's last free time
        within = [start for start in free if _in_daypart(ctx, start)]
        if not within:  # "any time after lunch" on a day whose afternoon is full: which time, then
            ctx.slots.pop("time", None)
            return _ask_time(ctx, free, service=name, day=day_name)
        chosen = within[-1] if latest else within[0]  # "any time after lunch": the afternoon's first
        ctx.slots["date"], ctx.slots["time"] = day.isoformat(), chosen.time().strftime("%H:%M")
        return chosen
    if at is None:
        ctx.slots.pop("time", None)
        return _ask_time(ctx, free, service=name, day=day_name)
    start = datetime.combine(day, at)
    fallback = ctx.slots.time("or_time")
    if start not in free and fallback is not None and datetime.combine(day, fallback) in free:
        # "tomorrow at noon, or 1 if not": 1 PM when noon is taken (the fallback was dropped)
        start, at = datetime.combine(day, fallback), fallback
        ctx.slots["time"] = fallback.strftime("%H:%M")
    ctx.slots.pop("or_time", None)
    when = {"service": name, "day": day_name, "time": fmt.clock(at, ctx.lang)}
    if start not in free:
        ctx.slots.pop("time")
        near = sorted(sorted(free, key=lambda s: abs(s - start))[:3])  # the free times nearest the one asked
        hours = next((h for h in ctx.store.store_info().hours if h.weekday == day.weekday()), None)
        if hours is not None and hours.opens and hours.closes and not hours.opens <= at < hours.closes:
            opens, closes = fmt.clock(hours.opens, ctx.lang), fmt.clock(hours.closes, ctx.lang)
            return ctx.ask("time", "after_hours", times=_times(ctx, near), opens=opens, closes=closes, **when)
        return ctx.ask("time", "slot_taken", times=_times(ctx, near), **when)
    return start


def _refused_from(refused: set[str], day: date | None) -> set[str]:
    """The days turned down, each weekday turned down before ``day`` also on its first date from ``day`` on
    ("next week, except monday" said on a Monday turned down today, and next Monday was booked)."""
    if day is None:
        return refused
    earlier = [date.fromisoformat(d) for d in refused if date.fromisoformat(d) < day]
    return refused | {(d + timedelta(days=-(-(day - d).days // 7) * 7)).isoformat() for d in earlier}


def _in_daypart(ctx: Context, start: datetime) -> bool:
    """Whether ``start`` is in the part of the day the customer named, if they named one ("saturday
    morning" for a booking at 2:30 PM asks the morning's times; the afternoon time was kept), and not
    before the earliest time they can come."""
    part = DAYPARTS.get(ctx.slots.text("daypart") or "")
    return (part is None or part[0] <= start.hour < part[1]) and _in_bounds(ctx, start)


def _in_bounds(ctx: Context, start: datetime) -> bool:
    """Whether ``start`` is not before the earliest time the customer can come ("not before 2pm", "2시
    이후로", "can it be a bit later") nor after the latest ("anything earlier that day?"), if they said so."""
    earliest, latest = ctx.slots.time("not_before"), ctx.slots.time("not_after")
    return (earliest is None or start.time() >= earliest) and (latest is None or start.time() <= latest)


def _first_free_day(ctx: Context, service: Service, own: datetime | None) -> date | None:
    """The first day, from today on (two weeks at most), with a free time for ``service`` still to come, of
    those the customer did not turn down."""
    refused = set((ctx.slots.text("not_date") or "").split())  # "anything but today"
    for ahead in range(SOONEST_DAYS):
        day = ctx.now.date() + timedelta(days=ahead)
        if day.isoformat() in refused:
            continue
        if own is not None and own.date() == day and own > ctx.now:
            return day
        if any(start > ctx.now for start in ctx.store.free_slots(service.id, day)):
            return day
    return None


def _taken(ctx: Context, service: Service, start: datetime) -> Reply:
    """The time was taken by someone else meanwhile: ask for another."""
    ctx.slots.pop("time")
    when = {"service": service.name(ctx.lang), "day": fmt.day(start.date(), ctx.lang, ctx.now.date())}
    times = _times(ctx, ctx.store.free_slots(service.id, start.date()))
    return ctx.ask("time", "slot_taken", times=times, time=fmt.clock(start.time(), ctx.lang), **when)


def create_booking(ctx: Context) -> Reply:
    services = ctx.store.services()
    service = ctx.store.service(ctx.slots.text("service") or "")
    if service is None:
        options = fmt.join([s.name(ctx.lang) for s in services], ctx.lang)
        return ctx.ask("service", "ask_service", options=options)
    start = _start(ctx, service, lambda: ctx.ask("date", "ask_date", service=service.name(ctx.lang)))
    if isinstance(start, Reply):
        return start
    when = _when(ctx, service.name(ctx.lang), start)
    phone = phone_for(ctx, **when)
    if isinstance(phone, Reply):
        return phone
    if not ctx.confirmed:
        price = fmt.price(service.price_cents, ctx.store.store_info().currency, ctx.lang)
        holiday = fmt.holiday(start.date(), ctx.lang)  # "크리스마스 오후 1시": hours may change that day
        if holiday is not None:
            return ctx.confirm(
                "confirm_booking_holiday", price=price, contact=contact(ctx, phone), holiday=holiday, **when
            )
        return ctx.confirm("confirm_booking", price=price, contact=contact(ctx, phone), **when)
    code = receipt_code(phone)
    try:
        booking = ctx.store.book(service.id, start, customer_phone=stored_phone(phone), receipt_code=code)
    except SlotTaken:
        return _taken(ctx, service, start)
    ctx.remember("last_booking", booking.id)
    remember_contact(ctx, phone)
    grant(ctx, "booking", booking.id)
    booked = ctx.text("booked", booking_id=booking.id, **when)
    if code is not None:
        booked += " " + ctx.text("receipt_code", code=code)
    return ctx.tell(booked)


def _when(ctx: Context, service: str, start: datetime) -> dict[str, str]:
    """The service (named), day and time of an appointment as the replies say them."""
    return {
        "service": service,
        "day": fmt.day(start.date(), ctx.lang, ctx.now.date()),
        "time": fmt.clock(start.time(), ctx.lang),
    }


def _booked(ctx: Context, booking: Booking) -> dict[str, str]:
    """``_when`` of ``booking`` (its service's id when the service is gone), with its number."""
    service = ctx.store.service(booking.service_id)
    name = service.name(ctx.lang) if service else booking.service_id
    return _when(ctx, name, booking.start) | {"booking_id": str(booking.id)}


def booking_status(ctx: Context) -> Reply:
    named = ctx.slots.int("booking_id") is not None or ctx.slots.text("service") is not None
    booking = verified_record(ctx, "booking", ctx.store.booking, _of_service(ctx))
    if isinstance(booking, Reply):
        return booking
    standing = [] if named else _standing(ctx)
    if len(standing) > 1 or (booking.status == "cancelled" and standing):
        # "what appointments do i have" after two were made, one cancelled: those that stand (the last
        # one touched was told, "booking 2 was cancelled")
        return ctx.tell(" ".join(ctx.text(_status_key(ctx, b), **_booked(ctx, b)) for b in standing))
    if booking.status == "cancelled":
        return ctx.say("booking_status_cancelled", booking_id=booking.id)
    return ctx.say(_status_key(ctx, booking), **_booked(ctx, booking))


def _standing(ctx: Context) -> list[Booking]:
    """The bookings this conversation made or proved that are not cancelled, in order."""
    found = (ctx.store.booking(n) for n in proved_numbers(ctx.verified_subjects(), "booking"))
    return [b for b in found if b is not None and b.status != "cancelled"]


def _status_key(ctx: Context, booking: Booking) -> str:
    return "booking_status_past" if booking.start < ctx.now else "booking_status"


def _of_service(ctx: Context, at: bool = False) -> Callable[[Booking], bool] | None:
    """For ``verified_record``: whether a booking is of the service named ("cancel the screen repair" after
    a screen repair and a battery replacement were booked: the first; the last one was cancelled) and,
    with ``at``, at the time named ("cancel the 10 o'clock one")."""
    service = ctx.slots.text("service")
    time = ctx.slots.time("time") if at else None
    if not service and time is None:
        return None
    return lambda booking: (
        (not service or booking.service_id == service) and (time is None or booking.start.time() == time)
    )


def cancel_booking(ctx: Context) -> Reply:
    booking = verified_record(ctx, "booking", ctx.store.booking, _of_service(ctx, at=True))
    if isinstance(booking, Reply):
        return booking
    if booking.status == "cancelled":
        return ctx.say("already_cancelled", booking_id=booking.id)
    if not ctx.confirmed:
        return ctx.confirm("confirm_cancel_booking", **_booked(ctx, booking))
    try:
        ctx.store.cancel_booking(booking.id)
    except (InvalidBooking, NotFound):
        return ctx.say("already_cancelled", booking_id=booking.id)
    return ctx.say("booking_cancelled", booking_id=booking.id)


def change_booking(ctx: Context) -> Reply:
    """Move the customer's booking to another free day and time, once they proved it is theirs. A new day
    alone keeps the booking's time, a new time its day, and its own day alone ("anything earlier on
    friday") asks the time; the confirmation says both."""
    booking = verified_record(ctx, "booking", ctx.store.booking, _of_service(ctx))
    if isinstance(booking, Reply):
        return booking
    if booking.status == "cancelled":  # "yes" to "would you like to make a new booking?" makes one
        return ctx.hand_over(
            intents.BOOKING_CREATE, _anew(ctx, booking), "change_cancelled", booking_id=booking.id
        )
    was: dict[str, Any] = {f"old_{k}": v for k, v in _booked(ctx, booking).items()}
    if booking.start < ctx.now:
        return ctx.hand_over(intents.BOOKING_CREATE, _anew(ctx, booking), "change_past", **was)
    other = ctx.store.service(ctx.slots.text("new_service") or "")
    if other is not None and other.id != booking.service_id:
        return _swap_service(ctx, booking, other, was)
    service = ctx.store.service(booking.service_id)
    if service is None:
        return ctx.say("change_cancelled", booking_id=booking.id)
    if ctx.slots.text("week_on") == "yes":  # "same time next week", "push it back a week": a week on
        ctx.slots["date"] = (booking.start.date() + timedelta(days=7)).isoformat()
        ctx.slots["time"] = booking.start.strftime("%H:%M")
    day, at = ctx.slots.date("date"), ctx.slots.time("time")
    same_day = at is not None or ctx.slots.text("daypart") in DAYPARTS or ctx.slots.text("keep_day") == "yes"
    if day is None and same_day:  # "make it 4pm", "could we do later in the day", "no just the time": its day
        ctx.slots["date"] = booking.start.date().isoformat()
        if ctx.slots.text("keep_day") == "yes":  # "any day except thursday", then "no just the time then"
            ctx.slots.pop("not_date", None)
    elif at is None and day is not None and day != booking.start.date() and _in_daypart(ctx, booking.start):
        ctx.slots["time"] = booking.start.strftime("%H:%M")  # "wednesday instead": the time it had
    start = _start(ctx, service, lambda: ctx.ask("date", "ask_new_date", **was), own=booking.start)
    if isinstance(start, Reply):
        return start
    when = _when(ctx, service.name(ctx.lang), start)
    if start == booking.start:
        ctx.slots.pop("date")
        ctx.slots.pop("time")
        return ctx.ask("date", "change_same", **when, **was)
    if not ctx.confirmed:
        holiday = fmt.holiday(start.date(), ctx.lang)
        if holiday is not None:
            return ctx.confirm("confirm_move_booking_holiday", holiday=holiday, **when, **was)
        return ctx.confirm("confirm_move_booking", **when, **was)
    try:
        moved = ctx.store.move_booking(booking.id, start)
    except SlotTaken:
        return _taken(ctx, service, start)
    except (InvalidBooking, NotFound):
        return ctx.say("change_cancelled", booking_id=booking.id)
    return ctx.say("booking_moved", **_booked(ctx, moved))


def _anew(ctx: Context, booking: Booking) -> dict[str, SlotValue]:
    """A new booking of ``booking``'s service, on the day and at the time the move asked for, if any."""
    asked = {k: v for k, v in ctx.slots.items() if k in ("date", "time", "daypart") and v is not None}
    return {"service": booking.service_id, **asked}


def _swap_service(ctx: Context, booking: Booking, service: Service, was: dict[str, str]) -> Reply:
    """The booking made another service at the same day and time ("sorry i meant battery replacement not
    screen repair" right after it was made): asked, then booked anew and the first one cancelled (a second
    booking was made beside it). A time the other service has not free asks another."""
    day, at = ctx.slots.date("date") or booking.start.date(), ctx.slots.time("time") or booking.start.time()
    start = datetime.combine(day, at)  # the booking's, or the one asked for when it was taken
    ctx.slots["date"], ctx.slots["time"] = day.isoformat(), at.strftime("%H:%M")
    when = _when(ctx, service.name(ctx.lang), start)
    if not ctx.confirmed:
        price = fmt.price(service.price_cents, ctx.store.store_info().currency, ctx.lang)
        return ctx.confirm("confirm_swap_service", price=price, **when, **was)
    try:
        made = ctx.store.book(
            service.id, start, customer_phone=booking.customer_phone, receipt_code=booking.receipt_code
        )
    except SlotTaken:
        return _taken(ctx, service, start)
    ctx.store.cancel_booking(booking.id)
    ctx.remember("last_booking", made.id)
    grant(ctx, "booking", made.id)
    return ctx.say("service_swapped", booking_id=made.id, **when, **was)


skill = Skill(
    name="booking",
    description="Book, look up, move and cancel service appointments",
    handlers={
        intents.BOOKING_CREATE: create_booking,
        intents.BOOKING_STATUS: booking_status,
        intents.BOOKING_CANCEL: cancel_booking,
        intents.BOOKING_CHANGE: change_booking,
    },
)
