"""Booking services on both backends: free slots by opening hours, no double booking, cancelling."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from assistant.store import (
    InvalidBooking,
    NotFound,
    SlotTaken,
)
from tests.support.backends import Backend, Opened
from tests.support.demo_store import SUNDAY, TUESDAY, open_store


def test_free_slots_follow_opening_hours(store: Opened) -> None:
    assert store.free_slots("screen-repair", TUESDAY) == [
        datetime.combine(TUESDAY, time(h)) for h in range(10, 20)
    ]
    setup = store.free_slots("device-setup", TUESDAY)  # half an hour: a start every half hour
    assert setup[:3] == [datetime.combine(TUESDAY, time(10, m)) for m in (0, 30)] + [
        datetime.combine(TUESDAY, time(11))
    ]
    assert setup[-1] == datetime.combine(TUESDAY, time(19, 30)) and len(setup) == 20
    assert store.free_slots("screen-repair", SUNDAY) == [
        datetime.combine(SUNDAY, time(h)) for h in range(11, 18)
    ]
    with pytest.raises(NotFound):
        store.free_slots("massage", TUESDAY)


def test_a_half_hour_booking_holds_only_its_half_hour(store: Opened) -> None:
    store.book("device-setup", datetime.combine(TUESDAY, time(10, 30)))
    free = store.free_slots("device-setup", TUESDAY)
    assert datetime.combine(TUESDAY, time(10, 30)) not in free
    assert {datetime.combine(TUESDAY, time(10)), datetime.combine(TUESDAY, time(11))} <= set(free)
    with pytest.raises(SlotTaken):
        store.book("device-setup", datetime.combine(TUESDAY, time(10, 30)))


def test_free_slots_skip_past_and_booked(backend: Backend) -> None:
    with open_store(backend, now=datetime(2025, 6, 2, 14, 30)) as store:
        today = [s.hour for s in store.free_slots("screen-repair", date(2025, 6, 2))]
        assert today == [15, 16, 17, 18, 19]
        assert store.free_slots("screen-repair", date(2025, 6, 1)) == []
        with pytest.raises(SlotTaken):
            store.book("screen-repair", datetime(2025, 6, 2, 11))
        booking = store.book("screen-repair", datetime(2025, 6, 2, 16), customer_phone="213-555-0187")
        assert [s.hour for s in store.free_slots("screen-repair", date(2025, 6, 2))] == [15, 17, 18, 19]
        assert [s.hour for s in store.free_slots("data-transfer", date(2025, 6, 2))] == today  # other service
        store.cancel_booking(booking.id)
        assert [s.hour for s in store.free_slots("screen-repair", date(2025, 6, 2))] == today


@pytest.mark.parametrize(
    ("service", "start"),
    [
        ("battery-replacement", time(9)),
        ("battery-replacement", time(20)),
        ("battery-replacement", time(10, 15)),  # half-hour services start on the half hour
        ("screen-repair", time(10, 30)),  # hour-long ones on the hour
    ],
)
def test_book_outside_slots_is_refused(store: Opened, service: str, start: time) -> None:
    with pytest.raises(SlotTaken):
        store.book(service, datetime.combine(TUESDAY, start))


def test_no_double_booking_even_from_another_connection(
    store: Opened, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    slot = datetime.combine(TUESDAY, time(15))
    booking = store.book("screen-repair", slot, customer_phone="213-555-0187")
    assert (booking.status, booking.start) == ("booked", slot)
    assert store.booking(booking.id) == booking
    with pytest.raises(SlotTaken):
        store.book("screen-repair", slot)
    with open_store(backend) as other:
        with pytest.raises(SlotTaken):
            other.book("screen-repair", slot)
        # Even if the free-slot check were fooled, the UNIQUE constraint refuses the second booking.
        monkeypatch.setattr(other, "_free_slots", lambda *args: [slot])
        with pytest.raises(SlotTaken):
            other.book("screen-repair", slot)
    assert backend.count("bookings") == 1
    assert store.bookings_for_phone("(213) 555-0187") == [booking]


def test_cancel_booking_frees_the_slot(store: Opened) -> None:
    slot = datetime.combine(TUESDAY, time(12))
    booking = store.book("data-transfer", slot)
    assert store.cancel_booking(booking.id).status == "cancelled"
    with pytest.raises(InvalidBooking):
        store.cancel_booking(booking.id)
    with pytest.raises(NotFound):
        store.cancel_booking(999)
    assert store.book("data-transfer", slot).id != booking.id


def test_move_booking_takes_the_new_slot_and_frees_the_old(store: Opened) -> None:
    old, new = datetime.combine(TUESDAY, time(12)), datetime.combine(SUNDAY, time(15))
    booking = store.book("screen-repair", old, customer_phone="213-555-0187")
    moved = store.move_booking(booking.id, new)
    assert (moved.id, moved.start, moved.status, moved.customer_phone) == (
        booking.id,
        new,
        "booked",
        "2135550187",
    )
    assert store.booking(booking.id) == moved
    assert old in store.free_slots("screen-repair", TUESDAY)
    assert new not in store.free_slots("screen-repair", SUNDAY)
    with pytest.raises(SlotTaken):
        store.book("screen-repair", new)


def test_move_booking_to_a_taken_or_closed_time_keeps_the_old_one(store: Opened) -> None:
    mine, other = datetime.combine(TUESDAY, time(12)), datetime.combine(TUESDAY, time(14))
    booking = store.book("screen-repair", mine)
    store.book("screen-repair", other)
    for start in (other, datetime.combine(TUESDAY, time(21)), datetime.combine(TUESDAY, time(12, 30))):
        with pytest.raises(SlotTaken):
            store.move_booking(booking.id, start)
    assert store.booking(booking.id) == booking
    assert mine not in store.free_slots("screen-repair", TUESDAY)  # its slot is still held
    half = store.book("device-setup", datetime.combine(TUESDAY, time(10)))
    assert store.move_booking(half.id, datetime.combine(TUESDAY, time(10, 30))).start.minute == 30


def test_a_cancelled_or_unknown_booking_is_not_moved(store: Opened) -> None:
    booking = store.book("data-transfer", datetime.combine(TUESDAY, time(12)))
    store.cancel_booking(booking.id)
    with pytest.raises(InvalidBooking):
        store.move_booking(booking.id, datetime.combine(TUESDAY, time(15)))
    with pytest.raises(NotFound):
        store.move_booking(999, datetime.combine(TUESDAY, time(15)))
    assert datetime.combine(TUESDAY, time(15)) in store.free_slots("data-transfer", TUESDAY)
