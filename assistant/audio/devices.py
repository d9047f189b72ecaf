"""Microphone and speaker through sounddevice (imported lazily), and a file-backed fake microphone.

Without the PortAudio library or without a device every entry point raises ``DeviceError`` with a
line that points at the file and text modes. ``FakeMicrophone`` has the microphone's interface and
plays WAV files at real-time pace, so tests run real audio through the real pipeline.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from assistant.audio.convert import AudioError, StreamConverter
from assistant.audio.wav import duration_s, probe_wav, stream_wav
from assistant.messages import AudioChunk

_HINT = "use `assistant run --input FILE.wav` to play a recording, or `assistant chat` to type"
_DTYPES = {1: "uint8", 2: "int16", 3: "int24", 4: "int32"}


class DeviceError(AudioError):
    """No usable audio device (or no PortAudio library); the message says what to do instead."""


@dataclass(frozen=True)
class DeviceInfo:
    """One PortAudio device."""

    name: str
    """Device name as PortAudio reports it."""
    index: int
    """PortAudio device index."""
    channels: int
    """Maximum channels in the direction asked for (input or output)."""
    default_rate: int
    """The device's default sample rate."""


class AudioSource(Protocol):
    """What the pipeline needs from a microphone (real or fake)."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def chunks(self, timeout_s: float = 1.0) -> Iterator[AudioChunk]: ...

    def mute(self, muted: bool) -> None: ...

    def close(self) -> None: ...


def _sounddevice() -> Any:
    """Import sounddevice now; a missing PortAudio library becomes ``DeviceError``."""
    try:
        import sounddevice
    except ImportError:
        raise DeviceError(
            f"audio devices unavailable: the sounddevice package is not installed; {_HINT}"
        ) from None
    except OSError as e:
        raise DeviceError(
            f"audio devices unavailable: PortAudio library not found ({e}); install libportaudio2, or {_HINT}"
        ) from None
    return sounddevice


def _devices(kind: str) -> list[DeviceInfo]:
    sd = _sounddevice()
    try:
        found = sd.query_devices()
    except sd.PortAudioError as e:
        raise DeviceError(f"cannot list audio devices ({e}); {_HINT}") from None
    key = f"max_{kind}_channels"
    return [
        DeviceInfo(str(d["name"]), int(d["index"]), int(d[key]), int(d["default_samplerate"]))
        for d in found
        if int(d[key]) > 0
    ]


def input_devices() -> list[DeviceInfo]:
    """Devices that can record; ``[]`` when there are none."""
    return _devices("input")


def output_devices() -> list[DeviceInfo]:
    """Devices that can play; ``[]`` when there are none."""
    return _devices("output")


def _pick(device: str | int | None, devices: list[DeviceInfo], kind: str) -> DeviceInfo | None:
    """Resolve a device by index or case-insensitive name substring; ``None`` means PortAudio's default."""
    if not devices:
        raise DeviceError(f"no audio {kind} device found (no sound card?); {_HINT}")
    if device is None:
        return None
    if isinstance(device, int):
        match = [d for d in devices if d.index == device]
    else:
        match = [d for d in devices if device.lower() in d.name.lower()]
    if not match:
        listing = ", ".join(f"{d.index}: {d.name}" for d in devices)
        raise DeviceError(f"no audio {kind} device {device!r}; available: {listing}")
    return match[0]


class Microphone:
    """Records mono s16 chunks of ``block_ms`` at ``rate`` from a PortAudio input device."""

    def __init__(self, device: str | int | None = None, rate: int = 16000, block_ms: int = 30) -> None:
        self._info = _pick(device, input_devices(), "input")
        self.rate = rate
        self.block_ms = block_ms
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._muted = threading.Event()
        self._closed = threading.Event()
        self._stream: Any = None
        self._converter: StreamConverter | None = None
        self._stream_rate = rate
        self.overflows = 0
        """Times PortAudio reported lost input (the consumer fell behind)."""

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def open(self) -> None:
        """Start recording; falls back to the device's default rate (resampled) if ``rate`` is refused."""
        if self._stream is not None:
            return
        sd = _sounddevice()
        index = self._info.index if self._info else None
        error: Exception | None = None
        self._queue = queue.Queue()  # nothing stale (such as the end marker of a previous close)
        try:
            info = sd.query_devices(device=index, kind="input")
        except (sd.PortAudioError, ValueError) as e:
            raise DeviceError(f"cannot open the microphone ({e}); {_HINT}") from None
        for rate in dict.fromkeys([self.rate, int(info["default_samplerate"])]):
            try:
                stream = sd.RawInputStream(
                    samplerate=rate,
                    blocksize=rate * self.block_ms // 1000,
                    device=index,
                    channels=1,
                    dtype="int16",
                    callback=self._callback,
                )
                stream.start()
            except sd.PortAudioError as e:
                error = e
                continue
            self._stream, self._stream_rate = stream, rate
            self._converter = StreamConverter(self.rate) if rate != self.rate else None
            self._closed.clear()
            return
        raise DeviceError(f"cannot open the microphone ({error}); {_HINT}")

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if status:
            self.overflows += 1
        if not self._muted.is_set():
            self._queue.put(bytes(indata))

    def chunks(self, timeout_s: float = 1.0) -> Iterator[AudioChunk]:
        """Yield recorded chunks until closed (opening the stream if needed).

        ``DeviceError`` if no audio arrives within ``timeout_s`` while not muted.
        """
        if self._stream is None and not self._closed.is_set():
            self.open()
        while not self._closed.is_set():
            try:
                data = self._queue.get(timeout=timeout_s)
            except queue.Empty:
                if self._closed.is_set() or self._muted.is_set():
                    continue
                raise DeviceError(
                    f"the microphone delivered no audio for {timeout_s:.1f} s; {_HINT}"
                ) from None
            if data is None:
                break
            chunk = AudioChunk(data, rate=self._stream_rate)
            yield self._converter.feed(chunk) if self._converter else chunk

    def mute(self, muted: bool) -> None:
        """Half-duplex: while muted, captured audio is dropped."""
        if muted:
            self._muted.set()
        else:
            self._muted.clear()

    def close(self) -> None:
        """Stop recording and end ``chunks``."""
        self._closed.set()
        self._queue.put(None)
        if self._stream is not None:
            stream, self._stream = self._stream, None
            stream.stop()
            stream.close()


