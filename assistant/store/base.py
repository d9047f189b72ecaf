"""The SQLite plumbing every part of ``SqliteStore`` shares: one connection, transactions, the clock.

Each aggregate (catalog, orders, bookings, …) is a class deriving from ``SqliteBase`` in its own
module; ``SqliteStore`` (``sqlite.py``) combines them and opens the database.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import NoReturn, Self

from .errors import NotFound, StoreBusy, StoreError


class SqliteBase:
    """One SQLite connection, shared between threads (a lock) and processes (SQLite's own locking)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime]) -> None:
        """Use ``SqliteStore.open``."""
        self._conn = conn
        self._path = path
        self._clock = clock
        self._lock = threading.RLock()

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    def close(self) -> None:
        """Close the database; the store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _error(self, exc: sqlite3.Error) -> StoreError:
        if "file is not a database" in str(exc):
            return StoreError(f"{self._path} is not a SQLite database")
        if "database is locked" in str(exc) or "database is busy" in str(exc):
            return StoreBusy(f"store database {self._path}: database is locked by another program")
        return StoreError(f"store database {self._path}: {exc}")

    @contextmanager
    def _tx(self, mode: str = "DEFERRED") -> Iterator[sqlite3.Connection]:
        """One transaction: ``IMMEDIATE`` for writes (takes the write lock up front)."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute(f"BEGIN {mode}")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc) from exc
                raise

    def _now(self) -> datetime:
        return naive(self._clock()).replace(microsecond=0)


def to_json(value: object) -> str:
    """``value`` as JSON text, non-ASCII kept readable."""
    return json.dumps(value, ensure_ascii=False)


def naive(moment: datetime) -> datetime:
    """Local wall-clock time without tzinfo."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def missing(kind: str, key: object) -> NoReturn:
    """Raise ``NotFound`` for the ``kind`` (``order``, ``booking``…) numbered ``key``."""
    raise NotFound(f"no {kind} {key}")
