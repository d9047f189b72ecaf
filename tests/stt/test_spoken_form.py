"""Whisper's written text as spoken words for the NLU: numbers, times, money and abbreviations."""

from __future__ import annotations

import pytest

from assistant.stt.spoken_form import spoken_form


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Where is my order 4821?", "where is my order four eight two one"),
        ("10 of clubs.", "ten of clubs"),
        ("8 of spades, 4 of close, 7 of hearts.", "eight of spades four of close seven of hearts"),
        ("Please cancel my order for 822", "please cancel my order for eight two two"),
        ("2 1 3 5 5 5 0 1 8 7", "two one three five five five zero one eight seven"),
        ("my number ends in 0187", "my number ends in zero one eight seven"),
        ("a 500 page book", "a five hundred page book"),
        ("I want 3T shirts in size large", "i want three t shirts in size large"),
        ("Book a repair tomorrow at 3 p.m.", "book a repair tomorrow at three pm"),
        ("fix it at 3pm?", "fix it at three pm"),
        ("at 10 am", "at ten am"),
        ("at 2:30", "at two thirty"),
        ("at 2:05", "at two oh five"),
        ("at 2:00", "at two o'clock"),
        ("It costs $5.99", "it costs five dollars ninety nine"),
        ("only $1", "only one dollar"),
        ("$1,200 in total", "one thousand two hundred dollars in total"),
        ("15% off", "fifteen percent off"),
        ("on the 3rd", "on the third"),
        ("the 21st of May", "the twenty first of may"),
        ("version 2.5", "version two point five"),
        ("And Mr. John Dashwood", "and mister john dashwood"),
        ("rather cold-hearted", "rather cold hearted"),
        ("I'd like black & white", "i'd like black and white"),
    ],
)
def test_english_written_forms_become_the_words_said(written: str, spoken: str) -> None:
    assert spoken_form(written, "en") == spoken


def test_other_languages_are_only_lower_cased_and_stripped() -> None:
    assert spoken_form("네, 맞아요!", "ko") == "네 맞아요"
    assert spoken_form("Order 10", "ko") == "order 10"
