"""The voice pipeline end to end on real recordings: Vosk / pocketsphinx, our endpointing, pyttsx3."""

from __future__ import annotations

import io
import json
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.app import Assistant, build, build_recognition
from assistant.audio.devices import DeviceError, FakeMicrophone
from assistant.audio.wake_word import WakeWordSpotter
from assistant.config import Config
from assistant.events import EventWriter
from assistant.messages import Reply
from assistant.store import SqliteStore, StoreLocation
from assistant.tts import Pyttsx3Speech
from assistant.voice.loop import SENTENCE_WORDS, VoiceLoop, VoiceSettings, VoiceTurn, after_wake_phrase
from assistant.voice.recognition import Recognition
from assistant.voice.second_opinion import COMMITTING
from tests.support.audio import MANIFEST, fixture
from tests.support.cli import events, run
from tests.support.paths import FIXTURES

FLOORS = {"en": 0.68, "ko": 0.17, "joe": 0.85}
"""Intent accuracy on the whole fixture set, per language (English: the espeak-ng and festival voices)
and for the English requests again in the Piper voice ``joe``, as measured on 2026-12-03 with Silero VAD
as the endpointer's speech detector: 0.75 English (36 of 48; pocketsphinx: trigram model of the phrases,
then the exact grammar of the intents it suggests), 0.27 Korean (Vosk; 12 of 45), 0.875 joe (42 of 48);
with the energy detector the same day 0.65 and 0.18. Decoded while spoken, without the exact grammar
(later that day): 0.729, 0.311, 0.896 — but pocketsphinx's cepstral mean then carried over between
utterances, so a transcript depended on the fixtures played before it. Each utterance decoded from the
model's initial mean (the same audio always gives the same words): English 0.6875 (33 of 48; the
English floor is that, rounded down). These are without
Whisper's second opinion (``test_second_opinion.py``). The aims are 0.95 and 0.80; the Korean model
barely understands espeak-ng's Korean voice, so better Korean audio is the next step, not a lower bar.
Korean varied from run to run (0.178-0.289 in eight runs on 2026-12-04) until Kaldi's dithering was turned
off (``stt/vosk_engine.py``): then 0.222 (10 of 45) every time; 0.178 (8 of 45) every time since the
``booking.status`` templates (2026-12-04) added their words to Vosk's Korean phrase list (the misheard
transcripts are noise either way: "오 육 아홉 시 예요" for a weather question)."""
GROUPS = {
    "en": lambda item: item["lang"] == "en" and item["voice"] != "joe",
    "ko": lambda item: item["lang"] == "ko",
    "joe": lambda item: item["voice"] == "joe",
}
"""Which fixtures each floor is measured on."""


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Assistant, Recognition]]:
    db = tmp_path_factory.mktemp("voice") / "store.db"
    assistant = build(Config(db=StoreLocation.parse(db)))
    yield assistant, build_recognition(assistant)
    assistant.close()


def first_turn(
    voice: tuple[Assistant, Recognition], item: dict[str, object]
) -> tuple[VoiceTurn | None, bool]:
    """Run one fixture through endpointing, grammar STT (with free fallback) and the NLU: the first
    answered turn (None when none was), and whether the customer got any reply.

    A fixture that starts with a wake phrase is played to a kiosk waiting for it.
    """
    assistant, speech = voice
    lang = str(item["lang"])
    session = assistant.dialogue.new_session(lang)
    wake = VoiceSettings(wake_phrase=str(item["wake"])) if item.get("wake") else VoiceSettings()
    loop = VoiceLoop(assistant.dialogue, speech.recognizer, speech.grammar, settings=wake)
    replies: list[Reply] = []
    loop.on_reply = replies.append
    mic = FakeMicrophone([FIXTURES / str(item["file"])], realtime=False)
    turns = loop.run(mic.chunks(), session)
    spoken = [t for t in turns if t.turn is not None]
    return (spoken[0] if spoken else None), bool(replies)


