"""Where a store is: a SQLite file path or a PostgreSQL URL (``--db``, ``db =`` in the config file).

A ``Path`` would collapse the ``//`` of a URL, so the location is kept as given, in a small type
that knows which backend it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres")
"""URL schemes of the PostgreSQL backend (libpq's two spellings)."""

_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):/")
"""``scheme://…`` (or what ``Path`` makes of it, ``scheme:/…``); one letter is a Windows drive."""


class BadLocation(ValueError):
    """A ``--db`` value that names no store: an unknown URL scheme or a URL without a database."""


@dataclass(frozen=True)
class StoreLocation:
    """A store's location: ``url`` for PostgreSQL, else ``path`` to a SQLite file."""

    text: str
    """As given (a path with ``~`` expanded)."""

    @classmethod
    def parse(cls, value: str | PurePath | StoreLocation) -> StoreLocation:
        """Check ``value``; raises ``BadLocation`` with a one-line message for a URL no backend serves."""
        if isinstance(value, StoreLocation):
            return value
        text = str(value).strip()
        if not text:
            raise BadLocation("the store location is empty (give a SQLite file path or a postgresql:// URL)")
        url = _URL.match(text)
        if url is None:
            return cls(str(Path(text).expanduser()))
        scheme = url.group(1).lower()
        if scheme not in SCHEMES:
            raise BadLocation(
                f"cannot open {redact_url(text)}: {scheme} databases are not supported "
                "(give a SQLite file path or a postgresql:// URL)"
            )
        if not text.lower().startswith(f"{scheme}://"):  # what Path makes of a URL: "postgresql:/h/db"
            raise BadLocation(f"{text} is not a database URL (write {scheme}://host/dbname)")
        return cls(text)

    @property
    def is_url(self) -> bool:
        """Whether this names a PostgreSQL database (else a SQLite file)."""
        return _URL.match(self.text) is not None

    @property
    def path(self) -> Path:
        """The SQLite file (only for a path)."""
        if self.is_url:
            raise ValueError(f"{self} is a database URL, not a file")
        return Path(self.text)

    @property
    def url(self) -> str:
        """The PostgreSQL URL, password included (only for a URL)."""
        if not self.is_url:
            raise ValueError(f"{self} is a file, not a database URL")
        return self.text

    def __str__(self) -> str:
        """For messages and logs: the path, or the URL with its password replaced by ``***``."""
        return redact_url(self.text) if self.is_url else self.text


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (in the user part and in ``password=``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"//([^:/@]*):[^@/]*@", r"//\1:***@", url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        netloc = f"{user}@{host}"
    query = re.sub(r"(^|&)password=[^&]*", r"\1password=***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
