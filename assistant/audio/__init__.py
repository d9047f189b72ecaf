"""Audio in and out: WAV files, format conversion, endpointing (VAD) and sound devices."""

from assistant.audio.convert import AudioError, StreamConverter, convert
from assistant.audio.devices import (
    AudioSource,
    DeviceError,
    DeviceInfo,
    FakeMicrophone,
    Microphone,
    Speaker,
    input_devices,
    output_devices,
)
from assistant.audio.vad import Endpointer, EndpointSettings, SpeechListener, Utterance, Verdict
from assistant.audio.wav import WavInfo, duration_s, probe_wav, read_wav, stream_wav, write_wav

__all__ = [
    "AudioError",
    "AudioSource",
    "DeviceError",
    "DeviceInfo",
    "EndpointSettings",
    "Endpointer",
    "FakeMicrophone",
    "Microphone",
    "Speaker",
    "SpeechListener",
    "StreamConverter",
    "Utterance",
    "Verdict",
    "WavInfo",
    "convert",
    "duration_s",
    "input_devices",
    "output_devices",
    "probe_wav",
    "read_wav",
    "stream_wav",
    "write_wav",
]
