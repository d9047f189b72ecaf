"""Speech out: pyttsx3 (espeak-ng driver) owned by one thread, synthesizing to PCM.

pyttsx3 is not thread-safe and its ``runAndWait()`` blocks, so one owner thread creates the engine
and runs every request from a queue; callers wait on a future with a timeout. We never use
``say()`` (it shells out to ``aplay`` and cannot be interrupted): each utterance is written with
``save_to_file`` + ``runAndWait()`` to a temporary WAV that is read back into an ``AudioChunk`` at
the file's own rate, and played by whoever owns the speaker.

Things pyttsx3 gets wrong that this module guards against:

- a bad voice id is silently ignored, so every configured voice is checked against
  ``engine.getProperty("voices")`` (``VoiceError``) and the voice is read back after setting it;
- ``runAndWait()`` with nothing queued never returns, so empty text is refused (``TtsError``) and a
  request that outlives its timeout stops the driver loop so the engine stays usable;
- espeak applies a rate change on its own thread and ``runAndWait()`` cancels what it is still
  doing, which dropped rates now and then, so voice and rate are set and read back before speaking;
- the espeak driver prints "Audio saved to …" on stdout, which would corrupt a JSON event stream;
  that print is silenced (in the driver module only).

espeak-ng can be initialized only once per process and ``pyttsx3.init`` returns the same engine
to every caller, so all instances share one engine; a process-wide lock serializes their requests
and each request sets its own voice and rate.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from assistant.messages import AudioChunk

log = logging.getLogger(__name__)

T = TypeVar("T")

DRIVER = "espeak"
"""pyttsx3 driver name (espeak-ng on Linux)."""
MIN_RATE_WPM = 80
MAX_RATE_WPM = 450
"""Speaking rates espeak-ng accepts, in words per minute."""

_SETTLE_S = 2.0
"""How long espeak may take to apply a new voice and rate before speaking."""

_ESPEAK_LOCK = threading.Lock()
"""Serializes requests of every instance on the one process-wide espeak engine."""


class VoiceError(ValueError):
    """A configured or requested voice does not exist."""


class TtsError(RuntimeError):
    """Speech synthesis failed."""


def _default_voices() -> Mapping[str, str]:
    return MappingProxyType({"en": "gmw/en-us", "ko": "ko"})


@dataclass(frozen=True)
class VoiceSettings:
    """Which voice speaks each language, and how fast."""

    voices: Mapping[str, str] = field(default_factory=_default_voices)
    """Language code → pyttsx3 voice id (as listed by ``engine.getProperty("voices")``)."""
    rate_wpm: int = 170
    """Speaking rate in words per minute."""

    def __post_init__(self) -> None:
        if not MIN_RATE_WPM <= self.rate_wpm <= MAX_RATE_WPM:
            raise ValueError(
                f"rate_wpm must be between {MIN_RATE_WPM} and {MAX_RATE_WPM}, got {self.rate_wpm}"
            )


def _language_of(voice: Any) -> str:
    """Primary language subtag of a pyttsx3 ``Voice`` (``en-us`` → ``en``), or ``?``."""
    languages = getattr(voice, "languages", None) or []
    first = str(languages[0]) if languages else ""
    return first.split("-")[0].lower() or "?"


def _voice_error(voice_id: str, lang: str, available: Mapping[str, list[str]]) -> VoiceError:
    ids = available.get(lang, [])
    listing = ", ".join(ids) if ids else f"none (languages with voices: {', '.join(sorted(available))})"
    return VoiceError(
        f"unknown voice {voice_id!r} for language {lang!r}; available voices for {lang}: {listing}"
    )


def _quiet_print(*args: object, **_kwargs: object) -> None:
    log.debug("pyttsx3: %s", " ".join(str(a) for a in args))


class Pyttsx3Speech:
    """Text to speech with pyttsx3, owned by one thread.

    The engine is created in the owner thread when the object is constructed (never at import).
    Use as a context manager or call ``close()``.
    """

    def __init__(self, settings: VoiceSettings = VoiceSettings(), *, timeout_s: float = 30.0) -> None:
        self.settings = settings
        self.timeout_s = timeout_s
        self._requests: queue.Queue[tuple[Callable[[Any], Any], Future[Any]] | None] = queue.Queue()
        self._engine: Any = None
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="pyttsx3-owner", daemon=True)
        self._thread.start()
        try:
            self._voices = self._call(self._list_voices, self.timeout_s)
            for lang, voice_id in self.settings.voices.items():
                if voice_id.lower() not in self._voices.get(lang, []):
                    raise _voice_error(voice_id, lang, self._voices)
        except BaseException:
            self.close()
            raise

    # -- owner thread -------------------------------------------------------------------------

    def _serve(self) -> None:
        engine: Any = None
        while True:
            item = self._requests.get()
            if item is None:
                break
            job, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                if engine is None:
                    engine = self._create_engine()
                future.set_result(job(engine))
            except BaseException as exc:
                future.set_exception(exc)
        self._engine = None
        del engine

    def _create_engine(self) -> Any:
        try:
            import pyttsx3

            engine = pyttsx3.init(DRIVER)
        except Exception as exc:
            raise TtsError(f"cannot start the pyttsx3 {DRIVER} engine: {exc}") from exc
        driver_module = sys.modules.get(f"pyttsx3.drivers.{DRIVER}")
        if driver_module is not None:
            driver_module.print = _quiet_print  # type: ignore[attr-defined]
        self._engine = engine
        return engine

    @staticmethod
    def _list_voices(engine: Any) -> dict[str, list[str]]:
        by_lang: dict[str, list[str]] = {}
        for voice in engine.getProperty("voices"):
            by_lang.setdefault(_language_of(voice), []).append(str(voice.id).lower())
        return {lang: sorted(ids) for lang, ids in sorted(by_lang.items())}

    def _call(self, job: Callable[[Any], T], timeout_s: float) -> T:
        """Run ``job(engine)`` in the owner thread and wait for its result."""
        if self._closed:
            raise TtsError("the speech engine is closed")
        future: Future[T] = Future()
        self._requests.put((job, future))
        try:
            return future.result(timeout=timeout_s)
        except FutureTimeout:
            if not future.cancel():
                self._stop_driver_loop()
            raise TtsError(f"speech synthesis did not finish within {timeout_s:g} s") from None

    def _stop_driver_loop(self) -> None:
        """Break a hung ``runAndWait()`` so the owner thread can serve the next request."""
        engine = self._engine
        if engine is None:
            return
        with contextlib.suppress(Exception):
            engine.proxy.endLoop(True)

    # -- public API ---------------------------------------------------------------------------

    def synthesize(self, text: str, lang: str) -> AudioChunk:
        """Speak ``text`` with the voice configured for ``lang``; return 16-bit PCM at the file's rate."""
        if not text or not text.strip():
            raise TtsError("nothing to say: the text is empty")
        voice_id = self.settings.voices.get(lang)
        if voice_id is None:
            configured = ", ".join(sorted(self.settings.voices)) or "none"
            raise VoiceError(f"no voice configured for language {lang!r}; configured languages: {configured}")
        rate = self.settings.rate_wpm

        def job(engine: Any) -> AudioChunk:
            with _ESPEAK_LOCK, tempfile.TemporaryDirectory(prefix="tts-") as tmp:
                path = Path(tmp) / "utterance.wav"
                _settle(engine, voice_id, rate)
                if str(engine.getProperty("voice")).lower() != voice_id.lower():
                    raise _voice_error(voice_id, lang, self._voices)
                engine.save_to_file(text, str(path))
                engine.runAndWait()
                return _read_wav(path)

        try:
            return self._call(job, self.timeout_s)
        except _NoAudio:
            # Rarely (about 1 in 100 replies with two processes synthesizing at once, and now and then
            # the first request of a fresh process) pyttsx3's espeak driver writes an empty file or
            # one without samples; the same request again has always produced the audio.
            return self._call(job, self.timeout_s)

    def voices(self) -> dict[str, list[str]]:
        """Installed voice ids by language code (``en``, ``ko``…)."""
        return {lang: list(ids) for lang, ids in self._voices.items()}

    def close(self) -> None:
        """Stop the owner thread; further calls raise ``TtsError``. Safe to call twice."""
        if not self._closed:
            self._closed = True
            self._requests.put(None)
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=self.timeout_s)

    @property
    def alive(self) -> bool:
        """True while the owner thread runs."""
        return self._thread.is_alive()

    def __enter__(self) -> Pyttsx3Speech:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _settle(engine: Any, voice_id: str, rate: int) -> None:
    """Set the voice and rate on espeak itself and wait until espeak has applied them.

    In pyttsx3's retrieval mode espeak-ng applies a rate change later, on its own thread, and
    pyttsx3's ``runAndWait()`` cancels whatever espeak is still doing before it speaks: a rate
    queued through ``engine.setProperty`` was sometimes dropped that way (a reply at the default
    200 wpm). So the driver's own setter runs now and the rate is read back before speaking.
    """
    driver = sys.modules[f"pyttsx3.drivers.{DRIVER}"].EspeakDriver
    espeak = sys.modules["pyttsx3.drivers._espeak"]
    try:
        driver.setProperty("voice", voice_id)
        driver.setProperty("rate", rate)
    except ValueError as exc:
        raise TtsError(f"espeak refused voice {voice_id!r} at {rate} wpm: {exc}") from exc
    deadline = time.monotonic() + _SETTLE_S
    while engine.getProperty("rate") != rate or espeak.IsPlaying():
        if time.monotonic() > deadline:
            raise TtsError(f"espeak did not take the speaking rate {rate} within {_SETTLE_S:g} s")
        time.sleep(0.002)


def _read_wav(path: Path) -> AudioChunk:
    if not path.exists():
        raise TtsError("speech synthesis produced no file")
    try:
        with wave.open(str(path), "rb") as wav:
            frames = wav.readframes(wav.getnframes())
            chunk = AudioChunk(
                audio=frames, rate=wav.getframerate(), width=wav.getsampwidth(), channels=wav.getnchannels()
            )
    except EOFError as exc:  # an empty or cut-off file: the same case as no samples
        raise _NoAudio("speech synthesis wrote an empty WAV file") from exc
    except wave.Error as exc:
        raise TtsError(f"speech synthesis wrote an unreadable WAV: {exc}") from exc
    if not chunk.audio:
        raise _NoAudio("speech synthesis produced no audio")
    return chunk


class _NoAudio(TtsError):
    """The engine finished but wrote no samples (worth one more try)."""
