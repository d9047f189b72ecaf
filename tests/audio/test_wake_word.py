"""Shipped wake words (microWakeWord) on the espeak-ng recordings of ``audio_fixtures/wake_word`` and on
every other fixture (none of which says one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.audio import AudioError, duration_s, read_wav
from assistant.audio.wake_word import WakeWordSpotter
from assistant.config import WAKE_WORDS
from assistant.messages import AudioChunk
from tests.support.paths import FIXTURES

WAKE = sorted((FIXTURES / "wake_word").glob("*.wav"))
OTHERS = sorted(p for folder in ("en", "ko", "human") for p in (FIXTURES / folder).glob("*.wav"))


def spotted(word: str, path: Path, chunk_ms: int = 30) -> float | None:
    """When a fresh spotter for ``word`` hears it in ``path`` (seconds from the start), or None."""
    spotter = WakeWordSpotter(word)
    audio = read_wav(path).audio
    step = 32 * chunk_ms
    times = [spotter.feed(AudioChunk(audio[i : i + step])) for i in range(0, len(audio), step)]
    return next((t for t in times if t is not None), None)


@pytest.mark.parametrize("path", WAKE, ids=lambda p: p.stem)
def test_each_recording_wakes_its_own_word_only(path: Path) -> None:
    heard = {word: spotted(word, path) for word in WAKE_WORDS}
    [(word, at_s)] = [(w, t) for w, t in heard.items() if t is not None]
    assert path.name.startswith(word), heard
    assert 0.6 < at_s < duration_s(read_wav(path)), at_s  # after the word was said, within the file


FALSE_ACCEPTS = {"okay_nabu": 0, "alexa": 0, "hey_jarvis": 0, "hey_mycroft": 2}
"""Most false accepts per word on every other fixture (~400 s), as measured on 2026-12-03: none on the
espeak-ng, festival, Korean and human recordings; hey_mycroft fires on two requests of the Piper joe
voice (``booking_setup_10am_joe``, ``order_phone_case_blue_joe``) — see BENCHMARKS.md "Wake words"."""


def test_false_accepts_on_other_speech_stay_as_measured() -> None:
    false = [(w, p.name) for p in OTHERS for w in WAKE_WORDS if spotted(w, p, 1000) is not None]
    for word in WAKE_WORDS:
        assert sum(w == word for w, _ in false) <= FALSE_ACCEPTS[word], false
    assert all("_joe" in name for _, name in false), false
    assert sum(duration_s(read_wav(p)) for p in OTHERS) > 290


def test_the_time_does_not_depend_on_chunk_size() -> None:
    path = FIXTURES / "wake_word" / "okay_nabu_open_sundays_us.wav"
    assert spotted("okay_nabu", path, 10) == spotted("okay_nabu", path, 1000)


def test_after_a_reset_the_word_is_heard_again_on_the_same_clock() -> None:
    audio = read_wav(FIXTURES / "wake_word" / "okay_nabu_only_m3.wav")
    spotter = WakeWordSpotter("okay_nabu")
    first = spotter.feed(audio)
    spotter.reset()
    again = spotter.feed(audio)
    assert first is not None and again == pytest.approx(first + duration_s(audio), abs=0.011)


def test_unknown_words_and_other_formats_are_refused() -> None:
    with pytest.raises(AudioError, match="unknown wake word 'hey_kiosk'; choose one of: okay_nabu"):
        WakeWordSpotter("hey_kiosk")
    with pytest.raises(AudioError, match="16 kHz mono"):
        WakeWordSpotter("alexa").feed(AudioChunk(bytes(320), rate=8000))
