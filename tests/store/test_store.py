"""The store on both backends: real SQLite files and real PostgreSQL databases."""

from __future__ import annotations

import os
import random
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from assistant.store import (
    COLORS,
    SCHEMA_VERSION,
    CatalogImportError,
    InvalidBooking,
    InvalidOrder,
    NotFound,
    OrderLine,
    OutOfStock,
    SlotTaken,
    SqliteStore,
    Store,
    StoreError,
)
from assistant.store.base import Tx
from tests.support.backends import Backend, Opened
from tests.support.clock import Clock
from tests.support.paths import DATA, REPO

NOW = datetime(2025, 6, 2, 9, 30)  # a Monday, before opening
TUESDAY = date(2025, 6, 3)
SUNDAY = date(2025, 6, 8)


def open_store(backend: Backend, now: datetime = NOW, seed: bool = True) -> Opened:
    return backend.open(seed=seed, clock=lambda: now)


@pytest.fixture
def store(backend: Backend) -> Iterator[Opened]:
    with open_store(backend) as s:
        yield s


def stock(store: Store, product_id: str) -> int:
    product = store.product(product_id)
    assert product is not None
    return product.stock


# --- opening, schema, seeding -------------------------------------------------------------


def test_open_creates_the_schema_and_seeds_once(backend: Backend) -> None:
    with open_store(backend) as store:
        assert len(store.products()) == 12
        assert store.schema_version() == SCHEMA_VERSION
    if backend.name == "sqlite":
        assert backend.location.path.parent.is_dir()
        assert backend.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert backend.scalar("PRAGMA journal_mode") == "wal"
    else:
        assert backend.scalar("SELECT MAX(version) FROM schema_migrations") == SCHEMA_VERSION
    with open_store(backend) as store:
        assert len(store.products()) == 12
        assert len(store.services()) == 4
    assert backend.count("orders") == 3
    assert backend.count("order_lines") == 4


def test_store_satisfies_protocol(store: Opened) -> None:
    as_protocol: Store = store
    assert as_protocol.product("hoodie") is not None


def test_open_without_seed_is_empty(backend: Backend) -> None:
    with open_store(backend, seed=False) as store:
        assert store.products() == []
        with pytest.raises(StoreError, match="no store information"):
            store.store_info()


def test_demo_store_content(store: Opened) -> None:
    earbuds = store.product("wireless-earbuds")
    assert earbuds is not None
    assert earbuds.stock == 25
    assert earbuds.name("ko") == "무선 이어폰"
    assert earbuds.names["en"] == ("wireless earbuds", "earbuds", "earphones")
    assert earbuds.name("ja") == "wireless earbuds"
    assert set(store.categories()) == {"audio", "accessories", "clothing", "shoes", "wearables", "bags"}
    for product in store.products():
        assert 5 <= product.stock <= 50
        assert product.names["ko"][0]
        assert set(product.colors) <= set(COLORS)
    shoes = store.product("running-shoes")
    assert shoes is not None and shoes.sizes == ("240", "250", "260", "270", "280")
    info = store.store_info()
    assert info.name == {"en": "Hanbit Store", "ko": "한빛 스토어"}
    assert info.currency == "USD"
    assert info.hours[0].opens == time(10) and info.hours[0].closes == time(20)
    assert info.hours[6].opens == time(11) and info.hours[6].closes == time(18)
    assert [(d.id, d.days, d.price_cents, d.free_over_cents) for d in info.delivery] == [
        ("standard", 3, 499, 5000),
        ("express", 1, 1299, None),
    ]
    topics = {entry.topic for entry in store.faq()}
    assert {"payment", "returns", "warranty", "parking", "gift_wrap", "exchange"} <= topics
    assert all(set(entry.answers) == {"en", "ko"} for entry in store.faq())
    statuses = {}
    for order_id in (4821, 4822, 4823):
        order = store.order(order_id)
        assert order is not None and order.customer_phone
        statuses[order_id] = order.status
    assert statuses == {4821: "shipped", 4822: "processing", 4823: "delivered"}
    shipped = store.order(4821)
    assert shipped is not None and shipped.delivery_eta == NOW.date() + timedelta(days=1)
    customer = store.customer("(213) 555-0187")
    assert customer is not None and customer.name == "Jimin Park"
    assert [o.id for o in store.orders_for_phone("213-555-0187")] == [4821, 4823]