@pytest.mark.parametrize("group", list(GROUPS))
def test_intent_accuracy_over_the_fixture_set(group: str, voice: tuple[Assistant, Recognition]) -> None:
    items = [i for i in MANIFEST if GROUPS[group](i) and not i.get("answer")]  # requests, not answers
    assert len(items) >= 30
    wrong, silent, stood, asked = [], [], 0, 0
    for item in items:
        first, answered = first_turn(voice, item)
        text = first.transcript.text if first is not None else ""
        intent = first.turn.match.intent if first is not None and first.turn is not None else None
        if first is not None and first.turn is not None and item["lang"] == "en":
            free = "second_opinion_ms" in first.timings  # pocketsphinx's free fallback decoded it too
            match = first.turn.match
            if (
                match.matcher == "classifier"
                and len(text.split()) >= SENTENCE_WORDS
                and match.intent not in COMMITTING
            ):
                assert not free, f"{item['file']}: the question {text!r} waited for the free fallback"
                stood += 1
            asked += free
        if intent != item["intent"]:
            wrong.append(f"{item['file']}: heard {text!r} -> {intent}, expected {item['intent']}")
        if not answered and item["intent"] is not None and not item.get("wake"):  # asleep: silence is right
            silent.append(str(item["file"]))
    accuracy = 1 - len(wrong) / len(items)
    print(f"\n{group}: spoken intent accuracy {accuracy:.3f} on {len(items)} fixtures", *wrong, sep="\n  ")
    assert accuracy >= FLOORS[group], "\n".join(wrong)
    assert not silent, f"requests that got no reply at all: {silent}"
    if group != "ko":  # questions the classifier understands stand; the fallback still runs elsewhere
        assert stood >= 5 and asked >= 5, (stood, asked)


def test_fake_microphone_at_real_time_pace_to_spoken_reply(
    voice: tuple[Assistant, Recognition], tmp_path: Path
) -> None:
    assistant, speech = voice
    synthesizer = Pyttsx3Speech()
    played: list[int] = []
    muted: list[bool] = []

    class Recorder:
        def play(self, chunk: object) -> None:
            played.append(len(chunk.audio))  # type: ignore[attr-defined]

    mic = FakeMicrophone([fixture("en", "store.hours")], realtime=True)
    loop = VoiceLoop(
        assistant.dialogue, speech.recognizer, speech.grammar, synthesizer, Recorder(), mute=muted.append
    )
    try:
        turns = loop.run(mic.chunks(), assistant.dialogue.new_session("en"))
    finally:
        synthesizer.close()
    answered = [t for t in turns if t.turn is not None]
    assert len(answered) == 1 and answered[0].turn.match.intent == "store.hours"  # type: ignore[union-attr]
    assert played and played[0] > 16000  # more than half a second of reply audio
    assert muted == [True, False]  # the microphone was ignored while speaking
    assert {"endpoint_ms", "decode_ms", "nlu_dialogue_ms", "tts_ms", "latency_ms"} <= set(answered[0].timings)


@pytest.mark.parametrize(
    ("lang", "intent", "slots", "expect"),
    [
        ("en", "order.place", {"quantity": 2, "product": "wireless-earbuds"}, "color"),
        # Korean requests are not recognised reliably yet (see FLOORS); a yes is.
        ("ko", "dialog.yes", {}, None),
    ],
)
def test_run_input_prints_transcript_intent_reply_and_writes_audio(
    lang: str, intent: str, slots: dict[str, object], expect: str | None, tmp_path: Path
) -> None:
    out = tmp_path / "replies"
    wav = fixture(lang, intent, **slots)
    done = run(
        [
            "run",
            "--input",
            str(wav),
            "--json",
            "--lang",
            lang,
            "--db",
            str(tmp_path / "s.db"),
            "--tts-out",
            str(out),
            "--no-speaker",
        ]
    )
    assert done.returncode == 0, done.stderr
    stream = events(done.stdout)
    kinds = [e["type"] for e in stream]
    assert kinds[:4] == ["listening", "transcript", "intent", "reply"]
    transcript, heard, reply = stream[1], stream[2], stream[3]
    assert transcript["lang"] == lang and transcript["engine"] == ("pocketsphinx" if lang == "en" else "vosk")
    confidence, latency = transcript["confidence"], reply["latency_ms"]
    assert isinstance(confidence, int | float) and isinstance(latency, int | float)  # JSON numbers
    assert isinstance(transcript["decode_ms"], float) and 0 <= confidence <= 1
    assert heard["intent"] == intent and heard["slots"] == slots
    assert reply["expect"] == expect and reply["lang"] == lang and latency > 0
    with wave.open(str(reply["audio"])) as w:
        assert w.getnframes() > w.getframerate() // 2


