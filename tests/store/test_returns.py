"""Returns of delivered orders, receipt requests and receipt codes on bookings, on real database files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta

import pytest

import assistant.store.returns as returns_module
from assistant.store import (
    RETURN_DAYS,
    InvalidBooking,
    InvalidOrder,
    NotFound,
    OrderLine,
    Return,
)
from tests.support.backends import Backend, Opened
from tests.support.clock import Clock

NOW = datetime(2025, 6, 2, 9, 30)  # a Monday
DELIVERED = NOW.date() - timedelta(days=7)  # demo order 4823: placed 10 days ago, standard delivery
SHOES = OrderLine("running-shoes", 1, "260", "white")


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def store(backend: Backend, clock: Clock) -> Iterator[Opened]:
    with backend.open(clock=clock) as opened:
        yield opened


def delivered_order(store: Opened, backend: Backend, lines: list[OrderLine]) -> int:
    """An order placed now and marked delivered (as staff would) today."""
    order = store.place_order(lines, "en", customer_phone="010-1234-5678")
    backend.sql(
        "UPDATE orders SET status = 'delivered', delivery_eta = ? WHERE id = ?",
        (NOW.date().isoformat(), order.id),
    )
    return order.id


# --- returns --------------------------------------------------------------------------------


def test_a_whole_delivered_order_is_returned_with_a_redacted_reason(store: Opened) -> None:
    shoes_in_stock = store.product("running-shoes").stock  # type: ignore[union-attr]
    started = store.start_return(4823, reason="too small, call me on 010-1234-5678")
    assert started == Return(
        started.id, 4823, NOW, "requested", (SHOES,), "too small, call me on [PHONE]", 7999
    )
    assert store.returns() == store.returns(4823) == [started] and store.returns(4821) == []
    assert store.product("running-shoes").stock == shoes_in_stock  # type: ignore[union-attr]  # not back yet


def test_lines_are_returned_one_at_a_time_but_never_twice(store: Opened, backend: Backend) -> None:
    two_shirts, case = OrderLine("t-shirt", 2, "M", "navy"), OrderLine("phone-case", 1, color="pink")
    order_id = delivered_order(store, backend, [two_shirts, case])
    first = store.start_return(order_id, [OrderLine("t-shirt", 2, "m", "Navy")], reason="  ")
    assert (first.lines, first.refund_cents, first.reason) == ((two_shirts,), 2 * 1999, None)
    with pytest.raises(InvalidOrder, match=r"2 × t-shirt \(M, navy\) of order \d+ has been returned already"):
        store.start_return(order_id, [two_shirts])
    with pytest.raises(InvalidOrder, match=r"line 1 of order \d+ has been returned already"):
        store.start_return(order_id)  # the whole order holds a returned line
    with pytest.raises(InvalidOrder, match=r"1 × t-shirt \(M, navy\) of order \d+ is not on the order"):
        store.start_return(order_id, [OrderLine("t-shirt", 1, "M", "navy")])  # whole lines only
    with pytest.raises(InvalidOrder, match="at least one line"):
        store.start_return(order_id, [])
    second = store.start_return(order_id, [case])
    assert (second.lines, second.refund_cents) == ((case,), 1499)
    assert [r.id for r in store.returns(order_id)] == [first.id, second.id]
    assert backend.count("return_lines") == 2


def test_identical_lines_are_told_apart_by_how_many_there_are(store: Opened, backend: Backend) -> None:
    tee = OrderLine("t-shirt", 1, "S", "black")
    order_id = delivered_order(store, backend, [tee, OrderLine("hoodie", 1, "S", "black"), tee])
    assert store.start_return(order_id, [tee, tee]).refund_cents == 2 * 1999
    with pytest.raises(InvalidOrder, match="returned already"):
        store.start_return(order_id, [tee])
    assert store.start_return(order_id, [OrderLine("hoodie", 1, "S", "black")]).refund_cents == 3999


@pytest.mark.parametrize(("order_id", "status"), [(4821, "shipped"), (4822, "processing")])
def test_only_delivered_orders_are_returned(
    store: Opened, backend: Backend, order_id: int, status: str
) -> None:
    with pytest.raises(
        InvalidOrder, match=f"order {order_id} is {status}; only delivered orders can be returned"
    ):
        store.start_return(order_id)
    store.cancel_order(4822)
    with pytest.raises(InvalidOrder, match="is cancelled"):
        store.start_return(4822)
    with pytest.raises(NotFound):
        store.start_return(999)
    assert backend.count("returns") == 0


def test_returns_end_thirty_days_after_delivery(store: Opened, backend: Backend, clock: Clock) -> None:
    last_day = DELIVERED + timedelta(days=RETURN_DAYS)
    clock.now = datetime.combine(last_day + timedelta(days=1), time(10))
    with pytest.raises(
        InvalidOrder, match=f"delivered on {DELIVERED}; returns are accepted for 30 days, until {last_day}"
    ):
        store.start_return(4823)
    assert backend.count("returns") == 0
    clock.now = datetime.combine(last_day, time(19, 59))
    assert store.start_return(4823).created_at == clock.now


def test_a_return_refused_by_the_database_leaves_no_rows(
    store: Opened, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.start_return(4823)
    # Another kiosk returned the line an instant ago and this one's check did not see it: the primary
    # key of return_lines refuses the line, and the return row written before it is rolled back.
    monkeypatch.setattr(returns_module, "_line_numbers", lambda *args: [1])
    with pytest.raises(InvalidOrder, match="a line of order 4823 has been returned already"):
        store.start_return(4823)
    assert (backend.count("returns"), backend.count("return_lines")) == (1, 1)
    assert len(store.returns()) == 1


# --- receipts -------------------------------------------------------------------------------


def test_a_receipt_is_queued_once_for_the_phone_on_the_order(store: Opened, backend: Backend) -> None:
    request = store.request_receipt(4821)
    assert (request.order_id, request.created_at, request.channel, request.status) == (
        4821,
        NOW,
        "sms",
        "queued",
    )
    assert store.request_receipt(4821, "sms") == request  # asked twice: still one message
    other = store.request_receipt(4823)
    assert store.receipt_requests() == store.receipt_requests("queued") == [request, other]
    assert store.receipt_requests("sent") == []
    backend.sql("UPDATE receipt_requests SET status = 'sent' WHERE id = ?", (request.id,))
    again = store.request_receipt(4821)  # sent already: a new request is a new message
    assert again.id not in (request.id, other.id)
    assert [r.status for r in store.receipt_requests()] == ["sent", "queued", "queued"]


def test_receipts_need_a_phone_number_and_a_known_channel(store: Opened, backend: Backend) -> None:
    anonymous = store.place_order([OrderLine("phone-charger", 1)], "en")  # a conversation asks no phone
    with pytest.raises(InvalidOrder, match=f"order {anonymous.id} has no phone number"):
        store.request_receipt(anonymous.id)
    with pytest.raises(InvalidOrder, match="cannot be sent by 'email'"):
        store.request_receipt(4821, channel="email")
    with pytest.raises(NotFound):
        store.request_receipt(999)
    assert backend.count("receipt_requests") == 0


# --- receipt codes on bookings --------------------------------------------------------------


def test_a_booking_keeps_its_receipt_code(store: Opened, backend: Backend) -> None:
    start = datetime(2025, 6, 3, 15)
    booking = store.book("screen-repair", start, receipt_code="0187")
    assert booking.receipt_code == "0187" and store.booking(booking.id) == booking
    assert store.book("device-setup", start).receipt_code is None
    with pytest.raises(InvalidBooking, match="four digits"):
        store.book("data-transfer", start, receipt_code="18")
    assert backend.count("bookings") == 2
    assert store.free_slots("data-transfer", start.date())[5] == start  # the refused one took no slot
