"""The voice loop: audio in → endpointing → speech to text → dialogue → speech out.

It drives the same ``Dialogue`` as ``assistant chat``; only the edges differ. Audio comes from any
iterable of ``AudioChunk`` (the microphone, WAV files, a fake microphone in tests), replies go to
the event stream, a speaker and/or WAV files.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from assistant import intents as I
from assistant.audio import AudioError, Endpointer, EndpointSettings, Utterance, Verdict, write_wav
from assistant.dialogue.manager import Dialogue, Heard, Turn
from assistant.dialogue.session import Session
from assistant.events import EventWriter
from assistant.messages import AudioChunk, Reply, Transcript
from assistant.stt import SpeechToText
from assistant.stt.grammar import Grammar
from assistant.text import normalize
from assistant.tts.sentences import split_sentences
from assistant.tts.speech import TtsError
from assistant.voice import second_opinion
from assistant.voice.live import LiveDecoder, Plan
from assistant.voice.second_opinion import rank

OPENERS = frozenset({I.GREET})
"""Intents a customer usually goes on after: they keep the endpoint open as long as words that mean
nothing do."""


class Synthesizer(Protocol):
    """Text to speech."""

    def synthesize(self, text: str, lang: str) -> AudioChunk: ...

    def close(self) -> None: ...


class WakeWord(Protocol):
    """A wake word spotted in the audio stream itself (``assistant.audio.wake_word.WakeWordSpotter``)."""

    name: str

    def feed(self, chunk: AudioChunk) -> float | None: ...

    def reset(self) -> None: ...


class Player(Protocol):
    """Somewhere to play audio (a speaker)."""

    def play(self, chunk: AudioChunk) -> None: ...


@dataclass(frozen=True)
class VoiceSettings:
    """How the voice loop behaves."""

    endpoint: EndpointSettings = field(default_factory=EndpointSettings)
    """Our own end-of-speech detection."""
    wake_phrase: str | None = None
    """When set, a conversation starts only with an utterance that begins with it (decoded by the speech
    engine: any words it knows)."""
    session_silence_s: float = 60.0
    """With a wake phrase: after this much silence (stream time) the assistant waits for it again."""
    tts_out: Path | None = None
    """Folder to write each reply as a WAV file."""
    unheard_s: float = 1.0
    """Speech at least this long that decodes to nothing gets "sorry, I didn't catch that"; shorter
    sounds (coughs, clicks, a word to someone else) get no reply."""
    languages: tuple[str, ...] = ()
    """With two or more, every utterance is decoded in each and the session follows the language
    that was understood best (see ``VoiceLoop._detect``); empty: the session's language only."""


def after_wake_phrase(text: str, wake: str) -> str | None:
    """What follows the wake phrase at the start of ``text`` ("" when nothing), or None without it.

    Spacing is ignored: a recognizer may hear "여기요" as the two vocabulary words "여기 요".
    """
    target = "".join(normalize(wake).split())
    heard = ""
    words = normalize(text).split()
    for count, word in enumerate(words, 1):
        heard += word
        if heard == target:
            return " ".join(words[count:])
        if not target.startswith(heard):
            return None
    return None


@dataclass(frozen=True)
class Recognized:
    """An utterance decoded and understood, and how long the open recognizer's second opinion took
    (Whisper, or the engine's own free decoding without it; None when it was not asked)."""

    heard: Heard
    second_opinion_ms: float | None = None


@dataclass
class _Attention:
    """The conversation being held, whether the loop is in it, and when (stream time) it last heard one."""

    session: Session
    awake: bool
    last_heard_s: float = 0.0
    woke_s: float | None = None
    """Stream time the wake word was spotted, until the utterance that holds it is heard."""


WAKE_WORD_REQUEST_S = 0.3
"""Speech after a spotted wake word shorter than this is no request (the end of the word itself)."""


@dataclass
class VoiceTurn:
    """One spoken exchange, with timings in milliseconds (``second_opinion_ms`` when the open
    recognizer decoded it too)."""

    transcript: Transcript
    turn: Turn | None
    timings: dict[str, float]
    reply_audio: AudioChunk | None = None
    reply_file: Path | None = None


