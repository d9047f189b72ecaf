"""Giving freed native memory back to the system, for a process that runs for months."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any


@functools.cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_free_memory() -> None:
    """Return the pages ``free`` kept to the system (glibc's ``malloc_trim``; nothing elsewhere).

    Large native objects (a speech recognizer with its caches) freed between many small ones leave
    holes in the heap that glibc keeps resident; trimming after freeing one keeps resident memory
    close to what is really in use.
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
