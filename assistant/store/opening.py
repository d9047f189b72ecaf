"""Opening a store by its location, and the schema commands (``assistant db status|migrate``).

A path is a SQLite file; a ``postgresql://`` URL is a PostgreSQL database (``postgres.py``, imported
only then: psycopg is needed only for it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol

from .errors import StoreError, StoreMissing
from .location import StoreLocation
from .protocol import Store
from .schema import SCHEMA_VERSION
from .sqlite import SqliteStore

if TYPE_CHECKING:
    from .postgres import PostgresStore


class Located(Protocol):
    """Settings that name a store (``Config``)."""

    @property
    def db(self) -> StoreLocation: ...


@dataclass(frozen=True)
class SchemaStatus:
    """Where a store is and which schema version it has."""

    backend: str
    """``sqlite`` or ``postgresql``."""
    location: str
    """The file, or the URL without its password."""
    version: int
    """The schema version the database has (0: none yet)."""
    before: int | None = None
    """The version it had before ``migrate_store`` (``None`` for ``schema_status``)."""

    @property
    def latest(self) -> int:
        """The version this program writes."""
        return SCHEMA_VERSION


def location_of(config_or_location: Located | StoreLocation | PurePath | str) -> StoreLocation:
    """The store location of settings, or a location given directly (``BadLocation`` if unusable)."""
    if isinstance(config_or_location, StoreLocation | PurePath | str):
        return StoreLocation.parse(config_or_location)
    return StoreLocation.parse(config_or_location.db)


def open_store(
    config_or_location: Located | StoreLocation | PurePath | str,
    *,
    seed: bool = True,
    must_exist: bool = False,
    clock: Callable[[], datetime] = datetime.now,
) -> Store:
    """Open the store named by the settings (their ``db``) or by a location; every command opens it so.

    The schema is brought up to date, and the demo store seeded into an empty catalog when ``seed``.
    A path is a SQLite file, created with its folder; a URL names an existing PostgreSQL database
    whose tables are created on first use. With ``must_exist`` a missing file or a database without
    a store's tables is ``StoreMissing`` and nothing is created. Raises ``StoreUnavailable`` when a
    server cannot be reached and ``StoreError`` on a database that cannot be used.
    """
    location = location_of(config_or_location)
    store = _open(location, clock, must_exist)
    try:
        if must_exist and store.schema_version() == 0:
            raise StoreMissing(f"no store in the database {location} (create it with: assistant db migrate)")
        store.upgrade(seed=seed)
    except BaseException:
        store.close()
        raise
    return store


def schema_status(config_or_location: Located | StoreLocation | PurePath | str) -> SchemaStatus:
    """The schema version of an existing store (``StoreMissing`` for a missing file); changes nothing."""
    location = location_of(config_or_location)
    with _open(location, datetime.now, must_exist=True) as store:
        return SchemaStatus(_backend(location), str(location), store.schema_version())


def migrate_store(config_or_location: Located | StoreLocation | PurePath | str) -> SchemaStatus:
    """Create or update the store's tables (without seeding); returns the versions before and after."""
    location = location_of(config_or_location)
    with _open(location, datetime.now, must_exist=False) as store:
        before = store.upgrade(seed=False)
        return SchemaStatus(_backend(location), str(location), store.schema_version(), before)


def _backend(location: StoreLocation) -> str:
    return "postgresql" if location.is_url else "sqlite"


def _open(
    location: StoreLocation, clock: Callable[[], datetime], must_exist: bool
) -> SqliteStore | PostgresStore:
    """The store at ``location``, connected but not migrated."""
    if location.is_url:
        try:
            from .postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(
                f"cannot open {location}: PostgreSQL support is not installed "
                "(pip install 'kiosk-assistant[postgres]')"
            ) from exc
        return PostgresStore.open(location.url, clock=clock, upgrade=False)
    path = location.path
    if must_exist and not path.is_file():
        raise StoreMissing(f"no store database at {path}")
    return SqliteStore.open(path, clock=clock, upgrade=False)