@dataclass
class VoiceLoop:
    """Runs a spoken conversation over an audio source."""

    dialogue: Dialogue
    recognizer: Callable[[str], SpeechToText]
    """The speech-to-text engine for a language (created once per language by the caller)."""
    grammar: Callable[[str, Session, str | None], Grammar]
    """What to listen for in the session's state, with a wake phrase while asleep (``Speech.grammar``)."""
    synthesizer: Synthesizer | None = None
    player: Player | None = None
    events: EventWriter | None = None
    settings: VoiceSettings = field(default_factory=VoiceSettings)
    mute: Callable[[bool], None] | None = None
    """Half-duplex: called with True while the assistant speaks, False after."""
    on_reply: Callable[[Reply], None] | None = None
    on_problem: Callable[[str], None] | None = None
    """Told about a reply that could not be spoken or saved (the loop goes on)."""
    open_recognizer: Callable[[str], SpeechToText | None] | None = None
    """The open-vocabulary recognizer giving a second opinion in a language (``Recognition.open_recognizer``),
    or None where there is none: the grammar engine's own free decoding is the fallback."""
    turns: list[VoiceTurn] = field(default_factory=list)
    wake_word: WakeWord | None = None
    """When set, a conversation starts only after this word is spotted in the audio; the speech after it
    in the same utterance is the request. Utterances heard while waiting for it are not decoded."""
    _live: LiveDecoder | None = field(default=None, init=False, repr=False)
    """The current run's decoding while the customer speaks."""

    def run(self, source: Iterable[AudioChunk], session: Session) -> list[VoiceTurn]:
        """Listen to ``source`` until it ends; returns every exchange.

        Each utterance is decoded with the state's grammar while it is spoken (``voice.live``), and
        its endpoint closes after ``early_silence_ms`` when what was heard so far is a whole request, and
        after ``unfinished_silence_ms`` when it means nothing yet.
        """
        attention = _Attention(session, awake=self.settings.wake_phrase is None and self.wake_word is None)
        self._live = LiveDecoder(lambda: self._plan(attention), lambda t: self._judge(attention, t))
        endpointer = Endpointer(self.settings.endpoint, self._live)
        self._listening(attention)
        for chunk in source:
            if self.wake_word is not None and not attention.awake and attention.woke_s is None:
                attention.woke_s = self.wake_word.feed(chunk)
            for utterance in endpointer.feed(chunk):
                self._utterance(utterance, attention, endpointer)
            if attention.woke_s is not None and not endpointer.in_utterance:
                self._woken(attention, endpointer, attention.woke_s)  # spotted after its utterance ended
        for utterance in endpointer.flush():
            self._utterance(utterance, attention, endpointer)
        self._live.release()  # the engines may decode for someone else now
        return self.turns

    def _plan(self, attention: _Attention) -> Plan | None:
        """The engine and grammar for an utterance starting now; None when its front will be cut off
        (a wake word) and it cannot be decoded before it ends."""
        if self.wake_word is not None and not attention.awake:
            return None
        lang, wake = attention.session.lang, None if attention.awake else self.settings.wake_phrase
        opener = self.open_recognizer(lang) if self.open_recognizer is not None else None
        fallback = wake is None and opener is None  # what ``_recognize`` falls back to
        return Plan(lang, self.recognizer(lang), self.grammar(lang, attention.session, wake), fallback)

    def _judge(self, attention: _Attention, partial: Transcript) -> Verdict:
        """What a partial transcript is, for the endpoint. A whole request (a template, an answer) may
        close it early, but not a greeting (people go on after "hello," and the comma's pause is longer
        than the early endpoint's: the greeting was answered while the request went on), nor one word
        when nothing was asked (the phrase model heard that "hello," as "book"). Words that mean nothing
        yet, or only a greeting, keep it open longer: a first sentence ("My phone dies by lunchtime
        every day now.") is seldom the request."""
        if not attention.awake:
            return Verdict.OPEN
        heard = self.dialogue.understand(attention.session, partial)
        if not heard.understood or heard.match.intent in OPENERS:
            return Verdict.PART
        asked = attention.session.pending is not None
        if rank(heard)[0] and (asked or len(partial.text.split()) > 1):
            return Verdict.WHOLE
        return Verdict.OPEN

    def close(self) -> None:
        """Release the synthesizer (its engine)."""
        if self.synthesizer is not None:
            self.synthesizer.close()

    def _listening(self, attention: _Attention) -> None:
        if self.events:
            wake: dict[str, str | None] = {}
            if not attention.awake:
                wake = (
                    {"wake_word": self.wake_word.name}
                    if self.wake_word is not None
                    else {"wake_phrase": self.settings.wake_phrase}
                )
            self.events.emit("listening", lang=attention.session.lang, **wake)

    def _sleep(self, attention: _Attention) -> None:
        """The next customer gets a fresh session (with a wake phrase or word, after it is said again):
        without one, the next speaker after a goodbye was still verified for the last one's order."""
        waking = self.settings.wake_phrase is not None or self.wake_word is not None
        attention.awake, attention.woke_s = not waking, None
        attention.session = self.dialogue.new_session(attention.session.lang)
        if self.events:
            self.events.emit("session", id=attention.session.id, lang=attention.session.lang)
        if self.wake_word is not None:
            self.wake_word.reset()
        self._listening(attention)

    def _woken(self, attention: _Attention, endpointer: Endpointer, at_s: float) -> None:
        """The wake word alone (its utterance ended at ``at_s``): greet the customer."""
        attention.awake, attention.woke_s, attention.last_heard_s = True, None, at_s
        name = self.wake_word.name if self.wake_word is not None else ""
        heard = Transcript(name.replace("_", " "), attention.session.lang, "wake-word")
        reply = self.dialogue.say(attention.session, "greeting")
        record = VoiceTurn(heard, None, {"endpoint_ms": 0.0, "decode_ms": 0.0})
        self._speak(reply, record, time.perf_counter(), endpointer)

    def _after_wake_word(
        self, utterance: Utterance, attention: _Attention, endpointer: Endpointer
    ) -> Utterance | None:
        """While waiting for the wake word: the request that follows it in ``utterance`` (None when the
        word was not spotted in it, or was said alone: then the customer is greeted)."""
        woke_s = attention.woke_s
        if woke_s is None or woke_s > utterance.end_s:
            return None  # not decoded: nobody called the kiosk
        if utterance.last_voice_s - woke_s < WAKE_WORD_REQUEST_S:
            self._woken(attention, endpointer, utterance.end_s)
            return None
        attention.awake, attention.woke_s = True, None
        rate, width = utterance.audio.rate, utterance.audio.width
        skip = max(round((woke_s - utterance.start_s) * rate), 0) * width
        request = replace(utterance.audio, audio=utterance.audio.audio[skip:])
        return replace(utterance, audio=request, start_s=max(woke_s, utterance.start_s))

    def _utterance(self, utterance: Utterance, attention: _Attention, endpointer: Endpointer) -> None:
        heard_at = time.perf_counter()
        wake = self.settings.wake_phrase
        silent_s = utterance.start_s - attention.last_heard_s
        waking = wake is not None or self.wake_word is not None
        if waking and attention.awake and silent_s > self.settings.session_silence_s:
            self._sleep(attention)
        if self.wake_word is not None and not attention.awake:
            request = self._after_wake_word(utterance, attention, endpointer)
            if request is None:
                return
            utterance = request
        session = attention.session
        recognized = self._detect(utterance, session, None if attention.awake else wake)
        heard, transcript = recognized.heard, recognized.heard.transcript
        timings = {
            "endpoint_ms": round((utterance.end_s - utterance.last_voice_s) * 1000, 1),
            "decode_ms": round(transcript.decode_ms, 1),
        }
        if recognized.second_opinion_ms is not None:
            timings["second_opinion_ms"] = round(recognized.second_opinion_ms, 1)
        if self.events:
            self.events.transcript(replace(transcript, text=self.dialogue.redacted(session, transcript.text)))
        spoke_s = utterance.last_voice_s - utterance.start_s
        if not normalize(transcript.text) and (not attention.awake or spoke_s < self.settings.unheard_s):
            self.turns.append(VoiceTurn(transcript, None, timings))  # a cough, a click: no reply
            return
        if not attention.awake:
            rest = after_wake_phrase(transcript.text, wake or "")
            if rest is None:
                self.turns.append(VoiceTurn(transcript, None, timings))
                return
            attention.awake = True
            attention.last_heard_s = utterance.end_s
            if not rest:
                reply = self.dialogue.say(session, "greeting")
                self._speak(reply, VoiceTurn(transcript, None, timings), heard_at, endpointer)
                return
            transcript = replace(transcript, text=rest)
            heard = self.dialogue.understand(session, transcript)
        started = time.perf_counter()
        turn = self.dialogue.handle(session, heard)
        timings["nlu_dialogue_ms"] = round((time.perf_counter() - started) * 1000, 1)
        if self.events:
            self.events.intent(turn.match)
        self._speak(turn.reply, VoiceTurn(transcript, turn, timings), heard_at, endpointer)
        attention.last_heard_s = utterance.end_s
        if turn.reply.end_session or (waking and turn.match.intent == I.GOODBYE):
            self._sleep(attention)

    def _detect(self, utterance: Utterance, session: Session, wake: str | None) -> Recognized:
        """Decode in every language listened for; switch the session to the one understood best.

        Best: a transcript matching a template exactly (or nothing but an answer to the question
        pending), then one that means anything at all, then the surer reading (the phrase model's
        English transcripts are often near a template, not on it: "are you open in sundays"); a tie
        keeps the session's language (a customer rarely switches mid-conversation).
        """
        others = [lang for lang in self.settings.languages if lang != session.lang]
        if wake is not None or not others:
            return self._recognize(utterance, session, wake, session.lang)
        results = [self._recognize(utterance, session, None, lang) for lang in (session.lang, *others)]
        best = max(results, key=lambda r: (rank(r.heard), r.heard.match.score))  # a tie keeps the first
        if best.heard.lang != session.lang:
            session.lang = best.heard.lang
        spent = sum(r.heard.transcript.decode_ms for r in results)
        return replace(
            best, heard=replace(best.heard, transcript=replace(best.heard.transcript, decode_ms=spent))
        )

    def _recognize(self, utterance: Utterance, session: Session, wake: str | None, lang: str) -> Recognized:
        """Decode with the grammar of the dialogue state; fall back to free decoding when that fails.

        A grammar is only a bias (Vosk) or forces the closest sentence (pocketsphinx): when its
        transcript is not exactly a template or an answer and means nothing or would write to the
        store (Vosk's grammar once turned a spoken "네" into the word piece "래요", which the classifier
        read as a cancel), the open-vocabulary reading is used if it matches a template exactly or
        answers the question (looser free transcripts of synthetic speech were measured to do harm).
        A sentence that only the classifier understands and that writes nothing (a question) stands
        (``_stands``). While waiting for the wake phrase there is no fallback: free decoding
        would wake on noise. Where the engine can (Vosk), the fallback was decoded while the customer
        spoke (``LiveDecoder.take_open``): only its final search is left.

        With an open-vocabulary recognizer for ``lang`` (Whisper), it replaces that fallback and is
        also asked when the grammar's reading would write to the store or fills in a value of the request
        pending (``second_opinion``).
        """
        stt = self.recognizer(lang)
        grammar = self.grammar(lang, session, wake)
        live = self._live.take(utterance, lang, grammar) if self._live is not None else None
        if live is None:
            stt.set_grammar(grammar)
        heard = self.dialogue.understand(
            session, live if live is not None else stt.transcribe(utterance.audio)
        )
        if wake is not None:
            return Recognized(heard)
        opener = self.open_recognizer(lang) if self.open_recognizer is not None else None
        if opener is stt:  # the engine is open-vocabulary itself: there is no other opinion
            return Recognized(heard)
        if opener is not None:
            spoke_s = utterance.last_voice_s - utterance.start_s
            if not second_opinion.wanted(heard, session, spoke_s):
                return Recognized(heard)
            other = self.dialogue.understand(session, opener.transcribe(utterance.audio))
            best = second_opinion.choose(heard, other, session, spoke_s)
            spent = heard.transcript.decode_ms + other.transcript.decode_ms
            decoded = replace(best, transcript=replace(best.transcript, decode_ms=spent))
            return Recognized(decoded, other.transcript.decode_ms)
        if rank(heard)[0] or _stands(heard, session):
            return Recognized(heard)
        free_text = self._live.take_open() if live is not None and self._live is not None else None
        if free_text is None:  # not decoded while spoken
            stt.set_grammar(None)
            free_text = stt.transcribe(utterance.audio)
        free = self.dialogue.understand(session, free_text)
        spent = heard.transcript.decode_ms + free.transcript.decode_ms
        best = free if rank(free) >= (True, True) else heard
        decoded = replace(best, transcript=replace(best.transcript, decode_ms=spent))
        return Recognized(decoded, free.transcript.decode_ms)

    def _speak(self, reply: Reply, record: VoiceTurn, heard_at: float, endpointer: Endpointer) -> None:
        """Synthesize, save and play ``reply``; a failure of any of these is reported, never fatal:
        the reply still reaches the event stream and the screen.

        The reply is synthesized sentence by sentence; with a speaker, each sentence plays (in a
        thread) as soon as it is ready while the next is synthesized. ``first_audio_ms`` is when the
        first sentence was ready, ``latency_ms`` when the whole reply was.
        """
        playback = _Playback(self.player, self.mute) if self.player is not None else None
        if self.synthesizer is not None:
            started = time.perf_counter()
            chunks: list[AudioChunk] = []
            for sentence in split_sentences(reply.text):
                chunk = self._synthesize(sentence, reply.lang)
                if chunk is None:
                    chunks = []
                    break
                if not chunks:
                    first_ms = (time.perf_counter() - heard_at) * 1000
                    record.timings["first_audio_ms"] = round(record.timings["endpoint_ms"] + first_ms, 1)
                chunks.append(chunk)
                if playback is not None:
                    playback.play(chunk)
            record.reply_audio = _joined(chunks)
            record.timings["tts_ms"] = round((time.perf_counter() - started) * 1000, 1)
        elapsed_ms = (time.perf_counter() - heard_at) * 1000
        record.timings["latency_ms"] = round(record.timings["endpoint_ms"] + elapsed_ms, 1)
        if self.settings.tts_out is not None and record.reply_audio is not None:
            path = self.settings.tts_out / f"reply-{len(self.turns) + 1:03d}.wav"
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_wav(path, record.reply_audio)
                record.reply_file = path
            except OSError as exc:
                self._trouble("tts_out_failed", f"cannot write {path}: {exc.strerror or exc}")
        if self.events:
            audio = {"audio": str(record.reply_file)} if record.reply_file else {}
            self.events.reply(reply, **record.timings, **audio)
        if self.on_reply:
            self.on_reply(reply)
        if playback is not None:
            failure = playback.finish()
            if playback.started:
                endpointer.reset()
            if failure is not None:
                self._trouble("speaker_failed", f"{failure}; the reply is shown only")
        self.turns.append(record)

    def _synthesize(self, text: str, lang: str) -> AudioChunk | None:
        """One sentence's audio, or None (reported) when synthesis failed twice."""
        assert self.synthesizer is not None
        for attempt in (1, 2):  # a fresh espeak engine's first request sometimes writes nothing
            try:
                return self.synthesizer.synthesize(text, lang)
            except TtsError as exc:
                if attempt == 2:
                    self._trouble("tts_failed", f"speech synthesis failed ({exc}); the reply is shown only")
        return None

    def _trouble(self, code: str, message: str) -> None:
        if self.events:
            self.events.error(code, message)
        if self.on_problem:
            self.on_problem(message)


