"""WAV files in and out: validated, streamed in bounded memory, converted to mono 16-bit PCM.

The RIFF header is parsed here (not by ``wave``) so that 32/64-bit float and WAVE_FORMAT_EXTENSIBLE
files are read too, and every problem is reported as one ``AudioError`` line naming the file.
"""

from __future__ import annotations

import struct
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

import numpy as np

from assistant.audio.convert import AudioError, Resampler, Samples, to_mono_float, to_s16
from assistant.messages import AudioChunk

_PCM, _FLOAT, _EXTENSIBLE = 0x0001, 0x0003, 0xFFFE
_KNOWN_TAGS = {0x0002: "MS ADPCM", 0x0006: "A-law", 0x0007: "µ-law", 0x0011: "IMA ADPCM", 0x0055: "MP3"}
_MAGIC = {b"ID3": "an MP3", b"\xff\xfb": "an MP3", b"fLaC": "a FLAC", b"OggS": "an Ogg", b"FORM": "an AIFF"}
_FIX = "convert it to 16-bit PCM WAV, e.g. `sox IN -b 16 -e signed-integer OUT.wav`"


@dataclass(frozen=True)
class WavInfo:
    """What a WAV header says, after validation."""

    path: Path
    """The file."""
    rate: int
    """Samples per second."""
    channels: int
    """Interleaved channels."""
    width: int
    """Bytes per sample."""
    encoding: Literal["pcm", "float"]
    """``pcm`` (8-bit unsigned or signed integers) or ``float`` (IEEE 32/64-bit)."""
    frames: int
    """Number of sample frames in the data chunk (as far as the file really holds them)."""
    data_offset: int
    """Byte offset of the first sample."""

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return self.frames / self.rate