class Speaker:
    """Plays chunks on a PortAudio output device, blocking until done."""

    def __init__(self, device: str | int | None = None) -> None:
        self._info = _pick(device, output_devices(), "output")

    def play(self, chunk: AudioChunk) -> None:
        """Play one chunk in its own format; returns when it has been played."""
        sd = _sounddevice()
        dtype = _DTYPES.get(chunk.width)
        if dtype is None:
            raise AudioError(f"speaker: unsupported sample width {chunk.width}")
        try:
            with sd.RawOutputStream(
                samplerate=chunk.rate,
                channels=chunk.channels,
                dtype=dtype,
                device=self._info.index if self._info else None,
            ) as stream:
                stream.write(chunk.audio)
        except sd.PortAudioError as e:
            raise DeviceError(f"cannot play audio ({e}); {_HINT}") from None


class FakeMicrophone:
    """A microphone that plays WAV files (via ``stream_wav``), optionally at real-time pace.

    ``gap_s`` of digital silence goes between files and ``tail_s`` after the last one. With
    ``realtime`` a chunk is delivered when its last sample would have been recorded, and mute is
    judged at that moment, as a real microphone would: time spent muted by the consumer drops the
    audio of that time.
    """

    def __init__(
        self,
        files: Sequence[Path],
        *,
        rate: int = 16000,
        block_ms: int = 30,
        gap_s: float = 0.0,
        tail_s: float = 0.0,
        realtime: bool = True,
    ) -> None:
        self.files = [Path(f) for f in files]
        for f in self.files:
            probe_wav(f)  # fail now, not halfway through the stream
        self.rate = rate
        self.block_ms = block_ms
        self.gap_s = gap_s
        self.tail_s = tail_s
        self.realtime = realtime
        self._lock = threading.Lock()
        self._mute_log: list[tuple[float, bool]] = []  # (monotonic time, muted) transitions
        self._closed = threading.Event()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _source(self) -> Iterator[AudioChunk]:
        block = AudioChunk(bytes(2 * (self.rate * self.block_ms // 1000)), rate=self.rate)
        for i, path in enumerate(self.files):
            yield from stream_wav(path, self.block_ms, rate=self.rate)
            silence = self.gap_s if i < len(self.files) - 1 else self.tail_s
            for _ in range(round(silence * 1000 / self.block_ms)):
                yield block

    def chunks(self, timeout_s: float = 1.0) -> Iterator[AudioChunk]:
        """Yield the files' chunks until they end or ``close`` is called (``timeout_s`` is unused)."""
        start = time.monotonic()
        recorded = 0.0
        for chunk in self._source():
            if self._closed.is_set():
                return
            recorded += duration_s(chunk)
            captured = start + recorded
            if self.realtime:
                time.sleep(max(0.0, captured - time.monotonic()))
            if not self._muted_at(captured if self.realtime else time.monotonic()):
                yield chunk

    def _muted_at(self, when: float) -> bool:
        with self._lock:
            state = False
            for at, muted in self._mute_log:
                if at > when:
                    break
                state = muted
            return state

    def mute(self, muted: bool) -> None:
        """Half-duplex: audio captured while muted is dropped."""
        with self._lock:
            now = time.monotonic()
            # forget transitions older than a minute, but keep the state that was then in force
            old = [e for e in self._mute_log if e[0] <= now - 60.0]
            self._mute_log = [*old[-1:], *(e for e in self._mute_log if e[0] > now - 60.0), (now, muted)]

    def close(self) -> None:
        """End ``chunks`` at the next chunk."""
        self._closed.set()
