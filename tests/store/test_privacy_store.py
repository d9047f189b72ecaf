"""Personal data in the SQLite store: identity-check failures, purge, export and erasure."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from assistant.store import SCHEMA_VERSION, LockState, OrderLine, SqliteStore, StoreError
from assistant.store.schema import MIGRATIONS
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


def test_failures_lock_after_the_limit_and_the_lock_survives_reopening(tmp_path: Path) -> None:
    db, clock = tmp_path / "s.db", Clock(NOW)
    with SqliteStore.open(db, clock=clock) as store:
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(1, None)
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(2, None)
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(0, NOW + COOLDOWN)
        assert store.verification_lock("order:4822") is None
    clock.now += timedelta(minutes=9)
    with SqliteStore.open(db, clock=clock) as store:
        assert store.verification_lock("order:4821") == NOW + COOLDOWN
        # a wrong answer during the cool-down does not extend it
        assert store.record_verification_failure("order:4821", 3, COOLDOWN).locked_until == NOW + COOLDOWN
    clock.now += timedelta(minutes=1)
    with SqliteStore.open(db, clock=clock) as store:
        assert store.verification_lock("order:4821") is None
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(1, None)


def test_failures_are_forgotten_after_success_or_after_a_quiet_cool_down_period(tmp_path: Path) -> None:
    clock = Clock(NOW)
    with SqliteStore.open(tmp_path / "s.db", clock=clock) as store:
        store.record_verification_failure("order:4821", 3, COOLDOWN)
        store.record_verification_failure("order:4821", 3, COOLDOWN)
        store.clear_verification_failures("order:4821")
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(1, None)
        clock.now += COOLDOWN
        assert store.record_verification_failure("order:4821", 3, COOLDOWN) == LockState(1, None)


def test_tickets_and_the_interaction_log_are_redacted_at_the_store_too(tmp_path: Path) -> None:
    with SqliteStore.open(tmp_path / "s.db") as store:
        store.log_interaction("s", "en", "I live at 12 Main Street", None, 0.0, "mail a@b.com", 1.0)
        ticket = store.create_ticket("r", "ko", "customer: 서울시 강남구 테헤란로 123 010-1234-5678", "")
        logged = store.interactions()[0]
        assert (logged.text, logged.reply) == ("I live at [ADDRESS]", "mail [EMAIL]")
        assert ticket.transcript == store.tickets()[0].transcript == "customer: [ADDRESS] [PHONE]"


def test_purge_removes_old_rows_and_old_personal_fields_only(tmp_path: Path) -> None:
    clock = Clock(NOW)
    with SqliteStore.open(tmp_path / "s.db", clock=clock) as store:
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


def test_export_and_forget_a_customer(tmp_path: Path) -> None:
    with SqliteStore.open(tmp_path / "s.db", clock=Clock(NOW)) as store:
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


def test_forget_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.store.privacy as privacy

    with SqliteStore.open(tmp_path / "s.db") as store:
        original = privacy.subjects_of

        def subjects_then_fail(conn: sqlite3.Connection, phone: str) -> list[str]:
            conn.execute("DELETE FROM customers WHERE phone = ?", (phone,))  # a write that must roll back
            original(conn, phone)
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(privacy, "subjects_of", subjects_then_fail)
        with pytest.raises(StoreError, match="disk I/O error"):
            store.forget_customer("2135550187")
        assert store.customer("2135550187") is not None
        assert store.order(4821).customer_phone == "2135550187"  # type: ignore[union-attr]
