"""The ``amount`` slot list: a spending limit is a number with its limit words ("under 30 dollars",
"30달러 이하"); a number alone is none."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.nlu.slot_lists import AmountList, SlotEnv


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("en", "can you suggest a gift under 15 dollars", 15),
        ("en", "anything under a hundred bucks", 100),
        ("en", "something up to fifty", 50),
        ("en", "no more than 20 dollars please", 20),
        ("ko", "삼십 달러 이하로 추천해 주세요", 30),
        ("ko", "30달러 이하 선물", 30),
        ("ko", "20불 아래로 뭐 있어요", 20),
        ("en", "a gift for my 12 year old niece", None),
        ("en", "i want 2 t-shirts", None),
        ("ko", "이어폰 두 개 주세요", None),
    ],
)
def test_a_limit_needs_its_limit_words(lang: str, text: str, value: int | None) -> None:
    found = AmountList().find(text, SlotEnv(lang, date(2026, 11, 28)))
    assert (found.value if found is not None else None) == value


def test_a_whole_span_parses_and_the_grammar_has_phrases_of_it() -> None:
    amounts, env = AmountList(), SlotEnv("en", date(2026, 11, 28))
    assert amounts.parse("under twenty dollars", env) == 20
    assert amounts.parse("twenty dollars", env) is None
    assert all(amounts.parse(p, env) for p in amounts.phrases("en"))
    assert all(amounts.parse(p, SlotEnv("ko", env.today)) for p in amounts.phrases("ko"))