SENTENCE_WORDS = 4
"""Words from which a grammar reading that writes nothing is left to the classifier without the free
fallback: on the 94 English fixtures the free reading replaced none of those (~0.6 s each on a quiet
core); it did replace a one-word "use" (for "yeah": free decoding hears short answers word for word).
Three words were enough until the phrase model heard a person's "ten of clubs" as "ten of close", which
the classifier reads as opening hours (2026-12-05): three-word readings get the free fallback too."""


def _stands(heard: Heard, session: Session) -> bool:
    """Whether a grammar reading that is no template stands without the free fallback: a sentence the
    classifier understands that writes nothing."""
    words = len(heard.transcript.text.split())
    return heard.understood and words >= SENTENCE_WORDS and not second_opinion.commits(heard, session)


def _joined(chunks: list[AudioChunk]) -> AudioChunk | None:
    """The sentences' audio as one chunk (they come from one voice, so share one format)."""
    if not chunks:
        return None
    return replace(chunks[0], audio=b"".join(chunk.audio for chunk in chunks))


class _Playback:
    """Plays a reply's sentences in order on a thread of its own, muting the microphone meanwhile."""

    def __init__(self, player: Player, mute: Callable[[bool], None] | None) -> None:
        self._player = player
        self._mute = mute
        self._queue: queue.Queue[AudioChunk | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._failure: AudioError | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    def play(self, chunk: AudioChunk) -> None:
        """Queue ``chunk``; the first one mutes the microphone and starts the thread."""
        if self._thread is None:
            if self._mute:
                self._mute(True)
            self._thread = threading.Thread(target=self._run, name="reply-playback", daemon=True)
            self._thread.start()
        self._queue.put(chunk)

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._failure is None:
                try:
                    self._player.play(chunk)
                except AudioError as exc:
                    self._failure = exc

    def finish(self) -> AudioError | None:
        """Wait until everything queued has played, unmute; the speaker's failure, if any."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            if self._mute:
                self._mute(False)
        return self._failure
