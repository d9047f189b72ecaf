"""Skills whose templates passed their checks before: the checks are skipped while nothing they read
has changed.

Checking every template (parsing it and normalizing each sentence shape it covers) took about a third
of building the assistant at each start. The checks read only the skill's sentence files and the code
that parses and normalizes them, so a file named by a hash of those (beside the NLU cache) records
that they passed; any change to a file or to that code gives a new hash, and the checks run again.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import assistant
from assistant.nlu.cache import cache_dir

_CODE = (
    "plugins/files.py",
    "plugins/checked.py",
    "nlu/templates.py",
    "nlu/slot_lists.py",
    "nlu/builtin_lists.py",
    "text.py",
)
KEEP = 32
"""Records kept (the most recently used)."""


def checks_key(root: Path) -> str:
    """A hash of what the template checks of the skill in ``root`` read."""
    package = Path(assistant.__file__).parent
    digest = hashlib.sha256(assistant.__version__.encode())
    files = [package / name for name in _CODE] + sorted((root / "sentences").glob("*.yaml"))
    for path in files:
        digest.update(str(path).encode("utf-8", "surrogatepass"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def passed_before(key: str, folder: Path | None = None) -> bool:
    """Whether the checks with this key passed before (and remember that they were used again)."""
    record = (folder or cache_dir()) / f"skill-checked-{key}"
    if not record.is_file():
        return False
    with contextlib.suppress(OSError):
        record.touch()
    return True


def remember_passed(key: str, folder: Path | None = None) -> None:
    """Record that the checks with this key passed; a folder that cannot be written is left alone."""
    folder = folder or cache_dir()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"skill-checked-{key}").touch()
        records = sorted(folder.glob("skill-checked-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in records[KEEP:]:
            old.unlink()
