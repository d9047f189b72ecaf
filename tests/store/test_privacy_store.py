"""Personal data in the store (both backends): identity-check failures, purge, export and erasure; the
migrations of older SQLite files."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from assistant.store import SCHEMA_VERSION, LockState, OrderLine, SqliteStore, StoreError
from assistant.store.base import Tx
from assistant.store.schema import MIGRATIONS
from tests.support.backends import Backend
from tests.support.clock import Clock

NOW = datetime(2026, 3, 2, 9, 30)
COOLDOWN = timedelta(minutes=10)


def test_a_version_1_database_gains_the_verification_and_customer_tables(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with sqlite3.connect(db) as conn:  # a version 1 database with a customer of the operator's
        conn.executescript(MIGRATIONS[0])
        conn.execute("INSERT INTO customers VALUES ('01012345678', 'Minji Kim', 'ko')")
        conn.execute("PRAGMA user_version = 1")
    with SqliteStore.open(db) as store:
        assert store.order(4821) is not None and store.verification_lock("order:4821") is None
        minji = store.customer("010-1234-5678")  # kept, with a record number and no preferences yet
        assert minji is not None and minji.id > 0 and (minji.name, minji.lang) == ("Minji Kim", "ko")
        assert minji.loyalty_number is None and minji.preferences.items() == {}
        assert store.set_customer_preferences(minji.id, {"color": "navy"}).preferences.color == "navy"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_failures_lock_after_the_limit_and_the_lock_survives_reopening(backend: Backend) -> None:
    clock = Clock(NOW)
    with backend.open(clock=clock) as store:
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(1, None)
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(2, None)
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(0, NOW + COOLDOWN)
        assert store.verification_lock("order:4822") is None
    clock.now += timedelta(minutes=9)
    with backend.open(clock=clock) as store:
        assert store.verification_lock("order:4821") == NOW + COOLDOWN
        # a wrong answer during the cool-down does not extend it
        assert store.record_verification_failure("order:4821", 3, COOLDOWN).locked_until == NOW + COOLDOWN
    clock.now += timedelta(minutes=1)
    with backend.open(clock=clock) as store:
        assert store.verification_lock("order:4821") is None
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(1, None)


def test_failures_are_forgotten_after_success_or_after_a_quiet_cool_down_period(backend: Backend) -> None:
    clock = Clock(NOW)
    with backend.open(clock=clock) as store:
        store.record_verification_failure("order:4821", 3, COOLDOWN)
        store.record_verification_failure("order:4821", 3, COOLDOWN)
        store.clear_verification_failures("order:4821")
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(1, None)
        clock.now += COOLDOWN
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(1, None)


def test_tickets_and_the_interaction_log_are_redacted_at_the_store_too(backend: Backend) -> None:
    with backend.open() as store:
        store.log_interaction("s", "en", "I live at 12 Main Street", None, 0.0, "mail a@b.com", 1.0)
        ticket = store.create_ticket("r", "ko", "customer: 서울시 강남구 테헤란로 123 010-1234-5678", "")
        logged = store.interactions()[0]
        assert (logged.text, logged.reply) == ("I live at [ADDRESS]", "mail [EMAIL]")
        assert ticket.transcript == store.tickets()[0].transcript == "customer: [ADDRESS] [PHONE]"


def test_purge_removes_old_rows_and_old_personal_fields_only(backend: Backend) -> None:
    clock = Clock(NOW)
    with backend.open(clock=clock) as store:
        store.log_interaction("old", "en", "hello", None, 0.0, "hi", 1.0)
        old_open = store.create_ticket("old", "en", "", "")
        old_closed = store.create_ticket("old", "en", "", "")
        store.close_ticket(old_closed.id)
        booked = store.book("screen-repair", datetime(2026, 3, 2, 15), customer_phone="010-1234-5678")
        store.record_verification_failure("order:4821", 3, COOLDOWN)
        clock.now += timedelta(days=31)
        store.log_interaction("new", "en", "hello", None, 0.0, "hi", 1.0)
        recent = store.place_order([OrderLine("phone-charger", 1)], "en", customer_phone="010-1234-5678")
        store.cancel_order(recent.id)
        report = store.purge(timedelta(days=30))
        assert (report.interactions, report.tickets, report.bookings, report.verifications) == (1, 1, 1, 1)
        assert report.cutoff == clock.now - timedelta(days=30)
        assert [i.session_id for i in store.interactions()] == ["new"]
        assert [t.id for t in store.tickets()] == [old_open.id]  # open tickets stay for staff
        assert store.booking(booked.id).customer_phone is None  # type: ignore[union-attr]
        # the demo orders: 4823 (delivered 10 days before seeding) loses its phone; 4821 is in transit
        assert store.order(4823).customer_phone is None  # type: ignore[union-attr]
        assert store.order(4821).customer_phone == "2135550187"  # type: ignore[union-attr]
        assert store.order(recent.id).customer_phone == "01012345678"  # type: ignore[union-attr]
        assert report.orders == 1


def test_export_and_forget_a_customer(backend: Backend) -> None:
    with backend.open(clock=Clock(NOW)) as store:
        store.record_verification_failure("order:4823", 3, COOLDOWN)
        data = store.customer_data("(213) 555-0187")
        assert data.phone == "2135550187" and data.customer is not None and data.customer.name == "Jimin Park"
        assert [o.id for o in data.orders] == [4821, 4823] and data.bookings == ()
        assert data.verifications == (("order:4823", LockState(1, None)),)
        report = store.forget_customer("213-555-0187")
        assert (report.customers, report.orders, report.bookings, report.verifications) == (1, 2, 0, 1)
        after = store.customer_data("2135550187")
        assert after.customer is None and after.orders == () and after.verifications == ()
        assert store.order(4821) is not None and store.order(4821).customer_phone is None  # type: ignore[union-attr]
        assert store.order(4822).customer_phone == "2135550123"  # type: ignore[union-attr]


def test_forget_is_all_or_nothing(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.store.privacy as privacy

    with backend.open() as store:
        original = privacy.subjects_of

        def subjects_then_fail(conn: Tx, phone: str) -> list[str]:
            conn.execute("DELETE FROM customers WHERE phone = ?", (phone,))  # a write that must roll back
            original(conn, phone)
            if backend.name == "sqlite":
                raise sqlite3.OperationalError("disk I/O error")
            conn.execute("SELECT 1 / 0 AS fails")  # an error from the server itself
            return []

        monkeypatch.setattr(privacy, "subjects_of", subjects_then_fail)
        with pytest.raises(StoreError, match=r"disk I/O error|division by zero"):
            store.forget_customer("2135550187")
        assert store.customer("2135550187") is not None
        assert store.order(4821).customer_phone == "2135550187"  # type: ignore[union-attr]


# --- schema 5: receipt codes, addresses, payments, changes, returns, receipts -------------------


def test_a_version_4_database_gains_order_details_changes_returns_and_receipts(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with sqlite3.connect(db) as conn:  # a version 4 database with the shop's own orders and a booking
        conn.executescript("".join(MIGRATIONS[:4]))
        conn.executescript(
            """
            INSERT INTO store_info VALUES (1, '{"en": "Shop"}', '{"en": "1 Shop St"}', '555', 'USD');
            INSERT INTO opening_hours VALUES (0, '10:00', '20:00');
            INSERT INTO delivery_options VALUES ('standard', '{"en": "standard"}', 3, 499, 5000);
            INSERT INTO products VALUES ('mug', '{"en": ["mug"]}', 'kitchen', 1200, 10, '[]', '[]');
            INSERT INTO services VALUES ('fitting', '{"en": ["fitting"]}', 60, 0);
            INSERT INTO orders VALUES (7001, 'delivered', 2899, 'standard', 499, '2026-02-20T10:00:00',
                '2026-02-23', '01012345678', 'en');
            INSERT INTO order_lines VALUES (7001, 1, 'mug', 2, NULL, NULL, 1200);
            INSERT INTO orders VALUES (7002, 'processing', 1699, 'standard', 499, '2026-03-01T10:00:00',
                '2026-03-04', NULL, 'ko');
            INSERT INTO order_lines VALUES (7002, 1, 'mug', 1, NULL, NULL, 1200);
            INSERT INTO bookings VALUES (1, 'fitting', '2026-03-09T10:00', 'booked', '01012345678',
                '2026-03-01T10:00:00');
            INSERT INTO booking_slots VALUES ('fitting', '2026-03-09T10:00', 1);
            PRAGMA user_version = 4;
            """
        )
    with SqliteStore.open(db, seed=False, clock=Clock(NOW)) as store:
        old = store.order(7001)
        assert old is not None and (old.payment, old.paid_cents, old.delivery_address, old.receipt_code) == (
            "pay_in_store",
            0,
            None,
            None,
        )
        assert old.lines == (OrderLine("mug", 2),) and old.total_cents == 2899
        assert store.booking(1).receipt_code is None  # type: ignore[union-attr]
        assert store.start_return(7001, reason="chipped").refund_cents == 2400
        assert store.request_receipt(7001).status == "queued"
        changed = store.change_order(7002, lines=[OrderLine("mug", 3)], address="5 Oak Street")
        assert (changed.total_cents, changed.delivery_address) == (3600 + 499, "5 Oak Street")
        assert [c.what for c in store.order_changes(7002)] == ["lines", "address"]
        assert store.product("mug").stock == 8  # type: ignore[union-attr]
        assert (
            store.place_order([OrderLine("mug", 1)], "en", payment="cash", receipt_code="1234").paid_cents
            == 1699
        )
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_purge_removes_addresses_and_receipt_codes_with_the_phone_numbers(backend: Backend) -> None:
    clock = Clock(NOW)
    with backend.open(clock=clock) as store:
        phone = "010-1234-5678"
        order = store.place_order(
            [OrderLine("phone-charger", 1)],
            "en",
            customer_phone=phone,
            receipt_code="4321",
            address="1 Old Rd",
        )
        store.change_order(order.id, address="2 New Rd", lines=[OrderLine("phone-charger", 2)])
        store.cancel_order(order.id)
        coded = store.place_order([OrderLine("phone-charger", 1)], "en", receipt_code="9999", address="3 Rd")
        booked = store.book("screen-repair", datetime(2026, 3, 2, 15), receipt_code="0000")
        clock.now += timedelta(days=31)
        report = store.purge(timedelta(days=30))
        assert (report.orders, report.bookings) == (2, 1)  # the cancelled order and delivered 4823
        gone = store.order(order.id)
        assert gone is not None and (gone.customer_phone, gone.delivery_address, gone.receipt_code) == (
            None,
            None,
            None,
        )
        lines, address = store.order_changes(order.id)
        assert (address.what, address.old, address.new) == ("address", None, None)
        assert lines.what == "lines" and lines.new[0]["quantity"] == 2  # what was bought stays
        assert store.booking(booked.id).receipt_code is None  # type: ignore[union-attr]
        assert store.order(4823).delivery_address is None  # type: ignore[union-attr]
        # still open: an order not delivered yet keeps what it needs to be delivered and verified
        kept = store.order(coded.id)
        assert kept is not None and (kept.receipt_code, kept.delivery_address) == ("9999", "3 Rd")
        assert store.order(4821).delivery_address is not None  # type: ignore[union-attr]


def test_export_and_forget_cover_returns_receipts_addresses_and_codes(backend: Backend) -> None:
    from assistant.cli.data import export_json

    with backend.open(clock=Clock(NOW)) as store:
        jimin = "213-555-0187"
        returned = store.start_return(4823, reason="too small")
        receipt = store.request_receipt(4821)
        new = store.place_order(
            [OrderLine("phone-charger", 1)], "ko", customer_phone=jimin, receipt_code="0187", address="9 Rd"
        )
        store.change_order(new.id, address="10 Rd")
        booking = store.book(
            "screen-repair", datetime(2026, 3, 3, 15), customer_phone=jimin, receipt_code="0187"
        )
        data = store.customer_data(jimin)
        assert data.returns == (returned,) and data.receipt_requests == (receipt,)
        assert [(c.order_id, c.old, c.new) for c in data.order_changes] == [(new.id, "9 Rd", "10 Rd")]
        assert {o.id: (o.delivery_address, o.receipt_code) for o in data.orders} == {
            4821: ("455 Maple Avenue, Apt 3, Los Angeles", None),
            4823: ("455 Maple Avenue, Apt 3, Los Angeles", None),
            new.id: ("10 Rd", "0187"),
        }
        exported = json.loads(json.dumps(export_json(data, NOW), default=str))
        assert (
            exported["returns"][0]["reason"] == "too small"
            and exported["receipt_requests"][0]["order_id"] == 4821
        )
        assert (
            exported["order_changes"][0]["new"] == "10 Rd" and exported["orders"][2]["receipt_code"] == "0187"
        )

        report = store.forget_customer(jimin)
        assert (report.customers, report.orders, report.bookings) == (1, 3, 1)
        for order_id in (4821, 4823, new.id):
            order = store.order(order_id)
            assert order is not None and (
                order.customer_phone,
                order.delivery_address,
                order.receipt_code,
            ) == (
                None,
                None,
                None,
            )
        assert [(c.old, c.new) for c in store.order_changes(new.id)] == [(None, None)]
        assert store.booking(booking.id).receipt_code is None  # type: ignore[union-attr]
        assert store.returns() == [returned]  # the refund stays, no longer linked to a phone number
        assert store.order(4822).delivery_address == "88 Wilshire Boulevard, Los Angeles"  # type: ignore[union-attr]
        after = store.customer_data(jimin)
        assert after.orders == after.returns == after.receipt_requests == after.order_changes == ()  # type: ignore[comparison-overlap]
