"""Staff passwords: argon2id hashes (argon2-cffi's defaults), never the password itself."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
"""Shortest password accepted for a staff account."""

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("not a password of anyone")
"""Checked against when the account does not exist, so that an unknown name takes as long to refuse."""


class WeakPassword(ValueError):
    """A password too short (or empty) to protect an account."""


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``; ``WeakPassword`` when it is shorter than ``MIN_LENGTH``."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a staff password needs at least {MIN_LENGTH} characters")
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; ``None`` (no such account) is never a match but
    costs the same time."""
    try:
        return _HASHER.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
