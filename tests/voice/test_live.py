"""The voice loop decodes while the customer speaks (Vosk in Korean, pocketsphinx in English): the
endpoint closes early only on a whole request, and no utterance is decoded again after its end, in
Korean not even for the free fallback (real engines, the audio fixtures)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

import pytest

from assistant.app import Assistant, build, build_recognition
from assistant.audio import Endpointer, EndpointSettings, FakeMicrophone, Utterance, Verdict
from assistant.config import Config
from assistant.messages import AudioChunk, Transcript
from assistant.store import StoreLocation
from assistant.stt import SpeechToText
from assistant.stt.base import Decoding, OpenStreaming, Streaming
from assistant.stt.grammar import Grammar
from assistant.voice.loop import OPENERS, VoiceLoop, VoiceSettings, _Attention
from assistant.voice.recognition import Recognition
from tests.support.paths import REPO

FIXTURES = REPO / "audio_fixtures"
EARLY_FLOOR = {"ko": 1, "en": 46}
"""Utterances whose endpoint closed early: of the 47 Korean fixtures measured 1 when this test runs alone,
2 after the other speech tests in the same process (3 before Kaldi's dithering was turned off, when
Vosk's words changed from run to run; few partial transcripts of this synthetic Korean are a template
word for word); of the 100 English, 46 of 101 utterances since 2026-12-05, when a greeting and one word
with nothing asked stopped closing early (each fixture is played to a new conversation, so "nevermind",
"yes" and "no" are such words here; at a question they still close early); before, 49 since the
recommend skill's budget and price-order templates joined the phrase model (48 before them), the
listener asked from 100 ms of
silence on (``early_check_ms``; 47 when asked at 200 ms), with the
phrase model on pocketsphinx's own beams (42 with the narrowed ones; 34-35 when the first-pass
hypothesis, not the final search at the pause, was judged)."""
WAITED_FLOOR = {"ko": 44, "en": 50}
"""Utterances that waited the whole trailing silence (Korean measured 45, English 52): with the early ones
they add up to the utterances, so these floors leave the early count room to grow."""


class Judged(VoiceLoop):
    """The voice loop, keeping every partial transcript it judged and its verdict, per utterance (in
    the order of ``turns``)."""

    verdicts: list[tuple[str, Verdict]]
    judged: list[list[tuple[str, Verdict]]]

    def _judge(self, attention: _Attention, partial: Transcript) -> Verdict:
        verdict = super()._judge(attention, partial)
        self.verdicts.append((partial.text, verdict))
        return verdict

    def _utterance(self, utterance: Utterance, attention: _Attention, endpointer: Endpointer) -> None:
        self.judged.append(self.verdicts)
        self.verdicts = []
        super()._utterance(utterance, attention, endpointer)


class Counted:
    """The real engine, counting what the loop asks of it."""

    def __init__(self, inner: SpeechToText) -> None:
        self.inner, self.name, self.lang = inner, inner.name, inner.lang
        self.starts = self.opens = self.wholes = self.free = 0

    def set_grammar(self, phrases: Grammar | Sequence[str] | None) -> None:
        self.free += phrases is None
        self.inner.set_grammar(phrases)

    def transcribe(self, audio: AudioChunk) -> Transcript:
        self.wholes += 1
        return self.inner.transcribe(audio)

    def start(self) -> Decoding:
        assert isinstance(self.inner, Streaming)
        self.starts += 1
        return self.inner.start()

    def missing_words(self, words: Iterable[str]) -> list[str]:
        return self.inner.missing_words(words)


class CountedOpen(Counted):
    """``Counted`` of an engine that decodes without its grammar too while the customer speaks."""

    def start_open(self) -> Decoding:
        assert isinstance(self.inner, OpenStreaming)
        self.opens += 1
        return self.inner.start_open()


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Assistant, Recognition]]:
    db = tmp_path_factory.mktemp("live") / "store.db"
    assistant = build(Config(db=StoreLocation.parse(db)))
    yield assistant, build_recognition(assistant)
    assistant.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_early_endpoints_only_on_whole_requests_and_no_second_decode(
    lang: str, speech: tuple[Assistant, Recognition]
) -> None:
    assistant, recognition = speech
    inner = recognition.recognizer(lang)
    engine = CountedOpen(inner) if isinstance(inner, OpenStreaming) else Counted(inner)
    endpoint = EndpointSettings(trailing_silence_ms=350, early_silence_ms=200, unfinished_silence_ms=700)
    loop = Judged(
        assistant.dialogue, lambda lang: engine, recognition.grammar, settings=VoiceSettings(endpoint)
    )
    early: list[tuple[str, float, list[tuple[str, Verdict]]]] = []
    waited: list[tuple[str, float, list[tuple[str, Verdict]]]] = []
    utterances = 0
    for wav in sorted((FIXTURES / lang).glob("*.wav")):
        session = assistant.dialogue.new_session(lang)
        loop.verdicts, loop.judged, before = [], [], len(loop.turns)
        loop.run(FakeMicrophone([wav], realtime=False, tail_s=1.0).chunks(), session)
        for turn, verdicts in zip(loop.turns[before:], loop.judged, strict=True):
            utterances += 1
            ended_ms = turn.timings["endpoint_ms"]
            (early if ended_ms < 350 else waited).append((wav.name, ended_ms, verdicts))
    print(f"\n{len(early)} early endpoints, {len(waited)} full waits of {utterances} utterances")
    parse = assistant.nlu.parse
    for name, ended_ms, verdicts in early:  # closed on a partial that is a template word for word
        assert 200 <= ended_ms < 350 and verdicts[-1][1] is Verdict.WHOLE, (name, ended_ms, verdicts)
        assert parse(verdicts[-1][0], lang).matcher == "template", (name, verdicts)
    for name, _, verdicts in early + waited:  # a pause's transcript is judged once, not every frame
        assert all(a != b for (a, _), (b, _) in itertools.pairwise(verdicts)), (name, verdicts)
    for name, ended_ms, verdicts in waited:  # every partial asked about was no whole request: no template,
        assert Verdict.WHOLE not in {v for _, v in verdicts}, (name, verdicts)  # a greeting or one word
        unfinished = bool(verdicts) and verdicts[-1][1] is Verdict.PART  # words that meant nothing yet
        assert (ended_ms >= 700) == unfinished, (name, ended_ms, verdicts)
        for text, verdict in verdicts:
            heard = assistant.dialogue.understand(
                assistant.dialogue.new_session(lang), Transcript(text, lang)
            )
            assert (verdict is Verdict.PART) == (not heard.understood or heard.match.intent in OPENERS)
            reading = parse(text, lang)
            opener = reading.intent in OPENERS or len(text.split()) == 1
            assert reading.matcher != "template" or opener, (name, verdicts)
    assert len(early) >= EARLY_FLOOR[lang] and len(waited) >= WAITED_FLOOR[lang]
    assert engine.starts == utterances  # every utterance was decoded with its grammar while spoken
    if lang == "ko":  # and without: no utterance decoded again after its end
        assert engine.opens == utterances and engine.wholes == engine.free == 0
    else:  # pocketsphinx's free fallback is decoded whole, and only when the grammar's reading is weak
        assert engine.opens == 0 and engine.wholes == engine.free < utterances
