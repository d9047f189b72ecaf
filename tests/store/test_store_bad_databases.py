"""Database files and databases the store refuses: corrupt, foreign, newer, read-only, closed."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from assistant.store import (
    SqliteStore,
    StoreError,
)
from tests.support.backends import Backend
from tests.support.demo_store import open_store


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