# --- orders -------------------------------------------------------------------------------


def test_place_order_takes_stock_and_writes_order_and_lines(store: Opened, backend: Backend) -> None:
    order = store.place_order(
        [OrderLine("wireless-earbuds", 2, color="Black"), OrderLine("t-shirt", 1, size="m", color="navy")],
        lang="en",
        customer_phone="213-555-0100",
    )
    assert order.id == 5001
    assert order.status == "placed"
    assert order.lines == (
        OrderLine("wireless-earbuds", 2, None, "black"),
        OrderLine("t-shirt", 1, "M", "navy"),
    )
    assert order.total_cents == 2 * 5999 + 1999  # over 50.00: free standard delivery
    assert order.delivery_eta == NOW.date() + timedelta(days=3)
    assert order.customer_phone == "2135550100"
    assert store.order(5001) == order
    assert stock(store, "wireless-earbuds") == 23
    assert stock(store, "t-shirt") == 49
    assert backend.count("order_lines") == 4 + 2
    assert store.place_order([OrderLine("hoodie", 1, "L", "gray")], "ko").id == 5002


def test_delivery_fee_and_express(store: Opened) -> None:
    standard = store.place_order([OrderLine("screen-protector", 1)], "en")
    assert (standard.total_cents, standard.delivery_cents) == (999 + 499, 499)
    express = store.place_order([OrderLine("smart-watch", 1, color="silver")], "en", delivery="express")
    assert (express.total_cents, express.delivery) == (14999 + 1299, "express")
    assert express.delivery_eta == NOW.date() + timedelta(days=1)


def test_out_of_stock_changes_nothing(store: Opened, backend: Backend) -> None:
    with pytest.raises(OutOfStock) as caught:
        store.place_order(
            [OrderLine("smart-watch", 3, color="black"), OrderLine("smart-watch", 3, color="silver")], "en"
        )
    assert (caught.value.product_id, caught.value.available) == ("smart-watch", 5)
    assert isinstance(caught.value, StoreError)
    assert stock(store, "smart-watch") == 5
    assert backend.count("orders") == 3


@pytest.mark.parametrize(
    ("lines", "delivery", "message"),
    [
        ([], "standard", "at least one"),
        ([OrderLine("flying-car", 1)], "standard", "unknown product"),
        ([OrderLine("phone-charger", 0)], "standard", "1 to 99"),
        ([OrderLine("phone-charger", 100)], "standard", "1 to 99"),
        ([OrderLine("t-shirt", 1, color="navy")], "standard", "size is required"),
        ([OrderLine("t-shirt", 1, size="XXL", color="navy")], "standard", "not available"),
        ([OrderLine("phone-case", 1, color="purple")], "standard", "not available"),
        ([OrderLine("phone-charger", 1, size="M")], "standard", "cannot be chosen"),
        ([OrderLine("phone-charger", 1)], "drone", "delivery option"),
    ],
)
def test_invalid_orders_change_nothing(
    store: Opened, backend: Backend, lines: Sequence[OrderLine], delivery: str, message: str
) -> None:
    before = store.products()
    with pytest.raises(InvalidOrder, match=message):
        store.place_order(lines, "en", delivery=delivery)
    assert store.products() == before
    assert backend.count("orders") == 3


