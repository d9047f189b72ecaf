"""Numbers as words, the way speech engines write them (the inverse of ``parse_number``).

Recognizer grammars are built from words, never digits: ``number_words(2, "en") == ["two"]``,
``number_words(2, "ko") == ["두", "둘", "이"]``, ``digit_words("4821", "ko") == "사 팔 이 일"``.
"""

from __future__ import annotations

from assistant.slots.numeral_words import EN_TENS, EN_UNITS, KO_NATIVE_TENS, KO_SINO_DIGITS
from assistant.slots.regex import is_korean

__all__ = ["digit_words", "number_words"]

_EN_UNITS = {v: w for w, v in EN_UNITS.items()}
_EN_TENS = {v: w for w, v in EN_TENS.items()}
_KO_SINO = {v: w for w, v in KO_SINO_DIGITS.items() if w != "륙"}
_KO_TENS_STANDALONE = {v: w for w, v in KO_NATIVE_TENS.items() if w != "스무"}
_KO_UNITS_STANDALONE = {
    1: "하나",
    2: "둘",
    3: "셋",
    4: "넷",
    5: "다섯",
    6: "여섯",
    7: "일곱",
    8: "여덟",
    9: "아홉",
}
_KO_UNITS_ATTRIBUTIVE = {**_KO_UNITS_STANDALONE, 1: "한", 2: "두", 3: "세", 4: "네"}
"""Native forms before a counter (``두 개``, ``세 시``)."""


def _en_below_thousand(n: int) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_EN_UNITS[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_EN_TENS[n - n % 10])
        n %= 10
    if n or not words:
        words.append(_EN_UNITS[n])
    return words


def _en_words(n: int) -> str:
    if n < 1000:
        return " ".join(_en_below_thousand(n))
    words: list[str] = []
    for scale, name in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")):
        if n >= scale:
            if scale > 1_000_000:
                raise ValueError(f"{n} is too large to say")
            words += [*_en_below_thousand(n // scale), name]
            n %= scale
    if n:
        words += _en_below_thousand(n)
    return " ".join(words)


def _ko_sino_below_10000(n: int) -> str:
    out = ""
    for place, name in ((1000, "천"), (100, "백"), (10, "십")):
        if n >= place:
            digit = n // place
            out += ("" if digit == 1 else _KO_SINO[digit]) + name
            n %= place
    return out + (_KO_SINO[n] if n else "")


def _ko_sino(n: int) -> str:
    """Sino-Korean reading, written without spaces (``이십일``, ``삼만오천``)."""
    if n == 0:
        return "영"
    if n >= 100_000_000:
        raise ValueError(f"{n} is too large to say")
    high, low = divmod(n, 10_000)
    out = ""
    if high:
        out = ("" if high == 1 else _ko_sino_below_10000(high)) + "만"
    return out + (_ko_sino_below_10000(low) if low else "")


def _ko_native(n: int, attributive: bool) -> str:
    """Native Korean 1..99 (``스물다섯``; attributive ``스물한``, ``스무``)."""
    tens, units = divmod(n, 10)
    if attributive and n == 20:
        return "스무"
    head = _KO_TENS_STANDALONE[tens * 10] if tens else ""
    tail = (_KO_UNITS_ATTRIBUTIVE if attributive else _KO_UNITS_STANDALONE)[units] if units else ""
    return head + tail


def number_words(n: int, lang: str) -> list[str]:
    """Ways to say ``n`` (≥ 0), most usual first.

    en: one form (``21`` → ``["twenty one"]``). ko: native forms before a counter and standalone,
    then Sino-Korean (``2`` → ``["두", "둘", "이"]``); numbers from 100 up are Sino-Korean only.
    """
    if n < 0:
        raise ValueError(f"negative number {n}")
    if not is_korean(lang):
        return [_en_words(n)]
    forms: list[str] = []
    if 1 <= n <= 99:
        forms += [_ko_native(n, attributive=True), _ko_native(n, attributive=False)]
    forms.append(_ko_sino(n))
    if n == 0:
        forms.append("공")
    return list(dict.fromkeys(forms))


def digit_words(digits: str, lang: str) -> str:
    """An identifier read digit by digit: ``"4821"`` → ``"four eight two one"`` / ``"사 팔 이 일"``."""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a digit string: {digits!r}")
    if is_korean(lang):
        return " ".join("공" if d == "0" else _KO_SINO[int(d)] for d in digits)
    return " ".join(_EN_UNITS[int(d)] for d in digits)
