"""Start-up work on a background thread: waited for, errors passed on, other keys loaded in place."""

from __future__ import annotations

import threading

import pytest

from assistant.voice.preload import Preloaded


def test_keys_load_on_another_thread_and_are_waited_for() -> None:
    release, threads = threading.Event(), {}

    def load(key: str) -> str:
        threads[key] = threading.current_thread()
        release.wait(5)
        return key.upper()

    preloaded = Preloaded(load, ["en", "ko", "en"])
    release.set()
    assert preloaded.get("en") == "EN" and preloaded.get("ko") == "KO"
    assert threads["en"] is not threading.current_thread()
    assert preloaded.get("fr") == "FR" and threads["fr"] is threading.current_thread()


def test_a_failed_load_raises_where_the_value_is_wanted() -> None:
    def load(key: str) -> str:
        raise ValueError(f"no model for {key}")

    preloaded = Preloaded(load, ["ko"])
    with pytest.raises(ValueError, match="no model for ko"):
        preloaded.get("ko")
