"""Sample-format conversion and resampling to mono 16-bit PCM (numpy).

Resampling is polyphase: the rate ratio is reduced to ``up/down`` and a Kaiser-windowed sinc low-pass
(cut-off just under the lower Nyquist frequency) interpolates, so downsampling does not alias.
``Resampler`` keeps its history between calls: feeding a stream in pieces gives the same samples as
converting it in one go.
"""

from __future__ import annotations

from math import gcd

import numpy as np
from numpy.typing import NDArray

from assistant.messages import AudioChunk

Samples = NDArray[np.float64]
"""Mono samples as floats in [-1, 1)."""

_BLOCK = 8192
"""Outputs computed per vectorised step (bounds the temporary tap matrix)."""


class AudioError(ValueError):
    """Audio that cannot be read or converted; the message names the file (or chunk) and the problem."""


def to_mono_float(data: bytes, width: int, channels: int, *, is_float: bool = False) -> Samples:
    """Decode interleaved little-endian PCM (8-bit unsigned, 16/24/32-bit signed, or float) to mono."""
    if channels < 1:
        raise AudioError(f"audio chunk: invalid channel count {channels}")
    frame = width * channels
    if len(data) % frame:
        raise AudioError(f"audio chunk: {len(data)} bytes is not a whole number of {frame}-byte frames")
    x: Samples
    if is_float:
        if width not in (4, 8):
            raise AudioError(f"audio chunk: unsupported float sample width {width} bytes")
        x = np.frombuffer(data, "<f4" if width == 4 else "<f8").astype(np.float64)
    elif width == 1:
        x = (np.frombuffer(data, np.uint8).astype(np.float64) - 128.0) / 128.0
    elif width == 2:
        x = np.frombuffer(data, "<i2").astype(np.float64) / 32768.0
    elif width == 3:
        padded = np.zeros((len(data) // 3, 4), np.uint8)
        padded[:, 1:] = np.frombuffer(data, np.uint8).reshape(-1, 3)
        x = (padded.view("<i4").ravel() >> 8).astype(np.float64) / 8388608.0
    elif width == 4:
        x = np.frombuffer(data, "<i4").astype(np.float64) / 2147483648.0
    else:
        raise AudioError(f"audio chunk: unsupported sample width {width} bytes")
    if channels > 1:
        x = x.reshape(-1, channels).mean(axis=1)
    return x


def to_s16(x: Samples) -> bytes:
    """Encode float samples as little-endian 16-bit PCM, clipping at full scale."""
    return np.clip(np.rint(x * 32768.0), -32768, 32767).astype("<i2").tobytes()


class Resampler:
    """Streaming polyphase resampler from ``src_rate`` to ``dst_rate`` (mono float samples)."""

    def __init__(self, src_rate: int, dst_rate: int, zero_crossings: int = 16) -> None:
        if src_rate <= 0 or dst_rate <= 0:
            raise AudioError(f"resampler: invalid rates {src_rate} -> {dst_rate}")
        g = gcd(src_rate, dst_rate)
        self.up = dst_rate // g
        self.down = src_rate // g
        stop = max(self.up, self.down)
        self._half = zero_crossings * stop
        n = np.arange(-self._half, self._half + 1, dtype=np.float64)
        cutoff = 0.45 / stop  # cycles per sample at the upsampled rate: 90 % of the lower Nyquist
        h = 2 * cutoff * np.sinc(2 * cutoff * n) * np.kaiser(n.size, 8.0) * self.up
        self._k = -(-n.size // self.up)
        h = np.concatenate([h, np.zeros(self._k * self.up - n.size)])
        self._taps: Samples = h.reshape(self._k, self.up).T.copy()  # taps[p, k] = h[p + k * up]
        self._reset()

    def _reset(self) -> None:
        self._buf: Samples = np.zeros(self._k)  # input history; index 0 is input sample _buf_start
        self._buf_start = -self._k
        self._n_in = 0
        self._n_out = 0

    @property
    def identity(self) -> bool:
        """True when the rates are equal and samples pass through unchanged."""
        return self.up == self.down

    def process(self, x: Samples) -> Samples:
        """Feed input samples; return every output sample that can be computed so far."""
        if self.identity:
            return x
        self._buf = np.concatenate([self._buf, x])
        self._n_in += x.size
        return self._produce(None)

    def flush(self) -> Samples:
        """End of stream: return the remaining outputs and start afresh."""
        if self.identity:
            return np.zeros(0)
        total = -(-self._n_in * self.up // self.down)
        self._buf = np.concatenate([self._buf, np.zeros(self._half // self.up + self._k + 1)])
        out = self._produce(total)
        self._reset()
        return out

    def _produce(self, limit: int | None) -> Samples:
        available = self._buf_start + self._buf.size  # input samples (incl. padding) in hand
        numerator = available * self.up - 1 - self._half
        end = numerator // self.down + 1 if numerator >= 0 else 0
        if limit is not None:
            end = min(end, limit)
        parts = []
        for first in range(self._n_out, end, _BLOCK):
            ns = np.arange(first, min(first + _BLOCK, end), dtype=np.int64)
            j = ns * self.down + self._half
            base = j // self.up - self._buf_start
            idx = base[:, None] - np.arange(self._k)[None, :]
            parts.append(np.einsum("ij,ij->i", self._taps[j % self.up], self._buf[idx]))
        self._n_out = max(self._n_out, end)
        keep_from = (self._n_out * self.down + self._half) // self.up - self._k + 1
        drop = keep_from - self._buf_start
        if drop > 0:
            self._buf = self._buf[drop:]
            self._buf_start += drop
        return np.concatenate(parts) if parts else np.zeros(0)


def convert(chunk: AudioChunk, rate: int = 16000) -> AudioChunk:
    """Convert any PCM chunk (8-bit unsigned, 16/24/32-bit signed; any channels) to mono s16 at ``rate``."""
    if chunk.width == 2 and chunk.channels == 1 and chunk.rate == rate:
        to_mono_float(chunk.audio, 2, 1)  # validates the length
        return chunk
    x = to_mono_float(chunk.audio, chunk.width, chunk.channels)
    resampler = Resampler(chunk.rate, rate)
    y = np.concatenate([resampler.process(x), resampler.flush()])
    return AudioChunk(to_s16(y), rate=rate, width=2, channels=1)


class StreamConverter:
    """Converts a stream of same-format chunks to mono s16 at ``rate``, without seams between chunks."""

    def __init__(self, rate: int = 16000) -> None:
        self.rate = rate
        self._format: tuple[int, int, int] | None = None
        self._resampler: Resampler | None = None

    def feed(self, chunk: AudioChunk) -> AudioChunk:
        """Convert one chunk; output may lag input by a few milliseconds (see ``flush``)."""
        fmt = (chunk.rate, chunk.width, chunk.channels)
        if self._resampler is None or self._format is None:
            self._format, self._resampler = fmt, Resampler(chunk.rate, self.rate)
        elif fmt != self._format:
            raise AudioError(
                f"audio stream: format changed from {self._format} to {fmt} (rate, width, channels)"
            )
        x = to_mono_float(chunk.audio, chunk.width, chunk.channels)
        return AudioChunk(to_s16(self._resampler.process(x)), rate=self.rate)

    def flush(self) -> AudioChunk:
        """End of stream: the remaining samples; the converter can then take a new stream."""
        out = self._resampler.flush() if self._resampler is not None else np.zeros(0)
        self._format = self._resampler = None
        return AudioChunk(to_s16(out), rate=self.rate)
