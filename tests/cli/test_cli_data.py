"""``assistant data purge|export|delete`` end to end: real processes on real SQLite files."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from assistant.store import SqliteStore
from tests.support.cli import run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store with 40-day-old and fresh conversation records."""
    path = tmp_path / "store.db"
    old = datetime.now().replace(microsecond=0) - timedelta(days=40)
    with SqliteStore.open(path, clock=lambda: old) as store:
        store.log_interaction("old", "en", "where is my order 4821", "order.status", 1.0, "ok", 1.0)
        store.close_ticket(store.create_ticket("old", "en", "customer: hello", "").id)
        store.create_ticket("old", "en", "customer: still open", "")
    with SqliteStore.open(path) as store:
        store.log_interaction("new", "en", "hello", None, 0.0, "hi", 1.0)
    return path


def test_purge_prints_what_it_removed_and_keeps_recent_records(db: Path) -> None:
    done = run(["data", "purge", "--older-than", "30", "--db", str(db)])
    assert done.returncode == 0, done.stderr
    assert "1 interaction-log row, 1 closed ticket" in done.stdout
    assert "phone numbers removed from 1 finished order and 0 past bookings" in done.stdout
    with SqliteStore.open(db) as store:
        assert [i.session_id for i in store.interactions()] == ["new"]
        assert [t.status for t in store.tickets()] == ["open"]
        # seeded 40 days ago: delivered order 4823 loses its phone number, 4821 (in transit) keeps it
        assert store.order(4823).customer_phone is None  # type: ignore[union-attr]
        assert store.order(4821).customer_phone == "2135550187"  # type: ignore[union-attr]
    again = run(["data", "purge", "--older-than", "30", "--db", str(db)])
    assert (
        "0 interaction-log rows, 0 closed tickets; phone numbers removed from 0 finished orders"
        in again.stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data", "purge", "--older-than", "soon"], "not a whole number of days"),
        (["data", "purge", "--older-than", "-3"], "days must be 0 or more"),
        (["data", "purge"], "--older-than"),
        (["data", "export", "--customer", "12"], "not a phone number"),
        (["data", "delete", "--customer", "2135550187"], "needs --yes"),
        (["data", "erase"], "invalid choice"),
    ],
)
def test_misuse_is_exit_2_with_one_clear_message(args: list[str], message: str, db: Path) -> None:
    done = run([*args, "--db", str(db)])
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    with SqliteStore.open(db) as store:  # nothing was changed
        assert store.customer("2135550187") is not None and len(store.interactions()) == 2


def test_a_missing_database_is_not_created(tmp_path: Path) -> None:
    done = run(["data", "export", "--customer", "213-555-0187", "--db", str(tmp_path / "none.db")])
    assert done.returncode == 2 and "no store database" in done.stderr
    assert not (tmp_path / "none.db").exists()


def test_export_to_stdout_and_to_a_file(db: Path, tmp_path: Path) -> None:
    done = run(["data", "export", "--customer", "(213) 555-0187", "--db", str(db)])
    assert done.returncode == 0, done.stderr
    exported = json.loads(done.stdout)
    assert exported["phone"] == "2135550187" and exported["customer"]["name"] == "Jimin Park"
    assert [o["id"] for o in exported["orders"]] == [4821, 4823]
    assert exported["orders"][0]["lines"][0]["product_id"] == "wireless-earbuds"
    assert exported["bookings"] == [] and "redacted" in exported["not_included"]
    out = tmp_path / "jimin.json"
    saved = run(["data", "export", "--customer", "2135550187", "--out", str(out), "--db", str(db)])
    assert saved.returncode == 0 and saved.stdout == "" and str(out) in saved.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["orders"] == exported["orders"]
    nobody = run(["data", "export", "--customer", "010-9999-9999", "--db", str(db)])
    assert nobody.returncode == 0 and json.loads(nobody.stdout)["orders"] == []
    assert "nothing is stored" in nobody.stderr
    nowhere = run(["data", "export", "--customer", "2135550187", "--out", str(tmp_path / "no" / "x.json")])
    assert nowhere.returncode == 2 and "no such folder" in nowhere.stderr


def test_delete_anonymises_the_customer(db: Path) -> None:
    done = run(["data", "delete", "--customer", "213-555-0187", "--yes", "--db", str(db)])
    assert done.returncode == 0, done.stderr
    assert "deleted 1 customer record; removed 2135550187 from 2 orders and 0 bookings" in done.stdout
    with SqliteStore.open(db) as store:
        assert store.customer("2135550187") is None and store.orders_for_phone("2135550187") == []
        assert store.order(4821) is not None and store.order(4822).customer_phone == "2135550123"  # type: ignore[union-attr]
    again = run(["data", "delete", "--customer", "213-555-0187", "--yes", "--db", str(db)])
    assert again.returncode == 0 and "nothing is stored" in again.stdout


def test_help_names_every_data_command() -> None:
    done = run(["data", "--help"])
    assert done.returncode == 0 and all(word in done.stdout for word in ("purge", "export", "delete"))
