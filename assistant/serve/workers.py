"""Speech workers: each one a thread with its own voice loop (recognizers per language).

Speech engines are not thread-safe and decoding is the expensive part of a turn, so the server keeps
a fixed pool of workers (by default one per core) rather than a lock per engine: with one lock per
engine, two satellites speaking English would wait for each other while a second core idles; with
one engine per worker, any two utterances decode at once. A connection borrows a free worker for one
utterance. Each worker runs its jobs on its own single thread, so even a job whose caller went away
(a satellite that disconnected) finishes before the next one starts on the same engines.

The synthesizer is shared: espeak-ng can be initialized only once per process, and ``Pyttsx3Speech``
already serializes every request on its owner thread. The dialogue and the store are shared too:
sessions are per connection and the store has its own lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import TypeVar

from assistant.dialogue.manager import Dialogue
from assistant.dialogue.session import Session
from assistant.messages import AudioChunk, Reply, Transcript
from assistant.voice.loop import Synthesizer, VoiceLoop

T = TypeVar("T")


@dataclass(frozen=True)
class SpokenTurn:
    """What a worker hands back for one utterance."""

    transcript: Transcript
    """What was heard, redacted as the interaction log is."""
    reply: Reply | None
    """The answer; ``None`` for a cough or a click (no reply)."""
    audio: AudioChunk | None
    """The answer spoken (``None`` when synthesis failed: the reply text still goes out)."""
    timings: Mapping[str, float] = field(default_factory=dict)
    """``endpoint_ms``, ``decode_ms``, ``nlu_dialogue_ms``, ``tts_ms``… as the voice loop measured them."""


class SpeechWorker:
    """One voice loop and the one thread that may use it."""

    def __init__(self, index: int, loop: VoiceLoop) -> None:
        self.index = index
        self.loop = loop
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"speech-{index}")

    async def _call(self, job: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, job)

    async def turn(self, audio: AudioChunk, session: Session) -> SpokenTurn | None:
        """Recognize one endpointed utterance (16 kHz mono s16), run the dialogue turn and synthesize the
        reply; ``None`` when nothing was heard at all."""
        return await self._call(lambda: self._turn(audio, session))

    def _turn(self, audio: AudioChunk, session: Session) -> SpokenTurn | None:
        loop = self.loop
        try:
            turns = list(loop.run([audio], session))
        finally:
            loop.turns.clear()  # the loop keeps every exchange; a server runs for months
        if not turns:
            return None
        last = turns[-1]
        heard = replace(last.transcript, text=loop.dialogue.redacted(session, last.transcript.text))
        reply = last.turn.reply if last.turn is not None else None
        return SpokenTurn(heard, reply, last.reply_audio if reply else None, dict(last.timings))

    async def transcribe(self, audio: AudioChunk, lang: str) -> Transcript:
        """Plain speech to text (open vocabulary), for Wyoming ``transcribe`` requests."""

        def job() -> Transcript:
            stt = self.loop.recognizer(lang)
            stt.set_grammar(None)
            return stt.transcribe(audio)

        return await self._call(job)

    def close(self) -> None:
        self._thread.shutdown(wait=True)


class WorkerPool:
    """The workers, lent out one utterance at a time (first come, first served)."""

    def __init__(self, workers: list[SpeechWorker], dialogue: Dialogue, synthesizer: Synthesizer) -> None:
        self.workers = workers
        self.dialogue = dialogue
        self.synthesizer = synthesizer
        self._free: asyncio.Queue[SpeechWorker] | None = None

    def _queue(self) -> asyncio.Queue[SpeechWorker]:
        if self._free is None:  # made inside the event loop that uses it
            self._free = asyncio.Queue()
            for worker in self.workers:
                self._free.put_nowait(worker)
        return self._free

    @property
    def free(self) -> int:
        """Workers not lent out now."""
        return self._queue().qsize()

    @asynccontextmanager
    async def borrow(self) -> AsyncIterator[SpeechWorker]:
        """A free worker for the time of the ``async with``; waits for one when all are busy."""
        queue = self._queue()
        worker = await queue.get()
        try:
            yield worker
        finally:
            queue.put_nowait(worker)

    async def synthesize(self, text: str, lang: str) -> AudioChunk:
        """Text to speech on the shared synthesizer (its own thread serializes the requests)."""
        return await asyncio.to_thread(self.synthesizer.synthesize, text, lang)

    async def respond(self, session: Session, text: str) -> Reply:
        """A typed turn (Wyoming ``transcript`` sent to our ``handle`` service)."""
        turn = await asyncio.to_thread(self.dialogue.respond, session, Transcript(text, session.lang))
        return turn.reply

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
        self.synthesizer.close()
