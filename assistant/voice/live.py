"""Decoding while the customer speaks: the endpointer's listener that feeds the dialogue state's
grammar engine as the audio is kept, so that at the end of speech only the final search remains.

The grammar is chosen when the utterance starts; the voice loop takes the transcript only when the
utterance it handles is the one decoded here (same start, same bytes) and the state still wants the
same grammar in the same language. Otherwise (a wake word cut off the front, the session fell
asleep, another language) the loop decodes the kept audio whole, which Vosk decodes in the same
blocks (``stt.base.BLOCK_BYTES``).

When the plan says the loop may fall back to free decoding, an engine that can (``OpenStreaming``:
Vosk's free recognizer; not pocketsphinx, see ``SphinxEngine.start``) decodes the same audio without
the grammar too,
so the fallback's transcript is ready at the end of speech (``take_open``) instead of a second whole
decode after it. It is fed on the same thread: a free and a grammar recognizer of one Vosk model fed
on two threads crashed the process (double free; Vosk's recognizers are not thread-safe,
alphacep/vosk-api#606).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.audio import Utterance, Verdict
from assistant.messages import Transcript
from assistant.stt import SpeechToText
from assistant.stt.base import Decoding, OpenStreaming, Streaming
from assistant.stt.grammar import Grammar


@dataclass(frozen=True)
class Plan:
    """What an utterance starting now is decoded with."""

    lang: str
    engine: SpeechToText
    grammar: Grammar
    fallback: bool = False
    """Whether the loop may decode the utterance without the grammar too (then it is, meanwhile)."""


@dataclass(frozen=True)
class Ended:
    """An utterance decoded while it was spoken: its start, plan, length in bytes and decoding (its
    final search is left for ``take``, so that it counts as the time after the endpoint), and its
    free decoding when there is one."""

    start_s: float
    plan: Plan
    size: int
    decoding: Decoding
    free: Decoding | None = None


class LiveDecoder:
    """A ``SpeechListener``: feeds each utterance to its plan's engine; ``take`` hands out the result."""

    def __init__(self, plan: Callable[[], Plan | None], judge: Callable[[Transcript], Verdict]) -> None:
        """``plan``: the engine and grammar for an utterance starting now (None: not decoded live);
        ``judge``: what the transcript at a pause is (a whole request closes the endpoint early, words
        that mean nothing keep it open longer)."""
        self._plan, self._judge = plan, judge
        self._current: Ended | None = None
        self._size = 0
        self._ended: Ended | None = None
        self._done: tuple[Ended, Transcript, Transcript | None] | None = None
        self._free: Decoding | Transcript | None = None
        """The free decoding of the utterance last taken, until ``take_open`` or ``release``."""
        self._verdict: tuple[str, Verdict] | None = None
        """The last pause's transcript and its verdict: asked again on every silent frame."""

    def begin(self, start_s: float) -> None:
        self._settle()  # the last utterance's engine may be needed now
        self.release()
        plan = self._plan()
        if plan is None or not isinstance(plan.engine, Streaming):
            return
        plan.engine.set_grammar(plan.grammar)
        decoding = plan.engine.start()
        engine = plan.engine
        free = engine.start_open() if plan.fallback and isinstance(engine, OpenStreaming) else None
        self._current, self._size, self._verdict = Ended(start_s, plan, 0, decoding, free), 0, None

    def hear(self, audio: bytes, voiced: bool) -> None:
        if self._current is not None:
            self._current.decoding.feed(audio, voiced)
            if self._current.free is not None:
                self._current.free.feed(audio, voiced)
            self._size += len(audio)

    def judge(self) -> Verdict:
        if self._current is None:
            return Verdict.OPEN
        plan = self._current.plan
        text = self._current.decoding.pause()
        if self._verdict is None or self._verdict[0] != text:
            verdict = self._judge(Transcript(text, plan.lang, plan.engine.name)) if text else Verdict.OPEN
            self._verdict = (text, verdict)
        return self._verdict[1]

    def end(self, kept: bool) -> None:
        if self._current is None:
            return
        current, self._current = self._current, None
        if kept:
            self._settle()
            self._ended = replace(current, size=self._size)
        else:
            _cancel(current)

    def _settle(self) -> None:
        """Finish the utterance that ended and was not taken yet."""
        if self._ended is not None:
            ended, self._ended = self._ended, None
            free = ended.free.finish() if ended.free is not None else None
            self._done = (ended, ended.decoding.finish(), free)

    def release(self) -> None:
        """Drop an utterance still being decoded: its engine is needed for something else."""
        if self._current is not None:
            _cancel(self._current)
            self._current = None
        if self._free is not None and not isinstance(self._free, Transcript):
            self._free.cancel()
        self._free = None

    def take(self, utterance: Utterance, lang: str, grammar: Grammar) -> Transcript | None:
        """The transcript of ``utterance`` decoded with ``grammar`` in ``lang``, when it was decoded
        here; else None, and the engines are free for the whole utterance."""
        self.release()
        ended, self._ended = self._ended, None
        done, self._done = self._done, None
        if ended is not None:
            if _same(ended, utterance, lang, grammar):
                self._free = ended.free
                return ended.decoding.finish()
            _cancel(ended)
        elif done is not None and _same(done[0], utterance, lang, grammar):
            self._free = done[2]
            return done[1]
        return None

    def take_open(self) -> Transcript | None:
        """The free transcript of the utterance just taken, when it was decoded here (only its final
        search is left); else None."""
        free, self._free = self._free, None
        return free.finish() if free is not None and not isinstance(free, Transcript) else free


def _cancel(ended: Ended) -> None:
    ended.decoding.cancel()
    if ended.free is not None:
        ended.free.cancel()


def _same(ended: Ended, utterance: Utterance, lang: str, grammar: Grammar) -> bool:
    """Whether ``ended`` is ``utterance`` (same start, same bytes) decoded with ``grammar`` in ``lang``."""
    same_audio = ended.start_s == utterance.start_s and ended.size == len(utterance.audio.audio)
    return same_audio and ended.plan.lang == lang and ended.plan.grammar is grammar
