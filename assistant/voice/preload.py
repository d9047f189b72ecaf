"""Start-up work done on a background thread, waited for by whoever needs it first."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Preloaded(Generic[K, V]):
    """``load(key)`` for each of ``keys``, one after another on a background thread started now.

    ``get(key)`` waits for that key's value (raising what its load raised); a key that was not given is
    loaded on the caller's thread. The thread ends when the last key is loaded.
    """

    def __init__(self, load: Callable[[K], V], keys: Iterable[K]) -> None:
        self._load = load
        self._futures: dict[K, Future[V]] = {}
        wanted = list(dict.fromkeys(keys))
        if wanted:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preload")
            self._futures = {key: pool.submit(load, key) for key in wanted}
            pool.shutdown(wait=False)  # the queued loads still run; nothing more is queued

    def get(self, key: K) -> V:
        future = self._futures.get(key)
        return future.result() if future is not None else self._load(key)
