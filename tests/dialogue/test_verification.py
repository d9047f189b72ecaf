"""Identity checks before order and booking details: real skills, real NLU, real SQLite files."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.dialogue.manager import Dialogue, DialogueSettings
from assistant.dialogue.verification import VerificationPolicy
from assistant.messages import Expect
from assistant.nlu.engine import Nlu
from assistant.plugins import SkillRegistry
from assistant.store import SqliteStore, StoreLocation
from tests.support.clock import Clock
from tests.support.conversation import Conversation

SECRET = Expect("slot", "phone_last4", secret=True)
LOCKED = Expect("confirm", secret=True)
"""Locked: a member of staff is offered; digits said to that question are still kept out of the log."""
# What order 4821 (shipped, 1 black wireless earbuds, due tomorrow) would give away, per language.
SECRETS_OF_4821 = {
    "en": ("shipped", "tomorrow", "earbuds", "arrive", "November", "Saturday"),
    "ko": ("발송", "내일", "이어폰", "도착", "11월", "토요일"),
}
WRONG = {
    "en": ["one two three four", "nine nine nine nine", "five five five five"],
    "ko": ["일 이 삼 사", "구구구구", "오 오 오 오"],
}
RIGHT = {"en": "zero one eight seven", "ko": "공 일 팔 칠"}
ASK_4821 = {"en": "where is my order 4821", "ko": "주문 번호 4821번 상태 확인해 주세요"}


def chat(registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock, lang: str) -> Conversation:
    dialogue = Dialogue(registry, nlu, store, clock, DialogueSettings(handoff_after=2))
    return Conversation(dialogue, dialogue.new_session(lang))


def assert_hidden(text: str, lang: str) -> None:
    leaked = [word for word in SECRETS_OF_4821[lang] if word in text]
    assert not leaked, f"{leaked} revealed in {text!r}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_wrong_digits_never_reveal_the_order_then_a_cool_down_offers_staff(
    lang: str, registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock
) -> None:
    customer = chat(registry, nlu, store, clock, lang)
    reply = customer.say(ASK_4821[lang])
    assert reply.expect == SECRET and reply.lang == lang
    assert_hidden(reply.text, lang)
    replies = [customer.say(text) for text in WRONG[lang]]
    for reply in replies:
        assert_hidden(reply.text, lang)
    assert [r.expect for r in replies[:2]] == [SECRET, SECRET]
    assert ("doesn't match" if lang == "en" else "일치하지 않아요") in replies[0].text
    locked = replies[2]
    assert locked.expect == LOCKED and ("10 minutes" if lang == "en" else "10분") in locked.text
    assert_hidden(customer.say(RIGHT[lang]).text, lang)  # even the right answer is refused now
    reply = customer.say(ASK_4821[lang])
    assert_hidden(reply.text, lang)
    assert reply.expect == LOCKED
    done = customer.say("yes" if lang == "en" else "네")
    tickets = store.tickets()
    assert done.expect is None and len(tickets) == 1 and tickets[0].reason == "verification_locked"
    assert str(tickets[0].id) in done.text and (
        "4821" not in done.text
    )  # staff take over: nothing asked again


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_right_digits_reveal_and_the_order_stays_verified(
    lang: str, registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock
) -> None:
    customer = chat(registry, nlu, store, clock, lang)
    customer.say(ASK_4821[lang])
    wrong = customer.say(WRONG[lang][0])
    assert_hidden(wrong.text, lang)
    reply = customer.say(RIGHT[lang])
    assert reply.expect is None and SECRETS_OF_4821[lang][0] in reply.text and "4821" in reply.text
    again = customer.say(ASK_4821[lang])
    assert again.expect is None and SECRETS_OF_4821[lang][0] in again.text
    # the earlier wrong answer is forgotten after the right one
    assert store.verification_lock("order:4821") is None


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_whole_phone_number_on_record_proves_the_order_and_another_never_does(
    lang: str, registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock
) -> None:
    customer = chat(registry, nlu, store, clock, lang)
    customer.say(ASK_4821[lang])
    for other in ("213 555 0123", "999 555 0187", "2135550187 1"):  # 4822's, the right last four, one more
        reply = customer.say(other)
        assert reply.expect == SECRET, other
        assert_hidden(reply.text, lang)
    assert store.verification_lock("order:4821") is None
    reply = customer.say("1 213 555 0187")
    assert reply.expect is None and SECRETS_OF_4821[lang][0] in reply.text


def test_unknown_and_real_order_numbers_get_the_same_replies(
    registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock
) -> None:
    def replies(order_id: int) -> list[str]:
        customer = chat(registry, nlu, store, clock, "en")
        said = [customer.say(f"where is my order {order_id}"), *(customer.say(w) for w in WRONG["en"])]
        return [re.sub(str(order_id), "N", r.text) for r in said]

    assert store.order(9876) is None
    assert replies(4821) == replies(9876)


def test_the_cool_down_survives_a_new_session_and_a_restart(
    tmp_path: Path, registry: SkillRegistry, nlu: Nlu, clock: Clock
) -> None:
    db = tmp_path / "kiosk.db"
    with SqliteStore.open(db, clock=clock) as store:
        first = chat(registry, nlu, store, clock, "en")
        first.say("where is my order 4821")
        for wrong in WRONG["en"]:
            first.say(wrong)
    clock.advance(60)
    with SqliteStore.open(db, clock=clock) as store:  # the kiosk restarted; a new customer walks up
        second = chat(registry, nlu, store, clock, "en")
        reply = second.say("where is my order 4821")
        assert reply.expect == LOCKED and "9 minutes" in reply.text
        assert_hidden(second.say("no").text, "en")
        assert_hidden(second.say(RIGHT["en"]).text, "en")
    clock.advance(9 * 60)
    with SqliteStore.open(db, clock=clock) as store:
        third = chat(registry, nlu, store, clock, "en")
        assert third.say("where is my order 4821").expect == SECRET
        assert "shipped" in third.say(RIGHT["en"]).text


def test_attempts_and_cool_down_come_from_the_settings(
    registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock
) -> None:
    policy = VerificationPolicy(max_attempts=1, cooldown=timedelta(minutes=2))
    dialogue = Dialogue(registry, nlu, store, clock, DialogueSettings(verification=policy))
    customer = Conversation(dialogue, dialogue.new_session("en"))
    customer.say("where is my order 4822")
    assert "2 minutes" in customer.say("one two three four").text
    clock.advance(121)
    customer.say("no")
    assert customer.say("where is my order 4822").expect == SECRET
    assert "being prepared" in customer.say("zero one two three").text


def test_answers_to_the_question_never_reach_the_log_or_a_ticket(
    en: Conversation, store: SqliteStore
) -> None:
    en.say("cancel order 4822")
    en.say("zero one two three")
    en.say("no")
    en.say("where is my order 4821")
    en.say("it's 0187")
    en.say("I want to talk to a human")
    logged = " ".join(i.text for i in store.interactions(en.session.id))
    transcript = store.tickets()[0].transcript
    for text in (logged, transcript):
        assert "0123" not in text and "zero one two three" not in text and "0187" not in text
        assert text.count("[DIGITS]") == 2


def test_orders_and_bookings_made_in_the_session_count_as_verified(
    en: Conversation, ko: Conversation, store: SqliteStore
) -> None:
    en.say("I'd like a phone charger")
    en.say("213 555 0199")
    en.say("yes")
    reply = en.say("where is my order 5001")
    assert reply.expect is None and "5001" in reply.text and "placed" in reply.text
    ko.say("내일 오후 세 시에 화면 수리 예약하고 싶어요")
    ko.say("010 1234 5678")
    ko.say("네")
    assert ko.say("1번 예약 취소해 주세요").expect == Expect("confirm")
    assert "취소했어요" in ko.say("네").text


def test_another_customer_must_prove_a_booking_and_a_receipt_code_works_instead_of_a_phone(
    registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock
) -> None:
    booked = chat(registry, nlu, store, clock, "en")
    booked.say("book a screen repair tomorrow at 3 pm")
    booked.say("no phone")
    done = booked.say("yes")
    booking = store.booking(1)
    assert booking is not None and booking.customer_phone is None and booking.receipt_code is not None
    assert booking.receipt_code in done.text
    stranger = chat(registry, nlu, store, clock, "en")
    reply = stranger.say("cancel booking number 1")
    assert reply.expect == SECRET and "screen repair" not in reply.text
    wrong = stranger.say("one two three four" if booking.receipt_code != "1234" else "four three two one")
    assert "doesn't match" in wrong.text and "screen repair" not in wrong.text
    assert store.booking(1).status == "booked"  # type: ignore[union-attr]
    assert "screen repair" in stranger.say(" ".join(booking.receipt_code)).text
    assert "cancelled" in stranger.say("yes").text and store.booking(1).status == "cancelled"  # type: ignore[union-attr]


def test_delivery_date_of_a_named_order_needs_the_digits_too(en: Conversation) -> None:
    reply = en.say("when will order 4821 arrive")
    assert reply.expect == SECRET
    assert_hidden(reply.text, "en")
    assert "tomorrow" in en.say("zero one eight seven").text
    assert "standard delivery" in en.say("what are your delivery options").text


@pytest.mark.parametrize(("lang", "pair"), [("en", "zero one"), ("ko", "공 일")])
def test_while_the_question_is_open_the_recognizer_listens_for_digits(
    lang: str, pair: str, registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock
) -> None:
    from assistant.config import Config
    from assistant.voice.recognition import Recognition

    speech = Recognition(Config(db=StoreLocation.parse(store.path)), registry, store, nlu)
    customer = chat(registry, nlu, store, clock, lang)
    everything = speech.grammar(lang, customer.session)
    customer.say(ASK_4821[lang])
    digits = speech.grammar(lang, customer.session)
    assert digits is not everything and pair in digits.phrases
    assert len(digits.phrases) < len(everything.phrases)
    jsgf = digits.jsgf(lambda word: True)
    assert "<slot_digit_" in jsgf and ("staff" if lang == "en" else "직원") in jsgf  # a way out


@pytest.mark.parametrize(
    ("lang", "ask", "past"),
    [("en", "when is booking number 1", "was a screen repair"), ("ko", "1번 예약 언제예요", "예약이었어요")],
)
def test_a_booking_already_past_is_told_in_the_past(
    lang: str, ask: str, past: str, registry: SkillRegistry, nlu: Nlu, store: SqliteStore, clock: Clock
) -> None:
    booked = chat(registry, nlu, store, clock, "en")
    booked.say("book a screen repair tomorrow at 3 pm")
    booked.say("no phone")
    booked.say("yes")
    booking = store.booking(1)
    assert booking is not None and booking.receipt_code is not None
    clock.advance(3 * 24 * 3600)
    later = chat(registry, nlu, store, clock, lang)
    assert later.say(ask).expect == SECRET
    told = later.say(" ".join(booking.receipt_code)).text
    assert past in told and "1" in told
