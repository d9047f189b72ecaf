"""A reply is spoken sentence by sentence: the speaker gets the first sentence while the next is still
being synthesized (real recognizer, real Piper and espeak-ng voices; only the speaker is a fake)."""

from __future__ import annotations

import wave
from pathlib import Path

from assistant.app import build, build_recognition, build_synthesizer
from assistant.audio import FakeMicrophone
from assistant.config import Config
from assistant.messages import AudioChunk
from assistant.store import StoreLocation
from assistant.tts.sentences import split_sentences
from assistant.voice.loop import Synthesizer, VoiceLoop, VoiceSettings
from tests.support.audio import fixture


class Counting:
    """The real synthesizer, counting the sentences it has finished."""

    def __init__(self, inner: Synthesizer) -> None:
        self.inner = inner
        self.done = 0

    def synthesize(self, text: str, lang: str) -> AudioChunk:
        chunk = self.inner.synthesize(text, lang)
        self.done += 1
        return chunk

    def close(self) -> None:
        self.inner.close()


class Speaker:
    """A fake speaker: what it was given, and how many sentences were synthesized by then."""

    def __init__(self, synthesizer: Counting) -> None:
        self.synthesizer = synthesizer
        self.played: list[AudioChunk] = []
        self.synthesized_when_played: list[int] = []

    def play(self, chunk: AudioChunk) -> None:
        self.synthesized_when_played.append(self.synthesizer.done)
        self.played.append(chunk)


def test_the_first_sentence_plays_before_the_reply_is_synthesized_and_one_wav_is_kept(tmp_path: Path) -> None:
    config = Config(db=StoreLocation.parse(tmp_path / "s.db"))
    assistant = build(config)
    recognition = build_recognition(assistant)
    synthesizer = Counting(build_synthesizer(config))
    speaker = Speaker(synthesizer)
    muted: list[bool] = []
    loop = VoiceLoop(
        assistant.dialogue,
        recognition.recognizer,
        recognition.grammar,
        synthesizer,
        speaker,
        settings=VoiceSettings(tts_out=tmp_path / "replies"),
        mute=muted.append,
    )
    try:
        earbuds = fixture("en", "order.place", quantity=2, product="wireless-earbuds")
        mic = FakeMicrophone([earbuds], realtime=False)  # "Which color…? We have black and white."
        turns = loop.run(mic.chunks(), assistant.dialogue.new_session("en"))
    finally:
        loop.close()
        assistant.close()

    (turn,) = [t for t in turns if t.turn is not None]
    assert turn.turn is not None and turn.turn.match.intent == "order.place"
    sentences = split_sentences(turn.turn.reply.text)
    assert len(sentences) >= 2, sentences
    assert len(speaker.played) == synthesizer.done == len(sentences)  # one chunk per sentence
    assert speaker.synthesized_when_played[0] < len(sentences)  # played before the last was synthesized
    assert muted == [True, False]
    assert turn.timings["first_audio_ms"] < turn.timings["latency_ms"]
    assert turn.reply_file is not None and turn.reply_file.parent == tmp_path / "replies"
    with wave.open(str(turn.reply_file)) as saved:  # --tts-out: the whole reply in one WAV
        assert saved.getframerate() == speaker.played[0].rate
        assert saved.readframes(saved.getnframes()) == b"".join(c.audio for c in speaker.played)
