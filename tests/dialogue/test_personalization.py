"""Returning customers: identity check, history-based recommendations, preferences and language.

Real skills, real NLU and real SQLite files. The demo store's customers: Alex Kim (loyalty number
654321, phone ending 0123, prefers English, bought T-shirts and a phone case; likes size M, navy,
casual) and Jimin Park (123456, phone ending 0187, prefers Korean, bought wireless earbuds and
running shoes; likes white, size 260, sporty).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from assistant.dialogue.manager import Dialogue
from assistant.messages import Expect
from assistant.store import SqliteStore
from tests.support.conversation import Conversation

SECRET = Expect("slot", "phone_last4", secret=True)
LOCKED = Expect("confirm", secret=True)
"""Locked: a member of staff is offered; digits said to that question are still kept out of the log."""
ALEX = {"en": "my loyalty number is 6 5 4 3 2 1", "ko": "제 회원번호는 육 오 사 삼 이 일이에요"}
JIMIN = {
    "en": "my loyalty number is one two three four five six",
    "ko": "제 회원번호는 일 이 삼 사 오 육이에요",
}
ALEX_DIGITS = {"en": "zero one two three", "ko": "공 일 이 삼"}
JIMIN_DIGITS = {"en": "zero one eight seven", "ko": "공 일 팔 칠"}
WRONG = {
    "en": ["one two three four", "nine nine nine nine", "five five five five"],
    "ko": ["일 이 삼 사", "구구구구", "오 오 오 오"],
}
YES = {"en": "yes", "ko": "네"}
RECOMMEND = {"en": "what would you recommend for me", "ko": "뭐 추천해 주세요"}
# What would give away the demo customers' history or stored preferences, in either language.
PERSONAL = {
    "en": (
        "because you bought",
        "since you like",
        "navy",
        "casual",
        "size M",
        "white",
        "sporty",
        "260",
        "earbuds",
    ),
    "ko": (
        "사셔서",
        "좋아하셔서",
        "네이비",
        "캐주얼",
        "M 사이즈",
        "흰색",
        "스포티",
        "260",
        "무선 이어폰",
        "운동화",
    ),
}


def assert_nothing_personal(text: str) -> None:
    leaked = [word for words in PERSONAL.values() for word in words if word.lower() in text.lower()]
    assert not leaked, f"{leaked} revealed in {text!r}"


def verify(customer: Conversation, name: dict[str, str], digits: dict[str, str], lang: str) -> str:
    """Say the loyalty number (in ``lang``) and the last four digits; returns the welcome."""
    asked = customer.say(name[lang])
    assert asked.expect == SECRET and asked.lang == lang
    assert_nothing_personal(asked.text)
    welcome = customer.say(digits[lang])
    assert welcome.expect == Expect("confirm") and welcome.lang == customer.session.lang
    return welcome.text


def test_a_verified_customer_gets_recommendations_from_their_purchases_with_the_reason(
    en: Conversation, ko: Conversation
) -> None:
    assert "verified" in verify(en, ALEX, ALEX_DIGITS, "en")
    reply = en.say(YES["en"])
    assert reply.text.startswith("Because you bought the t-shirt, you might like the navy hoodie")
    assert "phone case" not in reply.text  # bought already, and not consumable
    assert en.say(RECOMMEND["en"]).text == reply.text  # asked again later: same, deterministic

    assert "확인됐어요" in verify(ko, JIMIN, JIMIN_DIGITS, "ko")
    reply = ko.say(YES["ko"])
    assert reply.lang == "ko"
    assert reply.text.startswith("지난번에 무선 이어폰을 사셔서 블루투스 스피커")
    assert "운동화" not in reply.text


def test_identifying_by_phone_number_asks_the_loyalty_numbers_end(en: Conversation) -> None:
    """The phone's last four digits were just said: they prove nothing (a stranger who knew Alex's number
    was told what Alex bought); the end of the loyalty number does."""
    asked = en.say("my phone number is two one three five five five zero one two three")
    assert asked.expect == SECRET and "loyalty number" in asked.text
    assert "doesn't match" in en.say(ALEX_DIGITS["en"]).text
    assert "verified" in en.say("four three two one").text
    assert "you bought the t-shirt" in en.say(RECOMMEND["en"]).text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_without_verification_nothing_personal_is_used_or_said(
    lang: str, dialogue: Dialogue, store: SqliteStore
) -> None:
    customer = Conversation(dialogue, dialogue.new_session(lang))
    generic = customer.say(RECOMMEND[lang])
    assert_nothing_personal(generic.text)
    profile = customer.say("what are my preferences" if lang == "en" else "제 취향 알려 주세요")
    assert profile.expect == Expect("slot", "customer_number", secret=True)
    assert_nothing_personal(profile.text)
    customer.say("cancel" if lang == "en" else "취소")
    # A known loyalty number with wrong digits: the same replies as an unknown number, then a lock.
    stranger = Conversation(dialogue, dialogue.new_session(lang))
    unknown = ["my loyalty number is 9 9 9 9 9 9" if lang == "en" else "제 회원번호는 구구구구구구예요"]
    replies = [customer.say(text) for text in [JIMIN[lang], *WRONG[lang]]]
    others = [stranger.say(text) for text in [*unknown, *WRONG[lang]]]
    assert [r.text for r in replies] == [r.text for r in others]
    for reply in replies:
        assert_nothing_personal(reply.text)
    assert replies[-1].expect == LOCKED  # locked: a member of staff is offered
    jimin = store.customer_by_loyalty("123456")
    assert jimin is not None and store.verification_lock(f"customer:{jimin.id}") is not None
    customer.say("no" if lang == "en" else "아니요")
    assert_nothing_personal(customer.say(JIMIN_DIGITS[lang]).text)  # even the right digits now
    later = customer.say(RECOMMEND[lang])
    assert later.text == generic.text and customer.session.customer_id is None


# Per language: who, how they identify, what they say they like, and what the next session shows.
PREFERENCE_CASES = {
    "en": ("654321", ALEX, ALEX_DIGITS, "I like red", "I wear size L", "L", "the red running shoes"),
    "ko": (
        "123456",
        JIMIN,
        JIMIN_DIGITS,
        "저는 빨간색 좋아해요",
        "270 신어요",
        "270",
        "빨간색 블루투스 스피커",
    ),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_preferences_are_stored_after_verification_and_used_in_the_next_session(
    lang: str, dialogue: Dialogue, store: SqliteStore
) -> None:
    loyalty, name, digits, like_red, size_said, size, shown = PREFERENCE_CASES[lang]
    before = store.customer_by_loyalty(loyalty)
    assert before is not None and before.preferences.color != "red"
    first = Conversation(dialogue, dialogue.new_session(lang))
    noted = first.say(like_red)  # before verification: kept in this session only
    assert noted.expect is None and store.customer_by_loyalty(loyalty) == before
    offer = verify(first, name, digits, lang)
    assert ("red" if lang == "en" else "빨간색") in offer
    first.say(YES[lang])
    assert store.customer_by_loyalty(loyalty).preferences.color == "red"  # type: ignore[union-attr]
    confirm = first.say(size_said)
    assert confirm.expect == Expect("confirm") and size in confirm.text
    first.say(YES[lang])
    after = store.customer_by_loyalty(loyalty)
    assert (
        after is not None
        and after.preferences.size == size
        and after.preferences.style == before.preferences.style
    )

    second = Conversation(dialogue, dialogue.new_session(lang))
    verify(second, name, digits, lang)
    assert shown in second.say(YES[lang]).text


def test_preferences_are_read_back_only_after_verification(en: Conversation) -> None:
    asked = en.say("what are my preferences")
    assert asked.expect == Expect("slot", "customer_number", secret=True)
    en.say("six five four three two one")
    reply = en.say(ALEX_DIGITS["en"])
    assert reply.text.startswith("You told me you like size M, navy and casual style.")


def test_a_customer_talking_in_one_language_keeps_it_and_a_switch_is_remembered(
    en: Conversation, dialogue: Dialogue, store: SqliteStore
) -> None:
    """Strangers' chats (2026-12-05, 2026-12-06): Jimin's record prefers Korean, and typing "my loyalty
    number is one two three…" in English switched her to Korean. The words she uses decide."""
    welcome = verify(en, JIMIN, JIMIN_DIGITS, "en")
    assert en.session.lang == "en" and "verified" in welcome and "한국어" not in welcome
    switched = en.say("English please")
    assert switched.lang == "en"
    assert store.customer_by_loyalty("123456").lang == "en"  # type: ignore[union-attr]
    ko = Conversation(dialogue, dialogue.new_session("ko"))
    back = verify(ko, JIMIN, JIMIN_DIGITS, "ko")
    assert ko.session.lang == "ko" and "English" not in back


