"""A sentence naming two languages asks for the one it does not refuse (``assistant/nlu/language_asked.py``),
read by the real engine."""

from __future__ import annotations

import pytest

from assistant.nlu.engine import Nlu


@pytest.mark.parametrize(
    ("text", "lang", "wanted"),
    [
        ("sorry, I don't speak Korean. English please", "en", "en"),
        ("I don't understand Korean, can we use English", "en", "en"),
        ("I don't speak English well, Korean please", "en", "ko"),
        ("한국어 말고 영어로 해 주세요", "ko", "en"),
        ("영어 못해요 한국어로 해 주세요", "ko", "ko"),
        ("english please", "en", "en"),
        ("english is hard, korean please", "en", "ko"),
        ("한국말 잘 못해요 english please", "ko", "en"),
    ],
)
def test_the_language_not_refused_is_asked_for(nlu: Nlu, text: str, lang: str, wanted: str) -> None:
    match = nlu.parse(text, lang)
    assert match.intent == "dialog.language" and match.slots.get("language") == wanted
