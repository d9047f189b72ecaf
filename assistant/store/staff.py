"""Staff accounts for the console: a name, an argon2 hash (made by the caller, never the password) and
the count of failed logins with the lock that follows them.

Written once against ``Tx``, for SQLite and PostgreSQL alike. The lock is kept in the database, so a
restart of the console does not lift it and every console of a shop sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from .base import Conflict, Row, StoreBase, Tx
from .errors import StoreError

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")
"""A staff name: 1–32 lower-case letters, digits, dots, dashes or underscores, not starting with one
of the last three."""


class StaffError(StoreError):
    """A staff account that cannot be added or found (bad or taken name, unknown account)."""


@dataclass(frozen=True)
class StaffAccount:
    """One member of staff who may log in to the console."""

    name: str
    password_hash: str
    """An argon2 hash (``$argon2id$…``)."""
    created_at: datetime
    failed_logins: int = 0
    """Wrong passwords since the last good one or the last lock."""
    locked_until: datetime | None = None
    """Logins are refused until then (after too many wrong passwords)."""


def check_name(name: str) -> str:
    """``name`` when it is a valid staff name, else ``StaffError`` saying what a name may be."""
    if not NAME.fullmatch(name):
        raise StaffError(
            f"not a staff name: {name!r} (1-32 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit)"
        )
    return name


class Staff(StoreBase):
    """Staff accounts (either database)."""

    def add_staff(self, name: str, password_hash: str) -> StaffAccount:
        """Create an account; ``StaffError`` when the name is invalid or taken."""
        check_name(name)
        try:
            with self._tx(write=True) as conn:
                conn.execute(
                    "INSERT INTO staff (name, password_hash, created_at) VALUES (?, ?, ?)",
                    (name, password_hash, self._now().isoformat()),
                )
                return _get(conn, name) or _missing(name)
        except Conflict:
            raise StaffError(f"a staff account {name!r} already exists") from None

    def staff_accounts(self) -> list[StaffAccount]:
        """Every account, by name."""
        with self._tx() as conn:
            return [_from_row(r) for r in conn.execute("SELECT * FROM staff ORDER BY name")]

    def staff_account(self, name: str) -> StaffAccount | None:
        """One account by name."""
        with self._tx() as conn:
            return _get(conn, name)

    def remove_staff(self, name: str) -> None:
        """Delete an account; ``StaffError`` when there is none of that name."""
        with self._tx(write=True) as conn:
            if conn.execute("DELETE FROM staff WHERE name = ?", (name,)).rowcount == 0:
                _missing(name)

    def record_login_failure(self, name: str, max_attempts: int, lock_for: timedelta) -> StaffAccount:
        """Count a wrong password; the ``max_attempts``-th in a row locks the account for ``lock_for``
        (and starts the count afresh). ``StaffError`` for an unknown account."""
        with self._tx(write=True) as conn:
            conn.lock(f"staff:{name}")
            account = _get(conn, name) or _missing(name)
            failures = account.failed_logins + 1
            locked = None
            if failures >= max_attempts:
                failures, locked = 0, (self._now() + lock_for).isoformat()
            conn.execute(
                "UPDATE staff SET failed_logins = ?, locked_until = COALESCE(?, locked_until) WHERE name = ?",
                (failures, locked, name),
            )
            return _get(conn, name) or _missing(name)

    def clear_login_failures(self, name: str) -> None:
        """A good password: forget the wrong ones before it."""
        with self._tx(write=True) as conn:
            conn.execute("UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE name = ?", (name,))


def _get(conn: Tx, name: str) -> StaffAccount | None:
    row = conn.execute("SELECT * FROM staff WHERE name = ?", (name,)).fetchone()
    return _from_row(row) if row else None


def _from_row(row: Row) -> StaffAccount:
    locked = row["locked_until"]
    return StaffAccount(
        row["name"],
        row["password_hash"],
        datetime.fromisoformat(row["created_at"]),
        int(row["failed_logins"]),
        datetime.fromisoformat(locked) if locked else None,
    )


def _missing(name: str) -> StaffAccount:
    raise StaffError(f"no staff account {name!r} (see `assistant staff list`)")
