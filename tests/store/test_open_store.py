"""``open_store``: the one way the assistant, its commands and the benchmarks open a store, by a file path
or a PostgreSQL URL; ``assistant db status|migrate``."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from assistant.config import Config, ConfigError, load_config
from assistant.store import (
    SCHEMA_VERSION,
    BadLocation,
    SqliteStore,
    StoreLocation,
    StoreMissing,
    StoreUnavailable,
    open_store,
    pg_schema,
)
from assistant.store.postgres import PostgresStore
from tests.support.backends import Backend
from tests.support.cli import run
from tests.support.paths import DATA, REPO


def test_a_path_or_the_settings_open_a_sqlite_store(tmp_path: Path) -> None:
    db = tmp_path / "new" / "store.db"
    with open_store(db) as store:  # created with its folder and seeded
        assert isinstance(store, SqliteStore) and len(store.products()) == 12
    with open_store(Config(db=StoreLocation.parse(db)), seed=False, must_exist=True) as store:
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
        open_store(Config(db=StoreLocation.parse(missing)), must_exist=True)
    assert not missing.parent.exists()
    with pytest.raises(StoreMissing):
        open_store(tmp_path, must_exist=True)  # a folder is not a store


@pytest.mark.postgres
def test_a_url_opens_a_postgresql_store_migrated_and_seeded(pg_database: Backend, tmp_path: Path) -> None:
    url = pg_database.location.text
    with open_store(url) as store:
        assert isinstance(store, PostgresStore) and len(store.products()) == 12
    config = tmp_path / "config.toml"
    config.write_text(f'db = "{url}"\n')
    assert load_config(config).db == StoreLocation(url)
    with open_store(load_config(config), seed=False, must_exist=True) as store:
        assert store.order(4821) is not None
    assert pg_database.scalar("SELECT COUNT(*) FROM products") == 12  # seeded once


@pytest.mark.postgres
def test_must_exist_refuses_an_empty_postgresql_database_and_creates_nothing(pg_database: Backend) -> None:
    with pytest.raises(StoreMissing, match=r"no store in the database .*assistant db migrate"):
        open_store(pg_database.location, must_exist=True)
    assert (
        pg_database.scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
        == 0
    )


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("mysql://kiosk@db/shop", "mysql databases are not supported"),
        (Path("postgresql://kiosk@db/shop"), "is not a database URL"),  # what Path makes of a URL
        ("   ", "the store location is empty"),
    ],
)
def test_a_location_no_backend_serves_is_refused_and_nothing_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, location: str | Path, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BadLocation, match=message):
        open_store(location)
    assert list(tmp_path.iterdir()) == []  # no folder called "postgresql:" was made
    config = tmp_path / "config.toml"
    config.write_text(f'db = "{location}"\n')
    with pytest.raises(ConfigError, match=f"{config}: db: .*{message}"):
        load_config(config)


def test_an_unreachable_server_is_one_line_without_the_password(tmp_path: Path) -> None:
    url = "postgresql://kiosk:s3cret@127.0.0.1:1/shop"
    with pytest.raises(StoreUnavailable, match="cannot connect to the store database") as caught:
        open_store(url)
    assert "s3cret" not in str(caught.value) and "kiosk:***@127.0.0.1:1/shop" in str(caught.value)
    done = run(["tickets", "list", "--db", url], cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "s3cret" not in done.stderr
    assert done.stderr.startswith(
        "assistant: error: cannot connect to the store database postgresql://kiosk:***@"
    )


def test_commands_report_a_missing_store_and_a_bad_url_in_one_line(tmp_path: Path) -> None:
    done = run(["tickets", "list", "--db", str(tmp_path / "none.db")], cwd=tmp_path)
    assert (
        done.returncode == 2 and done.stderr == f"assistant: error: no store database at {tmp_path}/none.db\n"
    )
    done = run(["data", "purge", "--older-than", "1", "--db", "mysql://kiosk@db/shop"], cwd=tmp_path)
    assert done.returncode == 2 and done.stderr == (
        "assistant: error: cannot open mysql://kiosk@db/shop: mysql databases are not supported "
        "(give a SQLite file path or a postgresql:// URL)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_db_status_and_migrate_on_both_backends(backend: Backend, tmp_path: Path) -> None:
    db = backend.location.text
    status = run(["db", "status", "--db", db], cwd=tmp_path)
    if backend.name == "sqlite":  # a folder that does not exist is refused, nothing is made in it
        folder = backend.location.path.parent
        assert status.returncode == 2 and status.stderr.startswith(f"assistant: error: the folder {folder} ")
        folder.mkdir()
        status = run(["db", "status", "--db", db], cwd=tmp_path)
        assert status.returncode == 2 and status.stderr == f"assistant: error: no store database at {db}\n"
    else:
        assert status.returncode == 0 and status.stdout == (
            f"postgresql {db}: schema 0: no store tables yet (assistant db migrate creates them)\n"
        )
    done = run(["db", "migrate", "--db", db], cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == f"{backend.name} {db}: schema {SCHEMA_VERSION} (was 0)\n"
    again = run(["db", "migrate", "--db", db], cwd=tmp_path)
    assert again.stdout == f"{backend.name} {db}: schema {SCHEMA_VERSION}, up to date (nothing to do)\n"
    status = run(["db", "status", "--db", db], cwd=tmp_path)
    assert status.stdout == f"{backend.name} {db}: schema {SCHEMA_VERSION}, up to date\n"
    assert backend.count("products") == 0  # migrating creates tables; a kiosk seeds them
    with backend.open(seed=False) as store:
        store.import_catalog_csv(DATA / "catalog_ok.csv")
        assert len(store.products()) == 3


def test_both_schemas_reach_the_same_version() -> None:
    assert pg_schema.MIGRATIONS[-1][0] == SCHEMA_VERSION
    assert [version for version, _ in pg_schema.MIGRATIONS] == sorted({v for v, _ in pg_schema.MIGRATIONS})


def test_nothing_outside_the_store_opens_sqlite_directly() -> None:
    callers = [
        path.relative_to(REPO)
        for folder in ("assistant", "bench", "skills")
        for path in (REPO / folder).rglob("*.py")
        if "SqliteStore.open(" in path.read_text(encoding="utf-8")
        and not path.is_relative_to(REPO / "assistant" / "store")
    ]
    assert callers == []
