"""The two store backends as the tests see them: a fresh store location, opening it, and raw SQL.

``Backend.sql`` runs a statement outside the store (as staff tools or another program would), with
``?`` placeholders on both databases, and returns plain tuples.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg

from assistant.store import StoreLocation
from assistant.store.postgres import PostgresStore
from assistant.store.sqlite import SqliteStore
from tests.support.pgcluster import Cluster, ClusterError

Opened = SqliteStore | PostgresStore
"""A store as the tests open it (with the backend's extras: ``schema_version``, ``import_store_toml``)."""

NAMES = ("sqlite", "postgresql")
"""The backends every store test runs on."""

OPT_OUT = "KIOSK_TEST_POSTGRES"
"""Set to ``skip`` (or pass ``--no-postgres``) to deselect the PostgreSQL tests; refused under CI=true."""

SERVER = "KIOSK_TEST_PG"
"""URL of a PostgreSQL server (superuser, any database) for the tests; unset: a throwaway cluster."""


@dataclass
class Backend:
    """A fresh, empty store location of one backend (one per test)."""

    name: str
    """``sqlite`` or ``postgresql``."""
    location: StoreLocation
    """Where the store is (a file, or a new database)."""
    _conn: Any = field(default=None, repr=False)

    def open(self, clock: Callable[[], datetime] = datetime.now, seed: bool = True) -> Opened:
        """Open (migrate and, with ``seed``, seed) the store; several opens share the same data."""
        if self.location.is_url:
            return PostgresStore.open(self.location.url, seed=seed, clock=clock)
        return SqliteStore.open(self.location.path, seed=seed, clock=clock)

    def sql(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one statement now (committed at once); its rows, if any."""
        if self.location.is_url:
            if self._conn is None:
                self._conn = psycopg.connect(self.location.url, autocommit=True)
            cursor = self._conn.execute(statement.replace("?", "%s"), tuple(params) or None)
            return list(cursor.fetchall()) if cursor.description else []
        with sqlite3.connect(self.location.path) as conn:
            return conn.execute(statement, tuple(params)).fetchall()

    def scalar(self, statement: str, params: Sequence[object] = ()) -> Any:
        """The first value of the first row."""
        return self.sql(statement, params)[0][0]

    def count(self, table: str) -> int:
        """Rows in ``table``."""
        return int(self.scalar(f"SELECT COUNT(*) FROM {table}"))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


@dataclass
class PgServer:
    """A PostgreSQL server the tests may create databases on."""

    admin_url: str
    """A superuser URL (any database)."""
    cluster: Cluster | None = None
    """The throwaway cluster, when the tests started one."""

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.admin_url.rsplit("/", 1)[0] + f"/{name}"

    def drop_database(self, url: str) -> None:
        """Drop a database made by ``create_database`` (its connections are ended)."""
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def connect_server() -> PgServer:
    """The server named by ``KIOSK_TEST_PG``, or a throwaway cluster; ``RuntimeError`` saying how to
    get one when neither works."""
    url = os.environ.get(SERVER)
    if url:
        try:
            psycopg.connect(url, connect_timeout=5).close()
        except psycopg.Error as exc:
            raise RuntimeError(f"{SERVER}={url}: cannot connect: {str(exc).strip().splitlines()[0]}") from exc
        return PgServer(url)
    try:
        cluster = Cluster.create()
    except (ClusterError, OSError) as exc:
        raise RuntimeError(
            f"no PostgreSQL server for the PostgreSQL store tests ({exc}). Install PostgreSQL "
            f"(apt-get install postgresql), or set {SERVER} to a server's URL, or deselect these tests "
            f"with --no-postgres or {OPT_OUT}=skip (not under CI=true)"
        ) from exc
    return PgServer(cluster.url(), cluster)


def sqlite_backend(folder: Path) -> Backend:
    """A SQLite store file (not created yet) in ``folder``."""
    return Backend("sqlite", StoreLocation.parse(folder / "kiosk" / "store.db"))
