"""Speech to text: one ``SpeechToText`` protocol, Vosk and pocketsphinx behind it, grammars from templates."""

from assistant.stt.base import SpeechToText, SttError, create_engine
from assistant.stt.grammar import grammar_phrases, phrases_for, to_jsgf
from assistant.stt.models import KNOWN_MODELS, ModelInfo, RemoteModel, list_models, pull_model

__all__ = [
    "KNOWN_MODELS",
    "ModelInfo",
    "RemoteModel",
    "SpeechToText",
    "SttError",
    "create_engine",
    "grammar_phrases",
    "list_models",
    "phrases_for",
    "pull_model",
    "to_jsgf",
]
