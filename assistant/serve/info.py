"""What ``describe`` answers: our recognizers, voices and dialogue, as Wyoming ``info``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wyoming.info import (
    AsrModel,
    AsrProgram,
    Attribution,
    HandleModel,
    HandleProgram,
    Info,
    TtsProgram,
    TtsVoice,
)

from assistant import __version__
from assistant.tts import VoiceChoice

_US = Attribution(name="kiosk-assistant", url="")
_VOSK = Attribution(name="Alpha Cephei (Vosk)", url="https://alphacephei.com/vosk/")
_SPHINX = Attribution(name="CMU Sphinx (pocketsphinx)", url="https://cmusphinx.github.io/")
_ESPEAK = Attribution(name="eSpeak NG", url="https://github.com/espeak-ng/espeak-ng")
_PIPER = Attribution(name="Piper (voice en_US-joe-medium)", url="https://github.com/rhasspy/piper")


def describe(engines: Mapping[str, str], voices: Sequence[VoiceChoice], languages: Sequence[str]) -> Info:
    """``engines``: language → engine name (``vosk``/``pocketsphinx``); ``voices``: the voice that
    speaks each language (Piper or espeak-ng)."""
    models = [
        AsrModel(
            name=f"{engine}-{lang}",
            description=f"{engine} speech to text, {lang}",
            attribution=_VOSK if engine == "vosk" else _SPHINX,
            installed=True,
            languages=[lang],
            version=None,
        )
        for lang, engine in sorted(engines.items())
    ]
    tts_voices = [
        TtsVoice(
            name=choice.voice,
            description=f"{choice.engine} voice {choice.voice} ({choice.lang})",
            attribution=_PIPER if choice.engine == "piper" else _ESPEAK,
            installed=True,
            languages=[choice.lang],
            version=None,
        )
        for choice in sorted(voices, key=lambda choice: choice.lang)
    ]
    return Info(
        asr=[
            AsrProgram(
                name="kiosk-assistant-asr",
                description="Speech to text of the kiosk assistant (English and Korean)",
                attribution=_US,
                installed=True,
                version=__version__,
                models=models,
            )
        ],
        tts=[
            TtsProgram(
                name="kiosk-assistant-tts",
                description="The kiosk assistant's voices",
                attribution=_US,
                installed=True,
                version=__version__,
                voices=tts_voices,
            )
        ],
        handle=[
            HandleProgram(
                name="kiosk-assistant-dialogue",
                description="The customer-service dialogue (orders, bookings, store questions, staff)",
                attribution=_US,
                installed=True,
                version=__version__,
                models=[
                    HandleModel(
                        name="kiosk-assistant",
                        description="customer service",
                        attribution=_US,
                        installed=True,
                        languages=list(languages),
                        version=__version__,
                    )
                ],
            )
        ],
    )
