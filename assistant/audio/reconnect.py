"""Keep a kiosk listening when its microphone goes away: reopen it after growing pauses."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, Self

from assistant.audio.devices import AudioSource, DeviceError
from assistant.messages import AudioChunk


@dataclass(frozen=True)
class Backoff:
    """Pauses between attempts: ``first_s``, then times ``factor`` each time, at most ``max_s``."""

    first_s: float = 0.5
    factor: float = 2.0
    max_s: float = 30.0

    def delays(self) -> Iterator[float]:
        delay = self.first_s
        while True:
            yield delay
            delay = min(delay * self.factor, self.max_s)


@dataclass(frozen=True)
class MicrophoneStatus:
    """What happened to the microphone, for the screen and the event stream."""

    state: Literal["lost", "retrying", "back"]
    message: str
    retry_in_s: float = 0.0
    attempt: int = 0
    """Reopening attempts since it was lost."""


class ReconnectingMicrophone:
    """An ``AudioSource`` that survives its device: unplugged or silent, it is reopened until it works.

    The first microphone is opened by the caller's ``open_microphone`` as usual, so a kiosk with no
    microphone at start still fails at once with a clear ``DeviceError``. Once audio has flowed, a
    ``DeviceError`` is reported through ``on_status`` and the microphone reopened after ``backoff``
    pauses (never a busy loop), for as long as it takes, until ``close`` is called.
    """

    def __init__(
        self,
        open_microphone: Callable[[], AudioSource],
        *,
        backoff: Backoff = Backoff(),
        on_status: Callable[[MicrophoneStatus], None] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self._open = open_microphone
        self._backoff = backoff
        self._on_status = on_status
        self._closed = threading.Event()
        self._sleep = sleep or self._wait
        self._muted = False
        self._current: AudioSource | None = open_microphone()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def chunks(self, timeout_s: float = 1.0) -> Iterator[AudioChunk]:
        """Audio until ``close``; outages are bridged (and reported), not raised."""
        delays: Iterator[float] | None = None  # the backoff in force since the microphone was lost
        attempt = 0
        while not self._closed.is_set():
            if self._current is None:
                if delays is None:
                    delays, attempt = self._backoff.delays(), 0
                attempt += 1
                delay = next(delays)
                self._report(MicrophoneStatus("retrying", "waiting for the microphone", delay, attempt))
                self._sleep(delay)
                if self._closed.is_set():
                    return
                try:
                    self._current = self._open()
                except DeviceError:
                    continue
                self._current.mute(self._muted)
            microphone = self._current
            try:
                for chunk in microphone.chunks(timeout_s):
                    if delays is not None:  # audio flows again: only now is the outage over
                        self._report(MicrophoneStatus("back", "microphone back", attempt=attempt))
                        delays = None
                    yield chunk
                return  # the microphone was closed: so are we
            except DeviceError as exc:
                self._current = None
                microphone.close()
                self._report(MicrophoneStatus("lost", f"microphone lost: {exc}"))

    def _wait(self, seconds: float) -> None:
        self._closed.wait(seconds)  # close() ends the pause early

    def _report(self, status: MicrophoneStatus) -> None:
        if self._on_status is not None:
            self._on_status(status)

    def mute(self, muted: bool) -> None:
        """Half-duplex, carried over to a reopened microphone."""
        self._muted = muted
        if self._current is not None:
            self._current.mute(muted)

    def close(self) -> None:
        """Stop listening and stop retrying."""
        self._closed.set()
        if self._current is not None:
            self._current.close()
