"""Speech out: text → PCM with a Piper voice (English) or pyttsx3 (espeak-ng)."""

from assistant.tts.reply_voices import ReplyVoices, VoiceChoice, open_reply_voices
from assistant.tts.speech import Pyttsx3Speech, TtsError, VoiceError, VoiceSettings

__all__ = [
    "Pyttsx3Speech",
    "ReplyVoices",
    "TtsError",
    "VoiceChoice",
    "VoiceError",
    "VoiceSettings",
    "open_reply_voices",
]
