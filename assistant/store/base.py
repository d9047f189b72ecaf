"""What every part of a store shares, whichever database holds it: transactions, the clock, rows.

Each aggregate (catalog, orders, bookings, …) is a class deriving from ``StoreBase`` in its own
module, written once against the small ``Tx`` interface below: SQL with ``?`` placeholders, rows
read by column name, ``lock`` before a read-check-write, ``Conflict`` for a uniqueness violation.
A backend (``sqlite.py``, ``postgres.py``) supplies the connection, ``_tx`` and the schema; the
aggregates, and so pricing, validation and redaction, are the same code for both databases.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, NoReturn, Protocol, Self

from .errors import NotFound, StoreError


class Row(Protocol):
    """A result row, read by column name (``sqlite3.Row`` or a dict)."""

    def __getitem__(self, key: str, /) -> Any: ...


class Cursor(Protocol):
    """The result of one statement."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> Sequence[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Tx(Protocol):
    """One open transaction of either backend.

    Statements use ``?`` placeholders; values are passed as ``str``, ``int``, ``float`` or ``None``
    (times as ISO text, JSON as text) and come back in the same form, so rows are read the same way
    from both databases.
    """

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        """Run one statement; a uniqueness or check violation is ``Conflict``."""
        ...

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run one statement per parameter row."""
        ...

    def lock(self, key: str) -> None:
        """Hold ``key`` (``order:5001``) until the transaction ends, so that a read-check-write on it
        cannot interleave with another transaction's (SQLite's write transactions are serial anyway)."""
        ...


class Conflict(StoreError):
    """A write refused by a uniqueness or check constraint (a slot or a returned line taken meanwhile)."""


class StoreBase:
    """The clock and the transaction every aggregate uses; a backend implements ``_tx``."""

    _clock: Callable[[], datetime]

    @property
    def location(self) -> str:
        """Where the store is, for messages (a file path, or a URL without its password)."""
        raise NotImplementedError

    def _tx(self, write: bool = False) -> AbstractContextManager[Tx]:
        """One transaction; ``write`` for one that changes something (commits or rolls back whole)."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the database; the store cannot be used afterwards."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
