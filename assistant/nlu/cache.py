"""The trained classifier, kept on disk so that a warm start does not train it again.

The file is ``$XDG_CACHE_HOME/kiosk-assistant/nlu-<key>.pickle`` (``~/.cache`` by default), where the
key is a hash of everything training depends on: the engine's own code and data files, the version,
and every skill's sentences and lists. The catalog is not part of it: the classifier sees products only
as a placeholder, and what does depend on the catalog (the templates' expressions, the entity finders)
is rebuilt at each start in well under a second. A changed skill gets a new file (the eight most recent
are kept); a file that cannot be read is trained again and rewritten, never an error. The cache holds
only what this user's own assistant built.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import assistant

T = TypeVar("T")

KEEP = 8
"""Cache files kept (the most recently used)."""
_SOURCES = ("nlu", "slots")
_DATA = ("out_of_scope.yaml", "evidence.yaml", "not_sold.yaml", "lists.yaml", "english_words.txt")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kiosk-assistant"


def code_fingerprint() -> str:
    """A hash of the engine's source files and data files, and the package version."""
    root = Path(assistant.__file__).parent
    digest = hashlib.sha256(assistant.__version__.encode())
    files = [p for folder in _SOURCES for p in sorted((root / folder).glob("*.py"))]
    files += [root / "data" / name for name in _DATA]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key(parts: Iterable[str]) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def load_or_build(cache_key: str, build: Callable[[], T], folder: Path | None = None) -> T:
    """The object cached under ``cache_key``, or ``build()`` (then saved) when there is none or it is
    unreadable."""
    folder = folder or cache_dir()
    path = folder / f"nlu-{cache_key}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as handle:
                loaded: T = pickle.load(handle)
            with contextlib.suppress(OSError):
                os.utime(path)
            return loaded
        except Exception:  # a truncated, corrupt or foreign file: build it again
            pass
    built = build()
    with contextlib.suppress(OSError):
        _save(path, built)
        _prune(folder)
    return built


def _save(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".nlu-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("nlu-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
