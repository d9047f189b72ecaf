"""pocketsphinx speech recognition with its bundled US-English model.

Free mode uses the bundled language model (a decoder of its own, started on first use); grammar mode
compiles the phrases into a strict JSGF (see ``grammar_formats.to_jsgf``). A word missing from the
pronunciation dictionary is given the joined pronunciation of two dictionary words when it splits into
them (``earbuds`` = ``ear`` + ``buds``); other missing words are left out of the grammar and reported
by ``missing_words``.

The grammar decoder starts with an empty dictionary and learns the words its grammars use from the
model's pronunciation dictionary (read in Python): every search pocketsphinx builds walks the whole
dictionary, so with all 126,000 words each phrase model took ~1 s to set up, with a few hundred ~30 ms.
The phrase model's ARPA text and its words' pronunciations are cached on disk (``grammar_cache``), so
a warm start neither builds the model nor reads the dictionary.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from assistant.messages import AudioChunk, Transcript
from assistant.stt.base import SAMPLE_RATE, Decoding, SttError, check_audio
from assistant.stt.grammar import Grammar
from assistant.stt.grammar_cache import GrammarCache, fingerprint, key
from assistant.stt.grammar_formats import to_arpa, to_jsgf

_FREE = "_default"
OPEN_BEAMS: dict[str, float] = {}
"""Free (open-vocabulary) decoding uses pocketsphinx's own beams (1e-48, 7e-29, 1e-48). Narrower ones,
chosen on the synthetic fixtures for speed, raised the word error rate on real people's speech
(``audio_fixtures/human``) from 0.22 to 0.34 and turned "eight of spades four of clubs" into "they can
fit for up close" (``python bench/human_speech.py``)."""
GRAMMAR_BEAMS: dict[str, float] = {}
"""The template grammar's searches (phrase model; answers' and digits' JSGF) use pocketsphinx's own beams
too. The narrower ones they kept until 2026-12-04 (1e-35, 1e-25, 1e-35; chosen on the synthetic fixtures
when a whole-template JSGF decode with the wide beams took up to ~60 s, a pass the product no longer
makes) were no faster on the phrase model and worse: over the 100 English fixtures (espeak-ng, festival,
Piper) intent accuracy 0.78 -> 0.79, slot accuracy 0.48 -> 0.57, WER 0.31 -> 0.29; on real people's card
requests through a card-shop skill's grammar the same words (``bench/spoken.py``, ``tests/stt``)."""
PRIME_BYTES = 16000
"""Audio held back at the start of a streamed utterance (0.5 s) to set the cepstral mean from."""
FEED_BYTES = 4096
"""Most audio given to pocketsphinx in one call while streaming (128 ms). Its guidance is to feed audio
in small chunks; the re-decode from the start after a pause, given seconds of audio in one call, crashed
the process (a segfault) on an espeak-ng request of 7 s from the blind test set."""
WHOLE_BELOW_BYTES = 48000
"""A streamed utterance shorter than this (1.5 s) is decoded whole at its end instead (~0.1 s): its
mean came from too little speech (a spoken "yes" came out as "you" or nothing)."""


def _start_decoder(beams: dict[str, float], **options: Any) -> Any:
    """A pocketsphinx decoder with the bundled US-English model, ``beams`` and ``options``."""
    try:
        from pocketsphinx import Decoder
    except ImportError as exc:
        raise SttError("the pocketsphinx package is not installed: pip install pocketsphinx") from exc
    try:
        return Decoder(loglevel="FATAL", **beams, **options)
    except Exception as exc:  # a broken install surfaces as RuntimeError/ValueError
        raise SttError(f"cannot start pocketsphinx: {exc}") from exc


def _grammar_decoder() -> tuple[Any, Path]:
    """A decoder for grammars: no language model of its own and an empty dictionary (words are
    added), and the model's own dictionary file."""
    with tempfile.TemporaryDirectory(prefix="sphinx-") as folder:
        empty = Path(folder) / "empty.dict"
        empty.write_text("", encoding="utf-8")
        decoder = _start_decoder(GRAMMAR_BEAMS, lm=None, dict=str(empty))
    from pocketsphinx import Config

    return decoder, Path(Config()["dict"])


