"""Speech to text: one ``SpeechToText`` protocol, Vosk and pocketsphinx behind it, grammars from templates."""

from assistant.stt.base import SpeechToText, SttError, create_engine
from assistant.stt.grammar import phrases_for
from assistant.stt.grammar_formats import to_jsgf
from assistant.stt.models import KNOWN_MODELS, ModelInfo, RemoteModel, list_models, pull_model
from assistant.stt.phrase_lists import grammar_phrases

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
