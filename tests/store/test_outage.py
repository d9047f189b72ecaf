"""A kiosk on PostgreSQL whose database goes away: the server really stopped and started again.

A private throwaway cluster (the shared test server is not stopped): ``assistant chat`` keeps talking
while the server is down, says so in the customer's language, confirms nothing it could not commit,
and carries on after the server is back without being restarted. At the store level, the outcome
of a commit whose connection broke is asked from the server.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator

import psycopg
import pytest
from psycopg.rows import DictRow

from assistant.store import OrderLine, StoreUnavailable, postgres
from assistant.store.postgres import PostgresStore
from tests.support.cli import chat_process
from tests.support.pgcluster import Cluster

pytestmark = pytest.mark.postgres

DOWN_EN = "I can't reach the store system right now — a member of staff can help."
DOWN_KO = "지금 매장 시스템에 연결할 수 없어요. 직원이 도와드릴 수 있어요."


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    try:
        own = Cluster.create()
    except Exception as exc:
        pytest.fail(f"cannot start a throwaway PostgreSQL cluster for the outage tests: {exc}", pytrace=False)
    yield own
    own.destroy()


@pytest.fixture()
def url(cluster: Cluster) -> Iterator[str]:
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS shop WITH (FORCE)")
        admin.execute("CREATE DATABASE shop")
    yield cluster.url("shop")


def ask(kiosk: subprocess.Popen[str], line: str) -> str:
    assert kiosk.stdin is not None and kiosk.stdout is not None
    kiosk.stdin.write(line + "\n")
    kiosk.stdin.flush()
    return kiosk.stdout.readline().strip()


def orders_of(url: str, product: str) -> list[tuple[int, int]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT o.id, l.quantity FROM orders o JOIN order_lines l ON l.order_id = o.id "
            "WHERE l.product_id = %s ORDER BY o.id",
            (product,),
        ).fetchall()


def test_a_kiosk_keeps_talking_through_an_outage_and_confirms_only_what_committed(
    cluster: Cluster, url: str
) -> None:
    PostgresStore.open(url).close()  # the shop's database exists and is seeded before the kiosk starts
    kiosk = chat_process(url)
    try:
        ask(kiosk, "i'd like one black backpack")
        assert "Shall I place the order?" in ask(kiosk, "213 555 0187")
        cluster.stop()  # the database server goes away while the customer is deciding
        down = ask(kiosk, "yes")
        assert down.startswith(DOWN_EN) and "Shall I try again?" in down and "order number" not in down
        assert "store hours" not in ask(kiosk, "what are your opening hours").lower()  # still talking
        cluster.start()
        placed = ask(kiosk, "yes")  # the question stood; the store connects again on this turn
        assert "order number" in placed.lower(), placed
        number = int(placed.split("order number ")[1].split()[0])
        assert orders_of(url, "backpack") == [(number, 1)]  # stored once: the refused "yes" saved nothing
        cluster.stop()
        korean = ask(kiosk, "검은색 후드티 하나 살게요")
        assert korean.startswith(DOWN_KO), korean
        cluster.start()
        assert "?" in ask(kiosk, "검은색 후드티 하나 살게요")  # the same kiosk, back in business
    finally:
        _, err = kiosk.communicate(timeout=60)
    assert kiosk.returncode == 0 and "Traceback" not in err, err
    assert "store not available" in err  # the operator sees why


def test_the_outcome_of_a_transaction_is_asked_from_the_server(url: str) -> None:
    with PostgresStore.open(url) as store:
        with store._tx(write=True) as tx:
            tx.execute("UPDATE products SET stock = stock + 1 WHERE id = 'phone-charger'")
            committed = int(tx.execute("SELECT txid_current() AS xid").fetchone()["xid"])
        with pytest.raises(RuntimeError), store._tx(write=True) as tx:
            tx.execute("UPDATE products SET stock = stock + 1 WHERE id = 'phone-charger'")
            aborted = int(tx.execute("SELECT txid_current() AS xid").fetchone()["xid"])
            raise RuntimeError("changed my mind")
        assert (store._outcome(committed), store._outcome(aborted)) == ("committed", "aborted")


def cut_before_commit(monkeypatch: pytest.MonkeyPatch, cut: Callable[[int], None]) -> None:
    """Break the store's connection after its transaction's last statement, just before COMMIT."""
    real = postgres._xid

    def then_cut(conn: psycopg.Connection[DictRow]) -> int:
        xid = real(conn)
        cut(conn.info.backend_pid)
        return xid

    monkeypatch.setattr(postgres, "_xid", then_cut)


def test_a_commit_whose_connection_broke_is_resolved_and_never_reported_saved_wrongly(
    cluster: Cluster, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with PostgresStore.open(url) as store, psycopg.connect(cluster.url(), autocommit=True) as admin:
        stock = store.product("phone-charger").stock  # type: ignore[union-attr]

        def terminate(pid: int) -> None:
            admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))

        cut_before_commit(monkeypatch, terminate)
        with pytest.raises(StoreUnavailable, match="nothing was saved") as caught:
            store.place_order([OrderLine("phone-charger", 2)], "en")
        assert not caught.value.in_doubt  # the server, asked again, said: aborted
        monkeypatch.undo()
        assert store.product("phone-charger").stock == stock  # type: ignore[union-attr]
        assert orders_of(url, "phone-charger") == []

        cut_before_commit(monkeypatch, lambda pid: cluster.stop())  # and the server stays away
        with pytest.raises(StoreUnavailable, match="not known") as caught:
            store.place_order([OrderLine("phone-charger", 2)], "en")
        assert caught.value.in_doubt  # no one to ask: the kiosk must not retry it by itself
        monkeypatch.undo()
        cluster.start()
        assert orders_of(url, "phone-charger") == []  # a fast shutdown rolled it back


def test_a_write_whose_connection_dies_is_unavailable_and_saves_nothing(url: str) -> None:
    with PostgresStore.open(url) as store:
        before = store.product("phone-charger").stock  # type: ignore[union-attr]
        dies = pytest.raises(StoreUnavailable, match="lost the store database")
        with dies as caught, store._tx(write=True) as tx:
            tx.execute("UPDATE products SET stock = stock + 1 WHERE id = 'phone-charger'")
            tx.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        assert not caught.value.in_doubt
        assert store.product("phone-charger").stock == before  # type: ignore[union-attr]  # reconnected
        order = store.place_order([OrderLine("phone-charger", 1)], "en")
        assert store.order(order.id) == order
