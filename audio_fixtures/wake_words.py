"""Recordings of the shipped wake words said in one breath with a request (or alone), for the wake-word
tests and ``bench/wake_word.py``: ``audio_fixtures/wake_word/``.

    python audio_fixtures/wake_words.py

Made like the other fixtures (``generate.py``: espeak-ng, sox, trimmed, peak-normalized, 0.3 s of
silence at both ends); each was checked to trigger its word's microWakeWord model.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import F, render, write_wav  # noqa: E402

WAKE_WORD_FIXTURES = [
    F("okay_nabu_open_sundays_us", "okay nabu, are you open on sundays", "store.hours", "en-us", 160),
    F(
        "okay_nabu_status_4821_gb",
        "okay nabu, where is my order four eight two one",
        "order.status",
        "en-gb",
        130,
    ),
    F("okay_nabu_only_m3", "okay nabu", None, "en-us+m3", 160),
    F("alexa_open_sundays_us", "alexa, are you open on sundays", "store.hours", "en-us", 150),
    F(
        "hey_mycroft_status_4821_gb",
        "hey mycroft, where is my order four eight two one",
        "order.status",
        "en-gb",
        150,
    ),
]
"""File name (the word it starts with, what follows, the voice), text, intent of the request, voice, speed."""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for fx in WAKE_WORD_FIXTURES:
            write_wav(HERE / "wake_word" / f"{fx.name}.wav", render(fx, Path(tmp)))
            print(f"wake_word/{fx.name}.wav")


if __name__ == "__main__":
    main()
