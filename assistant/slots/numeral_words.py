"""The words of numbers, English and Korean: units, tens and scales, digit words, Korean numerals and
counters, and words that only look like numbers (data for ``numbers`` and ``spoken``)."""

from __future__ import annotations

__all__ = [
    "AMBIGUOUS_ALONE",
    "EN_DIGIT_ONLY",
    "EN_REPEAT",
    "EN_SCALES",
    "EN_TENS",
    "EN_UNITS",
    "KO_COUNTERS",
    "KO_DETERMINERS",
    "KO_NATIVE_TENS",
    "KO_NATIVE_UNITS",
    "KO_PLACES",
    "KO_SINO_DIGITS",
    "KO_STOP",
    "KO_ZERO",
]


# --- English vocabulary ---------------------------------------------------------------------------

_EN_UNIT_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
EN_UNITS: dict[str, int] = {w: i for i, w in enumerate(_EN_UNIT_WORDS)}
EN_TENS: dict[str, int] = {w: 10 * i for i, w in enumerate(_EN_TENS_WORDS, 2)}
EN_SCALES = {"thousand": 1000, "million": 1_000_000}
EN_DIGIT_ONLY = {"oh": "0", "o": "0"}
EN_REPEAT = {"double": 2, "triple": 3}

# --- Korean vocabulary ----------------------------------------------------------------------------

KO_NATIVE_TENS: dict[str, int] = {
    "열": 10,
    "스물": 20,
    "스무": 20,
    "서른": 30,
    "마흔": 40,
    "쉰": 50,
    "예순": 60,
    "일흔": 70,
    "여든": 80,
    "아흔": 90,
}
KO_NATIVE_UNITS: dict[str, int] = {
    "하나": 1,
    "한": 1,
    "둘": 2,
    "두": 2,
    "셋": 3,
    "세": 3,
    "석": 3,
    "넷": 4,
    "네": 4,
    "넉": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
}
KO_SINO_DIGITS: dict[str, int] = {
    "일": 1,
    "이": 2,
    "삼": 3,
    "사": 4,
    "오": 5,
    "육": 6,
    "륙": 6,
    "칠": 7,
    "팔": 8,
    "구": 9,
}
KO_PLACES = {"십": 10, "백": 100, "천": 1000}
KO_ZERO = ("영", "공")
KO_COUNTERS: tuple[str, ...] = (
    "켤레",
    "개월",
    "시간",
    "마리",
    "가지",
    "인분",
    "개",
    "대",
    "명",
    "벌",
    "잔",
    "병",
    "권",
    "장",
    "시",
    "분",
    "번",
    "일",
    "월",
    "원",
    "인",
    "살",
    "주",
)
"""Counters that may follow (or be glued to) a Korean number; they are ignored."""
KO_STOP = frozenset({"이번", "이분", "사장", "세일", "이대로"})
"""Words that look like number + counter but are ordinary words (``이번`` = "this time")."""
KO_DETERMINERS = frozenset({"한", "두", "세", "네", "서", "석", "너", "넉", "스무"})
"""Native numerals that only count before a counter (``네 개``): alone, ``네`` is "yes", ``세`` or ``한``
hardly a number."""

# --- either language ------------------------------------------------------------------------------

AMBIGUOUS_ALONE = frozenset({"a", "an", "일", "이", "사", "오", "구", "네", "한", "만", "천", "백", "십"})
"""Spans that ``find_number`` ignores: in free text they are usually not numbers."""
