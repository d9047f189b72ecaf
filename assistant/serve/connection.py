"""One Wyoming connection: a satellite's conversation, or plain ``asr``/``tts``/``handle`` requests.

A satellite sends ``run-pipeline`` (start stage ``asr``) and streams ``audio-chunk``s. Our endpointer
finds the end of each utterance (``voice-started``/``voice-stopped`` are sent back), a speech worker
recognizes it and runs the dialogue turn in this connection's session, and the reply goes back the
way Home Assistant answers a satellite: ``transcript`` (redacted), ``synthesize`` (the reply's text),
then ``audio-start``/``audio-chunk``…/``audio-stop``. The satellite's microphone is not listened to
while a turn is in flight, nor while the reply plays (until ``played`` or the reply's length).

One session per connection; it starts afresh after a goodbye, and after the
configured silence (``session_timeout_s``), as a kiosk's does. A connection that goes away mid-
utterance drops the partial audio (it is never written anywhere); a turn already being decoded
finishes (its order or ticket is stored, the turn logged) and only its reply is not delivered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk as WyomingChunk
from wyoming.audio import AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event
from wyoming.handle import Handled
from wyoming.info import Describe, Info
from wyoming.ping import Ping, Pong
from wyoming.pipeline import PipelineStage, RunPipeline
from wyoming.server import AsyncEventHandler
from wyoming.snd import Played
from wyoming.tts import Synthesize
from wyoming.vad import VoiceStarted, VoiceStopped

from assistant.audio import AudioError, Endpointer, EndpointSettings, StreamConverter
from assistant.dialogue.session import Session
from assistant.messages import AudioChunk
from assistant.serve.workers import SpokenTurn, WorkerPool
from assistant.stt import SttError
from assistant.tts.speech import TtsError

log = logging.getLogger(__name__)

SAMPLES_PER_CHUNK = 1024
"""Reply audio is sent in chunks of this many samples (about 46 ms at 22 kHz)."""
MAX_REQUEST_S = 30.0
"""Longest audio a plain ``transcribe`` request may send (more is refused)."""
_STAGES = (PipelineStage.ASR, PipelineStage.INTENT, PipelineStage.HANDLE, PipelineStage.TTS)


@dataclass(frozen=True)
class ConnectionSettings:
    """What every connection of a server shares."""

    lang: str
    """Language a new session, a ``transcribe`` or a ``synthesize`` without one starts in."""
    languages: tuple[str, ...]
    """Languages we recognize and speak."""
    endpoint: EndpointSettings
    info: Info


class Connection(AsyncEventHandler):
    """A Wyoming event handler for one connection."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        pool: WorkerPool,
        settings: ConnectionSettings,
        tasks: set[asyncio.Task[None]],
    ) -> None:
        super().__init__(reader, writer)
        self.pool = pool
        self.settings = settings
        self.peer = str(writer.get_extra_info("peername"))
        self._tasks = tasks
        """The server's turns in flight (each finishes even when its connection is gone)."""
        self._session: Session | None = None
        self._mode: str | None = None
        self._end_stage = PipelineStage.TTS
        self._converter = StreamConverter()
        self._endpointer = Endpointer(settings.endpoint)
        self._request: bytearray | None = None
        self._request_lang = settings.lang
        self._busy = False
        self._deaf_until = 0.0
        self._closed = False
        self.latencies_ms: list[float] = []
        """End of speech decided → first reply audio written, per turn (the benchmark reads these)."""

    # --- events -------------------------------------------------------------------------------------

    async def handle_event(self, event: Event) -> bool:
        try:
            return await self._dispatch(event)
        except (KeyError, TypeError, ValueError, AudioError) as exc:  # a malformed event: say so, go on
            await self._error("bad-event", f"cannot use the {event.type} event: {exc}")
            return True

    async def _dispatch(self, event: Event) -> bool:
        if Describe.is_type(event.type):
            await self.write_event(self.settings.info.event())
        elif Ping.is_type(event.type):
            await self.write_event(Pong(text=Ping.from_event(event).text).event())
        elif RunPipeline.is_type(event.type):
            await self._run_pipeline(RunPipeline.from_event(event))
        elif Transcribe.is_type(event.type):
            request = Transcribe.from_event(event)
            self._mode, self._request = "transcribe", bytearray()
            self._request_lang = self._language(request.language)
            self._converter = StreamConverter()
        elif AudioStart.is_type(event.type):
            self._converter = StreamConverter()
        elif WyomingChunk.is_type(event.type):
            await self._audio(WyomingChunk.from_event(event))
        elif AudioStop.is_type(event.type):
            await self._audio_stop()
        elif Synthesize.is_type(event.type):
            wanted = Synthesize.from_event(event)
            lang = self._language(wanted.voice.language if wanted.voice else None, wanted.voice)
            await self._speak(wanted.text, lang)
        elif Transcript.is_type(event.type):  # our dialogue as a Wyoming ``handle`` service
            reply = await self.pool.respond(self._conversation(), Transcript.from_event(event).text)
            await self.write_event(Handled(text=reply.text).event())
            self._after(reply.end_session)
        elif Played.is_type(event.type):
            self._deaf_until = 0.0
        return True  # anything else is dropped, as Wyoming servers do

    async def _run_pipeline(self, run: RunPipeline) -> None:
        if run.start_stage != PipelineStage.ASR:
            await self._error(
                "unsupported-stage",
                f"this server starts pipelines at the asr stage, not {run.start_stage.value}: "
                "detect the wake word on the satellite (e.g. wyoming-satellite --wake-uri)",
            )
            return
        self._mode, self._end_stage = "pipeline", run.end_stage
        self._converter, self._endpointer = StreamConverter(), Endpointer(self.settings.endpoint)
        self._conversation()

    async def _audio(self, chunk: WyomingChunk) -> None:
        audio = self._converter.feed(AudioChunk(chunk.audio, chunk.rate, chunk.width, chunk.channels))
        if self._mode == "transcribe" and self._request is not None:
            self._request += audio.audio
            if len(self._request) > MAX_REQUEST_S * 32000:
                self._request = None
                self._mode = None
                await self._error("too-long", f"a transcribe request may send {MAX_REQUEST_S:g} s of audio")
            return
        if self._mode != "pipeline" or self._busy or time.monotonic() < self._deaf_until:
            return  # half-duplex: the customer is not listened to while the assistant answers
        was_speaking = self._endpointer.in_utterance
        utterances = self._endpointer.feed(audio)
        if not was_speaking and self._endpointer.in_utterance:
            await self.write_event(VoiceStarted().event())
        if utterances:
            await self.write_event(VoiceStopped().event())
            self._start_turn(utterances[0].audio)

    async def _audio_stop(self) -> None:
        if self._mode == "transcribe" and self._request is not None:
            audio = AudioChunk(bytes(self._request) + self._converter.flush().audio)
            self._mode, self._request = None, None
            async with self.pool.borrow() as worker:
                try:
                    heard = await worker.transcribe(audio, self._request_lang)
                except SttError as exc:
                    await self._error("asr-failed", str(exc))
                    return
            await self.write_event(Transcript(text=heard.text, language=heard.lang).event())
        elif self._mode == "pipeline" and not self._busy:
            utterances = self._endpointer.flush()
            if utterances:
                await self.write_event(VoiceStopped().event())
                self._start_turn(utterances[0].audio)

    # --- a spoken turn ------------------------------------------------------------------------------

    def _start_turn(self, audio: AudioChunk) -> None:
        self._busy = True
        decided = time.perf_counter()
        task = asyncio.create_task(self._turn(audio, self._conversation(), decided), name=f"turn {self.peer}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _turn(self, audio: AudioChunk, session: Session, decided: float) -> None:
        try:
            async with self.pool.borrow() as worker:
                spoken = await worker.turn(audio, session)
            if spoken is not None and not self._closed:
                await self._answer(spoken, decided)
        except (ConnectionError, OSError):
            pass  # the satellite went away; the turn itself is done and stored
        except Exception:
            log.exception("turn on %s failed", self.peer)
            await self._error("turn-failed", "the assistant could not answer that; please say it again")
        finally:
            self._busy = False
            self._endpointer.reset()

    async def _answer(self, spoken: SpokenTurn, decided: float) -> None:
        lang = spoken.reply.lang if spoken.reply else spoken.transcript.lang
        await self.write_event(Transcript(text=spoken.transcript.text, language=lang).event())
        if spoken.reply is None or self._end_stage == PipelineStage.ASR:
            return
        audio = spoken.audio
        if audio is None and self._end_stage == PipelineStage.TTS:  # synthesis failed: one more try
            with contextlib.suppress(TtsError, ValueError):
                audio = await self.pool.synthesize(spoken.reply.text, spoken.reply.lang)
        if self._end_stage != PipelineStage.TTS or audio is None:
            await self.write_event(Handled(text=spoken.reply.text).event())
        else:
            await self.write_event(Synthesize(text=spoken.reply.text).event())
            await self._stream(audio, decided)
        self._after(spoken.reply.end_session)

    def _after(self, end_session: bool) -> None:
        """A goodbye ends the conversation: the next customer starts a fresh one."""
        if end_session and self._session is not None:
            self._session = self.pool.dialogue.new_session(self.settings.lang)

    # --- speech out ---------------------------------------------------------------------------------

    async def _speak(self, text: str, lang: str) -> None:
        try:
            audio = await self.pool.synthesize(text, lang)
        except (TtsError, ValueError) as exc:
            await self._error("tts-failed", str(exc))
            return
        await self._stream(audio, None)

    async def _stream(self, audio: AudioChunk, decided: float | None) -> None:
        fmt = {"rate": audio.rate, "width": audio.width, "channels": audio.channels}
        await self.write_event(AudioStart(**fmt).event())
        step = SAMPLES_PER_CHUNK * audio.width * audio.channels
        for start in range(0, len(audio.audio), step):
            await self.write_event(WyomingChunk(audio=audio.audio[start : start + step], **fmt).event())
            if decided is not None and start == 0:
                self.latencies_ms.append((time.perf_counter() - decided) * 1000)
        await self.write_event(AudioStop().event())
        seconds = len(audio.audio) / (audio.rate * audio.width * audio.channels)
        self._deaf_until = time.monotonic() + seconds

    # --- helpers ------------------------------------------------------------------------------------

    def _conversation(self) -> Session:
        if self._session is None:
            self._session = self.pool.dialogue.new_session(self.settings.lang)
        return self._session

    def _language(self, requested: str | None, voice: object = None) -> str:
        name = getattr(voice, "name", None)
        for candidate in (requested, name):
            if candidate:  # "ko", "en-US", "en_us", a voice id such as "gmw/en-us"
                code = str(candidate).split("/")[-1].split("-")[0].split("_")[0].lower()
                if code in self.settings.languages:
                    return code
        return self.settings.lang

    async def _error(self, code: str, text: str) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            await self.write_event(Error(text=text, code=code).event())

    async def disconnect(self) -> None:
        """Drop the partial utterance and any request audio; a turn in flight finishes on its own."""
        self._closed = True
        self._endpointer.reset()
        self._request = None
