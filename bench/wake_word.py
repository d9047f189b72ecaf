"""Shipped wake words (microWakeWord, ``pymicro-wakeword``): detections and false accepts.

    python bench/wake_word.py     # ~10 s; prints the table of BENCHMARKS.md "Voice activity"

Every recording of ``audio_fixtures/wake_word/`` (made by ``audio_fixtures/wake_words.py``; a file's
name starts with the word it says) is played to each word's spotter: a detection of the word said is
a hit, of another word a false accept. Every other fixture (English, Korean, ``human/``) is played to
every spotter (reset between files): any detection is a false accept. CPU: process time of the
spotters per second of audio.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.audio import read_wav  # noqa: E402
from assistant.audio.wake_word import WakeWordSpotter  # noqa: E402
from assistant.config import WAKE_WORDS  # noqa: E402
from bench.report import machine  # noqa: E402
from tests.support.paths import FIXTURES  # noqa: E402


def main() -> None:
    wake = sorted((FIXTURES / "wake_word").glob("*.wav"))
    others = sorted(p for folder in ("en", "ko", "human") for p in (FIXTURES / folder).glob("*.wav"))
    audio = {p: read_wav(p) for p in (*wake, *others)}
    other_s = sum(len(audio[p].audio) / 32000 for p in others)
    print(f"{len(wake)} wake-word recordings; {len(others)} others ({other_s:.0f} s); {machine()}\n")
    print("| wake word | said | detected | false accepts on the others | CPU per second of audio |")
    print("|---|---:|---:|---:|---:|")
    for word in WAKE_WORDS:
        spotter = WakeWordSpotter(word)
        said = [p for p in wake if p.name.startswith(word)]
        started, detected, false = time.process_time(), 0, []
        for path in (*wake, *others):
            spotter.reset()
            if spotter.feed(audio[path]) is not None:
                if path in said:
                    detected += 1
                else:
                    false.append(path.name)
        spent = time.process_time() - started
        seconds = sum(len(audio[p].audio) / 32000 for p in (*wake, *others))
        names = f" ({', '.join(false)})" if false else ""
        print(f"| {word} | {len(said)} | {detected} | {len(false)}{names} | {spent / seconds:.2%} |")


if __name__ == "__main__":
    main()
