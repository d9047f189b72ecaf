"""Decoding while the customer speaks gives the transcript of decoding the whole utterance afterwards,
with the dialogue's own grammar, on Vosk and the Korean audio fixtures (pocketsphinx decodes whole
utterances only: see ``assistant.voice.live``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.app import Assistant, build, build_recognition
from assistant.audio import read_wav
from assistant.config import Config
from assistant.store import StoreLocation
from assistant.stt.base import BLOCK_BYTES, Streaming
from assistant.stt.vosk_engine import VoskEngine, VoskModels, resolve_vosk_model
from assistant.voice.recognition import Recognition
from tests.support.paths import REPO

FIXTURES = REPO / "audio_fixtures"
CHUNK = 960
"""30 ms: the microphone's chunks, which do not line up with the engines' blocks."""
assert CHUNK % BLOCK_BYTES
STREAMED_AGREE = 6
"""Of 16 Korean fixtures, streamed transcripts equal to a whole decode's (measured 8; a second whole
decode on a fresh recognizer: 6)."""
FREE_AGREE = 6
"""Of the same 16, free transcripts decoded while spoken equal to a whole free decode's (measured 7)."""


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Assistant, Recognition]]:
    db = tmp_path_factory.mktemp("streaming") / "store.db"
    assistant = build(Config(db=StoreLocation.parse(db)))
    yield assistant, build_recognition(assistant)
    assistant.close()


def streamed(engine: Streaming, audio: bytes) -> str:
    decoding = engine.start()
    for i in range(0, len(audio), CHUNK):
        decoding.feed(audio[i : i + CHUNK])
    return decoding.finish().text


def files(lang: str, count: int) -> list[Path]:
    return sorted((FIXTURES / lang).glob("*.wav"))[:count]


def test_vosk_streamed_agrees_with_whole_as_often_as_a_second_whole_decode(
    speech: tuple[Assistant, Recognition],
) -> None:
    """Vosk's grammar decoding is not repeatable: one recognizer fed the same blocks twice, or two
    fresh ones, differ on some utterances. Streaming must agree with a whole decode as often as
    another whole decode does."""
    assistant, recognition = speech
    path = resolve_vosk_model("ko", None, assistant.config.models_dir)
    assert path is not None
    models = VoskModels()
    whole, again, live = (VoskEngine(path, "ko", models) for _ in range(3))
    grammar = recognition.grammar("ko", assistant.dialogue.new_session("ko"))
    for engine in (whole, again, live):
        engine.set_grammar(grammar)
    repeated = agreed = heard = 0
    wavs = files("ko", 16)
    for wav in wavs:
        expected = whole.transcribe(read_wav(wav)).text
        repeated += again.transcribe(read_wav(wav)).text == expected
        agreed += streamed(live, read_wav(wav).audio) == expected
        heard += bool(expected)
    print(f"\nVosk, {len(wavs)} fixtures: streamed = whole {agreed}, whole = whole {repeated}")
    assert heard == len(wavs)
    assert agreed >= STREAMED_AGREE and agreed >= repeated - 2


def test_vosk_free_decoding_beside_the_grammar_agrees_with_a_whole_free_decode(
    speech: tuple[Assistant, Recognition],
) -> None:
    """The free fallback decoded while the customer speaks (beside the grammar's decoding, on the
    free recognizer) gives what decoding the whole utterance without a grammar afterwards gives, as
    often as a second whole free decode does (Vosk's free decoding is not repeatable either)."""
    assistant, recognition = speech
    path = resolve_vosk_model("ko", None, assistant.config.models_dir)
    assert path is not None
    models = VoskModels()
    whole, again, live = (VoskEngine(path, "ko", models) for _ in range(3))
    whole.set_grammar(None)
    again.set_grammar(None)
    live.set_grammar(recognition.grammar("ko", assistant.dialogue.new_session("ko")))
    repeated = agreed = 0
    wavs = files("ko", 16)
    for wav in wavs:
        audio = read_wav(wav)
        expected = whole.transcribe(audio).text
        repeated += again.transcribe(audio).text == expected
        grammar, free = live.start(), live.start_open()
        for i in range(0, len(audio.audio), CHUNK):
            grammar.feed(audio.audio[i : i + CHUNK])
            free.feed(audio.audio[i : i + CHUNK])
        grammar.finish()
        heard = free.finish()
        agreed += heard.text == expected
        assert heard.text, wav.name
    print(f"\nVosk free, {len(wavs)} fixtures: streamed = whole {agreed}, whole = whole {repeated}")
    assert agreed >= FREE_AGREE and agreed >= repeated - 2
