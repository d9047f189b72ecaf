"""``assistant tickets list|show|close`` end to end: real processes on real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.store import SqliteStore
from tests.support.cli import run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store with an escalated open ticket, a plain open one and a closed one."""
    path = tmp_path / "store.db"
    with SqliteStore.open(path) as store:
        store.create_ticket(
            "frustration,repeated_request",
            "en",
            "customer: where is my order 4821, call me on 010-1234-5678\nassistant: Please say the last four",
            "order.status order.status",
            request_intent="order.status",
            request_slots={"order_id": 4821},
        )
        store.create_ticket("customer_request", "ko", "customer: 상담원 연결해 주세요", "")
        store.close_ticket(store.create_ticket("not_understood", "en", "customer: blorp", "").id, "sorted")
    return path


def test_list_shows_open_tickets_by_default_and_all_on_request(db: Path) -> None:
    done = run(["tickets", "list", "--db", str(db)])
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert len(rows) == 3 and rows[0].split()[:3] == ["id", "opened", "status"]
    assert "frustration, repeated_request" in rows[1] and "order.status (order_id=4821)" in rows[1]
    assert "customer_request" in rows[2] and " ko " in rows[2]
    everything = run(["tickets", "list", "--status", "all", "--json", "--db", str(db)])
    tickets = json.loads(everything.stdout)
    assert [(t["id"], t["status"]) for t in tickets] == [(1, "open"), (2, "open"), (3, "closed")]
    assert tickets[0]["reasons"] == ["frustration", "repeated_request"] and tickets[2]["note"] == "sorted"
    closed = run(["tickets", "list", "--status", "closed", "--db", str(db)])
    assert len(closed.stdout.splitlines()) == 2 and "not_understood" in closed.stdout


def test_show_prints_reasons_request_and_the_redacted_transcript(db: Path) -> None:
    done = run(["tickets", "show", "1", "--db", str(db)])
    assert done.returncode == 0, done.stderr
    assert "ticket 1 (open)" in done.stdout and "reasons:    frustration, repeated_request" in done.stdout
    assert "wanted:     order.status (order_id=4821)" in done.stdout
    assert "customer: where is my order 4821, call me on [PHONE]" in done.stdout
    assert "010-1234-5678" not in done.stdout
    shown = json.loads(run(["tickets", "show", "3", "--json", "--db", str(db)]).stdout)
    assert shown["status"] == "closed" and shown["closed_at"] and shown["note"] == "sorted"


def test_close_is_recorded_with_a_redacted_note(db: Path) -> None:
    done = run(["tickets", "close", "1", "--note", "called back on 010-9999-8888", "--db", str(db)])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "closed ticket 1: called back on [PHONE]"
    with SqliteStore.open(db) as store:
        ticket = store.ticket(1)
        assert ticket is not None and ticket.status == "closed" and ticket.note == "called back on [PHONE]"
        assert [t.id for t in store.tickets("open")] == [2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tickets", "show", "99"], "no ticket 99"),
        (["tickets", "close", "99"], "no ticket 99"),
        (["tickets", "close", "3", "--note", "again"], "ticket 3 is already closed"),
        (["tickets", "close", "first"], "not a ticket number: 'first'"),
        (["tickets", "show", "0"], "not a ticket number"),
        (["tickets", "list", "--status", "pending"], "invalid choice: 'pending'"),
        (["tickets", "reopen", "1"], "invalid choice"),
        (["tickets"], "required"),
    ],
)
def test_misuse_is_exit_2_with_one_clear_message_and_changes_nothing(
    args: list[str], message: str, db: Path
) -> None:
    done = run([*args, "--db", str(db)] if len(args) > 1 else args)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    with SqliteStore.open(db) as store:
        assert [t.status for t in store.tickets()] == ["open", "open", "closed"]
        assert store.ticket(3).note == "sorted"  # type: ignore[union-attr]


def test_a_missing_database_is_not_created(tmp_path: Path) -> None:
    done = run(["tickets", "list", "--db", str(tmp_path / "none.db")])
    assert done.returncode == 2 and "no store database" in done.stderr
    assert not (tmp_path / "none.db").exists()


def test_help_names_the_actions() -> None:
    done = run(["tickets", "--help"])
    assert done.returncode == 0 and all(word in done.stdout for word in ("list", "show", "close"))
    assert "--note" in run(["tickets", "close", "--help"]).stdout


def test_a_ticket_opened_in_a_chat_is_listed(tmp_path: Path) -> None:
    db = tmp_path / "chat.db"
    chat = run(["chat", "--db", str(db)], stdin="where is my order 4821\nthis is a joke, I'm furious!!\n")
    assert chat.returncode == 0, chat.stderr
    assert "I'm very sorry" in chat.stdout
    listed = json.loads(run(["tickets", "list", "--json", "--db", str(db)]).stdout)
    assert len(listed) == 1 and listed[0]["request_intent"] == "order.status"
    assert "frustration" in listed[0]["reasons"] and "furious" in listed[0]["transcript"]