def test_interrupted_order_leaves_nothing_behind(
    store: Opened, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_stock: list[int] = []

    def crash(self: Opened, conn: Tx, *args: object) -> None:
        seen_stock.append(
            conn.execute("SELECT stock FROM products WHERE id = 'wireless-earbuds'").fetchone()["stock"]
        )
        raise RuntimeError("power cut")

    monkeypatch.setattr(type(store), "_insert_lines", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        store.place_order([OrderLine("wireless-earbuds", 4, color="white")], "en")
    assert seen_stock == [21]  # the stock had been taken when the failure hit
    assert stock(store, "wireless-earbuds") == 25
    assert backend.count("orders") == 3
    assert store.order(5001) is None
    monkeypatch.undo()
    assert store.place_order([OrderLine("wireless-earbuds", 1, color="white")], "en").id == 5001


def test_cancel_order_restores_stock(store: Opened) -> None:
    order = store.place_order([OrderLine("backpack", 3, color="navy")], "en")
    assert stock(store, "backpack") == 15
    cancelled = store.cancel_order(order.id)
    assert cancelled.status == "cancelled"
    assert store.order(order.id) == cancelled
    assert stock(store, "backpack") == 18
    with pytest.raises(InvalidOrder, match="cancelled"):
        store.cancel_order(order.id)
    assert stock(store, "backpack") == 18


def test_kiosks_cancelling_the_same_order_at_once_put_its_stock_back_once(backend: Backend) -> None:
    with open_store(backend) as store:
        order = store.place_order([OrderLine("backpack", 3, color="navy")], "en")
    kiosks = [open_store(backend) for _ in range(6)]
    start = threading.Barrier(len(kiosks))

    def cancel(kiosk: Opened) -> str:
        start.wait()
        try:
            return kiosk.cancel_order(order.id).status
        except InvalidOrder:
            return "refused"

    try:
        with ThreadPoolExecutor(len(kiosks)) as pool:
            outcomes = sorted(pool.map(cancel, kiosks))
    finally:
        for kiosk in kiosks:
            kiosk.close()
    assert outcomes == ["cancelled"] + ["refused"] * (len(kiosks) - 1)
    assert backend.scalar("SELECT stock FROM products WHERE id = 'backpack'") == 18


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


def test_cancel_order_rules(store: Opened) -> None:
    with pytest.raises(InvalidOrder, match="shipped"):
        store.cancel_order(4821)
    with pytest.raises(InvalidOrder, match="delivered"):
        store.cancel_order(4823)
    assert store.cancel_order(4822).status == "cancelled"
    with pytest.raises(NotFound):
        store.cancel_order(9999)


# --- bookings -----------------------------------------------------------------------------


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


# --- bad database files -------------------------------------------------------------------


def test_corrupt_file_is_a_store_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(random.Random(7).randbytes(8192))
    with pytest.raises(StoreError, match="not a SQLite database") as caught:
        SqliteStore.open(path)
    assert str(path) in str(caught.value)


def test_directory_or_foreign_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        SqliteStore.open(tmp_path)
    assert str(tmp_path) in str(caught.value)
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(StoreError, match="another application"):
        SqliteStore.open(foreign)


def test_newer_schema_is_refused(backend: Backend) -> None:
    open_store(backend).close()
    if backend.name == "sqlite":
        backend.sql("PRAGMA user_version = 99")
    else:
        backend.sql("INSERT INTO schema_migrations (version) VALUES (99)")
    with pytest.raises(StoreError, match="newer version") as caught:
        open_store(backend)
    assert str(backend.location) in str(caught.value)


def test_a_database_of_another_application_is_refused(backend: Backend) -> None:
    if backend.name == "sqlite":
        backend.location.path.parent.mkdir(parents=True)
    backend.sql("CREATE TABLE notes (text TEXT)")
    with pytest.raises(StoreError, match="another application"):
        open_store(backend)
    assert backend.sql("SELECT * FROM notes") == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_is_a_store_error(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    SqliteStore.open(db).close()
    db.chmod(0o444)
    with pytest.raises(StoreError) as caught:
        SqliteStore.open(db)
    assert str(db) in str(caught.value)


def test_closed_store_raises_store_error(backend: Backend) -> None:
    with open_store(backend) as store:
        pass
    with pytest.raises(StoreError):
        store.products()


# --- catalog import -----------------------------------------------------------------------


def test_import_catalog_csv_upserts(store: Opened) -> None:
    assert store.import_catalog_csv(DATA / "catalog_ok.csv") == 3
    earbuds = store.product("wireless-earbuds")
    assert earbuds is not None and (earbuds.price_cents, earbuds.stock) == (5499, 30)
    jacket = store.product("rain-jacket")
    assert jacket is not None
    assert jacket.names == {"en": ("rain jacket", "raincoat", "rain coat"), "ko": ("비옷", "우비")}
    assert (jacket.sizes, jacket.colors, jacket.price_cents) == (("S", "M", "L"), ("navy", "green"), 6500)
    cable = store.product("usb-cable")
    assert cable is not None and cable.price_cents == 750 and "ko" not in cable.names
    assert len(store.products()) == 14


def test_bad_catalog_names_the_line_and_imports_nothing(store: Opened) -> None:
    before = store.products()
    path = DATA / "catalog_bad.csv"
    with pytest.raises(CatalogImportError, match="stock -3 is negative") as caught:
        store.import_catalog_csv(path)
    assert f"{path}:4" in str(caught.value)
    assert store.products() == before


HEADER = "id,name_en,name_ko,category,price,stock,sizes,colors,aliases_en,aliases_ko\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (b"id,name_en,category\nx,y,z\n", ":1: missing column 'name_ko'"),
        ((HEADER + "cable,cable,,accessories,cheap,3,,,,\n").encode(), ":2: price 'cheap'"),
        ((HEADER + "cable,cable,,accessories,1.999,3,,,,\n").encode(), ":2: price '1.999'"),
        ((HEADER + "cable,cable,,accessories,1,3.5,,,,\n").encode(), ":2: stock '3.5'"),
        ((HEADER + ",cable,,accessories,1,3,,,,\n").encode(), ":2: id is empty"),
        ((HEADER + "cable,,,accessories,1,3,,,,\n").encode(), ":2: name_en is empty"),
        ((HEADER + "Cable X,cable,,accessories,1,3,,,,\n").encode(), ":2: product id"),
        (
            (HEADER + "cable,cable,,accessories,1,3,,Purple#1,,\n").encode(),
            ":2: product cable: color 'purple#1' must be a lowercase English word",
        ),
        ((HEADER + "cable,cable,,accessories,1,3\n").encode(), ":2: missing column 'sizes'"),
        ((HEADER + "cable,cable,,accessories,1,3,,,,,extra\n").encode(), ":2: too many fields"),
        ((HEADER + "a,a,,x,1,1,,,,\nb,b,,x,1,1,,,,\na,a,,x,1,1,,,,\n").encode(), ":4: duplicate id 'a'"),
    ],
)
def test_catalog_errors(store: Opened, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "catalog.csv"
    path.write_bytes(content)
    with pytest.raises(CatalogImportError, match=message) as caught:
        store.import_catalog_csv(path)
    assert str(path) in str(caught.value)
    assert len(store.products()) == 12


def test_missing_catalog_file(store: Opened, tmp_path: Path) -> None:
    with pytest.raises(CatalogImportError, match="cannot read"):
        store.import_catalog_csv(tmp_path / "nope.csv")


# --- tickets and the interaction log ------------------------------------------------------


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


def test_import_store_toml_updates_hours_and_rejects_bad_files(store: Opened, tmp_path: Path) -> None:
    demo = (REPO / "assistant" / "data" / "demo_store.toml").read_text(encoding="utf-8")
    closed_sunday = tmp_path / "store.toml"
    closed_sunday.write_text(demo.replace('sun = "11:00-18:00"', 'sun = "closed"'), encoding="utf-8")
    store.import_store_toml(closed_sunday)
    assert store.free_slots("screen-repair", SUNDAY) == []
    assert store.store_info().hours[6].opens is None
    assert len(store.products()) == 12 and store.order(4821) is not None
    bad = tmp_path / "bad.toml"
    bad.write_text(demo.replace("stock = 25", 'stock = "lots"'), encoding="utf-8")
    with pytest.raises(StoreError, match="stock") as caught:
        store.import_store_toml(bad)
    assert str(bad) in str(caught.value)
