"""Text normalization shared by the template parser, the matchers and the slot parsers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")
_DROP = re.compile(r"[^\w\s'%:\-]")
_SPACES = re.compile(r"\s+")
_PM_AM = re.compile(r"\b([ap])\.\s?m\.?", re.IGNORECASE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_SLASH_DATE = re.compile(r"(?<![\d/])(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])(?:/(\d{4}))?(?![\d/])")
"""A date written month first with slashes ("12/14", "12/14/2026"), which would read as a time once the
slash is gone ("12 14"): said as words instead."""
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MAX_CHARS = 1000
"""Longer inputs are cut: no customer request is this long, and it bounds matching cost."""


_TIMES_COUNT = re.compile(r"(?<![\w.])x ?(\d{1,2})(?![\w.])|(?<![\w.])(\d{1,2}) ?x(?![\w.])")
"""A count written with a times sign ("earbuds white x2", "screen protector x 3", "2x hoodie"): the number
(it was not understood at all)."""
_ISH = re.compile(
    r"\b(\d{1,2}(?::\d\d)?(?:am|pm)?|noon|midday|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve)-?ish\b"
)
"""A time said roughly ("noon-ish", "5ish", "tenish"): the time (it was not understood, and "noon-ish, or 1
if not" stopped the booking)."""
_GLUED_COUNT = re.compile(
    r"((?:\d|[한두세네섯곱덟홉열])\s?(?:개|벌|켤레|장|대)만?)(?=주세요|줘요|줘|주십시오|부탁|할게요|살게요)"
)
"""A Korean count written together with the verb ("두개주세요", "두벌만주세요"): spaced, or the count was
lost ("세개 아니 두개주세여" kept three)."""


def normalize(text: str) -> str:
    """Lowercase, NFKC, unify apostrophes, drop punctuation and control characters, collapse spaces.

    Apostrophes (``i'd``), hyphens (``twenty-one``), ``%`` and ``:`` (``3:30``) are kept.
    """
    text = unicodedata.normalize("NFKC", text[: MAX_CHARS * 2]).translate(_APOSTROPHES)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = _PM_AM.sub(lambda m: f"{m.group(1).lower()}m", text)
    text = _SLASH_DATE.sub(_date_words(has_hangul(text)), text)
    text = _DROP.sub(" ", text.lower()).replace("_", " ")
    text = re.sub(r"(?<!\d):|:(?!\d)", " ", text)
    text = re.sub(r"(?<!\w)['\-]+|['\-]+(?!\w)", " ", text)
    text = _GLUED_COUNT.sub(r"\1 ", _ISH.sub(r"\1", text))
    text = _TIMES_COUNT.sub(lambda m: f" {m[1] or m[2]} ", text)
    return _SPACES.sub(" ", text).strip()[:MAX_CHARS]


def _date_words(korean: bool) -> Callable[[re.Match[str]], str]:
    def said(date: re.Match[str]) -> str:
        month, day, year = int(date[1]), int(date[2]), date[3]
        if korean:
            return f"{f'{year}년 ' if year else ''}{month}월 {day}일"
        return f"{_MONTHS[month - 1]} {day}{f' {year}' if year else ''}"

    return said


def has_hangul(text: str) -> bool:
    """True when ``text`` contains Hangul syllables or letters ("ㅇㅇ" typed for yes)."""
    return bool(_HANGUL.search(text))


def text_language(text: str, current: str) -> str:
    """Language of a typed line: Korean when it has Hangul, else English (unless it is ambiguous)."""
    if has_hangul(text):
        return "ko"
    return "en" if any(ch.isalpha() for ch in text) else current
