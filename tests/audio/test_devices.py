"""Sound devices on a machine without a sound card, and the file-backed FakeMicrophone."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.audio import (
    AudioError,
    DeviceError,
    DeviceInfo,
    Endpointer,
    FakeMicrophone,
    Microphone,
    Speaker,
    duration_s,
    input_devices,
    output_devices,
    probe_wav,
)
from assistant.audio.devices import AudioSource


def no_devices(find: Callable[[], list[DeviceInfo]]) -> bool:
    try:
        return find() == []
    except DeviceError:
        return True


@pytest.fixture(scope="module")
def wavs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("mic")
    paths = []
    for i, text in enumerate(["where is my order", "book a screen repair tomorrow"]):
        path = tmp / f"say{i}.wav"
        subprocess.run(["espeak-ng", "-w", str(path), text], check=True, capture_output=True)
        paths.append(path)
    return paths


def test_device_lists_are_what_portaudio_reports() -> None:
    """Our lists hold exactly PortAudio's devices that can record (play), with their channels and rates."""
    import sounddevice

    reported = list(sounddevice.query_devices())
    for find, key in ((input_devices, "max_input_channels"), (output_devices, "max_output_channels")):
        expected = [
            (str(d["name"]), int(d["index"]), int(d[key]), int(d["default_samplerate"]))
            for d in reported
            if int(d[key]) > 0
        ]
        assert [(d.name, d.index, d.channels, d.default_rate) for d in find()] == expected


@pytest.mark.skipif(not no_devices(input_devices), reason="this machine has a microphone")
def test_microphone_without_a_sound_card_says_what_to_do() -> None:
    for device in (None, 0, "usb"):
        with pytest.raises(DeviceError) as info:
            Microphone(device)
        message = str(info.value)
        assert "--input FILE.wav" in message
        assert "assistant chat" in message
        assert "\n" not in message


@pytest.mark.skipif(not no_devices(output_devices), reason="this machine has a speaker")
def test_speaker_without_a_sound_card_says_what_to_do() -> None:
    with pytest.raises(DeviceError, match="assistant chat"):
        Speaker()


def test_fake_microphone_paces_at_real_time(wavs: list[Path]) -> None:
    total = sum(probe_wav(p).duration_s for p in wavs) + 0.3
    begin = time.monotonic()
    with FakeMicrophone(wavs, gap_s=0.3) as mic:
        got = sum(duration_s(c) for c in mic.chunks())
    elapsed = time.monotonic() - begin
    assert got == pytest.approx(total, abs=0.05)
    assert total - 0.05 <= elapsed < total + 0.5


def test_fake_microphone_fast_mode_and_chunk_size(wavs: list[Path]) -> None:
    begin = time.monotonic()
    chunks = list(FakeMicrophone(wavs, realtime=False, block_ms=20, tail_s=0.2).chunks())
    assert time.monotonic() - begin < 1.0
    assert all(c.rate == 16000 and c.width == 2 and c.channels == 1 for c in chunks)
    assert len(chunks[-1].audio) == 640 == len(chunks[0].audio)  # ends in 20 ms blocks of silence
    assert set(chunks[-1].audio) == {0}


def test_fake_microphone_drops_audio_while_muted(wavs: list[Path]) -> None:
    mic = FakeMicrophone(wavs[:1], realtime=False)
    everything = list(mic.chunks())
    kept = []
    for i, chunk in enumerate(mic.chunks()):
        kept.append(chunk)
        if i == 5:
            mic.mute(True)
    assert kept == everything[:6]
    mic.mute(False)
    assert list(mic.chunks()) == everything


def test_fake_microphone_muted_while_speaking_loses_that_time(wavs: list[Path]) -> None:
    """Half-duplex as in the pipeline: mute, play a reply (block), unmute; the mic ran meanwhile."""
    total = probe_wav(wavs[1]).duration_s
    begin = time.monotonic()
    received = 0.0
    with FakeMicrophone(wavs[1:], realtime=True) as mic:
        for i, chunk in enumerate(mic.chunks()):
            received += duration_s(chunk)
            if i == 10:
                mic.mute(True)
                time.sleep(0.5)  # the assistant speaks
                mic.mute(False)
    elapsed = time.monotonic() - begin
    assert received == pytest.approx(total - 0.5, abs=0.1)
    assert elapsed == pytest.approx(total, abs=0.3)


def test_fake_microphone_close_ends_the_stream(wavs: list[Path]) -> None:
    mic = FakeMicrophone(wavs, realtime=False)
    got = []
    for chunk in mic.chunks():
        got.append(chunk)
        mic.close()
    assert len(got) == 1


def test_fake_microphone_checks_files_up_front(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match=r"missing\.wav: no such file"):
        FakeMicrophone([tmp_path / "missing.wav"])


def test_fake_microphone_feeds_the_endpointer(wavs: list[Path]) -> None:
    mic: AudioSource = FakeMicrophone(wavs, gap_s=1.0, tail_s=0.5, realtime=False)
    ep = Endpointer()
    utterances = []
    with mic:
        for chunk in mic.chunks():
            utterances += ep.feed(chunk)
    assert len(utterances) == 2
    assert utterances[1].start_s > utterances[0].last_voice_s + 0.9
