"""The ``Found`` result and the span search shared by the ``find_*`` slot functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.slots.regex import is_korean

MAX_SPAN = 80
"""Longest span (in characters) a ``find_*`` function considers."""

_PARTICLE_BASES = (
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "에서",
    "에는",
    "에도",
    "로",
    "으로",
    "도",
    "만",
    "까지",
    "부터",
    "와",
    "과",
    "랑",
    "이랑",
    "하고",
    "의",
    "씩",
    "짜리",
    "쯤",
    "정도",
    "께",
    "경",
    "이나",
    "나",
    "이면",
    "면",
    "밖에",
    "이고",
    "고",
    "인데",
    "이라고",
    "라고",
    "이라구",
    "라구",
    "이라니까",  # "두 시라니까요": I said two o'clock
    "라니까",
    "이요",
    "이에요",
    "예요",
    "에요",
    "입니다",
    "이야",
    "야",
)
_STACKED = tuple(
    first + then
    for first in ("씩", "쯤", "정도", "까지", "부터", "짜리", "만")
    for then in ("이요", "이에요", "예요", "에요", "입니다", "이고", "이라고", "으로", "로", "은", "는")
)
"""A particle after a particle ("하나씩이요", "세시쯤이요": each one, at about three)."""
PARTICLES = frozenset(_PARTICLE_BASES + tuple(p + "요" for p in _PARTICLE_BASES) + ("요",) + _STACKED)
"""Korean particles and endings that may be glued to the end of a slot span."""

_WORD = re.compile(r"\S*")
_COPULAS = frozenset({"이요", "이에요", "입니다", "이고", "이야", "이고요", "이야요", "이라고"})


@dataclass(frozen=True)
class Found:
    """A slot value found in a sentence, with its character span."""

    value: object
    """``int``, ``str``, ``datetime.date`` or ``datetime.time``."""
    start: int
    end: int


def _has_batchim(ch: str) -> bool:
    """True when ``ch`` (a Hangul syllable, or a digit read in Sino-Korean) ends in a consonant."""
    code = ord(ch) - 0xAC00
    return (0 <= code < 11172 and code % 28 != 0) or ch in "013678"


def copula_in_span(text: str, start: int, end: int) -> bool:
    """Whether the span ``text[start:end]`` ends in the 이 of a copula that the rest of the word goes on with
    ("회원번호 일이삼사오육이요": 육 ends in a consonant, so 이요 is "is", not the digit 2 and 요), as the
    spans found here prefer."""
    rest = text[end:].split(maxsplit=1)[0] if text[end : end + 1].strip() else ""
    return (
        end - start >= 2 and text[end - 1] == "이" and _has_batchim(text[end - 2]) and "이" + rest in _COPULAS
    )


def _starts(text: str) -> Iterator[int]:
    """Token start positions."""
    for i, ch in enumerate(text):
        if not ch.isspace() and (i == 0 or text[i - 1].isspace()):
            yield i


def _ends(text: str, start: int, korean: bool) -> list[int]:
    """Candidate span ends after ``start``, best first.

    A span ends at a token end or, in Korean, where the rest of the word is a particle. A copula
    (``이요``, ``입니다``...) after a syllable with a final consonant is preferred; else longest first.
    """
    scored: list[tuple[bool, int]] = []
    word_end = start
    for end in range(start + 1, min(len(text), start + MAX_SPAN) + 1):
        if text[end - 1].isspace():
            continue
        if end == len(text) or text[end].isspace():
            scored.append((False, end))
            continue
        if not korean:
            continue
        if word_end < end:
            match = _WORD.match(text, end)
            word_end = match.end() if match else end
        rest = text[end:word_end]
        if rest.startswith("번") and (rest[1:] in PARTICLES or not rest[1:]):
            rest = rest[1:] or "요"  # "4822번", "4822번이요": the counter of numbers (order 4822)
        if rest in PARTICLES:
            scored.append((rest in _COPULAS and _has_batchim(text[end - 1]), end))
    scored.sort(key=lambda item: (not item[0], -item[1]))
    return [end for _, end in scored]


def search(
    text: str,
    pattern: re.Pattern[str],
    parse: Callable[[str], object | None],
    lang: str,
    keep: Callable[[int, int], bool] | None = None,
) -> Found | None:
    """Leftmost-longest span of ``text`` that ``pattern`` matches entirely and ``parse`` accepts.

    ``keep(start, end)``, when given, can veto a parsed span (e.g. one that needs context).
    """
    korean = is_korean(lang)
    for start in _starts(text):
        if pattern.match(text, start) is None:
            continue
        for end in _ends(text, start, korean):
            if pattern.fullmatch(text, start, end) is None:
                continue
            value = parse(text[start:end])
            if value is not None and (keep is None or keep(start, end)):
                return Found(value, start, end)
    return None
