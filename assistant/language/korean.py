"""Korean particles chosen by the sound the noun ends in, and counters.

A particle depends on whether the last syllable has a final consonant (받침): 무선 이어폰**은**,
백팩**은**, 셔츠**는**. Digits and Latin letters are read aloud to decide (3 → 삼: 받침; 2 → 이: none;
M → 엠: 받침; S → 에스: none); a bracketed aside after a noun is skipped (``백팩 (44.99달러)을``), and the
closing bracket or quote of a bracketed word alone (``(14.99달러)를``).
"""

from __future__ import annotations

import re

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_ASIDE = re.compile(r"\s*\([^()]*\)$")
"""A bracketed aside after a noun ("백팩 (44.99달러)"), which the particle skips."""
_RIEUL = 8
"""Index of ㄹ among the final consonants: (으)로 takes 로 after it (서울로, 엘로)."""

_DIGIT_FINALS = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
"""Final consonant index of each digit read in Sino-Korean (영 일 이 삼 사 오 육 칠 팔 구)."""
_PLACE_FINALS = {10: 17, 100: 1, 1000: 4, 10000: 4}
"""십 백 천 만: the reading of a round number ends in its place name."""
_LATIN_FINALS = {
    **dict.fromkeys(
        "ACDEFGHIJKOPQSTUVWXYZ", 0
    ),  # 에이 씨 디 이 에프 쥐 에이치 아이 제이 케이 오 피 큐 에스 티…
    "B": 0,
    "L": 8,  # 엘
    "M": 16,  # 엠
    "N": 4,  # 엔
    "R": 8,  # 알
}

PARTICLES: dict[str, tuple[str, str]] = {
    "은": ("은", "는"),
    "는": ("은", "는"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "을": ("을", "를"),
    "를": ("을", "를"),
    "과": ("과", "와"),
    "와": ("과", "와"),
    "이랑": ("이랑", "랑"),
    "랑": ("이랑", "랑"),
    "으로": ("으로", "로"),
    "로": ("으로", "로"),
    "이에요": ("이에요", "예요"),
    "예요": ("이에요", "예요"),
    "이라고": ("이라고", "라고"),
    "라고": ("이라고", "라고"),
    "이나": ("이나", "나"),
    "나": ("이나", "나"),
    "이고": ("이고", "고"),
    "고": ("이고", "고"),
}
"""Either form of a particle → (form after a final consonant, form after a vowel)."""

COUNTERS = {"clothing": "벌", "shoes": "켤레"}
"""Counter word by product category; everything else is counted with 개."""


def final_consonant(word: str) -> int | None:
    """Index (1–27) of the final consonant the word is pronounced with, 0 for none, None if unknown."""
    noun = _ASIDE.sub("", word.rstrip(" .,"))  # "무선 이어폰 (59.99달러)": the particle is the earbuds'
    text = (noun or word).rstrip(" )]}'\"」』.,")
    if not text:
        return None
    last = text[-1]
    if _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        return (ord(last) - _HANGUL_FIRST) % 28
    if last.isdigit():
        return _number_final(text)
    if last.isascii() and last.isalpha():
        return _LATIN_FINALS.get(last.upper(), 0)
    return None


def _number_final(text: str) -> int:
    digits = ""
    for ch in reversed(text):
        if not ch.isdigit():
            break
        digits = ch + digits
    value = int(digits)
    if value == 0 or value % 10:
        return _DIGIT_FINALS[digits[-1]]
    for place in (10000, 1000, 100, 10):
        if value % place == 0:
            return _PLACE_FINALS[place]
    return 0  # unreachable: a non-zero multiple of 10 has a place above


def particle(word: str, form: str) -> str:
    """The form of particle ``form`` (either spelling, e.g. ``을`` or ``를``) that follows ``word``."""
    with_final, after_vowel = PARTICLES[form]
    final = final_consonant(word)
    if final is None:
        return f"{with_final}({after_vowel})" if with_final != "으로" else "(으)로"
    if with_final == "으로":
        return "로" if final in (0, _RIEUL) else "으로"
    return with_final if final else after_vowel


def attach(word: str, form: str) -> str:
    """``word`` followed by the right form of particle ``form``: ``attach("백팩", "는")`` → ``백팩은``."""
    return word + particle(word, form)


def counted(quantity: int, noun: str, category: str | None = None) -> str:
    """``티셔츠 2벌``, ``운동화 1켤레``, ``무선 이어폰 2개``."""
    return f"{noun} {quantity}{COUNTERS.get(category or '', '개')}"