_ALTERNATE = re.compile(r"(.+)\(\d+\)")
"""``word(2)``: the second pronunciation of ``word`` in a CMU dictionary."""


_JSGF_RULE = re.compile(r"<[^>]*>|\bpublic\b")
_JSGF_WORD = re.compile(r"[^\s()\[\]|;=+*]+")
"""Rule names and keywords in a JSGF body, and the words left between its operators."""


def read_pronunciations(path: Path) -> dict[str, list[str]]:
    """Word → its pronunciations (phones), in the dictionary's order, from a CMU-style file."""
    words: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, phones = line.strip().partition(" ")
        alternate = _ALTERNATE.fullmatch(word)
        if phones.strip():
            words.setdefault(alternate.group(1) if alternate else word, []).append(phones.strip())
    return words


class SphinxEngine:
    """Speech to text with pocketsphinx. Not thread-safe: one owner thread per engine."""

    name = "pocketsphinx"

    def __init__(self, lang: str = "en", cache: GrammarCache | None = None) -> None:
        if lang != "en":
            raise SttError(f"pocketsphinx here only has an English model, not {lang!r}")
        self.lang = lang
        self._decoder, self._dictionary_file = _grammar_decoder()
        self.initial_cmn: str = self._decoder.get_cmn()
        """The acoustic model's starting cepstral mean (the free decoder's too: the same model)."""
        self._pronunciations: dict[str, list[str]] | None = None
        """The model's dictionary, read when a word is first looked up."""
        self._cache = cache or GrammarCache()
        self._made_by = key([version("pocketsphinx"), str(self._dictionary_file)])
        """The engine's part of every cache key: its version and dictionary."""
        self._open: Any = None
        """The decoder for free decoding (``OPEN_BEAMS``), started on first use."""
        self._unfinished: _SphinxDecoding | None = None
        """A streamed utterance begun and not yet finished or cancelled (its owner may have failed)."""
        self._search: str | None = None
        self._grammar: Grammar | Sequence[str] | None = None
        self._compiled: dict[int, tuple[Grammar, str]] = {}
        self._models: dict[str, str] = {}
        """Grammar search name → the language-model search built from its phrases."""
        self._exact: set[str] = set()
        """Grammar search names whose JSGF search is compiled."""
        self._count = 0
        self._known: dict[str, bool] = {}
        self.compounds: dict[str, tuple[str, str]] = {}
        """Words added to the dictionary as two joined dictionary words."""

    def knows(self, word: str) -> bool:
        """Whether ``word`` has a pronunciation (after adding joinable compounds); a known word is
        added to the grammar decoder's dictionary."""
        if word not in self._known:
            self._learn(word, *self._lookup(word))
        return self._known[word]

    def _lookup(self, word: str) -> tuple[list[str], tuple[str, str] | None]:
        """The pronunciations of ``word`` in the model's dictionary, else the joined pronunciation of
        two dictionary words and those words, else none."""
        if self._pronunciations is None:
            self._pronunciations = read_pronunciations(self._dictionary_file)
        if word in self._pronunciations:
            return self._pronunciations[word], None
        for cut in range(2, len(word) - 1):
            head, tail = self._pronunciations.get(word[:cut]), self._pronunciations.get(word[cut:])
            if head and tail:
                return [f"{head[0]} {tail[0]}"], (word[:cut], word[cut:])
        return [], None

    def _learn(self, word: str, pronunciations: list[str], split: tuple[str, str] | None) -> None:
        """Add ``word`` to the grammar decoder's dictionary (every pronunciation of it)."""
        for n, phones in enumerate(pronunciations):
            # update=False: updating every search per word took ~0.6 s each (30 s for a grammar);
            # searches built afterwards (the grammar's model and JSGF) see the word anyway.
            self._decoder.add_word(word if n == 0 else f"{word}({n + 1})", phones, False)
        if split is not None:
            self.compounds[word] = split
        self._known[word] = bool(pronunciations)

    def _learn_cached(self, words: Iterable[str]) -> None:
        """``knows`` for each of ``words``, from the cache when these words were looked up before (the
        model's dictionary is then not read at all)."""
        new = sorted(set(words) - self._known.keys())
        if not new:
            return

        def entry(word: str) -> str:
            pronunciations, split = self._lookup(word)
            return "\t".join([word, " ".join(split or ()), *pronunciations])

        cache_key = key([self._made_by, fingerprint("stt.sphinx_engine"), *new])
        for line in self._cache.lines("sphinx-words", cache_key, lambda: [entry(w) for w in new]):
            word, split, *pronunciations = line.split("\t")
            if word not in self._known:
                head, _, tail = split.partition(" ")
                self._learn(word, pronunciations, (head, tail) if split else None)

    def missing_words(self, words: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(w for w in words if not self.knows(w)))

    def set_grammar(self, grammar: Grammar | Sequence[str] | None) -> None:
        if grammar is self._grammar and grammar is not None:
            return  # compiling a JSGF takes a while: only when it changes
        self._end_unfinished()
        self._grammar = grammar
        previous = self._search
        if grammar is None:  # free decoding has a decoder of its own
            self._search = None
        elif isinstance(grammar, Grammar) and id(grammar) in self._compiled:
            self._search = self._compiled[id(grammar)][1]
            self._activate(grammar, self._search)
            return
        elif isinstance(grammar, Grammar):  # kept compiled: switching back is free
            self._count += 1
            name = f"grammar{self._count}"
            self._compiled[id(grammar)] = (grammar, name)
            if grammar.accepts is not None:
                self._add_model(grammar, name)
            self._search = name
            self._activate(grammar, name)
            return
        else:
            self._count += 1
            name = f"grammar{self._count}"
            self._add_jsgf(name, to_jsgf(grammar, self.knows))
            self._decoder.activate_search(name)
            self._search = name
        kept = {name for _, name in self._compiled.values()}
        if previous is not None and previous != self._search and previous not in kept:
            self._decoder.remove_search(previous)

    def _activate(self, grammar: Grammar, name: str) -> None:
        """The search decoded first for ``grammar``: its phrase model, else its whole JSGF."""
        if name in self._models:
            self._decoder.activate_search(self._models[name])
        else:
            self._decoder.activate_search(self._exact_search(grammar, name))

    def _add_jsgf(self, name: str, jsgf: str) -> None:
        rules = jsgf.split("\n", 2)[-1]  # after the header lines
        for word in sorted(set(_JSGF_WORD.findall(_JSGF_RULE.sub(" ", rules)))):
            self.knows(word)  # in the decoder's dictionary (the digits' "oh" is written in directly)
        try:
            self._decoder.add_jsgf_string(name, jsgf)
        except ValueError as exc:
            raise SttError(f"pocketsphinx rejected the grammar: {exc}") from exc

    def _exact_search(self, grammar: Grammar, name: str) -> str:
        """The JSGF search of ``grammar``, compiled on first use."""
        if name not in self._exact:
            self._add_jsgf(name, grammar.jsgf(self.knows))
            self._exact.add(name)
        return name

    def _add_model(self, grammar: Grammar, name: str) -> None:
        """A trigram model of the grammar's phrases, searched first (it is ~10x faster); its ARPA text
        comes from the cache when these phrases were modelled before."""
        words = set(" ".join(grammar.phrases).split())
        self._learn_cached(words)
        unknown = {w for w in words if not self.knows(w)}
        phrases = grammar.phrases
        if unknown:
            phrases = tuple(" ".join(w for w in p.split() if w not in unknown) for p in phrases)
        sayable = [p for p in phrases if p]
        cache_key = key([self._made_by, fingerprint("stt.grammar_formats"), *sayable])
        path = self._cache.text("sphinx-lm", cache_key, "arpa", lambda: to_arpa(sayable))
        try:
            self._decoder.add_lm_file(f"{name}-lm", str(path))
        except (RuntimeError, ValueError) as exc:
            raise SttError(f"pocketsphinx rejected the language model: {exc}") from exc
        finally:
            if not self._cache.holds(path):  # a file of its own: the cache folder is read-only
                path.unlink(missing_ok=True)
        self._models[name] = f"{name}-lm"

    def transcribe(self, audio: AudioChunk) -> Transcript:
        """Decode one whole utterance: with a template grammar, its phrase model (the transcript need
        not be a template: the NLU reads it), else the grammar's JSGF, else free decoding.

        An exact JSGF pass of the intents the phrase model's transcript suggested used to follow when
        that transcript was no template: on the 90 English request fixtures it changed 1 of 73 right
        answers, and it took 0.5-3 s (up to 10 s) after the customer stopped speaking.
        """
        return self._decode(audio, self._ready())

    def _ready(self) -> Any:
        """The decoder with the search for the current grammar active (the free decoder without)."""
        name = self._search
        self._end_unfinished()
        if self._grammar is None:
            return self._open_decoder()
        if name in self._models:
            self._decoder.activate_search(self._models[name])
        return self._decoder

    def start(self) -> Decoding:
        """Begin decoding an utterance as it arrives with the current grammar's phrase model (or free).

        There is no ``start_open``: the free decoder (pocketsphinx's own wide beams) fed beside the
        phrase model while the customer spoke could not keep up with real time on this loaded 2-core
        machine (the endpoint waited up to 2.4 s for the backlog), and its transcripts of real people's
        speech were worse (WER 0.29 against 0.22 whole). The free fallback decodes the whole utterance
        after the endpoint, only when the phrase model's reading is no template.

        A grammar without a phrase model (answers, digits: a JSGF) is decoded whole at ``finish``.
        """
        grammar, decoder = self._grammar, self._ready()
        if grammar is None:
            return _SphinxDecoding(self, decoder, live=True)
        if isinstance(grammar, Grammar) and self._search in self._models:
            return _SphinxDecoding(self, decoder, live=True, accepts=grammar.accepts)
        return _SphinxDecoding(self, decoder, live=False)

    def prime(self, decoder: Any, head: bytes) -> None:
        """Set the decoder's cepstral mean from ``head`` (the start of an utterance), starting from the
        model's initial mean: an utterance is then decoded the same whatever was heard before it."""
        decoder.set_cmn(self.initial_cmn)
        _start_utt(decoder)
        decoder.process_raw(head, True, False)
        mean = decoder.get_cmn(True)
        decoder.end_utt()
        decoder.set_cmn(mean)

    def _end_unfinished(self) -> None:
        """End an utterance a failed turn left open: pocketsphinx switches no search during one."""
        if self._unfinished is not None:
            self._unfinished.cancel()

    def _open_decoder(self) -> Any:
        if self._open is None:
            self._open = _start_decoder(OPEN_BEAMS)
        return self._open

    def _decode(self, audio: AudioChunk, decoder: Any = None, primed: bool = False) -> Transcript:
        """Decode a whole utterance from the model's initial cepstral mean, or from the one ``primed``
        while it was streamed (primed from the utterance's own start, "no thanks" was heard as "sorry"
        against the initial mean's "nah i'm fine")."""
        check_audio(audio)
        decoder = decoder if decoder is not None else self._decoder
        start = time.perf_counter()
        if not primed:
            decoder.set_cmn(self.initial_cmn)
        _start_utt(decoder)
        decoder.process_raw(audio.audio, False, True)
        decoder.end_utt()
        hyp = decoder.hyp()
        decode_ms = (time.perf_counter() - start) * 1000
        text = _text(hyp)
        confidence = float(hyp.prob) if hyp is not None and text else 0.0
        return Transcript(text, self.lang, self.name, min(max(confidence, 0.0), 1.0), (), decode_ms)


