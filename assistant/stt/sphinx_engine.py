"""pocketsphinx speech recognition with its bundled US-English model.

Free mode uses the bundled language model; grammar mode compiles the phrases into a strict JSGF
(see ``grammar_formats.to_jsgf``). A word missing from the pronunciation dictionary is given the joined
pronunciation of two dictionary words when it splits into them (``earbuds`` = ``ear`` + ``buds``);
other missing words are left out of the grammar and reported by ``missing_words``.
"""

from __future__ import annotations

import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from assistant.messages import AudioChunk, Transcript
from assistant.stt.base import SttError, check_audio
from assistant.stt.grammar import Grammar
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


def _start_decoder(beams: dict[str, float]) -> Any:
    """A pocketsphinx decoder with the bundled US-English model and ``beams``."""
    try:
        from pocketsphinx import Decoder
    except ImportError as exc:
        raise SttError("the pocketsphinx package is not installed: pip install pocketsphinx") from exc
    try:
        return Decoder(loglevel="FATAL", **beams)
    except Exception as exc:  # a broken install surfaces as RuntimeError/ValueError
        raise SttError(f"cannot start pocketsphinx: {exc}") from exc


class SphinxEngine:
    """Speech to text with pocketsphinx. Not thread-safe: one owner thread per engine."""

    name = "pocketsphinx"

    def __init__(self, lang: str = "en") -> None:
        if lang != "en":
            raise SttError(f"pocketsphinx here only has an English model, not {lang!r}")
        self.lang = lang
        self._decoder: Any = _start_decoder(GRAMMAR_BEAMS)
        self._free = self._decoder.current_search()
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
        """Whether ``word`` has a pronunciation (after adding joinable compounds)."""
        if word not in self._known:
            self._known[word] = self._decoder.lookup_word(word) is not None or self._add_compound(word)
        return self._known[word]

    def _add_compound(self, word: str) -> bool:
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            head_phones = self._decoder.lookup_word(head)
            tail_phones = self._decoder.lookup_word(tail) if head_phones else None
            if head_phones and tail_phones:
                # update=False: updating every search per word took ~0.6 s each (30 s for a grammar);
                # searches built afterwards (the grammar's model and JSGF) see the word anyway.
                self._decoder.add_word(word, f"{head_phones} {tail_phones}", False)
                self.compounds[word] = (head, tail)
                return True
        return False

    def missing_words(self, words: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(w for w in words if not self.knows(w)))

    def set_grammar(self, grammar: Grammar | Sequence[str] | None) -> None:
        if grammar is self._grammar and grammar is not None:
            return  # compiling a JSGF takes a while: only when it changes
        self._grammar = grammar
        previous = self._search
        if grammar is None:
            self._decoder.activate_search(self._free)
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
        """A trigram model of the grammar's phrases, searched first (it is ~10x faster)."""
        phrases = [" ".join(w for w in p.split() if self.knows(w)) for p in grammar.phrases]
        with tempfile.TemporaryDirectory(prefix="lm-") as folder:
            path = Path(folder) / "phrases.arpa"
            path.write_text(to_arpa(p for p in phrases if p), encoding="utf-8")
            try:
                self._decoder.add_lm_file(f"{name}-lm", str(path))
            except (RuntimeError, ValueError) as exc:
                raise SttError(f"pocketsphinx rejected the language model: {exc}") from exc
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
