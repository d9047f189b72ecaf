"""Server-side sessions, CSRF tokens and login limits of the staff console.

A session is a random token in a ``Secure; HttpOnly; SameSite=Strict`` cookie; what it stands for (the
staff name, its CSRF token, when it was last used) stays in the server's memory, so nothing can be
forged or replayed after logout, and a restart logs everyone out. Every form carries the session's
CSRF token (the login form a token of its own, tied to a short-lived cookie).

Wrong passwords are limited twice: per account in the store (``max_attempts`` in a row lock it for
``lock_for``: every console of the shop sees the lock, a restart does not lift it) and per client
address here (a client guessing many names is locked too).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

SESSION_COOKIE = "console_session"
LOGIN_COOKIE = "console_login"


@dataclass(frozen=True)
class LoginPolicy:
    """How many wrong passwords are allowed, and for how long a lock holds."""

    max_attempts: int = 5
    """Wrong passwords in a row that lock an account."""
    lock_s: float = 15 * 60.0
    """How long an account or a client stays locked."""
    client_attempts: int = 20
    """Wrong logins from one client address (any names) within ``lock_s`` that lock the client."""
    idle_s: float = 30 * 60.0
    """A session unused for this long ends."""
    max_age_s: float = 12 * 3600.0
    """A session ends this long after the login whatever happens."""


@dataclass
class StaffSession:
    """One logged-in member of staff."""

    name: str
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    started: float = field(default_factory=time.monotonic)
    last_seen: float = field(default_factory=time.monotonic)


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens (``None`` never matches)."""
    return a is not None and b is not None and hmac.compare_digest(a.encode(), b.encode())


class Sessions:
    """The console's sessions and pending login forms, in memory, safe across threads."""

    MAX_PENDING = 10_000
    """Login forms handed out and not used yet (older ones are forgotten first)."""

    def __init__(self, policy: LoginPolicy) -> None:
        self.policy = policy
        self._sessions: dict[str, StaffSession] = {}
        self._forms: dict[str, float] = {}
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    # --- sessions ----------------------------------------------------------------------------------

    def start(self, name: str) -> tuple[str, StaffSession]:
        token = secrets.token_urlsafe(32)
        session = StaffSession(name)
        with self._lock:
            self._sessions[token] = session
        return token, session

    def get(self, token: str | None) -> StaffSession | None:
        """The live session of ``token`` (its use is noted), or ``None``."""
        if not token:
            return None
        now = time.monotonic()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if now - session.last_seen > self.policy.idle_s or now - session.started > self.policy.max_age_s:
                del self._sessions[token]
                return None
            session.last_seen = now
            return session

    def end(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)

    def end_all(self, name: str) -> None:
        """Every session of ``name`` (the account was removed)."""
        with self._lock:
            for token in [t for t, s in self._sessions.items() if s.name == name]:
                del self._sessions[token]

    # --- login forms -------------------------------------------------------------------------------

    def login_form(self) -> str:
        """A token for one login form (also its cookie); valid for ``idle_s``."""
        token = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._lock:
            for old in [t for t, at in self._forms.items() if now - at > self.policy.idle_s]:
                del self._forms[old]
            while len(self._forms) >= self.MAX_PENDING:
                del self._forms[next(iter(self._forms))]
            self._forms[token] = now
        return token

    def use_login_form(self, cookie: str | None, field_value: str | None) -> bool:
        """Whether the form's token matches its cookie and was handed out here (each works once)."""
        if not same(cookie, field_value):
            return False
        with self._lock:
            at = self._forms.pop(cookie or "", None)
        return at is not None and time.monotonic() - at <= self.policy.idle_s

    # --- client limits -----------------------------------------------------------------------------

    def client_locked(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(client, []) if now - t <= self.policy.lock_s]
            self._failures[client] = recent
            if not recent:
                del self._failures[client]
            return len(recent) >= self.policy.client_attempts

    def client_failed(self, client: str) -> None:
        with self._lock:
            self._failures.setdefault(client, []).append(time.monotonic())
