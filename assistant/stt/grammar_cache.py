"""Compiled grammars kept on disk, so that a warm start does not compile them again.

Files live beside the NLU cache (``$XDG_CACHE_HOME/kiosk-assistant``), named ``<kind>-<key>.<suffix>``,
where the key hashes everything the file depends on: its inputs (templates, slot phrases, phrases) and
the source of the code that builds it, plus the engine's version where an engine reads it. A changed
skill or catalog gets a new file (the ``KEEP`` most recently used of each kind are kept); a file that
cannot be read is built again and rewritten, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.nlu.cache import cache_dir

KEEP = 100
"""Files kept per kind: the opening grammar and every intent's confirmation grammar (25 in English
with the built-in skills) of a few catalogs. Most are a few kB; an opening grammar ~0.5 MB."""


def fingerprint(*modules: str) -> str:
    """A hash of the source files of ``modules`` (dotted names under ``assistant``)."""
    import assistant

    root = Path(assistant.__file__).parent
    digest = hashlib.sha256(assistant.__version__.encode())
    for module in modules:
        path = root.joinpath(*module.split(".")).with_suffix(".py")
        digest.update(module.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key(parts: Iterable[str]) -> str:
    """A short hash of ``parts`` (in order)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class GrammarCache:
    """One folder of cached grammar files (``folder`` None: the user's cache folder)."""

    folder: Path | None = field(default=None)

    def path(self, kind: str, cache_key: str, suffix: str) -> Path:
        return (self.folder or cache_dir()) / f"{kind}-{cache_key}.{suffix}"

    def holds(self, path: Path) -> bool:
        """Whether ``path`` is one of this cache's files (not a temporary one)."""
        return path.parent == (self.folder or cache_dir())

    def text(self, kind: str, cache_key: str, suffix: str, build: Callable[[], str]) -> Path:
        """The file holding ``build()``'s text under ``cache_key``, built and written when missing.

        A file that is not valid UTF-8 text ending in the ``END`` line (truncated, foreign) is rebuilt.
        When the folder cannot be written, the text goes to a file of its own in the temporary folder.
        """
        path = self.path(kind, cache_key, suffix)
        if _complete(path):
            with contextlib.suppress(OSError):
                os.utime(path)
            return path
        text = build() + END
        try:
            _save(path, text)
        except OSError:
            handle, name = tempfile.mkstemp(prefix=f"{kind}-", suffix=f".{suffix}")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            return Path(name)
        _prune(path.parent, kind, suffix)
        return path

    def lines(self, kind: str, cache_key: str, build: Callable[[], list[str]]) -> list[str]:
        """``build()``'s lines (each without a line break) cached under ``cache_key``."""
        path = self.text(kind, cache_key, "txt", lambda: "".join(f"{line}\n" for line in build()))
        return path.read_text(encoding="utf-8").splitlines()[:-1]


END = "# end\n"
"""The last line of every cached file: a file without it was cut short (ARPA and our lists allow it)."""


def _complete(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell() < len(END):
                return False
            handle.seek(-len(END), os.SEEK_END)
            if handle.read() != END.encode():
                return False
            handle.seek(0)
            handle.read().decode("utf-8")
        return True
    except (OSError, UnicodeDecodeError):
        return False


def _save(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _prune(folder: Path, kind: str, suffix: str) -> None:
    def used(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    files = sorted(folder.glob(f"{kind}-*.{suffix}"), key=used, reverse=True)
    for old in files[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
