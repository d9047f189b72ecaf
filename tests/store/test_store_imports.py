"""Importing a catalog CSV and a store TOML file: what is updated, and bad files that import nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.store import (
    CatalogImportError,
    StoreError,
)
from tests.support.backends import Opened
from tests.support.demo_store import SUNDAY
from tests.support.paths import DATA, REPO


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
