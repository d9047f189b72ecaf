"""WAV reading, validation, streaming and conversion, on speech made with espeak-ng (and sox)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tracemalloc
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.audio import AudioError, convert, duration_s, probe_wav, read_wav, stream_wav, write_wav
from assistant.messages import AudioChunk

needs_sox = pytest.mark.skipif(shutil.which("sox") is None, reason="sox not installed")


def espeak(path: Path, text: str) -> Path:
    subprocess.run(["espeak-ng", "-w", str(path), text], check=True, capture_output=True)
    return path


def sox(src: Path, dst: Path, *args: str) -> Path:
    subprocess.run(["sox", str(src), *args, str(dst)], check=True, capture_output=True)
    return dst


def samples(chunk: AudioChunk) -> np.ndarray:
    assert (chunk.rate, chunk.width, chunk.channels) == (16000, 2, 1)
    return np.frombuffer(chunk.audio, "<i2").astype(np.float64)


def snr_db(ref: np.ndarray, test: np.ndarray) -> float:
    n = min(ref.size, test.size)
    return float(10 * np.log10(np.sum(ref[:n] ** 2) / max(np.sum((ref[:n] - test[:n]) ** 2), 1e-9)))


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """espeak-ng output: 22050 Hz mono 16-bit."""
    return espeak(
        tmp_path_factory.mktemp("wav") / "speech.wav", "Where is my order number four eight two one"
    )


def test_read_espeak_wav_is_16k_mono_s16(speech: Path) -> None:
    info = probe_wav(speech)
    assert (info.rate, info.channels, info.width, info.encoding) == (22050, 1, 2, "pcm")
    chunk = read_wav(speech)
    assert duration_s(chunk) == pytest.approx(info.duration_s, abs=1e-3)
    x = samples(chunk)
    assert 0.05 < np.sqrt(np.mean(x**2)) / 32768 < 0.5  # speech, at a sane level


@needs_sox
@pytest.mark.parametrize(
    "args",
    [
        ("-b", "8", "-e", "unsigned-integer"),
        ("-b", "24"),
        ("-b", "32", "-e", "signed-integer"),
        ("-e", "floating-point", "-b", "32"),
        ("-e", "floating-point", "-b", "64"),
        ("-c", "2", "-r", "48000"),
        ("-c", "2", "-r", "44100", "-b", "24"),  # WAVE_FORMAT_EXTENSIBLE
        ("-r", "8000"),
        ("-r", "16000"),
    ],
    ids=lambda a: " ".join(a),
)
def test_formats_decode_to_the_same_speech(speech: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    ref = samples(read_wav(speech))
    other = samples(read_wav(sox(speech, tmp_path / "other.wav", *args)))
    assert abs(other.size - ref.size) <= 2
    if "8000" in args:  # band-limited to 4 kHz: compare energy and envelope only
        assert np.sqrt(np.mean(other**2)) == pytest.approx(np.sqrt(np.mean(ref**2)), rel=0.35)
        assert np.corrcoef(np.abs(ref[: other.size]), np.abs(other[: ref.size]))[0, 1] > 0.6
    else:
        assert snr_db(ref, other) > (25 if "8" in args else 35)  # 8-bit: quantisation noise


def test_downsampling_rejects_aliases() -> None:
    rate = 48000
    t = np.arange(rate) / rate
    for freq, expect_db in ((1000, 0.0), (6000, 0.0), (10000, -60.0), (20000, -60.0)):
        tone = (0.5 * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2")
        out = samples(convert(AudioChunk(tone.tobytes(), rate=rate)))
        assert out.size == 16000
        mid = out[2000:-2000] / 32768
        level = 20 * np.log10(max(np.sqrt(np.mean(mid**2)), 1e-9) / (0.5 / np.sqrt(2)))
        if expect_db == 0.0:
            assert abs(level) < 0.5, freq
        else:
            assert level < expect_db, freq


def test_upsample_round_trip_keeps_speech(speech: Path) -> None:
    ref = read_wav(speech)
    back = convert(convert(ref, rate=48000))
    assert snr_db(samples(ref)[100:-100], samples(back)[100:-100]) > 40


def test_convert_passes_16k_mono_through_unchanged(speech: Path) -> None:
    chunk = read_wav(speech)
    assert convert(chunk) is chunk


def test_convert_rejects_partial_frames() -> None:
    with pytest.raises(AudioError, match="whole number"):
        convert(AudioChunk(b"\x00\x00\x00", rate=16000, width=2, channels=2))


def test_stream_matches_read_for_any_chunk_size(speech: Path, tmp_path: Path) -> None:
    whole = read_wav(speech).audio
    for chunk_ms in (10, 30, 100):
        chunks = list(stream_wav(speech, chunk_ms))
        assert all(len(c.audio) == 32 * chunk_ms for c in chunks[:-1])
        assert 0 < len(chunks[-1].audio) <= 32 * chunk_ms
        assert b"".join(c.audio for c in chunks) == whole


def test_stream_uses_bounded_memory(speech: Path, tmp_path: Path) -> None:
    with wave.open(str(speech)) as one:
        params, frames = one.getparams(), one.readframes(one.getnframes())
    big = tmp_path / "long.wav"
    with wave.open(str(big), "wb") as w:
        w.setparams(params)
        for _ in range(150):  # ~5 minutes, ~13 MB
            w.writeframes(frames)
    assert big.stat().st_size > 12_000_000
    tracemalloc.start()
    try:
        total = sum(len(c.audio) for c in stream_wav(big))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total / 32000 == pytest.approx(150 * len(frames) / 2 / 22050, abs=0.01)
    assert peak < 2_000_000


def test_write_then_read_round_trip(speech: Path, tmp_path: Path) -> None:
    chunk = read_wav(speech)
    out = tmp_path / "copy.wav"
    write_wav(out, chunk)
    assert read_wav(out) == chunk
    stereo8 = AudioChunk(bytes([128, 128, 255, 1]), rate=8000, width=1, channels=2)
    write_wav(out, stereo8)
    info = probe_wav(out)
    assert (info.rate, info.width, info.channels, info.frames) == (8000, 1, 2, 2)


def test_duration() -> None:
    assert duration_s(AudioChunk(bytes(32000))) == 1.0
    assert duration_s(AudioChunk(bytes(48000 * 3 * 2), rate=48000, width=3, channels=2)) == 1.0


def _header(tag: int, bits: int, channels: int = 1, rate: int = 16000, data: bytes = b"") -> bytes:
    align = channels * ((bits + 7) // 8)
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * align, align, bits)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    body = b"WAVE" + chunks
    return b"RIFF" + struct.pack("<I", len(body)) + body


def test_errors_name_the_file_and_the_problem(speech: Path, tmp_path: Path) -> None:
    good = speech.read_bytes()
    cases = {
        "missing.wav": (None, "no such file"),
        "empty.wav": (b"", r"empty file \(0 bytes\)"),
        "notes.wav": (b"order 4821, two earbuds\n" * 10, r"not a WAV \(RIFF/WAVE\) file"),
        "song.wav": (b"ID3\x04\x00" + bytes(200), r"not a WAV \(RIFF/WAVE\) file \(looks like an MP3"),
        "short.wav": (good[:20], "truncated or corrupt WAV header"),
        "nodata.wav": (good[:36], r"truncated or corrupt WAV header \(no 'data' chunk"),
        "zero.wav": (good[:40] + b"\x00\x00\x00\x00", "no audio frames"),
        "adpcm.wav": (_header(0x0002, 4, data=bytes(64)), "unsupported encoding MS ADPCM"),
        "pcm40.wav": (_header(0x0001, 40, data=bytes(64)), r"unsupported encoding \(40-bit PCM\)"),
        "float16.wav": (_header(0x0003, 16, data=bytes(64)), r"unsupported encoding \(16-bit float\)"),
        "norate.wav": (_header(0x0001, 16, rate=0, data=bytes(64)), "corrupt WAV header"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        for call in (read_wav, stream_wav, probe_wav):
            with pytest.raises(AudioError, match=f"^{re.escape(str(path))}: {message}"):
                call(path)


@needs_sox
def test_other_formats_are_rejected_clearly(speech: Path, tmp_path: Path) -> None:
    flac = sox(speech, tmp_path / "speech.flac")
    with pytest.raises(AudioError, match=r"not a WAV \(RIFF/WAVE\) file \(looks like a FLAC"):
        read_wav(flac)
    ulaw = sox(speech, tmp_path / "ulaw.wav", "-e", "u-law")
    with pytest.raises(AudioError, match="unsupported encoding µ-law"):
        read_wav(ulaw)


def test_data_size_past_end_of_file_is_clamped(speech: Path, tmp_path: Path) -> None:
    """Streaming writers leave 0xFFFFFFFF (or a stale size) in the header; read what is there."""
    good = speech.read_bytes()
    broken = tmp_path / "live.wav"
    broken.write_bytes(good[:40] + b"\xff\xff\xff\xff" + good[44:])
    assert read_wav(broken) == read_wav(speech)
