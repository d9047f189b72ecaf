"""Spotting a shipped wake word in a 16 kHz stream with microWakeWord (``pymicro-wakeword``, Apache-2.0).

The models come with the package: ``okay_nabu``, ``alexa``, ``hey_jarvis``, ``hey_mycroft``. A custom
word is the spoken wake phrase instead (``--wake PHRASE``, decoded by the speech engine).
"""

from __future__ import annotations

from typing import Any

from assistant.audio.convert import AudioError
from assistant.config import WAKE_WORDS
from assistant.messages import AudioChunk

RATE = 16000
"""microWakeWord listens to 16 kHz mono 16-bit audio."""


class WakeWordSpotter:
    """Feeds on mono s16 chunks at 16 kHz; says when (stream time) the wake word was last heard."""

    def __init__(self, name: str) -> None:
        """``AudioError`` (one line) for an unknown word or when ``pymicro-wakeword`` is missing."""
        if name not in WAKE_WORDS:
            raise AudioError(f"unknown wake word {name!r}; choose one of: {', '.join(WAKE_WORDS)}")
        try:
            from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures, Model
        except ImportError:
            raise AudioError(
                f"the wake word {name} needs pymicro-wakeword: pip install 'kiosk-assistant[wake]' "
                "(or use a spoken wake phrase, --wake PHRASE)"
            ) from None
        self.name = name
        self._model: Any = MicroWakeWord.from_builtin(Model(name))
        self._new_features = MicroWakeWordFeatures
        self._features: Any = MicroWakeWordFeatures()
        self._samples = 0

    @property
    def phrase(self) -> str:
        """The words, e.g. ``okay nabu``."""
        return self.name.replace("_", " ")

    def feed(self, chunk: AudioChunk) -> float | None:
        """Consume a chunk; the stream time (seconds) at which the word was detected in it, or None."""
        if (chunk.rate, chunk.width, chunk.channels) != (RATE, 2, 1):
            raise AudioError(f"wake word: needs 16 kHz mono 16-bit audio, got {chunk.rate} Hz")
        heard = None
        for step in range(0, len(chunk.audio), 320):  # 10 ms at a time, so the time is exact
            piece = chunk.audio[step : step + 320]
            self._samples += len(piece) // 2
            for features in self._features.process_streaming(piece):
                if self._model.process_streaming(features) and heard is None:
                    heard = self._samples / RATE
        return heard

    def reset(self) -> None:
        """Forget what was heard (after a conversation, before listening for the word again); the
        stream clock goes on."""
        self._model.reset()
        self._features = self._new_features()
