"""Whisper's second opinion on the English grammar's readings, through the real voice loop: better
accuracy on the fixtures, and out-of-scope speech that stays out of scope (nothing written)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.app import Assistant, build, build_recognition
from assistant.audio.devices import FakeMicrophone
from assistant.cli import _parser
from assistant.cli.common import config_from
from assistant.config import Config, load_config
from assistant.dialogue.session import Session
from assistant.dialogue.understanding import Heard
from assistant.doctor import diagnose
from assistant.messages import Transcript
from assistant.store import StoreLocation
from assistant.stt import SttError
from assistant.stt.whisper_engine import WhisperEngine
from assistant.voice import second_opinion
from assistant.voice.loop import VoiceLoop, VoiceSettings, VoiceTurn
from assistant.voice.recognition import Recognition
from assistant.voice.second_opinion import COMMITTING
from bench.spoken_blind import say
from tests.support.audio import MANIFEST, fixture
from tests.support.paths import FIXTURES

FLOOR = 0.93
"""English intent accuracy over the request fixtures (as ``test_voice.py`` reads them: espeak-ng, festival
and the Piper voice ``joe``) with the second opinion of Whisper base (the packaged model the dev extra
installs). Its int8 products are computed by a matrix library picked per CPU (oneDNN on AMD, its kernels
by instruction set; MKL on Intel), and they differ in the last bits, enough to change a close reading: 0.948
(91 of 96) on AMD EPYC hosts with AVX-512 (2026-12-05) and on this AVX2-only EPYC with ``CT2_USE_MKL=1``
(2026-12-07); 0.9375 (90 of 96) with oneDNN on AVX2-only EPYC hosts (CI and this machine, 2026-12-07).
The floor is the lower, rounded down. The six misses there:
synthetic voices misheard by both recognizers ("but i'm i'm youtube speaker in red", "i don't want to hurt
you anymore", "i'd like to share your later transfer"), "sorry" for "no thanks", and in babble noise "what's
the standard order number four eight two two" (a delivery question) and "what's your bestseller".
The aim is 0.95 on all 100 fixtures (met: BENCHMARKS.md, "Second opinion")."""
RECORDS = (
    "orders",
    "order_lines",
    "order_changes",
    "returns",
    "return_lines",
    "bookings",
    "customers",
    "customer_preferences",
)
"""The tables an order, return, booking, their cancellations and changes, or a preference write to."""


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Assistant, Recognition, Path]]:
    db = tmp_path_factory.mktemp("second") / "store.db"
    assistant = build(Config(db=StoreLocation.parse(db)))
    yield assistant, build_recognition(assistant), db
    assistant.close()


def listen(
    voice: tuple[Assistant, Recognition, Path],
    files: list[Path],
    wake: str | None = None,
    second: bool = True,
) -> list[VoiceTurn]:
    """``files`` played in a row to one session of the product's voice loop (second opinion on unless
    ``second`` is false: the product without the ``whisper`` extra), to a kiosk waiting for ``wake``."""
    assistant, speech, _ = voice
    loop = VoiceLoop(
        assistant.dialogue,
        speech.recognizer,
        speech.grammar,
        settings=VoiceSettings(wake_phrase=wake),
        open_recognizer=speech.open_recognizer if second else None,
    )
    mic = FakeMicrophone(files, realtime=False)
    return loop.run(mic.chunks(), assistant.dialogue.new_session("en"))


def records(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables of ``RECORDS``."""
    with closing(sqlite3.connect(db)) as conn:
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in RECORDS}


def test_the_open_recognizer_is_whisper_for_english_only(voice: tuple[Assistant, Recognition, Path]) -> None:
    _, speech, _ = voice
    assert isinstance(speech.open_recognizer("en"), WhisperEngine)
    assert speech.open_recognizer("ko") is None


def test_english_intent_accuracy_with_the_second_opinion(voice: tuple[Assistant, Recognition, Path]) -> None:
    items = [i for i in MANIFEST if i["lang"] == "en" and not i.get("answer")]  # as test_voice.py
    wrong, asked = [], 0
    for item in items:
        wake = str(item["wake"]) if item.get("wake") else None
        turns = listen(voice, [FIXTURES / str(item["file"])], wake)
        asked += sum("second_opinion_ms" in t.timings for t in turns)
        answered = [t for t in turns if t.turn is not None]
        intent = answered[0].turn.match.intent if answered and answered[0].turn else None
        if intent != item["intent"]:
            heard = answered[0].transcript.text if answered else ""
            wrong.append(f"{item['file']}: heard {heard!r} -> {intent}, expected {item['intent']}")
    accuracy = 1 - len(wrong) / len(items)
    print(
        f"\nen with the second opinion: {accuracy:.3f} on {len(items)}; asked {asked} times",
        *wrong,
        sep="\n  ",
    )
    assert accuracy >= FLOOR, "\n".join(wrong)
    assert 0 < asked < len(items)  # asked only about weak or committing readings


