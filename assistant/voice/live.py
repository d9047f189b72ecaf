"""Decoding while the customer speaks: the endpointer's listener that feeds the dialogue state's
grammar engine as the audio is kept, so that at the end of speech only the final search remains.

The grammar is chosen when the utterance starts; the voice loop takes the transcript only when the
utterance it handles is the one decoded here (same start, same bytes) and the state still wants the
same grammar in the same language. Otherwise (a wake word cut off the front, the session fell
asleep, another language) the loop decodes the kept audio whole, which Vosk decodes in the same
blocks (``stt.base.BLOCK_BYTES``).

Only Vosk streams. pocketsphinx decodes each utterance whole: fed block by block its running cepstral
mean made 30 instead of 35 of 45 English fixtures right, and a partial-only pass on the same decoder
changes the hidden normalisation state the next whole decode starts from (the transcripts differed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.audio import Utterance
from assistant.messages import Transcript
from assistant.stt import SpeechToText
from assistant.stt.base import Decoding, Streaming
from assistant.stt.grammar import Grammar


@dataclass(frozen=True)
class Plan:
    """What an utterance starting now is decoded with."""

    lang: str
    engine: SpeechToText
    grammar: Grammar


@dataclass(frozen=True)
class Ended:
    """An utterance decoded while it was spoken: its start, plan, length in bytes and decoding (its
    final search is left for ``take``, so that it counts as the time after the endpoint)."""

    start_s: float
    plan: Plan
    size: int
    decoding: Decoding


class LiveDecoder:
    """A ``SpeechListener``: feeds each utterance to its plan's engine; ``take`` hands out the result."""

    def __init__(self, plan: Callable[[], Plan | None], complete: Callable[[Transcript], bool]) -> None:
        """``plan``: the engine and grammar for an utterance starting now (None: not decoded live);
        ``complete``: whether a partial transcript is a whole request (the endpoint may close early)."""
        self._plan, self._complete = plan, complete
        self._current: tuple[float, Plan, Decoding] | None = None
        self._size = 0
        self._ended: Ended | None = None
        self._done: tuple[Ended, Transcript] | None = None

    def begin(self, start_s: float) -> None:
        self._settle()  # the last utterance's engine may be needed now
        self.release()
        plan = self._plan()
        if plan is None or not isinstance(plan.engine, Streaming):
            return
        plan.engine.set_grammar(plan.grammar)
        self._current, self._size = (start_s, plan, plan.engine.start()), 0

    def hear(self, audio: bytes) -> None:
        if self._current is not None:
            self._current[2].feed(audio)
            self._size += len(audio)

    def complete(self) -> bool:
        if self._current is None:
            return False
        _, plan, decoding = self._current
        text = decoding.partial()
        return bool(text) and self._complete(Transcript(text, plan.lang, plan.engine.name))

    def end(self, kept: bool) -> None:
        if self._current is None:
            return
        start_s, plan, decoding = self._current
        self._current = None
        if kept:
            self._settle()
            self._ended = Ended(start_s, plan, self._size, decoding)
        else:
            decoding.cancel()

    def _settle(self) -> None:
        """Finish the utterance that ended and was not taken yet."""
        if self._ended is not None:
            self._done, self._ended = (self._ended, self._ended.decoding.finish()), None

    def release(self) -> None:
        """Drop an utterance still being decoded: its engine is needed for something else."""
        if self._current is not None:
            self._current[2].cancel()
            self._current = None

    def take(self, utterance: Utterance, lang: str, grammar: Grammar) -> Transcript | None:
        """The transcript of ``utterance`` decoded with ``grammar`` in ``lang``, when it was decoded
        here; else None, and the engines are free for the whole utterance."""
        self.release()
        ended, self._ended = self._ended, None
        done, self._done = self._done, None
        if ended is not None:
            if _same(ended, utterance, lang, grammar):
                return ended.decoding.finish()
            ended.decoding.cancel()
        elif done is not None and _same(done[0], utterance, lang, grammar):
            return done[1]
        return None


def _same(ended: Ended, utterance: Utterance, lang: str, grammar: Grammar) -> bool:
    """Whether ``ended`` is ``utterance`` (same start, same bytes) decoded with ``grammar`` in ``lang``."""
    same_audio = ended.start_s == utterance.start_s and ended.size == len(utterance.audio.audio)
    return same_audio and ended.plan.lang == lang and ended.plan.grammar is grammar