def test_a_spoken_order_answered_by_voice_and_confirmed_from_a_sequence_of_wavs(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    conversation = sorted(
        (i for i in MANIFEST if i.get("conversation") == "order-earbuds-en"), key=lambda i: int(i["turn"])
    )
    wavs = [FIXTURES / str(i["file"]) for i in conversation]
    done = run(
        ["run", *(a for w in wavs for a in ("--input", str(w))), "--json", "--db", str(db), "--no-speaker"]
    )
    assert done.returncode == 0, done.stderr
    stream = events(done.stdout)
    replies = [e for e in stream if e["type"] == "reply"]
    assert [r["expect"] for r in replies] == ["color", "phone", "confirm", None], replies
    assert "phone ending 0187" in str(replies[2]["text"]) and "5001" in str(replies[3]["text"])
    with SqliteStore.open(db) as store:
        placed = store.order(5001)
        assert placed is not None and (placed.lines[0].quantity, placed.lines[0].color) == (2, "black")
        assert placed.customer_phone == "2135550187"
        assert store.product("wireless-earbuds").stock == 23  # type: ignore[union-attr]


def test_after_a_spoken_goodbye_the_next_speaker_is_a_new_customer(tmp_path: Path) -> None:
    """Without a wake phrase, a goodbye ends the session: the next speaker asking "has my order shipped
    yet" was told about the order the customer before had just placed (and could cancel it)."""
    db = tmp_path / "s.db"
    conversation = sorted(
        (i for i in MANIFEST if i.get("conversation") == "order-earbuds-en"), key=lambda i: int(i["turn"])
    )
    wavs = [*(FIXTURES / str(i["file"]) for i in conversation)]
    wavs += [FIXTURES / "en/goodbye_joe.wav", FIXTURES / "en/status_shipped_yet_joe.wav"]
    done = run(
        ["run", *(a for w in wavs for a in ("--input", str(w))), "--json", "--db", str(db), "--no-speaker"]
    )
    assert done.returncode == 0, done.stderr
    stream = events(done.stdout)
    replies = [e for e in stream if e["type"] == "reply"]
    assert "5001" in str(replies[3]["text"]) and replies[4]["end_session"] is True, replies
    after = stream[stream.index(replies[4]) + 1 :]
    assert after[0]["type"] == "session", after  # a new conversation begins
    assert replies[5]["expect"] == "order_id" and "5001" not in str(replies[5]["text"]), replies[5]


WAKE = "hello assistant"


def wake_fixture(name: str) -> Path:
    return FIXTURES / next(str(i["file"]) for i in MANIFEST if i.get("wake") and name in i["file"])


def hear(
    voice: tuple[Assistant, Recognition], files: list[Path], settings: VoiceSettings, gap_s: float = 0.0
) -> list[tuple[str, str | None, str | None]]:
    """(transcript, intent, reply) of each utterance of ``files`` played in a row."""
    assistant, speech = voice
    loop = VoiceLoop(assistant.dialogue, speech.recognizer, speech.grammar, settings=settings)
    replies: list[str] = []
    loop.on_reply = lambda reply: replies.append(reply.text)
    turns = loop.run(
        FakeMicrophone(files, gap_s=gap_s, realtime=False).chunks(), assistant.dialogue.new_session("en")
    )
    answered = iter(replies)
    return [
        (
            t.transcript.text,
            t.turn.match.intent if t.turn else None,
            next(answered) if t.turn or after_wake_phrase(t.transcript.text, WAKE) == "" else None,
        )
        for t in turns
    ]


def test_a_waiting_kiosk_ignores_requests_until_the_wake_phrase(voice: tuple[Assistant, Recognition]) -> None:
    assistant, _ = voice
    greeting = assistant.dialogue.say(assistant.dialogue.new_session("en"), "greeting").text
    heard = hear(
        voice,
        [fixture("en", "store.hours"), wake_fixture("wake_only"), fixture("en", "store.hours")],
        VoiceSettings(wake_phrase=WAKE),
    )
    assert [intent for _, intent, _ in heard] == [None, None, "store.hours"], heard
    assert heard[0][2] is None  # the request before the wake phrase got no answer
    assert heard[1][2] == greeting and after_wake_phrase(heard[1][0], WAKE) == ""


def test_the_wake_phrase_and_the_request_in_one_breath(voice: tuple[Assistant, Recognition]) -> None:
    heard = hear(voice, [wake_fixture("wake_order_earbuds")], VoiceSettings(wake_phrase=WAKE))
    assert len(heard) == 1 and heard[0][1] == "order.place" and heard[0][2]
    assert not heard[0][0].startswith(WAKE)  # the dialogue saw the request without the wake phrase


@pytest.mark.parametrize(("silence_s", "answered"), [(3.0, False), (60.0, True)])
def test_after_a_long_silence_the_kiosk_waits_for_the_wake_phrase_again(
    voice: tuple[Assistant, Recognition], silence_s: float, answered: bool
) -> None:
    files = [wake_fixture("wake_order_earbuds"), fixture("en", "dialog.yes")]
    settings = VoiceSettings(wake_phrase=WAKE, session_silence_s=silence_s)
    heard = hear(voice, files, settings, gap_s=5.0)
    assert heard[0][1] == "order.place"
    # awake, the "yes" gets an answer (whatever the colour question's grammar makes of it: "your s"
    # since the call for staff in that grammar must be asked outright); asleep, none
    assert (heard[1][1] is not None) is answered and (heard[1][2] is not None) is answered, heard


def test_a_wake_phrase_the_model_cannot_hear_is_a_clear_error(tmp_path: Path) -> None:
    wav = fixture("en", "store.hours")
    done = run(
        ["run", "--input", str(wav), "--db", str(tmp_path / "s.db"), "--no-speaker", "--wake", "hey zxqvbn"]
    )
    assert done.returncode == 2 and "wake phrase" in done.stderr and "zxqvbn" in done.stderr
    assert "Traceback" not in done.stderr


LANGUAGE_FLOORS = {"same": 0.66, "other": 0.66}
"""Share of fixtures (both languages, the joe ones included: 126) whose spoken language is detected,
starting in the same or the other language, as measured on 2026-12-03 with Silero VAD: 0.825 (en 78/84,
ko 26/42) and 0.619 (en 71/84, ko 7/42); after Vosk began decoding while the customer speaks (whose
transcripts are not repeatable run to run) 0.794 (en 77/84, ko 23/42) and 0.627 (en 72/84, ko 7/42).
Once the exact JSGF pass was gone (English phrase-model readings are often near a template, not on
it) 0.857 and 0.548; with the surer reading winning between two that only mean something, 0.754
(95/126) and 0.778 (98/126): fewer Korean sessions kept on English speech, a few more switches away.
Since pocketsphinx decodes each utterance from the model's initial cepstral mean (not the one the
utterance before left: transcripts no longer depend on what was heard before) 0.706 and 0.706 twice
here, 0.683 and 0.698 in a fresh-clone CI run (Vosk's Korean differs run to run).
With the energy detector and without the joe fixtures it was 0.74 and 0.51; Silero alone had found
Korean requests in an English session less often (4 of 42, open;
BENCHMARKS.md "Voice activity"). Floors two fixtures below the lowest run: Vosk's Korean transcripts
are not repeatable run to run (14-18 of 42 right in this session's runs). Korean decoding of espeak-ng's
voice is the weak side (see FLOORS): pocketsphinx's English grammar fits a Korean request better than
the Korean model does."""


def detected_language(voice: tuple[Assistant, Recognition], item: dict[str, object], start: str) -> str:
    assistant, speech = voice
    settings = VoiceSettings(languages=("en", "ko"))
    loop = VoiceLoop(assistant.dialogue, speech.recognizer, speech.grammar, settings=settings)
    session = assistant.dialogue.new_session(start)
    loop.run(FakeMicrophone([FIXTURES / str(item["file"])], realtime=False).chunks(), session)
    return session.lang


def test_spoken_language_detection_over_the_fixture_set(voice: tuple[Assistant, Recognition]) -> None:
    items = [i for i in MANIFEST if not i.get("wake") and i["intent"] is not None]
    rates = {}
    for start in ("same", "other"):
        right = {"en": 0, "ko": 0}
        for item in items:
            lang = str(item["lang"])
            begin = lang if start == "same" else ("ko" if lang == "en" else "en")
            right[lang] += detected_language(voice, item, begin) == lang
        counts = {lang: sum(1 for i in items if i["lang"] == lang) for lang in right}
        rates[start] = sum(right.values()) / len(items)
        per = ", ".join(f"{lang} {right[lang]}/{counts[lang]}" for lang in right)
        print(f"\nstarting in the {start} language: {rates[start]:.3f} right ({per})")
    assert rates["same"] >= LANGUAGE_FLOORS["same"] and rates["other"] >= LANGUAGE_FLOORS["other"], rates


def test_run_detects_an_english_request_in_a_korean_session(tmp_path: Path) -> None:
    wav = fixture("en", "store.hours")
    args = ["run", "--input", str(wav), "--lang", "ko", "--detect-language", "--json", "--no-speaker"]
    done = run([*args, "--db", str(tmp_path / "s.db")])
    assert done.returncode == 0, done.stderr
    stream = events(done.stdout)
    heard = next(e for e in stream if e["type"] == "intent")
    reply = next(e for e in stream if e["type"] == "reply")
    assert heard["intent"] == "store.hours" and reply["lang"] == "en"
    assert next(e for e in stream if e["type"] == "transcript")["lang"] == "en"


def test_a_reply_that_cannot_be_spoken_still_reaches_the_screen_and_the_events(
    voice: tuple[Assistant, Recognition], tmp_path: Path
) -> None:
    """TTS down, an unwritable --tts-out and an unplugged speaker: each reported, none fatal."""
    assistant, speech = voice
    broken = Pyttsx3Speech()
    broken.close()  # synthesis now fails like a crashed engine: TtsError
    working = Pyttsx3Speech()

    class Unplugged:
        def play(self, chunk: object) -> None:
            raise DeviceError("cannot play audio (device unavailable)")

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    problems: list[str] = []
    try:
        for synthesizer, player, out, code in [
            (broken, None, None, "tts_failed"),
            (working, None, blocked / "replies", "tts_out_failed"),
            (working, Unplugged(), None, "speaker_failed"),
        ]:
            stream = io.StringIO()
            loop = VoiceLoop(
                assistant.dialogue,
                speech.recognizer,
                speech.grammar,
                synthesizer,
                player,
                EventWriter(stream),
                VoiceSettings(tts_out=out),
                on_problem=problems.append,
            )
            mic = FakeMicrophone([fixture("en", "store.hours")], realtime=False)
            loop.run(mic.chunks(), assistant.dialogue.new_session("en"))
            sent = [json.loads(line) for line in stream.getvalue().splitlines()]
            kinds = [e["type"] for e in sent]
            assert "reply" in kinds and "error" in kinds, kinds
            assert sent[kinds.index("error")]["code"] == code
    finally:
        working.close()
    assert len(problems) == 3 and "the reply is shown only" in problems[0]


def test_transcribe_prints_the_words(tmp_path: Path) -> None:
    done = run(
        [
            "transcribe",
            str(fixture("ko", "booking.cancel")),
            "--lang",
            "ko",
            "--json",
            "--grammar",
            "--db",
            str(tmp_path / "s.db"),
        ]
    )
    assert done.returncode == 0, done.stderr
    event = json.loads(done.stdout)
    assert event["type"] == "transcript" and event["engine"] == "vosk" and "취소" in event["text"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"RIFF\x10\x00\x00\x00WAVEfmt ", "corrupt"),
        (b"ID3\x03\x00\x00\x00\x00\x00\x00 this is an mp3", "not a WAV"),
    ],
)
def test_bad_audio_is_one_clear_line_and_exit_2(content: bytes, message: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(content)
    for args in (["transcribe", str(bad)], ["run", "--input", str(bad), "--no-speaker"]):
        done = run([*args, "--db", str(tmp_path / "s.db")])
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert str(bad) in done.stderr and message.lower() in done.stderr.lower()


def test_missing_file_and_missing_model_and_missing_microphone(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "s.db")]
    missing = run(["run", "--input", str(tmp_path / "nope.wav"), *db])
    assert missing.returncode == 2 and "no such file" in missing.stderr
    no_model = run(["transcribe", str(fixture("en", "store.hours")), "--engine", "vosk", "--lang", "en", *db])
    assert (
        no_model.returncode == 2
        and "models pull en" in no_model.stderr
        and "Traceback" not in no_model.stderr
    )
    bad_model = run(
        ["transcribe", str(fixture("ko", "store.hours")), "--lang", "ko", "--model", str(tmp_path), *db]
    )
    assert bad_model.returncode == 2 and str(tmp_path) in bad_model.stderr
    no_mic = run(["run", "--no-speaker", *db])
    assert no_mic.returncode == 2 and "--input" in no_mic.stderr and "chat" in no_mic.stderr
    assert len(no_mic.stderr.strip().splitlines()) == 1


