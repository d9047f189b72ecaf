"""How times are said: the noon hour in Korean is 낮 12시 (a Korean tester flagged "오후 12시" as wrong)."""

from __future__ import annotations

from datetime import time

import pytest

from assistant.formatting import clock


@pytest.mark.parametrize(
    ("value", "lang", "said"),
    [
        (time(12, 0), "ko", "낮 12시"),
        (time(12, 30), "ko", "낮 12시 30분"),
        (time(11, 0), "ko", "오전 11시"),
        (time(15, 0), "ko", "오후 3시"),
        (time(0, 30), "ko", "오전 12시 30분"),
        (time(12, 0), "en", "12 PM"),
        (time(9, 30), "en", "9:30 AM"),
    ],
)
def test_clock(value: time, lang: str, said: str) -> None:
    assert clock(value, lang) == said
