"""Freed native memory goes back to the system (what keeps a months-long kiosk process flat)."""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path

import pytest

from assistant.memory import release_free_memory


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(ctypes.util.find_library("c") is None, reason="needs the C library")
def test_memory_freed_between_live_blocks_is_given_back() -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
    blocks = []
    for _ in range(60_000):  # 60 MB of 1 kB blocks, as a recognizer's caches are many small ones
        block = libc.malloc(1024)
        libc.memset(block, 1, 1024)
        blocks.append(block)
    kept = blocks[::50]  # a few stay alive, so the freed ones are holes glibc keeps
    for block in blocks:
        if block not in kept:
            libc.free(block)
    before = resident_mb()
    release_free_memory()
    after = resident_mb()
    for block in kept:
        libc.free(block)
    assert before - after > 30, f"resident {before:.0f} MB → {after:.0f} MB"
