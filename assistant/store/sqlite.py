"""The SQLite store: one database file, WAL mode, every write that matters in one transaction.

``SqliteStore`` combines the aggregates (``catalog.py``, ``orders.py``, ``returns.py``, ``bookings.py``,
``customers.py``, ``tickets.py``, ``activity.py``, ``privacy.py``, ``filling.py``, ``staff.py``) with SQLite's
connection: write transactions are ``BEGIN IMMEDIATE`` (one writer at a time, across processes),
so a read-check-write needs no further lock. Schema and migrations are in ``schema.py``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Self

from .activity import ActivityLog
from .base import Conflict, Cursor
from .bookings import Bookings
from .catalog import Catalog
from .customers import Customers
from .errors import StoreBusy, StoreError
from .filling import Filling
from .privacy import Privacy
from .returns import Returns
from .schema import migrate, schema_version
from .seed import demo_seed
from .staff import Staff
from .tickets import Tickets


class SqliteTx:
    """A transaction on a ``sqlite3`` connection (``Tx``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.IntegrityError as exc:
            raise Conflict(str(exc)) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        try:
            self._conn.executemany(sql, rows)
        except sqlite3.IntegrityError as exc:
            raise Conflict(str(exc)) from exc

    def lock(self, key: str) -> None:
        """Nothing to do: a write transaction holds the whole database."""


class SqliteStore(Catalog, Filling, Returns, Bookings, Customers, Tickets, ActivityLog, Privacy, Staff):
    """A ``Store`` in one SQLite file; safe to share between threads and processes."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime]) -> None:
        """Use ``SqliteStore.open``."""
        self._conn = conn
        self._path = path
        self._clock = clock
        self._lock = threading.RLock()

    @classmethod
    def open(
        cls, path: Path, seed: bool = True, clock: Callable[[], datetime] = datetime.now, upgrade: bool = True
    ) -> Self:
        """Open (creating if needed) the store at ``path``; seed the demo store into an empty catalog.

        With ``upgrade`` false an older schema is left as it is (``assistant db status``).
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open store database {path}: {exc}") from exc
        store = cls(conn, path, clock)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            if upgrade:
                store.upgrade(seed)
        except sqlite3.Error as exc:
            conn.close()
            raise store._error(exc) from exc
        except BaseException:
            conn.close()
            raise
        return store

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    @property
    def location(self) -> str:
        return str(self._path)

    def upgrade(self, seed: bool = True) -> int:
        """Migrate to ``SCHEMA_VERSION`` and, with ``seed``, seed an empty catalog; returns the version
        the file had."""
        with self._tx(write=True):
            before = schema_version(self._conn)
            migrate(self._conn, self._path)
        if seed:
            self._seed_if_empty(demo_seed())
        return before

    def schema_version(self) -> int:
        """The schema version of the file (``SCHEMA_VERSION`` once migrated)."""
        with self._lock:
            return schema_version(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _error(self, exc: sqlite3.Error) -> StoreError:
        if "file is not a database" in str(exc):
            return StoreError(f"{self._path} is not a SQLite database")
        if "database is locked" in str(exc) or "database is busy" in str(exc):
            return StoreBusy(f"store database {self._path}: database is locked by another program")
        return StoreError(f"store database {self._path}: {exc}")

    @contextmanager
    def _tx(self, write: bool = False) -> Iterator[SqliteTx]:
        """One transaction: ``IMMEDIATE`` for writes (takes the write lock up front)."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            try:
                yield SqliteTx(conn)
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc) from exc
                raise
