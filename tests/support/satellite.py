"""A satellite made of the ``wyoming`` package's own client classes: it streams a WAV file to a Wyoming
server in real time (as a microphone would), keeps sending silence until the answer has arrived, says
it was ``played`` (as wyoming-satellite does after playing it), and records every event it got back
with the time it arrived."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.pipeline import PipelineStage, RunPipeline
from wyoming.snd import Played
from wyoming.tts import Synthesize, SynthesizeVoice

from assistant.audio import Endpointer, read_wav

RATE, WIDTH, CHANNELS = 16000, 2, 1
CHUNK_MS = 30


@dataclass
class Exchange:
    """What one spoken request got back."""

    wav: Path
    events: list[tuple[float, Event]] = field(default_factory=list)
    speech_end: float = 0.0
    """When the audio up to the end of speech had been sent (``time.perf_counter``)."""

    def of(self, kind: str) -> list[Event]:
        return [event for _, event in self.events if event.type == kind]

    @property
    def transcript(self) -> str | None:
        found = self.of("transcript")
        return Transcript.from_event(found[0]).text if found else None

    @property
    def reply(self) -> str | None:
        found = self.of("synthesize")
        return Synthesize.from_event(found[0]).text if found else None

    @property
    def audio_bytes(self) -> int:
        return sum(len(event.payload or b"") for event in self.of("audio-chunk"))

    @property
    def latency_ms(self) -> float | None:
        """End of speech (as sent) → first reply audio received."""
        first = next((at for at, event in self.events if event.type == "audio-chunk"), None)
        return None if first is None else (first - self.speech_end) * 1000


def speech_end_s(wav: Path) -> float:
    """Where speech ends in ``wav``, as our endpointer decides (seconds from the start)."""
    endpointer = Endpointer()
    audio = read_wav(wav)
    found = endpointer.feed(audio) + endpointer.flush()
    return found[-1].last_voice_s if found else len(audio.audio) / (RATE * WIDTH)


class Satellite:
    """One satellite connection to ``host:port``."""

    def __init__(self, host: str, port: int, *, timeout_s: float = 120.0) -> None:
        self.client = AsyncTcpClient(host, port, connect_timeout=10, read_timeout=timeout_s)
        self.timeout_s = timeout_s

    async def __aenter__(self) -> Satellite:
        await self.client.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.disconnect()

    async def start_pipeline(self) -> None:
        await self.client.write_event(
            RunPipeline(start_stage=PipelineStage.ASR, end_stage=PipelineStage.TTS).event()
        )
        await self.client.write_event(AudioStart(rate=RATE, width=WIDTH, channels=CHANNELS).event())

    async def say(self, wav: Path, *, cut_at_s: float | None = None) -> Exchange:
        """Stream ``wav`` in real time, then silence, until the reply's ``audio-stop`` arrives; with
        ``cut_at_s`` stop after that much audio and return at once (the caller then disconnects)."""
        audio = read_wav(wav).audio
        exchange = self.last = Exchange(wav)
        end_byte = int(speech_end_s(wav) * RATE) * WIDTH
        step = RATE * CHUNK_MS // 1000 * WIDTH
        done = asyncio.Event()

        async def listen() -> None:
            while True:
                event = await self.client.read_event()
                if event is None:
                    done.set()
                    return
                exchange.events.append((time.perf_counter(), event))
                if event.type in ("audio-stop", "handled", "error") or (
                    event.type == "transcript" and not exchange.of("voice-stopped")
                ):
                    done.set()
                    return

        reader = asyncio.create_task(listen())
        started = time.perf_counter()
        sent = 0
        limit = len(audio) if cut_at_s is None else int(cut_at_s * RATE) * WIDTH
        silence = bytes(step)
        try:
            while not done.is_set() and time.perf_counter() - started < self.timeout_s:
                chunk = audio[sent : sent + step] if sent < limit else silence
                if sent >= limit and cut_at_s is not None:
                    reader.cancel()
                    return exchange
                await self.client.write_event(
                    AudioChunk(rate=RATE, width=WIDTH, channels=CHANNELS, audio=chunk).event()
                )
                sent += len(chunk)
                if exchange.speech_end == 0.0 and sent >= end_byte:
                    exchange.speech_end = time.perf_counter()
                delay = started + sent / (RATE * WIDTH) - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            await asyncio.wait_for(reader, self.timeout_s)
        finally:
            reader.cancel()
        if exchange.of("audio-stop"):
            await self.client.write_event(Played().event())  # as if played at once
        return exchange

    async def transcribe(self, wav: Path, lang: str) -> str:
        audio = read_wav(wav).audio
        await self.client.write_event(Transcribe(language=lang).event())
        await self.client.write_event(AudioStart(rate=RATE, width=WIDTH, channels=CHANNELS).event())
        for start in range(0, len(audio), 4096):
            await self.client.write_event(
                AudioChunk(
                    rate=RATE, width=WIDTH, channels=CHANNELS, audio=audio[start : start + 4096]
                ).event()
            )
        await self.client.write_event(AudioStop().event())
        while True:
            event = await self.client.read_event()
            assert event is not None, "the server closed the connection"
            if Transcript.is_type(event.type):
                return Transcript.from_event(event).text
            assert event.type != "error", event.data

    async def synthesize(self, text: str, lang: str) -> tuple[dict[str, int], bytes]:
        await self.client.write_event(Synthesize(text=text, voice=SynthesizeVoice(language=lang)).event())
        fmt: dict[str, int] = {}
        audio = bytearray()
        while True:
            event = await self.client.read_event()
            assert event is not None, "the server closed the connection"
            assert event.type != "error", event.data
            if AudioStart.is_type(event.type):
                start = AudioStart.from_event(event)
                fmt = {"rate": start.rate, "width": start.width, "channels": start.channels}
            elif AudioChunk.is_type(event.type):
                audio += AudioChunk.from_event(event).audio
            elif AudioStop.is_type(event.type):
                return fmt, bytes(audio)
