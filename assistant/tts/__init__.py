"""Speech out: text → PCM with pyttsx3 (espeak-ng), one owner thread per engine."""

from assistant.tts.speech import Pyttsx3Speech, TtsError, VoiceError, VoiceSettings

__all__ = ["Pyttsx3Speech", "TtsError", "VoiceError", "VoiceSettings"]
