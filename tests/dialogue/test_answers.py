"""Reading an utterance against the question pending: plain yes and no, waits, and where a sentence holds
one request or two (``assistant.dialogue.answers``, ``assistant.dialogue.requests``)."""

from __future__ import annotations

import pytest

from assistant.dialogue.answers import AnswerReader
from assistant.dialogue.requests import _SPLIT, _STUBS, _pieces
from assistant.text import normalize
from tests.support.conversation import Conversation


@pytest.mark.parametrize(
    ("text", "lang", "opening"),
    [
        ("no, that's fine", "en", "no"),
        ("nope i'm good", "en", "no"),
        ("no problem go ahead", "en", None),
        ("yes but make it two", "en", "yes"),
        ("네네", "ko", "yes"),
        ("ㅇㅇ", "ko", "yes"),
        ("아니요 괜찮아요", "ko", "no"),
        ("white please", "en", None),
    ],
)
def test_a_plain_yes_or_no_opening_an_answer(text: str, lang: str, opening: str | None) -> None:
    assert AnswerReader.opening(normalize(text), lang) == opening


def test_asking_for_a_moment_with_an_interjection() -> None:
    assert AnswerReader.is_wait(normalize("아 잠깐만요"), "ko")
    assert AnswerReader.is_wait("hold on", "en")
    assert not AnswerReader.is_wait("hold on to my order", "en")


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("can I also book a battery replacement", ["can I also book a battery replacement"]),
        ("what are your hours and where are you", ["what are your hours", "where are you"]),
        ("wait, how much is shipping?", ["wait", "how much is shipping"]),
    ],
)
def test_a_sentence_is_cut_only_where_a_request_can_end(text: str, pieces: list[str]) -> None:
    assert _pieces(text, _SPLIT["en"], _STUBS["en"], []) == pieces


def test_no_at_the_staff_question_opens_no_ticket(en: Conversation) -> None:
    reply = en.say("my delivery came two days late last time")
    assert reply.expect is not None and reply.expect.kind == "confirm"
    reply = en.say("no, that's fine")
    assert "ticket" not in reply.text.lower()
    assert en.dialogue.store.tickets() == []


def test_no_phone_at_the_confirmation_drops_the_phone(ko: Conversation) -> None:
    ko.say("휴대폰 충전기 하나 주세요")
    assert "0187" in ko.say("010-5432-0187").text
    reply = ko.say("아 그냥 전화번호 없이 할게요")
    assert "0187" not in reply.text and reply.expect is not None and reply.expect.kind == "confirm"
