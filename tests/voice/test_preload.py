"""Start-up work on a background thread: waited for, errors passed on, other keys loaded in place."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.app import build, build_voice_loop
from assistant.audio.devices import FakeMicrophone
from assistant.config import Config
from assistant.store import StoreLocation
from assistant.stt import SpeechToText
from assistant.voice.preload import Preloaded
from assistant.voice.recognition import new_engine
from tests.support.audio import fixture


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


def test_the_voice_loop_listens_before_its_model_has_loaded(tmp_path: Path) -> None:
    """``build_voice_loop`` returns while the model is still loading; the first utterance waits for it
    (and for the opening grammar) and is answered."""
    assistant = build(Config(db=StoreLocation.parse(tmp_path / "s.db")))
    release, loaded = threading.Event(), threading.Event()

    def load(lang: str) -> SpeechToText:
        release.wait(60)
        engine = new_engine(assistant.config, lang)
        loaded.set()
        return engine

    try:
        loop = build_voice_loop(assistant, languages=("en",), speak=False, engines=Preloaded(load, ["en"]))
        assert not loaded.is_set()  # built without waiting for the model
        release.set()
        mic = FakeMicrophone([fixture("en", "store.hours")], realtime=False)
        turns = loop.run(mic.chunks(), assistant.dialogue.new_session("en"))
        assert [t.turn.match.intent for t in turns if t.turn is not None][:1] == ["store.hours"], turns
    finally:
        release.set()
        assistant.close()