def probe_wav(path: Path) -> WavInfo:
    """Read and validate the header of a WAV file; ``AudioError`` names the file and the problem."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise AudioError(f"{path}: is a directory, not a WAV file")
        with path.open("rb") as f:
            return _parse_header(path, f, size)
    except FileNotFoundError:
        raise AudioError(f"{path}: no such file") from None
    except OSError as e:
        raise AudioError(f"{path}: cannot read ({e.strerror or e})") from None


def _parse_header(path: Path, f: BinaryIO, size: int) -> WavInfo:
    if size == 0:
        raise AudioError(f"{path}: empty file (0 bytes)")
    head = f.read(12)
    if head[:4] == b"RF64":
        raise AudioError(f"{path}: RF64 (over 4 GB) WAV files are not supported; {_FIX}")
    if head[:4] == b"RIFX":
        raise AudioError(f"{path}: big-endian RIFX WAV files are not supported; {_FIX}")
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        kind = next((name for magic, name in _MAGIC.items() if head.startswith(magic)), None)
        looks = f" (looks like {kind} file)" if kind else ""
        raise AudioError(f"{path}: not a WAV (RIFF/WAVE) file{looks}; {_FIX}")
    fmt: tuple[int, int, int, int, int] | None = None  # tag, channels, rate, block_align, bits
    while True:
        chunk_head = f.read(8)
        if len(chunk_head) < 8:
            what = "no 'data' chunk" if fmt else "no 'fmt ' chunk"
            raise AudioError(f"{path}: truncated or corrupt WAV header ({what})")
        chunk_id, chunk_size = struct.unpack("<4sI", chunk_head)
        if chunk_id == b"fmt ":
            body = f.read(chunk_size)
            if chunk_size < 16 or len(body) < chunk_size:
                raise AudioError(
                    f"{path}: truncated or corrupt WAV header ('fmt ' chunk of {len(body)} bytes)"
                )
            tag, channels, rate, _byte_rate, block_align, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == _EXTENSIBLE and chunk_size >= 40:
                tag = struct.unpack("<H", body[24:26])[0]  # first two bytes of the sub-format GUID
            fmt = (tag, channels, rate, block_align, bits)
            f.seek(chunk_size & 1, 1)
        elif chunk_id == b"data":
            if fmt is None:
                raise AudioError(f"{path}: truncated or corrupt WAV header ('data' before 'fmt ')")
            offset = f.tell()
            return _validate(path, fmt, offset, min(chunk_size, size - offset))
        else:
            f.seek(chunk_size + (chunk_size & 1), 1)


def _validate(path: Path, fmt: tuple[int, int, int, int, int], offset: int, data_bytes: int) -> WavInfo:
    tag, channels, rate, block_align, bits = fmt
    width = (bits + 7) // 8
    encoding: Literal["pcm", "float"]
    if tag == _PCM and width in (1, 2, 3, 4):
        encoding = "pcm"
    elif tag == _FLOAT and bits in (32, 64):
        encoding = "float"
    elif tag in (_PCM, _FLOAT):
        raise AudioError(
            f"{path}: unsupported encoding ({bits}-bit {'PCM' if tag == _PCM else 'float'}); {_FIX}"
        )
    else:
        name = _KNOWN_TAGS.get(tag, "compressed")
        raise AudioError(f"{path}: unsupported encoding {name} (format tag 0x{tag:04x}); {_FIX}")
    if channels < 1 or not 1000 <= rate <= 384_000 or block_align != width * channels:
        raise AudioError(
            f"{path}: corrupt WAV header "
            f"(channels={channels}, rate={rate}, block_align={block_align}, bits={bits})"
        )
    frames = max(data_bytes, 0) // block_align
    if frames == 0:
        raise AudioError(f"{path}: no audio frames (empty 'data' chunk)")
    return WavInfo(path, rate, channels, width, encoding, frames, offset)


def stream_wav(path: Path, chunk_ms: int = 30, *, rate: int = 16000) -> Iterator[AudioChunk]:
    """Yield ``chunk_ms`` chunks of mono s16 audio at ``rate`` (the last may be shorter).

    The header is validated now (``AudioError``); samples are read lazily, a block at a time.
    """
    if chunk_ms <= 0:
        raise ValueError(f"chunk_ms must be positive, got {chunk_ms}")
    info = probe_wav(path)
    return _stream(info, chunk_ms, rate)


def _stream(info: WavInfo, chunk_ms: int, rate: int) -> Iterator[AudioChunk]:
    out_len = max(rate * chunk_ms // 1000, 1)
    block_frames = max(info.rate * chunk_ms // 1000, 1024)
    frame_bytes = info.width * info.channels
    resampler = Resampler(info.rate, rate)
    pending: Samples = np.zeros(0)
    remaining = info.frames
    try:
        f = info.path.open("rb")
    except OSError as e:
        raise AudioError(f"{info.path}: cannot read ({e.strerror or e})") from None
    with f:
        f.seek(info.data_offset)
        while remaining > 0:
            data = f.read(min(block_frames, remaining) * frame_bytes)
            data = data[: len(data) - len(data) % frame_bytes]
            if not data:
                break  # the file shrank under us
            remaining -= len(data) // frame_bytes
            x = to_mono_float(data, info.width, info.channels, is_float=info.encoding == "float")
            pending = np.concatenate([pending, resampler.process(x)])
            while pending.size >= out_len:
                yield AudioChunk(to_s16(pending[:out_len]), rate=rate)
                pending = pending[out_len:]
    pending = np.concatenate([pending, resampler.flush()])
    for start in range(0, pending.size, out_len):
        yield AudioChunk(to_s16(pending[start : start + out_len]), rate=rate)


def read_wav(path: Path, *, rate: int = 16000) -> AudioChunk:
    """Read a whole WAV file as one mono s16 chunk at ``rate``."""
    return AudioChunk(b"".join(c.audio for c in stream_wav(path, 1000, rate=rate)), rate=rate)


def write_wav(path: Path, chunk: AudioChunk) -> None:
    """Write a chunk as a PCM WAV file in its own format (8-bit is unsigned, as WAV requires)."""
    if (
        chunk.width not in (1, 2, 3, 4)
        or chunk.channels < 1
        or len(chunk.audio) % (chunk.width * chunk.channels)
    ):
        raise AudioError(f"{path}: cannot write a chunk of width {chunk.width}, {chunk.channels} channels")
    try:
        with wave.open(str(path), "wb") as w:
            w.setnchannels(chunk.channels)
            w.setsampwidth(chunk.width)
            w.setframerate(chunk.rate)
            w.writeframes(chunk.audio)
    except OSError as e:
        raise AudioError(f"{path}: cannot write ({e.strerror or e})") from None


def duration_s(chunk: AudioChunk) -> float:
    """Length of a chunk in seconds."""
    return len(chunk.audio) / (chunk.rate * chunk.width * chunk.channels)
