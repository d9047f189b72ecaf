"""The PostgreSQL store: many kiosks on one database server, through psycopg 3.

``PostgresStore`` combines the same aggregates as ``SqliteStore`` with a PostgreSQL connection. What
differs is only here and in ``pg_schema.py``:

- Placeholders: the shared ``?`` become psycopg's ``%s``; values go in as text and come back as text
  (timestamps, dates, times and JSON are loaded as their text form), so rows read the same.
- Concurrency: writes run in READ COMMITTED transactions. Stock is taken by conditional updates
  (``stock + ? >= 0``, rows locked in id order), a slot or a returned line by a primary key, and a
  read-check-write on one order, booking or identity-check subject holds a transaction-level
  advisory lock on it (``Tx.lock``). Reads run in a read-only REPEATABLE READ snapshot.
- Faults: a lock held by another kiosk for more than 5 s, a deadlock or a serialization failure is
  ``StoreBusy`` (try again). A server that cannot be reached is ``StoreUnavailable``; the next call
  connects again. When the connection breaks during COMMIT, the store reconnects and asks the server
  how that transaction ended (``txid_status``): committed is success, aborted is ``StoreUnavailable``,
  and no answer within ``RESOLVE_S`` is ``StoreUnavailable(in_doubt=True)``. So a caller is never
  told that a write failed when it was saved unless it is told that this is in doubt, and never told
  that it succeeded unless the commit was confirmed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from typing import Any, Self

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import DictRow, dict_row
from psycopg.types.string import TextLoader

from .activity import ActivityLog
from .base import Conflict, Cursor
from .bookings import Bookings
from .catalog import Catalog
from .customers import Customers
from .errors import StoreBusy, StoreError, StoreUnavailable
from .filling import Filling
from .location import redact_url
from .pg_schema import migrate, schema_version
from .privacy import Privacy
from .returns import Returns
from .seed import demo_seed
from .staff import Staff
from .tickets import Tickets

CONNECTION = {
    "connect_timeout": "3",
    "keepalives": "1",
    "keepalives_idle": "5",
    "keepalives_interval": "2",
    "keepalives_count": "3",
    "tcp_user_timeout": "9000",
    "application_name": "kiosk-assistant",
}
"""libpq settings unless the URL gives its own: connecting may take 3 s, and a server that stops
answering (a network cut, not a refused connection) is noticed within about 10 s, before the
dialogue's 15 s limit for a skill's handler."""

LOCK_TIMEOUT = "5s"
"""How long a statement waits for a row or advisory lock before ``StoreBusy`` (SQLite's busy timeout)."""

RESOLVE_S = 3.0
"""How long to keep trying to learn the outcome of a commit whose connection broke."""

_AS_TEXT = ("timestamp", "timestamptz", "date", "time", "json", "jsonb")
"""Types loaded as their text form, which the shared row readers parse as they do SQLite's."""

_BUSY = (
    pg_errors.LockNotAvailable,
    pg_errors.DeadlockDetected,
    pg_errors.SerializationFailure,
    pg_errors.QueryCanceled,
)


@lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    """The shared SQL with psycopg's placeholders (``?`` → ``%s``, a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresTx:
    """A transaction on a psycopg connection (``Tx``)."""

    def __init__(self, conn: psycopg.Connection[DictRow]) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        try:
            return self._conn.execute(_pg(sql) if params else sql, params or None)
        except pg_errors.IntegrityError as exc:
            raise Conflict(_first_line(exc)) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        params = list(rows)
        if not params:
            return
        try:
            with self._conn.cursor() as cursor:
                cursor.executemany(_pg(sql), params)
        except pg_errors.IntegrityError as exc:
            raise Conflict(_first_line(exc)) from exc

    def lock(self, key: str) -> None:
        self._conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))


class PostgresStore(Catalog, Filling, Returns, Bookings, Customers, Tickets, ActivityLog, Privacy, Staff):
    """A ``Store`` in a PostgreSQL database, shared by any number of kiosks; one connection per store
    object (guarded by a lock, like ``SqliteStore``), reconnected after the server comes back."""

    def __init__(self, url: str, clock: Callable[[], datetime]) -> None:
        """Use ``PostgresStore.open``."""
        self._url = url
        self._clock = clock
        self._lock = threading.RLock()
        self._conn: psycopg.Connection[DictRow] | None = None
        self._closed = False

    @classmethod
    def open(
        cls, url: str, seed: bool = True, clock: Callable[[], datetime] = datetime.now, upgrade: bool = True
    ) -> Self:
        """Connect to the database at ``url``, migrate it to ``SCHEMA_VERSION`` and seed the demo store
        into an empty catalog. Raises ``StoreUnavailable`` when the server cannot be reached and
        ``StoreError`` for any other reason the database cannot be used (named in one line)."""
        store = cls(url, clock)
        try:
            with store._lock:
                store._connection()
            if upgrade:
                store.upgrade(seed)
        except BaseException:
            store.close()
            raise
        return store

    @property
    def location(self) -> str:
        return redact_url(self._url)

    def upgrade(self, seed: bool = True) -> int:
        """Migrate to ``SCHEMA_VERSION`` and, with ``seed``, seed an empty catalog; returns the version
        the database had."""
        with self._tx(write=True) as tx:
            before = migrate(tx, self.location)
        if seed:
            self._seed_if_empty(demo_seed())
        return before

    def schema_version(self) -> int:
        """The database's schema version (``SCHEMA_VERSION`` once migrated)."""
        with self._tx() as tx:
            return schema_version(tx)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # --- connection -------------------------------------------------------------------------------

    def _connection(self) -> psycopg.Connection[DictRow]:
        """The open connection, or a new one when there is none or it broke."""
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if self._closed:
            raise StoreError(f"store database {self.location} is closed")
        self._conn = None
        if conn is not None:
            conn.close()
        try:
            conn = psycopg.connect(_conninfo(self._url), autocommit=True, row_factory=dict_row)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(
                f"cannot connect to the store database {self.location}: {_first_line(exc)}"
            ) from exc
        except psycopg.Error as exc:
            raise StoreError(f"cannot use the store database {self.location}: {_first_line(exc)}") from exc
        for name in _AS_TEXT:
            conn.adapters.register_loader(name, TextLoader)
        conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
        self._conn = conn
        return conn

    def _lost(self) -> None:
        """Forget a broken connection (the next call connects again)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _error(self, exc: psycopg.Error) -> StoreError:
        conn = self._conn
        if isinstance(exc, _BUSY):
            return StoreBusy(f"store database {self.location}: busy ({_first_line(exc)}); try again")
        if conn is None or conn.broken or conn.closed or isinstance(exc, psycopg.OperationalError):
            self._lost()
            return StoreUnavailable(f"lost the store database {self.location}: {_first_line(exc)}")
        return StoreError(f"store database {self.location}: {_first_line(exc)}")

    # --- transactions -----------------------------------------------------------------------------

    @contextmanager
    def _tx(self, write: bool = False) -> Iterator[PostgresTx]:
        """One transaction: READ COMMITTED for writes, a read-only snapshot for reads."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN" if write else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            except psycopg.Error as exc:
                raise self._error(exc) from exc
            try:
                yield PostgresTx(conn)
                xid = _xid(conn) if write else None
            except BaseException as exc:
                self._rollback(conn)
                if isinstance(exc, psycopg.Error):
                    raise self._error(exc) from exc
                raise
            self._commit(conn, xid)

    def _rollback(self, conn: psycopg.Connection[DictRow]) -> None:
        if conn.broken or conn.closed:
            self._lost()
            return
        try:
            conn.execute("ROLLBACK")
        except psycopg.Error:
            self._lost()

    def _commit(self, conn: psycopg.Connection[DictRow], xid: int | None) -> None:
        try:
            conn.execute("COMMIT")
        except psycopg.Error as exc:
            if xid is None:
                raise self._error(exc) from exc
            if not (conn.broken or conn.closed):
                # An error answered to COMMIT (a shutdown notice among them) may still follow a commit:
                # ask before saying it failed, or the customer's "yes" again would store it twice.
                self._rollback(conn)
                if self._outcome(xid) == "committed":
                    return
                raise self._error(exc) from exc
            self._lost()
            outcome = self._outcome(xid)
            if outcome == "committed":
                return
            if outcome == "aborted":
                raise StoreUnavailable(
                    f"lost the store database {self.location} while saving; nothing was saved"
                ) from exc
            raise StoreUnavailable(
                f"lost the store database {self.location} while saving; whether it was saved is not known",
                in_doubt=True,
            ) from exc

    def _outcome(self, xid: int) -> str | None:
        """``committed``, ``aborted`` or ``in progress`` for transaction ``xid``; ``None`` when the
        server cannot be asked within ``RESOLVE_S``."""
        deadline = time.monotonic() + RESOLVE_S
        while True:
            try:
                row = self._connection().execute("SELECT txid_status(%s) AS status", (xid,)).fetchone()
                return str(row["status"]) if row and row["status"] else None
            except (StoreError, psycopg.Error):
                self._lost()
                if time.monotonic() >= deadline:
                    return None
                time.sleep(0.2)


def _xid(conn: psycopg.Connection[DictRow]) -> int:
    """The open transaction's id, to ask after it should the commit's answer be lost."""
    row: Any = conn.execute("SELECT txid_current() AS xid").fetchone()
    return int(row["xid"])


def _conninfo(url: str) -> str:
    """``url`` with the ``CONNECTION`` settings it does not give itself (``?connect_timeout=10`` wins)."""
    given = conninfo_to_dict(url)
    return make_conninfo(url, **{k: v for k, v in CONNECTION.items() if k not in given})


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
