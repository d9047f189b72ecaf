"""Several assistant processes on one store, and processes killed mid-order, on both backends.

Real processes, a real database file or server: exactly one customer gets the last item or the same
booking slot, the others are told politely; a process killed at any moment loses no confirmed order.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from tests.support.backends import Backend
from tests.support.cli import chat_process
from tests.support.paths import REPO

RACERS = 4


def race(db: str, request: list[str], question: str) -> list[str]:
    """Every racer says the lines of ``request`` and, once all have been asked ``question``, says yes at
    once."""
    racers = [chat_process(db) for _ in range(RACERS)]
    for racer in racers:
        assert racer.stdin is not None and racer.stdout is not None
        for line in request:
            racer.stdin.write(line + "\n")
            racer.stdin.flush()
            asked = racer.stdout.readline()
        assert question in asked, asked
    for racer in racers:
        assert racer.stdin is not None
        racer.stdin.write("yes\n")
        racer.stdin.flush()
    answers = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0 and "Traceback" not in err, err
        answers.append(out.strip().splitlines()[-1])
    return answers


def test_racing_for_the_last_item_one_wins_the_others_are_told_politely(backend: Backend) -> None:
    backend.open().close()
    backend.sql("UPDATE products SET stock = 1 WHERE id = 'backpack'")
    answers = race(
        backend.location.text, ["i'd like one black backpack", "213 555 0187"], "Shall I place the order?"
    )
    placed = [a for a in answers if "order number" in a.lower()]
    refused = [a for a in answers if "sold out" in a.lower()]
    assert len(placed) == 1 and len(refused) == RACERS - 1, answers
    with backend.open() as store:
        assert store.product("backpack").stock == 0  # type: ignore[union-attr]
    assert backend.scalar("SELECT COUNT(*) FROM order_lines WHERE product_id = 'backpack'") == 1


def test_racing_for_one_booking_slot_one_wins_the_others_get_other_times(backend: Backend) -> None:
    backend.open().close()
    request = ["book a screen repair tomorrow at three pm", "213 555 0187"]
    answers = race(backend.location.text, request, "Shall I book it?")
    booked = [a for a in answers if "booking number" in a.lower() or "booked" in a.lower()]
    other_times = [a for a in answers if "isn't available" in a and "Free times include" in a]
    assert len(booked) == 1 and len(other_times) == RACERS - 1, answers
    assert backend.scalar("SELECT COUNT(*) FROM bookings WHERE status != 'cancelled'") == 1


WORKER = """
import sys
from assistant.store import OrderLine, OutOfStock, open_store
store = open_store(sys.argv[1])
while True:
    try:
        order = store.place_order([OrderLine("t-shirt", 1 + len(sys.argv[2]) % 3, "M", "black")], lang="en")
    except OutOfStock:
        break
    print(order.id, order.lines[0].quantity, flush=True)
"""


def test_killed_at_random_moments_confirmed_orders_are_kept_once_and_stock_adds_up(
    backend: Backend,
) -> None:
    backend.open().close()
    backend.sql("UPDATE products SET stock = 100000 WHERE id = 't-shirt'")
    initial = 100000
    confirmed: dict[int, int] = {}
    rng = random.Random(20261127)
    for round_ in range(8):
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, backend.location.text, "x" * round_],
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        time.sleep(rng.uniform(0.8, 2.0))  # start-up, then a few hundred orders in flight
        worker.send_signal(signal.SIGKILL)
        out, _ = worker.communicate(timeout=30)
        for line in out.split("\n")[:-1]:  # whole lines only: a kill can cut the last one short
            order_id, quantity = (int(x) for x in line.split())
            assert order_id not in confirmed, f"order {order_id} confirmed twice"
            confirmed[order_id] = quantity
    assert len(confirmed) > 50, "the workers placed too few orders to test anything"
    if backend.name == "sqlite":
        assert backend.scalar("PRAGMA integrity_check") == "ok"
    rows = backend.sql(
        "SELECT o.id, l.quantity FROM orders o JOIN order_lines l ON l.order_id = o.id "
        "WHERE l.product_id = 't-shirt' AND o.id >= 5001"
    )
    stock = backend.scalar("SELECT stock FROM products WHERE id = 't-shirt'")
    stored = dict(rows)
    assert len(stored) == len(rows)  # one line per order: nothing written twice
    for order_id, quantity in confirmed.items():
        assert stored.get(order_id) == quantity, f"confirmed order {order_id} lost or changed"
    # orders committed in the instant before a kill (never confirmed to the worker) still count
    assert stock + sum(stored.values()) == initial