def test_doctor_reports_what_works_and_what_to_fix(tmp_path: Path) -> None:
    done = run(["doctor", "--json", "--db", str(tmp_path / "s.db")])
    report = json.loads(done.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["database"]["ok"] and checks["skills"]["ok"] and checks["speech ko"]["ok"]
    assert checks["speech en"]["ok"] and "pocketsphinx" in checks["speech en"]["detail"]
    assert checks["second opinion en"]["ok"] and "Whisper" in checks["second opinion en"]["detail"]
    assert checks["voices"]["ok"]
    assert checks["voice activity"]["detail"] == "speech detector: silero; shipped wake words available"
    assert not checks["microphone"]["ok"] and "--input" in checks["microphone"]["fix"]
    assert done.returncode == (0 if report["healthy"] else 1)


def test_skills_check_reports_template_words_the_models_cannot_hear(tmp_path: Path) -> None:
    done = run(["skills", "check", "--db", str(tmp_path / "s.db")])
    assert done.returncode == 0, done.stdout
    assert "ok   ko (vosk): all" in done.stdout and "can be heard" in done.stdout
    assert "en (pocketsphinx)" in done.stdout


def wake_word_run(
    voice: tuple[Assistant, Recognition],
    files: list[Path],
    word: str = "okay_nabu",
    second_opinion: bool = False,
) -> tuple[list[VoiceTurn], list[str]]:
    """The turns and replies of ``files`` played in a row to a kiosk waiting for ``word`` (with Whisper's
    second opinion when asked, as the product has it when installed)."""
    assistant, speech = voice
    loop = VoiceLoop(
        assistant.dialogue,
        speech.recognizer,
        speech.grammar,
        wake_word=WakeWordSpotter(word),
        open_recognizer=speech.open_recognizer if second_opinion else None,
    )
    replies: list[str] = []
    loop.on_reply = lambda reply: replies.append(reply.text)
    turns = loop.run(FakeMicrophone(files, realtime=False).chunks(), assistant.dialogue.new_session("en"))
    return turns, replies


@pytest.mark.parametrize(
    ("recording", "intent"),
    [
        ("okay_nabu_open_sundays_us", "store.hours"),
        ("okay_nabu_status_4821_gb", "order.status"),
        ("alexa_open_sundays_us", "store.hours"),
    ],
)
def test_a_wake_word_and_the_request_in_one_breath_are_answered(
    voice: tuple[Assistant, Recognition], recording: str, intent: str
) -> None:
    """With Whisper's second opinion, as installed: pocketsphinx's phrase model alone hears the order
    number of ``okay_nabu_status_4821_gb`` as "bluetooth alright tomorrow". (``hey_mycroft_status_4821_gb``
    wakes its word too, but pocketsphinx hears its request, even alone, as "order four red watch".)"""
    word = "alexa" if recording.startswith("alexa") else "okay_nabu"
    turns, replies = wake_word_run(voice, [FIXTURES / "wake_word" / f"{recording}.wav"], word, True)
    [turn] = turns
    assert turn.turn is not None and turn.turn.match.intent == intent, turn.transcript
    assert word.split("_")[-1] not in turn.transcript.text  # only the request after the word was decoded
    assert len(replies) == 1


def test_a_kiosk_waiting_for_its_wake_word_decodes_nothing_until_it_is_said(
    voice: tuple[Assistant, Recognition],
) -> None:
    assistant, _ = voice
    greeting = assistant.dialogue.say(assistant.dialogue.new_session("en"), "greeting").text
    request = fixture("en", "store.hours")
    turns, replies = wake_word_run(
        voice, [request, FIXTURES / "wake_word" / "okay_nabu_only_m3.wav", request]
    )
    assert [t.transcript.engine for t in turns] == ["wake-word", "pocketsphinx"]  # the first request unheard
    assert turns[1].turn is not None and turns[1].turn.match.intent == "store.hours"
    assert replies[0] == greeting and len(replies) == 2


def test_run_with_a_wake_word(tmp_path: Path) -> None:
    recording = FIXTURES / "wake_word" / "okay_nabu_open_sundays_us.wav"
    db = ["--db", str(tmp_path / "s.db")]
    done = run(["run", "--input", str(recording), "--wake-word", "okay_nabu", "--json", "--no-speaker", *db])
    assert done.returncode == 0, done.stderr
    stream = events(done.stdout)
    assert stream[0] == {"type": "listening", "lang": "en", "wake_word": "okay_nabu"}
    assert [e["intent"] for e in stream if e["type"] == "intent"] == ["store.hours"]