def test_a_few_words_in_another_language_do_not_change_the_preferred_one(
    dialogue: Dialogue, store: SqliteStore
) -> None:
    """A stranger's chat (2026-12-05): Jimin (prefers Korean) verified in Korean and said "ok thanks";
    her record then preferred English, and her next visit went on in English."""
    ko = Conversation(dialogue, dialogue.new_session("ko"))
    verify(ko, JIMIN, JIMIN_DIGITS, "ko")
    ko.say("ok thanks")
    assert store.customer_by_loyalty("123456").lang == "ko"  # type: ignore[union-attr]
    again = Conversation(dialogue, dialogue.new_session("ko"))
    welcome = verify(again, JIMIN, JIMIN_DIGITS, "ko")
    assert again.session.lang == "ko" and "English" not in welcome


def test_a_customer_who_has_been_talking_keeps_their_language(en: Conversation) -> None:
    """A stranger's chat (2026-12-05): after asking in English about a lost order number, a customer whose
    record prefers Korean was switched to Korean, and "I don't speak Korean, English please" kept it."""
    en.say("hi, I ordered something last week but I lost the order number")
    welcome = verify(en, JIMIN, JIMIN_DIGITS, "en")
    assert en.session.lang == "en" and "verified" in welcome and "한국어" not in welcome
    back = en.say("sorry, I don't speak Korean. English please")
    assert back.lang == "en" and en.session.lang == "en"


def test_loyalty_numbers_and_digits_never_reach_the_log(en: Conversation, store: SqliteStore) -> None:
    verify(en, ALEX, ALEX_DIGITS, "en")
    logged = " ".join(f"{i.text} {i.reply}" for i in store.interactions())
    assert "6 5 4 3 2 1" not in logged and "654321" not in logged and "zero one two three" not in logged


def test_export_and_delete_cover_loyalty_number_and_preferences(store: SqliteStore) -> None:
    alex = store.customer_by_loyalty("654321")
    assert alex is not None
    store.record_verification_failure(f"customer:{alex.id}", 3, timedelta(minutes=10))
    data = store.customer_data("213-555-0123")
    assert data.customer is not None and data.customer.loyalty_number == "654321"
    assert data.customer.preferences.items() == {"size": "M", "color": "navy", "style": "casual"}
    assert [subject for subject, _ in data.verifications] == [f"customer:{alex.id}"]
    report = store.forget_customer("2135550123")
    assert (report.customers, report.preferences, report.verifications) == (1, 3, 1)
    assert store.customer_by_loyalty("654321") is None
