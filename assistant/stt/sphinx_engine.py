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

import re
import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from assistant.messages import AudioChunk, Transcript
from assistant.stt.base import SttError, check_audio
from assistant.stt.grammar import Grammar
from assistant.stt.grammar_cache import GrammarCache, fingerprint, key
from assistant.stt.grammar_formats import to_arpa, to_jsgf

_FREE = "_default"
KEPT_FOCUSED = 32
"""JSGF searches of a few intents kept compiled (each takes ~0.1-0.5 s to build)."""
OPEN_BEAMS: dict[str, float] = {}
"""Free (open-vocabulary) decoding uses pocketsphinx's own beams (1e-48, 7e-29, 1e-48). Narrower ones,
chosen on the synthetic fixtures for speed, raised the word error rate on real people's speech
(``audio_fixtures/human``) from 0.22 to 0.34 and turned "eight of spades four of clubs" into "they can
fit for up close" (``python bench/human_speech.py``)."""
GRAMMAR_BEAMS = {"beam": 1e-35, "wbeam": 1e-25, "pbeam": 1e-35}
"""The template grammar's searches (phrase model, exact JSGF) keep narrower beams: with pocketsphinx's
own, an exact JSGF decode took up to ~60 s and spoken commands ~1.7x the time for 0.60 instead of 0.58
intent accuracy on the fixtures. Not yet measured on human speech through a grammar."""


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
        self._pronunciations: dict[str, list[str]] | None = None
        """The model's dictionary, read when a word is first looked up."""
        self._cache = cache or GrammarCache()
        self._made_by = key([version("pocketsphinx"), str(self._dictionary_file)])
        """The engine's part of every cache key: its version and dictionary."""
        self._open: Any = None
        """The decoder for free decoding (``OPEN_BEAMS``), started on first use."""
        self._search: str | None = None
        self._grammar: Grammar | Sequence[str] | None = None
        self._compiled: dict[int, tuple[Grammar, str]] = {}
        self._models: dict[str, str] = {}
        """Grammar search name → the language-model search built from its phrases."""
        self._exact: OrderedDict[tuple[str, frozenset[str] | None], str] = OrderedDict()
        """(grammar search name, intents or None for all) → its JSGF search, least recently used first."""
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
            self._decoder.activate_search(self._exact_search(grammar, name, None))

    def _add_jsgf(self, name: str, jsgf: str) -> None:
        rules = jsgf.split("\n", 2)[-1]  # after the header lines
        for word in set(_JSGF_WORD.findall(_JSGF_RULE.sub(" ", rules))):
            self.knows(word)  # in the decoder's dictionary (the digits' "oh" is written in directly)
        try:
            self._decoder.add_jsgf_string(name, jsgf)
        except ValueError as exc:
            raise SttError(f"pocketsphinx rejected the grammar: {exc}") from exc

    def _exact_search(self, grammar: Grammar, name: str, only: frozenset[str] | None) -> str:
        """The JSGF search of ``grammar`` (of the intents ``only`` when given), compiled on first use.

        The most recent ``KEPT_FOCUSED`` focused searches are kept; the whole grammar's stays.
        """
        key = (name, only)
        if key in self._exact:
            self._exact.move_to_end(key)
            return self._exact[key]
        self._count += 1
        search = name if only is None else f"{name}-focus{self._count}"
        self._add_jsgf(search, grammar.jsgf(self.knows, only))
        self._exact[key] = search
        focused = [k for k in self._exact if k[1] is not None]
        while len(focused) > KEPT_FOCUSED:
            oldest = focused.pop(0)
            self._decoder.remove_search(self._exact.pop(oldest))
        return search

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
        """Decode one utterance; with a template grammar, the fast model first, the exact JSGF if needed.

        The exact JSGF is that of the intents the fast transcript may mean when the grammar can tell
        (``Grammar.focus``; the JSGF of every template was measured ~25x slower for a fixture or two
        more of 50, and slowest on what is not a request at all, e.g. another language), else of
        every template.
        """
        grammar, name = self._grammar, self._search
        if grammar is None:
            return self._decode(audio, self._open_decoder())
        if not isinstance(grammar, Grammar) or grammar.accepts is None or name not in self._models:
            return self._decode(audio)
        self._decoder.activate_search(self._models[name])
        quick = self._decode(audio)
        if grammar.accepts(quick.text):
            return quick
        only = None
        if grammar.focus is not None:
            only = grammar.focus(quick.text) if quick.text else frozenset()
            if not only:  # nothing heard, or nothing it could mean: no sentence to force on it
                return quick
        self._decoder.activate_search(self._exact_search(grammar, name, only))
        try:
            exact = self._decode(audio)
        finally:
            self._decoder.activate_search(self._models[name])
        spent = quick.decode_ms + exact.decode_ms
        return Transcript(exact.text, self.lang, self.name, exact.confidence, (quick.text,), spent)

    def _open_decoder(self) -> Any:
        if self._open is None:
            self._open = _start_decoder(OPEN_BEAMS)
        return self._open

    def _decode(self, audio: AudioChunk, decoder: Any = None) -> Transcript:
        check_audio(audio)
        decoder = decoder if decoder is not None else self._decoder
        start = time.perf_counter()
        decoder.start_utt()
        decoder.process_raw(audio.audio, False, True)
        decoder.end_utt()
        hyp = decoder.hyp()
        decode_ms = (time.perf_counter() - start) * 1000
        text = " ".join(hyp.hypstr.split()).lower() if hyp is not None else ""
        confidence = float(hyp.prob) if hyp is not None and text else 0.0
        return Transcript(text, self.lang, self.name, min(max(confidence, 0.0), 1.0), (), decode_ms)
