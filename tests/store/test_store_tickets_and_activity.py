"""Tickets, the interaction log and the activity of a period, on both backends."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from assistant.store import (
    NotFound,
    OrderLine,
)
from tests.support.backends import Backend
from tests.support.clock import Clock
from tests.support.demo_store import NOW, TUESDAY, open_store


def test_tickets_round_trip(backend: Backend) -> None:
    with open_store(backend) as store:
        ticket = store.create_ticket(
            "customer asked for a human", "ko", "고객: 상담원 연결해 주세요", "agent.handoff"
        )
        assert (ticket.status, ticket.created_at) == ("open", NOW)
        second = store.create_ticket("not understood twice", "en", "customer: blah", "none,none")
    with open_store(backend) as store:
        assert store.ticket(ticket.id) == ticket
        assert store.tickets() == [ticket, second]
        closed = store.close_ticket(ticket.id)
        assert closed.status == "closed"
        assert store.tickets("open") == [second]
        assert store.tickets("closed") == [closed]
        assert store.ticket(12345) is None
        with pytest.raises(NotFound):
            store.close_ticket(12345)


def test_interaction_log_round_trip(backend: Backend) -> None:
    with open_store(backend) as store:
        store.log_interaction(
            "s1", "en", "where is my order [number]", "order.status", 0.93, "It shipped.", 812.5
        )
        store.log_interaction("s2", "ko", "음", None, 0.12, "다시 말씀해 주세요.", 301.0)
    with open_store(backend) as store:
        logged = store.interactions()
        assert [(i.session_id, i.intent, i.score, i.latency_ms) for i in logged] == [
            ("s1", "order.status", 0.93, 812.5),
            ("s2", None, 0.12, 301.0),
        ]
        assert logged[0].at == NOW and logged[1].text == "음"
        assert [i.reply for i in store.interactions("s2")] == ["다시 말씀해 주세요."]


def test_activity_of_a_period(backend: Backend) -> None:
    clock = Clock(NOW)
    with backend.open(clock=clock) as store:
        store.log_interaction("s1", "en", "hello", None, 0.0, "hi", 5.0)
        clock.now += timedelta(hours=1)
        order = store.place_order([OrderLine("phone-charger", 2)], "ko")
        booking = store.book("screen-repair", datetime.combine(TUESDAY, time(15)))
        ticket = store.create_ticket("frustration", "en", "customer: ugh", "order.place")
        clock.now += timedelta(days=2)
        store.log_interaction("s2", "en", "later", None, 0.0, "hi", 5.0)
        period = store.activity(NOW, NOW + timedelta(days=1))
    assert [t.session_id for t in period.turns] == ["s1"]
    assert [(o.id, o.lang, o.items, o.total_cents) for o in period.orders] == [
        (order.id, "ko", 2, order.total_cents)
    ]
    assert [(b.id, b.service_id, b.start) for b in period.bookings] == [
        (booking.id, "screen-repair", booking.start)
    ]
    assert [t.id for t in period.tickets] == [ticket.id]  # demo orders (below 5001) are not counted
    assert period.since == NOW