class _SphinxDecoding:
    """An utterance fed to a pocketsphinx decoder as it arrives (``live``), or kept and decoded whole
    at ``finish``.

    Decoding as the audio arrives normalises each frame by a running cepstral mean: started from the
    model's default and fed that way from the start, it made 30 instead of 35 of 45 fixtures right. So
    the first ``PRIME_BYTES`` are held back, the mean is set from them (``SphinxEngine.prime``, which
    starts from the model's initial mean rather than the last utterance's: carried over, 33 of 90
    fixtures decoded differently in reverse order and a serve worker's transcripts depended on which
    satellite it had served before), and then everything is decoded. A streamed transcript that
    ``accepts`` does not take (no template) is replaced by the whole utterance's (batch mean), which
    takes the phrase model ~0.1-0.3 s: a template heard while speaking needs nothing more.

    When the customer pauses (``pause``), the utterance is finished as if it ended there: the
    first-pass hypothesis heard so far is often a word off the final search's ("i'd like two wireless
    human" for "... earbuds"), so only the final transcript can tell whether the request is whole, and
    when the pause turns out to be the end, that transcript is the utterance's and nothing is left to
    decode after the endpoint. Speech after the pause decodes everything again from the start (with
    the same mean), ~0.15 s for a 3 s request, while the customer goes on speaking.
    """

    def __init__(
        self, engine: SphinxEngine, decoder: Any, live: bool, accepts: Callable[[str], bool] | None = None
    ) -> None:
        self._engine, self._decoder, self._live, self._accepts = engine, decoder, live, accepts
        self._audio = bytearray()
        self._primed = False
        self._head = 0
        """Bytes the mean was set from (0: not yet)."""
        self._paused: Transcript | None = None
        """The transcript of the audio up to the pause going on."""

    def feed(self, audio: bytes, voiced: bool = True) -> None:
        if not audio:
            return  # pocketsphinx's process_raw fails on an empty buffer
        self._audio += audio
        if self._paused is not None:
            if not voiced:
                return  # the pause goes on: its transcript stands
            self._paused = None
            if self._head:  # the customer goes on: decode again from the start
                self._prime()
                return
        if self._primed:
            self._decoder.process_raw(audio, False, False)
        elif self._live and len(self._audio) >= PRIME_BYTES:
            self._prime()

    def _prime(self) -> None:
        """Set the cepstral mean from the audio's head, then decode all the audio so far."""
        decoder = self._decoder
        self._head = self._head or len(self._audio)
        self._engine.prime(decoder, bytes(self._audio[: self._head]))
        decoder.start_utt()
        audio = bytes(self._audio)
        for at in range(0, len(audio), FEED_BYTES):  # one call with seconds of audio crashed the process
            decoder.process_raw(audio[at : at + FEED_BYTES], False, False)
        self._primed = True
        self._engine._unfinished = self

    def pause(self) -> str:
        """The final transcript of the audio so far ("" for a grammar decoded whole at the end: its
        exact search can take seconds)."""
        if not self._live:
            return ""
        if self._paused is None:
            self._paused = self._final()
        return self._paused.text

    def finish(self) -> Transcript:
        started = time.perf_counter()
        heard, self._paused = self._paused or self._final(), None
        return replace(heard, decode_ms=(time.perf_counter() - started) * 1000)

    def _final(self) -> Transcript:
        """The transcript of the audio so far; the decoder's utterance ends."""
        engine, audio = self._engine, AudioChunk(bytes(self._audio), rate=SAMPLE_RATE)
        if not self._live or len(self._audio) < WHOLE_BELOW_BYTES:
            self.cancel()
            return engine._decode(audio, self._decoder)
        if not self._primed:
            self._prime()
        self.cancel()  # the utterance ends; its hypothesis stays readable
        hyp = self._decoder.hyp()
        text = _text(hyp)
        if self._accepts is not None and not self._accepts(text):
            return engine._decode(audio, self._decoder, primed=True)
        confidence = min(max(float(hyp.prob), 0.0), 1.0) if hyp is not None and text else 0.0
        return Transcript(text, engine.lang, engine.name, confidence)

    def cancel(self) -> None:
        if self._primed:
            self._primed = False
            if self._engine._unfinished is self:
                self._engine._unfinished = None
            with contextlib.suppress(RuntimeError):  # ended already (a failed feed)
                self._decoder.end_utt()


def _text(hyp: Any) -> str:
    """A pocketsphinx hypothesis as lower-case words ("" for none)."""
    return " ".join(hyp.hypstr.split()).lower() if hyp is not None else ""


def _start_utt(decoder: Any) -> None:
    try:
        decoder.start_utt()
    except RuntimeError:  # an utterance left unfinished (its owner went away): drop it
        decoder.end_utt()
        decoder.start_utt()
