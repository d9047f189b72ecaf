"""``open_store``: the one way the assistant, its commands and the benchmarks open a store."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.store import SqliteStore, StoreError, StoreMissing, open_store
from tests.support.cli import run
from tests.support.paths import REPO


def test_a_path_or_the_settings_open_a_sqlite_store(tmp_path: Path) -> None:
    db = tmp_path / "new" / "store.db"
    with open_store(db) as store:  # created with its folder and seeded
        assert isinstance(store, SqliteStore) and len(store.products()) == 12
    with open_store(Config(db=db), seed=False, must_exist=True) as store:
        assert store.order(4821) is not None
    with open_store(str(tmp_path / "empty.db"), seed=False) as store:
        assert store.products() == []


def test_the_clock_is_the_stores_clock(tmp_path: Path) -> None:
    then = datetime(2026, 3, 2, 9, 30)
    with open_store(tmp_path / "s.db", clock=lambda: then) as store:
        assert store.create_ticket("r", "en", "", "").created_at == then


def test_must_exist_refuses_a_missing_file_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "store.db"
    with pytest.raises(StoreMissing, match=f"^no store database at {re.escape(str(missing))}$"):
        open_store(Config(db=missing), must_exist=True)
    assert not missing.parent.exists()
    with pytest.raises(StoreMissing):
        open_store(tmp_path, must_exist=True)  # a folder is not a store


@pytest.mark.parametrize("location", ["postgresql://kiosk@db.local/shop", Path("postgresql://kiosk@db/shop")])
def test_a_database_url_is_refused_until_a_backend_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, location: str | Path
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="postgresql stores are not supported yet"):
        open_store(location)
    with pytest.raises(StoreError, match="not supported"):
        open_store(Config(db=Path(location)))
    assert list(tmp_path.iterdir()) == []  # no folder called "postgresql:" was made


def test_commands_report_a_missing_store_and_a_url_in_one_line(tmp_path: Path) -> None:
    done = run(["tickets", "list", "--db", str(tmp_path / "none.db")], cwd=tmp_path)
    assert (
        done.returncode == 2 and done.stderr == f"assistant: error: no store database at {tmp_path}/none.db\n"
    )
    done = run(["data", "purge", "--older-than", "1", "--db", "postgresql://kiosk@db/shop"], cwd=tmp_path)
    assert done.returncode == 2 and "postgresql stores are not supported yet" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_nothing_outside_the_store_opens_sqlite_directly() -> None:
    callers = [
        path.relative_to(REPO)
        for folder in ("assistant", "bench", "skills")
        for path in (REPO / folder).rglob("*.py")
        if "SqliteStore.open(" in path.read_text(encoding="utf-8")
        and not path.is_relative_to(REPO / "assistant" / "store")
    ]
    assert callers == []