def test_out_of_scope_speech_followed_by_yes_writes_nothing(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    """Each out-of-scope request, then "yes" (which would confirm whatever was forced on it): no action
    is started and no order, booking, cancellation, return or preference is stored."""
    _, _, db = voice
    before = records(db)
    out_of_scope = [
        FIXTURES / str(i["file"])
        for i in MANIFEST
        if i["lang"] == "en" and Path(str(i["file"])).name.startswith("oos_")
    ]
    assert len(out_of_scope) >= 3
    for wav in out_of_scope:
        turns = listen(voice, [wav, fixture("en", "dialog.yes")])
        intents = [t.turn.match.intent for t in turns if t.turn is not None]
        assert not COMMITTING & set(intents), (wav.name, [t.transcript.text for t in turns], intents)
    assert records(db) == before


@pytest.mark.parametrize("second", [True, False], ids=["with Whisper", "grammar and pocketsphinx only"])
def test_a_person_saying_something_out_of_scope_then_yes_writes_nothing(
    voice: tuple[Assistant, Recognition, Path], second: bool
) -> None:
    """Real people's out-of-scope speech (CMU Sphinx's "go forward ten meters", a request for a playing
    card this shop does not sell), each followed by "yes": the phrase model heard "go forward ten me
    shirts", which had been stored as a clothing preference; nothing may be written, with or without
    the second opinion."""
    _, _, db = voice
    before = records(db)
    for name in ("goforward.wav", "cards_002.wav"):
        turns = listen(voice, [FIXTURES / "human" / name, fixture("en", "dialog.yes")], second=second)
        intents = [t.turn.match.intent for t in turns if t.turn is not None]
        assert not COMMITTING & set(intents), (name, [t.transcript.text for t in turns], intents)
    assert records(db) == before


def reading(assistant: Assistant, text: str, engine: str) -> Heard:
    return assistant.dialogue.understand(assistant.dialogue.new_session("en"), Transcript(text, "en", engine))


def heard_in(assistant: Assistant, session: Session, text: str, engine: str) -> Heard:
    """``text`` as ``engine`` heard it in ``session`` (with its question pending)."""
    return assistant.dialogue.understand(session, Transcript(text, "en", engine))


def checked(
    assistant: Assistant, session: Session, grammar: str, other: str, same: str, spoke_s: float
) -> Heard:
    """The grammar's ``grammar`` in ``session`` is asked about: Whisper's ``other`` wins, its ``same`` (the
    same meaning in other words) keeps the grammar's reading, which is returned."""
    mine = heard_in(assistant, session, grammar, "pocketsphinx")
    assert second_opinion.wanted(mine, session, spoke_s)
    theirs = heard_in(assistant, session, other, "whisper")
    assert second_opinion.choose(mine, theirs, session, spoke_s) is theirs
    agreed = heard_in(assistant, session, same, "whisper")
    assert second_opinion.choose(mine, agreed, session, spoke_s) is mine
    return mine


def test_the_grammar_keeps_an_exact_harmless_reading_and_gives_way_when_weak(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    hours = reading(assistant, "are you open on sundays", "pocketsphinx")
    assert not second_opinion.wanted(hours, session, spoke_s=1.5)  # exact, writes nothing: not asked
    greeting = reading(assistant, "yo", "pocketsphinx")  # exactly a template, but 2.5 s of speech
    assert second_opinion.weak(greeting, spoke_s=2.5) and not second_opinion.weak(greeting, spoke_s=0.5)
    booking = reading(assistant, "i'd like to schedule a data transfer", "whisper")
    assert second_opinion.choose(greeting, booking, session, spoke_s=2.5) is booking


def test_an_action_is_never_taken_from_the_grammar_against_the_open_recognizer(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    assistant, _, db = voice
    session = assistant.dialogue.new_session("en")
    order = reading(assistant, "i'd like two wireless earbuds", "pocketsphinx")
    assert order.match.intent == "order.place" and second_opinion.wanted(order, session, spoke_s=2.0)
    joke = reading(assistant, "tell me a joke", "whisper")
    assert second_opinion.choose(order, joke, session, spoke_s=2.0) is joke
    same = reading(assistant, "i'd like to wireless earbuds", "whisper")
    assert same.match.intent == "order.place"
    assert second_opinion.choose(order, same, session, spoke_s=2.0) is order  # agreed: the grammar's words
    near = reading(assistant, "i like to wear earbuds", "whisper")  # a preference, or an order
    assert second_opinion.reads_as(near, "customer.preference")
    assert second_opinion.reads_as(near, "order.place")
    assert second_opinion.choose(order, near, session, spoke_s=2.0) is order
    misheard = reading(assistant, "i'd like to wear this ear button", "whisper")  # no order word at all
    assert not second_opinion.reads_as(misheard, "order.place")
    assert second_opinion.choose(order, misheard, session, spoke_s=2.0) is misheard
    before = records(db)
    turn = assistant.dialogue.respond(session, misheard.transcript)  # nothing to order, nothing to keep
    assert turn.reply.expect is None or turn.reply.expect.kind != "confirm"  # nothing asked to confirm
    assert records(db) == before


def test_a_call_for_staff_from_the_grammar_is_checked_too(voice: tuple[Assistant, Recognition, Path]) -> None:
    """A staff ticket is written with the customer's words in it: a grammar's "you are useless" for
    digits (a stranger's, at the order-number question) gives way to what the open recognizer heard."""
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    insult = reading(assistant, "you are useless", "pocketsphinx")
    assert insult.match.intent == "agent.handoff" and second_opinion.wanted(insult, session, spoke_s=1.5)
    digits = reading(assistant, "zero one eight seven", "whisper")
    assert second_opinion.choose(insult, digits, session, spoke_s=1.5) is digits
    staff = reading(assistant, "you are useless", "whisper")
    assert second_opinion.choose(insult, staff, session, spoke_s=1.5) is insult


def test_a_configured_whisper_model_that_is_not_one_is_named(tmp_path: Path) -> None:
    config = Config(db=StoreLocation.parse(tmp_path / "s.db"), whisper_model=tmp_path)
    check = {c.name: c for c in diagnose(config).checks}["second opinion en"]
    assert not check.ok and not check.required and str(tmp_path) in check.detail
    assistant = build(config)
    try:
        with pytest.raises(SttError, match="not a CTranslate2 Whisper model folder"):
            build_recognition(assistant).open_recognizer("en")
    finally:
        assistant.close()


def test_the_second_opinion_can_be_turned_off(tmp_path: Path) -> None:
    """``second_opinion = false`` or ``run --no-second-opinion``: Whisper is installed here but not asked."""
    path = tmp_path / "config.toml"
    path.write_text(f'db = "{tmp_path / "s.db"}"\nsecond_opinion = false\n', encoding="utf-8")
    config = load_config(path)
    flagged = config_from(
        _parser().parse_args(["run", "--db", str(tmp_path / "s.db"), "--no-second-opinion"])
    )
    assert not config.second_opinion and not flagged.second_opinion
    check = {c.name: c for c in diagnose(config).checks}["second opinion en"]
    assert check.ok and check.detail.startswith("off")
    for wanted, expected in ((False, type(None)), (True, WhisperEngine)):
        assistant = build(replace(config, second_opinion=wanted))
        try:
            assert isinstance(build_recognition(assistant).open_recognizer("en"), expected)
        finally:
            assistant.close()


def test_a_record_number_from_the_grammar_is_checked_by_the_open_recognizer(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    """Pocketsphinx's phrase model heard Piper's "where is my order four eight two one" as "… four eighty
    one": word for word a template, order 481. A reading that names a record by its number is asked
    about, and the open recognizer's number wins when it hears the same request."""
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    grammar = reading(assistant, "where is my order four eighty one", "pocketsphinx")
    assert grammar.match.intent == "order.status" and grammar.match.slots["order_id"] == 481
    assert second_opinion.wanted(grammar, session, spoke_s=2.5)
    whisper = reading(assistant, "where is my order four eight two one", "whisper")
    assert second_opinion.choose(grammar, whisper, session, spoke_s=2.5) is whisper
    same = reading(assistant, "where's my order four eighty one", "whisper")
    assert second_opinion.choose(grammar, same, session, spoke_s=2.5) is grammar
    hours = reading(assistant, "are you open on sundays", "pocketsphinx")
    assert not second_opinion.wanted(hours, session, spoke_s=1.5)


@pytest.mark.parametrize("name", ["answer_black_joe"])
def test_a_spoken_colour_at_the_colour_question_is_stored_as_said(
    voice: tuple[Assistant, Recognition, Path], name: str
) -> None:
    """The grammar heard the Piper voice's "black please" at the colour question as "white please" (a
    whole answer: never checked before); a value answer is now asked about, and Whisper's other whole
    answer wins. (espeak's `f2` "black please" was "black screen" to the grammar and "let's leave" to
    Whisper, and the grammar's answer stood; since the grammar gained the 2026-12-05 templates its phrase
    model hears "i get three" or "black screen" from one build to the next, and the question is asked
    again when it is the first: a known miss in BENCHMARKS, not asserted.)"""
    assistant, speech, _ = voice
    session = assistant.dialogue.new_session("en")
    assistant.dialogue.respond(session, Transcript("i'd like two wireless earbuds", "en"))
    assert session.pending is not None and session.pending.expect.slot == "color"
    loop = VoiceLoop(
        assistant.dialogue, speech.recognizer, speech.grammar, open_recognizer=speech.open_recognizer
    )
    turns = loop.run(FakeMicrophone([FIXTURES / "en" / f"{name}.wav"], realtime=False).chunks(), session)
    answered = [t for t in turns if t.turn is not None]
    assert len(answered) == 1 and "second_opinion_ms" in answered[0].timings  # Whisper was asked
    assert session.pending is not None and session.pending.slots["color"] == "black", answered[0].transcript


def test_a_value_answer_is_asked_about_but_personal_digits_are_not(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    assistant.dialogue.respond(session, Transcript("i'd like two wireless earbuds", "en"))
    white = checked(assistant, session, "white please", "black please", "white", spoke_s=1.0)
    assert second_opinion.fills_value(white, session)
    assistant.dialogue.respond(session, white.transcript)
    assert session.pending is not None and session.pending.expect.secret  # the phone number is asked
    phone = heard_in(assistant, session, "two one three five five five zero one eight seven", "pocketsphinx")
    assert not second_opinion.fills_value(phone, session)


def confirming(assistant: Assistant, *typed: str) -> Session:
    """A session whose order waits for its yes, after ``typed``."""
    session = assistant.dialogue.new_session("en")
    for text in typed:
        assistant.dialogue.respond(session, Transcript(text, "en"))
    assert session.pending is not None and session.pending.expect.kind == "confirm"
    return session


@pytest.mark.parametrize(
    ("voice_name", "said", "still_asked"),
    [("en-us", "nah", False), ("joe", "hmm, let me think about it", True)],
    ids=["espeak nah", "piper let me think"],
)
def test_a_confirmation_is_not_changed_or_taken_on_one_recognizer_s_word(
    voice: tuple[Assistant, Recognition, Path], tmp_path: Path, voice_name: str, said: str, still_asked: bool
) -> None:
    """At "Shall I place the order?", Whisper heard espeak's "nah" as "yeah" (the confirmation's grammar,
    which knows every yes, heard "the ah") and the order was placed; the grammar heard the Piper voice's
    "hmm, let me think about it" as "let me pink about it" and the black case became pink. A yes only
    the open recognizer heard, and a value only the grammar heard, leave the order as it was, unplaced."""
    assistant, speech, db = voice
    before = records(db)
    session = confirming(assistant, "can i get a black phone case", "no phone")
    loop = VoiceLoop(
        assistant.dialogue, speech.recognizer, speech.grammar, open_recognizer=speech.open_recognizer
    )
    wav = say(voice_name, 0, said, tmp_path)
    turns = loop.run(FakeMicrophone([wav], realtime=False).chunks(), session)
    answered = [t for t in turns if t.turn is not None]
    assert len(answered) == 1, [t.transcript.text for t in turns]
    turn, heard = answered[0].turn, answered[0].transcript
    assert turn is not None and turn.match.intent != "dialog.yes", heard
    assert records(db) == before, heard  # nothing placed
    if still_asked:  # a wait: the same order is asked about again
        assert session.pending is not None and session.pending.expect.kind == "confirm", heard
        assert session.pending.slots["color"] == "black", heard


def test_at_a_confirmation_a_yes_needs_the_grammar_and_a_change_needs_both(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    assistant, _, _ = voice
    session = confirming(assistant, "can i get a black phone case", "no phone")
    yeah = heard_in(assistant, session, "yeah", "whisper")
    for heard in ("the ah", "no"):
        grammar = assistant.dialogue.understand(session, Transcript(heard, "en", "pocketsphinx"))
        assert second_opinion.choose(grammar, yeah, session, spoke_s=0.6) is grammar, heard
    yes = heard_in(assistant, session, "yes", "pocketsphinx")
    assert second_opinion.choose(yes, yeah, session, spoke_s=0.6) is yes  # both heard a yes
    pink = heard_in(assistant, session, "let me pink about it", "pocketsphinx")
    think = heard_in(assistant, session, "let me think about it", "whisper")
    assert second_opinion.wanted(pink, session, spoke_s=1.5)
    assert second_opinion.choose(pink, think, session, spoke_s=1.5) is think
    blue = heard_in(assistant, session, "make it blue", "pocketsphinx")
    same = heard_in(assistant, session, "make it blue please", "whisper")
    assert second_opinion.choose(blue, same, session, spoke_s=1.5) is blue  # both heard the change
    # espeak's "sure" at a smart watch's confirmation was the grammar's "charger" (a phone charger was
    # then confirmed and ordered) and Whisper's "sure": neither is taken, the question is asked again
    charger = heard_in(assistant, session, "charger", "pocketsphinx")
    sure = heard_in(assistant, session, "sure", "whisper")
    assert charger.answer.values == {"product": "phone-charger"} and sure.match.intent == "dialog.yes"
    neither = second_opinion.choose(charger, sure, session, spoke_s=0.6)
    assert neither.match.intent is None and not neither.answer.values and not neither.understood


def test_other_values_heard_at_the_phone_question_are_checked(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    """The grammar heard "two thirty in the afternoon" at the phone question as "repair … am": the device
    setup became a screen repair at 11 AM, unchecked since personal digits are left to their grammar."""
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    for text in ("book me a device setup on wednesday", "half past four"):
        assistant.dialogue.respond(session, Transcript(text, "en"))
    assert session.pending is not None and session.pending.expect.secret
    repair = heard_in(assistant, session, "repair eleven am", "pocketsphinx")
    assert second_opinion.wanted(repair, session, spoke_s=1.8)
    said = heard_in(assistant, session, "two thirty in the afternoon", "whisper")
    assert second_opinion.choose(repair, said, session, spoke_s=1.8) is said


def test_a_phone_number_is_checked_and_another_whole_one_from_the_open_recognizer_wins(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    """In noise the grammar heard Piper's "four two four, five five five, zero one three eight" as 424 555
    2438 (confidence 0.006) and the order was stored with it; Whisper heard every digit. Whisper's number
    wins when it is a whole one; a number it heard with a digit missing leaves the grammar's (which the
    skill still checks)."""
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    assistant.dialogue.respond(session, Transcript("i'd like a phone case in silver", "en"))
    assert session.pending is not None and session.pending.expect.slot == "phone"
    wrong = heard_in(assistant, session, "four two four five five five two four three eight", "pocketsphinx")
    assert second_opinion.wanted(wrong, session, spoke_s=3.5)
    right = heard_in(assistant, session, "four two four five five five zero one three eight", "whisper")
    assert second_opinion.choose(wrong, right, session, spoke_s=3.5) is right
    short = heard_in(assistant, session, "four two four five five five one three eight", "whisper")
    assert second_opinion.choose(wrong, short, session, spoke_s=3.5) is wrong
    same = heard_in(assistant, session, "424 555 2438", "whisper")
    assert second_opinion.choose(wrong, same, session, spoke_s=3.5) is wrong


def test_a_phone_number_the_open_recognizer_heard_no_digit_of_is_not_taken(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    """The grammar made Piper's "oh and can I have express delivery" and "oh, hold on, let me find my phone"
    at the phone question 088 9723 8213 and 001 135 948 (confidence 0.005, 0.001), and the orders were
    stored with them; Whisper heard both right. Whisper's reading wins when it has no digit at all; the
    same digits heard by both stand."""
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    assistant.dialogue.respond(session, Transcript("i'd like a blue phone case", "en"))
    assert session.pending is not None and session.pending.expect.slot == "phone"
    made_up = heard_in(
        assistant, session, "oh eight eight nine seven two three eight two one three", "pocketsphinx"
    )
    assert second_opinion.wanted(made_up, session, spoke_s=2.5)
    for said in ("oh and can i have expressed delivery", "oh hold on let me find my phone"):
        remark = heard_in(assistant, session, said, "whisper")
        assert second_opinion.choose(made_up, remark, session, spoke_s=2.5) is remark
    digits = heard_in(assistant, session, "889 723 8213", "whisper")
    kept = second_opinion.choose(made_up, digits, session, spoke_s=2.5)
    assert kept.answer.values["phone"] == made_up.answer.values["phone"]


def test_a_detail_both_recognizers_heard_differently_is_the_open_one_s(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    """espeak's "I want to book a screen repair tomorrow at ten am" was the grammar's "… tomorrow two", a
    template: booked at 2 PM though Whisper heard 10 AM. A detail only one of them heard is no conflict."""
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    two = reading(assistant, "i want to book an screen repair tomorrow two", "pocketsphinx")
    ten = reading(assistant, "i want to book a screen repair tomorrow at 10 am", "whisper")
    assert two.match.slots["time"] == "14:00" and ten.match.slots["time"] == "10:00"
    assert second_opinion.choose(two, ten, session, spoke_s=3.0) is ten
    same = reading(assistant, "i want to book a screen repair tomorrow at 2", "whisper")
    assert second_opinion.choose(two, same, session, spoke_s=3.0) is two
    untimed = reading(assistant, "i want to book a screen repair tomorrow", "whisper")
    assert second_opinion.choose(two, untimed, session, spoke_s=3.0) is two


def test_other_details_only_the_grammar_heard_at_a_question_give_way(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    """At the smart watches' question, "do you have them in gold?" was the grammar's "the m blue bag l"
    (confidence 0.02): the order became six backpacks. An answer that changes more than was asked stands
    only when Whisper heard the same; one that only answers the question keeps the grammar's words."""
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    assistant.dialogue.respond(session, Transcript("i'd like two smart watches", "en"))
    assert session.pending is not None and session.pending.expect.kind == "slot"
    bag = heard_in(assistant, session, "the m blue bag l", "pocketsphinx")
    gold = heard_in(assistant, session, "do you have them in gold", "whisper")
    assert second_opinion.wanted(bag, session, spoke_s=1.5)
    assert second_opinion.choose(bag, gold, session, spoke_s=1.5) is gold
    a_speaker = reading(assistant, "i'd like a bluetooth speaker", "whisper")
    two = reading(assistant, "i'd like two bluetooth speaker", "pocketsphinx")  # in noise
    fresh = assistant.dialogue.new_session("en")
    assert second_opinion.choose(two, a_speaker, fresh, spoke_s=2.0) is a_speaker


def test_a_no_that_would_drop_the_request_is_checked(voice: tuple[Assistant, Recognition, Path]) -> None:
    """The grammar's "nope i'm good" and "abort it" (confidence near zero) for answers at the colour and
    phone questions dropped the order being made: a no or a cancel there is asked about, and Whisper's
    answer wins."""
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    assistant.dialogue.respond(session, Transcript("i'd like a bluetooth speaker", "en"))
    nope = checked(assistant, session, "nope i'm good", "the blue one please", "no thanks", spoke_s=0.8)
    assert second_opinion.drops(nope, session)
    confirming_it = confirming(assistant, "i'd like a blue bluetooth speaker", "no phone")
    stop = heard_in(assistant, confirming_it, "stop", "pocketsphinx")
    total = heard_in(assistant, confirming_it, "uh let me see so that's the total", "whisper")
    assert second_opinion.choose(stop, total, confirming_it, spoke_s=2.0) is total
    yeah = heard_in(assistant, confirming_it, "yeah", "whisper")
    assert second_opinion.choose(stop, yeah, confirming_it, spoke_s=2.0) is stop  # never a yes only it heard


def test_a_correction_whisper_heard_in_the_grammar_s_no_is_taken(
    voice: tuple[Assistant, Recognition, Path],
) -> None:
    """At the size question for three t-shirts, espeak's "no, make it two" was the grammar's "nah thank you"
    (confidence 0.01) and the order was dropped; Whisper heard the correction. Its "make it too" is two."""
    assistant, _, _ = voice
    session = assistant.dialogue.new_session("en")
    assistant.dialogue.respond(session, Transcript("i'd like three white t-shirts", "en"))
    nah = heard_in(assistant, session, "nah thank you", "pocketsphinx")
    assert second_opinion.drops(nah, session)
    for said in ("no make it two", "actually no make it too"):
        two = heard_in(assistant, session, said, "whisper")
        assert two.answer.values.get("quantity") == 2, said
        assert second_opinion.choose(nah, two, session, spoke_s=1.5) is two, said
    nope = heard_in(assistant, session, "no thanks", "whisper")
    assert second_opinion.choose(nah, nope, session, spoke_s=1.5) is nah  # a no both heard
